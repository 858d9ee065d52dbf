"""Schema changes: additions stay readable, removals and retypes need a migration note."""

from __future__ import annotations

import copy
import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

import pipeline.lake as lake
from pipeline.cli import main
from pipeline.migrations import (
    Columns,
    check_schema_compatibility,
    current_columns,
    read_notes,
    read_snapshot,
    snapshot_is_current,
)
from pipeline.rows import RejectRow
from pipeline.schema import Column, load_schema

DAY = date(2026, 3, 1)


def test_schema_files_are_compatible_with_the_snapshot() -> None:
    """Fails when a column was removed or retyped without a note in schemas/MIGRATIONS.md."""
    assert check_schema_compatibility() == []


def test_snapshot_is_current() -> None:
    assert snapshot_is_current(), "run `python -m pipeline schema snapshot`"
    assert main(["schema", "snapshot", "--check"]) == 0


def snapshot() -> Columns:
    return copy.deepcopy(read_snapshot())


def test_removed_column_needs_a_note() -> None:
    current = snapshot()
    del current["quotes"]["speaker"]
    problems = check_schema_compatibility(snapshot(), current, set())
    assert len(problems) == 1 and problems[0].startswith("quotes.speaker: removed")
    assert check_schema_compatibility(snapshot(), current,
                                      {("quotes", "speaker", "removed")}) == []


def test_removed_table_needs_notes_for_each_column() -> None:
    current = snapshot()
    del current["updates"]
    assert len(check_schema_compatibility(snapshot(), current, set())) == len(
        snapshot()["updates"])


def test_retyped_column_needs_a_note() -> None:
    current = snapshot()
    current["articles"]["word_count"]["type"] = "int64"
    problems = check_schema_compatibility(snapshot(), current, set())
    assert problems == [problems[0]] and "retyped int32 -> int64" in problems[0]
    assert check_schema_compatibility(snapshot(), current,
                                      {("articles", "word_count", "retyped")}) == []


def test_added_nullable_column_is_compatible_but_required_is_not() -> None:
    current = snapshot()
    current["articles"]["paywalled"] = {"type": "bool", "nullable": True}
    assert check_schema_compatibility(snapshot(), current, set()) == []
    current["articles"]["paywalled"]["nullable"] = False
    assert "added as non-nullable" in check_schema_compatibility(snapshot(), current, set())[0]
    current["articles"]["paywalled"]["nullable"] = True
    current["articles"]["title"]["nullable"] = False
    assert "made non-nullable" in check_schema_compatibility(snapshot(), current, set())[0]


def test_notes_are_read_from_headings(tmp_path: Path) -> None:
    notes = tmp_path / "MIGRATIONS.md"
    notes.write_text("# x\n\n## quotes.speaker: removed 2026-03-01 folded into source_id\n"
                     "## articles.word_count: retyped int32 to int64\n"
                     "## <table>.<column>: <kind> example\n", encoding="utf-8")
    assert read_notes(notes) == {("quotes", "speaker", "removed"),
                                 ("articles", "word_count", "retyped")}


def test_snapshot_command_refuses_an_incompatible_change(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    current = current_columns()
    del current["quotes"]["speaker"]
    monkeypatch.setattr("pipeline.migrations.current_columns", lambda *a: current)
    written: list[str] = []
    monkeypatch.setattr(Path, "write_text", lambda self, *a, **k: written.append(str(self)))
    assert main(["schema", "snapshot"]) == 1
    assert written == []
    assert "quotes.speaker: removed" in capsys.readouterr().err


def reject(n: int) -> RejectRow:
    return RejectRow(reject_id=f"r{n}", url=f"http://x/{n}", source="s", stage="parse",
                     reason="not_article", detail="", http_status=200,
                     fetched_at=datetime(2026, 3, 1, tzinfo=UTC), run_id="run",
                     parser_version="1")


def test_added_nullable_column_reads_as_null_from_old_partitions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old partition, read with a schema that has one more nullable column."""
    lake.write_partition(tmp_path, "rejects", DAY, [reject(1), reject(2)])  # the old schema
    old = load_schema("rejects")
    new = dataclasses.replace(old, columns=(*old.columns, Column(
        "retry_after", "timestamp", True, "added later")))
    # pyarrow dataset with the current schema: the missing column is null
    table = ds.dataset(tmp_path / "rejects", schema=new.arrow.append(
        pa.field("ingest_date", pa.string())), format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 2
    assert table.column("retry_after").null_count == 2
    assert table.column("retry_after").type == pa.timestamp("us", tz="UTC")
    # the lake's own reader, with the schema file changed
    monkeypatch.setattr(lake, "load_schema", lambda name: new)
    read = lake.read_partition(tmp_path, "rejects", DAY)
    assert read.column("retry_after").to_pylist() == [None, None]
    assert read.column("reject_id").to_pylist() == ["r1", "r2"]
    # DuckDB over the documented glob, once new partitions have the column: union_by_name
    newer = pa.Table.from_pylist([{**dataclasses.asdict(reject(3)), "retry_after": None}],
                                 schema=new.arrow)
    lake.write_arrow_partition(tmp_path, "rejects", date(2026, 3, 2), newer)
    monkeypatch.undo()
    glob = str(tmp_path / "rejects" / "*" / "*.parquet")
    rows = duckdb.execute(f"select reject_id, retry_after from read_parquet('{glob}', "
                          "hive_partitioning = true, union_by_name = true) order by 1").fetchall()
    assert rows == [("r1", None), ("r2", None), ("r3", None)]
