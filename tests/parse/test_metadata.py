"""Tests for pipeline.parse.metadata with invented pages."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
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
    # Only an "Updated" stamp: the lake says so, it does not invent a publication date.
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


AUTHOR_BOX_PAGE = """<html><head><meta name="author" content="{declared}"></head><body>
<article><h1>Choosing a first sourdough starter</h1>
<p>A starter needs flour, water and a warm shelf for about a week before it rises well.</p>
<div class="callout"><img src="/img/face.jpg" alt=""><div class="callout__content">
<h3>{name}</h3><p>{bio} A baker for ten years, {name} also runs weekend classes.</p>
</div></div></article></body></html>"""


@pytest.mark.parametrize(("declared", "name", "bio", "expected"), [
    # the meta names a team; the author box names and presents the writer
    ("Crumb Lab Team", "Ilse Varga", "Ilse Varga is the head baker at Crumb Lab.",
     ("Ilse Varga",)),
    # a one-word name in the box still beats the team
    ("Crumb Lab Team", "Teodor", "Teodor is the founder of Crumb Lab.", ("Teodor",)),
    # a product presented the same way is no author: the team stays
    ("Crumb Lab Team", "Rye Sour", "Rye Sour is a tangy starter for dark loaves.",
     ("Crumb Lab Team",)),
    # a person the page declares wins over the box
    ("Ilse Varga", "Marta Kovacs", "Marta Kovacs is the editor of Crumb Lab.",
     ("Ilse Varga",)),
])
def test_author_box_bio_names_the_writer(
    declared: str, name: str, bio: str, expected: tuple[str, ...]
) -> None:
    html = AUTHOR_BOX_PAGE.format(declared=declared, name=name, bio=bio)
    meta = extract_metadata(soup_of(html), "https://crumblab.example/blog/starter")
    assert meta.authors == expected


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


def test_app_state_names_the_publication_date_its_own_way() -> None:
    html = """<html><head><title>Moth survey</title></head><body><div id="app"></div>
    <script id="__NEXT_DATA__" type="application/json">{"props": {"page": {"slug": "survey",
    "publicationDate": "2024-03-09T08:15:00+01:00"}}}</script></body></html>"""
    meta = extract_metadata(soup_of(html), "https://moths.example/p/survey")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2024-03-09"


def test_utc_stamp_is_restated_on_the_local_day_the_url_gives() -> None:
    html = """<html><head><meta property="article:published_time"
    content="2024-02-25T02:25:00Z"></head><body><h1>Night council vote</h1></body></html>"""
    meta = extract_metadata(soup_of(html), "https://news.example/2024/02/24/council-vote")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2024-02-24"
    # The instant is kept: only the offset moves.
    assert meta.published.value.isoformat() == "2024-02-24T23:25:00-03:00"


def test_utc_stamp_takes_the_pages_own_offset_for_the_same_instant() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "Late train", "datePublished": "2023-10-18T22:04:00Z"}</script></head><body>
    <h1>Late train</h1><time datetime="2023-10-19T00:04:00+02:00">19.10.2023</time>
    </body></html>"""
    meta = extract_metadata(soup_of(html), "https://news.example/late-train")
    assert meta.published is not None
    assert meta.published.value.isoformat() == "2023-10-19T00:04:00+02:00"


def test_utc_stamp_stays_when_the_page_agrees_with_its_day() -> None:
    html = """<html><head><meta property="article:published_time"
    content="2024-02-25T02:25:00Z"></head><body><h1>Vote</h1></body></html>"""
    meta = extract_metadata(soup_of(html), "https://news.example/2024/02/25/vote")
    assert meta.published is not None
    assert meta.published.value.isoformat() == "2024-02-25T02:25:00+00:00"


def test_url_date_beats_comment_dates() -> None:
    html = """<html><body><h1>Filtering captured traffic</h1><p>Some text.</p>
    <div class="comment-date">29. März 2020 um 16:45 Uhr</div></body></html>"""
    meta = extract_metadata(soup_of(html), "https://blog.example/2017/06/29/filtering/")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2017-06-29"
    assert meta.published.method == "url"


def test_stamp_with_published_and_updated_dates_gives_the_first() -> None:
    html = """<html><body><h1>Ten novels</h1>
    <div class="post-meta">Interview by Ana Ruiz May 3, 2025. Updated: May 7, 2025</div>
    </body></html>"""
    meta = extract_metadata(soup_of(html), "https://books.example/ten-novels")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2025-05-03"


def test_only_an_updated_stamp_dates_the_page_as_modified() -> None:
    html = """<html><body><h1>Choosing a kettle</h1>
    <div class="updated-date">Last updated on 17 December 2025</div><p>Text.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://kitchen.example/kettles")
    assert meta.published is None
    assert meta.modified is not None
    assert meta.modified.value.date().isoformat() == "2025-12-17"


STAMP_CASES = [
    # one stamp under the headline dates the story
    ('<h1>Relief for heating bills</h1><div class="news-date">21.11.2022</div>'
     "<p>Households receive a one-off payment in December.</p>", "2022-11-21"),
    # stamps naming several days are a list of other stories: the story's own line wins
    ('<div class="more"><div class="news-date">29.11.2022</div><a href="/a">Gas prices</a>'
     '<div class="news-date">22.11.2022</div><a href="/b">Meter readings</a>'
     '<div class="news-date">15.11.2022</div><a href="/c">Power cuts</a></div>'
     "<h1>Relief for heating bills</h1><p>(21. November 2022) Households receive a one-off "
     "payment in December.</p>", "2022-11-21"),
    # a calendar-style stamp prints month, day and year in boxes with no space between
    ('<h1>Relief for heating bills</h1><div class="entry-date"><span class="month">Nov</span>'
     '<span class="day">21</span><span class="year">2022</span></div>'
     "<p>Households receive a one-off payment in December.</p>", "2022-11-21"),
    # a forum header prints the reader's clock, and the poster's box the day they joined
    ('<p class="header-time">Aktuelle Zeit: 03.06.2024, 09:15</p>'
     "<h1>Welche Rute für Hechte?</h1><dl><dd><strong>Registriert:</strong> 02.04.2011</dd>"
     "</dl><p><strong>Angler77</strong> &raquo; 14.02.2015, 18:20</p>"
     "<p>Ich suche eine Rute für das Schleppen am See.</p>", "2015-02-14"),
    ('<div class="current-time">It is currently Mon Jun 03, 2024 9:15 am</div>'
     "<h1>Best rod for pike?</h1><p>Joined: Apr 2, 2011</p><p>by Angler77 &raquo; "
     "Feb 14, 2015 6:20 pm</p><p>Looking for a trolling rod for the lake.</p>", "2015-02-14"),
]


@pytest.mark.parametrize(("body", "expected"), STAMP_CASES)
def test_stamp_dates_the_story(body: str, expected: str) -> None:
    meta = extract_metadata(soup_of(f"<html><body>{body}</body></html>"),
                            "https://energy-help.example/news/relief")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == expected


def test_undated_page_takes_an_update_line_under_a_long_article_as_modified() -> None:
    story = "<p>Children who work need rights, not bans, the association argues.</p>" * 40
    html = f"""<html><body><h1>Children and work</h1>{story}
    <p class="info">Aktualisiert: 30.12.2016</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://kids-rights.example/work")
    assert meta.published is None
    assert meta.modified is not None
    assert meta.modified.value.date().isoformat() == "2016-12-30"


