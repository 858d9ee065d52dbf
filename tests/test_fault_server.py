"""Fault injection over real sockets: every misbehaviour ends in one recorded outcome."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import feedparser
import pytest

from pipeline.archive import FetchOutcome, WarcArchive, read_archive
from pipeline.config import Settings, SourceConfig
from pipeline.discover import discover_articles
from pipeline.fetch import Fetcher, FetchResult, resolve_host
from pipeline.parse.decode import decode_html
from tests.faultserver import (
    LAUGHS_FEED,
    NEW_DAY,
    NEW_URLS,
    SITEMAP_URLS,
    FaultServer,
    serve_faults,
)

TIMEOUT = 0.5  # read timeout: every wait below is a small multiple of it
DEADLINE = 1.5
SETTINGS = Settings(delay_seconds=0, timeout_seconds=TIMEOUT, max_body_bytes=1_000_000)
LOCAL = SourceConfig(name="faults",
                     allow_private_addresses=(ipaddress.ip_network("127.0.0.1/32"),))


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[FaultServer, FaultServer]]:
    with serve_faults(lifetime=300) as servers:
        yield servers


@pytest.fixture
def server(site: tuple[FaultServer, FaultServer]) -> FaultServer:
    return site[0]


@pytest.fixture
def decoy(site: tuple[FaultServer, FaultServer]) -> FaultServer:
    return site[1]


OPEN: list[Fetcher] = []


@pytest.fixture(autouse=True)
def close_fetchers() -> Iterator[None]:
    yield
    while OPEN:
        fetcher = OPEN.pop()
        fetcher.close()
        fetcher.archive.close()


def make_fetcher(tmp_path: Path, source: SourceConfig = LOCAL, **kwargs: object) -> Fetcher:
    archive = WarcArchive(tmp_path / f"run{len(OPEN)}.warc.gz")
    options: dict = {"max_attempts": 3, "max_retry_wait": 2.0, "deadline_seconds": DEADLINE,
                     **kwargs}
    fetcher = Fetcher(SETTINGS, source, archive, **options)
    OPEN.append(fetcher)
    return fetcher


def archived_outcomes(fetcher: Fetcher) -> list[FetchOutcome]:
    fetcher.archive.close()
    return [r.outcome for r in read_archive(fetcher.archive.path) if r.outcome is not None]


def fetch_timed(fetcher: Fetcher, url: str, bound: float) -> FetchResult:
    start = time.monotonic()
    result = fetcher.fetch(url)
    elapsed = time.monotonic() - start
    assert elapsed < bound, f"{url} took {elapsed:.2f}s, bound {bound}s"
    outcome = archived_outcomes(fetcher)[-1]
    assert (outcome.url, outcome.outcome, outcome.reason) == (
        url, result.outcome.outcome, result.outcome.reason)
    return result


def test_429_retry_after_is_honoured(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/429", bound=3)
    assert result.outcome.outcome == "fetched"
    first, second = server.times["/429"][:2]
    assert second - first >= 1.0  # Retry-After: 1


def test_500_then_200_is_retried(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/flaky", bound=3)
    assert result.outcome.outcome == "fetched" and server.counts["/flaky"] == 2


def test_slow_drip_times_out(tmp_path: Path, server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path, max_attempts=2)
    result = fetch_timed(fetcher, server.base + "/drip", bound=2 * (TIMEOUT + 0.5) + 1)
    assert (result.outcome.outcome, result.outcome.reason) == ("failed", "timeout")
    assert server.counts["/drip"] == 2  # a timeout is transient: retried once


def test_trickle_inside_read_timeout_hits_the_deadline(tmp_path: Path,
                                                        server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path, max_attempts=1)
    result = fetch_timed(fetcher, server.base + "/slowloris", bound=DEADLINE + 1)
    assert (result.outcome.outcome, result.outcome.reason) == ("failed", "deadline")


def test_reset_connection_is_retried_then_failed(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/reset", bound=4)
    assert (result.outcome.outcome, result.outcome.reason) == ("failed", "connection_failed")
    assert server.counts["/reset"] == 3


def test_redirect_loop_is_refused(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/loop-a", bound=2)
    assert (result.outcome.outcome, result.outcome.reason) == ("refused", "redirect_loop")
    assert server.counts["/loop-a"] == 1 and server.counts["/loop-b"] == 1


@pytest.mark.parametrize("path", ["/to-loopback", "/to-metadata"])
def test_redirect_to_other_private_address_is_refused(
        tmp_path: Path, server: FaultServer, decoy: FaultServer, path: str) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + path, bound=2)
    assert (result.outcome.outcome, result.outcome.reason) == ("refused", "private_address")
    assert decoy.connections == 0 and sum(decoy.counts.values()) == 0


def test_dns_rebinding_between_check_and_connect_is_refused(
        tmp_path: Path, decoy: FaultServer) -> None:
    answers = iter(["127.0.0.1"])

    def rebinding(host: str, port: int) -> list[str]:
        # a public-looking first answer for the check, then the address it really wants
        return [next(answers, "127.0.0.2")] if host == "rebind.test" else resolve_host(host, port)

    fetcher = make_fetcher(tmp_path, resolver=rebinding)
    url = f"http://rebind.test:{decoy.port}/articles/x"
    result = fetch_timed(fetcher, url, bound=2)
    assert (result.outcome.outcome, result.outcome.reason) == ("refused", "private_address")
    assert decoy.connections == 0 and fetcher.backend.connections == []


@pytest.mark.parametrize("path", ["/huge", "/huge-chunked", "/gzip-bomb", "/deflate-bomb"])
def test_size_cap_before_and_after_decompression(tmp_path: Path, server: FaultServer,
                                                 path: str) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + path, bound=3)
    assert (result.outcome.outcome, result.outcome.reason) == ("failed", "too_large")
    assert server.counts[path] == 1  # permanent: not retried


def test_undecodable_encoding_is_refused(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/brotli", bound=2)
    assert (result.outcome.outcome, result.outcome.reason) == ("failed", "content_encoding")


def test_robots_disallowed_path_is_never_requested(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/private/secret", bound=2)
    assert (result.outcome.outcome, result.outcome.reason) == ("disallowed", "robots_txt")
    assert server.counts["/private/secret"] == 0


def test_non_html_content_type_is_refused(tmp_path: Path, server: FaultServer) -> None:
    result = fetch_timed(make_fetcher(tmp_path), server.base + "/image.png", bound=2)
    assert (result.outcome.outcome, result.outcome.reason) == ("failed", "content_type")


def test_wrong_charset_is_fetched_and_archived_byte_exact(tmp_path: Path,
                                                          server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path)
    result = fetch_timed(fetcher, server.base + "/wrong-charset", bound=2)
    assert result.outcome.outcome == "fetched" and result.page is not None
    pages = [r.page for r in read_archive(fetcher.archive.path) if r.page and r.role == "article"]
    assert pages[0].body == result.page.body and "café".encode() in pages[0].body


def test_wrong_charset_decodes_to_the_right_text(server: FaultServer) -> None:
    import httpx

    response = httpx.get(server.base + "/wrong-charset", trust_env=False)
    text, _ = decode_html(response.content, response.headers["content-type"])
    assert "café crème" in text


def test_malformed_feed_yields_what_it_can(tmp_path: Path, server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path, replace(LOCAL, feeds=(server.base + "/malformed-feed.xml",),
                                             robots_sitemaps=False))
    found = discover_articles(fetcher)
    assert [r.url for r in found.refs][:1] == [server.base + "/articles/ok"]
    assert found.failures == ()


def test_billion_laughs_feed_is_refused(tmp_path: Path, server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path, replace(LOCAL, feeds=(server.base + "/laughs-feed.xml",),
                                             robots_sitemaps=False))
    start = time.monotonic()
    found = discover_articles(fetcher)
    assert time.monotonic() - start < 2 and found.refs == ()
    assert [(f.outcome, f.reason) for f in found.failures] == [("refused", "xml_entities")]
    refused = [o for o in archived_outcomes(fetcher) if o.outcome == "refused"]
    assert refused[0].role == "feed" and refused[0].reason == "xml_entities"
    # and feedparser on its own expands neither the laughs nor the external entity
    parsed = feedparser.parse(LAUGHS_FEED)
    text = repr(parsed)
    assert "lollollol" not in text and "root:" not in text


def test_billion_laughs_sitemap_is_refused(tmp_path: Path, server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path, replace(
        LOCAL, sitemaps=(server.base + "/laughs-sitemap.xml",), robots_sitemaps=False))
    found = discover_articles(fetcher)
    assert found.refs == ()
    assert [(f.outcome, f.reason, f.role) for f in found.failures] == [
        ("refused", "xml_entities", "sitemap")]


def test_sitemap_index_of_50000_urls_from_robots_txt(tmp_path: Path, server: FaultServer
                                                     ) -> None:
    fetcher = make_fetcher(tmp_path, replace(LOCAL, feeds=(server.base + "/feed.xml",)))
    start = time.monotonic()
    found = discover_articles(fetcher)
    assert time.monotonic() - start < 15
    assert found.sitemaps_read == 3 and found.failures == ()
    assert len(found.refs) == SITEMAP_URLS + 4  # 3 feed articles and one private page
    assert all("utm_" not in r.url and "#" not in r.url for r in found.refs)
    news = next(r for r in found.refs if r.title == f"Story {NEW_URLS - 1}")
    assert news.published_at is not None and news.lastmod_at is not None


def test_window_and_budget(tmp_path: Path, server: FaultServer) -> None:
    source = replace(LOCAL, feeds=(server.base + "/feed.xml",), max_pages=10,
                     exclude_urls=(r"/articles/a2\b",))
    fetcher = make_fetcher(tmp_path, source)
    before = server.counts["/sitemap-b.xml.gz"]
    found = discover_articles(fetcher, since=NEW_DAY, until=NEW_DAY + timedelta(days=1))
    # the gzipped child's lastmod is a year old: not even read
    assert server.counts["/sitemap-b.xml.gz"] == before and found.sitemaps_read == 2
    assert found.excluded == 1 and found.outside_window == SITEMAP_URLS // 2 - NEW_URLS
    urls = [r.url for r in found.refs]
    assert len(urls) == NEW_URLS + 3  # a0, a1, private/p1 (undated feed items are kept)
    assert urls[3] == f"{server.base}/news/{NEW_URLS - 1}"  # sitemap entries newest first
    results = fetcher.fetch_many(urls, max_hosts=4)
    kinds = [r.outcome.outcome for r in results]
    assert kinds.count("skipped") == len(urls) - 10
    assert {r.outcome.reason for r in results if r.outcome.outcome == "skipped"} == {"budget"}
    assert kinds[:3] == ["fetched", "fetched", "disallowed"]
    assert server.counts["/private/p1"] == 0
    recorded = [o for o in archived_outcomes(fetcher) if o.role == "article"]
    assert len(recorded) == len(urls)  # every URL has its outcome in the WARC


def test_loopback_connections_go_only_to_checked_addresses(tmp_path: Path,
                                                           server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path)
    assert fetch_timed(fetcher, server.base + "/articles/fine", bound=2).page is not None
    assert {address for address, _ in fetcher.backend.connections} == {"127.0.0.1"}


def test_whole_fault_run_is_bounded(tmp_path: Path, server: FaultServer) -> None:
    fetcher = make_fetcher(tmp_path, max_attempts=2)
    paths = ["/drip", "/slowloris", "/reset", "/loop-a", "/to-loopback", "/to-metadata", "/huge",
             "/gzip-bomb", "/image.png", "/private/x", "/flaky"]
    start = time.monotonic()
    results = fetcher.fetch_many([server.base + p for p in paths], max_hosts=1)
    elapsed = time.monotonic() - start
    # one host, serial: drip 2 x timeout, slowloris 2 x deadline, backoffs under 1 s each
    assert elapsed < 2 * (TIMEOUT + 1) + 2 * (DEADLINE + 1) + 4
    assert len(archived_outcomes(fetcher)) == len(paths)
    assert all(r.outcome.outcome for r in results)
