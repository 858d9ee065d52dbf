"""parse_page never raises: every input gives a parsed article or a reject with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.models import ParsedArticle, RawPage, Reject
from pipeline.parse import parse_page
from pipeline.parse.decode import decode_html, repair_mojibake

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


def test_page_whose_metadata_reader_breaks_keeps_its_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(soup: object) -> None:
        raise ValueError("reader bug")

    monkeypatch.setattr("pipeline.parse.metadata.scan_page", broken)
    result = parse_page(raw(ARTICLE.encode()))
    assert isinstance(result, ParsedArticle)
    assert result.metadata.title is None
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


@pytest.mark.parametrize(("html", "kind"), [
    ('<html><head><meta name="robots" content="noindex"></head><body><iframe'
     ' src="/_Incapsula_Resource?incident=42"></iframe></body></html>',
     "a bot-protection challenge"),
    ("<html><head><title>Just a moment...</title></head><body><p>Checking your browser.</p>"
     "</body></html>", "a bot-protection challenge"),
    ('<html><head><title>Gearbox Weekly</title></head><body><noscript>You need to enable'
     ' JavaScript to run this app.</noscript><div id="root"></div></body></html>',
     "a script-only shell that renders in the browser"),
    ('<html><head><script src="/app.js"></script></head><body><quay-app></quay-app></body>'
     "</html>", "a script-only shell that renders in the browser"),
    ("<html><body><p>Too short.</p></body></html>", None),
])
def test_reject_of_an_empty_page_says_what_it_looks_like(html: str, kind: str | None) -> None:
    result = parse_page(raw(html.encode(), "text/html"))
    assert isinstance(result, Reject) and result.reason == "not_article"
    if kind:
        assert result.detail.endswith(f"; the page looks like {kind}")
    else:
        assert result.detail.endswith("and no date or byline")


def test_decode_prefers_header_then_meta_then_detection() -> None:
    latin = "<meta charset='iso-8859-1'><p>Müller</p>".encode("latin-1")
    assert "Müller" in decode_html(latin)[0]
    assert "Müller" in decode_html("<p>Müller</p>".encode("cp1252"), "text/html; charset=cp1252")[0]
    mislabelled = "<meta charset='utf-8'><p>Müller</p>".encode("latin-1")
    assert "Müller" in decode_html(mislabelled)[0]
    assert decode_html(b"\xef\xbb\xbf<p>x</p>")[1] == "utf-8-sig"


def test_utf8_bytes_labelled_latin1_are_read_as_utf8() -> None:
    # A CMS moved to UTF-8 but kept its old label: "für" must not become "fÃ¼r".
    page = "<meta charset='iso-8859-1'><p>Grüße für die Fähre</p>".encode()
    assert "Grüße für die Fähre" in decode_html(page)[0]
    assert "Grüße" in decode_html("<p>Grüße</p>".encode(), "text/html; charset=windows-1252")[0]


@pytest.mark.parametrize("meta", ["<meta charset='utf-8'>", "<meta charset=''>"])
def test_utf8_page_with_a_stray_latin1_byte_stays_utf8(meta: str) -> None:
    # One pasted latin-1 byte must not turn every "ü" of the page into mojibake; a browser
    # shows the stray byte as U+FFFD and the rest as UTF-8.
    story = "<p>Die Schäfer treiben ihre Herde über die Höhen, früh am Morgen.</p>" * 20
    page = (f"<html><head>{meta}</head><body>{story}").encode() + b"<p>Caf\xe9</p></body></html>"
    text, encoding = decode_html(page)
    assert encoding == "utf-8"
    assert "Die Schäfer treiben ihre Herde über die Höhen" in text
    assert "Caf\ufffd" in text


def misread(text: str, codec: str = "cp1252") -> str:
    """Text as a CMS stores it after reading its UTF-8 as a legacy code page (the five bytes
    windows-1252 leaves undefined become C1 controls, as browsers read them)."""
    return "".join(bytes([byte]).decode(codec, errors="ignore") or chr(byte)
                   for byte in text.encode())


@pytest.mark.parametrize("clean", [
    "The harbour master didn’t say “closed” — only “delayed…”",
    "Café crème, Grüße aus Köln, año, São Tomé",
    "© 2024 Harbour Courier®\u00a0\u00a0All rights reserved",
    "Łódź, Żółw, Štěpánka",
    "Анна и Μαρία",
    "Great ferry ⭐\ufe0f✨ and 😀 Tiếng Việt 渡輪",
])
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_misread_utf8_is_repaired(clean: str, codec: str) -> None:
    assert repair_mojibake(misread(clean, codec)) == clean


def test_text_misread_twice_is_repaired() -> None:
    assert repair_mojibake(misread(misread("naïve café"))) == "naïve café"


@pytest.mark.parametrize("text", [
    "Der Fuß“-Artikel",  # German closing quote after "ß"
    "Straß\u00aden",  # soft hyphen after "ß"
    "Un débat très attendu\u00a0», a-t-il dit, «\u00a0créé\u00a0»",
    "NOUVEAU CAFÉ® EN GRAINS",
    "SÃO PAULO, NÃO, Âge et râle",
    "Váš dížší",
])
def test_legitimate_text_is_not_repaired(text: str) -> None:
    assert repair_mojibake(text) == text


def test_page_with_a_misread_paragraph_is_repaired() -> None:
    # A UTF-8 page whose article text was once read as windows-1252 by the CMS.
    story = misread("<p>The island’s ferry won’t run — café closed.</p>")
    page = f"<html><head><meta charset='utf-8'></head><body>{story}</body></html>".encode()
    text, encoding = decode_html(page)
    assert encoding == "utf-8"
    assert "The island’s ferry won’t run — café closed." in text
    clean = "<html><body><p>Grüße «\u00a0créé\u00a0»</p></body></html>"
    assert decode_html(clean.encode())[0] == clean


def test_short_unspaced_cjk_article_is_kept() -> None:
    # Chinese is written without spaces: two sentences are two whitespace "words" but an article.
    body = ("<html lang='zh-TW'><head><title>港口渡輪恢復航行</title></head><body><article>"
            "<h1>港口渡輪恢復航行</h1><p>經過整個冬季的停航之後，連接兩座離島的渡輪今天早上"
            "正式恢復航行，營運公司表示票價維持不變。</p><p>當地居民表示，渡輪恢復後，"
            "通勤與運送貨物都將方便許多，並期待夏季增加班次。</p></article></body></html>")
    result = parse_page(raw(body.encode()))
    assert isinstance(result, ParsedArticle)
    assert result.metadata.title == "港口渡輪恢復航行"


def test_page_dated_only_by_its_update_time_is_kept() -> None:
    body = ("<html><head><title>Our design portfolio</title>"
            "<meta property='article:modified_time' content='2024-03-02T10:00:00+00:00'>"
            "</head><body><h1>Our design portfolio</h1><ul><li>Logos</li><li>Shops</li></ul>"
            "</body></html>")
    result = parse_page(raw(body.encode()))
    assert isinstance(result, ParsedArticle)
    assert result.metadata.modified is not None and result.metadata.published is None
