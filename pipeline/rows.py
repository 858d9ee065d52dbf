"""Row types of the five tables; their fields must equal the columns in ``schemas/``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ArticleRow:
    article_id: str
    content_hash: str
    url: str
    final_url: str
    canonical_url: str
    site: str
    source: str
    site_name: str | None
    section: str | None
    title: str | None
    description: str | None
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    published_at: datetime | None
    published_precision: str | None
    modified_at: datetime | None
    modified_precision: str | None
    fetched_at: datetime
    language: str | None
    body_text: str
    word_count: int
    image_url: str | None
    image_caption: str | None
    image_credit: str | None
    http_status: int
    title_method: str | None
    authors_method: str | None
    published_method: str | None
    modified_method: str | None
    section_method: str | None
    language_method: str | None
    image_method: str | None
    body_method: str
    warc_path: str | None
    warc_record_id: str | None
    run_id: str
    parser_version: str


@dataclass(frozen=True)
class QuoteRow:
    quote_id: str
    article_id: str
    content_hash: str
    text: str
    kind: str
    speaker: str | None
    source_id: str | None
    cue: str | None
    paragraph_index: int
    start_char: int
    end_char: int
    fetched_at: datetime
    run_id: str
    parser_version: str


@dataclass(frozen=True)
class SourceRow:
    source_id: str
    article_id: str
    content_hash: str
    name: str
    kind: str
    descriptor: str | None
    cited_as: tuple[str, ...]
    quote_count: int
    fetched_at: datetime
    run_id: str
    parser_version: str


@dataclass(frozen=True)
class UpdateRow:
    update_id: str
    article_id: str
    kind: str
    observed_at: datetime
    stated_at: datetime | None
    stated_precision: str | None
    note: str | None
    fields_changed: tuple[str, ...]
    chars_added: int | None
    chars_removed: int | None
    quotes_added: int | None
    quotes_removed: int | None
    hash_before: str | None
    hash_after: str | None
    run_id: str
    parser_version: str


@dataclass(frozen=True)
class RejectRow:
    reject_id: str
    url: str
    source: str
    stage: str
    reason: str
    detail: str
    http_status: int | None
    fetched_at: datetime | None
    run_id: str
    parser_version: str


@dataclass(frozen=True)
class FetchRow:
    fetch_id: str
    url: str
    final_url: str | None
    source: str
    role: str
    outcome: str
    reason: str
    http_status: int | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime
    warc_path: str | None
    run_id: str
    parser_version: str


ROW_TYPES: dict[str, type] = {
    "articles": ArticleRow,
    "quotes": QuoteRow,
    "sources": SourceRow,
    "updates": UpdateRow,
    "rejects": RejectRow,
    "fetches": FetchRow,
}


@dataclass(frozen=True)
class TableRows:
    """The rows one batch of pages produced, per table."""

    articles: tuple[ArticleRow, ...] = ()
    quotes: tuple[QuoteRow, ...] = ()
    sources: tuple[SourceRow, ...] = ()
    updates: tuple[UpdateRow, ...] = ()
    rejects: tuple[RejectRow, ...] = ()
