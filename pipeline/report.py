"""Run report (self-contained HTML + JSON) and parser health checks, read back from the lake."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.reader import open_table, read_arrow, read_table
from pipeline.schema import TABLES, load_schema

HEALTH_FIELDS = ("title", "body", "published", "authors", "quotes")
BODY_MIN_WORDS = 50  # a body shorter than this counts as missing (a broken extractor's crumbs)
NO_SITE = "(no site)"
REPORTS = "reports"
QUOTE_BUCKETS = 10  # histogram of quotes per article: 0..9 and "10+"


@dataclass(frozen=True)
class HealthWarning:
    """A site whose fill rate of one field fell well below its trailing level."""

    site: str
    field: str
    day: str
    rate: float
    baseline: float
    articles: int
    baseline_articles: int

    @property
    def message(self) -> str:
        return (f"{self.site}: {self.field} filled in {self.rate:.0%} of {self.articles} "
                f"articles on {self.day}, against {self.baseline:.0%} of "
                f"{self.baseline_articles} over the trailing window")


def report_dir(lake: str | Path, day: date) -> Path:
    """Where a day's report goes by default: ``<lake>/../reports/ingest_date=YYYY-MM-DD/``."""
    return Path(lake).resolve().parent / REPORTS / f"ingest_date={day.isoformat()}"


