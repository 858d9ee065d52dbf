"""Update-note detection on an evaluation pack: how many notes, of which kind, and a sample.

Usage: python benchmarks/update_notes.py PRED.jsonl   (PRED from `python -m pipeline eval pages`)
Every note is printed with its page id so a reader can judge false notes by eye.
"""

from __future__ import annotations

import json
import sys
from collections import Counter


def main(path: str) -> int:
    pages = notes = 0
    kinds: Counter[str] = Counter()
    sample: list[tuple[str, str, str]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            pages += 1
            for note in row.get("update_notes") or []:
                notes += 1
                kinds[note["kind"]] += 1
                sample.append((row["id"], note["kind"], (note["note"] or "")[:100]))
    print(f"pages: {pages}, notes: {notes}, per 200 pages: {200 * notes / max(pages, 1):.2f}")
    print("| kind | count |\n|---|---|")
    for kind, count in kinds.most_common():
        print(f"| {kind} | {count} |")
    print("\n| page | kind | note |\n|---|---|---|")
    for page_id, kind, text in sample:
        print(f"| {page_id} | {kind} | {text.replace('|', '/')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
