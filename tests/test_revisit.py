"""Revisit schedule and conditional GET: unchanged pages cost a 304 and no parse."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pipeline.config import Settings
from pipeline.errors import ConfigError
from pipeline.job import run_daily
from pipeline.lake import read_partition
from pipeline.revisit import FetchHistory, due_revisits, parse_schedule

T0 = datetime(2026, 5, 1, 9, tzinfo=UTC)


def history(first: datetime, last: datetime, gone: bool = False) -> dict[str, FetchHistory]:
    return {"u": FetchHistory("u", first, last, '"e1"', None, gone)}


def test_parse_schedule() -> None:
    assert parse_schedule(["1d", "6h", "30m", "2w"]) == (
        timedelta(minutes=30), timedelta(hours=6), timedelta(days=1), timedelta(weeks=2))
    with pytest.raises(ConfigError):
        parse_schedule(["soon"])


def test_due_when_a_step_passed_since_last_fetch() -> None:
    steps = parse_schedule(["1h", "1d", "3d"])
    assert due_revisits(history(T0, T0), T0 + timedelta(hours=2), steps) == ["u"]
    assert due_revisits(history(T0, T0 + timedelta(hours=2)), T0 + timedelta(hours=20),
                        steps) == []
    assert due_revisits(history(T0, T0 + timedelta(hours=2)), T0 + timedelta(days=1, hours=1),
                        steps) == ["u"]
    assert due_revisits(history(T0, T0 + timedelta(days=3, hours=1)), T0 + timedelta(days=9),
                        steps) == []
    assert due_revisits(history(T0, T0, gone=True), T0 + timedelta(days=1), steps) == []


def test_second_day_uses_conditional_get(sample_settings: Settings) -> None:
    first, second = date(2026, 6, 1), date(2026, 6, 2)
    run_daily(sample_settings, first, "r1")
    counts = run_daily(sample_settings, second, "r2")
    fetches = read_partition(sample_settings.lake, "fetches", second).to_pandas()
    articles = fetches[fetches["role"] == "article"]
    assert set(articles["outcome"]) == {"not_modified"}
    assert counts["articles"] == 0 and counts["updates"] == 0
    day_one = read_partition(sample_settings.lake, "fetches", first).to_pandas()
    assert day_one[day_one["role"] == "article"]["etag"].notna().all()
