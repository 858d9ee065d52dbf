"""The DAGs on a real multi-process Airflow: PostgreSQL, Redis, Celery workers (docker/stack.sh).

Run by `make test-integration` (pytest --stack). The stack lives in .stack-it/ on its own loopback
ports; the tests trigger runs through the REST API and the CLI, prove from the task-instance
records that the Celery workers ran them, and read the lake the runs wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from pipeline.reader import read_table
from pipeline.sample.server import serve_sample_site
from tests.conftest import REPO, write_config

pytestmark = [pytest.mark.integration, pytest.mark.slow]

STACK_DIR = REPO / ".stack-it"
# Ports of their own, so a developer's `make stack-up` can run beside the test.
PORTS = {"STACK_PG_PORT": "54339", "STACK_REDIS_PORT": "63809", "STACK_API_PORT": "28090",
         "STACK_LOG_PORT": "28893"}
SAMPLE_ARTICLES = 12
RUN_TIMEOUT = 300.0


@dataclass(frozen=True)
class Stack:
    env: dict[str, str]
    api: httpx.Client
    lake: Path

    def sh(self, command: str) -> subprocess.CompletedProcess[str]:
        """A shell command with the stack's environment (the CLI talks to its database)."""
        script = f'eval "$({REPO}/docker/stack.sh env)" && {command}'
        return subprocess.run(["bash", "-c", script], env=self.env, capture_output=True,
                              text=True, timeout=300)

    def sql(self, query: str, *args: Any) -> list[tuple[Any, ...]]:
        import psycopg2

        secrets = read_secrets()
        with closing(psycopg2.connect(host="127.0.0.1", port=int(PORTS["STACK_PG_PORT"]),
                                      user="airflow", password=secrets["STACK_PG_PASSWORD"],
                                      dbname="airflow")) as conn, conn.cursor() as cursor:
            cursor.execute(query, args)
            return list(cursor.fetchall())