def _filled(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where a value is present: not null, not blank text, not an empty list."""
    if pa.types.is_list(column.type):
        return pc.fill_null(pc.greater(pc.list_value_length(column), 0), False)
    if pa.types.is_string(column.type):
        length = pc.utf8_length(pc.utf8_trim_whitespace(column))
        return pc.fill_null(pc.greater(length, 0), False)
    return pc.is_valid(column)


def _sites(column: pd.Series) -> pd.Series:
    return column.fillna("").astype(str).replace("", NO_SITE)


def quote_counts(lake: str | Path, start: date, end: date) -> pd.DataFrame:
    """Quotes per article version and partition, zero included, with the version's site."""
    articles = read_table(lake, "articles", start, end,
                          columns=["article_id", "content_hash", "site"])
    quotes = read_table(lake, "quotes", start, end, columns=["article_id", "content_hash"])
    keys = ["article_id", "content_hash", "ingest_date"]
    counts = quotes.groupby(keys).size().rename("quotes").reset_index()
    merged = articles.merge(counts, on=keys, how="left")
    merged["quotes"] = merged["quotes"].fillna(0).astype(int)
    merged["site"] = _sites(merged["site"])
    return merged


def health_frame(lake: str | Path, start: date, end: date) -> pd.DataFrame:
    """One row per article version in [start, end]: site, ingest_date and a flag per field."""
    columns = ["article_id", "content_hash", "site", "title", "word_count", "published_at",
               "authors"]
    table = read_arrow(lake, "articles", start, end, columns=columns)
    frame = pd.DataFrame({
        "article_id": table.column("article_id").to_pandas(),
        "content_hash": table.column("content_hash").to_pandas(),
        "site": _sites(table.column("site").to_pandas()),
        "ingest_date": table.column("ingest_date").to_pandas(date_as_object=False),
        "title": _filled(table.column("title")).to_pandas(),
        "body": pc.fill_null(pc.greater_equal(table.column("word_count"), BODY_MIN_WORDS),
                             False).to_pandas(),
        "published": _filled(table.column("published_at")).to_pandas(),
        "authors": _filled(table.column("authors")).to_pandas(),
    })
    counts = quote_counts(lake, start, end)
    keys = ["article_id", "content_hash", "ingest_date"]
    frame = frame.merge(counts[[*keys, "quotes"]], on=keys, how="left")
    frame["quotes"] = frame["quotes"].fillna(0) > 0
    return frame


def _rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Per site: number of article versions and the share with each health field filled."""
    if frame.empty:
        return pd.DataFrame(columns=["articles", *HEALTH_FIELDS])
    grouped = frame.groupby("site")
    rates = grouped[list(HEALTH_FIELDS)].mean()
    rates.insert(0, "articles", grouped.size())
    return rates


def check_parser_health(lake: str | Path, day: date, window_days: int = 7, drop: float = 0.5,
                        min_articles: int = 3) -> list[HealthWarning]:
    """Sites whose fill rate of a health field fell by ``drop`` (relative) or more.

    The baseline is the site's pooled fill rate over the ``window_days`` days before
    ``day``; a site is judged only with at least ``min_articles`` article versions on the
    day and in the window, and only for fields it filled at all before. Fields: title,
    body (at least 50 words), published, authors, quotes (at least one).
    """
    return _health(lake, day, window_days, drop, min_articles)[0]


def _health(lake: str | Path, day: date, window_days: int, drop: float, min_articles: int
            ) -> tuple[list[HealthWarning], pd.DataFrame, pd.DataFrame]:
    frame = health_frame(lake, day - timedelta(days=window_days), day)
    is_day = frame["ingest_date"].dt.date == day
    today, baseline = _rates(frame[is_day]), _rates(frame[~is_day])
    warnings = []
    for site in today.index:
        if site not in baseline.index:
            continue
        n_day, n_base = int(today.at[site, "articles"]), int(baseline.at[site, "articles"])
        if n_day < min_articles or n_base < min_articles:
            continue
        for field in HEALTH_FIELDS:
            before, now = float(baseline.at[site, field]), float(today.at[site, field])
            if before > 0 and (before - now) / before >= drop - 1e-9:
                warnings.append(HealthWarning(site, field, day.isoformat(), round(now, 4),
                                              round(before, 4), n_day, n_base))
    return warnings, today, baseline


def fill_rates(lake: str | Path, day: date) -> dict[str, dict[str, Any]]:
    """Per site: article versions on the day and the share filled of every articles column."""
    table = read_arrow(lake, "articles", day, day)
    names = load_schema("articles").names
    flags = pd.DataFrame({name: _filled(table.column(name)).to_pandas() for name in names})
    groups = _sites(table.column("site").to_pandas())
    result: dict[str, dict[str, Any]] = {}
    for site, group in flags.groupby(groups):
        result[str(site)] = {
            "articles": len(group),
            "fields": {name: round(float(group[name].mean()), 4) for name in names},
        }
    return result


def _funnel(lake: str | Path, day: date, articles: int) -> dict[str, int]:
    fetches = read_table(lake, "fetches", day, day, columns=["url", "role", "outcome"])
    rejects = read_table(lake, "rejects", day, day, columns=["stage"])
    pages = fetches[fetches["role"] == "article"]
    return {
        "discovered": int(pages["url"].nunique()),
        "fetched": int((pages["outcome"] == "fetched").sum()),
        "not_modified": int((pages["outcome"] == "not_modified").sum()),
        "not_fetched": int((~pages["outcome"].isin(["fetched", "not_modified"])).sum()),
        "parsed": articles,
        "rejected": len(rejects),
        "rejected_at_parse": int(rejects["stage"].isin(["parse", "normalize"]).sum()),
    }


def _counts(frame: pd.DataFrame, by: list[str]) -> list[dict[str, Any]]:
    if frame.empty:
        return []
    grouped = frame.groupby(by, dropna=False).size().rename("count").reset_index()
    grouped = grouped.sort_values(["count", *by], ascending=[False, *[True] * len(by)])
    return [{k: (None if pd.isna(v) else (int(v) if k == "count" else str(v)))
             for k, v in row.items()} for row in grouped.to_dict("records")]


def _quotes_summary(lake: str | Path, day: date) -> dict[str, Any]:
    counts = quote_counts(lake, day, day)
    values = counts["quotes"]
    histogram = {str(n): int((values == n).sum()) for n in range(QUOTE_BUCKETS)}
    histogram[f"{QUOTE_BUCKETS}+"] = int((values >= QUOTE_BUCKETS).sum())
    return {
        "articles": len(values),
        "quotes": int(values.sum()),
        "mean": round(float(values.mean()), 3) if len(values) else None,
        "median": float(values.median()) if len(values) else None,
        "max": int(values.max()) if len(values) else None,
        "histogram": histogram,
        "by_site": {str(site): round(float(mean), 3)
                    for site, mean in counts.groupby("site")["quotes"].mean().items()},
    }


def _rate_table(rates: pd.DataFrame) -> dict[str, dict[str, float | int]]:
    return {str(site): {"articles": int(row["articles"]),
                        **{f: round(float(row[f]), 4) for f in HEALTH_FIELDS}}
            for site, row in rates.iterrows()}


def build_report(lake: str | Path, day: date, window_days: int = 7, drop: float = 0.5,
                 min_articles: int = 3) -> dict[str, Any]:
    """The report's content as plain JSON-ready data (what report.json holds)."""
    rows = {table: open_table(lake, table, day, day).count_rows() for table in TABLES}
    lineage = pd.concat([read_table(lake, t, day, day, columns=["run_id", "parser_version"])
                         for t in TABLES])
    fetches = read_table(lake, "fetches", day, day, columns=["role", "outcome", "reason"])
    rejects = read_table(lake, "rejects", day, day, columns=["stage", "reason"])
    warnings, today, baseline = _health(lake, day, window_days, drop, min_articles)
    return {
        "ingest_date": day.isoformat(),
        "lake": str(Path(lake).resolve()),
        "run_ids": sorted(lineage["run_id"].dropna().unique().tolist()),
        "parser_versions": sorted(lineage["parser_version"].dropna().unique().tolist()),
        "rows": rows,
        "funnel": _funnel(lake, day, rows["articles"]),
        "fetch_outcomes": _counts(fetches, ["role", "outcome", "reason"]),
        "rejects": _counts(rejects, ["stage", "reason"]),
        "fill_rates": fill_rates(lake, day),
        "quotes_per_article": _quotes_summary(lake, day),
        "health": {
            "fields": list(HEALTH_FIELDS),
            "window_days": window_days,
            "drop": drop,
            "min_articles": min_articles,
            "body_min_words": BODY_MIN_WORDS,
            "today": _rate_table(today),
            "baseline": _rate_table(baseline),
            "warnings": [{**asdict(w), "message": w.message} for w in warnings],
        },
    }


def write_run_report(lake: str, day: date, out_dir: str | None = None, window_days: int = 7,
                     drop: float = 0.5, min_articles: int = 3) -> dict[str, Any]:
    """Write ``report.html`` and ``report.json`` for one ingest date; returns the JSON data.

    Default folder: :func:`report_dir` (``<lake>/../reports/ingest_date=YYYY-MM-DD/``), one
    per run date, rewritten by a rerun. The HTML needs no network: CSS and SVG are inline.
    """
    report = build_report(lake, day, window_days, drop, min_articles)
    folder = Path(out_dir) if out_dir is not None else report_dir(lake, day)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True) + "\n",
                                        encoding="utf-8")
    (folder / "report.html").write_text(render_html(report), encoding="utf-8")
    return report


