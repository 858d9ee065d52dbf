"""Diff view: the changes between two stored versions of an article, as a unified diff."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.revisions import COMPARED, isin, open_dataset


class VersionNotFound(PipelineError):
    reason = "version_not_found"


def load_versions(lake: str | Path, article_id: str) -> list[dict[str, Any]]:
    """Every stored version of one article, oldest first (one row per content hash)."""
    dataset = open_dataset(lake, "articles")
    if dataset is None:
        return []
    rows = dataset.to_table(columns=["article_id", "content_hash", "fetched_at", *COMPARED],
                            filter=isin("article_id", [article_id])).to_pylist()
    versions: dict[str, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: r["fetched_at"]):
        versions.setdefault(row["content_hash"], row)
    return list(versions.values())


def _lines(name: str, value: Any) -> list[str]:
    if value is None:
        return []
    if name == "body_text":
        return [p + "\n" for p in str(value).split("\n\n")]
    if isinstance(value, (list, tuple)):
        return [f"{item}\n" for item in value]
    return [f"{value}\n"]


def diff_versions(lake: str | Path, article_id: str, before: str | None = None,
                  after: str | None = None) -> str:
    """Unified diff, field by field, between two versions (default: the last two)."""
    versions = load_versions(lake, article_id)
    by_hash = {v["content_hash"]: v for v in versions}
    if not versions:
        raise VersionNotFound(f"no stored version of article {article_id}")
    new = by_hash.get(after) if after else versions[-1]
    if new is None:
        raise VersionNotFound(f"article {article_id} has no version {after}")
    if before:
        old = by_hash.get(before)
        if old is None:
            raise VersionNotFound(f"article {article_id} has no version {before}")
    else:
        older = [v for v in versions if v["fetched_at"] < new["fetched_at"]]
        old = older[-1] if older else None
    if old is None:
        return f"article {article_id}: only one version ({new['content_hash']})\n"
    out = [f"article {article_id}: {old['content_hash']} ({old['fetched_at']}) -> "
           f"{new['content_hash']} ({new['fetched_at']})\n"]
    for name in COMPARED:
        out.extend(difflib.unified_diff(_lines(name, old[name]), _lines(name, new[name]),
                                        fromfile=f"{name}@{old['content_hash']}",
                                        tofile=f"{name}@{new['content_hash']}"))
    return "".join(out)


__all__ = ["diff_versions", "load_versions"]
