"""Run report: written whenever the daily or backfill DAG updates the articles table."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, dag, task

ARTICLES = Asset(name="news_articles", uri="file:///news-lake/articles")


@dag(
    dag_id="news_report",
    description="HTML and JSON run report with fill rates and parser health, per ingest date.",
    schedule=[ARTICLES],  # data-aware: runs after each update of the articles table
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=2)},
    tags=["news", "report"],
)
def news_report() -> None:
    @task
    def write_reports(triggering_asset_events=None) -> list[str]:
        from pipeline.tasks import write_report

        dates: list[str] = []
        params: dict = {}
        for events in (triggering_asset_events or {}).values():
            for event in events:
                extra = event.extra or {}
                dates.extend(extra.get("ingest_dates") or [])
                if extra.get("ingest_date"):
                    dates.append(extra["ingest_date"])
                params = extra.get("params") or params
        return write_report(params, dates)

    write_reports()


news_report()
