"""Text helpers shared by the parsers: whitespace, inline text of elements, class/id strings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterator

from bs4 import NavigableString, Tag
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    ProcessingInstruction,
    RubyParenthesisString,
    RubyTextString,
)

SPACE_RE = re.compile(r"\s+")
# Zero-width characters and soft hyphens that pages put inside words.
INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Real class/id strings are short; patterns read this much of an enormous one.
MAX_ATTR_CHARS = 2000
# Ruby annotations (<rt> readings over kanji, <rp> fallback brackets) are pronunciation aids
# printed above the text, not words of it: "子<rt>こ</rt>ども" reads as "子ども".
SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction, RubyTextString,
                RubyParenthesisString)
# Tags whose text is never visible prose.
INVISIBLE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "br", "summary", "center",
})


def clean_space(text: str) -> str:
    """Collapse whitespace and drop invisible characters."""
    return SPACE_RE.sub(" ", INVISIBLE_RE.sub("", text)).strip()


def normalize_key(text: str) -> str:
    """Casefolded, NFKC, quote- and dash-unified text for comparisons."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(QUOTE_TABLE)
    return SPACE_RE.sub(" ", text).strip(" .:-|")


NON_WORD_RE = re.compile(r"[\W_]+")
WORD_RE = re.compile(r"\w+")
DIGIT_RE = re.compile(r"\d")


def word_key(text: str) -> str:
    """Casefolded letters and digits only: the same words whatever the punctuation and spacing."""
    return NON_WORD_RE.sub("", text.casefold())


QUOTE_TABLE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u00a0": " ",
})


def element_text(tag: Tag) -> str:
    """Visible text of an element: inline children joined as written, blocks separated."""
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if isinstance(node, SKIP_STRINGS):
                continue
            parent = node.parent
            if parent is not None and parent.name in INVISIBLE_TAGS:
                continue
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name in BLOCK_TAGS:
            parts.append(" ")
    return clean_space("".join(parts))


def attr_string(tag: Tag) -> str:
    """The class and id of a tag as one lower-case string, for pattern matching."""
    classes = tag.get("class")
    text = " ".join(classes) if isinstance(classes, list) else classes or ""
    ident = tag.get("id")
    if isinstance(ident, str):
        text = f"{text} {ident}"
    return text[:MAX_ATTR_CHARS].lower()


def attr_value(tag: Tag, name: str) -> str:
    """An attribute as a stripped string ("" when missing; lists are joined)."""
    value = tag.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value).strip()
    return str(value).strip()


def iter_tags(root: Tag) -> Iterator[Tag]:
    """Elements below root in document order.

    bs4's find_all/find build a filter per call and match every node through it, which costs
    several times a plain walk; the hot paths of the parsers walk the tree with this instead.
    """
    for node in root.descendants:
        if isinstance(node, Tag):
            yield node


def find_named(root: Tag, names: Collection[str], limit: int = 0) -> list[Tag]:
    """Elements below root whose tag name is in names (document order, at most limit)."""
    found: list[Tag] = []
    for node in root.descendants:
        if isinstance(node, Tag) and node.name in names:
            found.append(node)
            if limit and len(found) >= limit:
                break
    return found


def first_named(root: Tag, names: Collection[str]) -> Tag | None:
    """The first element below root whose tag name is in names, else None."""
    for node in root.descendants:
        if isinstance(node, Tag) and node.name in names:
            return node
    return None
