"""Polite, defensive HTTP fetching: robots.txt, per-host delay, SSRF guard, size cap, WARC."""

from __future__ import annotations

import ipaddress
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from pipeline.archive import FetchOutcome, WarcArchive
from pipeline.config import Settings, SourceConfig
from pipeline.errors import (
    ConnectionFailed,
    FetchRefused,
    FetchTimeout,
    PipelineError,
    ResponseRejected,
    ServerBusy,
    TransientError,
)
from pipeline.models import RawPage

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/rdf+xml", "text/html", "text/plain", "application/x-gzip", "application/gzip",
)
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
Resolver = Callable[[str, int], list[str]]


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses a host name resolves to (every one is checked, not just the first)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ConnectionFailed(f"cannot resolve {host}: {exc}", reason="dns_failed")
    return sorted({str(info[4][0]) for info in infos})


def check_address(url: str, source: SourceConfig, resolver: Resolver = resolve_host) -> None:
    """Refuse URLs that resolve to private, loopback, link-local or multicast addresses.

    A source may list addresses or networks it is allowed to reach (a loopback test site);
    everything else stays refused, redirects included.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"unsupported URL {url!r}", reason="bad_url")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for text in resolver(parts.hostname, port):
        address = ipaddress.ip_address(text.split("%")[0])
        public = address.is_global and not address.is_multicast
        if not public and not source.allows_address(address):
            raise FetchRefused(f"{parts.hostname} resolves to non-public {address}",
                               reason="private_address")


@dataclass(frozen=True)
class Validators:
    """What the server said last time, sent back so an unchanged page costs a 304."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class FetchResult:
    """A response kept (page set) or the outcome of a request that produced no page."""

    outcome: FetchOutcome
    page: RawPage | None = None