def test_dates_glued_to_bylines_are_not_names() -> None:
    html = """<html><body><article><h1>Scaling tests</h1>
    <div class="post-author">Dec 17, 2025Ilse Marten</div>
    <p>Body text of the post goes here and is long enough.</p></article></body></html>"""
    meta = extract_metadata(soup_of(html), "https://dev.example/scaling-tests")
    assert meta.authors == ("Ilse Marten",)
    html = html.replace("Dec 17, 2025Ilse Marten", "Ilse Marten • March 12")
    assert extract_metadata(soup_of(html), "https://dev.example/x").authors == ("Ilse Marten",)


def test_role_prefixes_are_dropped_from_bylines() -> None:
    for prefix in ("Erstellt von", "Interview:", "Articles by", "Alles von"):
        html = f"""<html><body><article><h1>Report</h1><span class="author">{prefix}
        Jonas Feld</span><p>Some words of the article body.</p></article></body></html>"""
        meta = extract_metadata(soup_of(html), "https://paper.example/report")
        assert meta.authors == ("Jonas Feld",), prefix


def test_first_by_line_signs_the_article_not_the_comments() -> None:
    html = """<html><body><h1>Garden notes</h1><p>Posted by: Wren Okafor at May 2, 2025</p>
    <p>Text of the notes.</p><p>Posted by: Tobias Lind at May 3, 2025</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://garden.example/notes")
    assert meta.authors == ("Wren Okafor",)


def test_declared_lower_case_author_is_kept() -> None:
    html = """<html><head><meta name="author" content="mira holt"></head><body>
    <h1>Packing list</h1><p>What to bring for two nights outside.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://trail.example/packing")
    assert [a.casefold() for a in meta.authors] == ["mira holt"]


def test_seo_plugin_written_by_label_names_the_author() -> None:
    html = """<html><head><meta name="twitter:label1" content="Verfasst von">
    <meta name="twitter:data1" content="Karla Weiss"></head><body><h1>Lost and found</h1>
    <p>A column about things that turn up again.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://column.example/lost")
    assert meta.authors == ("Karla Weiss",)
    assert meta.methods["authors"] == "twitter"


def test_bold_label_before_the_name_is_a_byline() -> None:
    html = """<html><body><h1>Old fire engines, part 9</h1><p>Story text here.</p>
    <p><strong>Text:</strong> Henrik Aldag</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://engines.example/part-9")
    assert meta.authors == ("Henrik Aldag",)


def test_posted_on_date_by_name() -> None:
    html = """<html><body><h1>Gallery</h1><div class="page-meta--author">
    Posted on September 21, 2020 by Noa Feld</div></body></html>"""
    meta = extract_metadata(soup_of(html), "https://gallery.example/items")
    assert meta.authors == ("Noa Feld",)


def test_byline_below_the_headline_beats_one_in_the_sidebar() -> None:
    html = """<html><body><aside><div class="author-name">Petra Sidebar</div></aside>
    <article><h1>Streams in the browser</h1><div class="author-name">Ravi Nandakumar</div>
    <p>How response bodies can be read once, as a stream.</p></article></body></html>"""
    meta = extract_metadata(soup_of(html), "https://blog.example/streams")
    assert meta.authors == ("Ravi Nandakumar",)


def test_microdata_authors_outside_the_first_byline_box_are_commenters() -> None:
    html = """<html><body><article><h1>Web design</h1>
    <div class="byline"><span itemprop="author">Ines Duarte</span></div>
    <p>An essay on the craft of the web.</p></article>
    <section class="comments"><div><p><span itemprop="author">Kurt Vale</span></p></div>
    </section></body></html>"""
    meta = extract_metadata(soup_of(html), "https://essays.example/web-design")
    assert meta.authors == ("Ines Duarte",)


def test_byline_name_read_twice_or_signed_with_the_site_is_cleaned() -> None:
    html = """<html><head><meta property="og:site_name" content="RiverVoice"></head><body>
    <article><h1>Late goals</h1><div class="author">Tomas Lund Tomas Lund</div>
    <p>A match report with two late goals.</p></article></body></html>"""
    meta = extract_metadata(soup_of(html), "https://rivervoice.example/late-goals")
    assert meta.authors == ("Tomas Lund",)
    html = html.replace("Tomas Lund Tomas Lund", "Tomas Lund RiverVoice")
    meta = extract_metadata(soup_of(html), "https://rivervoice.example/late-goals")
    assert meta.authors == ("Tomas Lund",)


def test_reading_time_is_not_a_byline() -> None:
    html = """<html><body><article><h1>Movers</h1><div class="author-meta">10 mins read</div>
    <p>How to pick a moving company.</p></article></body></html>"""
    meta = extract_metadata(soup_of(html), "https://movers.example/pick")
    assert meta.authors == ()


def test_h1_that_only_labels_the_section_loses_to_the_declared_title() -> None:
    html = """<html><head><meta property="og:title"
    content="How much a kitchen remodel costs in a small city"></head><body>
    <h1>Pricing guides</h1><p>Cabinets, counters and labour, item by item.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://homes.example/kitchen-cost")
    assert meta.title == "How much a kitchen remodel costs in a small city"


def test_reworded_h1_still_wins_over_the_seo_title() -> None:
    html = """<html><head><meta property="og:title"
    content="Kitchen remodel cost: a small city price guide"></head><body>
    <h1>What a kitchen remodel really costs</h1><p>Item by item.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://homes.example/kitchen-cost")
    assert meta.title == "What a kitchen remodel really costs"


def test_h1_spelling_the_site_name_is_the_logo() -> None:
    html = """<html><head><title>Podcasts on a server</title>
    <meta property="og:title" content="Podcasts on a server"></head><body>
    <h1>Dysfunctions</h1><p>Step by step.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://dysfunctions.example/podcasts")
    assert meta.title == "Podcasts on a server"


def test_meta_that_only_restyles_the_quotes_yields_to_the_printed_h1() -> None:
    html = """<html><head><meta property="og:title"
    content='Mayor calls the new depot "a quiet revolution"'></head><body>
    <h1>Mayor calls the new depot „a quiet revolution“</h1><p>The depot opens.</p>
    </body></html>"""
    meta = extract_metadata(soup_of(html), "https://citydesk.example/depot")
    assert meta.title == "Mayor calls the new depot „a quiet revolution“"
    assert meta.methods["title"] == "h1"
    # a kicker styled apart loses its ":" in the h1; the meta that prints it still wins
    kicker = """<html><head><meta property="og:title" content="Transport: the depot opens">
    </head><body><h1><span class="kicker">Transport</span> The depot opens</h1>
    <p>The depot opens.</p></body></html>"""
    meta = extract_metadata(soup_of(kicker), "https://citydesk.example/depot")
    assert meta.title == "Transport: the depot opens"


def test_h1_that_runs_on_past_the_declared_title_yields_to_it() -> None:
    html = """<html><head><title>Pruning old apple trees: a winter guide | Orchard Notes</title>
    <meta property="og:title" content="Pruning old apple trees">
    <meta property="og:site_name" content="Orchard Notes"></head><body>
    <h1>Pruning old apple trees: everything a beginner needs to know</h1>
    <p>Start with the dead wood.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://orchard-notes.example/pruning")
    assert meta.title == "Pruning old apple trees" and meta.methods["title"] == "og"


