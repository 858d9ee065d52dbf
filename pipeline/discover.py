"""Discovery: article URLs (with what the feed or sitemap knew) from feeds and sitemaps."""

from __future__ import annotations

import calendar
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from pipeline.archive import FetchOutcome
from pipeline.config import SourceConfig
from pipeline.errors import ResponseRejected
from pipeline.fetch import FEED_TYPES, SITEMAP_MAX_BYTES, SITEMAP_TYPES, Fetcher
from pipeline.models import ArticleRef
from pipeline.sitemap import ENTITY_DECLARATION, parse_sitemap
from pipeline.urls import canonicalize_url, dedup_key, url_wanted

__all__ = ["Discovery", "canonicalize_url", "discover_articles", "in_window", "parse_feed"]

MAX_SITEMAPS = 50  # sitemap documents read per source and run
MAX_REFS = 200_000  # references kept per source and run (memory bound)


@dataclass(frozen=True)
class Discovery:
    """Article references found for a source, the feeds and sitemaps that could not be read,
    and how many URLs each filter dropped (nothing is dropped without being counted)."""

    refs: tuple[ArticleRef, ...]
    failures: tuple[FetchOutcome, ...]
    duplicates: int = 0
    excluded: int = 0  # by the source's include/exclude patterns or an unusable scheme
    outside_window: int = 0
    overflow: int = 0  # beyond MAX_REFS
    sitemaps_read: int = 0


def _entry_time(entry: Any, key: str) -> datetime | None:
    # dict.get: feedparser's own get() maps updated to published with a deprecation warning
    value = dict.get(entry, key)
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (ValueError, OverflowError, OSError):  # year 0 or 99999 in a hostile feed
        return None


def parse_feed(body: bytes, feed_url: str, source: str) -> Iterator[ArticleRef]:
    """Article references from RSS 0.9x/1.0/2.0 or Atom bytes; a malformed feed yields what
    could be read. A feed declaring XML entities is refused (feedparser would not expand
    them either; tests/test_discover.py checks both)."""
    if ENTITY_DECLARATION.search(body):
        raise ResponseRejected("feed declares XML entities", reason="xml_entities")
    try:
        parsed = feedparser.parse(body)
    except (ValueError, LookupError) as exc:  # e.g. a declared encoding with a NUL in it
        raise ResponseRejected(f"unreadable feed: {exc}"[:300], reason="bad_feed")
    for entry in parsed.entries:
        link = entry.get("link") or entry.get("id")
        if not link:
            continue
        try:
            url = canonicalize_url(urljoin(feed_url, link))
        except ValueError:  # e.g. "Invalid IPv6 URL" for http://[::1/x
            continue
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


def ref_time(ref: ArticleRef) -> datetime | None:
    """The time that says whether a reference is new: last modification, else publication."""
    return ref.lastmod_at or ref.published_at


def in_window(moment: datetime | None, since: datetime | None, until: datetime | None) -> bool:
    """``since <= moment < until``; an unknown time is inside (it may be new)."""
    if moment is None:
        return True
    if since is not None and moment < since:
        return False
    return until is None or moment < until


class _Collector:
    """Canonicalises, filters and dedupes references, counting what each filter drops."""

    def __init__(self, source: SourceConfig, since: datetime | None, until: datetime | None,
                 max_refs: int) -> None:
        self.source = source
        self.since, self.until, self.max_refs = since, until, max_refs
        self.refs: dict[str, ArticleRef] = {}
        self.counts = {"duplicates": 0, "excluded": 0, "outside_window": 0, "overflow": 0}

    def add(self, refs: Iterable[ArticleRef]) -> None:
        for ref in refs:
            url = canonicalize_url(ref.url)
            if urlsplit(url).scheme not in ("http", "https") or not url_wanted(
                    url, self.source.include_urls, self.source.exclude_urls):
                self.counts["excluded"] += 1
            elif not in_window(ref_time(ref), self.since, self.until):
                self.counts["outside_window"] += 1
            elif (key := dedup_key(url, canonical=True)) in self.refs:
                self.counts["duplicates"] += 1
            elif len(self.refs) >= self.max_refs:
                self.counts["overflow"] += 1
            else:
                self.refs[key] = ArticleRef(url, ref.source, ref.discovered_via, ref.title,
                                            ref.published_at, ref.lastmod_at)


