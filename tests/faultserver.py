"""A misbehaving loopback web site for fault-injection tests; counts requests per path."""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import threading
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

MB = 1 << 20
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
<!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
"""
LAUGHS_FEED = LAUGHS + b"""<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>/articles/laughs</link><description>&xxe;</description></item>
</channel></rss>"""
LAUGHS_SITEMAP = LAUGHS + b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/articles/&lol9;</loc></url><url><loc>&xxe;</loc></url></urlset>"""
PAGE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>Text of {title}.</p></article></body></html>")
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
# The sitemap index lists this many URLs in all (two children, one of them gzipped).
SITEMAP_URLS = 50_000
# Of those, the newest few carry a lastmod on this day; the rest are a year older.
NEW_DAY = datetime(2026, 11, 26, tzinfo=UTC)
NEW_URLS = 30


def _sitemap(base: str, first: int, last: int) -> bytes:
    old = (NEW_DAY - timedelta(days=365)).strftime("%Y-%m-%d")
    rows = []
    for n in range(first, last):
        day = (NEW_DAY + timedelta(minutes=n)).isoformat() if n < NEW_URLS else old
        rows.append(f"<url><loc>{base}/news/{n}?utm_source=sitemap</loc><lastmod>{day}"
                    f"</lastmod><news:news><news:title>Story {n}</news:title>"
                    f"<news:publication_date>{day}</news:publication_date></news:news></url>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><urlset {SITEMAP_NS} {NEWS_NS}>'
            + "".join(rows) + "</urlset>").encode()


class FaultServer(ThreadingHTTPServer):
    """The server: a request counter per path and per-path timestamps, shared by handlers."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, host: str, port: int) -> None:
        super().__init__((host, port), FaultHandler)
        self.host, self.port = host, int(self.server_address[1])
        self.counts: Counter[str] = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.connections = 0
        self.lock = threading.Lock()
        self.other_port = 0  # the port of the decoy on 127.0.0.2 (redirect target)
        self._bomb: dict[str, bytes] = {}
        self._sitemaps: dict[str, bytes] = {}

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def get_request(self) -> tuple[socket.socket, object]:
        request = super().get_request()
        with self.lock:
            self.connections += 1
        return request

    def bomb(self, encoding: str) -> bytes:
        """16 MB of zeros compressed to about 16 kB: a decompression bomb (cap in tests: 1 MB)."""
        if encoding not in self._bomb:
            raw = b"<html><body>" + b"\0" * (16 * MB)
            if encoding == "gzip":
                self._bomb[encoding] = gzip.compress(raw, compresslevel=9)
            else:
                self._bomb[encoding] = zlib.compress(raw, 9)
        return self._bomb[encoding]

    def sitemap(self, name: str) -> bytes:
        if name not in self._sitemaps:
            half = SITEMAP_URLS // 2
            body = (_sitemap(self.base, 0, half) if name == "a"
                    else gzip.compress(_sitemap(self.base, half, SITEMAP_URLS)))
            self._sitemaps[name] = body
        return self._sitemaps[name]


class FaultHandler(BaseHTTPRequestHandler):
    """One path per fault; see ``ROUTES``."""

    server: FaultServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = "text/html",
             **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.counts[path] += 1
            self.server.times[path].append(time.monotonic())
            count = self.server.counts[path]
        route = ROUTES.get(path)
        if route is None and path.startswith(("/news/", "/articles/", "/private/")):
            route = FaultHandler.article
        if route is None:
            self.send(404, b"not here")
            return
        try:
            route(self, count)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # -- pages -----------------------------------------------------------------------------

    def article(self, count: int) -> None:
        title = urlsplit(self.path).path.rsplit("/", 1)[-1]
        self.send(200, PAGE.format(title=title).encode(), "text/html; charset=utf-8")

    def robots(self, count: int) -> None:
        text = (f"User-agent: *\nDisallow: /private/\n"
                f"Sitemap: {self.server.base}/sitemap-index.xml\n")
        self.send(200, text.encode(), "text/plain")

    def too_many(self, count: int) -> None:
        if count == 1:
            self.send(429, b"slow down", Retry_After="1")
        else:
            self.article(count)

    def flaky(self, count: int) -> None:
        if count == 1:
            self.send(500, b"oops")
        else:
            self.article(count)

    def drip(self, count: int) -> None:
        """Headers, then one byte a second: each gap is over a 0.5 s read timeout."""
        self._trickle(interval=1.0, seconds=5)

    def slowloris(self, count: int) -> None:
        """One byte every 0.2 s for 10 s: each gap is inside the read timeout."""
        self._trickle(interval=0.2, seconds=10)

    def _trickle(self, interval: float, seconds: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.flush()
        end = time.monotonic() + seconds
        while time.monotonic() < end:  # bounded: stops by itself
            time.sleep(interval)
            self.wfile.write(b"x")
            self.wfile.flush()
        self.close_connection = True

    def reset(self, count: int) -> None:
        """Close with RST (SO_LINGER 0) before any answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def loop_a(self, count: int) -> None:
        self.send(302, Location="/loop-b")

    def loop_b(self, count: int) -> None:
        self.send(301, Location="/loop-a")

    def to_loopback(self, count: int) -> None:
        self.send(302, Location=f"http://127.0.0.2:{self.server.other_port}/articles/x")

    def to_metadata(self, count: int) -> None:
        self.send(302, Location="http://169.254.169.254/latest/meta-data/")

    def huge(self, count: int) -> None:
        """50 MB, declared."""
        self._stream(50 * MB, declare=True)

    def huge_chunked(self, count: int) -> None:
        """50 MB, not declared (the cap must stop it while reading)."""
        self._stream(50 * MB, declare=False)

    def _stream(self, size: int, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare:
            self.send_header("Content-Length", str(size))
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"a" * (64 * 1024)
        sent = 0
        while sent < size:
            self.wfile.write(chunk)
            sent += len(chunk)
        self.close_connection = True

    def gzip_bomb(self, count: int) -> None:
        self.send(200, self.server.bomb("gzip"), Content_Encoding="gzip")

    def deflate_bomb(self, count: int) -> None:
        self.send(200, self.server.bomb("deflate"), Content_Encoding="deflate")

    def brotli(self, count: int) -> None:
        self.send(200, b"\x1b\x03\x00\xf8\xa5\xa0\xb0", Content_Encoding="br")

    def image(self, count: int) -> None:
        self.send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")

    def wrong_charset(self, count: int) -> None:
        body = ('<html><head><meta charset="utf-8"><title>Café</title></head><body><article>'
                "<p>Le café crème coûte deux euros à Genève, déclare-t-il.</p></article></body>"
                "</html>").encode()
        self.send(200, body, "text/html; charset=iso-8859-1")

    def feed(self, count: int) -> None:
        items = "".join(f"<item><title>A{n}</title><link>{self.server.base}/articles/a{n}"
                        f"?utm_source=rss#top</link></item>" for n in range(3))
        private = f"<item><title>P</title><link>{self.server.base}/private/p1</link></item>"
        body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}{private}</channel></rss>'
        self.send(200, body.encode(), "application/rss+xml")

    def malformed_feed(self, count: int) -> None:
        body = (b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>ok</title>'
                b"<link>/articles/ok</link></item><item><title>broken <b></title>"
                b"<link>/articles/broken")
        self.send(200, body, "application/rss+xml")

    def laughs_feed(self, count: int) -> None:
        self.send(200, LAUGHS_FEED, "application/rss+xml")

    def laughs_sitemap(self, count: int) -> None:
        self.send(200, LAUGHS_SITEMAP, "application/xml")

    def sitemap_index(self, count: int) -> None:
        old = (NEW_DAY - timedelta(days=365)).strftime("%Y-%m-%d")
        body = (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {SITEMAP_NS}>'
                f"<sitemap><loc>{self.server.base}/sitemap-a.xml</loc>"
                f"<lastmod>{NEW_DAY.date()}</lastmod></sitemap>"
                f"<sitemap><loc>/sitemap-b.xml.gz</loc><lastmod>{old}</lastmod></sitemap>"
                "</sitemapindex>").encode()
        self.send(200, body, "application/xml")

    def sitemap_a(self, count: int) -> None:
        self.send(200, self.server.sitemap("a"), "application/xml")

    def sitemap_b(self, count: int) -> None:
        self.send(200, self.server.sitemap("b"), "application/x-gzip")