def title_of(html: str, url: str) -> str | None:
    return extract_metadata(soup_of(html), url).title


def test_h1_equal_to_the_headline_after_a_site_and_section_prefix() -> None:
    html = """<html><head>
    <title>City Works - Notices - Water mains on Elm Street replaced this summer</title>
    </head><body><h1>Water mains on Elm Street replaced this summer</h1>
    <p>Crews start in June.</p></body></html>"""
    # with a menu h1 first, the h1 that matches the headline part of <title> is chosen
    menu = html.replace("<body>", "<body><h1>Skip to navigation</h1>")
    assert [title_of(page, "https://cityworks.example/notices/elm") for page in (html, menu)] == [
        "Water mains on Elm Street replaced this summer"] * 2


def test_title_that_leads_with_the_site_name_keeps_what_follows() -> None:
    html = """<html><head><title>lanternhouse » Second letter: the harbour</title></head>
    <body><h1>lanternhouse</h1><p>A letter about the harbour.</p></body></html>"""
    spelled = html.replace("lanternhouse »", "Lantern House | lanternhouse.example -")
    assert [title_of(page, "https://lanternhouse.example/second-letter")
            for page in (html, spelled)] == ["Second letter: the harbour"] * 2


def test_declared_title_beside_the_site_name_keeps_its_subtitle() -> None:
    html = """<html><head><title>Night trains across the Alps – a return | Slow Rails</title>
    <meta property="og:title" content="Night trains across the Alps – a return">
    <meta property="og:site_name" content="Slow Rails"></head><body>
    <p>Sleeper services are coming back.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://slowrails.example/night-trains")
    assert meta.title == "Night trains across the Alps – a return"


def test_meta_cut_off_by_a_quote_in_the_headline_is_skipped() -> None:
    html = """<html><head><title>Minister calls the tax plan "unworkable"</title>
    <meta property="og:title" content="Minister calls the tax plan "unworkable"">
    </head><body><p>The plan goes to a vote next week.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://capitalwire.example/tax-plan")
    assert meta.title == 'Minister calls the tax plan "unworkable"'


def test_sentence_long_title_beats_an_unrelated_label_h1() -> None:
    html = """<html><head><title>Toddlers who nap early may sleep better at night</title>
    </head><body><h1>Family Health Center</h1><p>A new study of sleep.</p></body></html>"""
    meta = extract_metadata(soup_of(html), "https://familyhealth.example/naps")
    assert meta.title == "Toddlers who nap early may sleep better at night"
    # a short <title> may itself be a section label: the visible h1 keeps precedence
    short = html.replace("Toddlers who nap early may sleep better at night", "Sleep and naps")
    meta = extract_metadata(soup_of(short), "https://familyhealth.example/naps")
    assert meta.title == "Family Health Center"


def test_label_h1_sharing_only_short_words_loses_to_a_sentence_title() -> None:
    html = """<html><head><title>Ringworm: what it is and how you catch it</title></head>
    <body><h1>Guides and Resources</h1><p>A skin infection caused by a fungus.</p>
    </body></html>"""
    assert title_of(html, "https://healthdesk.example/ringworm") == (
        "Ringworm: what it is and how you catch it")


@pytest.mark.parametrize(("h1", "expected"), [
    ("Lake ferries resume their summer timetable | Opinion",
     "Lake ferries resume their summer timetable"),
    ("Saving for a first flat | Part 2", "Saving for a first flat"),
    ("How to prune roses | Garden Advice | Northfield Garden Centre", "How to prune roses"),
    # a second half of five words or more belongs to the headline
    ("Ten budget laptops tested | The best machines for students on a budget",
     "Ten budget laptops tested | The best machines for students on a budget"),
])
def test_h1_drops_short_labels_after_a_pipe(h1: str, expected: str) -> None:
    html = f"""<html><head><title>A page</title></head><body><h1>{h1}</h1>
    <p>Text of the story.</p></body></html>"""
    assert title_of(html, "https://dailyleaf.example/story") == expected


@pytest.mark.parametrize("logo", [
    '<h1><a href="/">Quiet Harbour Review</a></h1>',
    '<h1 class="site-title"><span>Quiet Harbour Review</span></h1>',
    '<h1 id="branding"><a href="https://qhr.example/?lang=en"><span>QHR</span>'
    '<span class="slogan">Essays about coastal towns</span></a></h1>',
])
def test_h1_that_wraps_the_site_logo_is_not_the_headline(logo: str) -> None:
    html = f"""<html><head><title>Winter on the pier » QHR</title></head><body>{logo}
    <p>The pier in January.</p></body></html>"""
    assert title_of(html, "https://qhr.example/essays/pier") == "Winter on the pier"


def test_h1_linking_to_an_anchor_or_its_own_page_stays_the_headline() -> None:
    html = """<html><head><title>Tide tables explained</title></head><body>
    <h1><a href="#tide-tables">Tide tables explained, step by step</a></h1>
    <p>High water twice a day.</p></body></html>"""
    assert title_of(html, "https://qhr.example/tides") == "Tide tables explained, step by step"


def test_h1_in_an_article_nested_in_an_unclosed_menu_is_the_headline() -> None:
    html = f"""<html><head><meta property="og:title" content="Dune walks: a quick guide"></head>
    <body><header><nav><ul><li><div class="menu-dropdown"><a href="/walks">Walks</a>
    <article><h1>Five dune walks for a windy weekend</h1><p>{"Start at the lighthouse. " * 30}</p>
    </article></div></li></ul></nav></header></body></html>"""
    assert title_of(html, "https://qhr.example/dunes") == "Five dune walks for a windy weekend"


def test_h1_of_a_teaser_card_in_a_list_is_not_the_headline() -> None:
    cards = "".join(f"<li><article class='card'><h1>Card story number {n}</h1><p>A line.</p>"
                    "</article></li>" for n in range(3))
    html = f"""<html><head><meta property="og:title" content="Dune walks: a quick guide">
    </head><body><h1>Five dune walks for a windy weekend</h1><p>Start at the lighthouse.</p>
    <aside><ul>{cards}</ul></aside></body></html>"""
    assert title_of(html, "https://qhr.example/dunes") == "Five dune walks for a windy weekend"


TEASERS = "".join(f'<h1 class="list-head"><a href="/essays/{n}">Another essay, number {n}</a></h1>'
                  for n in range(3))
