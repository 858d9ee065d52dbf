"""Shared fixtures: the bundled sample site on loopback, settings pointing at a temp lake."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.config import Settings, load_settings
from pipeline.sample.server import serve_sample_site

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
SEED = SHARED / "seed" / "seed-article.html"


@pytest.fixture(scope="session")
def sample_site() -> Iterator[str]:
    """Base URL of the sample site served on 127.0.0.1 for the whole test session."""
    with serve_sample_site("127.0.0.1", 0) as base_url:
        yield base_url


def write_config(path: Path, base_url: str, lake: Path, raw: Path) -> Path:
    path.write_text(
        f"lake: {lake}\nraw: {raw}\ndelay_seconds: 0\ntimeout_seconds: 5\n"
        "sources:\n  - name: sample\n"
        f"    feeds: ['{base_url}/feed.xml']\n"
        "    allow_private_addresses: ['127.0.0.1']\n"
        "    lookback_days: null\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def dev_page_predictions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Predictions for every page of the dev pack, made once for every test that needs them."""
    from pipeline.evaluation import evaluate_pages

    if not (EVAL_DEV / "gold.jsonl").exists():
        pytest.skip("../shared/eval/dev is absent")
    out = tmp_path_factory.mktemp("eval") / "pages.jsonl"
    evaluate_pages(EVAL_DEV, out, workers=2)
    return out


@pytest.fixture
def sample_settings(tmp_path: Path, sample_site: str) -> Settings:
    config = write_config(tmp_path / "sources.yaml", sample_site, tmp_path / "lake",
                          tmp_path / "raw")
    return load_settings(config, environ={})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--stack", action="store_true", default=False,
                     help="run tests/integration against a real local stack")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--stack"):
        return
    skip = pytest.mark.skip(reason="needs the local stack: run `make test-integration`")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)
