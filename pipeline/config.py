"""Settings in one place, layered: defaults < config file < environment < DAG params or CLI.

This is the only module that reads ``os.environ``. Environment variables:

    NEWS_PIPELINE_CONFIG       path of the YAML config file (default: the bundled sample config)
    NEWS_PIPELINE_LAKE         lake location (the tables)
    NEWS_PIPELINE_RAW          raw archive location (WARC files)
    NEWS_PIPELINE_PUBLISH      object storage the lake is mirrored to (s3://bucket/prefix)
    NEWS_PIPELINE_USER_AGENT   User-Agent sent with every request
    NEWS_PIPELINE_DELAY        seconds between two requests to one host
    NEWS_PIPELINE_TIMEOUT      connect/read timeout in seconds
    NEWS_PIPELINE_MAX_BYTES    cap on a response body, after decompression

It also sets one library variable, ``ARROW_DEFAULT_MEMORY_POOL`` (see ``configure_allocators``).
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ConfigError

SAMPLE_CONFIG = Path(__file__).parent / "sample" / "sources.yaml"

ENVIRONMENT = {
    "NEWS_PIPELINE_LAKE": "lake",
    "NEWS_PIPELINE_RAW": "raw",
    "NEWS_PIPELINE_PUBLISH": "publish",
    "NEWS_PIPELINE_USER_AGENT": "user_agent",
    "NEWS_PIPELINE_DELAY": "delay_seconds",
    "NEWS_PIPELINE_TIMEOUT": "timeout_seconds",
    "NEWS_PIPELINE_MAX_BYTES": "max_body_bytes",
}

ARROW_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"
M_TRIM_THRESHOLD, M_ARENA_MAX = -1, -8  # glibc mallopt parameters (malloc.h)


def configure_allocators() -> None:
    """Keep a long-running process's memory flat: Arrow on malloc, and malloc returning pages.

    Arrow's bundled mimalloc keeps freed pages for reuse, so a process that reads and writes
    partition after partition (a backfill's merge, a long task) grew with every date it
    touched: 20 merged dates peaked at 560 MB against 330 MB with malloc. glibc then still
    spreads frees over one arena per thread and keeps freed tops below a moving threshold;
    two arenas and a fixed 1 MB threshold bring the merge to 265 MB, flat from the second
    date on (docs/benchmarks.md). Arrow's C++ code reads its variable once, when pyarrow
    loads, so entry points call this first; an operator's own choice of pool is kept.
    """
    import ctypes
    import sys

    os.environ.setdefault(ARROW_POOL_VARIABLE, "system")
    if "pyarrow" in sys.modules and os.environ[ARROW_POOL_VARIABLE] == "system":
        import pyarrow as pa

        # Loaded too early for the variable: route at least the Python-level allocations.
        pa.set_memory_pool(pa.system_memory_pool())
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # glibc only; elsewhere a no-op
    if mallopt is not None:
        mallopt(M_ARENA_MAX, 2)
        mallopt(M_TRIM_THRESHOLD, 1 << 20)


IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class SourceConfig:
    """One news source: where to discover its articles and what it may reach."""

    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    warc: tuple[str, ...] = ()
    allow_private_addresses: tuple[IpNetwork, ...] = ()
    max_pages: int = 500
    # durations after first sight at which an article is fetched again (conditional GET)
    revisit_after: tuple[timedelta, ...] = ()
    # regular expressions searched in each discovered URL: keep if any include matches (or
    # none are given) and no exclude matches
    include_urls: tuple[str, ...] = ()
    exclude_urls: tuple[str, ...] = ()
    # also read the sitemaps that the robots.txt of the feed and sitemap hosts declares
    robots_sitemaps: bool = True
    # keep feed and sitemap entries dated within this many days before the run's end
    # (undated entries are always kept); None keeps everything the feeds list
    lookback_days: int | None = 3

    def allows_address(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in self.allow_private_addresses)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; built once by :func:`load_settings`."""

    lake: str = "data/lake"
    raw: str = "data/raw"
    # where analysts read the tables, if not the lake itself: every partition a run rewrites
    # is mirrored there (s3://bucket/prefix, gs://..., file:///...); None publishes nothing
    publish: str | None = None
    user_agent: str = "news-pipeline/0.1 (+https://example.org/news-pipeline; data@example.org)"
    delay_seconds: float = 1.0
    timeout_seconds: float = 20.0
    max_body_bytes: int = 10_000_000
    max_redirects: int = 5
    sources: tuple[SourceConfig, ...] = ()
    config_path: str | None = None

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise ConfigError(f"unknown source {name!r} (configured: {known})")


def _parse_networks(name: str, values: Any) -> tuple[IpNetwork, ...]:
    if values is None:
        return ()
    if not isinstance(values, list):
        raise ConfigError(f"source {name!r}: allow_private_addresses must be a list")
    try:
        return tuple(ipaddress.ip_network(str(value), strict=False) for value in values)
    except ValueError as exc:
        raise ConfigError(f"source {name!r}: bad address in allow_private_addresses: {exc}")


def _parse_strings(name: str, key: str, values: Any) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"source {name!r}: {key} must be a list of strings")
    return tuple(values)


