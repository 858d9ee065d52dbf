"""Polite, defensive HTTP fetching: robots.txt, per-host delay, SSRF guard, size cap, WARC."""

from __future__ import annotations

import contextlib
import importlib.util
import ipaddress
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
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
SITEMAP_TYPES = (*FEED_TYPES, "application/octet-stream")
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504}
SITEMAP_MAX_BYTES = 50_000_000  # the sitemap protocol's own limit, after decompression
Resolver = Callable[[str, int], list[str]]


def _decodable_encodings() -> tuple[str, ...]:
    """Content-Encodings httpx decodes here (brotli and zstd only with their packages)."""
    names = ["gzip", "deflate"]
    if importlib.util.find_spec("brotli") or importlib.util.find_spec("brotlicffi"):
        names.append("br")
    if importlib.util.find_spec("zstandard"):
        names.append("zstd")
    return tuple(names)


ENCODINGS = _decodable_encodings()
# A body in any other encoding would reach the parser undecoded (and uncapped in meaning).
ACCEPTED_ENCODINGS = {*ENCODINGS, "identity", "x-gzip", ""}


def resolve_host(host: str, port: int) -> list[str]:
    """All addresses a host name resolves to (every one is checked, not just the first)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise ConnectionFailed(f"cannot resolve {host}: {exc}", reason="dns_failed")
    return sorted({str(info[4][0]) for info in infos})


def checked_addresses(host: str, port: int, source: SourceConfig,
                      resolver: Resolver = resolve_host) -> list[str]:
    """Resolve a host and return its addresses, refusing if any one is not allowed."""
    addresses = resolver(host.strip("[]"), port)
    if not addresses:
        raise ConnectionFailed(f"{host} resolves to no address", reason="dns_failed")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        public = address.is_global and not address.is_multicast
        if not public and not source.allows_address(address):
            raise FetchRefused(f"{host} resolves to non-public {address}",
                               reason="private_address")
    return addresses


def check_address(url: str, source: SourceConfig, resolver: Resolver = resolve_host) -> None:
    """Refuse URLs that resolve to private, loopback, link-local or multicast addresses.

    A source may list addresses or networks it is allowed to reach (a loopback test site);
    everything else stays refused, redirects included.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"unsupported URL {url!r}", reason="bad_url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchRefused(f"bad port in {url!r}", reason="bad_url")
    checked_addresses(parts.hostname, port, source, resolver)


