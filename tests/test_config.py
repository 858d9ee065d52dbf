"""Settings layering and validation."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from pipeline.config import SAMPLE_CONFIG, load_settings
from pipeline.errors import ConfigError


def test_defaults_come_from_the_bundled_sample_config() -> None:
    settings = load_settings(environ={})
    assert settings.config_path == str(SAMPLE_CONFIG)
    assert [s.name for s in settings.sources] == ["sample"]
    assert settings.sources[0].allows_address(ipaddress.ip_address("127.0.0.1"))
    assert not settings.sources[0].allows_address(ipaddress.ip_address("127.0.0.2"))


def test_layers_file_then_environment_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("lake: from-file\nraw: raw-file\ndelay_seconds: 3\nsources: []\n")
    env = {"NEWS_PIPELINE_LAKE": "from-env", "NEWS_PIPELINE_DELAY": "2.5"}
    settings = load_settings(config, {"lake": "from-params"}, environ=env)
    assert settings.lake == "from-params"
    assert settings.raw == "raw-file"
    assert settings.delay_seconds == 2.5
    assert load_settings(config, environ=env).lake == "from-env"
    assert load_settings(config, environ={}).lake == "from-file"


def test_config_path_from_environment(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("lake: x\n")
    assert load_settings(environ={"NEWS_PIPELINE_CONFIG": str(config)}).lake == "x"


@pytest.mark.parametrize(
    "text, message",
    [
        ("sources: [{feeds: []}]", "name"),
        ("sources: [{name: a, bogus: 1}]", "unknown keys"),
        ("sources: [{name: a}, {name: a}]", "unique"),
        ("sources: [{name: a, allow_private_addresses: [not-an-ip]}]", "bad address"),
        ("lake: [1, 2\n", "not valid YAML"),
        ("- a\n- b\n", "mapping"),
        ("surprise: 1\n", "unknown setting"),
        ("delay_seconds: soon\n", "must be a number"),
    ],
)
def test_bad_config_fails_with_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(config, environ={})


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "nope.yaml", environ={})
