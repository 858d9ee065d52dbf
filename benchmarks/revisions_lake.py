"""Cost of the revision lookup on a large lake: a day's batch against 100,000 stored articles.

Usage: python benchmarks/revisions_lake.py [--articles 100000] [--days 100] [--batch 1000]
Builds a synthetic lake in a temporary folder (never committed), then times
plan_revisions for one new day whose batch holds half known and half new articles.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pipeline.lake import write_partition
from pipeline.normalize import stable_id
from pipeline.revisions import plan_revisions
from pipeline.rows import ArticleRow

START = date(2026, 1, 1)
WORDS = (
    "harbour", "council", "ferry", "budget", "vote", "river", "school", "station",
    "market", "court", "storm", "energy", "bridge", "museum", "tram",
)


def article(n: int, day: date, variant: int = 0) -> ArticleRow:
    body = "\n\n".join(" ".join(WORDS[(n + k + i) % len(WORDS)] for i in range(40))
                       for k in range(8)) + ("\n\nAn added paragraph." if variant else "")
    at = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
    return ArticleRow(
        article_id=stable_id("article", n), content_hash=stable_id("content", n, variant),
        url=f"https://news.example/a/{n}", final_url=f"https://news.example/a/{n}",
        canonical_url=f"https://news.example/a/{n}", site="news.example", source="bench",
        site_name="Bench", section="City", title=f"Story {n}", description=None,
        authors=("A. Writer",), tags=(), published_at=at, published_precision="second",
        modified_at=None, modified_precision=None, fetched_at=at, language="en",
        body_text=body, word_count=len(body.split()), image_url=None, image_caption=None,
        image_credit=None, http_status=200, title_method="og", authors_method="jsonld",
        published_method="jsonld", modified_method=None, section_method="og",
        language_method="html_lang", image_method=None, body_method="heuristic",
        warc_path=None, warc_record_id=None, run_id="bench", parser_version="bench",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--days", type=int, default=100)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    per_day = args.articles // args.days
    with tempfile.TemporaryDirectory() as root:
        lake = Path(root) / "lake"
        started = time.perf_counter()
        for d in range(args.days):
            day = START + timedelta(days=d)
            write_partition(lake, "articles", day,
                            [article(d * per_day + i, day) for i in range(per_day)])
        built = time.perf_counter() - started
        size = sum(p.stat().st_size for p in lake.rglob("*.parquet"))
        new_day = START + timedelta(days=args.days)
        known = [article(i * (args.articles // (args.batch // 2)), new_day, variant=1)
                 for i in range(args.batch // 2)]
        fresh = [article(args.articles + i, new_day) for i in range(args.batch // 2)]
        started = time.perf_counter()
        plan = plan_revisions(lake, new_day, known + fresh, [], [], "bench")
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kinds: dict[str, int] = {}
    for row in plan.rows:
        kinds[row.kind] = kinds.get(row.kind, 0) + 1
    print(f"lake: {args.articles} articles in {args.days} partitions, "
          f"{size / 1e6:.1f} MB Parquet (built in {built:.0f}s)")
    print(f"batch: {args.batch} articles ({len(known)} known, {len(fresh)} new)")
    print(f"plan_revisions: {elapsed:.2f}s, rows {kinds}, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
