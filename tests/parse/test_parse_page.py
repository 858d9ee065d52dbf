"""parse_page never raises: every input gives a parsed article or a reject with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.models import ParsedArticle, RawPage, Reject
from pipeline.parse import parse_page
from pipeline.parse.decode import decode_html

ARTICLE = ("<html lang='en'><head><title>Ferry fares frozen | The Courier</title></head><body>"
           "<article><h1>Ferry fares frozen</h1>"
           + "".join(f"<p>Paragraph {n} says the island ferry fares stay the same until "
                     f"next spring, the operator said on Monday.</p>" for n in range(6))
           + "</article></body></html>")


def raw(body: bytes, content_type: str = "text/html; charset=utf-8") -> RawPage:
    return RawPage(url="https://news.example/a", final_url="https://news.example/a", status=200,
                   headers=(("Content-Type", content_type),), body=body,
                   fetched_at=datetime(2026, 3, 1, tzinfo=UTC), source="t")


def test_article_parses() -> None:
    result = parse_page(raw(ARTICLE.encode()))
    assert isinstance(result, ParsedArticle)
    assert result.metadata.title == "Ferry fares frozen"
    assert result.body.text.startswith("Paragraph 0")


@pytest.mark.parametrize(
    "body, content_type, reason",
    [
        (b"", "text/html", "empty_response"),
        (b"   \n", "text/html", "empty_response"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", "not_html"),
        (b"<html><body><p>Too short.</p></body></html>", "text/html", "not_article"),
        (b"<html><head><title>Page not found</title></head><body><p>Sorry, this page is "
         b"gone. Try the search box or our home page for the latest stories.</p></body></html>",
         "text/html", "not_article"),
        (b"<div>" * 100_000, "text/html", "too_deep"),
        (b"<html>\x00\x00\xff\xfe<p>\xc3\x28 bad bytes</p>", "text/html", "not_article"),
    ],
)
def test_bad_input_gives_a_reject(body: bytes, content_type: str, reason: str | None) -> None:
    result = parse_page(raw(body, content_type))
    assert isinstance(result, Reject)
    assert result.stage == "parse" and result.detail
    if reason:
        assert result.reason == reason


def test_decode_prefers_header_then_meta_then_detection() -> None:
    latin = "<meta charset='iso-8859-1'><p>Müller</p>".encode("latin-1")
    assert "Müller" in decode_html(latin)[0]
    assert "Müller" in decode_html("<p>Müller</p>".encode("cp1252"), "text/html; charset=cp1252")[0]
    mislabelled = "<meta charset='utf-8'><p>Müller</p>".encode("latin-1")
    assert "Müller" in decode_html(mislabelled)[0]
    assert decode_html(b"\xef\xbb\xbf<p>x</p>")[1] == "utf-8-sig"
