"""Sitemaps (index, news, gzip, plain text) parsed safely: no entities, no DTD, no network."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from pipeline.errors import ResponseRejected

# The sitemap protocol's own limit on the URLs of one file; more are ignored.
MAX_ENTRIES = 50_000
GZIP_MAGIC = b"\x1f\x8b"
# An entity declaration is how billion-laughs and XXE documents start; a sitemap needs none.
ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass(frozen=True)
class SitemapEntry:
    """One <url> (an article) or one <sitemap> of an index, with the dates it gave."""

    loc: str
    lastmod: datetime | None = None
    title: str | None = None  # news:title
    published: datetime | None = None  # news:publication_date


@dataclass(frozen=True)
class Sitemap:
    """What one sitemap document lists: article URLs, or (an index) further sitemaps."""

    urls: tuple[SitemapEntry, ...] = ()
    sitemaps: tuple[SitemapEntry, ...] = ()


def safe_parser() -> etree.XMLParser:
    """An lxml parser that expands no entity, loads no DTD and never touches the network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, recover=True)


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing to produce more than ``max_bytes`` (gzip bombs)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise ResponseRejected(f"bad gzip data: {exc}", reason="bad_gzip")
    if len(out) > max_bytes:
        raise ResponseRejected(f"sitemap over {max_bytes} bytes once decompressed",
                               reason="too_large")
    return out


def parse_w3c_datetime(text: str | None) -> datetime | None:
    """A W3C datetime (``2026-11-26``, ``2026-11-26T10:00Z``, offsets) in UTC, or None."""
    if not text:
        return None
    value = text.strip()
    if len(value) == 7:  # YYYY-MM
        value += "-01"
    elif len(value) == 4 and value.isdigit():
        value += "-01-01"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _text(element: etree._Element) -> str | None:
    text = (element.text or "").strip() if len(element) == 0 else "".join(
        element.itertext()).strip()
    return text or None


def _entry(element: etree._Element) -> SitemapEntry | None:
    """One <url> or <sitemap>: its children read in a single pass."""
    loc = lastmod = title = published = None
    for child in element:
        name = _local(child.tag)
        if name == "loc":
            loc = _text(child)
        elif name == "lastmod":
            lastmod = _text(child)
        elif name == "news":  # Google News sitemap extension
            for item in child:
                inner = _local(item.tag)
                if inner == "title":
                    title = _text(item)
                elif inner == "publication_date":
                    published = _text(item)
    if not loc:
        return None
    return SitemapEntry(loc=loc, lastmod=parse_w3c_datetime(lastmod), title=title,
                        published=parse_w3c_datetime(published))


def parse_sitemap(body: bytes, max_bytes: int = 50_000_000,
                  max_entries: int = MAX_ENTRIES) -> Sitemap:
    """Parse a sitemap or sitemap index (XML, gzipped XML or one URL a line).

    Documents declaring entities are refused (``xml_entities``), the parser itself expands
    none, reads no DTD and makes no network access; malformed XML yields what was read.
    """
    if body[:2] == GZIP_MAGIC:
        body = gunzip_capped(body, max_bytes)
    head = body.lstrip()[:1]
    if head and head != b"<":
        return _parse_text(body, max_entries)
    if ENTITY_DECLARATION.search(body):
        raise ResponseRejected("sitemap declares XML entities", reason="xml_entities")
    try:
        root = etree.fromstring(body, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ResponseRejected(f"sitemap is not XML: {exc}", reason="malformed_xml")
    if root is None:
        raise ResponseRejected("sitemap is empty or not XML", reason="malformed_xml")
    urls: list[SitemapEntry] = []
    sitemaps: list[SitemapEntry] = []
    for element in root:
        kind = _local(element.tag)
        if kind not in ("url", "sitemap"):
            continue
        entry = _entry(element)
        if entry is None:
            continue
        target = urls if kind == "url" else sitemaps
        if len(target) < max_entries:
            target.append(entry)
    return Sitemap(tuple(urls), tuple(sitemaps))


def _parse_text(body: bytes, max_entries: int) -> Sitemap:
    urls = []
    for line in body.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith(("http://", "https://")):
            urls.append(SitemapEntry(loc=line))
            if len(urls) >= max_entries:
                break
    return Sitemap(urls=tuple(urls))
