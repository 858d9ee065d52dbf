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


# UTF-8 text once misread as windows-1252 or latin-1 and stored again as UTF-8 ("donâ€™t",
# "Ã©tÃ©"): each character of such a run stands for one byte of the original UTF-8, a lead
# byte (Â-ô) followed by the right number of continuation bytes (0x80-0xBF, which
# windows-1252 shows as punctuation and latin-1 as C1 controls).
MISREAD_BYTES = {ord(bytes([byte]).decode("latin-1")): byte for byte in range(0x80, 0x100)} | {
    ord(bytes([byte]).decode("cp1252")): byte
    for byte in range(0x80, 0xA0) if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_CONTINUATION = "[\x80-\xbf" + "".join(
    re.escape(chr(char)) for char, byte in MISREAD_BYTES.items() if char > 0xFF and byte < 0xC0
) + "]"
_SEQUENCE = (f"[\xc2-\xdf]{_CONTINUATION}|[\xe0-\xef]{_CONTINUATION}{{2}}"
             f"|[\xf0-\xf4]{_CONTINUATION}{{3}}")
# Spelled to start with one character class (a lead, whose length is checked behind it): re
# then skips ahead by that class, ten times faster than trying the alternation everywhere.
MOJIBAKE = re.compile(
    f"[\xc2-\xf4](?:(?<=[\xc2-\xdf]){_CONTINUATION}|(?<=[\xe0-\xef]){_CONTINUATION}{{2}}"
    f"|(?<=[\xf0-\xf4]){_CONTINUATION}{{3}})(?:{_SEQUENCE})*"
)
# The same in a page's UTF-8 bytes: a lead (U+00C2-U+00F4 is C3 82-B4) and the first byte of a
# continuation character (C2 for U+0080-U+00BF; C5, C6, CB or E2 for windows-1252's
# punctuation). Its literal first byte makes this search nearly free on clean pages.
MISREAD_UTF8 = re.compile(rb"\xc3[\x82-\xb4][\xc2\xc5\xc6\xcb\xe2]")
# A lone repaired character must be one that misread UTF-8 commonly carries (Latin letters,
# Greek, Cyrillic, punctuation, symbols, emoji): legitimate text can also match by chance,
# as "ß" or "É" before a closing quote or a soft hyphen, or "é" before a no-break space
# and "»" in French, and those decode to stray characters of unrelated scripts.
REPAIRED_CHAR = re.compile(
    "[\xa0-\u017f\u0370-\u04ff\u1e00-\u1eff\u2000-\u2bff\ufe0f\ufeff\ufffd"
    "\U0001d400-\U0001faff]"
)
MAX_MISREADS = 3  # text misread twice or three times over ("ÃƒÂ©" is "é")


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    for _ in range(MAX_MISREADS):
        try:
            fixed = run.translate(MISREAD_BYTES).encode("latin-1").decode("utf-8")
        except UnicodeError:
            break
        if len(fixed) == 1 and not REPAIRED_CHAR.fullmatch(fixed):
            break
        run = fixed
        if not MOJIBAKE.fullmatch(run):
            break
    return run


def repair_mojibake(text: str) -> str:
    """Text with runs of misread UTF-8 ("cafÃ©") turned back into what they spelled."""
    return MOJIBAKE.sub(_repair_run, text)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page; returns (text, encoding used). Never raises: bad bytes become U+FFFD.
    Runs of UTF-8 that was misread before it was stored ("donâ€™t") are repaired too."""
    text, encoding = _decode_bytes(body, content_type)
    if encoding.startswith("utf-8") and MISREAD_UTF8.search(body):
        text = repair_mojibake(text)
    return text, encoding


def _decode_bytes(body: bytes, content_type: str | None) -> tuple[str, str]:
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
