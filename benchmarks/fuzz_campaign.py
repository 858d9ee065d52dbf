"""Fuzz campaign: generated hostile HTML, feeds and WARC files into the pipeline's readers.

Usage (from the repository root):
    .venv/bin/python benchmarks/fuzz_campaign.py [--cases 100000] [--seed 1] [--only html]

Uses the mutators of tests/fuzz_inputs.py (the same ones tests/test_fuzz.py draws from) with a
plain seeded random generator, in one process: cases are split html 50 %, feeds 30 %,
archives 20 %. Prints cases run, crashes (exceptions escaping, leaked entity content, an
input over the CPU or wall time limit), rejects by reason, worst time per input and peak RSS.
A crashing case is saved under --save for replay.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fuzz_inputs import (  # noqa: E402
    MARKER,
    TIME_LIMIT,
    WALL_LIMIT,
    Outcome,
    random_feed,
    random_html,
    random_warc,
    run_feed,
    run_parse,
    run_warc,
)

SHARES = {"html": 0.5, "feed": 0.3, "warc": 0.2}


def campaign(cases: int, seed: int, only: str | None, save: Path) -> dict[str, Any]:
    shares = {only: 1.0} if only else SHARES
    stats: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        marker_path = work / "marker.txt"
        marker_path.write_text(MARKER, encoding="utf-8")
        for kind, share in shares.items():
            rng = random.Random(f"{seed}-{kind}")
            n = round(cases * share)
            kinds: Counter[str] = Counter()
            reasons: Counter[str] = Counter()
            worst = worst_wall = 0.0
            crashes: list[str] = []
            kind_started = time.perf_counter()
            for index in range(n):
                outcome: Outcome
                if kind == "html":
                    data = random_html(rng)
                    outcome = run_parse(data)
                elif kind == "feed":
                    data = random_feed(rng, marker_path)
                    outcome = run_feed(data)
                else:
                    data = random_warc(rng)
                    with contextlib.redirect_stderr(io.StringIO()):  # warcio's warnings
                        outcome = run_warc(data, work)
                if outcome.kind != "crash" and (outcome.seconds > TIME_LIMIT
                                                or outcome.wall > WALL_LIMIT):
                    outcome = Outcome("crash", f"slow: {outcome.seconds:.2f} s CPU, "
                                      f"{outcome.wall:.2f} s wall", outcome.seconds, outcome.wall)
                kinds[outcome.kind] += 1
                worst = max(worst, outcome.seconds)
                worst_wall = max(worst_wall, outcome.wall)
                if outcome.kind == "reject":
                    reasons[outcome.reason] += 1
                elif outcome.kind == "crash":
                    save.mkdir(parents=True, exist_ok=True)
                    case = save / f"{kind}-{seed}-{index}.bin"
                    case.write_bytes(data)
                    crashes.append(f"{case}: {outcome.reason}")
                    print(f"CRASH {kind} #{index}: {outcome.reason} (saved {case})",
                          file=sys.stderr)
                if (index + 1) % 5000 == 0:
                    print(f"  {kind}: {index + 1}/{n}, worst {worst:.2f} s", file=sys.stderr)
            stats[kind] = {
                "cases": n,
                "ok": kinds["ok"],
                "rejects": kinds["reject"],
                "crashes": kinds["crash"],
                "rejects_by_reason": dict(reasons.most_common(12)),
                "worst_cpu_seconds": round(worst, 3),
                "worst_wall_seconds": round(worst_wall, 3),
                "wall_seconds": round(time.perf_counter() - kind_started, 1),
                # ru_maxrss only grows: the peak of the process once this kind has run
                "peak_rss_mib_so_far": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "crash_cases": crashes[:20],
            }
    return {
        "cases": sum(s["cases"] for s in stats.values()),
        "crashes": sum(s["crashes"] for s in stats.values()),
        "worst_cpu_seconds": max(s["worst_cpu_seconds"] for s in stats.values()),
        "worst_wall_seconds": max(s["worst_wall_seconds"] for s in stats.values()),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "by_input": stats,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000, help="generated inputs in total")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=sorted(SHARES), help="one input kind only")
    parser.add_argument("--save", default="data/fuzz-crashes", help="where crashing inputs go")
    args = parser.parse_args(argv)
    result = campaign(args.cases, args.seed, args.only, Path(args.save))
    print(json.dumps(result, indent=2))
    return 1 if result["crashes"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