# --- HTML and SVG ------------------------------------------------------------------------

BAR = "#3b6ea5"
BAD = "#c0392b"
MUTED = "#9aa5b1"
CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px;
       color: #1f2933; max-width: 1100px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #d9dee3; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.warn { background: #fdecea; border: 1px solid #c0392b; padding: 8px 12px; }
.ok { background: #eaf7ee; border: 1px solid #2e7d32; padding: 8px 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.meta { color: #52606d; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2933; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _number(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def svg_bars(items: Sequence[tuple[str, float]], title: str, percent: bool = False,
             colors: Sequence[str] | None = None, markers: Sequence[float | None] | None = None,
             width: int = 520) -> str:
    """A horizontal bar chart as inline SVG; ``markers`` draw a reference tick on each bar."""
    label_w, value_w, row_h, top = 170, 60, 22, 28
    bar_w = width - label_w - value_w
    top_value = 1.0 if percent else max([v for _, v in items] + [0.0])
    scale = bar_w / top_value if top_value > 0 else 0.0
    height = top + row_h * max(len(items), 1) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{_e(title)}</text>',
    ]
    if not items:
        parts.append(f'<text x="0" y="{top + 14}" fill="{MUTED}">no data</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        color = colors[i] if colors else BAR
        length = max(value * scale, 0.0) if not math.isnan(value) else 0.0
        short = label if len(label) <= 26 else label[:25] + "…"
        parts += [
            f'<text x="0" y="{y + 15}"><title>{_e(label)}</title>{_e(short)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 6}" '
            'fill="#eef1f4"/>',
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{length:.1f}" '
            f'height="{row_h - 6}" fill="{color}"/>',
            f'<text x="{label_w + bar_w + 6}" y="{y + 15}">{_e(_number(value, percent))}</text>',
        ]
        marker = markers[i] if markers else None
        if marker is not None:
            x = label_w + marker * scale
            parts.append(f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="{y}" '
                         f'y2="{y + row_h}" stroke="#1f2933" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fill_table(fill: dict[str, dict[str, Any]]) -> str:
    sites = sorted(fill)
    if not sites:
        return "<p class='meta'>No articles on this day.</p>"
    head = "".join(f"<th>{_e(s)}</th>" for s in sites)
    counts = "".join(f"<td>{fill[site]['articles']}</td>" for site in sites)
    rows = [f"<tr><td>articles</td>{counts}</tr>"]
    for name in load_schema("articles").names:
        cells = []
        for site in sites:
            rate = fill[site]["fields"][name]
            shade = f"rgba(59, 110, 165, {0.08 + 0.5 * rate:.2f})"
            cells.append(f'<td style="background:{shade}">{rate:.0%}</td>')
        rows.append(f"<tr><td><code>{_e(name)}</code></td>{''.join(cells)}</tr>")
    return f"<table><thead><tr><th>field</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>" \
           "</table>"


def _health_section(health: dict[str, Any]) -> str:
    warnings = health["warnings"]
    flagged = {(w["site"], w["field"]) for w in warnings}
    if warnings:
        listed = "".join(f"<li>{_e(w['message'])}</li>" for w in warnings)
        box = ('<div class="warn" id="health-warnings"><strong>Parser health: '
               f"{len(warnings)} warning(s)</strong><ul>{listed}</ul></div>")
    else:
        box = '<div class="ok" id="health-warnings">Parser health: no site fell below its ' \
              "trailing level.</div>"
    charts = []
    for site, rates in sorted(health["today"].items()):
        base = health["baseline"].get(site)
        items = [(f"{f} (flagged)" if (site, f) in flagged else f, float(rates[f]))
                 for f in HEALTH_FIELDS]
        colors = [BAD if (site, f) in flagged else BAR for f in HEALTH_FIELDS]
        markers = [float(base[f]) if base else None for f in HEALTH_FIELDS]
        charts.append(svg_bars(items, f"{site} ({rates['articles']} articles)", percent=True,
                               colors=colors, markers=markers, width=420))
    note = (f"Bars: share of the day's article versions with the field filled; black tick: "
            f"the site's level over the previous {health['window_days']} days. A field is "
            f"flagged when it falls by {health['drop']:.0%} or more of that level (sites with "
            f"at least {health['min_articles']} articles on both sides; body means at least "
            f"{health['body_min_words']} words; quotes means at least one quote).")
    return f"{box}<p class='meta'>{_e(note)}</p><div class='charts'>{''.join(charts)}</div>"


def render_html(report: dict[str, Any]) -> str:
    """The report as one HTML page with inline CSS and SVG: no scripts, no network."""
    funnel = report["funnel"]
    quotes = report["quotes_per_article"]
    funnel_items = [(k.replace("_", " "), float(v)) for k, v in funnel.items()]
    reject_items = [(f"{r['stage']}: {r['reason']}", float(r["count"]))
                    for r in report["rejects"]]
    rows_items = [(t, float(n)) for t, n in report["rows"].items()]
    hist_items = [(f"{k} quotes", float(v)) for k, v in quotes["histogram"].items()]
    site_items = [(s, float(v)) for s, v in sorted(quotes["by_site"].items())]
    outcomes = [(o["role"], o["outcome"], o["reason"] or "", o["count"])
                for o in report["fetch_outcomes"]]
    fetch_note = "" if funnel["discovered"] else (
        "<p class='meta'>No requests logged for this day (pages ingested from files or "
        "archives).</p>")
    day = report["ingest_date"]
    sections = [
        f"<h1>News pipeline run report: {_e(day)}</h1>",
        f"<p class='meta'>Lake <code>{_e(report['lake'])}</code> · runs "
        f"{_e(', '.join(report['run_ids']) or 'none')} · parser "
        f"{_e(', '.join(report['parser_versions']) or 'n/a')}</p>",
        _health_section(report["health"]),
        "<h2>Pages</h2>", fetch_note,
        "<div class='charts'>",
        svg_bars(funnel_items, "Pages discovered, fetched, parsed, rejected"),
        svg_bars(reject_items, "Rejects by stage and reason", colors=[BAD] * len(reject_items)),
        "</div>",
        _table(["role", "outcome", "reason", "requests"], outcomes) if outcomes else "",
        "<h2>Rows per table</h2>",
        svg_bars(rows_items, "Rows written per table"),
        "<h2>Quotes per article</h2>",
        f"<p>{quotes['quotes']} quotes in {quotes['articles']} article versions; mean "
        f"{_e(quotes['mean'])}, median {_e(quotes['median'])}, max {_e(quotes['max'])}.</p>",
        "<div class='charts'>",
        svg_bars(hist_items, "Article versions by number of quotes"),
        svg_bars(site_items, "Mean quotes per article, by site"),
        "</div>",
        "<h2>Fill rates per site</h2>",
        "<p class='meta'>Share of the day's article versions where each field is present "
        "(not null, not blank, not an empty list).</p>",
        _fill_table(report["fill_rates"]),
    ]
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>Run report {_e(day)}</title><style>{CSS}</style></head><body>"
            + "\n".join(sections) + "</body></html>\n")
