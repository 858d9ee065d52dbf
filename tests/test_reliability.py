"""Reliability on real pages, and the security boundaries: SSRF guard, paths built from names."""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.backfill import staging_dir
from pipeline.config import Settings, SourceConfig
from pipeline.errors import FetchRefused
from pipeline.evaluation import EPOCH
from pipeline.fetch import check_address
from pipeline.job import safe_name, warc_path_for
from pipeline.models import RawPage, Reject
from pipeline.parse import parse_page
from tests.conftest import EVAL_DEV

MAX_SECONDS = 2.0


@pytest.mark.slow
@pytest.mark.skipif(not (EVAL_DEV / "gold.jsonl").exists(), reason="no evaluation pack")
def test_real_page_sweep() -> None:
    """Every page of the dev pack: no exception escapes parse_page, none takes 2 s or more."""
    crashes: list[str] = []
    rejects: Counter[str] = Counter()
    worst = (0.0, "")
    lines = (EVAL_DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        row = json.loads(line)
        body = gzip.decompress((EVAL_DEV / row["html"]).read_bytes())
        url = row.get("url") or f"https://eval.test/{row['id']}"
        page = RawPage(url=url, final_url=url, status=200, headers=(("Content-Type",
                       "text/html"),), body=body, fetched_at=EPOCH, source="sweep")
        started = time.perf_counter()
        try:
            result = parse_page(page)
        except Exception as exc:
            crashes.append(f"{row['id']}: {type(exc).__name__}: {exc}")
            continue
        seconds = time.perf_counter() - started
        worst = max(worst, (seconds, row["id"]))
        if isinstance(result, Reject):
            assert result.reason
            rejects[result.reason] += 1
    assert crashes == []
    assert worst[0] < MAX_SECONDS, f"{worst[1]} took {worst[0]:.2f} s"
    assert sum(rejects.values()) < len(lines) * 0.05, rejects  # real articles mostly parse


# --- SSRF guard ---------------------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
    "100.64.0.1", "224.0.0.1", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1",
    "::ffff:169.254.169.254", "::",
])
def test_private_addresses_are_refused(address: str) -> None:
    with pytest.raises(FetchRefused):
        check_address("http://news.example/a", SourceConfig(name="x"),
                      lambda host, port: [address])
    # one bad address among good ones is enough to refuse (no round-robin luck)
    with pytest.raises(FetchRefused):
        check_address("https://news.example/a", SourceConfig(name="x"),
                      lambda host, port: ["93.184.215.14", address])


def test_public_address_is_allowed_and_odd_urls_are_not() -> None:
    check_address("https://news.example/a", SourceConfig(name="x"),
                  lambda host, port: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
    for url in ("file:///etc/passwd", "gopher://news.example/", "http:///nohost",
                "ftp://news.example/x"):
        with pytest.raises(FetchRefused):
            check_address(url, SourceConfig(name="x"), lambda host, port: ["93.184.215.14"])


# --- paths built from names ---------------------------------------------------------------

HOSTILE_NAMES = ["..", ".", "...", "../../etc", "/etc/passwd", "a/../../b", "..\\..", "",
                 "\x00", "~root", "C:\\Windows", "ingest_date=2020-01-01/../..", "_trash"]


def inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_stay_inside_the_archive_and_lake(name: str, tmp_path: Path) -> None:
    raw, lake = tmp_path / "raw", tmp_path / "lake"
    settings_ = Settings(lake=str(lake), raw=str(raw))
    path = warc_path_for(settings_, name, date(2026, 3, 1), name)
    assert inside(path, raw)
    assert path.parent.parent.parent == raw  # <raw>/<source>/ingest_date=D/<run>.warc.gz
    assert inside(staging_dir(settings_, name), lake / "_staging" / "backfill")
    assert staging_dir(settings_, name).parent == lake / "_staging" / "backfill"


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(max_size=60))
def test_safe_name_is_one_harmless_path_component(text: str) -> None:
    name = safe_name(text)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert name.strip(".")  # never ".", ".." or "..."
    assert Path(name).name == name
