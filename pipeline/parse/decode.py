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
            continue  # mis-declared: fall through to the next candidate
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(body[:200_000]).best()
    guess = best.encoding if best is not None else None
    encoding = _known(guess) or declared[0] or declared[1] or "cp1252"
    return body.decode(encoding, errors="replace"), encoding
