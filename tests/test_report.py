"""The run report and the parser health check, on a lake whose site template breaks."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.report import (
    HEALTH_FIELDS,
    check_parser_health,
    report_dir,
    svg_bars,
    write_run_report,
)
from pipeline.schema import TABLES, load_schema
from tests.lakes import build_gazette_lake, build_sample_lake

DAYS = [date(2026, 11, 19) + timedelta(days=i) for i in range(8)]
LAST = DAYS[-1]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def broken_lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two invented sites for eight days; gazette.test drops its author and date markup."""
    return build_gazette_lake(tmp_path_factory.mktemp("gazette"), DAYS, "gazette.test")


def test_health_flags_the_site_whose_template_changed(broken_lake: Path) -> None:
    warnings = check_parser_health(broken_lake, LAST)
    assert {(w.site, w.field) for w in warnings} == {("gazette.test", "authors"),
                                                     ("gazette.test", "published")}
    for warning in warnings:
        assert warning.rate == 0.0 and warning.baseline == 1.0
        assert warning.articles == 3 and warning.baseline_articles == 21
        assert "gazette.test" in warning.message


def test_health_is_quiet_on_a_steady_day_and_without_history(broken_lake: Path) -> None:
    assert check_parser_health(broken_lake, DAYS[-2]) == []
    assert check_parser_health(broken_lake, DAYS[0]) == []  # no trailing window yet
    # too few articles to judge
    assert check_parser_health(broken_lake, LAST, min_articles=4) == []


def test_report_files_and_content(broken_lake: Path) -> None:
    report = write_run_report(str(broken_lake), LAST)
    folder = report_dir(broken_lake, LAST)
    assert folder == broken_lake.parent / "reports" / f"ingest_date={LAST.isoformat()}"
    assert json.loads((folder / "report.json").read_text()) == report
    assert report["rows"] == {"articles": 6, "quotes": 36, "sources": 6, "updates": 6,
                              "rejects": 0, "fetches": 0}
    assert report["funnel"]["parsed"] == 6 and report["funnel"]["discovered"] == 0
    fill = report["fill_rates"]
    assert set(fill) == {"gazette.test", "steady.test"}
    assert set(fill["steady.test"]["fields"]) == set(load_schema("articles").names)
    assert fill["gazette.test"]["fields"]["authors"] == 0.0
    assert fill["steady.test"]["fields"]["authors"] == 1.0
    assert report["quotes_per_article"]["histogram"]["6"] == 6
    assert len(report["health"]["warnings"]) == 2
    page = (folder / "report.html").read_text()
    assert "gazette.test: authors filled in 0%" in page
    assert page.count("<svg") >= 6
    # self-contained: no scripts, no links or sources, no URL but the SVG namespace
    bare = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "http://" not in bare and "https://" not in bare


def test_report_on_a_fetched_lake_counts_pages(tmp_path: Path) -> None:
    lake = build_sample_lake(tmp_path, [LAST])
    report = write_run_report(str(lake), LAST, out_dir=str(tmp_path / "out"))
    assert (tmp_path / "out" / "report.html").exists()
    assert report["rejects"] == [{"stage": "parse", "reason": "not_article", "count": 1}]
    assert report["funnel"]["rejected"] == 1 and report["funnel"]["parsed"] == 12
    assert set(report["rows"]) == set(TABLES)
    assert "(no site)" in report["fill_rates"]  # a page without a canonical URL


def test_report_of_an_empty_day(tmp_path: Path) -> None:
    report = write_run_report(str(tmp_path / "lake"), LAST)
    assert report["rows"] == dict.fromkeys(TABLES, 0)
    assert report["health"]["warnings"] == []
    assert report["quotes_per_article"]["mean"] is None


def test_svg_escapes_text() -> None:
    svg = svg_bars([("<script>alert(1)</script>", 2.0)], "a & b")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_health_fields_are_documented() -> None:
    assert HEALTH_FIELDS == ("title", "body", "published", "authors", "quotes")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")
def test_report_renders_in_headless_chromium(broken_lake: Path, tmp_path: Path) -> None:
    folder = tmp_path / "report"
    write_run_report(str(broken_lake), LAST, out_dir=str(folder))
    url = (folder / "report.html").resolve().as_uri()
    common = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    shot = tmp_path / "report.png"
    subprocess.run([*common, f"--screenshot={shot}", "--window-size=1200,2000", url],
                   check=True, capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = subprocess.run([*common, "--dump-dom", url], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    assert dom.count("<svg") >= 6
    assert 'class="bar"' in dom and 'class="marker"' in dom
    assert "Parser health: 2 warning(s)" in dom
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (2000, 1200)
    assert (pixels[:, :, :3] < 0.5).any()  # something dark was drawn
    artifacts = Path(__file__).parent / "artifacts"
    if artifacts.is_dir():  # CI may create it to upload the screenshot
        shutil.copy(shot, artifacts / "report.png")
    print(f"screenshot: {shot}")
