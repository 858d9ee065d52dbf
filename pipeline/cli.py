"""Command line: the same code path the DAG calls, without Airflow."""

from __future__ import annotations

import argparse
import resource
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.config import Settings, load_settings
from pipeline.errors import PipelineError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}")


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {"lake": getattr(args, "lake", None), "raw": getattr(args, "raw", None)}
    return load_settings(getattr(args, "config", None), overrides)


def _run_id(kind: str) -> str:
    return f"cli_{kind}__{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}"


def print_counts(lake: str, ingest_date: date, counts: dict[str, int]) -> None:
    print(f"lake: {Path(lake).resolve()}  (ingest_date={ingest_date.isoformat()})")
    for table, n in counts.items():
        print(f"  {table:<9} {n:>6} rows")


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.job import run_daily

    settings = _settings(args)
    counts = run_daily(settings, args.date, _run_id("run"), refetch=args.refetch)
    print_counts(settings.lake, args.date, counts)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from pipeline.job import ingest_paths

    settings = _settings(args)
    counts = ingest_paths(settings, args.paths, args.date, _run_id("ingest"), args.source)
    print_counts(settings.lake, args.date, counts)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from pipeline.lake import count_rows

    settings = _settings(args)
    print_counts(settings.lake, args.date, count_rows(settings.lake, args.date))
    return 0


def peak_rss_mb(who: int) -> float:
    """Peak resident memory of this process or of its largest finished child, in MB."""
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


