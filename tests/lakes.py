"""Small lakes for reader, report and notebook tests, built by ingesting pages from files."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from pipeline.config import Settings
from pipeline.job import ingest_paths
from pipeline.sample.server import SITE_DIR

# (section, file name, day index, html) -> html
Transform = Callable[[str, str, int, str], str]
EDITED_PAGE = "harbor-talks.html"
EDIT = "<p>Late on Thursday the union said talks would resume on Monday morning.</p>"


def host_for(section: str) -> str:
    """Each section of the sample site is served as its own site, so per-site views differ."""
    return f"{section}.sample.test"


def edit_one_page(section: str, name: str, index: int, html: str) -> str:
    """From the second day on, one article gains a paragraph: a content_changed revision."""
    if index >= 1 and name == EDITED_PAGE:
        return html.replace("</article>", f"{EDIT}</article>", 1)
    return html


def render_sample_site(dest: Path, day: date, index: int = 0,
                       transform: Transform | None = edit_one_page) -> Path:
    """The sample site's pages as files, with real hosts and file times at noon of the day."""
    stamp = datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp()
    for page in sorted(SITE_DIR.rglob("*.html")):
        section = page.parent.name
        html = page.read_text(encoding="utf-8").replace("{{BASE_URL}}",
                                                         f"https://{host_for(section)}")
        if transform is not None:
            html = transform(section, page.name, index, html)
        out = dest / section / page.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
        os.utime(out, (stamp, stamp))
    return dest


def build_sample_lake(root: Path, days: Sequence[date],
                      transform: Transform | None = edit_one_page) -> Path:
    """A lake with one partition per day, each ingested from the rendered sample site."""
    lake = root / "lake"
    settings = Settings(lake=str(lake), raw=str(root / "raw"))
    for index, day in enumerate(days):
        # one folder for every day: pages without a canonical URL keep their file URL and id
        pages = render_sample_site(root / "pages", day, index, transform)
        ingest_paths(settings, [pages], day, f"test-{day.isoformat()}", source="sample")
    return lake


def gazette_page(host: str, slug: str, day: date, n: int, broken: bool = False) -> str:
    """An invented article page; ``broken`` is the new template without author or date."""
    title = f"Harbour council story number {n} on the ferry timetable"
    published = f"{day.isoformat()}T08:{n:02d}:00+00:00"
    meta = "" if broken else (
        '<meta name="author" content="Jane Porter">'
        f'<meta property="article:published_time" content="{published}">')
    byline = "" if broken else (
        f'<p class="byline">By Jane Porter</p><time datetime="{published}">{day:%d %B %Y}</time>')
    paragraphs = "".join(
        f"<p>The harbour council met for session {i} of story {n} to discuss the ferry "
        "timetable and the cost of dredging the eastern channel before winter storms.</p>"
        '<p>"We cannot wait another season for this work," said Mayor Elena Brandt, who '
        'chairs the council. "The channel is silting up faster than anyone expected."</p>'
        for i in range(3))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title} | The Test Gazette</title>"
        f'<link rel="canonical" href="https://{host}/news/{slug}.html">'
        f'<meta property="og:site_name" content="The Test Gazette">{meta}</head>'
        f'<body><main><article><h1>{title}</h1>{byline}<div class="article-body">'
        f"{paragraphs}</div></article></main><footer>The Test Gazette</footer></body></html>")


def build_gazette_lake(root: Path, days: Sequence[date], broken_host: str,
                       hosts: Sequence[str] = ("gazette.test", "steady.test"),
                       per_day: int = 3) -> Path:
    """Invented sites with new articles every day; on the last day one host's template breaks."""
    lake = root / "lake"
    settings = Settings(lake=str(lake), raw=str(root / "raw"))
    for index, day in enumerate(days):
        folder = root / "pages" / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for host in hosts:
            broken = host == broken_host and index == len(days) - 1
            for n in range(per_day):
                slug = f"story-{index}-{n}"
                path = folder / f"{host}-{slug}.html"
                path.write_text(gazette_page(host, slug, day, n, broken), encoding="utf-8")
        ingest_paths(settings, [folder], day, f"test-{day.isoformat()}", source="gazette")
    return lake
