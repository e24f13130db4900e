"""Commands that write a file (--out) refuse an unwritable place with exit 2 and its name."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from rightsrules.cli import main

EXAMPLE = str(Path(__file__).resolve().parents[1] / "facts/examples/mno-network-shutdown.yaml")


@pytest.mark.parametrize(
    "command",
    [
        ["report", EXAMPLE, "--format", "html"],
        ["report", EXAMPLE, "--format", "markdown"],
        ["picture", EXAMPLE],
        ["interview", EXAMPLE],
    ],
)
def test_an_unwritable_out_file_is_bad_input(
    command: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("stop\n"))
    target = tmp_path / "missing-folder" / "out"  # no extension: any format may go in it
    status = main([*command, "--out", str(target)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"cannot write {target}" in err
    assert "Traceback" not in err