NEWSLETTER = "<h1>Sign up for our weekly letter!</h1>"


@pytest.mark.parametrize(("before", "after"), [
    ("", TEASERS),
    ("", NEWSLETTER * 2),
    ('<h1 class="category"><a href="/essays/">Essays</a></h1>', NEWSLETTER),
], ids=["teasers", "repeated", "section-link"])
def test_teaser_and_repeated_h1s_do_not_outvote_the_headline(before: str, after: str) -> None:
    html = f"""<html><head><meta property="og:title" content="Pier winter guide 2025"></head>
    <body>{before}<h1>A winter guide to the pier for 2025</h1><p>The pier in January.</p>
    {after}</body></html>"""
    expected = "A winter guide to the pier for 2025"
    assert title_of(html, "https://qhr.example/essays/pier") == expected


@pytest.mark.parametrize(("h1", "og"), [
    ('<span class="topline">Harbour renewal</span> <span class="headline">Cranes return'
     ' to the old docks</span>', "Cranes return to the old docks - Harbour renewal"),
    ('<span class="article-title__overline">Harbour renewal</span><span class="sr-only"> - '
     '</span><span>Cranes return to the old docks</span>', None),
    ('<div class="topic-label">Harbour renewal</div> Cranes return to the old docks', None),
    # an SEO kicker in og:title other than the one the h1 prints does not win either
    ('<span class="dachzeile">Harbour renewal</span> Cranes return to the old docks',
     "Port of Eastmoor: Cranes return to the old docks"),
])
def test_h1_leaves_out_the_kicker_it_prints_in_its_own_element(h1: str, og: str | None) -> None:
    head = f'<meta property="og:title" content="{og}">' if og else ""
    html = f"""<html><head>{head}</head><body><h1>{h1}</h1><p>Text.</p></body></html>"""
    assert title_of(html, "https://portnews.example/cranes") == "Cranes return to the old docks"


def test_h1_whose_marked_span_follows_the_headline_keeps_it() -> None:
    html = """<html><head></head><body><h1>What a pilot does
    <span class="subtitle">and how to become one</span></h1><p>Text.</p></body></html>"""
    assert title_of(html, "https://portnews.example/pilot") == (
        "What a pilot does and how to become one")


@pytest.mark.parametrize(("h1", "og"), [
    ('"Never again": Ferry captain retires after forty years',
     "Ferry captain retires after forty years"),
    ("2024 Guide to ferry timetables and fares", "Guide to ferry timetables and fares"),
])
def test_h1_printed_as_one_text_keeps_the_words_the_meta_drops(h1: str, og: str) -> None:
    html = f"""<html><head><meta property="og:title" content='{og}'></head><body>
    <h1>{h1}</h1><p>Text.</p></body></html>"""
    assert title_of(html, "https://portnews.example/captain") == h1


@pytest.mark.parametrize("h1", [
    '<h1 id="but-most-ask"><a class="anchor" href="#but-most-ask"></a> But most ask about'
    ' <em>spring</em> tides</h1>',
    '<h1 class="heading"><a id="but-most-ask"></a><a href="#but-most-ask">But most ask about'
    ' spring tides</a></h1>',
])
def test_h1_linking_to_itself_is_a_section_of_the_text(h1: str) -> None:
    html = f"""<html><head><title>What readers ask about tide tables | Harbour Blog</title>
    </head><body><main>{h1}<p>Text.</p><h1>Neap tides</h1><p>More text.</p></main>
    </body></html>"""
    assert title_of(html, "https://harbourblog.example/tides") == (
        "What readers ask about tide tables")


@pytest.mark.parametrize(("above", "expected"), [
    # the page prints the kicker over its headline: the kicker belongs to the title
    ('<div class="keyword">Harbour renewal</div>',
     "Harbour renewal: Cranes return to the old docks"),
    ('<div class="overline"><b>Harbour</b> renewal</div><p class="date">12 May 2023</p>',
     "Harbour renewal: Cranes return to the old docks"),
    # a kicker only the meta title carries (and <title>, which is not printed) is an SEO line
    ('<div class="date">12 May 2023</div>', "Cranes return to the old docks"),
])
def test_meta_kicker_counts_only_when_printed_above_the_h1(above: str, expected: str) -> None:
    html = f"""<html><head><title>Harbour renewal: Cranes return to the old docks</title>
    <meta property="og:title" content="Harbour renewal: Cranes return to the old docks">
    </head><body>{above}<h1>Cranes return to the old docks</h1><p>Text.</p></body></html>"""
    assert title_of(html, "https://portnews.example/cranes") == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Do heat pumps work in an old farmhouse? | Heating | Forum | Fixit",
     "Do heat pumps work in an old farmhouse?"),
    ("Building a rain garden from scratch - Part 2 | Green Yard Diaries",
     "Building a rain garden from scratch"),
    # a part of more than three words after the first belongs to the headline
    ("Wind power – Clean energy from the open sea | Coastal Wind Foundation",
     "Wind power – Clean energy from the open sea"),
    # a breadcrumb leads down to the headline at its end
    ("Tern Watch » Blog Archive » Lamps along the old pier", "Lamps along the old pier"),
    ("tern watch club e.V. - News » The events of the last weeks",
     "The events of the last weeks"),
])
def test_title_of_many_parts_drops_the_short_labels_after_the_headline(
        title: str, expected: str) -> None:
    html = f"""<html><head><title>{title}</title></head><body><p>Text.</p></body></html>"""
    assert title_of(html, "https://tw-notes.example/posts/412") == expected


# --- headline, dates and bylines: rules added for the accuracy push -----------------------


def test_ruby_readings_are_not_part_of_the_title() -> None:
    page = ("<html lang='ja'><head><title>港の渡船が冬の運休から再開する | 港のニュース</title>"
            "</head><body><h1>港の<ruby>渡船<rt>とせん</rt></ruby>が<ruby>冬<rt>ふゆ</rt></ruby>"
            "の運休から<ruby>再開<rp>(</rp><rt>さいかい</rt><rp>)</rp></ruby>する</h1>"
            "<p>本文です。</p></body></html>")
    meta = extract_metadata(soup_of(page), URL)
    assert meta.title == "港の渡船が冬の運休から再開する" and meta.methods["title"] == "h1"


def test_british_slashed_date_is_day_first() -> None:
    page = ("<html lang='en'><head><meta property='og:locale' content='en_GB'>"
            "<title>Harbour dues rise</title></head><body><h1>Harbour dues rise</h1>"
            "<p class='byline'>By Ann Lee - 02/10/2020</p><p>Dues rise again.</p></body></html>")
    published = extract_metadata(soup_of(page), "https://harbour.example/dues").published
    assert published is not None and published.value.date().isoformat() == "2020-10-02"


