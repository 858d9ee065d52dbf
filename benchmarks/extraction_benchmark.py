"""Article extraction benchmark: our parse path against trafilatura, newspaper4k, readability
and htmldate on the same evaluation-pack pages, in the same run, one process (one core) each.

    python benchmarks/extraction_benchmark.py ../shared/eval/dev [--stride N] [--out DIR]
        [--peer-python /tmp/bench-venv/bin/python] [--only ours,trafilatura,...]

The peers are dev-only dependencies (requirements-bench.in / .txt). They pin packages of their
own, so they usually live in a separate virtualenv given by --peer-python (default: the
interpreter running this script when it can import them, else /tmp/bench-venv/bin/python).
Each extractor runs as `python extraction_benchmark.py --worker NAME ...` in its own process,
one after the other, so each has a core of its own and none shares caches with another.

Writes one predictions file per extractor (DIR/<name>.jsonl, score_pages.py's format), scores
them with the pack's score_pages.py and prints docs/extraction.md-style markdown: the accuracy
table per set and macro for each extractor, and pages per second (parse time only: reading and
gunzipping a page is outside the timed span, and so is scoring).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXTRACTORS = ("ours", "trafilatura", "newspaper4k", "readability", "htmldate")
# The metrics each extractor has an output for; the others are shown as "-".
PROVIDES = {
    "ours": None,
    # trafilatura only passes a language through when a detector is installed: not scored.
    "trafilatura": {"coverage", "body_f1", "snippet_f1", "body_prefix", "title", "authors_f1",
                    "published"},
    "newspaper4k": {"coverage", "body_f1", "snippet_f1", "body_prefix", "title", "authors_f1",
                    "published", "lang"},
    "readability": {"coverage", "body_f1", "snippet_f1", "body_prefix", "title"},
    "htmldate": {"published"},
}
METRICS = ("coverage", "body_f1", "snippet_f1", "body_prefix", "title", "authors_f1",
           "published", "lang")
DEFAULT_PEER_PYTHON = "/tmp/bench-venv/bin/python"


# --- workers (run in their own process) -------------------------------------------------


def load_items(pack: Path, stride: int) -> list[dict[str, Any]]:
    rows = []
    with open(pack / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
    return rows[::max(1, stride)]


def read_html(pack: Path, row: dict[str, Any]) -> bytes:
    return gzip.decompress((pack / row["html"]).read_bytes())


def as_text(html: bytes) -> str:
    """Peers take text; decode as the page's bytes allow (UTF-8, else cp1252)."""
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return html.decode("cp1252", "replace")


