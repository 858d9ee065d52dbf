"""Backfill: date ranges from external WARCs and the raw archive, idempotent and restartable."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.backfill import backfill
from pipeline.config import Settings
from pipeline.lake import read_partition
from pipeline.schema import TABLES, load_schema
from tests.conftest import REPO

SITE = REPO / "pipeline" / "sample" / "site"
PAGES = sorted(p for p in SITE.rglob("*.html") if "quarterly" not in p.name)
DAY0 = date(2026, 7, 1)


def write_ccnews(path: Path, *, days: int = 3, version: str = "1.1", extra: bool = True,
                 copies: int = 1) -> Path:
    """A CC-NEWS-like archive: sample pages captured over several days, plus odd records."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True, warc_version=version)
        for copy in range(copies):
            for n, page in enumerate(PAGES):
                day = DAY0 + timedelta(days=n % days)
                at = datetime(day.year, day.month, day.day, 10, n, copy, tzinfo=UTC)
                url = f"https://courier.example/{page.parent.name}/{copy}-{page.name}"
                body = page.read_bytes().replace(b"{{BASE_URL}}", b"https://courier.example")
                if copy:
                    body = body.replace(b"{{BASE_URL}}", b"https://courier.example")
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                           protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    url, "response", payload=io.BytesIO(body), length=len(body),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Date": at.strftime("%Y-%m-%dT%H:%M:%SZ")})
                writer.write_record(record)
        if extra:
            at = DAY0.strftime("%Y-%m-%dT09:00:00Z")
            other = PAGES[0].read_bytes()
            record = writer.create_warc_record(
                "https://elsewhere.example/a", "response", payload=io.BytesIO(other),
                length=len(other), http_headers=StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": at})
            writer.write_record(record)
            revisit = writer.create_revisit_record(
                "https://courier.example/world/x", digest="sha1:AAAA",
                refers_to_uri="https://courier.example/world/y", refers_to_date=at)
            writer.write_record(revisit)
            resource = PAGES[1].read_bytes()
            record = writer.create_warc_record(
                "https://courier.example/resource/page", "resource",
                payload=io.BytesIO(resource), length=len(resource),
                warc_content_type="text/html", warc_headers_dict={"WARC-Date": at})
            writer.write_record(record)
    return path


def tables(settings: Settings, days: int = 3) -> dict[str, pd.DataFrame]:
    out = {}
    for table in TABLES:
        frames = [read_partition(settings.lake, table, DAY0 + timedelta(days=d)).to_pandas()
                  for d in range(days)]
        out[table] = pd.concat(frames, ignore_index=True)
    return out


def keys(frames: dict[str, pd.DataFrame]) -> dict[str, list]:
    result = {}
    for table, frame in frames.items():
        key = list(load_schema(table).primary_key)
        assert not frame.duplicated(key).any(), f"duplicate key in {table}"
        result[table] = sorted(map(tuple, frame[key].to_numpy().tolist()))
    return result


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(lake=str(tmp_path / "lake"), raw=str(tmp_path / "raw"))


def test_backfill_routes_records_by_capture_date(settings: Settings, tmp_path: Path) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz")
    summary = backfill(settings, DAY0, DAY0 + timedelta(days=2), "b1",
                       warc_globs=[str(warc)], source="ccnews", sites=["courier.example"])
    assert summary.skipped == {"other_site": 1}
    frames = tables(settings)
    assert len(frames["articles"]) == len(PAGES) + 1  # the resource record is a page too
    per_day = frames["articles"]["fetched_at"].dt.date.value_counts()
    assert len(per_day) == 3
    assert set(frames["articles"]["source"]) == {"ccnews"}
    # published date and capture date are kept apart
    assert (frames["articles"]["published_at"].dt.date != frames["articles"]["fetched_at"]
            .dt.date).any()


def test_cli_prints_counts_and_peak_memory(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    warc = write_ccnews(tmp_path / "cc.warc.gz")
    code = main(["backfill", "--from", str(DAY0), "--to", str(DAY0 + timedelta(days=2)),
                 "--warc", str(warc), "--source", "ccnews", "--site", "courier.example",
                 "--lake", str(tmp_path / "lake"), "--raw", str(tmp_path / "raw"),
                 "--workers", "2"])
    out = capsys.readouterr().out
    assert code == 0
    assert f"pages in  {len(PAGES) + 1:>8}" in out
    assert "skipped          1  other_site" in out
    merging, largest_worker = (float(n) for n in re.findall(
        r"peak memory: (\d+) MB merging, (\d+) MB in the largest parse worker", out)[0])
    assert 0 < merging < 2048 and 0 < largest_worker < 2048


def test_same_backfill_twice_and_overlapping_ranges_are_identical(settings: Settings,
                                                                  tmp_path: Path) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz", copies=2)
    end = DAY0 + timedelta(days=2)
    backfill(settings, DAY0, end, "b1", warc_globs=[str(warc)], source="ccnews")
    first = keys(tables(settings))
    backfill(settings, DAY0, end, "b2", warc_globs=[str(warc)], source="ccnews", workers=2)
    assert keys(tables(settings)) == first
    backfill(settings, DAY0 + timedelta(days=1), end + timedelta(days=3), "b3",
             warc_globs=[str(warc)], source="ccnews")
    backfill(settings, DAY0, DAY0, "b4", source="ccnews")  # registered archive, no --warc
    assert keys(tables(settings)) == first


def test_warc_1_0_and_broken_archives(settings: Settings, tmp_path: Path) -> None:
    good = write_ccnews(tmp_path / "old.warc.gz", version="1.0", extra=False)
    data = good.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) // 2])
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"\x1f\x8b\x08\x00garbage" * 10)
    summary = backfill(settings, DAY0, DAY0 + timedelta(days=2), "b1",
                       warc_globs=[str(good), str(cut), str(junk)], source="ccnews")
    frames = tables(settings)
    assert len(frames["articles"]) == len(PAGES)
    assert summary.rejects, "truncated and corrupt archives become rejects"
    assert set(frames["rejects"]["stage"]) == {"archive"}


