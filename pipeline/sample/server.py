"""Stdlib-only HTTP server for the bundled sample site; fills in {{BASE_URL}} at serve time."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import mimetypes
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

SITE_DIR = Path(__file__).resolve().parent / "site"
PLACEHOLDER = b"{{BASE_URL}}"

# Only text we author carries the placeholder; binary files are served byte for byte.
_TEXT_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
_RSS_TYPE = "application/rss+xml; charset=utf-8"


def content_type_for(path: Path) -> str:
    """The Content-Type header value for a file in the site folder."""
    suffix = path.suffix.lower()
    # Feed readers sniff by type, so the feed gets the RSS type rather than generic XML.
    if suffix == ".xml" and path.stem.lower().startswith(("feed", "rss")):
        return _RSS_TYPE
    if suffix in _TEXT_TYPES:
        return _TEXT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _is_text(path: Path) -> bool:
    return path.suffix.lower() in _TEXT_TYPES


def resolve_site_path(root: Path, url_path: str) -> Path | None:
    """The file under root that url_path names, or None if missing or outside root."""
    decoded = unquote(urlsplit(url_path).path)
    segments = [segment for segment in decoded.split("/") if segment not in ("", ".")]
    # Refuse rather than normalise: a crawler asking for ".." is probing, not browsing.
    if any(segment == ".." or "\\" in segment or "\x00" in segment for segment in segments):
        return None
    candidate = root.joinpath(*segments)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        resolved = candidate.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None
    # A symlink inside the site could still point elsewhere; check the real path too.
    if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
        return None
    return resolved


def _etag_matches(header: str, etag: str) -> bool:
    # Weak comparison (RFC 9110 13.1.2) is the one that applies to GET and HEAD.
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def _not_modified_since(header: str, mtime: float) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    # HTTP dates have whole seconds, so compare at that precision.
    return int(mtime) <= int(since.timestamp())


class SampleSiteHandler(BaseHTTPRequestHandler):
    """Serves files from the site folder; one instance per request, as http.server does."""

    protocol_version = "HTTP/1.1"
    server_version = "SampleNews/1.0"
    # Idle keep-alive connections must not pin a thread forever after a crawl ends.
    timeout = 10
    # Headers and body go out as two writes; with Nagle on, keep-alive clients wait ~40 ms
    # for a delayed ACK on every response.
    disable_nagle_algorithm = True
    site_root: Path = SITE_DIR
    base_url: str = ""

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        # Test and pipeline runs read stderr for their own output; stay silent.
        return

    def _serve(self, *, send_body: bool) -> None:
        path = resolve_site_path(self.site_root, self.path)
        if path is None:
            self._send_plain(HTTPStatus.NOT_FOUND, "Not found\n", send_body=send_body)
            return
        body = path.read_bytes()
        if _is_text(path):
            body = body.replace(PLACEHOLDER, self.base_url.encode("utf-8"))
        mtime = path.stat().st_mtime
        # The tag covers the served bytes, so a different base URL is a different entity.
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        last_modified = formatdate(mtime, usegmt=True)

        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            # RFC 9110 13.2.2: If-Modified-Since is ignored when If-None-Match is present.
            not_modified = _etag_matches(if_none_match, etag)
        elif if_modified_since is not None:
            not_modified = _not_modified_since(if_modified_since, mtime)
        else:
            not_modified = False

        if not_modified:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return

        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type_for(path))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", last_modified)
        self.send_header("ETag", etag)
        # no-cache still lets clients store pages, but makes them revalidate every fetch,
        # which is what exercises the conditional-request path.
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _send_plain(self, status: HTTPStatus, text: str, *, send_body: bool) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class SampleSiteServer(ThreadingHTTPServer):
    """Threaded server whose worker threads never keep the process alive."""

    daemon_threads = True
    allow_reuse_address = True


def _url_host(host: str) -> str:
    # A wildcard bind is not an address a client can use in a link.
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def make_server(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    site_dir: Path = SITE_DIR,
    base_url: str | None = None,
) -> tuple[SampleSiteServer, str]:
    """A bound, not yet running server and the base URL its pages will link to."""
    handler: type[SampleSiteHandler] = type(
        "BoundSampleSiteHandler", (SampleSiteHandler,), {"site_root": site_dir.resolve()}
    )
    server = SampleSiteServer((host, port), handler)
    # Port 0 means the OS chose one; only now is the real port known.
    actual_port = server.server_address[1]
    url = (base_url or f"http://{_url_host(host)}:{actual_port}").rstrip("/")
    handler.base_url = url
    return server, url


@contextlib.contextmanager
def serve_sample_site(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    site_dir: Path = SITE_DIR,
    base_url: str | None = None,
) -> Iterator[str]:
    """Serve the sample site in a daemon thread and yield its base URL, e.g. http://127.0.0.1:45123.

    base_url overrides the URL written into pages, for when clients reach the server under
    another name (a container alias, a proxy).
    """
    server, url = make_server(host, port, site_dir=site_dir, base_url=base_url)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name="sample-site-server",
        daemon=True,
    )
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    """Serve the sample site until interrupted."""
    parser = argparse.ArgumentParser(description="Serve the bundled sample news site.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--base-url", default=None, help="URL written into pages and feed")
    args = parser.parse_args(argv)
    with serve_sample_site(args.host, args.port, base_url=args.base_url) as url:
        print(f"Serving sample site at {url}/  (feed: {url}/feed.xml). Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
