"""Backfill speed and memory on CC-NEWS-like WARCs built from an evaluation pack's pages.

Usage: python benchmarks/backfill_benchmark.py [--pack ../shared/eval/dev]
           [--records 2000 20000] [--workers 1 2] [--per-file 500] [--per-day 1000]
The archives are generated in a temporary folder at run time (never committed): pages of
the pack, each with a fresh URL, captured at `--per-day` records a day, `--per-file`
records a file. Each configuration runs `python -m pipeline backfill` in a subprocess;
peak RSS is that of the largest process of the run (the CLI or one of its workers); the CLI's
own summary splits it into the merging process and the largest parse worker.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

START = date(2026, 1, 1)


def load_pages(pack: Path) -> list[tuple[str, bytes]]:
    pages = []
    for line in (pack / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        host = urlsplit(row.get("url") or "").hostname or f"site{len(pages) % 50}.example"
        pages.append((host, gzip.decompress((pack / row["html"]).read_bytes())))
    return pages


def build_archives(folder: Path, pages: list[tuple[str, bytes]], records: int, per_file: int,
                   per_day: int) -> list[Path]:
    files = []
    for start in range(0, records, per_file):
        path = folder / f"CC-NEWS-{records}-{start // per_file:05d}.warc.gz"
        with open(path, "wb") as handle:
            writer = WARCWriter(handle, gzip=True)
            for n in range(start, min(start + per_file, records)):
                host, body = pages[n % len(pages)]
                day = START + timedelta(days=n // per_day)
                at = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
                    seconds=(n % per_day) * 80)
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                           protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    f"https://{host}/article/{n}", "response", payload=io.BytesIO(body),
                    length=len(body), http_headers=headers,
                    warc_headers_dict={"WARC-Date": at.strftime("%Y-%m-%dT%H:%M:%SZ")})
                writer.write_record(record)
        files.append(path)
    return files


def run(folder: Path, records: int, workers: int, per_day: int) -> dict[str, float]:
    lake, raw = folder / f"lake-{records}-{workers}", folder / f"raw-{records}-{workers}"
    end = START + timedelta(days=(records - 1) // per_day)
    command = [sys.executable, "-m", "pipeline", "backfill", "--from", START.isoformat(),
               "--to", end.isoformat(), "--warc", str(folder / f"CC-NEWS-{records}-*.warc.gz"),
               "--source", "ccnews", "--lake", str(lake), "--raw", str(raw),
               "--workers", str(workers)]
    # A fresh wrapper process per run, so the peak it reports is this run's alone.
    wrapper = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
               "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
               "file=sys.stderr); sys.exit(done.returncode)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, *command], capture_output=True,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr[-3000:])
    peak_line = [line for line in done.stderr.splitlines() if line.startswith("PEAK ")][-1]
    peak = int(peak_line.split()[1]) / 1024
    split = re.search(r"peak memory: (\d+) MB merging, (\d+) MB in the largest parse worker",
                      done.stdout)
    merge_mb, worker_mb = (float(split[1]), float(split[2])) if split else (0.0, 0.0)
    return {"records": records, "workers": workers, "seconds": elapsed,
            "pages_per_s": records / elapsed, "peak_rss_mb": peak, "merge_mb": merge_mb,
            "worker_mb": worker_mb,
            "summary": done.stdout.strip().splitlines()[-12:]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pack", default=str(Path(__file__).resolve().parents[2] / "shared"
                                              / "eval" / "dev"))
    parser.add_argument("--records", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--per-file", type=int, default=500)
    parser.add_argument("--per-day", type=int, default=1000)
    args = parser.parse_args()
    pack = Path(args.pack)
    if not (pack / "gold.jsonl").exists():
        print(f"skipped: no evaluation pack at {pack}")
        return 0
    pages = load_pages(pack)
    print("| records | workers | seconds | pages/s | peak RSS (MB) | merging process (MB) "
          "| largest parse worker (MB) |\n|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for records in args.records:
            build_archives(folder, pages, records, args.per_file, args.per_day)
            for workers in args.workers:
                r = run(folder, records, workers, args.per_day)
                print(f"| {r['records']} | {r['workers']} | {r['seconds']:.1f} | "
                      f"{r['pages_per_s']:.1f} | {r['peak_rss_mb']:.0f} | {r['merge_mb']:.0f} | "
                      f"{r['worker_mb']:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
