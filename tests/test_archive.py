"""WARC round trip: pages and outcomes come back as written; corruption becomes an error item."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

from pipeline.archive import FetchOutcome, WarcArchive, read_archive
from pipeline.models import RawPage

WHEN = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)


def page(url: str, body: bytes, status: int = 200) -> RawPage:
    return RawPage(url=url, final_url=url + "?final", status=status,
                   headers=(("Content-Type", "text/html; charset=utf-8"),
                            ("Content-Encoding", "gzip")),
                   body=body, fetched_at=WHEN, source="demo")


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    with WarcArchive(path) as archive:
        archive.write_exchange("GET", [("User-Agent", "t")], page("http://a/1", b"<p>one</p>"))
        archive.write_exchange("GET", [], page("http://a/feed", b"<rss/>"), role="feed")
        archive.write_outcome(FetchOutcome("http://a/2", "disallowed", "robots_txt", at=WHEN))
    items = list(read_archive(path))
    assert [i.role for i in items if i.page] == ["article", "feed"]
    first = items[0].page
    assert first is not None
    assert first.body == b"<p>one</p>" and first.status == 200
    assert first.final_url == "http://a/1?final" and first.fetched_at == WHEN
    assert first.source == "demo" and first.warc_record_id
    # stored bodies are decoded, so the transfer encoding must not be claimed
    assert first.header("content-encoding") is None
    outcome = items[2].outcome
    assert outcome is not None and outcome.reason == "robots_txt" and outcome.at == WHEN


def test_truncated_archive_keeps_good_records(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    with WarcArchive(path) as archive:
        for n in range(3):
            archive.write_exchange("GET", [], page(f"http://a/{n}", b"<p>x</p>" * 200))
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    items = list(read_archive(cut))
    assert any(i.page for i in items)
    assert items[-1].error is not None


def test_garbage_file_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(gzip.compress(b"this is not a warc file at all\r\n\r\n"))
    items = list(read_archive(path))
    assert items and items[-1].error
