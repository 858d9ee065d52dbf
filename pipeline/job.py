"""The jobs DAG tasks and the CLI call: fetch a source, build a day's tables, ingest files."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.archive import ArchiveRecord, FetchOutcome, WarcArchive, read_archive
from pipeline.config import Settings
from pipeline.discover import discover_articles
from pipeline.fetch import Fetcher
from pipeline.lake import lake_lock, read_partition, write_partition, write_tables
from pipeline.models import RawPage, Reject
from pipeline.normalize import build_reject_row, build_rows, stable_id
from pipeline.parse import parse_page
from pipeline.progress import track
from pipeline.revisions import REVISION_KINDS, Gone, Repair, plan_revisions
from pipeline.revisit import due_revisits, load_fetch_history
from pipeline.rows import ArticleRow, FetchRow, QuoteRow, RejectRow, SourceRow, UpdateRow

FETCH_HOSTS = 4  # hosts of one source fetched in parallel
EXTERNAL = "_external"  # <raw>/_external/ingest_date=D/*.json: archives registered for D
SAFE = re.compile(r"[^A-Za-z0-9._-]+")
CANONICAL = re.compile(
    rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"']+)["']|"""
    rb"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FetchSummary:
    """What fetching one source produced: its WARC file and the outcome counts."""

    source: str
    warc_path: str
    discovered: int
    outcomes: dict[str, int]


