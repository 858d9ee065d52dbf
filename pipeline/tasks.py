"""Task entry points for the DAGs: plain values in (params, dates, run ids), small dicts out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from pipeline.config import Settings, configure_allocators, load_settings

# Task processes import this module before pyarrow: the allocator choice must come first.
configure_allocators()
PARAM_KEYS = ("config", "lake", "raw")  # the params that override settings


def settings_from_params(params: Mapping[str, Any] | None) -> Settings:
    """Settings with the DAG run's params as the top layer (config file, lake, raw)."""
    overrides = {k: v for k, v in (params or {}).items() if k in PARAM_KEYS and v}
    return load_settings(overrides=overrides)


def partition_date(moment: datetime | str) -> date:
    """The partition a run owns: the UTC day its data interval starts on."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return (moment if moment.tzinfo is None else moment.astimezone(UTC)).date()


def list_sources(params: Mapping[str, Any] | None) -> list[str]:
    return [source.name for source in settings_from_params(params).sources]


def fetch_source(params: Mapping[str, Any] | None, source: str, interval_start: datetime | str,
                 run_id: str) -> dict[str, Any]:
    from pipeline.job import fetch_source as fetch

    refetch = bool((params or {}).get("refetch"))
    summary = fetch(settings_from_params(params), source, partition_date(interval_start), run_id,
                    refetch)
    return {"source": summary.source, "warc_path": summary.warc_path,
            "discovered": summary.discovered, "outcomes": summary.outcomes}


def build_tables(params: Mapping[str, Any] | None, fetched: Sequence[Mapping[str, Any]],
                 interval_start: datetime | str, run_id: str) -> dict[str, Any]:
    from pipeline.job import build_partition

    settings = settings_from_params(params)
    day = partition_date(interval_start)
    counts = build_partition(settings, day, [f["warc_path"] for f in fetched], run_id)
    return {"ingest_date": day.isoformat(), "lake": settings.lake, "rows": counts}


def plan_backfill(params: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The files a backfill run parses, one mapped task each (small dicts, no data)."""
    from pipeline.backfill import plan_files

    settings = settings_from_params(params)
    p = dict(params or {})
    if p.get("end", "") < p.get("start", ""):
        from pipeline.errors import ConfigError

        raise ConfigError(f"backfill end {p.get('end')} is before start {p.get('start')}")
    tasks = plan_files(settings, date.fromisoformat(p["start"]), date.fromisoformat(p["end"]),
                       p.get("run_id") or "backfill", warc_globs=p.get("warc") or [],
                       source=p.get("source") or None, sites=p.get("sites") or [])
    return [task.__dict__ for task in tasks]


def parse_backfill_file(params: Mapping[str, Any] | None, task: Mapping[str, Any]
                        ) -> dict[str, Any]:
    from pipeline.backfill import FileTask, parse_file, register_result

    file_task = FileTask(**{**task, "sites": tuple(task.get("sites") or ())})
    result = parse_file(file_task)
    register_result(settings_from_params(params), file_task, result)
    return {"path": result.path, "pages": result.pages, "skipped": result.skipped}


def merge_backfill(params: Mapping[str, Any] | None, parsed: Sequence[Mapping[str, Any]],
                   run_id: str) -> dict[str, Any]:
    from pipeline.backfill import merge_range

    settings = settings_from_params(params)
    p = dict(params or {})
    summary = merge_range(settings, date.fromisoformat(p["start"]), date.fromisoformat(p["end"]),
                          p.get("run_id") or "backfill", run_id)
    return {"pages": sum(sum(r["pages"].values()) for r in parsed), "rows": summary.rows,
            "rejects": summary.rejects, "dates": summary.dates}


def check_tables(params: Mapping[str, Any] | None, built: Mapping[str, Any]) -> dict[str, Any]:
    """Re-read the written partitions (they must match the build's counts); parser health.

    A site whose fill rate of a key field dropped well below its trailing week is logged
    as a warning (a layout change), not a failure: the data written is still right.
    """
    import logging

    from pipeline.lake import count_rows
    from pipeline.report import check_parser_health

    settings = settings_from_params(params)
    day = date.fromisoformat(built["ingest_date"])
    found = count_rows(settings.lake, day)
    # A run for an earlier date that finished after this one re-derives this date's revision
    # rows (an article first seen earlier is no longer new here): updates may legitimately move.
    lost = {t: (found.get(t), n) for t, n in built["rows"].items()
            if t != "updates" and found.get(t) != n}
    if lost:
        raise RuntimeError(f"partition counts differ from written (found, written): {lost}")
    warnings = check_parser_health(settings.lake, day)
    for warning in warnings:
        logging.getLogger("pipeline.health").warning("parser health: %s", warning.message)
    return {"ingest_date": built["ingest_date"], "rows": found,
            "health_warnings": [w.message for w in warnings]}


def publish_tables(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """Mirror the partitions rewritten since the last publish to the publish target, if any."""
    from pipeline.publish import publish_lake

    settings = settings_from_params(params)
    if not settings.publish:
        return {"target": None, "uploaded": 0, "unchanged": 0, "bytes": 0}
    summary = publish_lake(settings.lake, settings.publish)
    return {"target": summary.target, "uploaded": summary.uploaded,
            "unchanged": summary.unchanged, "bytes": summary.bytes}


def write_report(params: Mapping[str, Any] | None, ingest_dates: Sequence[str]
                 ) -> list[str]:
    """The run report of each date whose tables changed; returns the report folders."""
    from pipeline.report import report_dir, write_run_report

    settings = settings_from_params(params)
    folders = []
    for text in sorted(set(ingest_dates)):
        day = date.fromisoformat(text)
        write_run_report(settings.lake, day)
        folders.append(str(report_dir(settings.lake, day)))
    return folders
