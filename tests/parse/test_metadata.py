"""Tests for pipeline.parse.metadata with invented pages."""

from __future__ import annotations

import copy
from datetime import timedelta

from bs4 import BeautifulSoup

from pipeline.parse.metadata import extract_metadata

URL = "https://www.harbor-gazette.example/local/2023/05/12/ferry-route"


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


GRAPH_PAGE = """<!doctype html><html lang="en-GB"><head>
<title>Ferry route returns after winter pause | The Harbor Gazette</title>
<meta property="og:title" content="Ferry route returns after winter pause">
<meta property="og:site_name" content="The Harbor Gazette">
<meta property="og:image" content="/media/ferry-dock.jpg">
<link rel="canonical" href="/local/ferry-route">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Organization",
 "name": "The Harbor Gazette"}</script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "@id": "https://www.harbor-gazette.example/#page"},
  {"@type": "Person", "@id": "#p1", "name": "Mariana Quiñones"},
  {"@type": ["NewsArticle"], "headline": "Ferry route returns after winter pause",
   "datePublished": "2023-05-12T07:45:00+02:00", "dateModified": "2023-05-13T09:00:00+02:00",
   "author": [{"@id": "#p1"}, {"@type": "Person", "name": "Tomasz Wilk"},
              {"@type": "Organization", "name": "Harbor Gazette Staff"}],
   "articleSection": ["Local"], "keywords": "ferries, transport, harbor",
   "publisher": {"@type": "Organization", "name": "The Harbor Gazette"}}
]}
</script></head><body><h1>Ferry route returns after winter pause</h1>
<p>The ferry service between the two islands resumed this morning after a long pause.</p>
</body></html>"""


def test_graph_article_with_author_objects_and_offset() -> None:
    soup = soup_of(GRAPH_PAGE)
    meta = extract_metadata(soup, URL)
    assert meta.title == "Ferry route returns after winter pause"
    assert meta.authors == ("Mariana Quiñones", "Tomasz Wilk")
    assert meta.methods["authors"] == "jsonld"
    assert meta.published is not None
    assert meta.published.value.isoformat() == "2023-05-12T07:45:00+02:00"
    assert meta.published.value.utcoffset() == timedelta(hours=2)
    assert meta.modified is not None and meta.modified.value.day == 13
    assert meta.section == "Local"
    assert meta.tags == ("ferries", "transport", "harbor")
    assert meta.language == "en"
    assert meta.canonical_url == "https://www.harbor-gazette.example/local/ferry-route"
    assert meta.site_name == "The Harbor Gazette"
    assert meta.image is not None
    assert meta.image.url == "https://www.harbor-gazette.example/media/ferry-dock.jpg"


def test_does_not_mutate_the_soup() -> None:
    soup = soup_of(GRAPH_PAGE)
    before = copy.copy(str(soup))
    extract_metadata(soup, URL)
    assert str(soup) == before


BROKEN_JSON_PAGE = """<html><head>
<title>Council approves new bike lanes - Riverside Daily</title>
<script type="application/ld+json">
{"@type": "NewsArticle", "headline": "Council approves new bike lanes",
 "description": "A vote\tthat took three hours",
 "datePublished": "2022-09-01T18:00:00",
 "author": {"@type": "Person", "name": "Dev Anand",},
}
</script></head><body><h1>Council approves new bike lanes</h1></body></html>"""


def test_broken_json_and_missing_timezone() -> None:
    meta = extract_metadata(soup_of(BROKEN_JSON_PAGE), "https://riverside.example/bikes")
    assert meta.authors == ("Dev Anand",)
    assert meta.published is not None
    assert meta.published.value.utcoffset() == timedelta(0)
    assert meta.published.value.hour == 18
    assert meta.title == "Council approves new bike lanes"


TOP_LEVEL_ARRAY_PAGE = """<html><head>
<script type="application/ld+json">[{"@type": "BreadcrumbList"},
 {"@type": "BlogPosting", "headline": "Ten tips for winter gardens", "datePublished": "2021-01-15",
  "author": "Priya Raman"}]</script>
<meta property="og:title" content="Ten tips for winter gardens | Green Thumb">
</head><body><h1>Ten tips for winter gardens</h1></body></html>"""


def test_top_level_array_and_date_only() -> None:
    meta = extract_metadata(soup_of(TOP_LEVEL_ARRAY_PAGE), "https://greenthumb.example/tips")
    assert meta.authors == ("Priya Raman",)
    assert meta.published is not None
    assert meta.published.precision == "day"
    assert meta.published.value.isoformat() == "2021-01-15T00:00:00+00:00"


VISIBLE_PAGE = """<html lang="en"><head>
<title>Library extends weekend hours - Northfield Courier</title>
<meta property="og:title" content="Library extends weekend hours">
<meta property="article:section" content="Community">
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<p class="byline">By Ana Sousa and Kwame Mensah, Staff Writers</p>
<div class="meta"><span class="timestamp">Updated Mar 4, 2024</span></div>
<h1>Library extends weekend hours</h1>
<figure><img src="/img/library-front.jpg" alt="">
<figcaption>The main reading room on a quiet afternoon.
<span class="image-credit">Photo: Lena Fischer/Northfield Courier</span></figcaption></figure>
<p>The town library will stay open later on Saturdays and Sundays starting next month.</p>
</article></body></html>"""


