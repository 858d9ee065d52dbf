"""The BeautifulSoup tree of a page, built by a lean lxml builder that also measures its depth."""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder
from bs4.element import AttributeDict, NavigableString

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
        if containerClass is None and not self.string_container_stack:
            self.append_string(text)
        else:
            self.object_was_parsed(self.string_container(containerClass)(text))

    def append_string(self, text: str) -> None:
        """object_was_parsed(NavigableString(text)) in one step, for the common run of text.

        Outside <script>, <style> and the like a run is a plain string (no custom element
        classes are ever passed), so bs4's class lookup is skipped; and the string is linked
        into the tree once, where NavigableString() would first link it to nothing.
        """
        string = str.__new__(NavigableString, text)
        string.hidden = False
        parent = self.currentTag
        assert parent is not None  # the soup itself is open while the page is fed
        # A parent that already has a child is linked to it: bs4 then relinks the new last child.
        relink = parent.next_element is not None
        string.setup(parent, self._most_recent_element)
        self._most_recent_element = string
        parent.contents.append(string)
        if relink:
            self._linkage_fixer(parent)


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
        # What handle_endtag does, without its second (always empty) endData call.
        soup.endData()
        soup._popToTag(tag)

    def data(self, data: Any) -> None:
        soup = self.soup
        assert soup is not None
        soup.current_data.append(data)  # what soup.handle_data does, one call less per run

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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while one page's tree is built and read.

    A bs4 tree is a web of reference cycles (parent, child and sibling links) with thousands
    of objects. With the collector running, every young-generation pass re-traverses the
    live tree and promotes it to the oldest generation, where dead trees pile up until a full
    collection: that was an eighth of the parse stage. Paused, the page's tree stays young
    and, once dropped, is freed by a single young-generation pass. A caller that has paused
    the collector itself keeps it paused.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
