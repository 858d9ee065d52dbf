"""Progress for long commands: a bar on a terminal, plain periodic lines in logs."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger("pipeline.progress")


def track(items: Iterable[T], total: int | None, desc: str, every_seconds: float = 10.0,
          unit: str = "page") -> Iterator[T]:
    """Yield items, showing progress with rate and ETA; never changes what is yielded."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, total=total, desc=desc, unit=unit, dynamic_ncols=True)
        return
    start = last = time.monotonic()
    count = 0
    for item in items:
        yield item
        count += 1
        now = time.monotonic()
        if now - last >= every_seconds:
            last = now
            rate = count / (now - start)
            eta = f", eta {(total - count) / rate:.0f}s" if total and rate else ""
            of = f"/{total}" if total else ""
            print(f"{desc}: {count}{of} {unit}s, {rate:.1f} {unit}s/s{eta}", file=sys.stderr,
                  flush=True)
    elapsed = time.monotonic() - start
    print(f"{desc}: {count} {unit}s in {elapsed:.1f}s", file=sys.stderr, flush=True)
