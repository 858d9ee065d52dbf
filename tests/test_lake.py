"""Partitions are replaced atomically and reruns never append."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.errors import SchemaError
from pipeline.lake import (
    STAGING,
    TRASH,
    count_rows,
    partition_dir,
    read_partition,
    recover_partition,
    write_partition,
    write_tables,
)
from pipeline.rows import RejectRow

DAY = date(2026, 3, 1)


def reject(n: int) -> RejectRow:
    return RejectRow(reject_id=f"r{n}", url=f"http://x/{n}", source="s", stage="parse",
                     reason="not_article", detail="", http_status=200,
                     fetched_at=datetime(2026, 3, 1, tzinfo=UTC), run_id="run",
                     parser_version="1")


def test_rewrite_replaces_the_partition(tmp_path: Path) -> None:
    write_partition(tmp_path, "rejects", DAY, [reject(1), reject(2)])
    write_partition(tmp_path, "rejects", DAY, [reject(3)])
    assert read_partition(tmp_path, "rejects", DAY).column("reject_id").to_pylist() == ["r3"]
    assert len(list(partition_dir(tmp_path, "rejects", DAY).glob("*.parquet"))) == 1


def test_two_dates_never_collide(tmp_path: Path) -> None:
    write_partition(tmp_path, "rejects", DAY, [reject(1)])
    write_partition(tmp_path, "rejects", date(2026, 3, 2), [reject(2)])
    assert read_partition(tmp_path, "rejects", DAY).num_rows == 1
    frame = pd.read_parquet(tmp_path / "rejects")
    assert sorted(frame["reject_id"]) == ["r1", "r2"]


def test_failed_write_keeps_the_old_partition(tmp_path: Path) -> None:
    write_partition(tmp_path, "rejects", DAY, [reject(1)])
    bad = reject(2).__dict__ | {"url": None}
    with pytest.raises(SchemaError):
        write_partition(tmp_path, "rejects", DAY, [bad])
    assert read_partition(tmp_path, "rejects", DAY).column("reject_id").to_pylist() == ["r1"]


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    write_partition(tmp_path, "rejects", DAY, [reject(1)])
    final = partition_dir(tmp_path, "rejects", DAY)
    trash = tmp_path / TRASH / "rejects" / f"{final.name}.deadbeef"
    trash.parent.mkdir(parents=True)
    final.rename(trash)  # as if the process died between the two renames
    recover_partition(tmp_path, "rejects", DAY)
    assert read_partition(tmp_path, "rejects", DAY).num_rows == 1


def test_empty_tables_are_written_and_readable(tmp_path: Path) -> None:
    counts = write_tables(tmp_path, DAY, {"rejects": [reject(1)]})
    assert counts == {"articles": 0, "quotes": 0, "sources": 0, "updates": 0, "rejects": 1,
                      "fetches": 0}
    assert count_rows(tmp_path, DAY) == counts
    for table in counts:
        glob = str(tmp_path / table / "*" / "*.parquet")
        query = f"select count(*) from read_parquet('{glob}', hive_partitioning=true)"
        assert duckdb.sql(query).fetchall()[0][0] == counts[table]
    assert not any((tmp_path / STAGING).rglob("*.parquet"))


@pytest.mark.parametrize("entry", [
    "import pipeline.tasks",
    "import runpy, sys\n"
    "sys.argv = ['pipeline', 'summary', '--date', '2026-01-01', '--lake', LAKE]\n"
    "try:\n    runpy.run_module('pipeline', run_name='__main__')\n"
    "except SystemExit:\n    pass",
])
def test_entry_points_use_the_system_allocator(entry: str, tmp_path: Path) -> None:
    """Arrow's bundled pool keeps freed pages; the lake's processes use malloc, which returns them.

    Arrow's C++ code (dataset scans, Parquet reads) takes its pool from the environment when
    pyarrow loads, so the entry points must choose it before that.
    """
    import os
    import subprocess
    import sys

    probe = (f"LAKE = {str(tmp_path)!r}\n{entry}\n"
             "import pyarrow as pa; print(pa.default_memory_pool().backend_name)")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env=env)
    assert done.stdout.split()[-1] == "system"
