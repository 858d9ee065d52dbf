"""Normalization: parsed articles and rejects into table rows with stable ids."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from pipeline import PARSER_VERSION
from pipeline.models import DateValue, ParsedArticle, Reject
from pipeline.rows import ArticleRow, QuoteRow, RejectRow, SourceRow, TableRows, UpdateRow

SPACE = re.compile(r"\s+")
WORD = re.compile(r"\w+", re.UNICODE)


QUOTE_MARKS = "\"'“”„‟«»‹›‘’‚"


def strip_marks(text: str) -> str:
    """Quote text without its enclosing marks (the table holds the words, offsets the span)."""
    return text.strip().strip(QUOTE_MARKS).strip()


def stable_id(*parts: object, length: int = 20) -> str:
    """A short hex id that only depends on its parts (None and "" differ)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\x00" if part is None else str(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


def normalize_url(url: str) -> str:
    """Canonical form for ids: lower-case scheme and host, no fragment, no default port."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80) or
                     (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


def choose_canonical(declared: str | None, final_url: str) -> str:
    """The declared canonical URL unless it points at a site's home page (a common mistake)."""
    if declared and urlsplit(declared).scheme in ("http", "https"):
        path = urlsplit(declared).path
        if path not in ("", "/") or urlsplit(final_url).path in ("", "/"):
            return normalize_url(declared)
    return normalize_url(final_url)


def site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def article_id_for(canonical_url: str) -> str:
    return stable_id("article", normalize_url(canonical_url))


def source_id_for(name: str, kind: str) -> str:
    key = SPACE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    return stable_id("source", key, kind)


def _folded(text: str | None) -> str:
    return SPACE.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def content_hash_for(article: ParsedArticle) -> str:
    """Hash of what makes a version: cosmetic whitespace changes give the same hash."""
    meta = article.metadata
    return stable_id(
        "content",
        _folded(meta.title),
        _folded(article.body.text),
        "|".join(meta.authors),
        meta.published.value.isoformat() if meta.published else None,
        length=24,
    )


def to_utc(value: DateValue | None) -> datetime | None:
    return value.value.astimezone(UTC) if value is not None else None


def build_rows(article: ParsedArticle, run_id: str) -> TableRows:
    """All rows of one parsed article: its version, quotes, sources and in-page update notes."""
    page, meta, body = article.page, article.metadata, article.body
    canonical = choose_canonical(meta.canonical_url, article.url)
    article_id = article_id_for(canonical)
    content_hash = content_hash_for(article)
    fetched_at = page.fetched_at.astimezone(UTC)
    methods = meta.methods
    body_text = body.text
    image = meta.image
    article_row = ArticleRow(
        article_id=article_id,
        content_hash=content_hash,
        url=page.url,
        final_url=article.url,
        canonical_url=canonical,
        site=site_of(canonical),
        source=page.source,
        site_name=meta.site_name,
        section=meta.section,
        title=meta.title,
        description=meta.description,
        authors=meta.authors,
        tags=meta.tags,
        published_at=to_utc(meta.published),
        published_precision=meta.published.precision if meta.published else None,
        modified_at=to_utc(meta.modified),
        modified_precision=meta.modified.precision if meta.modified else None,
        fetched_at=fetched_at,
        language=meta.language,
        body_text=body_text,
        word_count=len(WORD.findall(body_text)),
        image_url=image.url if image else None,
        image_caption=image.caption if image else None,
        image_credit=image.credit if image else None,
        http_status=page.status,
        title_method=methods.get("title"),
        authors_method=methods.get("authors"),
        published_method=meta.published.method if meta.published else None,
        modified_method=meta.modified.method if meta.modified else None,
        section_method=methods.get("section"),
        language_method=methods.get("language"),
        image_method=methods.get("image"),
        body_method=body.method,
        warc_path=page.warc_path,
        warc_record_id=page.warc_record_id,
        run_id=run_id,
        parser_version=PARSER_VERSION,
    )
    sources = article.attributions.sources
    source_ids = [source_id_for(s.name, s.kind) for s in sources]
    quote_rows = tuple(
        QuoteRow(
            quote_id=stable_id("quote", article_id, content_hash, q.start, q.end),
            article_id=article_id,
            content_hash=content_hash,
            text=strip_marks(q.text),
            kind=q.kind,
            speaker=q.speaker,
            source_id=source_ids[q.source_index] if q.source_index is not None else None,
            cue=q.cue,
            paragraph_index=q.paragraph_index,
            start_char=q.start,
            end_char=q.end,
            fetched_at=fetched_at,
            run_id=run_id,
            parser_version=PARSER_VERSION,
        )
        for q in article.attributions.quotes
    )
    source_rows: dict[str, SourceRow] = {}
    for source, source_id in zip(sources, source_ids, strict=True):
        if source_id in source_rows:  # two spellings folded to one name: count once
            continue
        source_rows[source_id] = SourceRow(
            source_id=source_id,
            article_id=article_id,
            content_hash=content_hash,
            name=source.name,
            kind=source.kind,
            descriptor=source.descriptor,
            cited_as=source.cited_as,
            quote_count=source.quote_count,
            fetched_at=fetched_at,
            run_id=run_id,
            parser_version=PARSER_VERSION,
        )
    update_rows = tuple(
        UpdateRow(
            update_id=stable_id("update", article_id, note.kind, note.note,
                                note.stated_at.value.isoformat() if note.stated_at else None),
            article_id=article_id,
            kind=note.kind,
            observed_at=fetched_at,
            stated_at=to_utc(note.stated_at),
            stated_precision=note.stated_at.precision if note.stated_at else None,
            note=note.note,
            fields_changed=(),
            chars_added=None,
            chars_removed=None,
            quotes_added=None,
            quotes_removed=None,
            hash_before=None,
            hash_after=content_hash,
            run_id=run_id,
            parser_version=PARSER_VERSION,
        )
        for note in article.update_notes
    )
    return TableRows(
        articles=(article_row,),
        quotes=quote_rows,
        sources=tuple(source_rows.values()),
        updates=update_rows,
    )


def build_reject_row(reject: Reject, run_id: str) -> RejectRow:
    return RejectRow(
        reject_id=stable_id("reject", reject.url, reject.stage, reject.reason),
        url=reject.url,
        source=reject.source,
        stage=reject.stage,
        reason=reject.reason,
        detail=reject.detail,
        http_status=reject.status,
        fetched_at=reject.fetched_at.astimezone(UTC) if reject.fetched_at else None,
        run_id=run_id,
        parser_version=PARSER_VERSION,
    )
