"""The analyst notebook runs top to bottom on a small lake and draws its plots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.lakes import build_sample_lake

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"
DAYS = [date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)]


@pytest.mark.slow
def test_explore_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lake = build_sample_lake(tmp_path, DAYS)
    monkeypatch.setenv("NEWS_LAKE", str(lake))  # the kernel inherits the environment
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), \
        "commit the notebook without outputs"
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    nbformat.write(notebook, tmp_path / "explore.executed.ipynb")
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 5  # week, sites per day, sources, quotes, revision history
    text = "".join(o.get("text", "") for o in outputs)
    assert str(lake) in text and "2026-11-20..2026-11-26" in text
