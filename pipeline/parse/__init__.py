"""Parsing: a pure function from a raw page to a parsed article or a reject with a reason."""

from __future__ import annotations

import re

from lxml import etree

from pipeline.models import Attributions, Body, ParsedArticle, RawPage, Reject
from pipeline.parse.body import extract_body
from pipeline.parse.decode import decode_html
from pipeline.parse.metadata import read_page
from pipeline.parse.quotes import extract_attributions
from pipeline.parse.text import WORD_RE
from pipeline.parse.tree import build_tree, collector_paused
from pipeline.parse.updates import collect_update_notes, find_stamp_text

HTML_TYPES = ("text/html", "application/xhtml+xml", "")
LOOKS_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|p|div|article)\b", re.IGNORECASE)
ERROR_TITLE = re.compile(
    r"\b(?:404|410|page\s+not\s+found|not\s+found|page\s+(?:does\s+not|doesn['’]t)\s+exist|"
    r"can['’]?no?t\s+(?:be\s+)?find\s+(?:that|this|the)\s+page|page\s+(?:is\s+)?no\s+longer|"
    r"error\s+page|something\s+went\s+wrong|access\s+denied|seite\s+nicht\s+gefunden|"
    r"página\s+no\s+encontrada|page\s+introuvable)\b",
    re.IGNORECASE,
)
ERROR_BODY = re.compile(
    r"\b(?:error\s+(?:code\s*:?\s*)?40[34]|the\s+page\s+you\s+(?:were|are)\s+looking\s+for|"
    r"page\s+(?:may\s+have\s+been|has\s+been)\s+(?:moved|removed|deleted))\b",
    re.IGNORECASE,
)
MIN_WORDS = 15
# What a page without text is, so an engineer reading the rejects knows whether a re-fetch
# (later, or through a browser) could help: a bot wall or an app that renders in the browser.
SCRIPT_SHELL = "a script-only shell that renders in the browser"
EMPTY_PAGE_KINDS = (
    (re.compile(r"_incapsula_resource|/cdn-cgi/challenge-platform|cf-browser-verification"
                r"|<title>\s*(?:just a moment|attention required|access denied)|captcha",
                re.IGNORECASE), "a bot-protection challenge"),
    (re.compile(r"enable javascript|javascript (?:is )?(?:required|disabled)"
                r"|(?:needs?|requires?) javascript|<div id=\"(?:root|app|__next)\"></div>",
                re.IGNORECASE), SCRIPT_SHELL),
)
SCRIPT_TAG_RE = re.compile(r"<script\b", re.IGNORECASE)
# Chinese and Japanese (and Thai) are written without spaces between words: a paragraph is one
# whitespace "word". Their characters are counted instead, at this many per word (about the
# mean length of a Chinese or Japanese word), so a short CJK article is not a 5-"word" shell.
UNSPACED_SCRIPT_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
CHARS_PER_UNSPACED_WORD = 2
# Real pages nest a few dozen levels; thousands are hostile or broken and make tree walks slow.
MAX_DEPTH = 400
# Above this many "<", count and measure the elements with lxml alone (C, milliseconds)
# before building the BeautifulSoup tree, which costs ~15-30 µs per element: 100,000 nested
# divs (or 100,000 siblings) took seconds. The largest of 2,706 real pages has 11,533.
PRECHECK_TAGS = 5000
MAX_ELEMENTS = 25_000
DEEP_PATH = "/" + "/".join(["*"] * (MAX_DEPTH + 2))
# Error pages are short; a real article that mentions "not found" in its title is not.
ERROR_PAGE_MAX_WORDS = 120


def _reject(page: RawPage, reason: str, detail: str) -> Reject:
    return Reject(url=page.final_url or page.url, stage="parse", reason=reason, detail=detail,
                  source=page.source, fetched_at=page.fetched_at, status=page.status)


def parse_page(page: RawPage) -> ParsedArticle | Reject:
    """Parse one raw page. Never raises on bad input: returns a reject with a reason instead."""
    try:
        with collector_paused():
            return _parse_page(page)
    except RecursionError:
        return _reject(page, "too_deep", "document nesting too deep to parse")
    except Exception as exc:
        return _reject(page, "parser_error", f"{type(exc).__name__}: {exc}"[:500])


