"""Revisions across fetches: invented page sequences give exactly the expected update rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from pipeline.archive import FetchOutcome, WarcArchive
from pipeline.config import Settings
from pipeline.job import ingest_paths
from pipeline.models import RawPage
from pipeline.revisions import count_changed_chars

URL = "https://courier.example/city/ferry-fares"
START = date(2026, 5, 1)
PARAGRAPHS = [
    "The island ferry operator will keep fares unchanged until next spring, its board "
    "decided on Monday after a long meeting in the harbour office.",
    '"We know families on the islands have had a hard winter," said board chair Ines '
    "Calloway. \"Holding fares is the least we can do.\"",
    "The decision covers all four routes and the night crossing, which had been due for a "
    "rise of six percent in January.",
    "Passenger groups welcomed the freeze but said timetables still needed work.",
]


def page_html(title: str = "Ferry fares frozen until spring",
              paragraphs: list[str] | None = None, extra: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (f"<html lang='en'><head><title>{title} | The Courier</title>"
            f"<link rel='canonical' href='{URL}'>"
            "<meta property='article:published_time' content='2026-05-01T08:00:00+00:00'>"
            "</head><body><nav><a href='/'>Home</a> <a href='/city'>City</a></nav>"
            f"<article><h1>{title}</h1><p class='byline'>By Tamsin Ore</p>{body}{extra}"
            "</article><aside class='related'><h2>Related</h2><a href='/x'>Other story</a>"
            "</aside></body></html>")


def write_warc(path: Path, day: date, html: str | None, *, status: int = 200,
               url: str = URL, final_url: str | None = None) -> Path:
    at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    final = final_url or url
    with WarcArchive(path) as archive:
        if html is not None:
            page = RawPage(url=final, final_url=final, status=status,
                           headers=(("Content-Type", "text/html; charset=utf-8"),),
                           body=html.encode(), fetched_at=at, source="courier")
            archive.write_exchange("GET", [], page)
        kind = "fetched" if status < 400 else "failed"
        archive.write_outcome(FetchOutcome(url, kind, "" if status < 400 else f"http_{status}",
                                           status=status, at=at, final_url=final))
    return path


@pytest.fixture
def lake(tmp_path: Path) -> Settings:
    return Settings(lake=str(tmp_path / "lake"), raw=str(tmp_path / "raw"))


def ingest(settings: Settings, tmp_path: Path, day: date, html: str | None, **kw: object
           ) -> None:
    warc = write_warc(tmp_path / f"{day}-{len(list(tmp_path.glob('*.warc.gz')))}.warc.gz", day,
                      html, **kw)  # type: ignore[arg-type]
    ingest_paths(settings, [warc], day, f"run-{day}", source="courier")


def updates(settings: Settings) -> pd.DataFrame:
    frame = pd.read_parquet(Path(settings.lake) / "updates")
    return frame[frame["kind"].isin(["first_seen", "content_changed", "removed",
                                     "redirected", "correction"])].sort_values("observed_at")


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_sequence_of_changes(lake: Settings, tmp_path: Path) -> None:
    ingest(lake, tmp_path, day(0), page_html())
    ingest(lake, tmp_path, day(1), page_html())  # unchanged refetch
    ingest(lake, tmp_path, day(2), page_html(title="Ferry fares frozen until April"))
    added = [*PARAGRAPHS, "The board will meet again in March to review the freeze."]
    ingest(lake, tmp_path, day(3), page_html(title="Ferry fares frozen until April",
                                             paragraphs=added))
    no_quote = [PARAGRAPHS[0], *PARAGRAPHS[2:],
                "The board will meet again in March to review the freeze."]
    ingest(lake, tmp_path, day(4), page_html(title="Ferry fares frozen until April",
                                             paragraphs=no_quote))
    rows = updates(lake)
    assert list(rows["kind"]) == ["first_seen", "content_changed", "content_changed",
                                  "content_changed"]
    headline, paragraph, quote = rows.iloc[1], rows.iloc[2], rows.iloc[3]
    assert list(headline["fields_changed"]) == ["title"]
    assert list(paragraph["fields_changed"]) == ["body_text"]
    assert paragraph["chars_added"] > 40 and paragraph["chars_removed"] == 0
    assert quote["quotes_removed"] >= 1 and quote["quotes_added"] == 0
    assert headline["hash_after"] == paragraph["hash_before"]


def test_cosmetic_change_is_not_a_revision(lake: Settings, tmp_path: Path) -> None:
    ingest(lake, tmp_path, day(0), page_html())
    spaced = [p.replace(" ", "  ") for p in PARAGRAPHS]
    related = page_html(paragraphs=spaced).replace("Other story", "A different story")
    ingest(lake, tmp_path, day(1), related)
    assert list(updates(lake)["kind"]) == ["first_seen"]


def test_correction_appended_gives_note_and_change(lake: Settings, tmp_path: Path) -> None:
    ingest(lake, tmp_path, day(0), page_html())
    corrected = page_html(extra="<p>Correction: An earlier version gave the wrong number "
                                "of routes.</p>")
    ingest(lake, tmp_path, day(1), corrected)
    ingest(lake, tmp_path, day(2), corrected)  # the same note again is not a new row
    rows = updates(lake)
    assert list(rows["kind"]) == ["first_seen", "content_changed", "correction"] or \
        sorted(rows["kind"]) == ["content_changed", "correction", "first_seen"]


def test_removed_and_redirected(lake: Settings, tmp_path: Path) -> None:
    ingest(lake, tmp_path, day(0), page_html())
    ingest(lake, tmp_path, day(1), "<html><body>gone</body></html>", status=404)
    ingest(lake, tmp_path, day(2), "<html><body>gone</body></html>", status=404)
    rows = updates(lake)
    assert list(rows["kind"]) == ["first_seen", "removed"]

    other = "https://courier.example/city/ferry-fares-2027"
    moved = page_html(title="Ferry fares rise in 2027").replace(URL, other)
    ingest(lake, tmp_path, day(3), moved, final_url=other)
    rows = updates(lake)
    redirect = rows[rows["kind"] == "redirected"]
    assert len(redirect) == 1 and redirect.iloc[0]["note"] == other


def test_out_of_order_backfill_stays_consistent(lake: Settings, tmp_path: Path) -> None:
    new_title = page_html(title="Ferry fares frozen until April")
    ingest(lake, tmp_path, day(5), new_title)  # the newer version arrives first
    assert list(updates(lake)["kind"]) == ["first_seen"]
    ingest(lake, tmp_path, day(1), page_html())  # a backfill brings the older one
    rows = updates(lake)
    assert list(rows["kind"]) == ["first_seen", "content_changed"]
    assert rows.iloc[0]["observed_at"] < rows.iloc[1]["observed_at"]
    assert list(rows.iloc[1]["fields_changed"]) == ["title"]
    # the same backfill again changes nothing
    ingest(lake, tmp_path, day(1), page_html())
    again = updates(lake)
    assert sorted(again["update_id"]) == sorted(rows["update_id"])


def test_same_version_twice_adds_no_rows(lake: Settings, tmp_path: Path) -> None:
    ingest(lake, tmp_path, day(0), page_html())
    first = sorted(pd.read_parquet(Path(lake.lake) / "updates")["update_id"])
    ingest(lake, tmp_path, day(0), page_html())
    ingest(lake, tmp_path, day(1), page_html())
    assert sorted(pd.read_parquet(Path(lake.lake) / "updates")["update_id"]) == first


def test_only_the_sides_of_a_change_are_read_in_full(
        lake: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat however often an article was captured: unchanged captures stay light."""
    import pipeline.revisions as revisions

    for n in range(4):  # the same version captured on four days
        ingest(lake, tmp_path, day(n), page_html())
    requested: list[list[str]] = []
    load = revisions.load_version_fields

    def spy(lake_dir: str, versions: list[revisions.Observation], skip: str
            ) -> dict[revisions.VersionKey, revisions.Observation]:
        versions = list(versions)
        requested.append(sorted(v.ingest_date for v in versions))
        return load(lake_dir, versions, skip)

    monkeypatch.setattr(revisions, "load_version_fields", spy)
    ingest(lake, tmp_path, day(4), page_html(paragraphs=[*PARAGRAPHS, "A late paragraph."]))
    assert requested == [[day(3).isoformat()]]  # the version just before the change, alone
    changed = updates(lake).iloc[-1]
    assert changed["kind"] == "content_changed"
    assert list(changed["fields_changed"]) == ["body_text"]
    assert changed["chars_added"] == len("A late paragraph.")


def test_count_changed_chars() -> None:
    assert count_changed_chars("a\n\nb", "a\n\nb\n\ncc") == (2, 0)
    assert count_changed_chars("a\n\nbb", "a") == (0, 2)


def test_diff_view(lake: Settings, tmp_path: Path) -> None:
    from pipeline.cli import main
    from pipeline.diff import diff_versions

    ingest(lake, tmp_path, day(0), page_html())
    ingest(lake, tmp_path, day(1), page_html(title="Ferry fares frozen until April"))
    article_id = pd.read_parquet(Path(lake.lake) / "articles")["article_id"].iloc[0]
    text = diff_versions(lake.lake, article_id)
    assert "-Ferry fares frozen until spring" in text
    assert "+Ferry fares frozen until April" in text
    assert "body_text@" not in text  # unchanged fields print nothing
    assert main(["diff", article_id, "--lake", lake.lake]) == 0
    assert main(["diff", "nope", "--lake", lake.lake]) == 2
