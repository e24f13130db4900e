"""Every notebook in ``examples/`` runs top to bottom against the installed package, carries
the outputs that run gives (see tests/notebook_outputs.py), and is in step with its paired
``py:percent`` script (the reviewable copy)."""

from __future__ import annotations

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
def kernel() -> Iterator[str]:
    from .notebook_outputs import this_python_kernel

    with this_python_kernel() as name:
        yield name


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_notebook_runs_and_its_outputs_are_current(notebook: Path, kernel: str) -> None:
    from .notebook_outputs import execute, outputs

    executed = execute(notebook, kernel)  # raises CellExecutionError, with the cell, on error
    errors = [
        output
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
    stored = nbformat.read(notebook, as_version=4)
    assert outputs(stored) == outputs(executed), (
        f"the outputs committed in {notebook.name} are not what it prints now: "
        "run `make notebook-outputs` and commit the notebook"
    )
    assert dict(stored.metadata) == dict(executed.metadata), "run `make notebook-outputs`"
