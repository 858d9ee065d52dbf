"""Evaluation: run the real parse path over an evaluation pack and write scorer predictions."""

from __future__ import annotations

import gzip
import importlib.util
import json
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from pipeline.models import DateValue, ParsedArticle, Quote, RawPage, Reject
from pipeline.parse import parse_page
from pipeline.parse.quotes import extract_attributions
from pipeline.progress import track

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def load_scorer(path: str | Path) -> ModuleType:
    """A pack's scorer (score_pages.py, score_quotes.py) as a module: it is not a package."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def format_date(value: DateValue | None) -> str | None:
    """A date as the page stated it: the calendar day, or the instant with its own offset."""
    if value is None:
        return None
    if value.precision == "day":
        return value.value.date().isoformat()
    return value.value.isoformat()


def read_pack_page(html_path: str, url: str | None) -> RawPage:
    """A pack page as the fetch stage would hand it over (gzip'd HTML, status 200)."""
    body = gzip.decompress(Path(html_path).read_bytes())
    return pack_page(body, url or Path(html_path).resolve().as_uri())


def pack_page(body: bytes, page_url: str) -> RawPage:
    """A pack page's HTML bytes as the fetch stage would hand them over (status 200)."""
    return RawPage(url=page_url, final_url=page_url, status=200,
                   headers=(("Content-Type", "text/html"),), body=body, fetched_at=EPOCH,
                   source="eval")


def to_prediction(page_id: str, result: ParsedArticle | Reject) -> dict[str, Any]:
    """A parse result in score_pages.py's format."""
    if isinstance(result, Reject):
        return {"id": page_id, "error": f"{result.reason}: {result.detail}"}
    meta = result.metadata
    return {
        "id": page_id,
        "title": meta.title,
        "authors": list(meta.authors),
        # The scorer asks for one date: an analyst's coalesce(published_at, modified_at). The
        # lake keeps published_at empty when the page states only an update.
        "published": format_date(meta.published or meta.modified),
        "body": result.body.text,
        "lang": meta.language,
        "quotes": len(result.attributions.quotes),
        "update_notes": [{"kind": n.kind, "note": n.note} for n in result.update_notes],
    }


def predict_page(item: tuple[str, str, str | None]) -> dict[str, Any]:
    """One prediction in score_pages.py's format, through the same parse_page the lake uses."""
    page_id, html_path, url = item
    try:
        raw = read_pack_page(html_path, url)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        return {"id": page_id, "error": f"unreadable page: {exc}"}
    return to_prediction(page_id, parse_page(raw))


def iter_pack(pack: str | Path) -> Iterator[tuple[str, str, str | None]]:
    pack = Path(pack)
    with open(pack / "gold.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                yield row["id"], str(pack / row["html"]), row.get("url")


def evaluate_pages(pack: str | Path, out: str | Path, workers: int = 2) -> int:
    """Write one prediction per page id of the pack; returns the number written."""
    items = list(iter_pack(pack))
    count = 0
    with open(out, "w", encoding="utf-8") as handle, ProcessPoolExecutor(
        max_workers=max(1, workers)
    ) as pool:
        results = pool.map(predict_page, items, chunksize=8)
        for prediction in track(results, len(items), "eval pages"):
            handle.write(json.dumps(prediction, ensure_ascii=False) + "\n")
            count += 1
    return count


def predict_quotes(article: dict[str, Any]) -> dict[str, Any]:
    """One prediction in score_quotes.py's format from an article's plain text."""
    text = article["text"]
    found = extract_attributions(text)
    quotes: list[dict[str, Any]] = []
    previous: Quote | None = None
    for quote in found.quotes:
        if previous is not None and quotes and continues_quote(text, previous, quote):
            # PolNeAR annotates a quote split by its cue ("A," she said, "B") as one
            # discontinuous content; the scorer takes one span, so the halves are joined.
            quotes[-1]["end"] = quote.end
            previous = quote
            continue
        quotes.append({
            "start": quote.start,
            "end": quote.end,
            "speaker": _speaker_name(found, quote.source_index, quote.speaker),
            "speaker_start": quote.speaker_start,
            "speaker_end": quote.speaker_end,
            "kind": quote.kind,
        })
        previous = quote
    return {
        "id": article["id"],
        "quotes": quotes,
        "sources": [{"name": s.name, "kind": s.kind} for s in found.sources],
    }


def continues_quote(text: str, before: Quote, after: Quote) -> bool:
    """Whether a quote is the second half of the one before (same cue, or no cue of its own)."""
    if after.kind == "indirect":
        return False
    same_cue = after.speaker_start is not None and after.speaker_start == before.speaker_start
    uncued = (after.cue is None and after.source_index is not None
              and after.source_index == before.source_index)
    gap = text[before.end:after.start]
    return (same_cue or uncued) and "\n" not in gap and len(gap) < 400


def _speaker_name(found: Any, index: int | None, written: str | None) -> str | None:
    if index is not None and 0 <= index < len(found.sources):
        return str(found.sources[index].name)
    return written


def evaluate_quotes(pack: str | Path, out: str | Path) -> int:
    """Write one prediction per article of the pack's quotes.jsonl; returns the count."""
    path = Path(pack) / "quotes.jsonl"
    with open(path, encoding="utf-8") as handle:
        articles = [json.loads(line) for line in handle if line.strip()]
    with open(out, "w", encoding="utf-8") as handle:
        for article in track(articles, len(articles), "eval quotes"):
            handle.write(json.dumps(predict_quotes(article), ensure_ascii=False) + "\n")
    return len(articles)