def test_utc_stamp_on_the_same_utc_day_does_not_stop_localizing() -> None:
    # datePublished in UTC falls on the 4th; a second UTC stamp (the update) is on the 4th too
    # and says nothing; the page's own day, the 3rd, is printed under the headline.
    page = """<html lang="es"><head><title>Sube el pasaje</title>
<meta property="article:published_time" content="2022-05-04T00:53:29Z">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Sube el pasaje",
 "datePublished": "2022-05-04T00:25:56Z"}</script></head><body><h1>Sube el pasaje</h1>
<p class="fecha">3 de mayo de 2022</p><p>El pasaje sube desde el lunes.</p></body></html>"""
    published = extract_metadata(soup_of(page), "https://diario.example/pasaje").published
    assert published is not None and published.value.date().isoformat() == "2022-05-03"
    assert published.value.utcoffset() != timedelta(0)


def test_visible_date_is_read_after_the_headline_not_the_logo_h1() -> None:
    teasers = "".join(f"<li><a href='/n{n}'>Other notice number {n}</a></li>" for n in range(40))
    page = f"""<html lang="de"><head><title>Neue Zollsätze für Tabak</title></head><body>
<h1 class="logo">Zollamt</h1><nav><ul>{teasers}</ul></nav>
<div class="padding">{"Hinweise zur Nutzung dieser Seite. " * 60}</div>
<h1>Neue Zollsätze für Tabak</h1><div class="docData"><span>Datum:</span>
<span>18.10.2021</span></div><p>Die neuen Sätze gelten ab Januar.</p></body></html>"""
    published = extract_metadata(soup_of(page), "https://zollamt.example/meldung").published
    assert published is not None and published.value.date().isoformat() == "2021-10-18"


def test_updated_line_under_the_headline_is_the_modified_date() -> None:
    page = """<html><head><title>How to pick a tent</title></head><body>
<h1>How to pick a tent</h1><div><span>By Ola Berg</span> <span>Updated March 3, 2025</span></div>
<p>Pick a tent by its weight first.</p></body></html>"""
    meta = extract_metadata(soup_of(page), "https://gear.example/tents")
    assert meta.published is None
    assert meta.modified is not None and meta.modified.value.date().isoformat() == "2025-03-03"


def test_wiki_last_edited_footer_dates_the_page() -> None:
    page = """<html><head><title>Bike paths - City Wiki</title></head><body><h1>Bike paths</h1>
<p>The city has three bike paths along the river.</p>
<ul id="footer-info"><li id="footer-info-lastmod">This page was last edited on 9 June 2021,
at 10:12.</li></ul></body></html>"""
    meta = extract_metadata(soup_of(page), "https://wiki.city.example/Bike_paths")
    value = meta.published or meta.modified
    assert value is not None and value.value.date().isoformat() == "2021-06-09"


def test_byline_label_in_its_own_element() -> None:
    page = """<html><head><title>Storing apples</title></head><body><h1>Storing apples</h1>
<div class="meta"><div><p>Last updated</p><time>May 2, 2025</time></div>
<div><p>Written by</p><p>Edda Falk</p></div></div><p>Keep apples cool.</p></body></html>"""
    assert extract_metadata(soup_of(page), URL).authors == ("Edda Falk",)
    heading = """<html><head><title>Radon maps</title></head><body><h1>Radon maps</h1>
<div class="news-meta"><h4>Autor</h4><p><a href="/profil/jo">Jo Brandt</a></p></div>
<p>Neue Karten zeigen Radon im Boden.</p></body></html>"""
    assert extract_metadata(soup_of(heading), URL).authors == ("Jo Brandt",)
    inline = """<html><head><title>Old trucks</title></head><body><h1>Old trucks</h1>
<p>Part 12 of the series.</p><div class="tags"><strong>Contributors:</strong> Pia Holm
</div></body></html>"""
    assert extract_metadata(soup_of(inline), URL).authors == ("Pia Holm",)


def test_byline_trailers_and_prefixes() -> None:
    def byline(text: str, cls: str = "author") -> tuple[str, ...]:
        page = (f"<html><head><title>A story</title></head><body><h1>A story</h1>"
                f"<p class='{cls}'>{text}</p><p>Text of the story.</p></body></html>")
        return extract_metadata(soup_of(page), URL).authors

    assert byline("Dec. 19, 2025 · Ivo Lind on behalf of the Release Team") == ("Ivo Lind",)
    assert byline("Ivo Lind<br> 4 August 2010") == ("Ivo Lind",)
    assert byline("Ein Artikel von <strong>Ivo Lind</strong> | 27.01.2022", "metaInfo") == (
        "Ivo Lind",)
    assert byline("Ivo Lind Alle Artikel") == ("Ivo Lind",)
    assert byline("Full Bio") == ()
    # an ISO date glued to the name, as CMS templates print it
    assert byline("Lin Qiao2021-05-03 14:27:02") == ("Lin Qiao",)
    # "for" inside an organisation's name is no "Name for Outlet" trailer
    assert byline("Ivo Lind for The Harbour Ledger") == ("Ivo Lind",)
    assert byline("Centre for Coastal Research and Policy") == (
        "Centre for Coastal Research and Policy",)


def test_degrees_are_stripped_but_surnames_that_look_like_them_are_not() -> None:
    from pipeline.parse.metadata import clean_authors

    assert clean_authors(["Rui Ma"], None) == ("Rui Ma",)
    assert clean_authors(["Ana Roe, MD"], None) == ("Ana Roe",)
    assert clean_authors(["Ana Roe PhD"], None) == ("Ana Roe",)


def page_with(body: str, head: str = "") -> str:
    return (f"<html><head><title>A story</title>{head}</head><body><h1>A story</h1>{body}"
            "<p>Text of the story, long enough to be read as the article.</p></body></html>")


def authors_of(page: str) -> tuple[str, ...]:
    return extract_metadata(soup_of(page), URL).authors


