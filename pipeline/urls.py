"""URL canonicalization, dedup keys, site hosts and per-source include/exclude patterns."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}
# Query parameters that only say where a click came from; they never change the article.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
    "oly_enc_id", "vero_id", "wickedid", "s_cid", "cmpid", "ocid", "ncid", "sr_share",
    "at_medium", "at_campaign", "ref_src", "ref_url",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
# Characters kept as they are in a path; everything else is percent-encoded once.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _normalize_path(path: str) -> str:
    # one consistent percent-encoding: decode, then re-encode what must be encoded
    return quote(unquote(path), safe=_PATH_SAFE) or "/"


def canonicalize_url(url: str) -> str:
    """The URL to fetch: lower-case scheme and host, no default port, fragment or tracking.

    The host keeps its ``www.`` and the path its trailing slash, since servers may answer
    differently without them; :func:`dedup_key` folds those for comparison.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rsplit("@", 1)[0] + "@" + netloc
    query = parts.query and urlencode([
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not is_tracking_param(k)])
    return urlunsplit((scheme, netloc, _normalize_path(parts.path), query, ""))


def dedup_key(url: str, canonical: bool = False) -> str:
    """A key equal for URLs that name the same article: also folds ``www.``, the trailing
    slash, the scheme and the order of query parameters (``canonical``: url already is)."""
    parts = urlsplit(url if canonical else canonicalize_url(url))
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = parts.query and urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit(("", host, path, query, ""))


def compile_patterns(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def url_wanted(url: str, include: Iterable[str] = (), exclude: Iterable[str] = ()) -> bool:
    """True when the URL matches an include pattern (or there are none) and no exclude one.

    Patterns are regular expressions searched anywhere in the canonical URL.
    """
    includes = compile_patterns(include)
    if includes and not any(p.search(url) for p in includes):
        return False
    return not any(p.search(url) for p in compile_patterns(exclude))


def site_host(url: str) -> str:
    """The URL's host in lower case without "www." ("" when it has none or is malformed)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")
