"""Table contracts loaded from ``schemas/*.yaml``: Arrow schemas, cast on write, data dictionary."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import yaml

from pipeline.errors import SchemaError

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
TABLES = ("articles", "quotes", "sources", "updates", "rejects", "fetches")
ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
    "list<string>": pa.list_(pa.string()),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    description: str


@dataclass(frozen=True)
class TableSchema:
    """One table's contract as declared in its schema file."""

    table: str
    description: str
    grain: str
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]
    joins: tuple[str, ...] = ()
    example: str | None = None

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def arrow(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, ARROW_TYPES[c.type], nullable=c.nullable) for c in self.columns]
        )


def _load(path: Path) -> TableSchema:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    columns = []
    for raw in data["columns"]:
        if raw["type"] not in ARROW_TYPES:
            raise SchemaError(f"{path.name}: column {raw['name']} has unknown type {raw['type']}")
        columns.append(Column(raw["name"], raw["type"], bool(raw["nullable"]), raw["description"]))
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise SchemaError(f"{path.name}: duplicate column names")
    return TableSchema(
        table=data["table"],
        description=data["description"],
        grain=data["grain"],
        primary_key=tuple(data["primary_key"]),
        columns=tuple(columns),
        joins=tuple(data.get("joins") or ()),
        example=(data.get("example") or "").strip() or None,
    )


@cache
def load_schema(table: str) -> TableSchema:
    if table not in TABLES:
        raise SchemaError(f"unknown table {table!r}")
    return _load(SCHEMA_DIR / f"{table}.yaml")


def to_arrow(table: str, rows: Iterable[Any]) -> pa.Table:
    """Rows (dataclasses or dicts) as an Arrow table cast to the schema; drift fails loudly."""
    schema = load_schema(table)
    expected = schema.names
    records: list[dict[str, Any]] = []
    for row in rows:
        is_row = dataclasses.is_dataclass(row) and not isinstance(row, type)
        record = dataclasses.asdict(row) if is_row else dict(row)
        if list(record) != expected:
            unknown = sorted(set(record) - set(expected))
            missing = sorted(set(expected) - set(record))
            if unknown or missing:
                raise SchemaError(
                    f"{table}: row does not match schema (unknown {unknown}, missing {missing})"
                )
        for column in schema.columns:
            value = record[column.name]
            if value is None and not column.nullable:
                raise SchemaError(f"{table}.{column.name} is not nullable but got None")
            if isinstance(value, tuple):
                record[column.name] = list(value)
            elif isinstance(value, datetime) and value.tzinfo is None:
                raise SchemaError(f"{table}.{column.name}: naive datetime {value} (UTC required)")
        records.append(record)
    try:
        return pa.Table.from_pylist(records, schema=schema.arrow)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
        raise SchemaError(f"{table}: rows cannot be cast to the schema: {exc}")


def row_fields(row_type: type) -> list[str]:
    return [f.name for f in dataclasses.fields(row_type)]


def render_dictionary(tables: Sequence[str] = TABLES) -> str:
    """The data dictionary (docs/tables.md), generated from the schema files."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `schemas/*.yaml` by `python -m pipeline schema docs`; do not edit by hand.",
        "",
        "Lake layout: `<lake>/<table>/ingest_date=YYYY-MM-DD/part-*.parquet` (Hive partitioning).",
        "Timestamps are UTC; ids are stable hashes; every row carries `run_id` and",
        "`parser_version`. `ingest_date` is the partition column (the run's data interval,",
        "or the capture date for archives); it is not stored inside the files.",
        "",
        "## Partitioning",
        "",
        "Every table is partitioned by `ingest_date` only: the UTC day of the run's data",
        "interval (or the date given to `ingest`). A run replaces its date's partition of every",
        "table, so a key is unique within a partition; the same article version fetched on two",
        "days is two `articles` rows, one per partition. Folders starting with `_` (`_staging`,",
        "`_trash`) hold writes in progress and are never part of a table. Filter on",
        "`ingest_date` first: pyarrow, DuckDB and Polars then skip the other days' files.",
        "",
        "## How tables join",
        "",
        "```",
        "articles (article_id, content_hash) ──< quotes  (article_id, content_hash)",
        "articles (article_id, content_hash) ──< sources (article_id, content_hash)",
        "quotes (article_id, content_hash, source_id) >── sources (article_id, content_hash,"
        " source_id)",
        "articles (article_id) ──< updates (article_id)        one row per change, any version",
        "articles (url) ── fetches (url) / rejects (url)       request log and rejected pages",
        "```",
        "",
        "Join on the version, `(article_id, content_hash)`, and also on `ingest_date` when the",
        "same version may sit in several partitions (revisits), or deduplicate first with",
        "`articles_latest`. `updates.hash_before` and `hash_after` are `content_hash` values.",
        "",
        "## Reading the lake",
        "",
        "```python",
        "from pipeline.reader import connect_duckdb, read_latest_articles, read_table",
        "",
        "quotes = read_table('data/lake', 'quotes', start='2026-11-20', end='2026-11-26',",
        "                    columns=['article_id', 'speaker', 'text'])",
        "latest = read_latest_articles('data/lake', start='2026-11-20')  # one row per article",
        "con = connect_duckdb('data/lake')  # views: articles, articles_latest, quotes, sources,",
        "con.sql('select count(*) from quotes').df()  # updates, rejects, fetches",
        "```",
        "",
        "Without the package: `duckdb.sql(\"select * from read_parquet(",
        "'data/lake/quotes/*/*.parquet', hive_partitioning = true)\")`,",
        "`pandas.read_parquet('data/lake/quotes')` or",
        "`polars.scan_parquet('data/lake/quotes/*/*.parquet', hive_partitioning=True)`.",
        "The `articles_latest` view (and `read_latest_articles`) keeps the newest version of",
        "each article by `fetched_at` (ties: later `ingest_date`, then larger `content_hash`).",
        "",
    ]
    for table in tables:
        schema = load_schema(table)
        lines += [
            f"## {table}",
            "",
            schema.description,
            "",
            f"- grain: {schema.grain}",
            f"- key: {', '.join(f'`{k}`' for k in schema.primary_key)}"
            " (unique within an `ingest_date` partition)",
            f"- partitioning: `ingest_date`; files "
            f"`<lake>/{table}/ingest_date=YYYY-MM-DD/part-*.parquet`",
        ]
        lines += [f"- joins: {join}" for join in schema.joins]
        lines.append("")
        if schema.example:
            lines += ["Example (DuckDB, on `connect_duckdb(lake)`):", "", "```sql",
                      schema.example, "```", ""]
        lines += [
            "| column | type | nullable | description |",
            "|---|---|---|---|",
        ]
        for c in schema.columns:
            lines.append(
                f"| `{c.name}` | {c.type} | {'yes' if c.nullable else 'no'} | {c.description} |"
            )
        lines.append("")
    return "\n".join(lines)