@dataclass
class RowBatch:
    """Rows collected for one partition (loose state inside a job, never across stages)."""

    articles: list[ArticleRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    updates: list[UpdateRow] = field(default_factory=list)
    rejects: dict[str, RejectRow] = field(default_factory=dict)
    fetches: list[FetchRow] = field(default_factory=list)
    gone: list[Gone] = field(default_factory=list)
    seen_versions: set[tuple[str, str]] = field(default_factory=set)
    pages_in: int = 0

    def add_reject(self, reject: Reject, run_id: str) -> None:
        row = build_reject_row(reject, run_id)
        self.rejects.setdefault(row.reject_id, row)

    def add_outcome(self, outcome: FetchOutcome, source: str, warc_path: str, run_id: str
                    ) -> None:
        at = outcome.at or datetime.now(UTC)
        self.fetches.append(FetchRow(
            fetch_id=stable_id("fetch", outcome.url, outcome.role, at.isoformat()),
            url=outcome.url, final_url=outcome.final_url, source=source, role=outcome.role,
            outcome=outcome.outcome, reason=outcome.reason, http_status=outcome.status,
            etag=outcome.etag, last_modified=outcome.last_modified, fetched_at=at,
            warc_path=warc_path, run_id=run_id, parser_version=PARSER_VERSION,
        ))
        if outcome.role == "article" and outcome.status in (404, 410):
            self.gone.append(Gone(outcome.url, at, "removed"))
        elif (outcome.role == "article" and outcome.outcome == "fetched" and outcome.final_url
              and outcome.final_url != outcome.url):
            self.gone.append(Gone(outcome.url, at, "redirected", outcome.final_url))

    def add_page(self, page: RawPage, run_id: str) -> None:
        self.pages_in += 1
        result = parse_page(page)
        if isinstance(result, Reject):
            self.add_reject(result, run_id)
            return
        rows = build_rows(result, run_id)
        article = rows.articles[0]
        version = (article.article_id, article.content_hash)
        if version in self.seen_versions:  # the same version twice in one batch
            return
        self.seen_versions.add(version)
        self.articles.extend(rows.articles)
        self.quotes.extend(rows.quotes)
        self.sources.extend(rows.sources)
        self.updates.extend(rows.updates)

    def tables(self) -> dict[str, list]:
        return {
            "articles": self.articles,
            "quotes": self.quotes,
            "sources": self.sources,
            "updates": self.updates,
            "rejects": list(self.rejects.values()),
            "fetches": self.fetches,
        }


def safe_name(text: str) -> str:
    """One path component from any text: never empty, never a separator, never "." or ".."."""
    name = SAFE.sub("_", text).strip("_")
    return name if name.strip(".") else "run"


def warc_path_for(settings: Settings, source: str, ingest_date: date, run_id: str) -> Path:
    return (Path(settings.raw) / safe_name(source) / f"ingest_date={ingest_date.isoformat()}"
            / f"{safe_name(run_id)}.warc.gz")


def fetch_source(settings: Settings, source_name: str, ingest_date: date, run_id: str,
                 refetch: bool = False) -> FetchSummary:
    """Discover a source's articles and fetch them into one WARC file for this run.

    When the raw archive already holds this source and date (a rerun, a backfill of the
    daily DAG), nothing is fetched: the partition is rebuilt from the archive. ``refetch``
    fetches again anyway. A retry of the same run rewrites the same file.
    """
    source = settings.source(source_name)
    path = warc_path_for(settings, source.name, ingest_date, run_id)
    existing = sorted(p for p in path.parent.glob("*.warc.gz") if p != path)
    if existing and not refetch:
        return FetchSummary(source.name, str(existing[-1]), 0, {"reparsed_files": len(existing)})
    outcomes: Counter[str] = Counter()
    # The run's "now" is the end of its data interval, so a rerun picks the same revisits.
    now = datetime(ingest_date.year, ingest_date.month, ingest_date.day, tzinfo=UTC) + \
        timedelta(days=1)
    revisit_window = max(source.revisit_after, default=timedelta(0))
    history = load_fetch_history(settings.lake, source.name, ingest_date, revisit_window)
    feed_window = (now - timedelta(days=source.lookback_days), now) if source.lookback_days else (
        None, None)
    with WarcArchive(path) as archive, Fetcher(settings, source, archive) as fetcher:
        discovery = discover_articles(fetcher, since=feed_window[0], until=feed_window[1])
        for failure in discovery.failures:
            outcomes[f"feed_{failure.outcome}"] += 1
        urls = [ref.url for ref in discovery.refs]
        known = set(urls)
        revisits = [u for u in due_revisits(history, now, source.revisit_after) if u not in known]
        outcomes["revisits"] = len(revisits)
        # hosts in parallel, each host one request at a time with its delay
        results = fetcher.fetch_many(urls + revisits, max_hosts=FETCH_HOSTS,
                                     validators={u: h.validators for u, h in history.items()})
        for result in results:
            outcomes[result.outcome.outcome] += 1
    return FetchSummary(source.name, str(path), len(discovery.refs), dict(outcomes))


def add_archive_record(batch: RowBatch, record: ArchiveRecord, source: str, run_id: str,
                       warc_path: str = "") -> None:
    """Turn one archive item into rows or a reject; feeds and robots.txt are not articles."""
    if record.error is not None:
        batch.add_reject(Reject(url=record.url or "?", stage="archive", reason="corrupt_record",
                                detail=record.error, source=source), run_id)
        return
    if record.outcome is not None:
        outcome = record.outcome
        batch.add_outcome(outcome, source, warc_path, run_id)
        if outcome.outcome in ("fetched", "not_modified"):
            return
        stage = "discover" if outcome.role in ("feed", "sitemap") else "fetch"
        batch.add_reject(Reject(url=outcome.url, stage=stage, reason=outcome.reason or
                                outcome.outcome, detail=outcome.detail, source=source,
                                fetched_at=outcome.at, status=outcome.status), run_id)
        return
    page = record.page
    if page is None or record.role != "article":
        return
    if page.status in (301, 302, 303, 307, 308, 304):
        return  # redirect hops; the final response is its own record
    if page.status != 200:
        batch.add_reject(Reject(url=page.url, stage="fetch", reason=f"http_{page.status}",
                                detail=f"HTTP {page.status}", source=page.source or source,
                                fetched_at=page.fetched_at, status=page.status), run_id)
        return
    batch.add_page(page, run_id)


def write_batch(settings: Settings, ingest_date: date, batch: RowBatch, run_id: str
                ) -> dict[str, int]:
    """Add revision rows, replace the date's partitions, then repair later revision rows.

    Revisions are derived from every other date's partitions, so runs of different dates
    (a backfill's concurrent runs) take turns here: each sees the others' finished writes.
    """
    with lake_lock(settings.lake, "revisions"):
        plan = plan_revisions(settings.lake, ingest_date, batch.articles, batch.quotes,
                              batch.gone, run_id, [u.update_id for u in batch.updates])
        batch.updates = [u for u in batch.updates if u.update_id not in plan.known_notes]
        batch.updates.extend(plan.rows)
        counts = write_tables(settings.lake, ingest_date, batch.tables())
        for partition, repair in sorted(plan.repairs.items()):
            repair_updates(settings, date.fromisoformat(partition), repair)
    return counts


def repair_updates(settings: Settings, day: date, repair: Repair) -> None:
    """Re-derive some articles' revision rows in another date's updates partition."""
    stored = read_partition(settings.lake, "updates", day).to_pylist()
    kept = [r for r in stored
            if not (r["kind"] in REVISION_KINDS and r["article_id"] in repair.article_ids)
            and r["update_id"] not in repair.drop_ids]
    new = kept + [asdict(r) for r in repair.rows]
    if sorted(r["update_id"] for r in new) != sorted(r["update_id"] for r in stored):
        write_partition(settings.lake, "updates", day, new)


def raw_inputs(settings: Settings, day: date, source: str | None = None
               ) -> list[tuple[str, str, str | None]]:
    """(path, source, fixed day) of every raw input of a date: own WARCs, registered archives."""
    inputs: list[tuple[str, str, str | None]] = []
    raw = Path(settings.raw)
    pattern = f"{safe_name(source) if source else '[!_]*'}/ingest_date={day.isoformat()}/*.warc*"
    for path in sorted(raw.glob(pattern)):
        inputs.append((str(path), path.parent.parent.name, day.isoformat()))
    for manifest in sorted((raw / EXTERNAL / f"ingest_date={day.isoformat()}").glob("*.json")):
        data = json.loads(manifest.read_text())
        if source is None or data["source"] == source:
            inputs.append((data["path"], data["source"], None))
    return inputs


def build_partition(
    settings: Settings, ingest_date: date, warc_paths: Sequence[str], run_id: str
) -> dict[str, int]:
    """Rebuild the date's partition of every table from all its raw inputs.

    The run's own WARC files, earlier runs' files of the same date and external archives
    registered for it: the partition is a function of the raw archive, so a rerun, a
    re-parse and a backfill agree.
    """
    inputs: dict[str, tuple[str, str | None]] = {
        str(p): (Path(p).parent.parent.name, ingest_date.isoformat()) for p in warc_paths
    }
    for path, source, fixed in raw_inputs(settings, ingest_date):
        inputs.setdefault(path, (source, fixed))
    batch = RowBatch()
    for path, (source, fixed) in sorted(inputs.items()):
        for record in track(read_archive(path, source), None, f"parse {Path(path).name}",
                                   unit="record"):
            when = record.page.fetched_at if record.page else (
                record.outcome.at if record.outcome else None)
            if fixed is None and when is not None and when.astimezone(UTC).date() != ingest_date:
                continue  # an external archive holds other dates too
            add_archive_record(batch, record, source, run_id, path)
    return write_batch(settings, ingest_date, batch, run_id)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """WARC and HTML files named directly or found in folders, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _wanted(p))
        else:
            yield path


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc.gz", ".html", ".htm", ".html.gz", ".htm.gz"))


def read_html_file(path: Path, source: str) -> RawPage:
    """A saved page as a raw page; its URL from canonical/og:url, else the file's own URI."""
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    match = CANONICAL.search(data[:200_000])
    url = path.resolve().as_uri()
    if match:
        declared = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace").strip()
        if declared.startswith(("http://", "https://")):
            url = declared
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return RawPage(url=url, final_url=url, status=200,
                   headers=(("Content-Type", "text/html"),), body=data, fetched_at=modified,
                   source=source)


def ingest_paths(
    settings: Settings, paths: Sequence[str | Path], ingest_date: date, run_id: str,
    source: str = "ingest",
) -> dict[str, int]:
    """Ingest WARC files and saved HTML pages into one date's partition."""
    batch = RowBatch()
    for path in iter_input_files(paths):
        name = path.name.lower()
        if not path.exists():
            batch.add_reject(Reject(url=str(path), stage="archive", reason="missing_file",
                                    detail="no such file", source=source), run_id)
        elif ".warc" in name or name.endswith(".arc.gz"):
            for record in track(read_archive(path, source), None, f"ingest {path.name}",
                                   unit="record"):
                add_archive_record(batch, record, source, run_id, str(path))
        else:
            try:
                page = read_html_file(path, source)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                batch.add_reject(Reject(url=str(path), stage="archive", reason="unreadable_file",
                                        detail=str(exc), source=source), run_id)
                continue
            batch.add_page(page, run_id)
    return write_batch(settings, ingest_date, batch, run_id)


def run_daily(settings: Settings, ingest_date: date, run_id: str, refetch: bool = False
              ) -> dict[str, int]:
    """The whole daily job in one process: fetch every source, then build the partition."""
    summaries = [fetch_source(settings, s.name, ingest_date, run_id, refetch)
                 for s in settings.sources]
    return build_partition(settings, ingest_date, [s.warc_path for s in summaries], run_id)