def _sitemap_refs(body: bytes, sitemap_url: str, source: str, max_bytes: int
                  ) -> tuple[list[ArticleRef], list[tuple[str, datetime | None]]]:
    sitemap = parse_sitemap(body, max_bytes=max_bytes)
    refs = [ArticleRef(url=e.loc if e.loc.startswith(("http://", "https://"))
                       else urljoin(sitemap_url, e.loc), source=source,
                       discovered_via=sitemap_url, title=e.title, published_at=e.published,
                       lastmod_at=e.lastmod) for e in sitemap.urls]
    # newest first, so a page budget goes to what is new; undated entries last
    refs.sort(key=lambda r: (ref_time(r) is not None, ref_time(r) or datetime.min.replace(
        tzinfo=UTC)), reverse=True)
    children = [(urljoin(sitemap_url, e.loc), e.lastmod) for e in sitemap.sitemaps]
    return refs, children


def sitemap_urls(fetcher: Fetcher) -> list[str]:
    """The source's sitemaps, then those declared in robots.txt of its feed and sitemap hosts."""
    source = fetcher.source
    urls = list(source.sitemaps)
    if source.robots_sitemaps:
        origins: dict[str, str] = {}
        for url in (*source.feeds, *source.sitemaps):
            parts = urlsplit(url)
            origins.setdefault(f"{parts.scheme}://{parts.netloc}", url)
        for url in origins.values():
            urls.extend(fetcher.robots_sitemaps(url))
    return list(dict.fromkeys(canonicalize_url(u) for u in urls))


def _read_document(fetcher: Fetcher, url: str, role: str, failures: list[FetchOutcome]
                   ) -> bytes | None:
    if role == "feed":
        result = fetcher.fetch(url, accept=FEED_TYPES, role=role)
    else:
        cap = max(SITEMAP_MAX_BYTES, fetcher.settings.max_body_bytes)
        result = fetcher.fetch(url, accept=SITEMAP_TYPES, role=role, max_bytes=cap)
    if result.page is None or result.page.status != 200:
        failures.append(result.outcome)
        return None
    return result.page.body


def _refuse(fetcher: Fetcher, url: str, role: str, exc: ResponseRejected,
            failures: list[FetchOutcome]) -> None:
    kind = "refused" if exc.reason == "xml_entities" else "failed"
    outcome = FetchOutcome(url, kind, exc.reason, str(exc), at=datetime.now(UTC), role=role)
    fetcher.record(outcome)
    failures.append(outcome)


def discover_articles(
    fetcher: Fetcher, *, since: datetime | None = None, until: datetime | None = None,
    max_sitemaps: int = MAX_SITEMAPS, max_refs: int = MAX_REFS,
) -> Discovery:
    """Read the source's feeds and sitemaps; canonicalise, filter, dedupe the article URLs.

    ``since``/``until`` keep references whose lastmod (else publication) time is in
    ``[since, until)`` (undated ones are kept), and skip index children whose lastmod is
    before ``since``. Feed entries come first in feed order, then sitemap entries newest
    first. The page budget (``max_pages``) is not applied here: the fetcher records the
    URLs beyond it as skipped.
    """
    source = fetcher.source
    collector = _Collector(source, since, until, max_refs)
    failures: list[FetchOutcome] = []
    for feed_url in source.feeds:
        body = _read_document(fetcher, feed_url, "feed", failures)
        if body is None:
            continue
        try:
            collector.add(list(parse_feed(body, feed_url, source.name)))
        except ResponseRejected as exc:
            _refuse(fetcher, feed_url, "feed", exc, failures)

    queue = deque(sitemap_urls(fetcher))
    seen = set(queue)
    read = 0
    while queue and read < max_sitemaps:
        url = queue.popleft()
        read += 1
        body = _read_document(fetcher, url, "sitemap", failures)
        if body is None:
            continue
        try:
            refs, children = _sitemap_refs(
                body, url, source.name, max(SITEMAP_MAX_BYTES, fetcher.settings.max_body_bytes))
        except ResponseRejected as exc:
            _refuse(fetcher, url, "sitemap", exc, failures)
            continue
        collector.add(refs)
        for child, lastmod in children:
            child = canonicalize_url(child)
            if child in seen:
                continue
            seen.add(child)
            if since is not None and lastmod is not None and lastmod < since:
                continue  # the child has not changed since the window opened
            queue.append(child)
    for url in queue:  # sitemaps beyond the limit are recorded, not silently ignored
        outcome = FetchOutcome(url, "skipped", "sitemap_limit",
                               f"more than {max_sitemaps} sitemaps", at=datetime.now(UTC),
                               role="sitemap")
        fetcher.record(outcome)
        failures.append(outcome)
    return Discovery(tuple(collector.refs.values()), tuple(failures), sitemaps_read=read,
                     **collector.counts)