def read_secrets() -> dict[str, str]:
    lines = (STACK_DIR / "secrets.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def stack_logs() -> str:
    parts = []
    for log in sorted((STACK_DIR / "logs").glob("*.log")):
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        parts.append(f"--- {log.name}\n" + "\n".join(tail))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    for tool in ("redis-server", "runuser"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: .ci/run installs it (Debian package redis-server)")
    shutil.rmtree(STACK_DIR, ignore_errors=True)
    STACK_DIR.mkdir()
    with serve_sample_site("127.0.0.1", 0) as base_url:
        lake, raw = STACK_DIR / "data" / "lake", STACK_DIR / "data" / "raw"
        config = write_config(STACK_DIR / "sources.yaml", base_url, lake, raw)
        env = {**os.environ, **PORTS, "STACK_DIR": str(STACK_DIR),
               "NEWS_PIPELINE_CONFIG": str(config), "NEWS_PIPELINE_LAKE": str(lake),
               "NEWS_PIPELINE_RAW": str(raw), "READY_TIMEOUT": "240"}
        up = subprocess.run([str(REPO / "docker" / "stack.sh"), "up"], env=env,
                            capture_output=True, text=True, timeout=600)
        try:
            assert up.returncode == 0, f"{up.stderr}\n{stack_logs()}"
            password = read_secrets()["STACK_ADMIN_PASSWORD"]
            base = f"http://127.0.0.1:{PORTS['STACK_API_PORT']}"
            token = httpx.post(f"{base}/auth/token", json={"username": "admin",
                                                           "password": password},
                               timeout=60).raise_for_status().json()["access_token"]
            with httpx.Client(base_url=f"{base}/api/v2", timeout=60,
                              headers={"Authorization": f"Bearer {token}"}) as api:
                yield Stack(env=env, api=api, lake=lake)
        finally:
            down = subprocess.run([str(REPO / "docker" / "stack.sh"), "down"], env=env,
                                  capture_output=True, text=True, timeout=300)
            print(down.stderr)
            assert down.returncode == 0, f"stack down failed or left processes: {down.stderr}"


def wait_for_runs(stack: Stack, dag_id: str, count: int, **filters: str) -> list[dict[str, Any]]:
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        runs = stack.api.get(f"/dags/{dag_id}/dagRuns",
                             params={"limit": 100, **filters}).raise_for_status().json()["dag_runs"]
        finished = [r for r in runs if r["state"] in ("success", "failed")]
        if len(runs) >= count and len(finished) == len(runs):
            failed = [r["dag_run_id"] for r in runs if r["state"] == "failed"]
            assert not failed, f"failed runs {failed}\n{stack_logs()}"
            return runs
        assert time.monotonic() < deadline, f"{dag_id}: runs not finished: {runs}\n{stack_logs()}"
        time.sleep(2)


def check_ran_on_celery(stack: Stack, dag_id: str, run_ids: list[str]) -> set[str]:
    """Every task instance of the runs: succeeded, and its Celery task id is in the result
    backend as SUCCESS and in a worker's log. Returns the workers that ran them."""
    query = ("select ti.task_id, ti.map_index, ti.state, ti.external_executor_id, m.status"
             " from task_instance ti left join celery_taskmeta m"
             " on m.task_id = ti.external_executor_id"
             " where ti.dag_id = %s and ti.run_id = any(%s)")
    # The task instance turns success just before its Celery task returns: give it a moment.
    deadline = time.monotonic() + 30
    while True:
        rows = stack.sql(query, dag_id, run_ids)
        if all(r[4] == "SUCCESS" for r in rows) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert rows, "no task instances"
    assert {r[2] for r in rows} == {"success"}, rows
    assert all(r[3] and r[4] == "SUCCESS" for r in rows), rows
    logs = {log.stem: log.read_text(encoding="utf-8", errors="replace")
            for log in (STACK_DIR / "logs").glob("worker-*.log")}
    workers = set()
    for row in rows:
        ran = [name for name, text in logs.items() if f"[{row[3]}] received" in text]
        assert len(ran) == 1, (row, ran)
        workers.update(ran)
    return workers


def check_lake(lake: Path, day: date) -> None:
    articles = read_table(lake, "articles", day, day)
    assert len(articles) == SAMPLE_ARTICLES
    assert not articles["article_id"].duplicated().any()
    for table in ("quotes", "sources"):
        assert len(read_table(lake, table, day, day)) > 0, table
    # Revision rows belong to the date an article was first seen, whichever run wrote last.
    updates = read_table(lake, "updates")
    assert not updates["update_id"].duplicated().any()
    first_seen = updates[updates["kind"] == "first_seen"]
    assert len(first_seen) == SAMPLE_ARTICLES


def test_daily_run_through_the_rest_api_runs_on_celery(stack: Stack) -> None:
    # The run of the latest complete interval: the scheduler, once the DAG is unpaused, finds
    # it already there instead of creating its own.
    start = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    stack.api.patch("/dags/news_report", json={"is_paused": False}).raise_for_status()
    created = stack.api.post("/dags/news_daily/dagRuns", json={
        "dag_run_id": "integration_daily",
        "logical_date": start.isoformat(),
        "data_interval_start": start.isoformat(),
        "data_interval_end": (start + timedelta(days=1)).isoformat(),
    }).raise_for_status().json()
    assert created["state"] == "queued"
    stack.api.patch("/dags/news_daily", json={"is_paused": False}).raise_for_status()
    runs = wait_for_runs(stack, "news_daily", 1)
    assert "integration_daily" in [r["dag_run_id"] for r in runs]
    instances = stack.api.get("/dags/news_daily/dagRuns/integration_daily/taskInstances"
                              ).raise_for_status().json()["task_instances"]
    assert {(t["task_id"], t["map_index"]) for t in instances} >= {
        ("list_sources", -1), ("fetch_source", 0), ("build_tables", -1), ("check_tables", -1)}
    assert check_ran_on_celery(stack, "news_daily", ["integration_daily"])
    check_lake(stack.lake, start.date())


def test_tables_are_assets_that_trigger_the_report(stack: Stack) -> None:
    runs = wait_for_runs(stack, "news_report", 1)
    assert {r["run_type"] for r in runs} == {"asset_triggered"}
    check_ran_on_celery(stack, "news_report", [r["dag_run_id"] for r in runs])
    events = stack.api.get("/assets/events", params={"limit": 100}).raise_for_status().json()
    assert {e["extra"].get("ingest_date") for e in events["asset_events"]} != {None}
    reports = stack.lake.parent / "reports"
    assert list(reports.glob("ingest_date=*/report.html"))


def test_three_day_backfill_from_the_cli(stack: Stack) -> None:
    days = [date(2026, 11, 2) + timedelta(days=i) for i in range(3)]
    # One run at a time makes the later days revalidate (304) deterministically.
    result = stack.sh("airflow backfill create --dag-id news_daily "
                      f"--from-date {days[0]} --to-date {days[-1]} --max-active-runs 1")
    assert result.returncode == 0, result.stderr[-3000:]
    runs = wait_for_runs(stack, "news_daily", 3, run_type="backfill")
    assert sorted(r["data_interval_start"][:10] for r in runs) == [d.isoformat() for d in days]
    workers = check_ran_on_celery(stack, "news_daily", [r["dag_run_id"] for r in runs])
    assert workers, "no worker ran the backfill"
    check_backfill_lake(stack.lake, days)


def check_backfill_lake(lake: Path, days: list[date]) -> None:
    """A later day revalidates what an earlier one fetched: a page the server answers with 304
    is logged as not_modified and not written again. Each day holds its fetch log and all the
    sample's articles, or none when it fetched nothing new. (Runs that overlap may each fetch
    everything: the check holds either way.)"""
    fetches = read_table(lake, "fetches", days[0], days[-1])
    fetches = fetches[fetches["role"] == "article"]
    articles = read_table(lake, "articles", days[0], days[-1])
    for day in days:
        day_fetches = fetches[fetches["ingest_date"].astype(str).str[:10] == day.isoformat()]
        assert len(day_fetches) > 0, day
        assert set(day_fetches["outcome"]) <= {"fetched", "not_modified"}, day
        day_articles = articles[articles["ingest_date"].astype(str).str[:10] == day.isoformat()]
        assert not day_articles["article_id"].duplicated().any(), day
        fetched = bool(day_fetches["outcome"].eq("fetched").any())
        assert len(day_articles) == (SAMPLE_ARTICLES if fetched else 0), day
    assert articles["article_id"].nunique() == SAMPLE_ARTICLES
    for table in ("quotes", "sources"):
        assert len(read_table(lake, table, days[0], days[-1])) > 0, table
    updates = read_table(lake, "updates")
    assert not updates["update_id"].duplicated().any()
    assert len(updates[updates["kind"] == "first_seen"]) == SAMPLE_ARTICLES
