"""Run every page of an evaluation pack through parse_page in a worker: crashes, rejects, time, RSS.

Usage (from the repository root):
    .venv/bin/python benchmarks/reliability_sweep.py [PACK] [--timeout SECONDS] [--stride N]

PACK defaults to ../shared/eval/dev (gold.jsonl + html/*.html.gz); without it the script
says so and exits 0. One worker process parses the pages one at a time (the machine is
shared); a page that raises out of parse_page, kills the worker or exceeds --timeout is a
crash. The figures go to docs/reliability.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import resource
import sys
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_PACK = ROOT.parent / "shared" / "eval" / "dev"
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def load_items(pack: Path, stride: int = 1) -> list[tuple[str, Path, str | None]]:
    """(id, html path, url) per page of the pack, every stride-th one."""
    items = []
    with open(pack / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                items.append((row["id"], pack / row["html"], row.get("url")))
    return items[::stride]


def parse_one(html_path: Path, url: str | None) -> tuple[str, str, float]:
    """Parse one page; returns (kind, reason, seconds), kind in ok | reject | crash."""
    from pipeline.models import RawPage, Reject
    from pipeline.parse import parse_page

    body = gzip.decompress(html_path.read_bytes())
    page_url = url or html_path.resolve().as_uri()
    page = RawPage(url=page_url, final_url=page_url, status=200,
                   headers=(("Content-Type", "text/html"),), body=body, fetched_at=EPOCH,
                   source="sweep")
    started = time.perf_counter()
    try:
        result = parse_page(page)
    except Exception as exc:  # the invariant under test: this must never happen
        elapsed = time.perf_counter() - started
        return "crash", f"{type(exc).__name__}: {exc}"[:300], elapsed
    elapsed = time.perf_counter() - started
    if isinstance(result, Reject):
        return "reject", result.reason, elapsed
    return "ok", "", elapsed


def worker(conn: Connection) -> None:
    """Parse pages sent over the pipe until None; reply (kind, reason, seconds, peak RSS KiB)."""
    while True:
        item = conn.recv()
        if item is None:
            return
        path, url = item
        try:
            kind, reason, seconds = parse_one(Path(path), url)
        except Exception:
            kind, reason, seconds = "crash", traceback.format_exc(limit=2)[-300:], 0.0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send((kind, reason, seconds, rss))


class Worker:
    """One child process; restarted after it dies or hangs."""

    def __init__(self) -> None:
        self.conn: Connection
        self.proc: Any = None
        self.start()

    def start(self) -> None:
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent

    def run(self, path: Path, url: str | None, timeout: float
            ) -> tuple[str, str, float, int]:
        self.conn.send((str(path), url))
        started = time.perf_counter()
        if not self.conn.poll(timeout):
            self.proc.kill()
            self.proc.join()
            self.start()
            return "crash", f"hang: no answer in {timeout:.0f} s", time.perf_counter() - started, 0
        try:
            answer: tuple[str, str, float, int] = self.conn.recv()
            return answer
        except EOFError:
            self.proc.join()
            code = self.proc.exitcode
            self.start()
            return "crash", f"worker died (exit code {code})", time.perf_counter() - started, 0

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(10)


def sweep(pack: Path, timeout: float, stride: int) -> dict[str, Any]:
    items = load_items(pack, stride)
    kinds: Counter[str] = Counter()
    rejects: Counter[str] = Counter()
    crashes: list[tuple[str, str]] = []
    worst = (0.0, "")
    total = 0.0
    peak_rss = 0
    runner = Worker()
    started = time.perf_counter()
    try:
        for index, (page_id, path, url) in enumerate(items, 1):
            kind, reason, seconds, rss = runner.run(path, url, timeout)
            kinds[kind] += 1
            total += seconds
            peak_rss = max(peak_rss, rss)
            if kind == "reject":
                rejects[reason] += 1
            elif kind == "crash":
                crashes.append((page_id, reason))
            if seconds > worst[0]:
                worst = (seconds, page_id)
            if index % 250 == 0:
                print(f"  {index}/{len(items)} pages, worst {worst[0]:.2f} s", file=sys.stderr)
    finally:
        runner.close()
    return {
        "pages": len(items),
        "parsed": kinds["ok"],
        "rejected": kinds["reject"],
        "crashes": len(crashes),
        "crash_pages": crashes[:20],
        "rejects_by_reason": dict(rejects.most_common()),
        "worst_seconds": round(worst[0], 3),
        "worst_page": worst[1],
        "mean_seconds": round(total / max(1, len(items)), 4),
        "peak_rss_mib": round(peak_rss / 1024, 1),
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pack", nargs="?", default=str(DEFAULT_PACK))
    parser.add_argument("--timeout", type=float, default=60.0,
                        help="seconds before a page counts as a hang")
    parser.add_argument("--stride", type=int, default=1, help="every N-th page only")
    args = parser.parse_args(argv)
    pack = Path(args.pack)
    if not (pack / "gold.jsonl").exists():
        print(f"no evaluation pack at {pack}: nothing to sweep")
        return 0
    result = sweep(pack, args.timeout, max(1, args.stride))
    print(json.dumps(result, indent=2))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
