"""Backfill: rebuild a date range from the raw archive and external WARC files (CC-NEWS)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, task

TABLE_ASSETS = [Asset(name=f"news_{t}", uri=f"file:///news-lake/{t}")
                for t in ("articles", "quotes", "sources", "updates", "rejects")]


def call(function: Callable[..., Any], *args: Any) -> Any:
    """Run a pipeline task body; permanent errors fail at once, transient ones are retried."""
    from airflow.sdk.exceptions import AirflowFailException

    from pipeline.errors import PermanentError

    try:
        return function(*args)
    except PermanentError as exc:
        raise AirflowFailException(f"{type(exc).__name__}: {exc}") from exc


def with_run(params: dict | None, run_id: str | None) -> dict:
    """The run id names the staging folder, so every mapped task of a run shares it."""
    return {**(params or {}), "run_id": run_id or "backfill"}


@dag(
    dag_id="news_backfill",
    description="Rebuild [start, end] from raw WARCs and external archives, one task per file.",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2),
                  "execution_timeout": timedelta(hours=6)},
    params={
        "start": Param("2026-11-01", type="string", format="date", description="first date"),
        "end": Param("2026-11-01", type="string", format="date", description="last date"),
        "warc": Param([], type="array", description="external WARC globs (CC-NEWS, crawls)"),
        "source": Param(None, type=["null", "string"], description="source name"),
        "sites": Param([], type="array", description="keep only these hosts"),
        "config": Param(None, type=["null", "string"], description="YAML config file"),
        "lake": Param(None, type=["null", "string"], description="lake location override"),
        "raw": Param(None, type=["null", "string"], description="raw archive override"),
    },
    tags=["news", "backfill"],
)
def news_backfill() -> None:
    @task
    def plan_files(params: dict | None = None, run_id: str | None = None) -> list[dict]:
        from pipeline.tasks import plan_backfill

        return call(plan_backfill, with_run(params, run_id))

    @task(max_active_tis_per_dag=8)
    def parse_file(file_task: dict, params: dict | None = None,
                   run_id: str | None = None) -> dict:
        from pipeline.tasks import parse_backfill_file

        return call(parse_backfill_file, with_run(params, run_id), file_task)

    @task(outlets=TABLE_ASSETS)
    def merge(parsed: list[dict], params: dict | None = None,
              run_id: str | None = None, outlet_events=None) -> dict:
        from pipeline.tasks import merge_backfill

        merged = call(merge_backfill, with_run(params, run_id), list(parsed),
                      run_id or "backfill")
        for asset in TABLE_ASSETS:  # one report per rebuilt date, downstream
            outlet_events[asset].extra = {"ingest_date": merged["dates"][-1] if merged["dates"]
                                          else None,
                                          "ingest_dates": merged["dates"],
                                          "params": {k: v for k, v in (params or {}).items()
                                                     if k in ("config", "lake", "raw")}}
        return merged

    @task
    def publish_tables(merged: dict, params: dict | None = None) -> dict:
        from pipeline.tasks import publish_tables as run

        return call(run, params)

    publish_tables(merge(parse_file.expand(file_task=plan_files())))


news_backfill()
