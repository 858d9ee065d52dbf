"""Revisions: each article's versions in observed order, turned into update rows.

Revision rows (first_seen, content_changed, removed, redirected) are derived from the
versions in the lake: each row belongs to the partition of the observation it describes
and compares it with the observation just before it in time. Writing a partition reads
only the articles it holds (a filter on article_id), and when it inserts a version older
than one already stored (a backfill), it re-derives the revision rows of the later
partitions for those articles only, so the table stays consistent and nothing is counted
twice.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from pipeline import PARSER_VERSION
from pipeline.normalize import stable_id
from pipeline.rows import ArticleRow, QuoteRow, UpdateRow

COMPARED = ("title", "description", "body_text", "authors", "section", "published_at",
            "modified_at", "image_url")
REVISION_KINDS = ("first_seen", "content_changed", "removed", "redirected")
PARTITIONING = ds.partitioning(pa.schema([("ingest_date", pa.string())]), flavor="hive")


@dataclass(frozen=True)
class Observation:
    """One sighting of an article: a version, its removal (404/410) or a redirect away."""

    article_id: str
    observed_at: datetime
    ingest_date: str
    kind: str  # version | removed | redirected
    content_hash: str | None = None
    fields: tuple[tuple[str, Any], ...] = ()
    target: str | None = None  # where a redirect led

    def field(self, name: str) -> Any:
        return dict(self.fields).get(name)


@dataclass(frozen=True)
class Gone:
    """A URL that answered 404/410, or redirected to another article, in this batch."""

    url: str
    observed_at: datetime
    kind: str  # removed | redirected
    target: str | None = None


def open_dataset(lake: str | Path, table: str) -> ds.Dataset | None:
    root = Path(lake) / table
    if not root.exists() or not any(root.glob("ingest_date=*/*.parquet")):
        return None
    return ds.dataset(root, format="parquet", partitioning=PARTITIONING,
                      exclude_invalid_files=True)


def isin(column: str, values: Iterable[str]) -> ds.Expression:
    """A membership filter typed as strings, so an empty list is a valid (false) filter."""
    return ds.field(column).isin(pa.array(sorted(set(values)), type=pa.string()))


def read_matching(dataset: ds.Dataset, columns: Sequence[str], key_columns: Sequence[str],
                  condition: ds.Expression) -> pa.Table:
    """The rows matching a filter on key columns, with wide columns read only where needed.

    A filter on ids cannot skip row groups, so a one-pass scan would decompress every
    partition's wide columns (body text) to throw nearly all of it away: memory and time
    would grow with the lake. The keys are scanned first; the wide columns are then read
    from the partitions that hold a match only, usually none in a backfill of new articles.
    """
    keys = dataset.to_table(columns=[*key_columns, "ingest_date"], filter=condition)
    if keys.num_rows == 0:
        return dataset.schema.empty_table().select(list(columns))
    dates = keys.column("ingest_date").unique()
    return dataset.to_table(columns=list(columns),
                            filter=condition & ds.field("ingest_date").isin(dates))


def _normal(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _version(row: dict[str, Any], ingest_date: str) -> Observation:
    return Observation(
        article_id=row["article_id"], observed_at=row["fetched_at"], ingest_date=ingest_date,
        kind="version", content_hash=row["content_hash"],
        fields=tuple((name, row.get(name)) for name in COMPARED),
    )


def load_stored_versions(
    lake: str | Path, article_ids: Iterable[str], urls: Iterable[str], skip_date: str
) -> tuple[list[Observation], dict[str, str]]:
    """Stored versions of the given articles (all partitions but one), and url -> article_id.

    Only keys and hashes are read: an article captured many times would otherwise bring
    every capture's body text into memory. ``load_version_fields`` fills in the compared
    fields of the few versions a revision row is derived from.
    """
    dataset = open_dataset(lake, "articles")
    ids, wanted_urls = sorted(set(article_ids)), sorted(set(urls))
    if dataset is None or not (ids or wanted_urls):
        return [], {}
    keys = isin("article_id", ids) | isin("url", wanted_urls) | isin("final_url", wanted_urls)
    condition = (ds.field("ingest_date") != skip_date) & keys
    columns = ["article_id", "content_hash", "fetched_at", "ingest_date", "url", "final_url"]
    rows = dataset.to_table(columns=columns, filter=condition).to_pylist()
    by_url: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r["fetched_at"]):
        by_url[row["url"]] = by_url[row["final_url"]] = row["article_id"]
    return [Observation(row["article_id"], row["fetched_at"], row["ingest_date"], "version",
                        row["content_hash"]) for row in rows], by_url


VersionKey = tuple[str, str, datetime, str | None]


def version_key(obs: Observation) -> VersionKey:
    return obs.article_id, obs.ingest_date, obs.observed_at, obs.content_hash


def load_version_fields(lake: str | Path, versions: Iterable[Observation], skip_date: str
                        ) -> dict[VersionKey, Observation]:
    """The given stored versions with their compared fields, keyed by ``version_key``."""
    wanted = {version_key(o) for o in versions}
    dataset = open_dataset(lake, "articles")
    if dataset is None or not wanted:
        return {}
    condition = ((ds.field("ingest_date") != skip_date)
                 & isin("article_id", [k[0] for k in wanted])
                 & isin("ingest_date", [k[1] for k in wanted]))
    columns = ["article_id", "content_hash", "fetched_at", "ingest_date", *COMPARED]
    found: dict[VersionKey, Observation] = {}
    # The filter already names the partitions, so one scan reads only those (no key pass).
    for row in dataset.to_table(columns=columns, filter=condition).to_pylist():
        version = _version(row, row["ingest_date"])
        if version_key(version) in wanted:
            found[version_key(version)] = version
    return found


def load_stored_gone(lake: str | Path, article_ids: Iterable[str], skip_date: str
                     ) -> list[Observation]:
    """Stored removed/redirected observations of these articles (from the updates table)."""
    dataset = open_dataset(lake, "updates")
    ids = sorted(set(article_ids))
    if dataset is None or not ids:
        return []
    condition = ((ds.field("ingest_date") != skip_date) & isin("article_id", ids)
                 & isin("kind", ["removed", "redirected"]))
    table = dataset.to_table(columns=["article_id", "kind", "observed_at", "note",
                                      "ingest_date"], filter=condition)
    return [Observation(r["article_id"], r["observed_at"], r["ingest_date"], r["kind"],
                        target=r["note"]) for r in table.to_pylist()]


def load_quote_texts(lake: str | Path, versions: Sequence[tuple[str, str]], skip_date: str
                     ) -> dict[str, list[str]]:
    """Quote texts of the given (article_id, content_hash) versions, keyed by content hash."""
    dataset = open_dataset(lake, "quotes")
    if dataset is None or not versions:
        return {}
    condition = ((ds.field("ingest_date") != skip_date)
                 & isin("article_id", sorted({a for a, _ in versions}))
                 & isin("content_hash", sorted({h for _, h in versions})))
    table = read_matching(dataset, ["content_hash", "text"], ["article_id", "content_hash"],
                          condition)
    texts: dict[str, list[str]] = {}
    for row in table.to_pylist():
        texts.setdefault(row["content_hash"], []).append(row["text"])
    return texts


def count_changed_chars(before: str, after: str) -> tuple[int, int]:
    """Characters added and removed between two texts, compared paragraph by paragraph."""
    old, new = before.split("\n\n"), after.split("\n\n")
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += sum(len(p) for p in old[i1:i2])
        if tag in ("replace", "insert"):
            added += sum(len(p) for p in new[j1:j2])
    return added, removed


def transitions(timeline: Sequence[Observation]
                ) -> Iterator[tuple[Observation, str, Observation | None]]:
    """(observation, row kind, last version before it) for each observation that makes a row."""
    last: Observation | None = None  # last version seen
    state = "absent"  # absent | present | removed | redirected
    for obs in timeline:
        if obs.kind == "version":
            if last is None:
                yield obs, "first_seen", None
            elif obs.content_hash != last.content_hash:
                yield obs, "content_changed", last
            last, state = obs, "present"
        elif obs.kind in ("removed", "redirected") and last is not None and state != obs.kind:
            yield obs, obs.kind, last
            state = obs.kind


def derive_rows(timeline: Sequence[Observation], quotes: dict[str, list[str]], run_id: str
                ) -> list[tuple[str, UpdateRow]]:
    """Revision rows of one article's observations in time order, with their partitions."""
    rows: list[tuple[str, UpdateRow]] = []
    for obs, kind, last in transitions(timeline):
        hash_before = last.content_hash if last else None
        if kind == "first_seen":
            row = _row(obs, kind, run_id, hash_after=obs.content_hash)
        elif kind == "content_changed":
            assert last is not None
            changed = tuple(n for n in COMPARED if _normal(obs.field(n)) != _normal(last.field(n)))
            added, removed = count_changed_chars(last.field("body_text") or "",
                                                 obs.field("body_text") or "")
            old = set(quotes.get(last.content_hash or "", []))
            new = set(quotes.get(obs.content_hash or "", []))
            row = _row(obs, kind, run_id, hash_before=hash_before, hash_after=obs.content_hash,
                       fields_changed=changed, chars=(added, removed),
                       quote_counts=(len(new - old), len(old - new)))
        else:
            row = _row(obs, kind, run_id, hash_before=hash_before, note=obs.target)
        rows.append((obs.ingest_date, row))
    return rows


