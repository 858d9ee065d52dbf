"""docker/compose.yaml: valid for docker-compose and derived from the local stack's settings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

DOCKER = REPO / "docker"
AIRFLOW_SERVICES = {"airflow-init", "api-server", "scheduler", "dag-processor", "triggerer",
                    "worker-1", "worker-2"}
SECRETS = {"AIRFLOW_JWT_SECRET": "jwt-secret", "POSTGRES_PASSWORD": "pg-secret",
           "ADMIN_PASSWORD": "admin-secret"}


def read_stack_env() -> dict[str, str]:
    pairs = {}
    for line in (DOCKER / "stack.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def render_compose(environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # Secrets only: nothing from the developer's shell may leak into the rendered file.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ}
    return subprocess.run(["docker-compose", "-f", str(DOCKER / "compose.yaml"), "config"],
                          cwd=DOCKER, env=env, capture_output=True, text=True, timeout=60)


needs_compose = pytest.mark.skipif(shutil.which("docker-compose") is None,
                                   reason="docker-compose (Debian package) is not installed")


@needs_compose
def test_compose_config_passes_and_uses_the_stack_settings() -> None:
    result = render_compose(SECRETS)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert AIRFLOW_SERVICES | {"postgres", "redis"} == set(services)
    shared = read_stack_env()
    assert shared["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    for name in AIRFLOW_SERVICES:
        environment = services[name]["environment"]
        for key, value in shared.items():
            assert str(environment[key]) == value, (name, key)
        assert environment["AIRFLOW__API_AUTH__JWT_SECRET"] == "jwt-secret"
        assert "pg-secret@postgres:5432" in environment["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        # The lake volume is shared by every component, read-write.
        assert "lake:/data:rw" in services[name]["volumes"], name
    assert services["worker-1"]["command"][:2] == ["celery", "worker"]
    assert "lake" in config["volumes"]


@needs_compose
def test_compose_refuses_to_render_without_its_secrets() -> None:
    result = render_compose({})
    assert result.returncode != 0
    assert "AIRFLOW_JWT_SECRET" in result.stderr or "POSTGRES_PASSWORD" in result.stderr


def test_local_stack_reads_the_same_settings_file() -> None:
    script = (DOCKER / "stack.sh").read_text(encoding="utf-8")
    assert '"$ROOT/docker/stack.env"' in script
    assert "stack.env" in (DOCKER / "compose.yaml").read_text(encoding="utf-8")
    assert Path(DOCKER / "stack.sh").stat().st_mode & 0o111