def cmd_backfill(args: argparse.Namespace) -> int:
    from pipeline.backfill import backfill

    settings = _settings(args)
    if args.end < args.start:
        print("error: --to is before --from", file=sys.stderr)
        return 2
    if args.source and not args.warc:
        settings.source(args.source)  # a configured source: fail early on a typo
    summary = backfill(settings, args.start, args.end, _run_id("backfill"), warc_globs=args.warc,
                       source=args.source, sites=args.site, workers=args.workers,
                       batch_pages=args.batch_pages)
    print(f"lake: {Path(settings.lake).resolve()}  ({args.start} .. {args.end})")
    print(f"  pages in  {summary.pages:>8}")
    for table, n in sorted(summary.rows.items()):
        print(f"  {table:<9} {n:>8} rows")
    for reason, n in sorted(summary.rejects.items()):
        print(f"  rejected  {n:>8}  {reason}")
    for reason, n in sorted(summary.skipped.items()):
        print(f"  skipped   {n:>8}  {reason}")
    print(f"  peak memory: {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB merging, "
          f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB in the largest parse worker")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.report import report_dir, write_run_report

    settings = _settings(args)
    report = write_run_report(settings.lake, args.date)
    print(f"report: {report_dir(settings.lake, args.date) / 'report.html'}")
    for warning in report["health"]["warnings"]:
        print(f"  warning: {warning['message']}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff_versions

    settings = _settings(args)
    sys.stdout.write(diff_versions(settings.lake, args.article_id, args.before, args.after))
    return 0


def cmd_eval_pages(args: argparse.Namespace) -> int:
    from pipeline.evaluation import evaluate_pages

    n = evaluate_pages(args.pack, args.out, workers=args.workers)
    print(f"wrote {n} predictions to {args.out}")
    return 0


def cmd_eval_quotes(args: argparse.Namespace) -> int:
    from pipeline.evaluation import evaluate_quotes

    n = evaluate_quotes(args.pack, args.out)
    print(f"wrote {n} predictions to {args.out}")
    return 0


def cmd_schema_docs(args: argparse.Namespace) -> int:
    from pipeline.schema import render_dictionary

    text = render_dictionary() + "\n"
    if args.check:
        current = Path(args.out).read_text(encoding="utf-8") if Path(args.out).exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run `python -m pipeline schema docs`",
                  file=sys.stderr)
            return 1
        return 0
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def cmd_schema_snapshot(args: argparse.Namespace) -> int:
    from pipeline.migrations import (
        SNAPSHOT,
        check_schema_compatibility,
        current_columns,
        render_snapshot,
        snapshot_is_current,
    )

    if args.check:
        if not snapshot_is_current():
            print(f"{SNAPSHOT} is out of date: run `python -m pipeline schema snapshot`",
                  file=sys.stderr)
            return 1
        return 0
    problems = check_schema_compatibility() if SNAPSHOT.exists() else []
    if problems:
        for problem in problems:
            print(f"incompatible: {problem}", file=sys.stderr)
        print("snapshot not written: add the migration notes first", file=sys.stderr)
        return 1
    SNAPSHOT.write_text(render_snapshot(current_columns()), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", help="YAML config file (default: bundled sample config)")
        p.add_argument("--lake", help="lake location (overrides config and environment)")
        p.add_argument("--raw", help="raw archive location (overrides config and environment)")

    run = sub.add_parser("run", help="the daily job: discover, fetch, archive, parse, write")
    run.add_argument("--date", type=_date, required=True, help="partition date YYYY-MM-DD")
    run.add_argument("--refetch", action="store_true",
                     help="fetch again even when the raw archive holds this date")
    common(run)
    run.set_defaults(func=cmd_run)

    ingest = sub.add_parser("ingest", help="WARC files or folders of .html/.html.gz into the lake")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument("--date", type=_date, required=True, help="partition date YYYY-MM-DD")
    ingest.add_argument("--source", default="ingest", help="source name recorded on the rows")
    common(ingest)
    ingest.set_defaults(func=cmd_ingest)

    summary = sub.add_parser("summary", help="row counts per table for one date")
    summary.add_argument("--date", type=_date, required=True)
    common(summary)
    summary.set_defaults(func=cmd_summary)

    back = sub.add_parser("backfill", help="rebuild a date range from raw and external WARCs")
    back.add_argument("--from", dest="start", type=_date, required=True)
    back.add_argument("--to", dest="end", type=_date, required=True)
    back.add_argument("--source", help="only this source's raw files; name for external WARCs")
    back.add_argument("--warc", action="append", default=[],
                      help="external WARC files (glob; repeatable), e.g. 'ccnews/*.warc.gz'")
    back.add_argument("--site", action="append", default=[],
                      help="keep only records of this host (repeatable), e.g. news.example")
    back.add_argument("--reparse", action="store_true",
                      help="re-parse the raw archive of the range (the default when no --warc)")
    back.add_argument("--workers", type=int, default=2, help="parallel processes (files)")
    back.add_argument("--batch-pages", type=int, default=500, help="pages per staged batch")
    common(back)
    back.set_defaults(func=cmd_backfill)

    report = sub.add_parser("report", help="write the run report (HTML and JSON) for a date")
    report.add_argument("--date", type=_date, required=True)
    common(report)
    report.set_defaults(func=cmd_report)

    diff = sub.add_parser("diff", help="unified diff between two versions of an article")
    diff.add_argument("article_id")
    diff.add_argument("--from", dest="before", help="content_hash of the older version")
    diff.add_argument("--to", dest="after", help="content_hash of the newer version")
    common(diff)
    diff.set_defaults(func=cmd_diff)

    evaluate = sub.add_parser("eval", help="write predictions for an evaluation pack")
    eval_sub = evaluate.add_subparsers(dest="what", required=True)
    pages = eval_sub.add_parser("pages", help="page extraction, for score_pages.py")
    pages.add_argument("pack")
    pages.add_argument("--out", required=True)
    pages.add_argument("--workers", type=int, default=2)
    pages.set_defaults(func=cmd_eval_pages)
    quotes = eval_sub.add_parser("quotes", help="quotes and sources, for score_quotes.py")
    quotes.add_argument("pack")
    quotes.add_argument("--out", required=True)
    quotes.set_defaults(func=cmd_eval_quotes)

    schema = sub.add_parser("schema", help="schema tools")
    schema_sub = schema.add_subparsers(dest="what", required=True)
    docs = schema_sub.add_parser("docs", help="generate the data dictionary from schemas/")
    docs.add_argument("--out", default="docs/tables.md")
    docs.add_argument("--check", action="store_true", help="fail if the file is out of date")
    docs.set_defaults(func=cmd_schema_docs)
    snap = schema_sub.add_parser("snapshot", help="record the released columns and types "
                                 "(refused while a change is incompatible without a note)")
    snap.add_argument("--check", action="store_true", help="fail if the snapshot is out of date")
    snap.set_defaults(func=cmd_schema_snapshot)
    return parser


def main(argv: list[str] | None = None) -> int:
    from pipeline.config import configure_allocators

    args = build_parser().parse_args(argv)
    configure_allocators()
    try:
        return int(args.func(args))
    except PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
