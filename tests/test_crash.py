"""Crash consistency: a partition writer killed at any stage never shows readers a partial date."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.lake import (
    STAGING,
    TRASH,
    partition_dir,
    read_partition,
    recover_partition,
    write_tables,
)
from pipeline.lake import write_partition as lake_write
from tests.crash_child import TABLE, rows

REPO = Path(__file__).resolve().parent.parent
DAY = date(2026, 3, 1)
OTHER_DAY = date(2026, 3, 2)
COUNT = 300
OLD = 0  # rows r00000 .. r00299
NEW = 1000  # rows r01000 .. r01299


def ids(first: int) -> frozenset[str]:
    return frozenset(r.reject_id for r in rows(first, COUNT))


def child(lake: Path, first: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", str(lake), DAY.isoformat(), str(first),
         str(COUNT), *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )


def wait_for(proc: subprocess.Popen[str], prefix: str, timeout: float = 60) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(prefix):
            return line.strip()
        if not line and proc.poll() is not None:
            stderr = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"child exited {proc.returncode} before {prefix!r}: {stderr}")
    raise AssertionError(f"no {prefix!r} within {timeout} s")


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def pandas_ids(lake: Path) -> frozenset[str] | None:
    """The date's ids as pandas reads the table folder (None: the date is missing)."""
    try:
        frame = pd.read_parquet(lake / TABLE, filters=[("ingest_date", "=", DAY.isoformat())])
    except (FileNotFoundError, ValueError, OSError):
        return None
    return frozenset(frame["reject_id"]) if len(frame) else None


def duckdb_ids(lake: Path) -> frozenset[str] | None:
    """The date's ids through the documented glob <lake>/<table>/*/*.parquet."""
    glob = str(lake / TABLE / "*" / "*.parquet")
    query = (f"select reject_id from read_parquet('{glob}', hive_partitioning = true) "
             f"where ingest_date = DATE '{DAY.isoformat()}'")
    try:
        found = [row[0] for row in duckdb.execute(query).fetchall()]
    except duckdb.IOException:  # no file matches the glob
        return None
    assert len(found) == len(set(found)), "duplicate rows"
    return frozenset(found) if found else None


def assert_whole(lake: Path, allowed: set[frozenset[str] | None]) -> None:
    """Both readers see exactly one whole write (or, where allowed, no partition)."""
    for reader in (pandas_ids, duckdb_ids):
        seen = reader(lake)
        assert seen in allowed, (f"{reader.__name__}: {len(seen or ())} rows, "
                                 "a mix or a partial partition")


def leftovers(lake: Path) -> list[Path]:
    """Anything under _staging or _trash except the lock files."""
    return [p for root in (lake / STAGING, lake / TRASH) if root.exists()
            for p in root.rglob("*") if p.is_file() and p.suffix != ".lock"]


def assert_equals_uninterrupted(lake: Path, tmp_path: Path, first: int,
                                all_tables: bool = False) -> None:
    """The next write completes and its partition equals one write into an empty lake."""
    clean = tmp_path / "clean"
    for target in (lake, clean):
        if all_tables:
            write_tables(target, DAY, {TABLE: rows(first, COUNT)})
        else:
            lake_write(target, TABLE, DAY, rows(first, COUNT))
    assert read_partition(lake, TABLE, DAY).equals(read_partition(clean, TABLE, DAY))
    assert [p.name for p in partition_dir(lake, TABLE, DAY).iterdir()] == ["part-00000.parquet"]
    assert leftovers(lake) == []
    assert_whole(lake, {ids(first)})


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    """A lake holding the OLD write of DAY and one row of another date."""
    path = tmp_path / "lake"
    lake_write(path, TABLE, DAY, rows(OLD, COUNT))
    lake_write(path, TABLE, OTHER_DAY, rows(5000, 1))
    return path


# Stage, exchange path?, what readers may see while the child is paused / after the kill.
STAGES = [
    ("staged", True, {ids(OLD)}),
    ("exchanged", True, {ids(NEW)}),
    ("renamed", True, {ids(NEW)}),
    ("staged", False, {ids(OLD)}),
    # the only window of the two-rename path: the date is missing until recovery
    ("trashed", False, {None}),
    ("renamed", False, {ids(NEW)}),
]


@pytest.mark.parametrize(("stage", "exchange", "visible"), STAGES,
                         ids=[f"{s}-{'exchange' if e else 'two-renames'}" for s, e, _ in STAGES])
