"""Bytes to text: charset from the HTTP header, a BOM, the page's meta tag, then detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower())
    except LookupError:
        return None
    # Pages labelled latin-1 are nearly always windows-1252 (as browsers assume).
    return "cp1252" if codec.name in ("latin-1", "iso8859-1", "ascii") else codec.name


def is_single_byte(encoding: str) -> bool:
    """Whether a codec maps each byte to one character (the Latin and Windows code pages)."""
    return encoding.startswith(("cp125", "iso8859", "latin", "koi8", "mac-", "cp437", "cp850"))


# At most this share of a UTF-8 page's non-ASCII bytes may be invalid (a stray latin-1 byte
# pasted into one paragraph); a legacy page read as UTF-8 has nearly all of them invalid.
MAX_INVALID_SHARE = 0.05
ASCII_BYTES = bytes(range(0x80))


def decode_mostly_utf8(body: bytes) -> str | None:
    """UTF-8 text with its few invalid bytes replaced, as a browser shows it; None if the
    bytes are not UTF-8 on the whole."""
    text = body.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - body.count("\ufffd".encode())
    non_ascii = len(body.translate(None, ASCII_BYTES))
    return text if invalid <= non_ascii * MAX_INVALID_SHARE else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, encoding used). Never raises: bad bytes become U+FFFD."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace"), name
    header = HEADER_CHARSET.search(content_type or "")
    meta = META_CHARSET.search(body[:4096])
    declared = [
        _known(header.group(1)) if header else None,
        _known(meta.group(1).decode("ascii", "ignore")) if meta else None,
    ]
    for candidate in declared:
        if candidate is None:
            continue
        if is_single_byte(candidate) and not body.isascii():
            # A page labelled latin-1/windows-1252 whose bytes are valid UTF-8 (with multi-byte
            # sequences) is UTF-8: CMSs keep the old label after moving to UTF-8, and legacy
            # text is almost never valid UTF-8 by chance ("fÃ¼r" is "für" misread).
            try:
                return body.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                pass
        try:
            return body.decode(candidate), candidate
        except UnicodeDecodeError:
            pass
        if candidate == "utf-8" and (text := decode_mostly_utf8(body)) is not None:
            return text, "utf-8"
        # otherwise mis-declared: fall through to the next candidate
    if "utf-8" not in declared:  # a declared UTF-8 was tried above
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        text = decode_mostly_utf8(body)
        if text is not None:
            return text, "utf-8"
    best = from_bytes(body[:200_000]).best()
    guess = best.encoding if best is not None else None
    encoding = _known(guess) or declared[0] or declared[1] or "cp1252"
    return body.decode(encoding, errors="replace"), encoding
