"""Hostile inputs (HTML, feeds, WARC bytes) for tests/test_fuzz.py and the fuzz campaign."""

from __future__ import annotations

import gzip
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from pipeline.archive import FetchOutcome, WarcArchive, read_archive
from pipeline.config import Settings
from pipeline.discover import parse_feed
from pipeline.errors import ResponseRejected
from pipeline.models import ParsedArticle, RawPage, Reject
from pipeline.parse import parse_page

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "pipeline" / "sample" / "site"
FETCHED = datetime(2026, 3, 1, tzinfo=UTC)
# Every input must finish inside this much CPU time (the machine is shared, so wall time is
# noisy) and inside WALL_LIMIT of wall time (a wait on a file or the network would show there).
TIME_LIMIT = 2.0
WALL_LIMIT = 10.0
MARKER = "XXE-MARKER-7f3a91-must-never-appear"
# Stacked mutations can reach 100 MB; the fetcher caps bodies at max_body_bytes, so inputs
# are cut there (parse time is linear in size: a 130 MB feed takes seconds, and should).
MAX_INPUT = Settings().max_body_bytes

Mutator = Callable[[random.Random, bytes], bytes]

ARTICLE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves the budget | Example News</title>
<meta property="og:title" content="Council approves the budget">
<meta name="author" content="Ana Diaz">
<meta property="article:published_time" content="2026-02-28T09:30:00Z">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves",
"author": {"@type": "Person", "name": "Ana Diaz"}, "datePublished": "2026-02-28"}</script>
</head><body><header class="site-header"><nav><a href="/">Home</a></nav></header>
<article class="story"><h1>Council approves the budget</h1><p class="byline">By Ana Diaz</p>
<p>The city council approved the budget on Friday after a long debate about housing and
transport, with seven votes in favour and two against the proposal.</p>
<p>"This is a budget for everyone," said the mayor, Lena Park, after the vote.</p>
<p>Updated: the council corrected the number of votes at 14:00.</p></article>
<footer class="footer">Copyright</footer></body></html>"""

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example</title><link>https://news.example/</link>
<item><title>First</title><link>https://news.example/a/1</link>
<pubDate>Sat, 28 Feb 2026 09:30:00 GMT</pubDate><guid>https://news.example/a/1</guid></item>
<item><title>Second</title><link>/a/2</link><description>&lt;p&gt;x&lt;/p&gt;</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>One</title><link href="https://news.example/b/1"/><id>urn:x:1</id>
<updated>2026-02-28T10:00:00Z</updated><published>2026-02-27T10:00:00Z</published></entry>
<entry><title type="html">&lt;b&gt;Two&lt;/b&gt;</title><link href="b/2"/>
<id>tag:x,2026:2</id></entry>
</feed>"""

TAGS = [b"div", b"p", b"span", b"article", b"section", b"table", b"tr", b"td", b"ul", b"li",
        b"a", b"b", b"i", b"script", b"style", b"head", b"body", b"html", b"title", b"meta",
        b"h1", b"header", b"nav", b"figure", b"svg", b"template", b"noscript", b"iframe"]
CHARSETS = [b"utf-8", b"utf-16", b"utf-16le", b"utf-32", b"shift_jis", b"euc-kr", b"koi8-r",
            b"iso-8859-1", b"windows-1252", b"gb18030", b"utf-7", b"x-bogus", b"\xff\xfe",
            b"", b"utf-8\x00", b"a" * 300]
INVALID_UTF8 = [b"\xff", b"\xfe\xff", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80",
                b"\xc0\xaf", b"\x80\x80\x80"]


def billion_laughs(levels: int = 10, fanout: int = 10) -> bytes:
    """The classic exponential entity expansion (10**levels characters if expanded)."""
    lines = ['<!ENTITY lol0 "lol">']
    refs = "".join(f"&lol{0};" for _ in range(fanout))
    for level in range(1, levels):
        refs = "".join(f"&lol{level - 1};" for _ in range(fanout))
        lines.append(f'<!ENTITY lol{level} "{refs}">')
    top = f"&lol{levels - 1};"
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [{"".join(lines)}]>\n'
            f'<rss version="2.0"><channel><title>{top}</title><item><title>{top}</title>'
            f"<link>https://news.example/{top}</link><description>{top}</description>"
            "</item></channel></rss>").encode()