def test_daily_raw_archive_is_reparsed_without_network(settings: Settings, tmp_path: Path
                                                       ) -> None:
    from pipeline.archive import WarcArchive
    from pipeline.models import RawPage

    raw = Path(settings.raw) / "courier" / f"ingest_date={DAY0}" / "run1.warc.gz"
    raw.parent.mkdir(parents=True)
    with WarcArchive(raw) as archive:
        for page in PAGES[:3]:
            url = f"https://courier.example/{page.name}"
            archive.write_exchange("GET", [], RawPage(
                url=url, final_url=url, status=200, headers=(("Content-Type", "text/html"),),
                body=page.read_bytes(), fetched_at=datetime(2026, 7, 2, 0, 5, tzinfo=UTC),
                source="courier"))
    backfill(settings, DAY0, DAY0 + timedelta(days=2), "b1", source="courier")
    # fetched just after midnight for the day before: stays in its partition
    assert len(read_partition(settings.lake, "articles", DAY0)) == 3
    assert len(read_partition(settings.lake, "articles", DAY0 + timedelta(days=1))) == 0


@pytest.mark.slow
def test_kill_9_then_rerun_equals_uninterrupted(tmp_path: Path) -> None:
    warc = write_ccnews(tmp_path / "cc.warc.gz", copies=6)
    reference = Settings(lake=str(tmp_path / "ref"), raw=str(tmp_path / "refraw"))
    end = DAY0 + timedelta(days=2)
    backfill(reference, DAY0, end, "ref", warc_globs=[str(warc)], source="ccnews")
    expected = keys(tables(reference))

    lake, raw = tmp_path / "lake", tmp_path / "raw"
    command = [sys.executable, "-m", "pipeline", "backfill", "--from", str(DAY0), "--to",
               str(end), "--warc", str(warc), "--source", "ccnews", "--lake", str(lake),
               "--raw", str(raw), "--workers", "1", "--batch-pages", "5"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    victim = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    staging = lake / "_staging" / "backfill"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(staging.rglob("batch-00003")):
        time.sleep(0.05)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    assert list(staging.rglob("batch-*")), "killed before it staged anything"
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    settings = Settings(lake=str(lake), raw=str(raw))
    assert keys(tables(settings)) == expected
    assert not [p for p in staging.rglob("*.parquet")], "no leftovers after the rerun"
