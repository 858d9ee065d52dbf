"""The lean tree builder against bs4's own lxml builder."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, Tag

from pipeline.parse.tree import build_tree, collector_paused

SITE = Path(__file__).resolve().parents[2] / "pipeline" / "sample" / "site"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour ferry returns | The Ledger</title>
<link rel="canonical alternate" href="https://ledger.example/ferry">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry returns"}</script>
</head>
<body class="page  story">
<!-- ad slot -->
<article class="story-body main" data-id="7">
  <h1 class="headline">Harbour ferry returns</h1>
  <p>The ferry <a href="/x" rel="nofollow noopener">sailed</a> again on Monday.</p>
  <pre>  kept   as written  </pre>
  <svg viewBox="0 0 10 10"><path d="M0 0"/></svg>
  <p>Unclosed paragraph
  <div><ul><li>one<li>two</ul></div>
</article>
</body></html>
"""


def shape(node: Tag) -> list:
    """Names, attributes (multi-valued ones as single strings) and strings, in order."""
    out: list = []
    for child in node.descendants:
        if isinstance(child, Tag):
            attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in child.attrs.items()}
            out.append((child.name, attrs))
        else:
            out.append((type(child).__name__, str(child)))
    return out


def reference(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "lxml", multi_valued_attributes=None)


@pytest.mark.parametrize("name", ["PAGE"] + [
    str(path.relative_to(SITE)) for path in sorted(SITE.rglob("*.html"))[:6]])
def test_same_tree_as_bs4_lxml_builder(name: str) -> None:
    text = PAGE if name == "PAGE" else (SITE / name).read_text(encoding="utf-8")
    soup, _ = build_tree(text)
    assert shape(soup) == shape(reference(text))
    assert soup.get_text() == reference(text).get_text()


def test_multi_valued_attributes_stay_strings_and_selectors_still_match() -> None:
    soup, _ = build_tree(PAGE)
    article = soup.find("article")
    assert isinstance(article, Tag)
    assert article["class"] == "story-body main"
    assert soup.select(".main h1.headline")[0].get_text() == "Harbour ferry returns"
    assert soup.select("a[rel~=noopener]")


def test_comments_and_preformatted_text_kept() -> None:
    soup, _ = build_tree(PAGE)
    assert any(isinstance(node, Comment) for node in soup.descendants)
    pre = soup.find("pre")
    assert isinstance(pre, Tag) and pre.get_text() == "  kept   as written  "


@pytest.mark.parametrize(("levels", "expected"), [(0, 2), (5, 7), (450, 452)])
def test_depth_counts_the_deepest_element(levels: int, expected: int) -> None:
    # <html> is depth 1, <body> 2, then one level per div.
    _, depth = build_tree("<html><body>" + "<div>" * levels + "x" + "</div>" * levels)
    assert depth == expected


def test_a_builder_per_tree() -> None:
    _, deep = build_tree("<div>" * 50)
    _, shallow = build_tree("<p>x</p>")
    assert deep > shallow == 3


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_restored_after_a_page(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        with collector_paused():
            assert not gc.isenabled()
            build_tree(PAGE)
        assert gc.isenabled() is enabled  # a caller's own pause is kept
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a failing page")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