def _row(obs: Observation, kind: str, run_id: str, *, hash_before: str | None = None,
         hash_after: str | None = None, note: str | None = None,
         fields_changed: tuple[str, ...] = (), chars: tuple[int | None, int | None] = (None, None),
         quote_counts: tuple[int | None, int | None] = (None, None)) -> UpdateRow:
    return UpdateRow(
        # no clock in the id: a rerun of the same partition gives the same ids
        update_id=stable_id("update", obs.article_id, kind, hash_before, hash_after,
                            obs.target, obs.ingest_date),
        article_id=obs.article_id,
        kind=kind,
        observed_at=obs.observed_at,
        stated_at=None,
        stated_precision=None,
        note=note,
        fields_changed=fields_changed,
        chars_added=chars[0],
        chars_removed=chars[1],
        quotes_added=quote_counts[0],
        quotes_removed=quote_counts[1],
        hash_before=hash_before,
        hash_after=hash_after,
        run_id=run_id,
        parser_version=PARSER_VERSION,
    )


@dataclass
class Repair:
    """Changes to another partition's updates: re-derived revision rows, notes moved out."""

    article_ids: set[str]
    rows: list[UpdateRow]
    drop_ids: set[str]


@dataclass(frozen=True)
class RevisionPlan:
    """Revision rows for the partition being written, and repairs of other partitions."""

    rows: list[UpdateRow]
    repairs: dict[str, Repair]  # ingest_date -> repair
    known_notes: set[str]  # in-page note ids already stored in an earlier partition


