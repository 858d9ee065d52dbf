"""Discovery: RSS/Atom feeds, sitemaps, canonical URLs, filters and hostile XML."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from lxml import etree

from pipeline.config import parse_source
from pipeline.discover import canonicalize_url, in_window, parse_feed
from pipeline.errors import ConfigError, ResponseRejected
from pipeline.sitemap import parse_sitemap, parse_w3c_datetime, safe_parser
from pipeline.urls import dedup_key, url_wanted

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>One</title><link>https://News.Example/a/one#top</link>
<pubDate>Tue, 03 Mar 2026 07:45:00 GMT</pubDate></item>
<item><title>Two</title><link>/a/two</link></item>
<item><title>No link</title></item>
<item><title>Mail</title><link>mailto:desk@news.example</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>A</title><entry><title>Three</title><link href="https://news.example/a/three"/>
<updated>2026-03-04T10:00:00Z</updated><id>tag:news.example,2026:3</id></entry></feed>"""


def test_rss_items_become_refs() -> None:
    refs = list(parse_feed(RSS, "https://news.example/feed.xml", "news"))
    assert [r.url for r in refs] == ["https://news.example/a/one", "https://news.example/a/two"]
    assert refs[0].title == "One" and refs[0].source == "news"
    assert refs[0].published_at is not None and refs[0].published_at.hour == 7
    assert refs[1].published_at is None


def test_atom_entries_become_refs() -> None:
    refs = list(parse_feed(ATOM, "https://news.example/atom", "news"))
    assert refs[0].url == "https://news.example/a/three"
    assert refs[0].lastmod_at is not None and refs[0].lastmod_at.day == 4


