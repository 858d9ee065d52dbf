"""Child process for tests/test_crash.py: write a partition, optionally pausing at a swap stage.

    python -m tests.crash_child LAKE DATE FIRST COUNT [--pause STAGE] [--no-exchange]
                               [--loop N] [--go FILE] [--tables]

STAGE is one of staged (files written aside), exchanged (new partition swapped in with
RENAME_EXCHANGE, old files not yet removed), trashed (two-rename path: old partition moved to
_trash, new not yet renamed in), renamed (new partition in place, trash not yet removed).
At the stage the child prints "PAUSED <stage>" and sleeps until it is killed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pipeline.lake as lake
from pipeline.rows import RejectRow

TABLE = "rejects"
FETCHED = datetime(2026, 3, 1, tzinfo=UTC)


def rows(first: int, count: int) -> list[RejectRow]:
    """Rows r<first> .. r<first+count-1>: a write's identity shows in its ids."""
    return [RejectRow(reject_id=f"r{n:05d}", url=f"http://x.test/{n}", source="s", stage="parse",
                      reason="not_article", detail="d" * 200, http_status=200,
                      fetched_at=FETCHED, run_id=f"run{first}", parser_version="1")
            for n in range(first, first + count)]


def pause(stage: str) -> None:
    print(f"PAUSED {stage}", flush=True)
    while True:
        time.sleep(1)


def install_pause(stage: str, final: Path) -> None:
    """Patch the lake module so the write stops at the stage."""
    write_table = lake.pq.write_table
    exchange = lake._exchange
    rename = Path.rename
    rmtree = shutil.rmtree

    def write_then_pause(*args: Any, **kwargs: Any) -> None:
        write_table(*args, **kwargs)
        if stage == "staged":
            pause(stage)

    def exchange_then_pause(a: Path, b: Path) -> bool:
        done = exchange(a, b)
        if done and stage == "exchanged":
            pause(stage)
        return done

    def rename_then_pause(self: Path, target: Any) -> Path:
        result = rename(self, target)
        if stage == "trashed" and lake.TRASH in Path(target).parts:
            pause(stage)
        if stage == "renamed" and Path(target) == final:
            pause(stage)
        return result

    def rmtree_then_pause(path: Any, *args: Any, **kwargs: Any) -> None:
        if stage == "renamed" and final.exists():  # exchange path: before old files go
            pause(stage)
        rmtree(path, *args, **kwargs)

    lake.pq.write_table = write_then_pause
    lake._exchange = exchange_then_pause
    Path.rename = rename_then_pause  # type: ignore[assignment,method-assign]
    lake.shutil.rmtree = rmtree_then_pause  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lake")
    parser.add_argument("date", type=date.fromisoformat)
    parser.add_argument("first", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--pause", choices=["staged", "exchanged", "trashed", "renamed"])
    parser.add_argument("--no-exchange", action="store_true",
                        help="take the two-rename path (filesystems without RENAME_EXCHANGE)")
    parser.add_argument("--loop", type=int, default=1, help="write this many times, "
                        "alternating between FIRST and FIRST + COUNT")
    parser.add_argument("--go", help="wait until this file exists (start two writers at once)")
    parser.add_argument("--tables", action="store_true", help="write_tables (every table)")
    args = parser.parse_args(argv)
    if args.no_exchange:
        lake._exchange = lambda a, b: False
    if args.pause:
        install_pause(args.pause, lake.partition_dir(args.lake, TABLE, args.date))
    print("READY", flush=True)
    if args.go:
        while not Path(args.go).exists():
            time.sleep(0.005)
    print("STARTED", flush=True)
    for n in range(args.loop):
        first = args.first + (n % 2) * args.count
        if args.tables:
            lake.write_tables(args.lake, args.date, {TABLE: rows(first, args.count)})
        else:
            lake.write_partition(args.lake, TABLE, args.date, rows(first, args.count))
        print(f"WROTE {first}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
