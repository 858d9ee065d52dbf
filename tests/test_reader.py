"""pandas, DuckDB and Polars read the same rows; one day's read touches only that day."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds
import pytest

from pipeline.reader import (
    connect_duckdb,
    open_table,
    partitions,
    read_latest_articles,
    read_table,
)
from pipeline.schema import TABLES, load_schema
from tests.lakes import EDITED_PAGE, build_sample_lake

DAYS = [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)]
KEYS = {table: list(load_schema(table).primary_key) for table in TABLES}
VIEWS = (*TABLES, "articles_latest")


@pytest.fixture(scope="module")
def lake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_lake(tmp_path_factory.mktemp("reader"), DAYS)


def keyed(frame: pd.DataFrame, table: str) -> list[tuple]:
    """Rows as sorted (key..., ingest_date as ISO text) tuples, comparable across readers."""
    days = pd.to_datetime(frame["ingest_date"]).dt.strftime("%Y-%m-%d")
    columns = [frame[k].astype(str) for k in KEYS[table]]
    return sorted(zip(*columns, days, strict=True))


def test_partitions_and_staging_ignored(lake: Path) -> None:
    assert partitions(lake, "articles") == DAYS
    # A leftover staging copy of a partition must never show to any reader.
    stray = lake / "_staging" / "articles" / "ingest_date=2026-11-24.abc123"
    stray.mkdir(parents=True)
    shutil.copy(next((lake / "articles" / "ingest_date=2026-11-24").glob("*.parquet")), stray)
    try:
        assert len(read_table(lake, "articles")) == 36
        assert connect_duckdb(lake).execute("select count(*) from articles").fetchone() == (36,)
    finally:
        shutil.rmtree(stray)


@pytest.mark.parametrize("table", TABLES)
def test_pandas_duckdb_polars_see_the_same_rows(lake: Path, table: str) -> None:
    frame = read_table(lake, table)
    assert list(frame.columns) == [*load_schema(table).names, "ingest_date"]
    view = connect_duckdb(lake).execute(f"select * from {table}").df()
    glob = f"{lake}/{table}/*/*.parquet"  # the glob the README documents
    raw = duckdb.sql(f"select * from read_parquet('{glob}', hive_partitioning = true)").df()
    polar = pl.scan_parquet(glob, hive_partitioning=True).collect().to_pandas()
    expected = keyed(frame, table)
    assert len(expected) == len(set(expected))  # the key is a key, per partition
    for other in (view, raw, polar):
        assert keyed(other, table) == expected
    if table != "fetches":  # file ingestion makes no requests
        assert len(frame) > 0


def test_values_agree_across_readers(lake: Path) -> None:
    columns = ["article_id", "content_hash", "fetched_at", "title", "word_count", "authors"]
    frame = read_table(lake, "articles", columns=columns).sort_values(["article_id",
                                                                        "ingest_date"])
    view = connect_duckdb(lake).execute(
        f"select {', '.join(columns)}, ingest_date from articles order by article_id, ingest_date"
    ).df()
    assert frame["title"].tolist() == view["title"].tolist()
    assert frame["word_count"].tolist() == view["word_count"].tolist()
    assert [list(a) for a in frame["authors"]] == [list(a) for a in view["authors"]]
    assert (frame["fetched_at"].reset_index(drop=True) == view["fetched_at"]).all()
    assert str(frame["fetched_at"].dt.tz) == "UTC"


def test_one_day_prunes_to_its_partition(lake: Path) -> None:
    dataset = open_table(lake, "quotes", DAYS[1], DAYS[1])
    assert dataset.files
    assert all("ingest_date=2026-11-25" in f for f in dataset.files)
    assert len(open_table(lake, "quotes", start="2026-11-25").files) == 2
    frame = read_table(lake, "quotes", "2026-11-25", "2026-11-25", columns=["quote_id"])
    assert list(frame.columns) == ["quote_id", "ingest_date"]
    assert set(frame["ingest_date"].dt.date) == {DAYS[1]}


def test_one_day_reads_despite_another_day_corrupt(lake: Path, tmp_path: Path) -> None:
    copy = tmp_path / "lake"
    shutil.copytree(lake, copy)
    for part in (copy / "articles" / "ingest_date=2026-11-25").glob("*.parquet"):
        part.write_bytes(b"not parquet at all")
    assert len(read_table(copy, "articles", DAYS[0], DAYS[0])) == 12
    assert len(read_table(copy, "articles", start=DAYS[2])) == 12
    connection = connect_duckdb(copy)
    day = connection.execute(
        "select count(*) from articles where ingest_date = DATE '2026-11-24'").fetchone()
    assert day == (12,)
    with pytest.raises(duckdb.Error):  # the corrupt file is only read when asked for
        connection.execute("select count(*) from articles").fetchone()
    with pytest.raises(Exception, match=r"(?i)parquet"):
        read_table(copy, "articles")


def test_columns_and_filters(lake: Path) -> None:
    world = read_table(lake, "articles", columns=["site", "title"],
                       filters=[("site", "==", "world.sample.test")])
    assert list(world.columns) == ["site", "title", "ingest_date"]
    assert len(world) == 9 and set(world["site"]) == {"world.sample.test"}
    same = read_table(lake, "articles", columns=["site"],
                      filters=ds.field("site") == "world.sample.test")
    assert len(same) == 9
    by_day = read_table(lake, "articles", columns=["site"],
                        filters=[("ingest_date", ">=", DAYS[2])])
    assert len(by_day) == 12
    with pytest.raises(ValueError, match="no column"):
        read_table(lake, "articles", columns=["nope"])


def test_latest_articles_one_row_per_article(lake: Path) -> None:
    latest = read_latest_articles(lake, columns=["content_hash", "fetched_at", "url"])
    assert latest["article_id"].is_unique
    all_versions = read_table(lake, "articles", columns=["article_id"])
    assert set(latest["article_id"]) == set(all_versions["article_id"])
    edited = latest[latest["url"].str.endswith(EDITED_PAGE)].iloc[0]
    assert edited["ingest_date"].date() == DAYS[2]  # the newest fetch wins
    first = read_table(lake, "articles", DAYS[0], DAYS[0], columns=["article_id", "content_hash"])
    assert edited["content_hash"] not in set(first["content_hash"])
    view = connect_duckdb(lake).execute(
        "select article_id, content_hash, ingest_date from articles_latest").df()
    assert view["article_id"].is_unique
    assert keyed(view, "articles") == keyed(latest, "articles")
    window = read_latest_articles(lake, end=DAYS[0], columns=["content_hash"])
    assert set(window["content_hash"]) <= set(first["content_hash"])


def test_empty_lake_gives_typed_empty_views(tmp_path: Path) -> None:
    connection = connect_duckdb(tmp_path)
    for view in VIEWS:
        assert connection.execute(f"select count(*) from {view}").fetchone() == (0,)
    described = connection.execute("describe articles").fetchall()
    assert [row[0] for row in described] == [*load_schema("articles").names, "ingest_date"]
    types = {row[0]: row[1] for row in described}
    assert types["authors"] == "VARCHAR[]" and types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    frame = read_table(tmp_path, "quotes")
    assert frame.empty and list(frame.columns) == [*load_schema("quotes").names, "ingest_date"]
    assert read_latest_articles(tmp_path).empty


def test_empty_view_types_match_files(lake: Path, tmp_path: Path) -> None:
    full, empty = connect_duckdb(lake), connect_duckdb(tmp_path)
    for view in VIEWS:
        assert (full.execute(f"describe {view}").fetchall()
                == empty.execute(f"describe {view}").fetchall()), view


@pytest.mark.parametrize("table", TABLES)
def test_dictionary_example_queries_run(lake: Path, table: str) -> None:
    example = load_schema(table).example
    assert example, f"schemas/{table}.yaml has no example query"
    connect_duckdb(lake).execute(example).fetchall()
