"""Fetching through a mock transport: robots, redirects, SSRF guard, caps and retries."""

from __future__ import annotations

import gzip
import ipaddress
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from pipeline.archive import WarcArchive, read_archive
from pipeline.config import Settings, SourceConfig
from pipeline.errors import FetchRefused
from pipeline.fetch import Fetcher, backoff_seconds, check_address, parse_retry_after

PUBLIC = {"news.example": "93.184.216.34", "evil.example": "10.0.0.5",
          "meta.example": "169.254.169.254", "loop.example": "127.0.0.2"}


def resolver(host: str, port: int) -> list[str]:
    return [PUBLIC.get(host, host)]


Handler = Callable[[httpx.Request], httpx.Response]


OPEN: list[Fetcher] = []


@pytest.fixture(autouse=True)
def close_fetchers() -> Iterator[None]:
    yield
    while OPEN:
        fetcher = OPEN.pop()
        fetcher.close()
        fetcher.archive.close()


def make_fetcher(tmp_path: Path, handler: Handler, source: SourceConfig | None = None
                 ) -> tuple[Fetcher, list[float]]:
    sleeps: list[float] = []
    base = Settings(delay_seconds=0, max_body_bytes=10_000)
    archive = WarcArchive(tmp_path / f"f{len(OPEN)}.warc.gz")
    fetcher = Fetcher(base, source or SourceConfig(name="news"), archive,
                      transport=httpx.MockTransport(handler), resolver=resolver,
                      sleep=sleeps.append)
    OPEN.append(fetcher)
    return fetcher, sleeps


def html(body: str = "<html><body><p>hello</p></body></html>", **headers: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html", **headers}, text=body)


def robots_ok(request: httpx.Request) -> httpx.Response | None:
    if request.url.path == "/robots.txt":
        return httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
    return None


def test_fetch_archives_request_response_and_outcome(tmp_path: Path) -> None:
    fetcher, _ = make_fetcher(tmp_path, lambda r: robots_ok(r) or html())
    result = fetcher.fetch("http://news.example/a")
    fetcher.archive.close()
    assert result.outcome.outcome == "fetched" and result.page is not None
    items = list(read_archive(fetcher.archive.path))
    roles = [i.role for i in items if i.page]
    assert roles == ["robots", "article"]
    assert [i.outcome.outcome for i in items if i.outcome] == ["fetched"]


def test_robots_disallow_is_never_fetched(tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return robots_ok(request) or html()

    fetcher, _ = make_fetcher(tmp_path, handler)
    result = fetcher.fetch("http://news.example/private/x")
    assert result.outcome.outcome == "disallowed" and result.page is None
    assert "/private/x" not in seen


@pytest.mark.parametrize("host", ["evil.example", "meta.example", "loop.example", "127.0.0.1"])
def test_private_addresses_refused(tmp_path: Path, host: str) -> None:
    fetcher, _ = make_fetcher(tmp_path, lambda r: html())
    result = fetcher.fetch(f"http://{host}/a")
    assert result.outcome.outcome == "refused"
    assert result.outcome.reason == "private_address"


def test_allowed_loopback_cannot_redirect_elsewhere(tmp_path: Path) -> None:
    source = SourceConfig(name="local",
                          allow_private_addresses=(ipaddress.ip_network("127.0.0.1/32"),))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"location": "http://meta.example/latest"})

    fetcher, _ = make_fetcher(tmp_path, handler, source)
    result = fetcher.fetch("http://127.0.0.1/a")
    assert result.outcome.outcome == "refused" and result.outcome.reason == "private_address"


def test_redirect_loop_and_limit(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        nxt = {"/a": "/b", "/b": "/a"}.get(request.url.path)
        if nxt:
            return httpx.Response(301, headers={"location": nxt})
        n = int(request.url.path.strip("/r") or 0)
        return httpx.Response(302, headers={"location": f"/r{n + 1}"})

    fetcher, _ = make_fetcher(tmp_path, handler)
    assert fetcher.fetch("http://news.example/a").outcome.reason == "redirect_loop"
    assert fetcher.fetch("http://news.example/r0").outcome.reason == "too_many_redirects"


def test_redirect_is_followed_and_final_url_kept(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"location": "/new"})
        return robots_ok(request) or html()

    fetcher, _ = make_fetcher(tmp_path, handler)
    result = fetcher.fetch("http://news.example/old")
    assert result.page is not None and result.page.final_url == "http://news.example/new"


def test_size_cap_also_after_decompression(tmp_path: Path) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/big":
            return httpx.Response(200, headers={"content-type": "text/html",
                                                "content-length": "999999"}, content=b"x")
        return robots_ok(request) or httpx.Response(
            200, headers={"content-type": "text/html", "content-encoding": "gzip"}, content=bomb)

    fetcher, _ = make_fetcher(tmp_path, handler)
    assert len(bomb) < 10_000
    assert fetcher.fetch("http://news.example/bomb").outcome.reason == "too_large"
    assert fetcher.fetch("http://news.example/big").outcome.reason == "too_large"


