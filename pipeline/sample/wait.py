"""Wait until a URL answers (used by `make run` before starting the DAG)."""

from __future__ import annotations

import sys
import time

import httpx


def wait_for(url: str, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


def main() -> int:
    url = sys.argv[1]
    if not wait_for(url):
        print(f"{url} did not answer", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