def test_malformed_feed_yields_what_it_can() -> None:
    broken = RSS[: len(RSS) // 2]
    refs = list(parse_feed(broken, "https://news.example/feed.xml", "news"))
    assert [r.url for r in refs] == ["https://news.example/a/one"]
    assert list(parse_feed(b"\x00\xff garbage", "https://x/feed", "news")) == []


def test_canonicalize_url() -> None:
    assert canonicalize_url("HTTPS://Example.COM/a?b=1#frag") == "https://example.com/a?b=1"
    assert canonicalize_url("https://example.com") == "https://example.com/"


# -- canonical URLs, filters, windows ------------------------------------------------------

def test_canonical_url_drops_tracking_port_and_fragment() -> None:
    url = "HTTP://WWW.News.Example:80/a/b/?utm_source=x&id=7&fbclid=1&gclid=2&mc_eid=3#c"
    assert canonicalize_url(url) == "http://www.news.example/a/b/?id=7"
    assert canonicalize_url("https://news.example:443/a%7e?x") == "https://news.example/a~?x="
    assert canonicalize_url("https://news.example:8443/a") == "https://news.example:8443/a"


def test_dedup_key_folds_www_slash_scheme_and_query_order() -> None:
    same = ["https://www.news.example/a/?b=2&a=1", "http://news.example/a?a=1&b=2&utm_medium=x",
            "https://news.example/a#top"]
    keys = {dedup_key(u) for u in same[:2]}
    assert len(keys) == 1
    assert dedup_key(same[2]) != dedup_key(same[0])  # a query is part of the identity


def test_include_and_exclude_patterns() -> None:
    assert url_wanted("https://n.example/2026/11/a", [r"/20\d\d/"], [r"/video/"])
    assert not url_wanted("https://n.example/about", [r"/20\d\d/"])
    assert not url_wanted("https://n.example/2026/video/x", [r"/20\d\d/"], [r"/video/"])
    with pytest.raises(ConfigError, match="regular expression"):
        parse_source({"name": "x", "include_urls": ["(unclosed"]})
    source = parse_source({"name": "x", "exclude_urls": "/live/", "robots_sitemaps": False})
    assert source.exclude_urls == ("/live/",) and source.robots_sitemaps is False


def test_window_keeps_undated_and_bounds_dated() -> None:
    since, until = datetime(2026, 11, 26, tzinfo=UTC), datetime(2026, 11, 27, tzinfo=UTC)
    assert in_window(None, since, until)
    assert in_window(since, since, until) and not in_window(until, since, until)
    assert not in_window(since - timedelta(seconds=1), since, until)


# -- feeds of every flavour, and hostile XML -------------------------------------------------

RSS091 = b"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>
<title>Old</title><item><title>Old one</title><link>https://news.example/old</link></item>
</channel></rss>"""
RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://news.example/"><title>R</title></channel>
<item rdf:about="https://news.example/rdf1"><title>Rdf</title><link>https://news.example/rdf1</link>
<dc:date>2026-11-26T08:00:00Z</dc:date></item></rdf:RDF>"""
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"""


def test_rss_091_and_rss_10_feeds() -> None:
    assert [r.url for r in parse_feed(RSS091, "https://news.example/f", "n")] == [
        "https://news.example/old"]
    refs = list(parse_feed(RDF, "https://news.example/f", "n"))
    assert refs[0].url == "https://news.example/rdf1" and refs[0].lastmod_at is not None


def test_feedparser_expands_no_entity_and_parse_feed_refuses_them() -> None:
    doc = LAUGHS + b"""<rss version="2.0"><channel><item><title>&e;</title>
<link>https://news.example/x</link><description>&xxe;</description></item></channel></rss>"""
    parsed = feedparser.parse(doc)  # what feedparser does with no guard in front of it
    text = repr(parsed)
    assert "a" * 1000 not in text and "root:" not in text
    with pytest.raises(ResponseRejected) as info:
        list(parse_feed(doc, "https://news.example/f", "n"))
    assert info.value.reason == "xml_entities"


# -- sitemaps -------------------------------------------------------------------------------

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a</loc><lastmod>2026-11-26T10:00:00+01:00</lastmod>
<news:news><news:publication><news:name>N</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2026-11-26T09:00:00Z</news:publication_date>
<news:title>Council votes</news:title></news:news></url>
<url><loc>https://news.example/b</loc><lastmod>2026-11-20</lastmod></url>
<url><lastmod>2026-11-20</lastmod></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/s1.xml.gz</loc><lastmod>2026-11-26</lastmod></sitemap>
<sitemap><loc>https://news.example/s2.xml</loc></sitemap></sitemapindex>"""


def test_news_sitemap_fields() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    first, second = sitemap.urls
    assert first.title == "Council votes"
    assert first.published == datetime(2026, 11, 26, 9, tzinfo=UTC)
    assert first.lastmod == datetime(2026, 11, 26, 9, tzinfo=UTC)
    assert second.lastmod == datetime(2026, 11, 20, tzinfo=UTC) and second.title is None


def test_sitemap_index_gzip_and_text() -> None:
    index = parse_sitemap(gzip.compress(INDEX))
    assert [s.loc for s in index.sitemaps] == ["https://news.example/s1.xml.gz",
                                               "https://news.example/s2.xml"]
    assert index.urls == () and index.sitemaps[1].lastmod is None
    text = parse_sitemap(b"https://news.example/t1\n\nnot a url\nhttps://news.example/t2\n")
    assert [u.loc for u in text.urls] == ["https://news.example/t1", "https://news.example/t2"]


def test_hostile_sitemaps_are_refused() -> None:
    for doc in (LAUGHS + b"<urlset><url><loc>&e;</loc></url></urlset>",
                LAUGHS + b"<urlset><url><loc>&xxe;</loc></url></urlset>"):
        with pytest.raises(ResponseRejected) as info:
            parse_sitemap(doc)
        assert info.value.reason == "xml_entities"
    with pytest.raises(ResponseRejected) as info:
        parse_sitemap(gzip.compress(b"<urlset>" + b" " * 200_000), max_bytes=100_000)
    assert info.value.reason == "too_large"
    # even without the entity guard, the parser expands nothing and reads no file
    root = etree.fromstring(LAUGHS + b"<r>&e;&xxe;</r>", safe_parser())
    assert "aaaaaaaaaa" not in etree.tostring(root).decode() and "root:" not in "".join(
        root.itertext())


def test_malformed_sitemap_yields_what_it_can() -> None:
    cut = NEWS_SITEMAP[: NEWS_SITEMAP.index(b"<url><loc>https://news.example/b")]
    assert [u.loc for u in parse_sitemap(cut).urls] == ["https://news.example/a"]
    assert parse_sitemap(b"<html><body>Not found</body></html>").urls == ()


def test_w3c_datetimes() -> None:
    assert parse_w3c_datetime("2026-11") == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_w3c_datetime("2026-11-26T10:00Z") == datetime(2026, 11, 26, 10, tzinfo=UTC)
    assert parse_w3c_datetime("yesterday") is None
