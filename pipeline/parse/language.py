"""Language identification: declared language codes first, then py3langid on visible text."""

from __future__ import annotations

import re

LANG_CODE_RE = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{2,8})*\s*$")
# Values that declare nothing ("x-default", "und", "mul").
NON_LANGUAGES = frozenset({"und", "mul", "zxx", "xx"})
MIN_TEXT_CHARS = 40


def normalize_lang(value: str | None) -> str | None:
    """Primary subtag of a language code, lower-case ("en-US" -> "en"); None if not a code."""
    if not value:
        return None
    first = value.split(",")[0]
    match = LANG_CODE_RE.match(first)
    if match is None:
        return None
    code = match.group(1).lower()
    if code in NON_LANGUAGES:
        return None
    return code


def detect_language(text: str) -> str | None:
    """Language of a text by py3langid, or None when the text is too short to tell."""
    text = text[:3000]
    if len(text.strip()) < MIN_TEXT_CHARS:
        return None
    try:
        import py3langid

        code, _score = py3langid.classify(text)
    except Exception:  # a broken model file must not stop parsing
        return None
    return str(code) if code else None
