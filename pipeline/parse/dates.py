"""Date parsing for article pages: ISO strings, written dates in several languages, stamps."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta, timezone

from pipeline.models import DateValue

UTC = UTC

# Plausible range for an article date; anything outside is a template default or a typo.
MIN_YEAR = 1990
MAX_YEAR = 2100

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero gennaio janeiro januari stycznia styczeń jänner"
        " ianuarie ocak января يناير",
        "february feb februar février fevrier febrero febbraio fevereiro februari lutego luty"
        " februarie şubat subat февраля فبراير شباط",
        "march mar märz maerz mars marzo março maart marca marzec mär martie mart марта مارس"
        " آذار",
        "april apr avril abril aprile kwietnia kwiecień aprilie nisan апреля أبريل ابريل نيسان",
        "may mai mayo maggio maio mei maja maj mayıs mayis мая مايو أيار",
        "june jun juni juin junio giugno junho czerwca czerwiec iunie haziran июня يونيو حزيران",
        "july jul juli juillet julio luglio julho lipca lipiec iulie temmuz июля يوليو تموز",
        "august aug août aout agosto augustus sierpnia sierpień ağustos agustos августа أغسطس"
        " اغسطس آب",
        "september sep sept septembre septiembre settembre setembro września wrzesień"
        " septembrie eylül eylul сентября سبتمبر أيلول",
        "october oct oktober octobre octubre ottobre outubro okt października październik"
        " octombrie ekim октября أكتوبر اكتوبر",
        "november nov novembre noviembre novembro listopada listopad noiembrie kasım kasim"
        " ноября نوفمبر",
        "december dec dezember décembre decembre diciembre dicembre dezembro dez grudnia grudzień"
        " decembrie aralık aralik декабря ديسمبر",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH_ALT = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))

ISO_RE = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?(?!\d)",
    re.IGNORECASE,
)
COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z|[+-]\d{4})?$")
SLASH_YMD_RE = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
NUMERIC_RE = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])")
# Spaced day-first dates: "4. 2. 2022" (Central European style, often with thin spaces).
SPACED_DOTTED_RE = re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})(?!\d)")
DAY_MONTH_RE = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?(?:\s+de)?\s+({_MONTH_ALT})\.?(?:\s+de|,)?\s+(\d{{4}})",
    re.IGNORECASE,
)
MONTH_DAY_RE = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})",
    re.IGNORECASE,
)
# East Asian dates: 2019年2月13日, 2020년 7월 3일.
CJK_RE = re.compile(r"(?<!\d)(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})(?!\d)")
# Citation style: "2023 Jan 7".
YEAR_MONTH_DAY_RE = re.compile(
    rf"(?<!\d)(\d{{4}})\s+({_MONTH_ALT})\.?\s+(\d{{1,2}})(?![\d:])", re.IGNORECASE
)
# C/Java Date.toString() in meta tags: "Mon Aug 03 12:45:00 EDT 2015".
CTIME_RE = re.compile(
    rf"\b({_MONTH_ALT})\s+(\d{{1,2}})\s+(\d{{1,2}}):(\d{{2}})(?::(\d{{2}}))?"
    r"\s+(?:([A-Z]{2,5}|[+-]\d{4})\s+)?(\d{4})\b",
    re.IGNORECASE,
)
TIME_RE = re.compile(
    r"(?<!\d)(\d{1,2})[:h.時시](\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(?:uhr|hrs|h))?"
    # a bare numeric offset needs a space before it: "10:00-11:30" is a range, not UTC-11:30
    r"\s*\(?([A-Z]{2,5}|(?<=\s)[+-]\d{2}:?\d{2}|(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?",
    re.IGNORECASE,
)
TZ_NAMES: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 60, "IST": 330, "CET": 60, "CEST": 120,
    "MEZ": 60, "MESZ": 120, "EET": 120, "EEST": 180, "MSK": 180, "EST": -300, "EDT": -240,
    "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "ET": -300, "PT": -480, "AEST": 600, "AEDT": 660, "JST": 540, "KST": 540, "HKT": 480,
}
RELATIVE_RE = re.compile(
    r"(\d+|an?|one)\s+(second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago", re.IGNORECASE
)
UPDATED_RE = re.compile(
    # wikis stamp pages "last edited on 7 April 2020" ("zuletzt bearbeitet am")
    r"(?:(?:last\s+)?(?:updated|modified|aktualisiert|mis à jour|actualizado|aggiornato)\b"
    r"|last\s+edited\b|zuletzt\s+(?:bearbeitet|geändert)\b)\s*(?:on|at|:|am)?\s*",
    re.IGNORECASE,
)
URL_DATE_RE = re.compile(
    r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)"
)
# Month and day given by name or without a leading zero: /2020/march/9/, /2017/7/12/.
URL_NAMED_DATE_RE = re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9}|\d{1,2})/(\d{1,2})/", re.IGNORECASE)
UNITS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600,
         "day": 86400, "week": 604800, "month": 2592000, "year": 31536000}


# How the page orders an ambiguous slashed date ("02/10/2020"): month first, as the US writes
# it, unless the page declares a locale that writes the day first (set by numeric_order).
SLASH_DAY_FIRST: ContextVar[bool] = ContextVar("SLASH_DAY_FIRST", default=False)
# Regions whose English writes the month first; English with no region keeps month-first too.
MONTH_FIRST_REGIONS = frozenset({"us", "ph", "ca", "fm", "mh", "pw", "um", "as", "gu", "mp"})
LOCALE_RE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?\b", re.IGNORECASE)


def slash_day_first(locales: Iterable[str]) -> bool:
    """Whether the page's declared locale writes numeric dates day first (02/10 = 2 October).

    The first locale with a region decides ("en-GB" and "en_AU" are day-first, "en-US" is not);
    without any region the language does: English stays month-first, every other language
    writes the day first. A page that declares nothing keeps the month-first default.
    """
    languages: list[str] = []
    for locale in locales:
        match = LOCALE_RE.match(locale.strip())
        if match is None:
            continue
        language, region = match[1].lower(), (match[2] or "").lower()
        if region and not region.isdigit():
            return not (language == "en" and region in MONTH_FIRST_REGIONS)
        languages.append(language)
    return bool(languages) and languages[0] != "en"


@contextmanager
def numeric_order(day_first: bool) -> Iterator[None]:
    """Read ambiguous slashed dates day first (or not) within the block."""
    token = SLASH_DAY_FIRST.set(day_first)
    try:
        yield
    finally:
        SLASH_DAY_FIRST.reset(token)


def make_offset(text: str | None) -> timezone | None:
    """Turn "Z", "+0530", "-05:00", "UTC" or "EST" into a fixed offset; None when unknown."""
    if not text:
        return None
    text = text.strip().upper()
    if text in TZ_NAMES:
        return timezone(timedelta(minutes=TZ_NAMES[text]))
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])\s*(\d{1,2}):?(\d{2})?", text)
    if not match:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))


def build_value(
    year: int, month: int, day: int, clock: tuple[int, int, int] | None,
    tz: timezone | None, method: str,
) -> DateValue | None:
    """Validate the parts and build a DateValue; date-only values are midnight UTC."""
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        if clock is None:
            return DateValue(datetime(year, month, day, tzinfo=UTC), "day", method)
        hour, minute, second = clock
        value = datetime(year, month, day, hour, minute, second, tzinfo=tz or UTC)
    except ValueError:
        return None
    return DateValue(value, "second", method)


def parse_iso(text: str, method: str) -> DateValue | None:
    """Parse an ISO-8601-like string, as found in meta tags and JSON-LD."""
    text = text.strip()
    match = ISO_RE.search(text[:80])
    if match is None:
        compact = COMPACT_RE.match(text)
        if compact is None:
            return None
        year, month, day = int(compact[1]), int(compact[2]), int(compact[3])
        clock = (int(compact[4]), int(compact[5]), int(compact[6] or 0)) if compact[4] else None
        return build_value(year, month, day, clock, make_offset(compact[7]), method)
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    clock = None
    if match[4] is not None:
        clock = (int(match[4]), int(match[5]), int(match[6] or 0))
        if clock[0] > 23 or clock[1] > 59 or clock[2] > 59:
            clock = None
    value = build_value(year, month, day, clock, make_offset(match[7]), method)
    if value is None and month > 12 and day <= 12:
        # Day and month swapped by the publisher (2022-29-11).
        value = build_value(year, day, month, clock, make_offset(match[7]), method)
    return value


def find_clock(text: str) -> tuple[tuple[int, int, int], timezone | None] | None:
    """Find a wall-clock time (and its zone) in a short text that follows a date."""
    match = TIME_RE.search(text[:40])
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    meridiem = (match[4] or "").replace(".", "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return (hour, minute, second), make_offset(match[5])


def parse_text_date(text: str, method: str, with_time: bool = True) -> DateValue | None:
    """Parse the first date written in a visible text ("Feb 1, 2022", "1. Februar 2022")."""
    if not text:
        return None
    text = text[:300]
    ctime = CTIME_RE.search(text) if with_time else None
    if ctime is not None:
        value = read_ctime(ctime, method)
        if value is not None:
            return value
    best: tuple[int, int, int, int, int] | None = None  # start, end, year, month, day
    for regex, order in ((ISO_RE, "ymd"), (MONTH_DAY_RE, "mdy"), (DAY_MONTH_RE, "dmy"),
                         (SLASH_YMD_RE, "ymd"), (NUMERIC_RE, "num"), (CJK_RE, "ymd"),
                         (YEAR_MONTH_DAY_RE, "ymn"), (SPACED_DOTTED_RE, "dmn")):
        match = regex.search(text)
        if match is None or (best is not None and match.start() >= best[0]):
            continue
        parts = read_parts(match, order)
        if parts is not None:
            best = (match.start(), match.end(), *parts)
    if best is None:
        return None
    start, end, year, month, day = best
    clock = find_clock(text[end:]) if with_time else None
    if clock is None and with_time:
        # Time written before the date ("10:30 AM, Feb 1, 2022").
        before = text[max(0, start - 25):start]
        clock = find_clock(before) if TIME_RE.search(before) else None
    if clock is None:
        return build_value(year, month, day, None, None, method)
    return build_value(year, month, day, clock[0], clock[1], method)


LETTER_WORD_RE = re.compile(r"[^\W\d_]{2,}")
DATE_PART_RES = (CTIME_RE, ISO_RE, MONTH_DAY_RE, DAY_MONTH_RE, SLASH_YMD_RE, NUMERIC_RE, CJK_RE,
                 YEAR_MONTH_DAY_RE, SPACED_DOTTED_RE, TIME_RE)


def count_words_beside_date(text: str) -> int:
    """Words a short text holds besides its dates and clock times ("By Ann Lee | 3 May 2021"
    has three; a sentence that mentions a date has many)."""
    for regex in DATE_PART_RES:
        text = regex.sub(" ", text)
    return len(LETTER_WORD_RE.findall(text))


def read_ctime(match: re.Match[str], method: str) -> DateValue | None:
    month = MONTHS.get(match[1].lower())
    if month is None:
        return None
    clock = (int(match[3]), int(match[4]), int(match[5] or 0))
    if clock[0] > 23 or clock[1] > 59 or clock[2] > 59:
        return None
    return build_value(int(match[7]), month, int(match[2]), clock, make_offset(match[6]), method)


def read_parts(match: re.Match[str], order: str) -> tuple[int, int, int] | None:
    """Return (year, month, day) from a date regex match, or None when not a date."""
    if order == "ymd":
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif order == "mdy":
        month_num = MONTHS.get(match[1].lower())
        if month_num is None:
            return None
        year, month, day = int(match[3]), month_num, int(match[2])
    elif order == "ymn":
        month_num = MONTHS.get(match[2].lower())
        if month_num is None:
            return None
        year, month, day = int(match[1]), month_num, int(match[3])
    elif order == "dmn":
        year, month, day = int(match[3]), int(match[2]), int(match[1])
    elif order == "dmy":
        month_num = MONTHS.get(match[2].lower())
        if month_num is None:
            return None
        year, month, day = int(match[3]), month_num, int(match[1])
    else:
        first, sep, second = int(match[1]), match[2], int(match[3])
        year = int(match[4])
        if year < 100:
            year += 2000 if year < 70 else 1900
        # Dotted dates are day-first everywhere; slashes are month-first unless impossible, or
        # unless the page's locale writes the day first.
        if sep == "/" and first <= 12 and second <= 31 and not (
                SLASH_DAY_FIRST.get() and second <= 12):
            month, day = first, second
        elif second > 12 >= first:
            # Day-first is impossible ("12-15-2016"): the page writes month-first.
            month, day = first, second
        else:
            day, month = first, second
    if not (1 <= month <= 12 and 1 <= day <= 31 and MIN_YEAR <= year <= MAX_YEAR):
        return None
    return year, month, day


def parse_any(text: str, method: str) -> DateValue | None:
    """Parse a machine date first, then fall back to a written date."""
    return parse_iso(text, method) or parse_text_date(text, method)


def parse_relative(text: str, now: datetime, method: str) -> DateValue | None:
    """Resolve "3 hours ago" against a reference time; precision follows the unit."""
    match = RELATIVE_RE.search(text)
    if match is None:
        return None
    count_text = match[1].lower()
    count = 1 if count_text in {"a", "an", "one"} else int(count_text)
    unit = match[2].lower()
    value = now - timedelta(seconds=count * UNITS[unit])
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    if UNITS[unit] >= 86400:
        midnight = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return DateValue(midnight, "day", method)
    return DateValue(value, "second", method)


def parse_updated_stamp(
    text: str, now: datetime | None = None, method: str = "visible_stamp"
) -> DateValue | None:
    """Parse an "Updated Feb 1, 2022" / "Last updated 3 hours ago" stamp; None otherwise.

    Relative stamps need a reference time (the fetch time); without one they are unknowable.
    """
    match = UPDATED_RE.search(text)
    if match is None:
        return None
    rest = text[match.end():]
    value = parse_text_date(rest[:120], method)
    if value is None and now is not None:
        value = parse_relative(rest[:60], now, method)
    return value


def date_from_url(url: str) -> DateValue | None:
    """Read a /2021/03/14/ style date from an article URL (day precision)."""
    match = URL_DATE_RE.search(url or "")
    if match is None:
        named = URL_NAMED_DATE_RE.search(url or "")
        month_num = None
        if named is not None:
            month_num = int(named[2]) if named[2].isdigit() else MONTHS.get(named[2].lower())
        if named is None or month_num is None:
            return None
        return build_value(int(named[1]), month_num, int(named[3]), None, None, "url")
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    return build_value(year, month, day, None, None, "url")

