"""The Parquet lake: one Hive partition per table and ingest date, replaced atomically."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schema import TABLES, load_schema, to_arrow

# Folders starting with "_" are skipped by pyarrow datasets and never match the
# documented glob <lake>/<table>/*/*.parquet, so staging never shows to readers.
STAGING = "_staging"
ROW_GROUP_ROWS = 4096
TRASH = "_trash"


def partition_dir(lake: str | Path, table: str, ingest_date: date) -> Path:
    return Path(lake) / table / f"ingest_date={ingest_date.isoformat()}"


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def partition_lock(lake: str | Path, table: str, ingest_date: date
                   ) -> contextlib.AbstractContextManager[None]:
    """One writer per table and date at a time (flock: released when the process dies)."""
    return _flock(Path(lake) / STAGING / table / f"ingest_date={ingest_date.isoformat()}.lock")


def lake_lock(lake: str | Path, name: str) -> contextlib.AbstractContextManager[None]:
    """A lock over the whole lake, for work whose result depends on other dates' partitions."""
    return _flock(Path(lake) / STAGING / f"{name}.lock")


@contextlib.contextmanager
def _flock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b),
                         rename_exchange)) == 0


def recover_partition(lake: str | Path, table: str, ingest_date: date) -> None:
    """Finish a swap a crash interrupted: bring back the old partition if the new one is missing.

    Also clears what a killed writer left in _staging and _trash for this table and date;
    call it under partition_lock, or a running writer's staging could be removed.
    """
    final = partition_dir(lake, table, ingest_date)
    prefix = f"ingest_date={ingest_date.isoformat()}."
    trash_root = Path(lake) / TRASH / table
    if trash_root.exists():
        leftovers = sorted(p for p in trash_root.iterdir() if p.name.startswith(prefix))
        for leftover in leftovers:
            if not final.exists():
                leftover.rename(final)
            else:
                shutil.rmtree(leftover, ignore_errors=True)
    staging_root = Path(lake) / STAGING / table
    if staging_root.exists():
        for leftover in staging_root.iterdir():
            if leftover.name.startswith(prefix) and leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)


def write_partition(
    lake: str | Path, table: str, ingest_date: date, rows: Iterable[Any]
) -> tuple[Path, int]:
    """Replace one table's partition for a date with these rows, cast to the schema.

    The new files are written aside and renamed into place, so readers see the old
    partition or the new one, never a half-written one; a rerun replaces, never appends.
    """
    arrow = to_arrow(table, rows)
    return write_arrow_partition(lake, table, ingest_date, arrow)


def write_arrow_partition(
    lake: str | Path, table: str, ingest_date: date, arrow: pa.Table
) -> tuple[Path, int]:
    lake = Path(lake)
    schema = load_schema(table)
    if arrow.schema != schema.arrow:
        arrow = arrow.cast(schema.arrow)
    # Sorted by key: the same rows give the same file, and small row groups with min/max
    # statistics let a lookup by id skip most of a partition.
    arrow = arrow.sort_by([(key, "ascending") for key in schema.primary_key])
    with partition_lock(lake, table, ingest_date):
        recover_partition(lake, table, ingest_date)
        _swap_in(lake, table, ingest_date, arrow)
    return partition_dir(lake, table, ingest_date), arrow.num_rows


def _swap_in(lake: Path, table: str, ingest_date: date, arrow: pa.Table) -> None:
    token = uuid.uuid4().hex[:12]
    staging = lake / STAGING / table / f"ingest_date={ingest_date.isoformat()}.{token}"
    staging.mkdir(parents=True, exist_ok=True)
    part = staging / "part-00000.parquet"
    pq.write_table(arrow, part, compression="zstd", row_group_size=ROW_GROUP_ROWS)
    with open(part, "rb") as handle:
        os.fsync(handle.fileno())
    final = partition_dir(lake, table, ingest_date)
    final.parent.mkdir(parents=True, exist_ok=True)
    trash = lake / TRASH / table / f"ingest_date={ingest_date.isoformat()}.{token}"
    if final.exists() and _exchange(staging, final):
        # One step: readers never find the date missing; the old files are now in staging.
        _fsync_dir(final.parent)
        shutil.rmtree(staging, ignore_errors=True)
        return
    if final.exists():  # two renames; a crash between them is undone by recover_partition
        trash.parent.mkdir(parents=True, exist_ok=True)
        final.rename(trash)
    staging.rename(final)
    _fsync_dir(final.parent)
    if trash.exists():
        shutil.rmtree(trash, ignore_errors=True)


def write_tables(
    lake: str | Path, ingest_date: date, tables: Mapping[str, Iterable[Any]]
) -> dict[str, int]:
    """Write every table's partition for one date; returns rows written per table."""
    counts: dict[str, int] = {}
    for table in TABLES:
        _, counts[table] = write_partition(lake, table, ingest_date, tables.get(table, ()))
    return counts


def read_partition(lake: str | Path, table: str, ingest_date: date) -> pa.Table:
    """One table's rows for one date (empty, with the schema, when the partition is absent)."""
    directory = partition_dir(lake, table, ingest_date)
    schema = load_schema(table).arrow
    if not directory.exists():
        return schema.empty_table()
    parts = sorted(directory.glob("*.parquet"))
    return pa.concat_tables([pq.read_table(p, schema=schema) for p in parts]) if parts else (
        schema.empty_table()
    )


def count_rows(lake: str | Path, ingest_date: date) -> dict[str, int]:
    return {table: read_partition(lake, table, ingest_date).num_rows for table in TABLES}
