"""The eval commands on the dev pack: one prediction per id, no crash (skipped without the pack)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.evaluation import evaluate_quotes, load_scorer, predict_page
from tests.conftest import EVAL_DEV, REPO

pytestmark = pytest.mark.skipif(not (EVAL_DEV / "gold.jsonl").exists(),
                                reason="../shared/eval/dev is absent")


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_eval_pages_predicts_every_id(dev_page_predictions: Path) -> None:
    out = dev_page_predictions
    expected = ids(EVAL_DEV / "gold.jsonl")
    assert len(ids(out)) == len(expected) == 2706
    assert ids(out) == expected
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    crashes = [r for r in rows if (r.get("error") or "").startswith("parser_error")]
    assert crashes == []


def test_eval_quotes_predicts_every_article(tmp_path: Path) -> None:
    out = tmp_path / "quotes.jsonl"
    assert evaluate_quotes(EVAL_DEV, out) == 924
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"id", "quotes", "sources"}
    for quote in first["quotes"]:
        assert 0 <= quote["start"] < quote["end"]


def test_unreadable_page_is_an_error_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "x.html.gz"
    broken.write_bytes(b"not gzip")
    assert "error" in predict_page(("x", str(broken), None))


@pytest.mark.slow
def test_accuracy_margins_count_pages_as_the_scorer_does(dev_page_predictions: Path) -> None:
    # The bootstrap re-scores pages one by one: its dev figures must be the scorer's own.
    margins = load_scorer(REPO / "benchmarks" / "accuracy_margins.py")
    scorer = load_scorer(EVAL_DEV.parent / "score_pages.py")
    gold_rows = [json.loads(line) for line in
                 (EVAL_DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    preds = {row["id"]: row for row in map(
        json.loads, dev_page_predictions.read_text(encoding="utf-8").splitlines())}
    expected = scorer.score(gold_rows, preds)["ALL (macro over sets)"]
    sets: dict[str, list[dict[str, object]]] = {}
    for gold in gold_rows:
        sets.setdefault(gold["set"], []).append(
            margins.score_page(scorer, gold, preds.get(gold["id"])))
    observed = margins.macro_figures(sets)
    assert set(observed) == set(expected)
    for name, (value, _count) in expected.items():
        assert observed[name] == pytest.approx(value)


def test_title_conventions_score_each_source_and_the_oracle(tmp_path: Path) -> None:
    conventions = load_scorer(REPO / "benchmarks" / "title_conventions.py")
    scorer = load_scorer(EVAL_DEV.parent / "score_pages.py")
    page = tmp_path / "a.html.gz"
    page.write_bytes(gzip.compress(
        b'<html><head><title>Harbour Cranes Return | The Tidewater Ledger</title>'
        b'<meta property="og:title" content="Cranes are back at the harbour">'
        b'<meta property="og:site_name" content="The Tidewater Ledger"></head><body>'
        b'<h1>Harbour Cranes Return</h1><p>The cranes came back on Monday.</p></body></html>'))
    page_id, found = conventions.read_candidates(("a", str(page), "https://ledger.example/a"))
    assert page_id == "a"
    assert found["<title>"] == "Harbour Cranes Return | The Tidewater Ledger"
    assert found["<title>, site cut"] == found["first h1"] == found["ours"]
    assert found["og:title"] == "Cranes are back at the harbour"
    golds = {"a": {"set": "s1", "title": "Cranes are back at the harbour"},
             "b": {"set": "s2", "title": "Harbour Cranes Return"}}
    table = conventions.tabulate(scorer, golds, {"a": found, "b": found})
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table[2:]}
    assert rows["ours"].endswith("| 0.000 | 1.000 | 0.500 |")
    assert rows["og:title"].endswith("| 1.000 | 0.000 | 0.500 |")
    assert rows["best source per set"].endswith("| 1.000 | 1.000 | 1.000 |")
    assert rows["per-page oracle"].endswith("| 1.000 | 1.000 | 1.000 |")
