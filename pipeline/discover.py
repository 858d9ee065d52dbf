"""Discovery: article URLs (with what the feed knew) from a source's RSS and Atom feeds."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser

from pipeline.archive import FetchOutcome
from pipeline.fetch import FEED_TYPES, Fetcher
from pipeline.models import ArticleRef


@dataclass(frozen=True)
class Discovery:
    """Article references found for a source, and feeds that could not be read."""

    refs: tuple[ArticleRef, ...]
    failures: tuple[FetchOutcome, ...]


def canonicalize_url(url: str) -> str:
    """Drop the fragment and normalise scheme/host case so one article has one URL."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _entry_time(entry: Any, key: str) -> datetime | None:
    # dict.get: feedparser's own get() maps updated to published with a deprecation warning
    value = dict.get(entry, key)
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), UTC)


def parse_feed(body: bytes, feed_url: str, source: str) -> Iterator[ArticleRef]:
    """Article references from RSS/Atom bytes; a malformed feed yields what could be read."""
    parsed = feedparser.parse(body)
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not link:
            continue
        url = canonicalize_url(urljoin(feed_url, link))
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        yield ArticleRef(
            url=url,
            source=source,
            discovered_via=feed_url,
            title=entry.get("title"),
            published_at=_entry_time(entry, "published_parsed"),
            lastmod_at=_entry_time(entry, "updated_parsed"),
        )


def discover_articles(fetcher: Fetcher) -> Discovery:
    """Read every feed of the fetcher's source; dedupe URLs, keep the first feed's facts."""
    source = fetcher.source
    refs: dict[str, ArticleRef] = {}
    failures: list[FetchOutcome] = []
    for feed_url in source.feeds:
        result = fetcher.fetch(feed_url, accept=FEED_TYPES, role="feed")
        if result.page is None or result.page.status != 200:
            failures.append(result.outcome)
            continue
        for ref in parse_feed(result.page.body, result.page.final_url, source.name):
            refs.setdefault(ref.url, ref)
            if len(refs) >= source.max_pages:
                break
    return Discovery(tuple(refs.values()), tuple(failures))
