"""Typed values that cross stage boundaries: references, raw pages, parsed articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ArticleRef:
    """An article URL found by discovery, with what the feed or sitemap knew about it."""

    url: str
    source: str
    discovered_via: str
    title: str | None = None
    published_at: datetime | None = None
    lastmod_at: datetime | None = None


@dataclass(frozen=True)
class RawPage:
    """One HTTP response (or archived record) exactly as received: the input of parsing."""

    url: str
    final_url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    source: str = ""
    warc_path: str | None = None
    warc_record_id: str | None = None

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class LeadImage:
    """The article's lead image; caption and credit stay here, never in the body."""

    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class DateValue:
    """A timestamp as the page states it (offset kept) and how precise the page was."""

    value: datetime  # timezone-aware; date-only values are midnight UTC
    precision: str  # "day" or "second"
    method: str  # where it was found, e.g. "jsonld", "meta:article:published_time", "visible_stamp"


@dataclass(frozen=True)
class PageMetadata:
    """Article metadata reconciled from structured data, meta tags and the visible page."""

    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: DateValue | None = None
    modified: DateValue | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    image: LeadImage | None = None
    # field name -> how it was found ("jsonld", "og", "meta:author", "byline", "h1", ...)
    methods: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Block:
    """One block of main text: a paragraph, list item, sub-heading, block quote or pre."""

    text: str
    kind: str = "paragraph"  # paragraph | list_item | heading | blockquote | preformatted


@dataclass(frozen=True)
class Body:
    """The main text of a page as ordered blocks; body_text joins them with blank lines."""

    blocks: tuple[Block, ...]
    method: str  # "selector:<site>", "jsonld:articleBody", "heuristic", ...

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Quote:
    """A quotation found in a text; offsets are into the text the extractor was given."""

    text: str
    kind: str  # direct | partial | indirect
    start: int
    end: int
    paragraph_index: int
    cue: str | None = None
    speaker: str | None = None  # as written next to the cue ("a State Department spokesperson")
    speaker_start: int | None = None
    speaker_end: int | None = None
    source_index: int | None = None  # index into Attributions.sources


@dataclass(frozen=True)
class Source:
    """A person or body an article cites, resolved across its mentions in the article."""

    name: str
    kind: str  # person | organization | government | publication | anonymous | document
    descriptor: str | None = None  # "Secretary of State", "a spokesperson"
    cited_as: tuple[str, ...] = ()  # quoted | reported | according_to | first_reported | told
    quote_count: int = 0


@dataclass(frozen=True)
class Attributions:
    """Quotes and the sources they resolve to, for one text."""

    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class UpdateNote:
    """An in-page signal that the article changed: a stamp, correction or editor's note."""

    kind: str  # updated_stamp | correction | editors_note | clarification | modified_meta
    note: str | None
    stated_at: DateValue | None = None
    paragraph_index: int | None = None


@dataclass(frozen=True)
class ParsedArticle:
    """Everything parsing found in one raw page; normalize turns it into table rows."""

    page: RawPage
    url: str
    metadata: PageMetadata
    body: Body
    attributions: Attributions
    update_notes: tuple[UpdateNote, ...]


@dataclass(frozen=True)
class Reject:
    """A page or record that did not become rows, with the stage and reason."""

    url: str
    stage: str  # discover | fetch | archive | parse | normalize | write
    reason: str  # short machine-readable reason, e.g. "not_article", "http_status"
    detail: str = ""
    source: str = ""
    fetched_at: datetime | None = None
    status: int | None = None
