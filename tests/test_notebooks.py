"""Every notebook in ``examples/`` runs top to bottom against the installed package, and each
is in step with its paired ``py:percent`` script (the reviewable copy)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the dev extras bring nbformat")
nbclient = pytest.importorskip("nbclient", reason="the dev extras bring nbclient")
jupytext = pytest.importorskip("jupytext", reason="the dev extras bring jupytext")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks_and_each_has_its_script() -> None:
    assert len(NOTEBOOKS) >= 5
    for notebook in NOTEBOOKS:
        assert notebook.with_suffix(".py").is_file(), notebook.name
    for script in EXAMPLES.glob("[0-9]*.py"):
        assert script.with_suffix(".ipynb").is_file(), script.name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_matches_its_script(notebook: Path) -> None:
    paired = jupytext.read(notebook.with_suffix(".py"))
    stored = nbformat.read(notebook, as_version=4)
    assert [(c.cell_type, c.source) for c in stored.cells] == [
        (c.cell_type, c.source) for c in paired.cells
    ], f"run: jupytext --sync {notebook.with_suffix('.py').name}"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A kernel of this very Python (the one with rightsrules installed), found first: a
    ``python3`` kernel of the user's or the system's could run another interpreter."""
    import os

    name = "rightsrules-test"
    spec = tmp_path_factory.mktemp("jupyter") / "kernels" / name
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": name, "language": "python"}), encoding="utf-8"
    )
    before = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(spec.parents[1]), before]))
    yield name
    if before is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = before


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs(notebook: Path, tmp_path: Path, kernel: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name=kernel,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
    errors = [
        output
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
