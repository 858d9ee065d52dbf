"""Revisit schedule: which recently seen articles to fetch again, with what validators."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pyarrow.dataset as ds

from pipeline.errors import ConfigError
from pipeline.fetch import Validators
from pipeline.revisions import open_dataset

# About 1 h, 6 h, 1 day, 3 days and 7 days after first sight: most edits come early.
DEFAULT_SCHEDULE = ("1h", "6h", "1d", "3d", "7d")
DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
         "w": timedelta(weeks=1)}


def parse_schedule(values: Iterable[str]) -> tuple[timedelta, ...]:
    """'1h', '6h', '1d' ... as sorted durations; a bad entry is a config error."""
    durations = []
    for value in values:
        match = DURATION.match(str(value))
        if not match:
            raise ConfigError(f"revisit_after: {value!r} is not a duration like 6h, 1d or 2w")
        durations.append(int(match.group(1)) * UNITS[match.group(2)])
    return tuple(sorted(durations))


@dataclass(frozen=True)
class FetchHistory:
    """What the fetch log says about one article URL."""

    url: str
    first_at: datetime
    last_at: datetime
    etag: str | None
    last_modified: str | None
    gone: bool  # last answer was 404 or 410: no point in coming back

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


def load_fetch_history(lake: str | Path, source: str, before: date, window: timedelta
                       ) -> dict[str, FetchHistory]:
    """Article fetches of a source in the partitions [before - window, before).

    Partition pruning keeps this to a few days of the fetch log, whatever the lake's size.
    """
    dataset = open_dataset(lake, "fetches")
    if dataset is None:
        return {}
    start = (before - timedelta(days=window.days + 1)).isoformat()
    condition = ((ds.field("ingest_date") >= start) & (ds.field("ingest_date") < before.isoformat())
                 & (ds.field("source") == source) & (ds.field("role") == "article"))
    columns = ["url", "outcome", "http_status", "etag", "last_modified", "fetched_at"]
    rows = dataset.to_table(columns=columns, filter=condition).to_pylist()
    history: dict[str, FetchHistory] = {}
    for row in sorted(rows, key=lambda r: r["fetched_at"]):
        if row["outcome"] not in ("fetched", "not_modified", "failed"):
            continue
        old = history.get(row["url"])
        keep_validators = row["outcome"] == "not_modified" and old is not None
        history[row["url"]] = FetchHistory(
            url=row["url"],
            first_at=old.first_at if old else row["fetched_at"],
            last_at=row["fetched_at"],
            etag=old.etag if keep_validators and old else row["etag"],
            last_modified=old.last_modified if keep_validators and old else row["last_modified"],
            gone=row["http_status"] in (404, 410),
        )
    return history


def due_revisits(history: dict[str, FetchHistory], now: datetime,
                 schedule: Sequence[timedelta]) -> list[str]:
    """URLs with a revisit point passed since their last fetch, oldest first."""
    due = []
    for item in history.values():
        if item.gone:
            continue
        if any(item.last_at < item.first_at + step <= now for step in schedule):
            due.append(item)
    return [item.url for item in sorted(due, key=lambda i: (i.first_at, i.url))]
