"""Tests for pipeline.parse.body with invented pages."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from pipeline.parse import body as body_module
from pipeline.parse.body import extract_body

CHROME_PAGE = """<html><head><title>Bridge repairs finish early</title></head><body>
<header class="site-header"><nav><a href="/">Home</a><a href="/city">City</a></nav></header>
<div class="share-bar"><a href="#">Share on social</a><a href="#">Email this story</a></div>
<main><article>
<h1>Bridge repairs finish early</h1>
<p class="byline">By Hana Kim</p>
<figure><img src="/bridge.jpg"><figcaption>The bridge at dusk. Photo: City Archive</figcaption>
</figure>
<div class="article-body">
<p>Repairs on the old river bridge wrapped up two weeks ahead of schedule, city engineers said.</p>
<p>The crews replaced worn joints, resurfaced the deck, and repainted the railings, which had
rusted badly over the last decade.</p>
<h2>What changes for drivers</h2>
<p>Both lanes reopen on Friday morning, and the temporary speed limit will be lifted.</p>
<ul><li>Cyclists get a painted lane on the north side of the deck.</li>
<li>Pedestrians keep the widened walkway that opened during the works.</li></ul>
<div class="newsletter-signup"><p>Sign up for our morning briefing to get stories like this.</p>
</div>
<p>The project cost less than budgeted, according to the city's finance office, which said the
savings would go to other repairs.</p>
</div>
<section class="related-stories"><h3>Related</h3><ul><li><a href="/a">Tunnel plans stall</a></li>
<li><a href="/b">New buses for the east side</a></li></ul></section>
<div id="comments"><p>Great news, finally! I drive over it every day and it was awful.</p></div>
</article></main>
<footer><p>Copyright The Riverside Ledger. All rights reserved.</p></footer>
</body></html>"""


def test_main_text_without_chrome() -> None:
    soup = BeautifulSoup(CHROME_PAGE, "lxml")
    body = extract_body(soup, "https://ledger.example/bridge")
    assert body.method == "heuristic"
    texts = [block.text for block in body.blocks]
    assert texts[0].startswith("Repairs on the old river bridge")
    assert texts[-1].startswith("The project cost less than budgeted")
    kinds = [block.kind for block in body.blocks]
    assert kinds == ["paragraph", "paragraph", "heading", "paragraph", "list_item", "list_item",
                     "paragraph"]
    joined = body.text
    for unwanted in ("Share on social", "Sign up", "Tunnel plans", "Great news", "Copyright",
                     "Hana Kim", "Photo: City Archive", "Bridge repairs finish early"):
        assert unwanted not in joined


def test_jsonld_article_body_fallback() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "articleBody": "First paragraph of a story about a quiet harbor town\
 that gets a new lighthouse keeper after twenty years.\\nSecond paragraph explains how the keeper\
 was chosen from a long list of applicants, and what the job involves through the winter season,\
 including the nightly checks of the lamp."}
    </script></head><body><div id="app"></div></body></html>"""
    body = extract_body(BeautifulSoup(html, "lxml"), "https://harbor.example/keeper")
    assert body.method == "jsonld:articleBody"
    assert len(body.blocks) == 2
    assert body.blocks[0].text.startswith("First paragraph")


def test_paragraph_fallback_and_empty_pages() -> None:
    assert extract_body(BeautifulSoup("", "lxml"), "").blocks == ()
    html = "<p>Short but real sentence from a tiny page that has nothing else.</p>"
    body = extract_body(BeautifulSoup(html, "lxml"), "")
    assert body.blocks and body.blocks[0].text.startswith("Short but real")


def test_br_separated_text_and_non_english() -> None:
    html = """<html lang="es"><body><div class="menu"><a href="/">Inicio</a></div>
    <div class="nota">El ayuntamiento anunció ayer un plan para plantar árboles en todas las
    plazas del centro, una medida que, según los técnicos, reducirá el calor en verano.<br><br>
    Los vecinos podrán proponer especies a través de una consulta pública que se abrirá en mayo,
    y las obras comenzarán en otoño, cuando las temperaturas sean más suaves.</div></body></html>"""
    body = extract_body(BeautifulSoup(html, "lxml"), "https://ciudad.example/arboles")
    assert len(body.blocks) == 2
    assert body.blocks[0].text.startswith("El ayuntamiento")
    assert "Inicio" not in body.text


def test_site_rule_selector_is_data(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = body_module.SiteRule(domain="quirky.example", body="div.txt", drop=(".promo",))
    monkeypatch.setattr(body_module, "load_site_rules", lambda: {"quirky.example": rule})
    html = """<html><body><div class="txt"><p>Only this text counts for the quirky site.</p>
    <p class="promo">Buy our mugs.</p></div><div><p>Sidebar prose that is long enough to score
    well, with commas, clauses, and more words than the real article has.</p></div></body></html>"""
    body = extract_body(BeautifulSoup(html, "lxml"), "https://www.quirky.example/story")
    assert body.method == "selector:quirky.example"
    assert body.text == "Only this text counts for the quirky site."


def test_sites_yaml_loads() -> None:
    body_module.load_site_rules.cache_clear()
    assert isinstance(body_module.load_site_rules(), dict)