ROUTES: dict[str, Callable[[FaultHandler, int], None]] = {
    "/robots.txt": FaultHandler.robots,
    "/429": FaultHandler.too_many,
    "/flaky": FaultHandler.flaky,
    "/drip": FaultHandler.drip,
    "/slowloris": FaultHandler.slowloris,
    "/reset": FaultHandler.reset,
    "/loop-a": FaultHandler.loop_a,
    "/loop-b": FaultHandler.loop_b,
    "/to-loopback": FaultHandler.to_loopback,
    "/to-metadata": FaultHandler.to_metadata,
    "/huge": FaultHandler.huge,
    "/huge-chunked": FaultHandler.huge_chunked,
    "/gzip-bomb": FaultHandler.gzip_bomb,
    "/deflate-bomb": FaultHandler.deflate_bomb,
    "/brotli": FaultHandler.brotli,
    "/image.png": FaultHandler.image,
    "/wrong-charset": FaultHandler.wrong_charset,
    "/feed.xml": FaultHandler.feed,
    "/malformed-feed.xml": FaultHandler.malformed_feed,
    "/laughs-feed.xml": FaultHandler.laughs_feed,
    "/laughs-sitemap.xml": FaultHandler.laughs_sitemap,
    "/sitemap-index.xml": FaultHandler.sitemap_index,
    "/sitemap-a.xml": FaultHandler.sitemap_a,
    "/sitemap-b.xml.gz": FaultHandler.sitemap_b,
}


@contextlib.contextmanager
def serve_faults(lifetime: float = 120.0) -> Iterator[tuple[FaultServer, FaultServer]]:
    """The fault site on 127.0.0.1 and a decoy on 127.0.0.2 that must never be reached.

    Both run in daemon threads and shut themselves down after ``lifetime`` seconds even if
    a test hangs.
    """
    server = FaultServer("127.0.0.1", 0)
    decoy = FaultServer("127.0.0.2", 0)
    server.other_port = decoy.port
    for encoding in ("gzip", "deflate"):
        server.bomb(encoding)  # built before the clock of any test starts
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05},
                                daemon=True) for s in (server, decoy)]
    timers = [threading.Timer(lifetime, s.shutdown) for s in (server, decoy)]
    for item in (*threads, *timers):
        item.daemon = True
        item.start()
    try:
        yield server, decoy
    finally:
        for timer in timers:
            timer.cancel()
        for s in (server, decoy):
            s.shutdown()
            s.server_close()
