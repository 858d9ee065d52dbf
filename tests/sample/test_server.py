"""The bundled sample site server, and that its pages match tests/fixtures/sample_expected.yaml."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from pipeline.sample.server import SITE_DIR, resolve_site_path, serve_sample_site

REPO = Path(__file__).resolve().parents[2]
EXPECTED = REPO / "tests" / "fixtures" / "sample_expected.yaml"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_sample_site() as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=5.0) as http_client:
        yield http_client


def feed_links(client: httpx.Client) -> list[str]:
    response = client.get("/feed.xml")
    root = ET.fromstring(response.content)
    return [item.findtext("link") or "" for item in root.iter("item")]


def raw_get(base_url: str, path: str) -> tuple[int, bytes]:
    # httpx normalises "/../x" to "/x" before sending, so probe with a client that does not.
    parts = urlsplit(base_url)
    assert parts.hostname is not None and parts.port is not None
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    return re.sub(r"\s+", " ", " ".join(collector.parts))


def without_quote_marks(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub('["“”„«»]', " ", text)).strip()


def expected_pages() -> list[dict[str, Any]]:
    data = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    pages: list[dict[str, Any]] = data["pages"]
    return pages


def test_feed_is_served_with_base_url_filled_in(client: httpx.Client, base_url: str) -> None:
    response = client.get("/feed.xml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/rss+xml; charset=utf-8"
    assert int(response.headers["content-length"]) == len(response.content)
    assert "{{BASE_URL}}" not in response.text
    links = feed_links(client)
    assert len(links) == 13
    assert all(link.startswith(f"{base_url}/") for link in links)


def test_every_feed_link_resolves_to_a_page(client: httpx.Client, base_url: str) -> None:
    for link in feed_links(client):
        response = client.get(link)
        assert response.status_code == 200, link
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert "{{BASE_URL}}" not in response.text, link
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', response.text)
        if canonical:
            assert canonical.group(1) == link


def test_robots_txt_is_plain_text(client: httpx.Client) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Disallow: /private/" in response.text


def test_if_none_match_answers_304(client: httpx.Client) -> None:
    first = client.get("/world/harbor-talks.html")
    etag = first.headers["etag"]
    assert first.headers["last-modified"]

    again = client.get("/world/harbor-talks.html", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag

    listed = client.get("/world/harbor-talks.html", headers={"If-None-Match": f'"x", W/{etag}'})
    assert listed.status_code == 304

    changed = client.get("/world/harbor-talks.html", headers={"If-None-Match": '"stale"'})
    assert changed.status_code == 200
    assert changed.content == first.content


def test_if_modified_since_answers_304(client: httpx.Client) -> None:
    first = client.get("/feed.xml")
    last_modified = first.headers["last-modified"]
    again = client.get("/feed.xml", headers={"If-Modified-Since": last_modified})
    assert again.status_code == 304
    older = client.get("/feed.xml", headers={"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"})
    assert older.status_code == 200
    # A tag that does not match wins over a date that would (RFC 9110 13.2.2).
    both = client.get(
        "/feed.xml", headers={"If-Modified-Since": last_modified, "If-None-Match": '"stale"'}
    )
    assert both.status_code == 200


def test_head_sends_headers_without_body(client: httpx.Client) -> None:
    get = client.get("/politics/budget-vote.html")
    head = client.head("/politics/budget-vote.html")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))
    assert head.headers["etag"] == get.headers["etag"]


def test_missing_file_is_404(client: httpx.Client) -> None:
    assert client.get("/world/no-such-story.html").status_code == 404
    assert client.head("/no-such-dir/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/../server.py",
        "/../../models.py",
        "/world/../../server.py",
        "/%2e%2e/server.py",
        "/..%2fserver.py",
        "/world/..%5c..%5cserver.py",
    ],
)
def test_path_traversal_is_refused(base_url: str, path: str) -> None:
    status, body = raw_get(base_url, path)
    assert status == 404
    assert b"serve_sample_site" not in body


def test_resolve_site_path_stays_inside_root() -> None:
    assert resolve_site_path(SITE_DIR, "/feed.xml") == (SITE_DIR / "feed.xml").resolve()
    assert resolve_site_path(SITE_DIR, "/feed.xml?utm_source=x") is not None
    assert resolve_site_path(SITE_DIR, "/../server.py") is None
    assert resolve_site_path(SITE_DIR, "/world") is None


def test_requests_are_not_logged(client: httpx.Client, capfd: pytest.CaptureFixture[str]) -> None:
    client.get("/feed.xml")
    client.get("/missing.html")
    captured = capfd.readouterr()
    assert captured.err == ""
    assert captured.out == ""


def test_server_stops_when_the_context_exits() -> None:
    with serve_sample_site() as url:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert httpx.get(f"{url}/robots.txt").status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/robots.txt", timeout=2.0)


def test_main_serves_until_interrupted() -> None:
    command = [sys.executable, "-m", "pipeline.sample.server", "--port", "0"]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        banner = process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert match, banner
        assert httpx.get(f"{match.group(0)}/feed.xml").status_code == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


def test_expected_fixture_covers_every_feed_page(client: httpx.Client, base_url: str) -> None:
    feed_paths = {link.removeprefix(base_url) for link in feed_links(client)}
    pages = expected_pages()
    assert {page["path"] for page in pages} == feed_paths
    assert [page["path"] for page in pages if not page["is_article"]] == [
        "/business/quarterly-outlook.html"
    ]


@pytest.mark.parametrize("page", expected_pages(), ids=lambda page: page["path"])
def test_expected_fixture_matches_page_text(client: httpx.Client, page: dict[str, Any]) -> None:
    # Guards the fixture against typos: every snippet it names must really be on the page.
    html = client.get(page["path"]).text
    text = visible_text(html)
    unquoted = without_quote_marks(text)
    assert page["title"] in text
    for author in page["authors"]:
        assert author in html
    for snippet in page["body_contains"] + page["body_excludes"]:
        assert snippet in text, snippet
    for quote in page["quotes"] + page["partial_quotes"]:
        assert without_quote_marks(quote["text"]) in unquoted, quote["text"]
    for note in page["update_notes"]:
        assert note["note"] in text, note["note"]
    image = page["lead_image"]
    if image:
        assert image["url"] in html
        for key in ("caption", "credit"):
            if image[key]:
                assert image[key] in text, image[key]