def _parse_patterns(name: str, key: str, values: Any) -> tuple[str, ...]:
    patterns = _parse_strings(name, key, values)
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"source {name!r}: bad regular expression in {key}: "
                              f"{pattern!r}: {exc}")
    return patterns


def parse_source(raw: Any) -> SourceConfig:
    """Validate one entry of the ``sources`` list."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise ConfigError(f"every source needs a non-empty 'name': got {raw!r}")
    name = raw["name"]
    known = {"name", "feeds", "sitemaps", "warc", "allow_private_addresses", "max_pages",
             "revisit_after", "include_urls", "exclude_urls", "robots_sitemaps",
             "lookback_days"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"source {name!r}: unknown keys {sorted(unknown)}")
    max_pages = raw.get("max_pages", 500)
    if not isinstance(max_pages, int) or max_pages < 1:
        raise ConfigError(f"source {name!r}: max_pages must be a positive integer")
    from pipeline.revisit import DEFAULT_SCHEDULE, parse_schedule

    schedule = raw.get("revisit_after", list(DEFAULT_SCHEDULE))
    if not isinstance(schedule, list):
        raise ConfigError(f"source {name!r}: revisit_after must be a list like [6h, 1d, 3d]")
    patterns = {key: _parse_patterns(name, key, raw.get(key))
                for key in ("include_urls", "exclude_urls")}
    robots_sitemaps = raw.get("robots_sitemaps", True)
    if not isinstance(robots_sitemaps, bool):
        raise ConfigError(f"source {name!r}: robots_sitemaps must be true or false")
    lookback = raw.get("lookback_days", 3)
    if lookback is not None and (not isinstance(lookback, int) or lookback < 1):
        raise ConfigError(f"source {name!r}: lookback_days must be a positive integer or null")
    return SourceConfig(
        name=name,
        lookback_days=lookback,
        include_urls=patterns["include_urls"],
        exclude_urls=patterns["exclude_urls"],
        robots_sitemaps=robots_sitemaps,
        revisit_after=parse_schedule(schedule),
        feeds=_parse_strings(name, "feeds", raw.get("feeds")),
        sitemaps=_parse_strings(name, "sitemaps", raw.get("sitemaps")),
        warc=_parse_strings(name, "warc", raw.get("warc")),
        allow_private_addresses=_parse_networks(name, raw.get("allow_private_addresses")),
        max_pages=max_pages,
    )


def _coerce(key: str, value: Any) -> Any:
    types = {f.name: f.type for f in fields(Settings)}
    kind = types[key]
    try:
        if kind == "float":
            return float(value)
        if kind == "int":
            return int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {key!r} must be a number, got {value!r}")
    return str(value)


def _apply(settings: Settings, layer: Mapping[str, Any], origin: str) -> Settings:
    changes: dict[str, Any] = {}
    scalar = {f.name for f in fields(Settings)} - {"sources", "config_path"}
    for key, value in layer.items():
        if value is None:
            continue
        if key == "sources":
            if not isinstance(value, list):
                raise ConfigError(f"{origin}: 'sources' must be a list")
            parsed = tuple(parse_source(item) for item in value)
            names = [s.name for s in parsed]
            if len(set(names)) != len(names):
                raise ConfigError(f"{origin}: source names must be unique: {names}")
            changes["sources"] = parsed
        elif key in scalar:
            changes[key] = _coerce(key, value)
        else:
            raise ConfigError(f"{origin}: unknown setting {key!r}")
    return replace(settings, **changes)


def read_config_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML config file into a mapping, with a clear error when it is unusable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    return data


def load_settings(
    config_path: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build the settings: defaults < config file < environment < overrides.

    ``config_path`` (or ``overrides["config"]``) wins over ``NEWS_PIPELINE_CONFIG``; with
    neither, the bundled sample config is used, so ``make run`` needs no file.
    """
    env = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    path = overrides.pop("config", None) or config_path or env.get("NEWS_PIPELINE_CONFIG")
    path = str(path or SAMPLE_CONFIG)
    settings = _apply(Settings(), read_config_file(path), f"config file {path}")
    env_layer = {key: env[var] for var, key in ENVIRONMENT.items() if env.get(var)}
    settings = _apply(settings, env_layer, "environment")
    settings = _apply(settings, overrides, "overrides")
    return replace(settings, config_path=path)
