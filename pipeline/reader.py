"""Read the lake for analysis: pandas frames with partition pruning, and a DuckDB connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from pipeline.schema import TABLES, load_schema

PARTITION = "ingest_date"
PARTITION_PREFIX = f"{PARTITION}="
PARTITIONING = ds.partitioning(pa.schema([(PARTITION, pa.date32())]), flavor="hive")
# What a reader sees for each schema type in DuckDB (used for the views of empty tables).
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMPTZ",
    "date": "DATE",
    "list<string>": "VARCHAR[]",
}
# Ties on fetched_at (the same version ingested twice at once) are broken the same way in
# pandas and DuckDB, so both pick the same row.
LATEST_ORDER = ("fetched_at", PARTITION, "content_hash")

Filters: TypeAlias = "ds.Expression | Sequence[Any] | None"


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def table_schema(table: str) -> pa.Schema:
    """The Arrow schema a reader sees: the table's columns, then ``ingest_date`` (date32)."""
    return load_schema(table).arrow.append(pa.field(PARTITION, pa.date32()))


def partitions(lake: str | Path, table: str) -> list[date]:
    """The ingest dates that hold at least one file of this table, oldest first."""
    load_schema(table)  # unknown tables fail loudly
    root = Path(lake) / table
    if not root.is_dir():
        return []
    days = []
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith(PARTITION_PREFIX):
            try:
                day = date.fromisoformat(child.name.removeprefix(PARTITION_PREFIX))
            except ValueError:
                continue  # not a partition we wrote
            if any(child.glob("*.parquet")):
                days.append(day)
    return sorted(days)


def open_table(lake: str | Path, table: str, start: date | str | None = None,
               end: date | str | None = None) -> ds.Dataset:
    """A pyarrow dataset of the table's files for ingest dates in [start, end] (inclusive).

    Pruning happens on the directory names, before any file is opened, so a read of one
    day never touches (or trips over) another day's files. Staging folders (``_staging``,
    ``_trash``) are outside ``<lake>/<table>/`` and never seen.
    """
    first, last = _day(start), _day(end)
    root = Path(lake) / table
    files = [
        str(path)
        for day in partitions(lake, table)
        if (first is None or day >= first) and (last is None or day <= last)
        for path in sorted((root / f"{PARTITION_PREFIX}{day.isoformat()}").glob("*.parquet"))
    ]
    return ds.dataset(files, schema=table_schema(table), format="parquet",
                      partitioning=PARTITIONING, partition_base_dir=str(root))


def _expression(filters: Filters) -> ds.Expression | None:
    if filters is None or isinstance(filters, ds.Expression):
        return filters
    if not filters:
        return None
    return pq.filters_to_expression(list(filters))


def read_arrow(lake: str | Path, table: str, start: date | str | None = None,
               end: date | str | None = None, columns: Sequence[str] | None = None,
               filters: Filters = None) -> pa.Table:
    """Like :func:`read_table`, as an Arrow table."""
    schema = table_schema(table)
    wanted = list(dict.fromkeys([*(columns or schema.names), PARTITION]))
    unknown = [c for c in wanted if c not in schema.names]
    if unknown:
        raise ValueError(f"{table} has no column(s) {unknown}; columns: {schema.names}")
    dataset = open_table(lake, table, start, end)
    return dataset.to_table(columns=wanted, filter=_expression(filters))


def read_table(lake: str | Path, table: str, start: date | str | None = None,
               end: date | str | None = None, columns: Sequence[str] | None = None,
               filters: Filters = None) -> pd.DataFrame:
    """One table's rows for ingest dates in [start, end] (inclusive; open ends allowed).

    Only ``columns`` are read (all when None); ``ingest_date`` is always included, as a
    ``datetime64`` column at midnight of the partition day. ``filters`` is a pyarrow
    expression (``pyarrow.dataset.field("site") == "x"``) or pandas-style tuples
    (``[("site", "==", "x")]``), pushed down to the Parquet scan. A table with no files
    gives an empty frame with the schema's columns.
    """
    arrow = read_arrow(lake, table, start, end, columns, filters)
    return arrow.to_pandas(date_as_object=False)


def read_latest_articles(lake: str | Path, start: date | str | None = None,
                         end: date | str | None = None,
                         columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The newest version (by ``fetched_at``) of each article seen in [start, end].

    One row per ``article_id`` (always a column); versions outside the date window are
    not considered.
    """
    needed = ["article_id", *LATEST_ORDER]
    wanted = list(dict.fromkeys([*(columns or load_schema("articles").names), *needed]))
    frame = read_table(lake, "articles", start, end, columns=wanted)
    frame = frame.sort_values(["article_id", *LATEST_ORDER], kind="stable")
    latest = frame.drop_duplicates("article_id", keep="last")
    keep = list(dict.fromkeys(["article_id", *(columns or load_schema("articles").names),
                               PARTITION]))
    return latest[keep].sort_values("article_id").reset_index(drop=True)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _empty_view_sql(table: str) -> str:
    columns = [f"CAST(NULL AS {DUCKDB_TYPES[c.type]}) AS \"{c.name}\""
               for c in load_schema(table).columns]
    columns.append(f"CAST(NULL AS DATE) AS {PARTITION}")
    return f"SELECT {', '.join(columns)} WHERE false"


def table_sql(lake: str | Path, table: str, union_by_name: bool = False) -> str:
    """The SELECT a DuckDB view of the table runs (read_parquet over the Hive glob).

    Every file is written cast to the schema, so the first file's columns describe them
    all and a filter on ``ingest_date`` skips other partitions' files unopened.
    ``union_by_name`` tolerates files written before a column was added, at the price of
    reading every file's footer on each query.
    """
    root = Path(lake).resolve() / table
    if not partitions(lake, table):
        return _empty_view_sql(table)
    glob = _sql_string(str(root / f"{PARTITION_PREFIX}*" / "*.parquet"))
    return (f"SELECT * FROM read_parquet({glob}, hive_partitioning = true, "
            f"hive_types = {{'{PARTITION}': DATE}}, union_by_name = {str(union_by_name).lower()})")


LATEST_SQL = (
    "SELECT * FROM articles QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY "
    + ", ".join(f"{c} DESC" for c in LATEST_ORDER) + ") = 1"
)


def connect_duckdb(lake: str | Path, database: str = ":memory:", union_by_name: bool = False
                   ) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with one view per table, plus ``articles_latest``.

    Views read the Parquet files at query time, so partitions written later show up; a
    table that had no files when connecting is an empty view with the schema's columns
    (reconnect to see its first files). The session time zone is UTC.
    """
    connection = duckdb.connect(database)
    connection.execute("SET TimeZone = 'UTC'")
    for table in TABLES:
        connection.execute(f"CREATE OR REPLACE VIEW {table} AS "
                           f"{table_sql(lake, table, union_by_name)}")
    connection.execute(f"CREATE OR REPLACE VIEW articles_latest AS {LATEST_SQL}")
    return connection