BYLINE_FORMS = [
    # "<time> by Name", also with the date inside a link
    ('<div class="node__meta"><time datetime="2017-03-01">03/01/2017</time>'
     " by Nora Vance, Chair of the Library Outreach Working Group</div>", ("Nora Vance",)),
    ('<p class="post-meta"><a href="/p/7"><time datetime="2019-12-08">Dec 08, 2019</time></a>'
     ' by Owen Birch in <a href="/c/walks">Walks</a></p>', ("Owen Birch",)),
    # a "By" label after a separator
    ('<div class="meta_info"><span class="screen-reader-text">| By </span>'
     "<span>Tilda Marsh</span> | <time>April 13, 2020</time></div>", ("Tilda Marsh",)),
    # "date - Name" lines; one word after the dash is not a name
    ('<p class="text-muted">11.12.2019 - Ida Kronberg</p>', ("Ida Kronberg",)),
    ('<p class="text-muted">11.12.2019 - Pressemitteilung</p>', ()),
    # the section after the name goes with the date
    ('<div class="author">Written by Hugo Brandt in Single Boards on 21 December '
     "2024 at 09:31 AM EST. 18 Comments</div>", ("Hugo Brandt",)),
    # a picture credit after the writer is not a name
    ('<div class="article-author"><h2>Interview: Lene Voss<br>Foto: Per Dahl</h2></div>',
     ("Lene Voss",)),
    ('<div class="authorbold">Text &amp; Fotos: Lene Voss</div>', ("Lene Voss",)),
    # an avatar link before the author link
    ('<div class="profile-box"><div class="pic"><a href="/blog/author/mira-lund/"><img '
     'src="/m.jpg" alt=""></a></div><div class="h4"><a href="/blog/author/mira-lund/"><span>'
     "Mira Lund</span></a></div></div>", ("Mira Lund",)),
    # gendered and spaced labels
    ("<ul><li><strong>Datum</strong> 28.04.2023</li><li><strong>Autorin/Autor</strong> Jana "
     "Rohde</li></ul>", ("Jana Rohde",)),
    ('<div class="longText"><p>Auteur : Kofi Mensah</p></div>', ("Kofi Mensah",)),
    # label words and reading times are not names
    ('<div class="byline">Edit</div><p class="x">By Joel Park</p>', ("Joel Park",)),
    ('<div class="blog_author-wrapper">4m Read</div>', ()),
    # a lower-case handle in a byline is the author's name as written
    ('<span class="byline"><span class="author vcard"><a class="url fn n" href="/author/tw/" '
     'rel="author">tidewalker</a></span></span>', ("tidewalker",)),
    ("<p>by tidewalker </p>", ("tidewalker",)),
    # ... but a "By ..." sentence of the story is no byline
    ("<p>By combining these steps, the crew saves an hour.</p>", ()),
    ("<p>By batching, the crew answers more calls with fewer people on duty.</p>", ()),
    # a byline in a list of other stories signs one of them
    ('<ul class="related-stories"><li><a href="/s/2">Another story</a><div class="meta">'
     '<span class="author">Ana Lopez</span></div></li></ul><div class="author-name">Pia Sund'
     "</div>", ("Pia Sund",)),
    # a byline box that also holds the headline: its rel=author link names the writer
    ('<div class="article-byline"><span>Sections</span><h2>Harbour board approves the new '
     "ferry timetable after a long consultation with residents of both islands</h2><span>By "
     "<a rel='author' href='/a/ravi-das'>Ravi Menon Das</a></span><time>May 3, 2021, 10:04 AM"
     "</time></div>"
     '<aside><p class="author_name">By - Ola Nord, IT Specialist and Developer</p></aside>',
     ("Ravi Menon Das",)),
    # a plural label, and the date and tags after the name
    ('<div class="field--name-field-authors">Authors: Mira Holt and Jonas Ekberg, Extension '
     "horticulture educators</div>", ("Mira Holt", "Jonas Ekberg")),
    ('<p class="meta">Posted by Owen Birch on 2024-11-02 in gardening. Tags: compost, '
     "soil-health</p>", ("Owen Birch",)),
]


@pytest.mark.parametrize(("body", "expected"), BYLINE_FORMS)
def test_byline_forms(body: str, expected: tuple[str, ...]) -> None:
    assert authors_of(page_with(body)) == expected


def test_by_line_above_the_headline_heads_a_menu() -> None:
    page = ("<html><head><title>A story</title></head><body><div class='menu'><p>By Region</p>"
            "</div><h1>A story</h1><p>By Tove Aalto</p><p>Text of the story, long enough to be "
            "read as the article.</p></body></html>")
    assert authors_of(page) == ("Tove Aalto",)


def test_company_in_publisher_or_copyright_meta_is_not_the_author() -> None:
    head = ('<meta name="author" content="Carver Nast">'
            '<meta name="copyright" content="Copyright (c) Carver Nast 2022">')
    page = page_with('<p class="byline">By Selma Ortiz</p>', head)
    assert authors_of(page) == ("Selma Ortiz",)
    head = ('<meta name="author" content="Nordfunk (www.nordfunk.example)">'
            '<meta name="publisher" content="Nordfunk (www.nordfunk.example)">')
    page = page_with('<p class="byline">By Selma Ortiz</p>', head)
    assert authors_of(page) == ("Selma Ortiz",)
    # a byline box is no "By ..." line, which would name the writer over the meta
    alone = page_with('<p class="byline">Selma Ortiz</p>', '<meta name="author" '
                      'content="Carver Nast">')
    assert authors_of(alone) == ("Carver Nast",)


def test_fact_box_aside_inside_the_article() -> None:
    box = ('<aside><div class="item"><h3>Published</h3><p>August 30, 2024</p></div>'
           '<div class="item"><h3>Author</h3><p> Rosa Delgado</p></div></aside>')
    inside = page_with(f"<main><article><section>{box}<p>Body.</p></section></article></main>")
    assert authors_of(inside) == ("Rosa Delgado",)
    sidebar = page_with(f"<main><article><p>Body.</p></article></main>{box}")
    assert authors_of(sidebar) == ()


def test_comment_authors_are_not_the_article_author() -> None:
    page = page_with('<div class="entry">Posted by <a href="/people/ana" rel="author">Ana Pires'
                     '</a></div><div id="comments"><ol class="commentlist"><li class="comment">'
                     '<cite class="author fn">Sam Poe</cite> said: nice.</li></ol></div>')
    assert authors_of(page) == ("Ana Pires",)
    own_article = page_with('<a href="/people/ana" rel="author">Ana Pires</a><article class='
                            '"comment-body"><cite class="author fn">Sam Poe</cite></article>')
    assert authors_of(own_article) == ("Ana Pires",)


def test_by_line_under_the_headline_beats_later_byline_boxes() -> None:
    page = page_with('<div class="story__info"><span>By <a href="/author/kit-wells">Kit Wells'
                     '</a></span></div><ul class="more"><li><span class="byline">By Lou Chen'
                     '</span></li><li><span class="byline">By Ada Marx</span></li></ul>')
    assert authors_of(page) == ("Kit Wells",)
    no_headline = page.replace("<h1>A story</h1>", "")
    assert authors_of(no_headline) == ("Lou Chen",)


def test_author_box_with_a_bio_reads_its_first_line() -> None:
    bio = "Tess Harlow writes about clinic software and the people who run small practices. " * 3
    page = page_with(f'<div class="blog_author-box"><img alt="Tess Harlow" src="/t.jpg">'
                     f'<div class="bold">Tess Harlow</div><div class="rich"><p>{bio}</p></div>'
                     "</div>")
    assert authors_of(page) == ("Tess Harlow",)
    label_first = page.replace('<div class="bold">Tess Harlow</div>',
                               '<div class="bold">Veröffentlicht von</div>')
    assert authors_of(label_first) == ()


def test_name_element_of_a_byline_box_leaves_out_the_job_title() -> None:
    page = page_with('<div class="author-card"><div class="author-name">Dana Whitfield</div>'
                     '<div class="author-title">Platform Engineering</div></div>')
    assert authors_of(page) == ("Dana Whitfield",)
    # co-authors repeat the name element: read together they would make one long "name"
    pair = page_with('<div class="author-list"><div class="author-name">Dana Whitfield</div>'
                     '<div class="author-name">Ravi Menon</div></div>')
    assert authors_of(pair) == ("Dana Whitfield", "Ravi Menon")