def _parse_page(page: RawPage) -> ParsedArticle | Reject:
    if not page.body.strip():
        return _reject(page, "empty_response", "the response body is empty")
    if page.content_type not in HTML_TYPES and not LOOKS_HTML.search(page.body[:2048]):
        return _reject(page, "not_html", f"content type {page.content_type!r}")
    text, _ = decode_html(page.body, page.header("content-type"))
    # NUL is never content (HTML drops it); libxml2 hands each NUL-split run of text to
    # BeautifulSoup separately, so a megabyte of "a\0" costs seconds of callbacks.
    text = text.replace("\x00", "")
    if text.count("<") > PRECHECK_TAGS:
        problem = lxml_precheck(text)
        if problem:
            return _reject(page, *problem)
    url = page.final_url or page.url
    soup, depth = build_tree(text)
    if depth > MAX_DEPTH + 1:
        return _reject(page, "too_deep", f"element nesting deeper than {MAX_DEPTH} levels")
    metadata, headlines = read_page(soup, url)
    titles = [metadata.title or "", *headlines]
    stamp_text = find_stamp_text(soup)
    body = extract_body(soup, url, metadata.authors)  # modifies the tree: after the readers
    words = count_words(body.text)
    if words < ERROR_PAGE_MAX_WORDS:
        # A soft error page (often served with status 200): short, and says so.
        for title in titles:
            if ERROR_TITLE.search(title):
                return _reject(page, "not_article", f"error page titled {title[:120]!r}")
        if ERROR_BODY.search(body.text):
            return _reject(page, "not_article", "error page (body says the page is missing)")
    dated = metadata.published is not None or metadata.modified is not None
    if words < MIN_WORDS and not dated and not metadata.authors:
        # Without text and without article metadata there is nothing to keep; a dated or
        # bylined page with little text (a photo story, a video page) is still an article.
        # A page that states only when it was updated is dated too.
        return _reject(page, "not_article", f"body has {words} words (minimum {MIN_WORDS}) "
                       f"and no date or byline{describe_empty_page(text, words)}")
    notes = collect_update_notes(metadata, stamp_text, body.blocks, page.fetched_at)
    attributions = extract_attributions(body.text, note_spans(body, notes))
    return ParsedArticle(
        page=page,
        url=url,
        metadata=metadata,
        body=body,
        attributions=attributions,
        update_notes=notes,
    )


def describe_empty_page(html: str, words: int) -> str:
    """What a page without text looks like ("; the page looks like ..."), or "" if unknown."""
    for pattern, kind in EMPTY_PAGE_KINDS:
        if pattern.search(html):
            return f"; the page looks like {kind}"
    if not words and SCRIPT_TAG_RE.search(html):
        # no word outside its scripts: the text arrives by script, in the browser
        return f"; the page looks like {SCRIPT_SHELL}"
    return ""


def count_words(text: str) -> int:
    """Words of a text: whitespace-separated runs, with unspaced scripts counted by characters."""
    unspaced = len(UNSPACED_SCRIPT_RE.findall(text))
    if not unspaced:
        return len(text.split())
    # Other words between them (Latin names, numbers) count as usual; CJK punctuation does not.
    spaced = len(WORD_RE.findall(UNSPACED_SCRIPT_RE.sub(" ", text)))
    return spaced + -(-unspaced // CHARS_PER_UNSPACED_WORD)


def lxml_precheck(text: str) -> tuple[str, str] | None:
    """A (reason, detail) reject when libxml2's tree of the text is too deep or too large."""
    parser = etree.HTMLParser(recover=True, huge_tree=True, no_network=True, encoding="utf-8")
    try:
        root = etree.fromstring(text.encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):
        return None  # the tree builder's depth count decides
    if root is None:
        return None
    if root.xpath(DEEP_PATH):
        return "too_deep", f"element nesting deeper than {MAX_DEPTH} levels"
    elements = int(root.xpath("count(//*)"))
    if elements > MAX_ELEMENTS:
        return "too_large", f"{elements} elements (maximum {MAX_ELEMENTS})"
    return None


def note_spans(body: Body, notes: tuple) -> list[tuple[int, int]]:
    """Character spans of note paragraphs in body text, kept out of quote extraction."""
    wanted = {n.paragraph_index for n in notes if n.paragraph_index is not None}
    spans: list[tuple[int, int]] = []
    offset = 0
    for index, block in enumerate(body.blocks):
        if index in wanted:
            spans.append((offset, offset + len(block.text)))
        offset += len(block.text) + 2
    return spans


__all__ = ["Attributions", "parse_page"]
