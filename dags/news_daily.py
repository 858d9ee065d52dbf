"""Daily news ingestion: discover, fetch and archive each source, then write the day's tables."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, CronDataIntervalTimetable, Param, dag, task

# The tables are Assets so report and export DAGs can be scheduled on fresh data.
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


@dag(
    dag_id="news_daily",
    description="Discover, fetch, archive, parse and write one day of news articles.",
    # An interval timetable gives every run a real [start, end) window: the partition it owns.
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5),
                  "retry_exponential_backoff": 2.0, "execution_timeout": timedelta(hours=2)},
    params={
        "config": Param(None, type=["null", "string"], description="YAML config file"),
        "lake": Param(None, type=["null", "string"], description="lake location override"),
        "raw": Param(None, type=["null", "string"], description="raw archive override"),
        "refetch": Param(False, type="boolean",
                         description="fetch again even when the raw archive holds the date"),
    },
    tags=["news", "ingestion"],
)
def news_daily() -> None:
    @task
    def list_sources(params: dict | None = None) -> list[str]:
        from pipeline.tasks import list_sources as run

        return call(run, params)

    # The pool bounds how many sources fetch at once across all runs and workers;
    # politeness per host is kept inside each task (one request at a time, with a delay).
    @task(pool="news_fetch", max_active_tis_per_dag=8)
    def fetch_source(source: str, params: dict | None = None, data_interval_start=None,
                     run_id: str | None = None) -> dict:
        from pipeline.tasks import fetch_source as run

        return call(run, params, source, data_interval_start, run_id or "manual")

    @task(outlets=TABLE_ASSETS)
    def build_tables(fetched: list[dict], params: dict | None = None, data_interval_start=None,
                     run_id: str | None = None, outlet_events=None) -> dict:
        from pipeline.tasks import build_tables as run

        built = call(run, params, list(fetched), data_interval_start, run_id or "manual")
        for asset in TABLE_ASSETS:  # downstream DAGs learn which partition changed
            outlet_events[asset].extra = {"ingest_date": built["ingest_date"],
                                          "params": {k: v for k, v in (params or {}).items()
                                                     if k in ("config", "lake", "raw")}}
        return built

    @task
    def check_tables(built: dict, params: dict | None = None) -> dict:
        from pipeline.tasks import check_tables as run

        return call(run, params, built)

    # Publishing reads the lake after the check, so object storage never gets a bad partition.
    @task
    def publish_tables(checked: dict, params: dict | None = None) -> dict:
        from pipeline.tasks import publish_tables as run

        return call(run, params)

    fetched = fetch_source.expand(source=list_sources())
    publish_tables(check_tables(build_tables(fetched)))


news_daily()