def test_killed_at_each_stage(lake: Path, tmp_path: Path, stage: str, exchange: bool,
                              visible: set[frozenset[str] | None]) -> None:
    proc = child(lake, NEW, "--pause", stage, *([] if exchange else ["--no-exchange"]))
    try:
        assert wait_for(proc, "PAUSED") == f"PAUSED {stage}"
        assert_whole(lake, visible)  # a reader during the write
    finally:
        kill(proc)
    assert_whole(lake, visible)  # after the crash, before any recovery
    recover_partition(lake, TABLE, DAY)
    assert_whole(lake, {ids(OLD), ids(NEW)})  # never missing after recovery
    assert read_partition(lake, TABLE, OTHER_DAY).num_rows == 1  # other dates untouched
    assert_equals_uninterrupted(lake, tmp_path, NEW)


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_killed_at_random_times_across_many_writes(lake: Path, tmp_path: Path,
                                                   exchange: bool) -> None:
    rng = random.Random(11)
    # the child writes OLD, then OLD + COUNT, alternately (see crash_child --loop)
    allowed: set[frozenset[str] | None] = {ids(OLD), ids(OLD + COUNT)}
    for _ in range(4):
        proc = child(lake, OLD, "--loop", "100000", *([] if exchange else ["--no-exchange"]))
        try:
            wait_for(proc, "WROTE")  # imports done, writing in a loop
            time.sleep(rng.uniform(0, 0.5))
        finally:
            kill(proc)
        # a kill between the two renames is the only moment the date can be missing
        assert_whole(lake, allowed if exchange else allowed | {None})
        recover_partition(lake, TABLE, DAY)
        assert_whole(lake, allowed)
    assert_equals_uninterrupted(lake, tmp_path, NEW)


def test_two_writers_of_the_same_date(tmp_path: Path) -> None:
    """Started at once, both finish (one after the other, under the lock): one run's rows."""
    lake = tmp_path / "lake"
    go = tmp_path / "go"
    procs = [child(lake, NEW, "--go", str(go)) for _ in range(2)]
    for proc in procs:
        wait_for(proc, "READY")  # both imported, both waiting for the go file
    go.touch()
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    assert_whole(lake, {ids(NEW)})
    table = read_partition(lake, TABLE, DAY)
    assert table.num_rows == COUNT
    assert len(set(table.column("reject_id").to_pylist())) == COUNT
    assert leftovers(lake) == []
    assert_equals_uninterrupted(lake, tmp_path, NEW)


def test_second_writer_waits_for_the_first(lake: Path, tmp_path: Path) -> None:
    """The partition lock: a writer paused mid-swap blocks the next one until it dies."""
    first = child(lake, NEW, "--pause", "trashed", "--no-exchange")
    second: subprocess.Popen[str] | None = None
    try:
        wait_for(first, "PAUSED")
        second = child(lake, 2000)
        wait_for(second, "STARTED")
        time.sleep(1.0)
        assert second.poll() is None, "the second writer did not wait for the lock"
    finally:
        kill(first)  # flock is released with the process
    assert second is not None
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "WROTE 2000" in out
    assert_whole(lake, {ids(2000)})
    assert leftovers(lake) == []


def test_two_writers_racing_in_a_loop(tmp_path: Path) -> None:
    """Many overlapping writes of two row sets: readers see one whole set, never an error."""
    lake = tmp_path / "lake"
    procs = [child(lake, OLD, "--loop", "60"), child(lake, NEW, "--loop", "60")]
    seen: set[frozenset[str] | None] = set()
    while any(proc.poll() is None for proc in procs):
        seen.add(duckdb_ids(lake))
        seen.add(pandas_ids(lake))
    results = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], results
    # both children write OLD then OLD + COUNT alternately (see crash_child --loop)
    allowed = {None, ids(OLD), ids(OLD + COUNT), ids(NEW), ids(NEW + COUNT)}
    assert seen <= allowed
    assert leftovers(lake) == []


def test_killed_write_tables_leaves_each_table_whole(lake: Path, tmp_path: Path) -> None:
    """write_tables is atomic per table, not across tables: each table is one whole write."""
    proc = child(lake, NEW, "--tables", "--pause", "staged")
    try:
        wait_for(proc, "PAUSED")
    finally:
        kill(proc)
    assert_whole(lake, {ids(OLD)})  # killed while staging the first table (articles)
    assert any((lake / STAGING / "articles").glob("*/*.parquet"))  # what the kill left
    assert_equals_uninterrupted(lake, tmp_path, NEW, all_tables=True)  # the rerun clears it