def iso(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


QUOTE_SECONDS = [0.0]  # time inside quote and source extraction, part of run_ours's time


def run_ours(pack: Path, row: dict[str, Any], html: bytes) -> dict[str, Any]:
    """The whole parse stage: parse_page, then the rows of the four tables.

    Like the peers, it starts from the page's bytes, already read and gunzipped."""
    from pipeline.evaluation import pack_page, to_prediction
    from pipeline.models import ParsedArticle
    from pipeline.normalize import build_rows
    from pipeline.parse import parse_page

    url = row.get("url") or (pack / row["html"]).resolve().as_uri()
    result = parse_page(pack_page(html, url))
    if isinstance(result, ParsedArticle):
        build_rows(result, "benchmark")
    return to_prediction(row["id"], result)


def time_quotes() -> None:
    """Count the time parse_page spends extracting quotes and sources."""
    import pipeline.parse as parse

    extract = parse.extract_attributions

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return extract(*args, **kwargs)
        finally:
            QUOTE_SECONDS[0] += time.perf_counter() - start

    parse.extract_attributions = timed


def make_trafilatura() -> Callable[[Path, dict[str, Any], bytes], dict[str, Any]]:
    import trafilatura

    def run(pack: Path, row: dict[str, Any], html: bytes) -> dict[str, Any]:
        doc = trafilatura.bare_extraction(as_text(html), url=row.get("url"),
                                          with_metadata=True)
        if doc is None:
            return {"id": row["id"], "error": "no extraction"}
        get = doc.get if isinstance(doc, dict) else lambda key: getattr(doc, key, None)
        author = get("author") or ""
        return {
            "id": row["id"],
            "title": get("title"),
            "authors": [a.strip() for a in author.split(";") if a.strip()],
            "published": get("date"),
            "body": get("text") or "",
            "lang": get("language"),
        }

    return run


def make_newspaper() -> Callable[[Path, dict[str, Any], bytes], dict[str, Any]]:
    from newspaper import Article, Config
    from newspaper.extractors import image_extractor

    # newspaper4k sizes candidate images over the network even with fetch_images off (one
    # request per <img>, seconds a page); the benchmark measures offline parsing, so no
    # image is ever fetched.
    image_extractor.ImageExtractor._check_image_size = lambda self, url, referer: False
    config = Config()
    config.fetch_images = False
    config.memorize_articles = False

    def run(pack: Path, row: dict[str, Any], html: bytes) -> dict[str, Any]:
        article = Article(row.get("url") or "http://localhost/", config=config)
        article.download(input_html=as_text(html))
        article.parse()
        return {
            "id": row["id"],
            "title": article.title or None,
            "authors": list(article.authors or []),
            "published": iso(article.publish_date),
            "body": article.text or "",
            "lang": article.meta_lang or None,
        }

    return run


def make_readability() -> Callable[[Path, dict[str, Any], bytes], dict[str, Any]]:
    import lxml.html
    from readability import Document

    def run(pack: Path, row: dict[str, Any], html: bytes) -> dict[str, Any]:
        doc = Document(as_text(html))
        summary = doc.summary()
        body = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        return {"id": row["id"], "title": doc.short_title() or None, "body": body}

    return run


def make_htmldate() -> Callable[[Path, dict[str, Any], bytes], dict[str, Any]]:
    from htmldate import find_date

    def run(pack: Path, row: dict[str, Any], html: bytes) -> dict[str, Any]:
        return {"id": row["id"],
                "published": find_date(as_text(html), url=row.get("url"),
                                       extensive_search=True)}

    return run


def make_runner(name: str) -> Callable[[Path, dict[str, Any], bytes], dict[str, Any]]:
    if name == "ours":
        return run_ours
    return {"trafilatura": make_trafilatura, "newspaper4k": make_newspaper,
            "readability": make_readability, "htmldate": make_htmldate}[name]()


def worker(name: str, pack: Path, stride: int, out: Path) -> None:
    """Predict every sampled page with one extractor; the last line holds the timing."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)  # peers log every failed page
    warnings.simplefilter("ignore")
    if name == "ours":
        sys.path.insert(0, str(REPO))
    runner = make_runner(name)
    items = load_items(pack, stride)
    if items:  # warm up (imports, models, caches) outside the timed span
        with contextlib.suppress(Exception):
            runner(pack, items[0], read_html(pack, items[0]))
    if name == "ours":
        time_quotes()
    elapsed = 0.0
    with open(out, "w", encoding="utf-8") as handle:
        for row in items:
            html = read_html(pack, row)
            start = time.perf_counter()
            try:
                prediction = runner(pack, row, html)
            except Exception as exc:  # a peer crashing on a page counts as a reject
                prediction = {"id": row["id"], "error": f"{type(exc).__name__}: {exc}"[:300]}
            elapsed += time.perf_counter() - start
            handle.write(json.dumps(prediction, ensure_ascii=False, default=str) + "\n")
    with open(out.with_suffix(".time.json"), "w", encoding="utf-8") as handle:
        json.dump({"pages": len(items), "seconds": elapsed, "quote_seconds": QUOTE_SECONDS[0]},
                  handle)


# --- driver -----------------------------------------------------------------------------


def load_scorer(pack: Path) -> Any:
    from pipeline.evaluation import load_scorer as load_pack_scorer

    return load_pack_scorer(pack.parent / "score_pages.py")


def can_import_peers(python: str) -> bool:
    code = "import trafilatura, newspaper, readability, htmldate"
    result = subprocess.run([python, "-c", code], capture_output=True, check=False)
    return result.returncode == 0


def fmt(row: dict[str, tuple[float, int]], metric: str) -> str:
    return f"{row[metric][0]:.3f}" if metric in row else "-"


def markdown(tables: dict[str, dict[str, Any]], speeds: dict[str, tuple[int, float]],
             stride: int, quote_seconds: float | None = None) -> str:
    lines = ["# Article extraction: ours and peers", ""]
    pages = next(iter(speeds.values()))[0] if speeds else 0
    lines.append(f"Pages: {pages} (every {stride}. page of the pack)" if stride > 1
                 else f"Pages: {pages} (the whole pack)")
    lines += ["", "## Macro over sets", "",
              "| extractor | " + " | ".join(METRICS) + " | pages/s |",
              "|---" * (len(METRICS) + 2) + "|"]
    for name, table in tables.items():
        row = table["ALL (macro over sets)"]
        count, seconds = speeds[name]
        shown = f"{count / seconds:.1f}" if seconds else "-"
        lines.append(f"| {name} | " + " | ".join(fmt(row, m) for m in METRICS)
                     + f" | {shown} |")
    for name, table in tables.items():
        lines += ["", f"## {name}", "", "| set | " + " | ".join(METRICS) + " |",
                  "|---" * (len(METRICS) + 1) + "|"]
        for set_name, row in table.items():
            cells = [f"{row[m][0]:.3f} ({row[m][1]})" if m in row else "-" for m in METRICS]
            lines.append(f"| {set_name} | " + " | ".join(cells) + " |")
    lines += ["", "## Speed (one process each, parse time only)", "",
              "| extractor | pages | seconds | pages/s | ms/page |", "|---|---|---|---|---|"]
    for name, (count, seconds) in speeds.items():
        rate = count / seconds if seconds else 0.0
        per_page = 1000 * seconds / count if count else 0.0
        lines.append(f"| {name} | {count} | {seconds:.1f} | {rate:.1f} | {per_page:.1f} |")
    if quote_seconds is not None and "ours" in speeds:
        count, seconds = speeds["ours"]
        rest = seconds - quote_seconds
        lines += ["", f"Quote and source extraction: {quote_seconds:.1f} s of ours' "
                  f"{seconds:.1f} s ({1000 * quote_seconds / max(count, 1):.1f} ms/page), "
                  f"adding {100 * quote_seconds / rest if rest > 0 else 0.0:.0f}% to the rest "
                  "of the parse stage."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pack", type=Path, help="evaluation pack folder (with gold.jsonl)")
    parser.add_argument("--stride", type=int, default=1, help="use every Nth page")
    parser.add_argument("--out", type=Path, help="folder for the predictions (default: temp)")
    parser.add_argument("--only", help="comma-separated extractors (default: all)")
    parser.add_argument("--peer-python", help="interpreter that has the peers installed")
    parser.add_argument("--worker", choices=EXTRACTORS, help=argparse.SUPPRESS)
    parser.add_argument("--pred", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pack = args.pack.resolve()
    if args.worker:
        worker(args.worker, pack, args.stride, args.pred)
        return 0
    names = [n for n in (args.only.split(",") if args.only else EXTRACTORS) if n]
    unknown = set(names) - set(EXTRACTORS)
    if unknown:
        parser.error(f"unknown extractors: {', '.join(sorted(unknown))}")
    peer_python = args.peer_python or (
        sys.executable if can_import_peers(sys.executable) else DEFAULT_PEER_PYTHON)
    out = args.out or Path(tempfile.mkdtemp(prefix="extraction-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    scorer = load_scorer(pack)
    gold_rows = load_items(pack, args.stride)
    tables: dict[str, dict[str, Any]] = {}
    speeds: dict[str, tuple[int, float]] = {}
    quote_seconds: float | None = None
    for name in names:
        python = sys.executable if name == "ours" else peer_python
        pred = out / f"{name}.jsonl"
        print(f"running {name} ({python})", file=sys.stderr, flush=True)
        subprocess.run([python, str(Path(__file__).resolve()), str(pack), "--worker", name,
                        "--stride", str(args.stride), "--pred", str(pred)],
                       check=True, cwd=REPO)
        timing = json.loads(pred.with_suffix(".time.json").read_text(encoding="utf-8"))
        speeds[name] = (int(timing["pages"]), float(timing["seconds"]))
        if name == "ours":
            quote_seconds = float(timing.get("quote_seconds", 0.0))
        with open(pred, encoding="utf-8") as handle:
            preds = {row["id"]: row for row in map(json.loads, handle)}
        table = scorer.score(gold_rows, preds)
        provides = PROVIDES[name]
        if provides is not None:
            table = {k: {m: v for m, v in row.items() if m in provides}
                     for k, row in table.items()}
        tables[name] = table
    print(f"predictions in {out}", file=sys.stderr)
    sys.stdout.write(markdown(tables, speeds, args.stride, quote_seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