# -- connecting only to checked addresses (no DNS rebinding between check and connect) ------


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose reads and writes also stop at the request's overall deadline.

    Read timeouts bound the gap between two packets only; a server trickling one byte just
    inside that gap (headers included) is stopped by the deadline.
    """

    def __init__(self, stream: httpcore.NetworkStream, backend: GuardedBackend) -> None:
        self._stream = stream
        self._backend = backend

    def _timeout(self, timeout: float | None) -> float | None:
        deadline = self._backend.current_deadline()
        if deadline is None:
            return timeout
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("overall request deadline passed")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._timeout(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._timeout(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # TLS keeps the host name for SNI and certificate checks; only the IP was pinned
        tls = self._stream.start_tls(ssl_context, server_hostname, self._timeout(timeout))
        return _DeadlineStream(tls, self._backend)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves, checks every address, then connects to one of exactly those addresses.

    The check and the connection use the same resolution, so a name that answers a public
    address to the check and a private one to the connect (DNS rebinding) cannot get through.
    """

    def __init__(self, check: Callable[[str, int], list[str]]) -> None:
        self._check = check
        self._tcp = httpcore.SyncBackend()
        self._local = threading.local()
        self.connections: list[tuple[str, int]] = []  # (address, port) connected to

    @contextlib.contextmanager
    def deadline(self, seconds: float | None) -> Iterator[None]:
        previous = getattr(self._local, "deadline", None)
        self._local.deadline = None if seconds is None else time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.deadline = previous

    def current_deadline(self) -> float | None:
        return getattr(self._local, "deadline", None)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        addresses = self._check(host, port)
        last: Exception | None = None
        for address in addresses:  # only addresses that passed the check
            try:
                stream = self._tcp.connect_tcp(address, port, timeout, local_address,
                                               socket_options)
            except httpcore.ConnectTimeout:
                raise
            except httpcore.ConnectError as exc:
                last = exc
                continue
            self.connections.append((address, port))
            return _DeadlineStream(stream, self)
        raise httpcore.ConnectError(f"cannot connect to {host}:{port}: {last}")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with its connection pool on a :class:`GuardedBackend`."""

    def __init__(self, backend: GuardedBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # httpx 0.28 builds its pool in __init__ without a backend parameter; rebuild it with
        # ours (pinned in requirements.txt; test_fault_server proves every connect is checked)
        if not hasattr(self, "_pool"):
            raise RuntimeError("httpx.HTTPTransport has no _pool: check the httpx version")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


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
    """Fetches URLs of one source, archiving every response and every outcome.

    Requests to one host are serialised and spaced by the delay (or the robots.txt
    Crawl-delay, or a Retry-After), measured from the end of one response to the start of
    the next; :meth:`fetch_many` works on several hosts at once. ``max_pages`` of the source
    is the run's budget of article URLs: those beyond it are recorded as ``skipped``.
    """

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
        max_retry_wait: float = 60.0,
        deadline_seconds: float | None = None,
    ) -> None:
        self.settings = settings
        self.source = source
        self.archive = archive
        self.resolver = resolver
        self.sleep = sleep
        self.max_attempts = max_attempts
        self.max_retry_wait = max_retry_wait
        # wall-clock bound on one request, headers and body (read timeouts bound one gap)
        self.deadline_seconds = (max(60.0, 3 * settings.timeout_seconds)
                                 if deadline_seconds is None else deadline_seconds)
        connect = min(10.0, settings.timeout_seconds)
        timeout = httpx.Timeout(settings.timeout_seconds, connect=connect)
        self.backend = GuardedBackend(
            lambda host, port: checked_addresses(host, port, self.source, self.resolver))
        if transport is None:
            transport = GuardedTransport(self.backend, httpx.Limits(
                max_connections=100, max_keepalive_connections=40, keepalive_expiry=5.0))
        self.client = httpx.Client(
            transport=transport,
            timeout=timeout,
            trust_env=False,  # an environment proxy would connect where we did not check
            follow_redirects=False,  # redirects are followed by hand so every hop is checked
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": ", ".join(ENCODINGS)},
        )
        self._robots: dict[str, Protego | None] = {}
        self._last_request: dict[str, float] = {}
        self._not_before: dict[str, float] = {}  # host -> monotonic time (Retry-After)
        self._gates: dict[str, threading.RLock] = {}
        self._lock = threading.Lock()  # gates, budget and archive writes
        self.budget_used = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -------------------------------------------------------------------------

    def _gate(self, host: str) -> threading.RLock:
        """The lock held while talking to a host: one request at a time per host.

        A host's gate is held for one request only, never while taking another lock, and
        robots.txt reads have their own gate (taken before any host gate): no deadlock.
        """
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = threading.RLock()
            return gate

    def host_delay(self, host: str) -> float:
        """Seconds between two requests to a host: the setting or a longer Crawl-delay."""
        delay = self.settings.delay_seconds
        robots = self._robots.get(host)
        if robots is not None:
            crawl_delay = robots.crawl_delay(self.settings.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        return delay

    def host_wait(self, host: str) -> float:
        """Seconds to wait before the next request to a host may start."""
        now = time.monotonic()
        wait = self._not_before.get(host, now) - now
        last = self._last_request.get(host)
        if last is not None:
            wait = max(wait, last + self.host_delay(host) - now)
        return max(0.0, wait)

    def _defer_host(self, host: str, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + seconds
            self._not_before[host] = max(self._not_before.get(host, 0.0), until)

    def _robots_for(self, url: str) -> Protego | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        with self._gate("robots " + origin):
            if origin in self._robots:  # another thread read it meanwhile
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

    def robots_sitemaps(self, url: str) -> list[str]:
        """Sitemap URLs declared in the robots.txt of a URL's origin (read once, cached)."""
        try:
            robots = self._robots_for(url)
        except PipelineError:
            return []
        return [urljoin(url, s) for s in robots.sitemaps] if robots is not None else []

    # -- requests ---------------------------------------------------------------------------

    def _request(
        self, url: str, accept: tuple[str, ...], *, archive: bool, role: str = "article",
        validators: Validators | None = None, max_bytes: int | None = None,
    ) -> RawPage:
        """GET one URL, following redirects by hand; raise on failure, return the final page."""
        seen: set[str] = set()
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if current in seen:
                raise FetchRefused(f"redirect loop at {current}", reason="redirect_loop")
            seen.add(current)
            if current != url and role != "robots" and not self.allowed_by_robots(current):
                raise FetchRefused(f"redirect to {current}, disallowed by robots.txt",
                                   reason="robots_txt")
            # checked here for a clear refusal; the connection is checked again on connect
            check_address(current, self.source, self.resolver)
            host = urlsplit(current).netloc
            # validators belong to the URL asked for, not to where a redirect leads
            extra = validators.headers() if validators and current == url else {}
            with self._gate(host):
                wait = self.host_wait(host)
                if wait > 0:
                    self.sleep(wait)
                try:
                    page = self._get_once(current, extra, accept, max_bytes)
                finally:
                    self._last_request[host] = time.monotonic()
            if archive:
                with self._lock:
                    self.archive.write_exchange(
                        "GET", [("User-Agent", self.settings.user_agent), ("Host", host)],
                        page, role)
            if page.status in REDIRECT_STATUSES and page.header("location"):
                current = urljoin(current, page.header("location") or "")
                continue
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

    def _get_once(self, url: str, headers: dict[str, str],
                  accept: tuple[str, ...] = HTML_TYPES, max_bytes: int | None = None
                  ) -> RawPage:
        cap = max_bytes or self.settings.max_body_bytes
        fetched_at = datetime.now(UTC)
        deadline = time.monotonic() + self.deadline_seconds
        try:
            with self.backend.deadline(self.deadline_seconds), \
                    self.client.stream("GET", url, headers=headers) as response:
                _check_headers(response, accept, cap)
                chunks: list[bytes] = []
                size = 0
                # iter_bytes decodes gzip/deflate, so the cap also bounds decompression bombs
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise ResponseRejected(f"body over cap {cap} bytes", reason="too_large")
                    if time.monotonic() > deadline:
                        raise FetchTimeout(f"{url}: over {self.deadline_seconds}s overall",
                                           reason="deadline")
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
            late = time.monotonic() >= deadline
            raise FetchTimeout(f"timeout fetching {url}: {exc}",
                               reason="deadline" if late else "timeout")
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise ConnectionFailed(f"cannot fetch {url}: {exc}")

    def record(self, outcome: FetchOutcome) -> None:
        """Write an outcome decided outside a request (a feed or sitemap refused on parse)."""
        with self._lock:
            self.archive.write_outcome(outcome)

    def _take_budget(self, role: str) -> bool:
        if role != "article":
            return True
        with self._lock:
            if self.budget_used >= self.source.max_pages:
                return False
            self.budget_used += 1
            return True

    def fetch(
        self, url: str, accept: tuple[str, ...] = HTML_TYPES, role: str = "article",
        validators: Validators | None = None, max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetch a URL politely; never raises, every call ends in one recorded outcome.

        Every article URL asked for counts against the source's ``max_pages``; beyond it the
        outcome is ``skipped`` / ``budget`` and nothing is requested. ``max_bytes`` replaces
        the settings' body cap for this URL (sitemaps may be 50 MB).
        """
        outcome: RawPage | FetchOutcome
        if self._take_budget(role):
            outcome = self._fetch_outcome(url, accept, role, validators, max_bytes)
        else:
            outcome = FetchOutcome(url, "skipped", "budget",
                                   f"daily budget of {self.source.max_pages} pages used",
                                   at=datetime.now(UTC))
        return self._finish(url, outcome, role)

    def fetch_many(
        self, urls: Sequence[str], *, max_hosts: int = 8, accept: tuple[str, ...] = HTML_TYPES,
        role: str = "article", validators: Mapping[str, Validators] | None = None,
    ) -> list[FetchResult]:
        """Fetch URLs with up to ``max_hosts`` hosts in parallel, each host's URLs in order.

        Politeness is unchanged: one request at a time per host, spaced by its delay. The
        budget is taken in the order of ``urls``, so the same list skips the same URLs.
        Results come back in the order of ``urls``.
        """
        results: list[FetchResult | None] = [None] * len(urls)
        queues: dict[str, list[int]] = {}
        for index, url in enumerate(urls):
            if not self._take_budget(role):
                outcome = FetchOutcome(url, "skipped", "budget",
                                       f"daily budget of {self.source.max_pages} pages used",
                                       at=datetime.now(UTC), role=role)
                self.record(outcome)
                results[index] = FetchResult(outcome)
                continue
            queues.setdefault(urlsplit(url).netloc.lower(), []).append(index)

        def work(indexes: list[int]) -> None:
            for index in indexes:
                url = urls[index]
                seen = validators.get(url) if validators else None
                outcome = self._fetch_outcome(url, accept, role, seen)
                results[index] = self._finish(url, outcome, role)

        if queues:
            with ThreadPoolExecutor(max_workers=max(1, min(max_hosts, len(queues))),
                                    thread_name_prefix="fetch") as pool:
                for future in [pool.submit(work, q) for q in queues.values()]:
                    future.result()
        return [r for r in results if r is not None]

    def _finish(self, url: str, outcome: RawPage | FetchOutcome, role: str) -> FetchResult:
        page: RawPage | None = None
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
        self.record(outcome)
        return FetchResult(outcome, page)

    def _fetch_outcome(
        self, url: str, accept: tuple[str, ...], role: str, validators: Validators | None,
        max_bytes: int | None = None,
    ) -> RawPage | FetchOutcome:
        try:
            if not self.allowed_by_robots(url):
                return FetchOutcome(url, "disallowed", "robots_txt", "disallowed by robots.txt")
        except PipelineError as exc:
            kind = "refused" if isinstance(exc, FetchRefused) else "failed"
            return FetchOutcome(url, kind, exc.reason, str(exc))
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            attempt += 1
            waiting = self.host_wait(host) - self.host_delay(host)
            if waiting > self.max_retry_wait:
                return FetchOutcome(url, "skipped", "host_backoff",
                                    f"{host} asked us to wait {waiting:.0f}s more")
            try:
                page = self._request(url, accept, archive=True, role=role,
                                     validators=validators, max_bytes=max_bytes)
                if page.status in RETRY_STATUSES:
                    retry_after = parse_retry_after(page.header("retry-after"))
                    raise ServerBusy(f"HTTP {page.status} for {url}", status=page.status,
                                     retry_after=retry_after)
                return page
            except TransientError as exc:
                retry_after = getattr(exc, "retry_after", None)
                if retry_after is not None:
                    # the host as a whole was asked to wait, not just this URL
                    self._defer_host(host, retry_after)
                if attempt < self.max_attempts and (
                        retry_after is None or retry_after <= self.max_retry_wait):
                    if retry_after is None:
                        self._defer_host(host, backoff_seconds(attempt, None,
                                                               self.max_retry_wait))
                    # the wait happens in _request, under the host's gate
                    continue
                return FetchOutcome(url, "failed", exc.reason, str(exc),
                                    status=getattr(exc, "status", None))
            except PipelineError as exc:
                kind = "refused" if isinstance(exc, FetchRefused) else "failed"
                if exc.reason == "robots_txt":
                    kind = "disallowed"
                return FetchOutcome(url, kind, exc.reason, str(exc))


def _check_headers(response: httpx.Response, accept: tuple[str, ...], cap: int) -> None:
    """Refuse a response on its headers alone, before reading any of its body."""
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > cap:
        raise ResponseRejected(f"declared size {declared} over cap {cap}", reason="too_large")
    encodings = [e.strip().lower()
                 for e in response.headers.get("content-encoding", "").split(",")]
    unknown = [e for e in encodings if e not in ACCEPTED_ENCODINGS]
    if unknown:
        raise ResponseRejected(f"content encoding {unknown} cannot be decoded",
                               reason="content_encoding")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if response.status_code == 200 and content_type and not content_type.startswith(accept):
        raise ResponseRejected(f"content type {content_type!r} not accepted",
                               reason="content_type")


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