def test_wrong_content_type_is_refused(tmp_path: Path) -> None:
    fetcher, _ = make_fetcher(
        tmp_path,
        lambda r: robots_ok(r) or httpx.Response(200, headers={"content-type": "image/png"},
                                                 content=b"\x89PNG"),
    )
    assert fetcher.fetch("http://news.example/pic").outcome.reason == "content_type"


def test_transient_errors_are_retried_then_recorded(tmp_path: Path) -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        calls["n"] += 1
        if calls["n"] < 3:
            return httpx.Response(503, headers={"retry-after": "7"})
        return html()

    fetcher, sleeps = make_fetcher(tmp_path, handler)
    assert fetcher.fetch("http://news.example/a").outcome.outcome == "fetched"
    assert sleeps == pytest.approx([7.0, 7.0], abs=0.05)  # Retry-After, host-wide

    def always_down(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        raise httpx.ConnectError("refused")

    fetcher, _ = make_fetcher(tmp_path, always_down)
    outcome = fetcher.fetch("http://news.example/a").outcome
    assert outcome.outcome == "failed" and outcome.reason == "connection_failed"


def test_permanent_errors_are_not_retried(tmp_path: Path) -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        calls["n"] += 1
        return httpx.Response(404, headers={"content-type": "text/html"}, text="gone")

    fetcher, _ = make_fetcher(tmp_path, handler)
    outcome = fetcher.fetch("http://news.example/a").outcome
    assert outcome.reason == "http_404" and calls["n"] == 1


def test_retry_after_and_backoff() -> None:
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert 0 <= backoff_seconds(3, None) <= 4.0
    assert backoff_seconds(1, 500.0) == 60.0


def test_check_address_rejects_odd_schemes() -> None:
    with pytest.raises(FetchRefused):
        check_address("file:///etc/passwd", SourceConfig(name="x"), resolver)


def test_budget_skips_and_records_urls_beyond_max_pages(tmp_path: Path) -> None:
    fetcher, _ = make_fetcher(tmp_path, lambda r: robots_ok(r) or html(),
                              SourceConfig(name="news", max_pages=2))
    kinds = [fetcher.fetch(f"http://news.example/{n}").outcome for n in range(4)]
    assert [(k.outcome, k.reason) for k in kinds] == [
        ("fetched", ""), ("fetched", ""), ("skipped", "budget"), ("skipped", "budget")]
    assert fetcher.fetch("http://news.example/feed", role="feed").outcome.outcome == "fetched"
    fetcher.archive.close()
    recorded = [i.outcome for i in read_archive(fetcher.archive.path) if i.outcome]
    assert [o.outcome for o in recorded].count("skipped") == 2


def test_fetch_many_keeps_order_and_budget_order(tmp_path: Path) -> None:
    fetcher, _ = make_fetcher(tmp_path, lambda r: robots_ok(r) or html(),
                              SourceConfig(name="news", max_pages=3))
    urls = [f"http://news.example/{n}" for n in range(3)] + ["http://evil.example/x",
                                                             "http://news.example/last"]
    results = fetcher.fetch_many(urls, max_hosts=2)
    assert [r.outcome.url for r in results] == urls
    assert [r.outcome.outcome for r in results] == [
        "fetched", "fetched", "fetched", "skipped", "skipped"]


def test_long_retry_after_gives_up_and_backs_off_the_host(tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(429, headers={"retry-after": "3600"})

    fetcher, sleeps = make_fetcher(tmp_path, handler)
    first = fetcher.fetch("http://news.example/a").outcome
    second = fetcher.fetch("http://news.example/b").outcome
    assert (first.outcome, first.reason) == ("failed", "http_429")
    assert (second.outcome, second.reason) == ("skipped", "host_backoff")
    assert seen == ["/robots.txt", "/a"] and sleeps == []


def test_redirect_into_a_disallowed_path_is_not_followed(tmp_path: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/go":
            return httpx.Response(302, headers={"location": "/private/x"})
        return robots_ok(request) or html()

    fetcher, _ = make_fetcher(tmp_path, handler)
    outcome = fetcher.fetch("http://news.example/go").outcome
    assert (outcome.outcome, outcome.reason) == ("disallowed", "robots_txt")
    assert "/private/x" not in seen


def test_unknown_content_encoding_is_refused(tmp_path: Path) -> None:
    fetcher, _ = make_fetcher(tmp_path, lambda r: robots_ok(r) or httpx.Response(
        200, headers={"content-type": "text/html", "content-encoding": "compress"},
        content=b"\x1f\x9d"))
    assert fetcher.fetch("http://news.example/z").outcome.reason == "content_encoding"


def test_ipv4_mapped_ipv6_is_checked_as_ipv4() -> None:
    with pytest.raises(FetchRefused):
        check_address("http://mapped.example/", SourceConfig(name="x"),
                      lambda host, port: ["::ffff:169.254.169.254"])
