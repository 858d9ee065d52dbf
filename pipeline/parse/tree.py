"""The BeautifulSoup tree of a page, built by a lean lxml builder that also measures its depth."""

from __future__ import annotations

import warnings
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import AttributeDict

ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"


class PageSoup(BeautifulSoup):
    """A BeautifulSoup whose text-run handling tests for blank runs in C.

    bs4 checks each run of text for being blank one character at a time in Python, once per
    tag boundary; the result is the same tree (whitespace-only runs still become one space
    or newline outside <pre> and <textarea>). Pages are never parsed with `parse_only`.
    """

    def endData(self, containerClass: Any = None) -> None:  # bs4 names the hook
        pending = self.current_data
        if not pending:
            return
        text = pending[0] if len(pending) == 1 else "".join(pending)
        if not self.preserve_whitespace_tag_stack and not text.strip(ASCII_SPACES):
            text = "\n" if "\n" in text else " "
        self.current_data = []
        self.object_was_parsed(self.string_container(containerClass)(text))


class HTMLTreeBuilder(LXMLTreeBuilder):
    """bs4's lxml HTML builder without the work an HTML page never needs.

    Building the tree was nearly half of the parse stage. libxml2's HTML parser reports no
    namespaces, so the XML builder's per-tag namespace bookkeeping is skipped; attributes go
    into a plain dict once instead of being copied twice through a checking dict; and
    multi-valued attributes (class, rel) stay the strings the page wrote, split only where a
    reader needs the parts (`attr_value(tag, "class").split()`). Soupsieve's `.class`
    selectors split the string themselves. The deepest nesting is counted on the way, so no
    extra walk is needed to refuse hostile pages.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("attribute_dict_class", AttributeDict)
        super().__init__(**kwargs)
        self.max_depth = 0

    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        soup = self.soup
        assert soup is not None
        soup.handle_starttag(tag, None, None, AttributeDict(attrib),
                             namespaces=self.active_namespace_prefixes[-1])
        # The stack holds the BeautifulSoup object itself, then the open elements.
        depth = len(soup.tagStack) - 1
        if depth > self.max_depth:
            self.max_depth = depth

    def end(self, tag: Any) -> None:
        soup = self.soup
        assert soup is not None
        soup.endData()
        soup.handle_endtag(tag, None)

    def _replace_cdata_list_attribute_values(self, tag_name: str, attrs: Any) -> Any:
        return attrs  # class="a b" stays one string (see the class docstring)


def build_tree(text: str) -> tuple[PageSoup, int]:
    """The page's tree and its deepest element nesting (the <html> element is depth 1)."""
    builder = HTMLTreeBuilder()
    with warnings.catch_warnings():
        # Pages that are really XML or look like a file name are parsed anyway.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = PageSoup(text, builder=builder)
    return soup, builder.max_depth
