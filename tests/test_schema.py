"""Schemas are the contract: row types, Arrow schemas and the data dictionary agree."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from pipeline.errors import SchemaError
from pipeline.rows import ROW_TYPES
from pipeline.schema import TABLES, load_schema, render_dictionary, row_fields, to_arrow

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("table", TABLES)
def test_row_types_match_schema_files(table: str) -> None:
    assert row_fields(ROW_TYPES[table]) == load_schema(table).names


def test_every_column_is_documented() -> None:
    for table in TABLES:
        for column in load_schema(table).columns:
            assert column.description.strip(), f"{table}.{column.name}"


def test_lineage_columns_on_every_table() -> None:
    for table in TABLES:
        assert {"run_id", "parser_version"} <= set(load_schema(table).names)


def test_data_dictionary_is_generated_from_schemas() -> None:
    current = (REPO / "docs" / "tables.md").read_text(encoding="utf-8")
    assert current == render_dictionary() + "\n", "run `python -m pipeline schema docs`"


def _reject(**changes: object) -> dict:
    row = {"reject_id": "r", "url": "u", "source": "s", "stage": "parse", "reason": "x",
           "detail": "", "http_status": None, "fetched_at": None, "run_id": "run",
           "parser_version": "1"}
    row.update(changes)
    return row


def test_cast_on_write() -> None:
    table = to_arrow("rejects", [_reject(http_status=200)])
    assert table.schema == load_schema("rejects").arrow


def test_unknown_and_missing_columns_fail_loudly() -> None:
    with pytest.raises(SchemaError, match="unknown"):
        to_arrow("rejects", [_reject(extra=1)])
    row = _reject()
    del row["detail"]
    with pytest.raises(SchemaError, match="missing"):
        to_arrow("rejects", [row])


def test_null_in_required_column_and_naive_time_fail() -> None:
    with pytest.raises(SchemaError, match="not nullable"):
        to_arrow("rejects", [_reject(url=None)])
    with pytest.raises(SchemaError, match="naive"):
        to_arrow("rejects", [_reject(fetched_at=datetime(2026, 1, 1))])
    with pytest.raises(SchemaError, match="cast"):
        to_arrow("rejects", [_reject(http_status="two hundred")])
