"""Backfill: rebuild a date range from the raw archive and external WARC files, in bounded batches.

Partition ownership: a partition holds what was captured on its date. A date is rebuilt
from every raw input for it: the pipeline's own WARC files under
``<raw>/<source>/ingest_date=D/`` and the external archives registered for D under
``<raw>/_external/ingest_date=D/`` (a small manifest naming the file). So a backfill, a
rerun of the daily DAG and a re-parse all give the same partition, whatever their order.

Work is split in two: ``parse_file`` (one task per WARC file, in parallel) streams the
records of one file, parses them and stages rows in batches of ``batch_pages`` pages under
``<lake>/_staging/backfill/<run>/``; ``merge_day`` (one per date, in date order) reads the
staged batches of that date, drops duplicate keys, adds revision rows and replaces the
date's partitions. Memory is bounded by the batch size and by one day's rows, not by the
size of the archive.
"""

from __future__ import annotations

import glob
import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.archive import read_archive
from pipeline.config import Settings, configure_allocators
from pipeline.job import EXTERNAL, RowBatch, add_archive_record, raw_inputs, safe_name, write_batch
from pipeline.lake import STAGING
from pipeline.models import Reject
from pipeline.rows import ROW_TYPES
from pipeline.schema import TABLES, load_schema, to_arrow

BATCH_PAGES = 500


@dataclass(frozen=True)
class FileTask:
    """One WARC file to parse for a date range (what a mapped task receives)."""

    path: str
    source: str
    start: str  # ISO dates, inclusive
    end: str
    sites: tuple[str, ...] = ()
    staging: str = ""
    run_id: str = ""
    batch_pages: int = BATCH_PAGES
    # the pipeline's own raw files belong to the partition they were fetched for,
    # whatever the clock said; external archives go by capture date
    fixed_day: str | None = None


@dataclass(frozen=True)
class FileResult:
    """What parsing one file produced: pages per date, skipped records, staged batches."""

    path: str
    pages: dict[str, int]
    skipped: dict[str, int]
    batches: int


def day_of(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()


def file_key(path: str | Path) -> str:
    """A short id for an input file, stable across runs (path, size and mtime)."""
    p = Path(path)
    stat = p.stat() if p.exists() else None
    raw = f"{p.resolve()}|{stat.st_size if stat else 0}|{stat.st_mtime_ns if stat else 0}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def host_matches(url: str, sites: Sequence[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return not sites or any(host == s or host.endswith("." + s) for s in sites)


def _flush(batch: RowBatch, staging: Path, day: str, number: int, run_id: str) -> None:
    folder = staging / f"ingest_date={day}" / f"batch-{number:05d}"
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in batch.tables().items():
        if rows:
            pq.write_table(to_arrow(table, rows), folder / f"{table}.parquet")
    # gone URLs (404/410, redirects) feed the revision step of the merge
    (folder / "gone.json").write_text(json.dumps(
        [[g.url, g.observed_at.isoformat(), g.kind, g.target] for g in batch.gone]))


def parse_file(task: FileTask) -> FileResult:
    """Parse the records of one WARC file captured in the range, staging rows in batches."""
    staging = Path(task.staging) / file_key(task.path)
    if staging.exists():
        shutil.rmtree(staging)  # a retried task starts clean: no leftovers, no duplicates
    batches: dict[str, RowBatch] = {}
    pages: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    flushed = 0
    for record in read_archive(task.path, task.source):
        moment = (record.page.fetched_at if record.page else
                  record.outcome.at if record.outcome else None)
        if task.fixed_day:
            day = task.fixed_day
        elif record.error is not None:
            day = task.start  # a broken record has no trustworthy date: charge the first day
        elif moment is None:
            continue
        else:
            day = day_of(moment)
        if record.error is None:
            if not task.start <= day <= task.end:
                skipped["outside_range"] += 1
                continue
            if not host_matches(record.url, task.sites):
                skipped["other_site"] += 1
                continue
        batch = batches.setdefault(day, RowBatch())
        add_archive_record(batch, record, task.source, task.run_id, task.path)
        pages[day] += 1
        if batch.pages_in >= task.batch_pages:
            _flush(batch, staging, day, flushed, task.run_id)
            flushed += 1
            batches[day] = RowBatch()
    for day, batch in batches.items():
        if batch.pages_in or batch.rejects or batch.fetches:
            _flush(batch, staging, day, flushed, task.run_id)
            flushed += 1
    return FileResult(task.path, dict(pages), dict(skipped), flushed)


def _read_staged(folders: Iterable[Path], table: str) -> pa.Table:
    schema = load_schema(table).arrow
    parts = [pq.read_table(f / f"{table}.parquet", schema=schema) for f in folders
             if (f / f"{table}.parquet").exists()]
    return pa.concat_tables(parts) if parts else schema.empty_table()


def _unique(table: pa.Table, keys: Sequence[str]) -> pa.Table:
    """Drop rows whose key repeats (the same version in two files or captures): keep the first."""
    if table.num_rows == 0:
        return table
    order = pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys]
                            + [(c, "ascending") for c in ("fetched_at",)
                               if c in table.schema.names])
    table = table.take(order)
    if len(keys) == 1:
        key = table.column(keys[0])
    else:
        key = pc.binary_join_element_wise(*[pc.cast(table.column(k), pa.string())
                                            for k in keys], "\x1f")
    previous = pa.concat_arrays([pa.array([None], type=key.type),
                                 key.combine_chunks().slice(0, max(len(key) - 1, 0))])
    first = pc.or_kleene(pc.is_null(previous), pc.not_equal(key.combine_chunks(), previous))
    return table.filter(pc.fill_null(first, True))