class Fetcher:
    """Fetches URLs of one source one at a time, archiving every response and outcome."""

    def __init__(
        self,
        settings: Settings,
        source: SourceConfig,
        archive: WarcArchive,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = resolve_host,
        sleep: Callable[[float], None] = time.sleep,
        max_attempts: int = 3,
    ) -> None:
        self.settings = settings
        self.source = source
        self.archive = archive
        self.resolver = resolver
        self.sleep = sleep
        self.max_attempts = max_attempts
        connect = min(10.0, settings.timeout_seconds)
        timeout = httpx.Timeout(settings.timeout_seconds, connect=connect)
        self.client = httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,  # redirects are followed by hand so every hop is checked
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -------------------------------------------------------------------------

    def _wait_for_host(self, host: str) -> None:
        delay = self.settings.delay_seconds
        robots = self._robots.get(host)
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.settings.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + delay - time.monotonic()
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = time.monotonic()

    def _robots_for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        robots_url = origin + "/robots.txt"
        robots: Protego | None
        try:
            page = self._request(robots_url, FEED_TYPES, archive=True, role="robots")
            if page.status == 200:
                robots = Protego.parse(page.body.decode("utf-8", errors="replace"))
            elif 400 <= page.status < 500:
                robots = None  # no robots.txt: everything allowed
            else:
                robots = Protego.parse("User-agent: *\nDisallow: /")
        except TransientError:
            # robots.txt unreachable: assume the whole site is off limits for this run
            robots = Protego.parse("User-agent: *\nDisallow: /")
        self._robots[origin] = robots
        return robots

    def allowed_by_robots(self, url: str) -> bool:
        robots = self._robots_for(url)
        return robots is None or robots.can_fetch(url, self.settings.user_agent)

    # -- requests ---------------------------------------------------------------------------

    def _request(
        self, url: str, accept: tuple[str, ...], *, archive: bool, role: str = "article",
        validators: Validators | None = None,
    ) -> RawPage:
        """GET one URL, following redirects by hand; raise on failure, return the final page."""
        seen: set[str] = set()
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if current in seen:
                raise FetchRefused(f"redirect loop at {current}", reason="redirect_loop")
            seen.add(current)
            check_address(current, self.source, self.resolver)
            host = urlsplit(current).netloc
            self._wait_for_host(host)
            # validators belong to the URL asked for, not to where a redirect leads
            extra = validators.headers() if validators and current == url else {}
            page = self._get_once(current, extra)
            if archive:
                self.archive.write_exchange(
                    "GET", [("User-Agent", self.settings.user_agent), ("Host", host)], page, role
                )
            if page.status in REDIRECT_STATUSES and page.header("location"):
                current = urljoin(current, page.header("location") or "")
                continue
            if page.status == 200 and page.content_type and not page.content_type.startswith(
                accept
            ):
                raise ResponseRejected(
                    f"content type {page.content_type!r} not accepted", reason="content_type"
                )
            return RawPage(
                url=url,
                final_url=current,
                status=page.status,
                headers=page.headers,
                body=page.body,
                fetched_at=page.fetched_at,
                source=self.source.name,
                warc_path=str(self.archive.path),
            )
        raise FetchRefused(f"more than {self.settings.max_redirects} redirects",
                           reason="too_many_redirects")

    def _get_once(self, url: str, headers: dict[str, str]) -> RawPage:
        cap = self.settings.max_body_bytes
        fetched_at = datetime.now(UTC)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > cap:
                    raise ResponseRejected(f"declared size {declared} over cap {cap}",
                                           reason="too_large")
                chunks: list[bytes] = []
                size = 0
                # iter_bytes decodes gzip/deflate, so the cap also bounds decompression bombs
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise ResponseRejected(f"body over cap {cap} bytes", reason="too_large")
                    chunks.append(chunk)
                return RawPage(
                    url=url,
                    final_url=url,
                    status=response.status_code,
                    headers=tuple(response.headers.multi_items()),
                    body=b"".join(chunks),
                    fetched_at=fetched_at,
                    source=self.source.name,
                )
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"timeout fetching {url}: {exc}")
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise ConnectionFailed(f"cannot fetch {url}: {exc}")

    def fetch(
        self, url: str, accept: tuple[str, ...] = HTML_TYPES, role: str = "article",
        validators: Validators | None = None,
    ) -> FetchResult:
        """Fetch a URL politely; never raises, every call ends in one recorded outcome."""
        page: RawPage | None = None
        outcome = self._fetch_outcome(url, accept, role, validators)
        if isinstance(outcome, RawPage):
            page = outcome
            if page.status == 304:
                kind, reason = "not_modified", ""
            elif page.status >= 400:
                kind, reason = "failed", f"http_{page.status}"
            else:
                kind, reason = "fetched", ""
            outcome = FetchOutcome(url, kind, reason, status=page.status, at=page.fetched_at,
                                   final_url=page.final_url, etag=page.header("etag"),
                                   last_modified=page.header("last-modified"))
        outcome = replace(outcome, role=role)
        self.archive.write_outcome(outcome)
        return FetchResult(outcome, page)

    def _fetch_outcome(
        self, url: str, accept: tuple[str, ...], role: str, validators: Validators | None
    ) -> RawPage | FetchOutcome:
        try:
            if not self.allowed_by_robots(url):
                return FetchOutcome(url, "disallowed", "robots_txt", "disallowed by robots.txt")
        except PipelineError as exc:
            return FetchOutcome(url, "refused", exc.reason, str(exc))
        attempt = 0
        while True:
            attempt += 1
            try:
                page = self._request(url, accept, archive=True, role=role,
                                     validators=validators)
                if page.status in (429, 500, 502, 503, 504):
                    retry_after = parse_retry_after(page.header("retry-after"))
                    raise ServerBusy(f"HTTP {page.status} for {url}", status=page.status,
                                     retry_after=retry_after)
                return page
            except TransientError as exc:
                if attempt < self.max_attempts:
                    self.sleep(backoff_seconds(attempt, getattr(exc, "retry_after", None)))
                    continue
                return FetchOutcome(url, "failed", exc.reason, str(exc),
                                    status=getattr(exc, "status", None))
            except PipelineError as exc:
                kind = "refused" if isinstance(exc, FetchRefused) else "failed"
                return FetchOutcome(url, kind, exc.reason, str(exc))


def parse_retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())


def backoff_seconds(attempt: int, retry_after: float | None, cap: float = 60.0) -> float:
    """Exponential backoff with full jitter; a server's Retry-After wins, within the cap."""
    if retry_after is not None:
        return min(retry_after, cap)
    return random.uniform(0, min(cap, 0.5 * 2**attempt))