def test_bare_first_name_is_completed_from_the_visible_byline() -> None:
    page = """<html><head><title>Slow travel</title><meta name="author" content="Linnea">
</head><body><h1>Slow travel</h1><div class="post-info"><a itemprop="author"
href="/author/linnea-moss/"><span>by</span> Linnea Moss</a></div><p>Take the train.</p>
</body></html>"""
    assert authors_of(page) == ("Linnea Moss",)


def test_publication_named_as_author_gives_way_to_the_reporter() -> None:
    page = """<html><head><title>Bridge closes</title>
<meta property="og:site_name" content="VT Online">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge closes",
 "author": {"@type": "Organization", "name": "Valley Tribune"},
 "publisher": {"@type": "Organization", "name": "Valley Tribune"}}</script></head><body>
<h1>Bridge closes</h1><div class="byline">By Marta Solís</div><p>The bridge closes.</p>
</body></html>"""
    assert extract_metadata(soup_of(page), "https://valleytribune.example/a").authors == (
        "Marta Solís",)
    # without a person in the byline, the publication stays the author
    bare = page.replace('<div class="byline">By Marta Solís</div>', "")
    assert extract_metadata(soup_of(bare), "https://valleytribune.example/a").authors == (
        "Valley Tribune",)


PRINTED_DATE_CASES = [
    # a generic date meta that disagrees yields to the date printed under the headline
    ('<meta name="date" content="2024-03-11T09:12:40+01:00">',
     '<p class="lead">02.03.2024 | Town library</p>'
     "<p>The reading room opens earlier from April on.</p>",
     "https://library.example/news/opening-hours", "2024-03-02"),
    # ... unless the URL backs the meta
    ('<meta name="dc.date" content="2024-03-11">',
     "<p>Since 02.03.2024 the reading room opens earlier.</p>",
     "https://library.example/2024/03/11/opening-hours", "2024-03-11"),
    # a publication meta is not second-guessed by a date in a sentence
    ('<meta property="article:published_time" content="2024-03-11T09:12:40+01:00">',
     "<p>Since 02.03.2024 the reading room opens earlier.</p>",
     "https://library.example/news/opening-hours", "2024-03-11"),
]


@pytest.mark.parametrize(("head", "body", "url", "expected"), PRINTED_DATE_CASES)
def test_printed_date_against_date_metas(head: str, body: str, url: str, expected: str) -> None:
    html = (f"<html><head>{head}</head><body><h1>Spring opening hours</h1>{body}"
            "</body></html>")
    meta = extract_metadata(soup_of(html), url)
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == expected


def test_undated_page_reads_a_date_below_a_long_menu() -> None:
    menu = "".join(f"<li>Section number {i} of the club site</li>" for i in range(120))
    html = f"""<html><body><div class="menu"><ul>{menu}</ul></div>
    <div class="entry"><span>Posted by Tom Kerr am 14.05.2019, 18:02 Uhr</span>
    <p>The summer tournament moves to the north field.</p></div></body></html>"""
    meta = extract_metadata(soup_of(html), "https://club.example/index.php?site=news&id=7")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2019-05-14"


def dated_page(head: str, body: str) -> str:
    return (f"<html lang='en'><head><title>Lake trail reopens</title>{head}</head><body>"
            f"{body}</body></html>")


LAKE_JSONLD = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
               "\"Lake trail reopens\", \"datePublished\": \"2022-03-01T08:00:00+01:00\", "
               "\"dateModified\": \"2023-06-12T10:30:00+01:00\"}</script>")
OG_DATES = ("<meta property='article:published_time' content='2022-03-01T08:00:00+01:00'>"
            "<meta property='article:modified_time' content='2023-06-12T10:30:00+01:00'>")
STORY = "<p>The trail around the lake opens again after the storm repairs are done.</p>"
DATE_LINE_CASES = [
    # the line under the headline is the modified date: readers see the story dated by it
    (LAKE_JSONLD, f"<h1>Lake trail reopens</h1><p>12.06.2023</p>{STORY}", "2023-06-12"),
    # a comment's <time> further down does not outrank the line under the headline
    ("", f"<h1>Lake trail reopens</h1><p>am 14.05.2021</p>{STORY * 5}"
         "<ol class='comments'><li><time datetime='2021-05-20T09:00'>20.05.2021</time> Nice</li>"
         "</ol>", "2021-05-14"),
    # a teaser's date printed before the headline is not the article's
    ("", "<aside><div class='teaser-date'>March 9, 2021</div><a href='/t'>Other story</a>"
         f"</aside><h1>Lake trail reopens</h1><p>March 2, 2021</p>{STORY}", "2021-03-02"),
    # OpenGraph-only themes print the last edit under the headline: publication stays
    (OG_DATES, f"<h1>Lake trail reopens</h1><p>June 12, 2023</p>{STORY}", "2022-03-01"),
    # an "Updated" line is the modification, not the line that dates the story
    (LAKE_JSONLD, f"<h1>Lake trail reopens</h1><p>Updated June 12, 2023</p>{STORY}",
     "2022-03-01"),
    # short date lines one after another are a list of other stories
    (LAKE_JSONLD, "<h1>Lake trail reopens</h1><ul><li>12.06.2023</li><li>Bridge works</li>"
                  f"<li>02.06.2023</li><li>Ferry times</li></ul>{STORY}", "2022-03-01"),
    # the same day written the other way round ("03.01.2022" for 1 March) is no conflict
    (LAKE_JSONLD, f"<h1>Lake trail reopens</h1><p>03.01.2022</p>{STORY}", "2022-03-01"),
    # a sentence that mentions a date is not a date line
    (LAKE_JSONLD, "<h1>Lake trail reopens</h1><p>Since 12.06.2023 the path is open again.</p>"
                  f"{STORY}", "2022-03-01"),
    # an undated page: a caption mentions another day, the short line under it dates the story
    ("", "<h1>Lake trail reopens</h1><figure><figcaption>Walkers pass the boathouse on the "
         "east shore, March 28, 2021. Photo: Ada Brook</figcaption></figure>"
         f"<p>March 30, 2021</p>{STORY}", "2021-03-30"),
    # ... and with no date line under the headline, the one printed right above it
    ("", "<div class='topline'><span>06.12.2022</span><a href='/news'>Newsroom</a></div>"
         "<h1>Lake trail reopens</h1><p>From 9.1. to 10.2.2023 the jetty is closed on weekdays "
         f"for repairs.</p>{STORY}", "2022-12-06"),
    # ... or when the only date line under the headline comes far down, in a teaser list
    ("", "<p class='kicker'>02.02.2022 10:16 - Trail news</p><h1>Lake trail reopens</h1>"
         f"{STORY * 6}<ul class='more'><li>30.01.2022 · Ferries</li><li>Ferry times</li></ul>",
     "2022-02-02"),
    # a <time> on the line under the headline dates the story over structured data
    (LAKE_JSONLD, "<h1>Lake trail reopens</h1><div class='byline'><time "
                  "datetime='2023-06-12T10:30:00+01:00'>12 June 2023</time> by Ada Brook</div>"
                  f"{STORY}", "2023-06-12"),
    # ... and over a sidebar's <time> printed before the headline
    ("", "<aside><time datetime='2024-01-31T12:00:00Z'>01/31/2024</time></aside>"
         "<h1>Lake trail reopens</h1><div class='meta'><time datetime='2021-03-02T12:00:00Z'>"
         f"03/02/2021</time></div>{STORY}", "2021-03-02"),
    # ... unless it is marked as the last edit
    (LAKE_JSONLD, "<h1>Lake trail reopens</h1><div class='field--changed'><time "
                  f"datetime='2023-06-12T10:30:00+01:00'>12 June 2023</time></div>{STORY}",
     "2022-03-01"),
    # a date linked above the headline belongs to another story: the sentence's date stays
    ("", "<div class='teasers'><a href='/t'>06.12.2022</a></div>"
         "<h1>Lake trail reopens</h1><p>From 9.1. to 10.2.2023 the jetty is closed on weekdays "
         f"for repairs.</p>{STORY}", "2023-02-10"),
]