def quadratic_blowup(size: int = 100_000, refs: int = 2_000) -> bytes:
    """One large entity referenced many times (no nesting, still megabytes if expanded)."""
    body = "&big;" * refs
    return (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{"x" * size}">]>'
            f'<rss version="2.0"><channel><item><title>{body}</title>'
            "<link>https://news.example/q</link></item></channel></rss>").encode()


def xxe(marker_path: Path, kind: int = 0) -> bytes:
    """External entities (general, parameter, external DTD) pointing at a local file."""
    uri = marker_path.resolve().as_uri()
    if kind == 1:
        return (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "{uri}"> %p;]>'
                '<rss version="2.0"><channel><item><title>t</title>'
                "<link>https://news.example/p</link></item></channel></rss>").encode()
    if kind == 2:
        return (f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{uri}">'
                '<rss version="2.0"><channel><item><title>&x;</title>'
                "<link>https://news.example/d</link></item></channel></rss>").encode()
    if kind == 3:
        return (f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "{uri}">]>'
                '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title>'
                '<link href="https://news.example/&x;"/><id>&x;</id><summary>&x;</summary>'
                "</entry></feed>").encode()
    return (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{uri}">]>'
            '<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title>'
            "<link>https://news.example/a?q=&x;</link><description>&x;</description>"
            "<guid>&x;</guid></item></channel></rss>").encode()


# --- byte mutators ------------------------------------------------------------------------


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if buf:
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    return bytes(buf)


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    junk = rng.choice([b"\x00" * rng.randint(1, 64), rng.choice(INVALID_UTF8),
                       rng.randbytes(rng.randint(1, 64)), b"<", b">", b"&", b"]]>", b"<!--",
                       b"<![CDATA[", b"&#0;", b"&#xD800;", b"&#1114112;", b"&amp", b"\r\n\r\n"])
    return data[:at] + junk + data[at:]


def delete_span(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 200):]


