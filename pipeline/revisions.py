"""Revisions: compare each article version with the last one already in the lake."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from pipeline import PARSER_VERSION
from pipeline.normalize import stable_id
from pipeline.rows import ArticleRow, QuoteRow, UpdateRow

COMPARED = ("title", "description", "body_text", "authors", "section", "published_at",
            "modified_at", "image_url")
PARTITIONING = ds.partitioning(pa.schema([("ingest_date", pa.string())]), flavor="hive")


def _dataset(lake: str | Path, table: str) -> ds.Dataset | None:
    root = Path(lake) / table
    if not root.exists():
        return None
    return ds.dataset(root, format="parquet", partitioning=PARTITIONING)


def load_previous_versions(
    lake: str | Path, article_ids: Iterable[str], before: date
) -> dict[str, dict[str, Any]]:
    """The latest version of each article stored in partitions before a date.

    Only the asked articles' rows are read (a filter pushed down to the Parquet scan), so
    a day's run does not load the whole lake.
    """
    dataset = _dataset(lake, "articles")
    ids = sorted(set(article_ids))
    if dataset is None or not ids:
        return {}
    condition = (ds.field("ingest_date") < before.isoformat()) & ds.field("article_id").isin(ids)
    columns = ["article_id", "content_hash", "fetched_at", "ingest_date", *COMPARED]
    table = dataset.to_table(columns=columns, filter=condition)
    latest: dict[str, dict[str, Any]] = {}
    for row in table.to_pylist():
        key = (row["ingest_date"], row["fetched_at"])
        current = latest.get(row["article_id"])
        if current is None or key > (current["ingest_date"], current["fetched_at"]):
            latest[row["article_id"]] = row
    return latest


def load_quote_texts(lake: str | Path, versions: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Quote texts of the given (article_id, content_hash) versions, keyed by content hash."""
    dataset = _dataset(lake, "quotes")
    if dataset is None or not versions:
        return {}
    hashes = sorted({h for _, h in versions})
    ids = sorted({a for a, _ in versions})
    condition = ds.field("article_id").isin(ids) & ds.field("content_hash").isin(hashes)
    table = dataset.to_table(columns=["content_hash", "text"], filter=condition)
    texts: dict[str, list[str]] = {}
    for row in table.to_pylist():
        texts.setdefault(row["content_hash"], []).append(row["text"])
    return texts


def count_changed_chars(before: str, after: str) -> tuple[int, int]:
    """Characters added and removed between two texts, compared paragraph by paragraph."""
    old, new = before.split("\n\n"), after.split("\n\n")
    added = removed = 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            removed += sum(len(p) for p in old[i1:i2])
        if tag in ("replace", "insert"):
            added += sum(len(p) for p in new[j1:j2])
    return added, removed


def _normal(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def build_revision_rows(
    lake: str | Path,
    ingest_date: date,
    articles: Sequence[ArticleRow],
    quotes: Sequence[QuoteRow],
    run_id: str,
) -> list[UpdateRow]:
    """first_seen and content_changed rows for this batch, against earlier partitions."""
    previous = load_previous_versions(lake, [a.article_id for a in articles], ingest_date)
    old_quotes = load_quote_texts(
        lake, [(p["article_id"], p["content_hash"]) for p in previous.values()]
    )
    new_quotes: dict[str, list[str]] = {}
    for quote in quotes:
        new_quotes.setdefault(quote.content_hash, []).append(quote.text)
    rows: list[UpdateRow] = []
    for article in sorted(articles, key=lambda a: (a.article_id, a.fetched_at)):
        before = previous.get(article.article_id)
        if before is not None and before["content_hash"] == article.content_hash:
            continue
        fields_changed: tuple[str, ...] = ()
        if before is None:
            kind = "first_seen"
            added = removed = q_added = q_removed = None
            hash_before = None
        else:
            kind = "content_changed"
            fields_changed = tuple(
                name for name in COMPARED
                if _normal(before[name]) != _normal(getattr(article, name))
            )
            added, removed = count_changed_chars(before["body_text"] or "", article.body_text)
            old = set(old_quotes.get(before["content_hash"], []))
            new = set(new_quotes.get(article.content_hash, []))
            q_added, q_removed = len(new - old), len(old - new)
            hash_before = before["content_hash"]
        rows.append(UpdateRow(
            update_id=stable_id("update", article.article_id, kind, hash_before,
                                article.content_hash),
            article_id=article.article_id,
            kind=kind,
            observed_at=article.fetched_at,
            stated_at=None,
            stated_precision=None,
            note=None,
            fields_changed=fields_changed,
            chars_added=added,
            chars_removed=removed,
            quotes_added=q_added,
            quotes_removed=q_removed,
            hash_before=hash_before,
            hash_after=article.content_hash,
            run_id=run_id,
            parser_version=PARSER_VERSION,
        ))
    return rows