@pytest.mark.parametrize(("head", "body", "expected"), DATE_LINE_CASES)
def test_date_line_under_the_headline(head: str, body: str, expected: str) -> None:
    meta = extract_metadata(soup_of(dated_page(head, body)), "https://lakes.example/trail")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == expected


def test_date_line_yields_to_a_url_that_backs_the_structured_date() -> None:
    page = dated_page(LAKE_JSONLD, f"<h1>Lake trail reopens</h1><p>12.06.2023</p>{STORY}")
    meta = extract_metadata(soup_of(page), "https://lakes.example/2022/03/01/trail")
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == "2022-03-01"


URL_DATE_CASES = [
    # a URL dated years before the structured date: the site re-stamped the post on a move
    ("https://lakes.example/journal/2019/7/12/trail", "2019-07-12"),
    # a URL a day off the structured date is the same story in another time zone
    ("https://lakes.example/2022/02/28/trail", "2022-03-01"),
]


@pytest.mark.parametrize(("url", "expected"), URL_DATE_CASES)
def test_url_date_against_the_structured_date(url: str, expected: str) -> None:
    page = dated_page(LAKE_JSONLD, f"<h1>Lake trail reopens</h1>{STORY}")
    meta = extract_metadata(soup_of(page), url)
    assert meta.published is not None
    assert meta.published.value.date().isoformat() == expected


def test_description_names_the_writer_of_a_page_without_a_byline() -> None:
    head = ('<meta name="description" content="This post was written by Rhea Lindqvist, MD, '
            'gastroenterologist at Lakeside Clinic. Fibre matters.">')
    assert authors_of(page_with("", head)) == ("Rhea Lindqvist",)
    assert authors_of(page_with('<p class="byline">By Selma Ortiz</p>', head)) == ("Selma Ortiz",)


def test_name_in_bold_signs_the_story() -> None:
    text = "<p>" + "The harbour board met on Tuesday to vote on the new ferry fares. " * 3 + "</p>"
    signed = page_with(f"<div class='story'>{text}{text}<p><strong>Tomas Ekdahl</strong></p></div>")
    assert authors_of(signed) == ("Tomas Ekdahl",)
    heading = page_with(f"<div class='story'>{text}<p><b>Fares And Routes</b></p>{text}</div>")
    assert authors_of(heading) == ()


def test_personal_site_is_signed_by_its_owner() -> None:
    html = """<html><head><title>Notes on sourdough | Nora Quist</title>
<meta property="og:site_name" content="Nora Quist"></head><body><h1>Notes on sourdough</h1>
<p>Feed the starter twice a day.</p></body></html>"""
    own = extract_metadata(soup_of(html), "https://www.noraquist.example/notes/sourdough")
    assert own.authors == ("Nora Quist",)
    other = extract_metadata(soup_of(html), "https://bakingnotes.example/notes/sourdough")
    assert other.authors == ()


def test_by_line_under_the_headline_beats_the_account_that_posted_the_page() -> None:
    meta = '<meta name="author" content="Kim Lee">'
    page = page_with('<p class="meta">By Harriet Osei</p>', meta)
    assert authors_of(page) == ("Harriet Osei",)
    # the declared author printed on the page, or a by-line in a story card, keeps the meta
    shown = page.replace("</h1>", '</h1><span class="author">Kim Lee</span>')
    assert authors_of(shown) == ("Kim Lee",)
    card = page_with('<div class="teaser-card"><p>By Harriet Osei</p></div>', meta)
    assert authors_of(card) == ("Kim Lee",)
    # the poster's box after the story, or a vcard hidden for search engines, is the account
    after = page.replace("</body>", '<div class="post-author">Kim Lee</div></body>')
    assert authors_of(after) == ("Harriet Osei",)
    hidden = page.replace("</h1>", '</h1><span class="vcard hidden"><span class="author">'
                          "Kim Lee</span></span>")
    assert authors_of(hidden) == ("Harriet Osei",)
    # a label-hidden field or a box hidden only on phones is on show: the declared author stays
    for marks in ("field field--label-hidden", "byline-mobile-hidden"):
        shown_box = page.replace("</h1>", f'</h1><div class="{marks}"><span class="author">'
                                 "Kim Lee</span></div>")
        assert authors_of(shown_box) == ("Kim Lee",)


def test_jsonld_co_authors_nested_in_the_author_list() -> None:
    script = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
              '"NewsArticle", "headline": "A story", "author": [{"@type": "Person", "name": '
              '"Mira Holt"}, [{"@type": "Person", "name": "Jonas Ekberg"}, "Lotte Brandt"]]}'
              "</script>")
    assert authors_of(page_with("", script)) == ("Mira Holt", "Jonas Ekberg", "Lotte Brandt")


@pytest.mark.parametrize(("byline", "expected"), [
    # the CMS field holds the first co-author; the byline prints them all
    ('<div class="byline">By Ines Varga and Tobiah Lunde</div>', ("Ines Varga", "Tobiah Lunde")),
    ('<div class="post-authors"><a href="/author/ines">Ines Varga</a>, '
     '<a href="/author/tobiah">Tobiah Lunde</a></div>', ("Ines Varga", "Tobiah Lunde")),
    # a fact-checker or an affiliation after a job title is no co-author
    ('<div class="byline">By Ines Varga | Fact-checked by Tobiah Lunde</div>', ("Ines Varga",)),
    ('<div class="byline">By Ines Varga, Senior Editor, Coastal Policy Lab</div>',
     ("Ines Varga",)),
    # a byline box that does not name the declared author is another story's
    ('<div class="author-list">Petra Holm, Tobiah Lunde</div>', ("Ines Varga",)),
])
def test_byline_adds_co_authors_to_the_declared_author(
        byline: str, expected: tuple[str, ...]) -> None:
    meta = '<meta name="author" content="Ines Varga">'
    assert authors_of(page_with(byline, meta)) == expected
