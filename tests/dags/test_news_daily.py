"""The daily DAG: integrity (imports cleanly, no top-level I/O, retries) and a real dag.test()."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import REPO, write_config

pytestmark = pytest.mark.slow

INTEGRITY = r"""
import builtins, json, socket, sys, time
import airflow.sdk  # Airflow's own imports may read files; the DAG file must not
from airflow.sdk.definitions.dag import DAG
calls = []
real_open = builtins.open
def guarded_open(*args, **kwargs):
    calls.append(str(args[0]))
    return real_open(*args, **kwargs)
class NoSocket(socket.socket):
    def __init__(self, *a, **k):
        raise RuntimeError("network access at DAG import")
builtins.open, socket.socket = guarded_open, NoSocket
import importlib.util
before = set(sys.modules)
start = time.perf_counter()
spec = importlib.util.spec_from_file_location("news_daily", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
elapsed = time.perf_counter() - start
builtins.open = real_open
added = set(sys.modules) - before
dags = [v for v in vars(module).values() if isinstance(v, DAG)]
dag = dags[0] if dags else None
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
dag = bag.dags["news_daily"]
print(json.dumps({
    "errors": {k: str(v) for k, v in bag.import_errors.items()},
    "opened": [c for c in calls if "site-packages" not in c],
    "heavy": sorted(m for m in added if m.split(".")[0] in ("pipeline", "pyarrow", "pandas",
                                                            "bs4", "lxml", "duckdb", "warcio")),
    "retries": {t.task_id: t.retries for t in dag.tasks},
    "elapsed": elapsed,
    "timetable": type(dag.timetable).__name__,
    "tasks": sorted(t.task_id for t in dag.tasks),
}))
"""

RUN = r"""
import json, sys
from datetime import datetime, timezone
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
dag = bag.dags["news_daily"]
run = dag.test(logical_date=datetime(2026, 11, 27, tzinfo=timezone.utc),
               run_conf={"config": sys.argv[2]})
print(json.dumps({"state": str(run.state)}))
"""


def airflow_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    })
    env.pop("NEWS_PIPELINE_CONFIG", None)
    return env


def run_python(script: str, args: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = airflow_env(tmp_path_factory.mktemp("af"))
    airflow = str(Path(sys.executable).parent / "airflow")
    done = subprocess.run([airflow, "db", "migrate"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    pool = subprocess.run([airflow, "pools", "set", "news_fetch", "4", "sources fetching"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert pool.returncode == 0, pool.stderr[-4000:]
    return env


ALL_DAGS = r"""
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()},
                  "dags": sorted(bag.dags),
                  "retries": {d: min(t.retries for t in bag.dags[d].tasks) for d in bag.dags}}))
"""


def test_every_dag_imports_with_retries(migrated: dict[str, str]) -> None:
    report = run_python(ALL_DAGS, [str(REPO / "dags")], migrated)
    assert report["errors"] == {}
    assert report["dags"] == ["news_backfill", "news_daily", "news_report"]
    assert all(n >= 1 for n in report["retries"].values()), report["retries"]


def test_dag_integrity(migrated: dict[str, str]) -> None:
    report = run_python(INTEGRITY, [str(REPO / "dags" / "news_daily.py")], migrated)
    assert report["errors"] == {}
    assert report["opened"] == [], "DAG file does I/O at import"
    assert report["heavy"] == [], "heavy imports belong inside tasks"
    assert all(n >= 1 for n in report["retries"].values()), report["retries"]
    assert report["timetable"] == "CronDataIntervalTimetable"
    assert report["tasks"] == ["build_tables", "check_tables", "fetch_source", "list_sources",
                              "publish_tables"]


def test_dag_runs_end_to_end_and_reruns_idempotently(
    migrated: dict[str, str], tmp_path: Path, sample_site: str
) -> None:
    lake, raw = tmp_path / "lake", tmp_path / "raw"
    config = write_config(tmp_path / "sources.yaml", sample_site, lake, raw)
    dag_file = str(REPO / "dags" / "news_daily.py")
    first = run_python(RUN, [dag_file, str(config)], migrated)
    assert first["state"].endswith("success")
    partition = "ingest_date=2026-11-26"  # the data interval [11-26, 11-27) of that run
    ids = {}
    for table, key in [("articles", "article_id"), ("quotes", "quote_id"),
                       ("sources", "source_id"), ("updates", "update_id"),
                       ("rejects", "reject_id")]:
        frame = pd.read_parquet(lake / table / partition)
        ids[table] = sorted(frame[key])
        if table != "rejects":
            assert len(frame) > 0, table
    rejects = pd.read_parquet(lake / "rejects" / partition)
    assert "not_article" in set(rejects["reason"])
    assert list(raw.glob("sample/ingest_date=2026-11-26/*.warc.gz"))

    second = run_python(RUN, [dag_file, str(config)], migrated)
    assert second["state"].endswith("success")
    for table, key in [("articles", "article_id"), ("quotes", "quote_id"),
                       ("sources", "source_id"), ("updates", "update_id"),
                       ("rejects", "reject_id")]:
        frame = pd.read_parquet(lake / table / partition)
        assert sorted(frame[key]) == ids[table], table


BACKFILL = r"""
import json, sys
from datetime import datetime, timezone
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=sys.argv[1])
assert not bag.import_errors, bag.import_errors
dag = bag.dags["news_backfill"]
run = dag.test(run_conf=json.loads(sys.argv[2]))
ti = {t.task_id: t.map_index for t in run.get_task_instances()}
print(json.dumps({"state": str(run.state), "tasks": sorted(ti)}))
"""


def test_backfill_dag_maps_over_files(migrated: dict[str, str], tmp_path: Path) -> None:
    from tests.test_backfill import DAY0, write_ccnews

    for n in range(2):
        write_ccnews(tmp_path / f"cc-{n}.warc.gz", copies=1, extra=n == 0)
    lake, raw = tmp_path / "lake", tmp_path / "raw"
    conf = {"start": DAY0.isoformat(), "end": "2026-07-03",
            "warc": [str(tmp_path / "cc-*.warc.gz")], "source": "ccnews",
            "lake": str(lake), "raw": str(raw)}
    report = run_python(BACKFILL, [str(REPO / "dags" / "news_backfill.py"), json.dumps(conf)],
                        migrated)
    assert report["state"].endswith("success")
    frame = pd.read_parquet(lake / "articles")
    assert not frame.duplicated(["article_id", "content_hash"]).any()
    assert frame["ingest_date"].nunique() == 3