def merge_day(settings: Settings, day: date, staged: Sequence[str], run_id: str
              ) -> dict[str, int]:
    """Replace one date's partitions with its staged rows (deduplicated) and revision rows."""
    from pipeline.revisions import Gone

    folders = [f for root in staged
               for f in sorted(Path(root).glob(f"*/ingest_date={day.isoformat()}/batch-*"))]
    batch = RowBatch()
    tables = {t: _unique(_read_staged(folders, t), load_schema(t).primary_key) for t in TABLES}
    for table in ("articles", "quotes", "sources", "updates", "fetches"):
        row_type = ROW_TYPES[table]
        rows = [row_type(**r) for r in tables[table].to_pylist()]
        getattr(batch, table).extend(rows)
    for row in tables["rejects"].to_pylist():
        batch.rejects[row["reject_id"]] = ROW_TYPES["rejects"](**row)
    for folder in folders:
        gone = folder / "gone.json"
        if gone.exists():
            for url, at, kind, target in json.loads(gone.read_text()):
                batch.gone.append(Gone(url, datetime.fromisoformat(at), kind, target))
    return write_batch(settings, day, batch, run_id)


def register_external(settings: Settings, path: str, source: str, days: Iterable[str]) -> None:
    """Record that an external archive holds captures of these dates (a manifest per date)."""
    for day in days:
        folder = Path(settings.raw) / EXTERNAL / f"ingest_date={day}"
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {"path": str(Path(path).resolve()), "source": source}
        (folder / f"{file_key(path)}.json").write_text(json.dumps(manifest))


@dataclass(frozen=True)
class BackfillSummary:
    """Pages in, rows out per table, rejects by reason."""

    pages: int
    rows: dict[str, int]
    rejects: dict[str, int]
    skipped: dict[str, int]
    dates: list[str] = field(default_factory=list)  # the dates rebuilt


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def staging_dir(settings: Settings, backfill_id: str) -> Path:
    return Path(settings.lake) / STAGING / "backfill" / safe_name(backfill_id)


