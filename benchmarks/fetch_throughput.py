"""Fetch throughput on a 20-host loopback site, politeness off and on; prints a markdown table.

    .venv/bin/python benchmarks/fetch_throughput.py [--pages 2000] [--delay 0.1]

The site runs in a child process (127.0.0.1 ... 127.0.0.20, one port) and records when each
request reached each host, so the politeness run can show the smallest gap one host saw.
"""

from __future__ import annotations

import argparse
import ipaddress
import itertools
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.archive import WarcArchive
from pipeline.config import Settings, SourceConfig
from pipeline.fetch import Fetcher

HOSTS = [f"127.0.0.{n}" for n in range(1, 21)]
BODY = ("<html><head><title>Story</title></head><body><article><h1>Story</h1>"
        + "<p>Words of the story, enough of them to look like a page.</p>" * 80
        + "</article></body></html>").encode()
LIFETIME = 600.0  # the site stops itself after this many seconds


# -- the site (child process) ---------------------------------------------------------------

class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, log: dict[str, list[float]]) -> None:
        super().__init__((host, port), Handler)
        self.log = log
        self.host = host


class Handler(BaseHTTPRequestHandler):
    server: Site
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # http.server writes headers and body separately; without TCP_NODELAY Nagle holds
        # the body until the client's delayed ACK (40 ms) on a kept-alive connection
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/stats":
            body = json.dumps(self.server.log[self.server.host]).encode()
            kind = "application/json"
        else:
            self.server.log[self.server.host].append(time.monotonic())
            if self.path == "/reset-stats":
                self.server.log[self.server.host].clear()
            body = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else BODY
            kind = "text/plain" if self.path == "/robots.txt" else "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve(port: int) -> None:
    log: dict[str, list[float]] = defaultdict(list)
    sites = [Site(host, port, log) for host in HOSTS]
    for site in sites:
        threading.Thread(target=site.serve_forever, daemon=True).start()
    print("ready", flush=True)
    time.sleep(LIFETIME)


def free_port() -> int:
    for _ in range(20):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        try:
            for host in HOSTS[1:]:
                with socket.socket() as other:
                    other.bind((host, port))
            return port
        except OSError:
            continue
    raise RuntimeError("no port free on all 20 loopback addresses")


# -- the runs (parent process) --------------------------------------------------------------

def min_gap(port: int) -> float:
    """The smallest time between two requests one host saw (robots.txt included)."""
    gaps = []
    with httpx.Client(trust_env=False) as client:
        for host in HOSTS:
            times = sorted(client.get(f"http://{host}:{port}/stats").json())
            gaps += [b - a for a, b in itertools.pairwise(times)]
            client.get(f"http://{host}:{port}/reset-stats")
    return min(gaps) if gaps else float("nan")


def run(name: str, port: int, pages: int, delay: float, workers: int, out: Path,
        action: Callable[[Fetcher, list[str]], list[str]]) -> dict[str, object]:
    settings = Settings(delay_seconds=delay, timeout_seconds=5, raw=str(out))
    source = SourceConfig(name="bench", max_pages=pages,
                          allow_private_addresses=(ipaddress.ip_network("127.0.0.0/27"),))
    urls = [f"http://{HOSTS[n % len(HOSTS)]}:{port}/story/{n}" for n in range(pages)]
    min_gap(port)  # clears the logs
    with WarcArchive(out / f"{name}.warc.gz") as archive, \
            Fetcher(settings, source, archive) as fetcher:
        start = time.perf_counter()
        outcomes = action(fetcher, urls)
        elapsed = time.perf_counter() - start
    fetched = outcomes.count("fetched")
    return {"run": name, "hosts": len(HOSTS), "delay": delay, "workers": workers,
            "pages": fetched, "seconds": elapsed, "rate": fetched / elapsed,
            "gap": min_gap(port), "warc_mb": (out / f"{name}.warc.gz").stat().st_size / 1e6}


def serial(fetcher: Fetcher, urls: list[str]) -> list[str]:
    return [fetcher.fetch(u).outcome.outcome for u in urls]


def parallel(workers: int) -> Callable[[Fetcher, list[str]], list[str]]:
    def action(fetcher: Fetcher, urls: list[str]) -> list[str]:
        return [r.outcome.outcome for r in fetcher.fetch_many(urls, max_hosts=workers)]
    return action


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--polite-pages", type=int, default=300)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    port = free_port()
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(port)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp)
            rows = [
                run("serial", port, args.pages, 0.0, 1, out, serial),
                run("fetch_many", port, args.pages, 0.0, 4, out, parallel(4)),
                run("fetch_many", port, args.pages, 0.0, 20, out, parallel(20)),
                run("polite", port, args.polite_pages, args.delay, 20, out, parallel(20)),
            ]
    finally:
        child.terminate()
        child.wait(timeout=10)
    print("| run | hosts | delay s | host threads | pages | seconds | pages/s | "
          "min gap one host saw, s | WARC MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['run']} | {r['hosts']} | {r['delay']} | {r['workers']} | {r['pages']} | "
              f"{r['seconds']:.2f} | {r['rate']:.0f} | {r['gap']:.3f} | {r['warc_mb']:.1f} |")


if __name__ == "__main__":
    main()
