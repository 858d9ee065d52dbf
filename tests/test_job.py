"""The daily job on the sample site, file ingestion and the seed page, without Airflow."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from pipeline.config import Settings
from pipeline.evaluation import format_date
from pipeline.job import ingest_paths, run_daily
from pipeline.lake import count_rows, read_partition
from tests.conftest import REPO, SEED

DAY = date(2026, 3, 10)
EXPECTED = yaml.safe_load((REPO / "tests/fixtures/sample_expected.yaml").read_text())["pages"]
KEYS = {"articles": "article_id", "quotes": "quote_id", "sources": "source_id",
        "updates": "update_id", "rejects": "reject_id"}


@pytest.fixture(scope="module")
def lake_run(tmp_path_factory: pytest.TempPathFactory, sample_site: str
             ) -> tuple[Settings, dict[str, pd.DataFrame]]:
    from pipeline.config import load_settings
    from tests.conftest import write_config

    root = tmp_path_factory.mktemp("job")
    config = write_config(root / "c.yaml", sample_site, root / "lake", root / "raw")
    settings = load_settings(config, environ={})
    run_daily(settings, DAY, "run-1")
    tables = {t: read_partition(settings.lake, t, DAY).to_pandas() for t in KEYS}
    return settings, tables


def by_path(articles: pd.DataFrame, path: str) -> dict[str, Any]:
    rows = articles[articles["final_url"].str.endswith(path)]
    assert len(rows) == 1, path
    return rows.iloc[0].to_dict()


@pytest.mark.parametrize("page", [p for p in EXPECTED if p["is_article"]],
                         ids=lambda p: p["path"])
def test_sample_article_fields(lake_run: tuple, page: dict[str, Any]) -> None:
    _, tables = lake_run
    row = by_path(tables["articles"], page["path"])
    assert row["title"] == page["title"]
    assert list(row["authors"]) == page["authors"]
    assert row["section"] == page.get("section")
    assert row["language"] == page["language"]
    if page.get("published"):
        stated = pd.Timestamp(page["published"])
        stated = stated.tz_localize("UTC") if stated.tzinfo is None else stated
        assert row["published_at"] == stated
    else:
        assert pd.isna(row["published_at"])
    for snippet in page.get("body_contains", []):
        assert snippet in row["body_text"]
    assert row["word_count"] > 50
    notes = tables["updates"]
    kinds = sorted(notes[(notes["article_id"] == row["article_id"])
                         & notes["kind"].isin(["updated_stamp", "correction",
                                               "editors_note"])]["kind"])
    assert kinds == sorted(n["kind"] for n in page.get("update_notes", []))


def test_boilerplate_stays_out_of_bodies(lake_run: tuple) -> None:
    _, tables = lake_run
    leaks = []
    for page in EXPECTED:
        if page["is_article"]:
            body = by_path(tables["articles"], page["path"])["body_text"]
            leaks += [(page["path"], s) for s in page.get("body_excludes", []) if s in body]
    assert leaks == []


def test_direct_quotes_and_speakers(lake_run: tuple) -> None:
    _, tables = lake_run
    quotes, sources = tables["quotes"], tables["sources"]
    found = total = speakers = 0
    for page in EXPECTED:
        if not page["is_article"]:
            continue
        article_id = by_path(tables["articles"], page["path"])["article_id"]
        mine = quotes[quotes["article_id"] == article_id]
        names = dict(zip(sources["source_id"], sources["name"], strict=True))
        for expected in page.get("quotes", []):
            total += 1
            words = " ".join(expected["text"].split())[:30]
            hits = mine[mine["text"].map(lambda t, w=words: w in " ".join(t.split()))]
            if len(hits) and page["language"] == "en":  # the cue lexicon is English for now
                found += 1
                speaker = names.get(hits.iloc[0]["source_id"]) or ""
                last = expected["speaker"].split()[-1]
                speakers += last in speaker
    assert total > 20
    assert found / total >= 0.75, (found, total)
    assert speakers / found >= 0.85, (speakers, found)


def test_non_article_page_is_rejected_with_reason(lake_run: tuple) -> None:
    _, tables = lake_run
    rejects = tables["rejects"]
    page = next(p for p in EXPECTED if not p["is_article"])
    hit = rejects[rejects["url"].str.endswith(page["path"])]
    assert list(hit["reason"]) == ["not_article"]
    assert hit.iloc[0]["detail"]
    assert not tables["articles"]["final_url"].str.endswith(page["path"]).any()


def test_every_table_has_rows_and_lineage(lake_run: tuple) -> None:
    _, tables = lake_run
    for name, frame in tables.items():
        assert len(frame) > 0, name
        assert set(frame["run_id"]) == {"run-1"}
    assert tables["articles"]["article_id"].is_unique
    for name, key in KEYS.items():
        if name != "sources":
            assert tables[name][key].is_unique, name
    assert not tables["sources"].duplicated(["source_id", "article_id", "content_hash"]).any()
    first_seen = tables["updates"][tables["updates"]["kind"] == "first_seen"]
    assert len(first_seen) == len(tables["articles"])


def test_rerun_gives_the_same_rows(lake_run: tuple) -> None:
    settings, tables = lake_run
    run_daily(settings, DAY, "run-2")
    for name, key in KEYS.items():
        again = read_partition(settings.lake, name, DAY).to_pandas()
        assert sorted(again[key]) == sorted(tables[name][key]), name
        assert set(again["run_id"]) <= {"run-2"}


def test_next_day_sees_no_change_and_no_first_seen(lake_run: tuple) -> None:
    settings, _ = lake_run
    next_day = date(2026, 3, 11)
    run_daily(settings, next_day, "run-3")
    updates = read_partition(settings.lake, "updates", next_day).to_pandas()
    assert not updates["kind"].isin(["first_seen", "content_changed"]).any()


def test_ingest_html_folder(tmp_path: Path) -> None:
    settings = Settings(lake=str(tmp_path / "lake"), raw=str(tmp_path / "raw"))
    site = REPO / "pipeline" / "sample" / "site"
    counts = ingest_paths(settings, [site, tmp_path / "missing.html"], DAY, "ingest-1")
    assert counts["articles"] == 12
    rejects = read_partition(settings.lake, "rejects", DAY).to_pandas()
    assert set(rejects["reason"]) == {"not_article", "missing_file"}
    assert count_rows(settings.lake, DAY) == counts


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is absent")
def test_seed_page(tmp_path: Path) -> None:
    settings = Settings(lake=str(tmp_path / "lake"), raw=str(tmp_path / "raw"))
    ingest_paths(settings, [SEED], date(2022, 2, 1), "seed")
    article = read_partition(settings.lake, "articles", date(2022, 2, 1)).to_pylist()[0]
    assert article["title"].startswith("Russia delivers written response")
    assert article["section"] == "World" and article["authors"] == []
    assert article["published_at"] is None
    assert article["modified_at"].date() == date(2022, 2, 1)
    assert article["modified_precision"] == "day" and article["language"] == "en"
    assert article["image_url"].endswith("/images/blinken-lavrov-stockholm.jpg")
    assert "Getty Images" in article["image_credit"]
    assert "Getty Images" not in article["body_text"]
    assert "Go deeper" not in article["body_text"]
    quotes = read_partition(settings.lake, "quotes", date(2022, 2, 1)).to_pandas()
    for words in ("We can confirm we received", "It would be unproductive",
                  "We remain fully committed"):
        assert quotes["text"].str.contains(words).any(), words
    updates = read_partition(settings.lake, "updates", date(2022, 2, 1)).to_pandas()
    kinds = sorted(updates["kind"])
    assert kinds == ["editors_note", "first_seen", "updated_stamp"]
    sources = read_partition(settings.lake, "sources", date(2022, 2, 1)).to_pandas()
    assert {"State Department", "Antony Blinken"} <= set(sources["name"])


def test_format_date_keeps_day_precision() -> None:
    from datetime import UTC, datetime

    from pipeline.models import DateValue

    assert format_date(DateValue(datetime(2026, 1, 2, tzinfo=UTC), "day", "x")) == "2026-01-02"
    assert format_date(None) is None


def test_report_and_summary_commands(lake_run: tuple, capsys: pytest.CaptureFixture[str]
                                     ) -> None:
    from pipeline.cli import main
    from pipeline.tasks import write_report

    settings, _ = lake_run
    assert main(["summary", "--date", str(DAY), "--lake", settings.lake]) == 0
    assert "articles" in capsys.readouterr().out
    assert main(["report", "--date", str(DAY), "--lake", settings.lake]) == 0
    html = Path(capsys.readouterr().out.split("report: ")[1].strip())
    assert html.exists() and "<svg" in html.read_text()
    folders = write_report({"lake": settings.lake}, [str(DAY), str(DAY)])
    assert len(folders) == 1
