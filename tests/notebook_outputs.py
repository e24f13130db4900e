"""Run the notebooks of ``examples/`` and keep their outputs, the same on every run.

The committed notebooks carry their outputs, so that they read as a walk-through on a forge
as well as in JupyterLab. ``make notebook-outputs`` runs this module, which executes each
notebook top to bottom in a scratch folder and writes it back; tests/test_notebooks.py
executes them the same way and checks that the committed outputs are what a run gives now.

What would differ between two runs (the times of each cell, stream text cut into chunks at
other places, the interpreter's version in the metadata) is left out or normalised here; the
notebooks themselves print no temporary paths, times or memory addresses. The outputs do
show the rules version, so a change to the rules asks for ``make notebook-outputs`` again.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbclient
import nbformat

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
#: The notebook metadata kept: the pairing with the script and the kernel to open it with.
KEPT_METADATA = ("jupytext", "kernelspec")
KERNEL = "rightsrules-notebooks"
TIMEOUT = 120


@contextmanager
def this_python_kernel() -> Iterator[str]:
    """A kernel of this very Python (the one with rightsrules installed), found first: a
    ``python3`` kernel of the user's or the system's could run another interpreter."""
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder) / "kernels" / KERNEL
        spec.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"}),
            encoding="utf-8",
        )
        before = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(spec.parents[1]), before]))
        try:
            yield KERNEL
        finally:
            if before is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = before


def execute(path: Path, kernel: str) -> Any:
    """The notebook at ``path`` run top to bottom in a scratch folder, its outputs
    normalised; raises ``nbclient``'s ``CellExecutionError`` on the first failing cell."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as folder:
        client = nbclient.NotebookClient(
            notebook,
            timeout=TIMEOUT,
            kernel_name=kernel,
            resources={"metadata": {"path": folder}},
            record_timing=False,  # no start and end times in each cell's metadata
        )
        client.execute()
    return normalise(notebook)


def normalise(notebook: Any) -> Any:
    """The notebook with what varies between runs taken out: metadata beyond
    :data:`KEPT_METADATA`, the times of each cell, and stream output cut into chunks
    (consecutive chunks of one stream are joined)."""
    notebook.metadata = nbformat.from_dict(
        {key: notebook.metadata[key] for key in KEPT_METADATA if key in notebook.metadata}
    )
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # the times of a run, should any be recorded
        if cell.cell_type != "code":
            continue
        joined: list[Any] = []
        for output in cell.outputs:
            previous = joined[-1] if joined else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                joined.append(output)
        cell.outputs = joined
    return notebook


def outputs(notebook: Any) -> list[tuple[int | None, list[dict[str, Any]]]]:
    """Each code cell's execution count and outputs, as plain data, to compare two runs."""
    return [
        (cell.execution_count, json.loads(json.dumps(cell.outputs)))
        for cell in notebook.cells
        if cell.cell_type == "code"
    ]


def write_all() -> None:
    """Run every notebook and write it back with its outputs."""
    with this_python_kernel() as kernel:
        for path in NOTEBOOKS:
            print(f"running {path.name}", flush=True)
            nbformat.write(execute(path, kernel), path)


if __name__ == "__main__":
    write_all()
