"""Feeds to article references: RSS, Atom, relative links, malformed input."""

from __future__ import annotations

from pipeline.discover import canonicalize_url, parse_feed

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