def duplicate_span(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    span = data[start:start + rng.randint(1, 300)]
    return data[:start] + span * rng.randint(2, 50) + data[start:]


def drop_closing_tags(rng: random.Random, data: bytes) -> bytes:
    """Unclosed tags: remove some or all end tags."""
    share = rng.random()
    parts = data.split(b"</")
    out = parts[0]
    for part in parts[1:]:
        if rng.random() < share:
            out += part.split(b">", 1)[-1]
        else:
            out += b"</" + part
    return out


def wrap_deep(rng: random.Random, data: bytes) -> bytes:
    """Very deep nesting around (or inside) the document, closed or not."""
    tag = rng.choice(TAGS[:12])
    depth = rng.choice([500, 2_000, 20_000, 100_000])
    close = b"</" + tag + b">" if rng.random() < 0.5 else b""
    return (b"<" + tag + b">") * depth + data + close * depth


def enormous_attribute(rng: random.Random, data: bytes) -> bytes:
    name = rng.choice([b"class", b"id", b"style", b"content", b"href", b"data-x", b"src"])
    size = rng.choice([10_000, 200_000, 1_000_000])
    value = rng.choice([b"a", b"nav ", b"x y ", b"\xff", b"&amp;", b"'"]) * (size // 4)
    at = data.find(b"<p")
    at = at if at >= 0 else 0
    return data[:at] + b"<div " + name + b'="' + value + b'">text</div>' + data[at:]


def redeclare_charset(rng: random.Random, data: bytes) -> bytes:
    """A charset declaration (header-less) that lies about the bytes, or is junk."""
    charset = rng.choice(CHARSETS)
    head = rng.choice([b'<meta charset="' + charset + b'">',
                       b'<meta http-equiv="Content-Type" content="text/html; charset=' + charset
                       + b'">', b'<?xml version="1.0" encoding="' + charset + b'"?>'])
    data = data.replace(b'<meta charset="utf-8">', b"").replace(b'encoding="utf-8"', b"")
    bom = rng.choice([b"", b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"])
    return bom + head + data


def reencode(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    return text.encode(rng.choice(["utf-16", "utf-32", "latin-1", "cp1252", "shift_jis"]),
                       "replace")


def script_only(rng: random.Random, data: bytes) -> bytes:
    code = rng.choice([b"var a=1;", b"document.write('<p>x</p>');", b"</scr", b"<!--", b"\x00"])
    return b"<html><head><script>" + code * rng.randint(1, 50_000) + b"</script></head></html>"


def splice(rng: random.Random, data: bytes) -> bytes:
    """Two halves of different documents glued together."""
    other = rng.choice([*html_seeds(), RSS, ATOM])
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1):]


BYTE_MUTATORS: list[Mutator] = [truncate, flip_bytes, insert_bytes, delete_span, duplicate_span]
HTML_MUTATORS: list[Mutator] = [*BYTE_MUTATORS, drop_closing_tags, wrap_deep, enormous_attribute,
                                redeclare_charset, reencode, script_only, splice]


@cache
def html_seeds() -> list[bytes]:
    return [ARTICLE, *(p.read_bytes() for p in sorted(SITE.rglob("*.html")))]


def tag_soup(rng: random.Random) -> bytes:
    """Random tags, attributes, entities and text with no structure."""
    parts = []
    for _ in range(rng.randint(0, 400)):
        roll = rng.random()
        tag = rng.choice(TAGS)
        if roll < 0.35:
            attrs = b"".join(b" " + rng.choice([b"class", b"id", b"lang", b"content", b"name",
                                                 b"property", b"href", b"datetime"])
                             + b'="' + rng.randbytes(rng.randint(0, 12)).hex().encode() + b'"'
                             for _ in range(rng.randint(0, 3)))
            parts.append(b"<" + tag + attrs + b">")
        elif roll < 0.55:
            parts.append(b"</" + tag + b">")
        elif roll < 0.9:
            parts.append(rng.choice([b"Der Rat ", b"said ", b'"quoted words," ', b"2026-02-28 ",
                                     b"By Ana Diaz ", b"&nbsp;", b"&#x41;", b"&bogus;",
                                     b"\xe2\x80\x9c", b"Updated: ", b"404 not found "]))
        else:
            parts.append(rng.randbytes(rng.randint(1, 8)))
    return b"".join(parts)


def _random_html(rng: random.Random) -> bytes:
    """One hostile HTML input: a mutated seed (1-3 mutations), tag soup or garbage."""
    roll = rng.random()
    if roll < 0.1:
        return rng.randbytes(rng.randint(0, 5_000))
    if roll < 0.25:
        return tag_soup(rng)
    data = rng.choice(html_seeds())
    for _ in range(rng.randint(1, 3)):
        data = rng.choice(HTML_MUTATORS)(rng, data)
    return data


def _random_feed(rng: random.Random, marker_path: Path) -> bytes:
    """One hostile feed: mutated RSS/Atom, entity bombs, external entities."""
    roll = rng.random()
    if roll < 0.08:
        return billion_laughs(rng.randint(3, 12), rng.randint(2, 10))
    if roll < 0.12:
        return quadratic_blowup(rng.choice([1_000, 100_000]), rng.choice([10, 2_000]))
    if roll < 0.22:
        data = xxe(marker_path, rng.randrange(4))
        return data if rng.random() < 0.5 else rng.choice(BYTE_MUTATORS)(rng, data)
    if roll < 0.3:
        return rng.randbytes(rng.randint(0, 3_000))
    data = rng.choice([RSS, ATOM, (SITE / "feed.xml").read_bytes()])
    for _ in range(rng.randint(1, 3)):
        data = rng.choice([*BYTE_MUTATORS, redeclare_charset, reencode, drop_closing_tags,
                           wrap_feed_items])(rng, data)
    return data


def wrap_feed_items(rng: random.Random, data: bytes) -> bytes:
    """Many items with odd links: other schemes, relative, huge, control characters."""
    link = rng.choice([b"javascript:alert(1)", b"file:///etc/passwd", b"//evil.example/x",
                       b"../../x", b"http://[::1]/", b"http://127.0.0.1:22/", b"x" * 100_000,
                       b"http://a\x00b/", b"https://news.example/\xff", b"data:text/html,<p>",
                       b""])
    date = rng.choice([b"Sat, 99 Feb 2026", b"9999-99-99T99:99", b"0000-00-00", b"yesterday",
                       b"Tue, 01 Jan 1 00:00:00 GMT", b"1e308"])
    item = (b"<item><title>t</title><link>" + link + b"</link><pubDate>" + date
            + b"</pubDate></item>")
    return data.replace(b"</channel>", item * rng.randint(1, 200) + b"</channel>")


@cache
def warc_seed() -> bytes:
    """A valid gzipped WARC with two pages and an outcome, written by the pipeline's writer."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.warc.gz"
        with WarcArchive(path) as archive:
            for n, body in enumerate((ARTICLE, RSS)):
                page = RawPage(url=f"https://news.example/a/{n}",
                               final_url=f"https://news.example/a/{n}", status=200,
                               headers=(("Content-Type", "text/html"),), body=body,
                               fetched_at=FETCHED, source="fuzz")
                archive.write_exchange("GET", [("User-Agent", "fuzz")], page)
            archive.write_outcome(FetchOutcome(url="https://news.example/gone",
                                               outcome="failed", reason="http_404", status=404,
                                               at=FETCHED))
        return path.read_bytes()


def plain_warc() -> bytes:
    return gzip.decompress(warc_seed())


def mutate_members(rng: random.Random, data: bytes) -> bytes:
    """Mutate the decompressed WARC, then gzip it again (well-formed gzip, broken records)."""
    inner = plain_warc()
    for _ in range(rng.randint(1, 3)):
        inner = rng.choice([*BYTE_MUTATORS, mutate_warc_headers])(rng, inner)
    return gzip.compress(inner) if rng.random() < 0.7 else inner


def mutate_warc_headers(rng: random.Random, data: bytes) -> bytes:
    """Lie in one header: content length, target URI, date, HTTP status line, record type."""
    swaps = [(b"Content-Length: ", rng.choice([b"Content-Length: 99999999", b"Content-Length: -5",
                                               b"Content-Length: x", b"Content-Length: 0"])),
             (b"WARC-Target-URI: ", rng.choice([b"WARC-Target-URI: ../../etc/passwd ",
                                                b"WARC-Target-URI: \xff ",
                                                b"WARC-Target-URI: javascript:x "])),
             (b"WARC-Date: ", b"WARC-Date: not-a-date "),
             (b"HTTP/1.1 200 OK", rng.choice([b"HTTP/1.1 abc", b"garbage", b"HTTP/1.1 99999 X"])),
             (b"WARC-Type: response", rng.choice([b"WARC-Type: resource",
                                                  b"WARC-Type: metadata", b"WARC-Type: \x00"])),
             (b"WARC/1.1", rng.choice([b"WARC/9.9", b"HTTP/1.0", b""]))]
    old, new = rng.choice(swaps)
    if old not in data:
        return data
    if old.endswith(b": "):
        start = data.index(old)
        end = data.index(b"\r\n", start)
        return data[:start] + new.rstrip() + data[end:]
    return data.replace(old, new, 1)


def _random_warc(rng: random.Random) -> bytes:
    """One hostile archive: random bytes, a truncated or corrupted gzip, mutated records."""
    roll = rng.random()
    seed = warc_seed()
    if roll < 0.1:
        return rng.randbytes(rng.randint(0, 4_000))
    if roll < 0.3:
        return truncate(rng, seed)  # truncated gzip (cut inside a member)
    if roll < 0.45:
        return flip_bytes(rng, seed)
    if roll < 0.55:
        return gzip.compress(rng.randbytes(rng.randint(0, 2_000)))
    if roll < 0.65:
        tail = rng.choice([seed[: rng.randrange(len(seed))], rng.randbytes(100), b"\x1f\x8b"])
        return seed + tail
    return mutate_members(rng, seed)


# --- running one input --------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one input did: ok | reject | crash, a reason, CPU seconds and wall seconds."""

    kind: str
    reason: str
    seconds: float
    wall: float = 0.0


class Timer:
    """CPU and wall time since creation."""

    def __init__(self) -> None:
        self.cpu = time.process_time()
        self.wall = time.perf_counter()

    def outcome(self, kind: str, reason: str) -> Outcome:
        return Outcome(kind, reason, time.process_time() - self.cpu,
                       time.perf_counter() - self.wall)


def html_page(body: bytes, content_type: str = "text/html") -> RawPage:
    return RawPage(url="https://news.example/x", final_url="https://news.example/x", status=200,
                   headers=(("Content-Type", content_type),), body=body, fetched_at=FETCHED,
                   source="fuzz")


def run_parse(body: bytes, content_type: str = "text/html") -> Outcome:
    timer = Timer()
    try:
        result = parse_page(html_page(body, content_type))
    except Exception as exc:
        return timer.outcome("crash", f"{type(exc).__name__}: {exc}"[:200])
    done = timer.outcome("ok", "")
    if isinstance(result, Reject):
        if not result.reason:
            return replace(done, kind="crash", reason="reject without a reason")
        return replace(done, kind="reject", reason=result.reason)
    if not isinstance(result, ParsedArticle):
        return replace(done, kind="crash", reason=f"returned {type(result).__name__}")
    return done


def run_feed(body: bytes, marker: str = MARKER) -> Outcome:
    timer = Timer()
    try:
        refs = list(parse_feed(body, "https://news.example/feed.xml", "fuzz"))
    except ResponseRejected as exc:  # a documented refusal, recorded as a fetch outcome
        if marker in str(exc):
            return timer.outcome("crash", "marker file content in the refusal")
        return timer.outcome("reject", exc.reason or "rejected")
    except Exception as exc:
        return timer.outcome("crash", f"{type(exc).__name__}: {exc}"[:200])
    done = timer.outcome("", "")
    for ref in refs:
        if marker in repr(ref):
            return replace(done, kind="crash", reason="external entity expanded: marker leaked")
        if not ref.url.startswith(("http://", "https://")):
            return replace(done, kind="crash", reason=f"non-http URL kept: {ref.url[:80]!r}")
        if "lollollol" in repr(ref):
            return replace(done, kind="crash", reason="entity expanded (billion laughs)")
    return replace(done, kind="ok" if refs else "reject", reason="refs" if refs else "no_refs")


def run_warc(data: bytes, directory: Path) -> Outcome:
    path = directory / "input.warc.gz"
    path.write_bytes(data)
    timer = Timer()
    try:
        items = list(read_archive(path, "fuzz"))
    except Exception as exc:
        return timer.outcome("crash", f"{type(exc).__name__}: {exc}"[:200])
    done = timer.outcome("", "")
    errors = [i.error for i in items if i.error]
    for item in items:
        if (item.page is None) + (item.outcome is None) + (item.error is None) != 2:
            return replace(done, kind="crash", reason="not exactly one of page/outcome/error")
    reason = errors[0].split(":")[0].split(" (")[0] if errors else ""
    return replace(done, kind="reject" if errors else "ok", reason=reason)



def random_html(rng: random.Random) -> bytes:
    """One hostile HTML input: a mutated seed (1-3 mutations), tag soup or garbage."""
    return _random_html(rng)[:MAX_INPUT]


def random_feed(rng: random.Random, marker_path: Path) -> bytes:
    """One hostile feed: mutated RSS/Atom, entity bombs, external entities."""
    return _random_feed(rng, marker_path)[:MAX_INPUT]


def random_warc(rng: random.Random) -> bytes:
    """One hostile archive: random bytes, a truncated or corrupted gzip, mutated records."""
    return _random_warc(rng)[:MAX_INPUT]