def plan_files(
    settings: Settings, start: date, end: date, backfill_id: str, *,
    warc_globs: Sequence[str] = (), source: str | None = None, sites: Sequence[str] = (),
    batch_pages: int = BATCH_PAGES,
) -> list[FileTask]:
    """One task per input file: the external WARCs given, and the raw inputs of the range."""
    external = sorted({p for pattern in warc_globs for p in glob.glob(pattern, recursive=True)})
    inputs: dict[str, tuple[str, str | None]] = {
        path: (source or "backfill", None) for path in external
    }
    for day in days_between(start, end):
        for path, owner, fixed in raw_inputs(settings, day, source):
            inputs.setdefault(path, (owner, fixed))
    staging = str(staging_dir(settings, backfill_id))
    return [FileTask(path, owner, start.isoformat(), end.isoformat(), tuple(sites), staging,
                     backfill_id, batch_pages, fixed)
            for path, (owner, fixed) in sorted(inputs.items())]


def run_file_task(task: FileTask) -> FileResult:
    """parse_file, with an unreadable file staged as one reject instead of an exception."""
    try:
        return parse_file(task)
    except Exception as exc:  # one unreadable file never stops a backfill
        failed = RowBatch()
        day = task.fixed_day or task.start
        failed.add_reject(Reject(url=task.path, stage="archive", reason="unreadable_archive",
                                 detail=f"{type(exc).__name__}: {exc}"[:500],
                                 source=task.source), task.run_id)
        _flush(failed, Path(task.staging) / file_key(task.path), day, 99_999, task.run_id)
        return FileResult(task.path, {day: 0}, {}, 1)


def register_result(settings: Settings, task: FileTask, result: FileResult) -> None:
    """External archives are registered for the dates they held, for later rebuilds."""
    if task.fixed_day is None:
        register_external(settings, task.path, task.source, [d for d, n in result.pages.items()
                                                             if n])


def merge_range(settings: Settings, start: date, end: date, backfill_id: str, run_id: str
                ) -> BackfillSummary:
    """Merge every date of the range that has staged rows, in date order; then clean up."""
    from pipeline.lake import read_partition

    staging = staging_dir(settings, backfill_id)
    rows: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    pages = 0
    dates: list[str] = []
    for day in days_between(start, end):
        if not any(staging.glob(f"*/ingest_date={day.isoformat()}/batch-*")):
            continue  # no input for this date: what is stored stays as it is
        counts = merge_day(settings, day, [str(staging)], run_id)
        dates.append(day.isoformat())
        rows.update(counts)
        pages += counts.get("articles", 0) + counts.get("rejects", 0)
        for reason in read_partition(settings.lake, "rejects", day).column("reason").to_pylist():
            reasons[reason] += 1
    shutil.rmtree(staging, ignore_errors=True)
    return BackfillSummary(pages, dict(rows), dict(reasons), {}, dates)


def backfill(
    settings: Settings,
    start: date,
    end: date,
    run_id: str,
    *,
    warc_globs: Sequence[str] = (),
    source: str | None = None,
    sites: Sequence[str] = (),
    workers: int = 1,
    batch_pages: int = BATCH_PAGES,
) -> BackfillSummary:
    """Rebuild every date in [start, end] from its raw inputs plus the given WARC files."""
    from pipeline.progress import track

    # Named by what it does, not when: rerunning a killed backfill finds and clears its
    # staged batches, so nothing of the killed attempt survives.
    backfill_id = "bf-" + hashlib.sha256(json.dumps(
        [start.isoformat(), end.isoformat(), sorted(warc_globs), source, sorted(sites)]
    ).encode()).hexdigest()[:16]
    staging = staging_dir(settings, backfill_id)
    if staging.exists():
        shutil.rmtree(staging)
    tasks = plan_files(settings, start, end, backfill_id, warc_globs=warc_globs, source=source,
                       sites=sites, batch_pages=batch_pages)
    pages: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    with ProcessPoolExecutor(max_workers=max(1, workers),
                             initializer=configure_allocators) as pool:
        results = pool.map(run_file_task, tasks)
        for task, result in zip(tasks, track(results, len(tasks), "backfill files", unit="file"),
                                strict=True):
            pages.update(result.pages)
            skipped.update(result.skipped)
            register_result(settings, task, result)
    summary = merge_range(settings, start, end, backfill_id, run_id)
    return BackfillSummary(sum(pages.values()), summary.rows, summary.rejects, dict(skipped),
                           summary.dates)
