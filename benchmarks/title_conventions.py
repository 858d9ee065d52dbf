"""How each set's gold titles follow one title source: the ceiling of any title rule.

Usage: python benchmarks/title_conventions.py PACK [--workers N]

For every page whose gold scores the title, the candidates the metadata reader sees (our pick,
og:title, JSON-LD headline, twitter:title, the first h1 outside page chrome, <title> as
written and without its site name) are scored with the pack's own scorer. The table shows
each source used alone on every page (falling back to our pick where a page lacks it), the
best single source per set (the figure a rule would reach if it knew each set's convention)
and the per-page oracle (some candidate matches the gold).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.evaluation import iter_pack, load_scorer, read_pack_page
from pipeline.parse.decode import decode_html
from pipeline.parse.metadata import (
    as_text,
    clean_space,
    drop_trailing_labels,
    in_chrome,
    is_logo_heading,
    is_section_anchor,
    pick_article,
    pick_site_name,
    pick_title,
    read_headline,
    scan_page,
    site_host,
    strip_candidate,
    strip_site_suffix,
    unescape_html,
)
from pipeline.parse.tree import build_tree

# Metadata titles as declared, in the order a reader that trusts metadata first takes them.
DECLARED_METAS = ("og:title", "twitter:title", "dc.title", "title")
SOURCES = ("ours", "og:title", "og:title, site cut", "twitter:title", "JSON-LD headline",
           "declared, as written", "first h1", "<title>", "<title>, site cut",
           "<title>, site and labels cut")


def read_candidates(item: tuple[str, str, str | None]) -> tuple[str, dict[str, str]]:
    """A page's title candidates by source ("" where the page has none)."""
    page_id, html_path, url = item
    raw = read_pack_page(html_path, url)
    text, _ = decode_html(raw.body, raw.header("content-type"))
    soup, _ = build_tree(text)
    scan = scan_page(soup)
    ids = {str(n["@id"]): n for n in scan.jsonld if isinstance(n.get("@id"), str)}
    article = pick_article(scan.jsonld)
    site_name = pick_site_name(scan, article, ids)
    site = site_name[0] if site_name else None
    host = site_host(raw.url)

    def meta(key: str) -> str:
        values = scan.metas.get(key, [])
        return clean_space(unescape_html(values[0])) if values else ""

    ours = pick_title(scan, article, site, raw.url)
    headline = as_text(article.get("headline") or article.get("name")) if article else ""
    h1s = [read_headline(h) for h in scan.h1s
           if not in_chrome(h) and not is_logo_heading(h) and not is_section_anchor(h)]
    title_cut = strip_site_suffix(scan.title_tag, site, host) if scan.title_tag else ""
    declared = headline or next((meta(k) for k in DECLARED_METAS if meta(k)), scan.title_tag)
    og = meta("og:title")
    return page_id, {
        "ours": ours[0] if ours else "",
        "og:title": og,
        "og:title, site cut": strip_candidate(og, "og", scan.title_tag, site, host) if og else "",
        "twitter:title": meta("twitter:title"),
        "JSON-LD headline": headline,
        "declared, as written": declared,
        "first h1": h1s[0] if h1s else "",
        "<title>": scan.title_tag,
        "<title>, site cut": title_cut,
        "<title>, site and labels cut": drop_trailing_labels(title_cut) if title_cut else "",
    }


def matches(scorer: ModuleType, value: str, wanted: str) -> int:
    return int(bool(value) and scorer.norm_title(value) == wanted)


def tabulate(scorer: ModuleType, golds: dict[str, dict[str, Any]],
             candidates: dict[str, dict[str, str]]) -> list[str]:
    """The markdown table: each source alone, the best source per set, and the oracle."""
    hits: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    oracle: dict[str, list[int]] = defaultdict(list)
    for page_id, gold in golds.items():
        found = candidates.get(page_id, {})
        wanted = scorer.norm_title(gold["title"])
        for source in SOURCES:
            value = found.get(source) or found.get("ours", "")
            hits[source][gold["set"]].append(matches(scorer, value, wanted))
        oracle[gold["set"]].append(
            max((matches(scorer, v, wanted) for v in found.values()), default=0))
    sets = sorted(oracle)

    def row(name: str, per_set: dict[str, float]) -> str:
        macro = sum(per_set.values()) / len(per_set)
        cells = " | ".join(f"{per_set[s]:.3f}" for s in sets)
        return f"| {name} | {cells} | {macro:.3f} |"

    shares = {source: {s: sum(v) / len(v) for s, v in hits[source].items()} for source in SOURCES}
    best = {s: max(shares[source][s] for source in SOURCES) for s in sets}
    lines = ["| source | " + " | ".join(f"{s} ({len(oracle[s])})" for s in sets) + " | macro |",
             "|---|" + "---|" * (len(sets) + 1)]
    lines += [row(source, shares[source]) for source in SOURCES]
    lines.append(row("best source per set", best))
    lines.append(row("per-page oracle", {s: sum(v) / len(v) for s, v in oracle.items()}))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pack", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    scorer = load_scorer(args.pack.parent / "score_pages.py")
    golds: dict[str, dict[str, Any]] = {}
    with open(args.pack / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            gold = json.loads(line)
            if "title" in gold.get("fields", []):
                golds[gold["id"]] = gold
    items = [item for item in iter_pack(args.pack) if item[0] in golds]
    with ProcessPoolExecutor(args.workers) as pool:
        candidates = dict(pool.map(read_candidates, items, chunksize=8))
    print("\n".join(tabulate(scorer, golds, candidates)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