def test_visible_byline_stamp_and_figure() -> None:
    meta = extract_metadata(soup_of(VISIBLE_PAGE), "https://northfield.example/news/library")
    assert meta.title == "Library extends weekend hours"
    assert meta.authors == ("Ana Sousa", "Kwame Mensah")
    assert meta.methods["authors"] == "byline"
    assert meta.published is None
    assert meta.modified is not None
    assert meta.modified.method == "visible_stamp"
    assert meta.modified.precision == "day"
    assert meta.modified.value.date().isoformat() == "2024-03-04"
    assert meta.section == "Community"
    assert meta.image is not None
    assert meta.image.url == "https://northfield.example/img/library-front.jpg"
    assert meta.image.caption == "The main reading room on a quiet afternoon."
    assert meta.image.credit == "Lena Fischer/Northfield Courier"


META_AUTHOR_PAGE = """<html><head>
<meta name="author" content="By Jonas Berg, Elif Kaya">
<meta property="article:published_time" content="2020-02-29T23:30:00-08:00">
<meta property="og:site_name" content="Valley Post">
<title>Snow closes mountain pass | Valley Post</title>
</head><body><h1>Snow closes mountain pass</h1></body></html>"""


def test_meta_author_split_and_site_suffix() -> None:
    meta = extract_metadata(soup_of(META_AUTHOR_PAGE), "https://valleypost.example/a")
    assert meta.authors == ("Jonas Berg", "Elif Kaya")
    assert meta.methods["authors"] == "meta:author"
    assert meta.title == "Snow closes mountain pass"
    assert meta.published is not None
    assert meta.published.value.isoformat() == "2020-02-29T23:30:00-08:00"


def test_publication_names_are_not_authors() -> None:
    html = """<html><head><meta name="author" content="Valley Post Staff">
    <meta property="og:site_name" content="Valley Post"></head><body></body></html>"""
    meta = extract_metadata(soup_of(html), "https://valleypost.example/b")
    assert meta.authors == ()


GERMAN_PAGE = """<html><head><title>Neue Radwege in der Altstadt</title></head><body>
<h1>Neue Radwege in der Altstadt</h1>
<p>Die Stadtverwaltung hat am Montag beschlossen, dass in der Altstadt zwei neue Radwege
gebaut werden sollen. Die Arbeiten beginnen im Frühjahr und dauern voraussichtlich bis zum
Herbst. Anwohner werden gebeten, während der Bauzeit auf die Beschilderung zu achten.</p>
<p>Veröffentlicht am 3. April 2023</p>
</body></html>"""


def test_non_english_page_language_and_visible_date() -> None:
    meta = extract_metadata(soup_of(GERMAN_PAGE), "")
    assert meta.language == "de"
    assert meta.methods["language"] == "langid"
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2023-04-03"


def test_empty_and_junk_input_never_raise() -> None:
    for html in ("", "<html></html>", "<<<>>>", "<script type='application/ld+json'>{{{</script>"):
        meta = extract_metadata(soup_of(html), "not a url")
        assert meta.authors == ()


def test_team_byline_is_kept_when_no_person_is_named() -> None:
    html = """<html><head><title>Caring for potted ferns</title></head><body><article>
    <h1>Caring for potted ferns</h1><p class="byline">By the Greenhouse Desk Team</p>
    <p>Ferns like steady moisture and indirect light through the whole year.</p>
    </article></body></html>"""
    meta = extract_metadata(soup_of(html), "https://plants.example/ferns")
    assert meta.authors == ("the Greenhouse Desk Team",)


def test_person_byline_wins_over_a_team_name() -> None:
    html = """<html><head><meta name="author" content="Garden Desk Team"></head><body>
    <article><h1>Pruning roses</h1><p class="byline">By Odile Marchetti</p>
    <p>Cut back to an outward-facing bud in late winter for an open shape.</p>
    </article></body></html>"""
    meta = extract_metadata(soup_of(html), "https://plants.example/roses")
    assert meta.authors == ("Odile Marchetti",)


def test_site_name_prefix_is_not_a_kicker() -> None:
    html = """<html><head><title>Fernwerk: Which heat pump suits an old house?</title></head>
    <body><h1>Which heat pump suits an old house?</h1></body></html>"""
    meta = extract_metadata(soup_of(html), "https://www.fernwerk.example/heat-pumps")
    assert meta.title == "Which heat pump suits an old house?"


def test_script_rendered_page_takes_the_date_from_its_app_state() -> None:
    html = """<html><head><title>Moth survey</title></head><body><div id="app"></div>
    <script>window.__STATE__ = {"post": {"title": "Moth survey",
    "publishedAt": "2024-03-09T08:15:00Z"}};</script></body></html>"""
    meta = extract_metadata(soup_of(html), "https://moths.example/p/survey")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2024-03-09"
    assert meta.methods["published"] == "script"