def load_stored_notes(lake: str | Path, article_ids: Iterable[str], skip_date: str
                      ) -> dict[str, str]:
    """update_id -> ingest_date of in-page note rows already stored for these articles."""
    dataset = open_dataset(lake, "updates")
    if dataset is None:
        return {}
    condition = ((ds.field("ingest_date") != skip_date) & isin("article_id", article_ids)
                 & ~isin("kind", REVISION_KINDS))
    table = dataset.to_table(columns=["update_id", "ingest_date"], filter=condition)
    notes: dict[str, str] = {}
    for row in table.to_pylist():  # the earliest partition holding a note owns it
        if row["update_id"] not in notes or row["ingest_date"] < notes[row["update_id"]]:
            notes[row["update_id"]] = row["ingest_date"]
    return notes


def plan_revisions(
    lake: str | Path,
    ingest_date: date,
    articles: Sequence[ArticleRow],
    quotes: Sequence[QuoteRow],
    gone: Sequence[Gone],
    run_id: str,
    note_ids: Sequence[str] = (),
) -> RevisionPlan:
    """Derive the revision rows of a batch against everything stored for its articles."""
    day = ingest_date.isoformat()
    stored, by_url = load_stored_versions(
        lake, [a.article_id for a in articles], [g.url for g in gone], day
    )
    batch_by_url = {a.url: a.article_id for a in articles}
    batch_by_url.update({a.final_url: a.article_id for a in articles})
    timelines: dict[str, list[Observation]] = {}
    for obs in stored:
        timelines.setdefault(obs.article_id, []).append(obs)
    for article in articles:
        values = {name: getattr(article, name) for name in COMPARED}
        values.update(article_id=article.article_id, content_hash=article.content_hash,
                      fetched_at=article.fetched_at)
        timelines.setdefault(article.article_id, []).append(_version(values, day))
    for item in gone:
        article_id = by_url.get(item.url)
        target_id = batch_by_url.get(item.target or "")
        if article_id is None or (item.kind == "redirected" and target_id == article_id):
            continue  # never seen as an article, or a redirect to the same article
        timelines.setdefault(article_id, []).append(
            Observation(article_id, item.observed_at, day, item.kind, target=item.target))
    for obs in load_stored_gone(lake, list(timelines), day):
        timelines[obs.article_id].append(obs)
    emitted: dict[str, set[str]] = {}  # article -> partitions whose revision rows are written
    pairs: list[tuple[Observation, Observation]] = []  # content changes among those rows
    for article_id, timeline in timelines.items():
        timeline.sort(key=lambda o: (o.observed_at, o.kind != "version", o.content_hash or ""))
        partitions = {day}
        if any(o.ingest_date == day for o in timeline):
            # this batch holds a version older than stored ones: later rows may change
            partitions |= {o.ingest_date for o in timeline if o.ingest_date > day}
        emitted[article_id] = partitions
        pairs.extend((last, obs) for obs, kind, last in transitions(timeline)
                     if kind == "content_changed" and last is not None
                     and obs.ingest_date in partitions)
    # Only the two sides of a content change are compared field by field: read those alone.
    full = load_version_fields(lake, [o for pair in pairs for o in pair if o.ingest_date != day],
                               day)
    for article_id, timeline in timelines.items():
        timelines[article_id] = [full.get(version_key(o), o) for o in timeline]
    needed = [(o.article_id, o.content_hash) for pair in pairs for o in pair
              if o.ingest_date != day and o.content_hash]
    texts = load_quote_texts(lake, needed, day)
    for quote in quotes:
        texts.setdefault(quote.content_hash, []).append(quote.text)
    rows: list[UpdateRow] = []
    repairs: dict[str, Repair] = {}

    def repair(partition: str) -> Repair:
        return repairs.setdefault(partition, Repair(set(), [], set()))

    for article_id, timeline in timelines.items():
        derived = derive_rows(timeline, texts, run_id)
        rows.extend(row for partition, row in derived if partition == day)
        for partition in emitted[article_id] - {day}:
            repair(partition).article_ids.add(article_id)
        for partition, row in derived:
            if partition != day and partition in emitted[article_id]:
                repair(partition).rows.append(row)
    stored_notes = load_stored_notes(lake, [a.article_id for a in articles], day)
    known = set()
    for note_id in note_ids:
        owner = stored_notes.get(note_id)
        if owner is None:
            continue
        if owner < day:
            known.add(note_id)  # seen before: counting it again would double it
        else:
            repair(owner).drop_ids.add(note_id)  # seen first now, in an older version
    return RevisionPlan(rows, repairs, known)
