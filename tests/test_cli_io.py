"""Files through the command line (issue 12): nothing lost, nothing read without bound, and
every ordinary OS error a message naming the file and the reason, exit status 2.

Each test is the regression test of one bug of the issue (B1, B2, ...), named in its
docstring; the hostile files are in ``tests/hostile/``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from rightsrules import Scenario, ScenarioError, assess
from rightsrules.cli import interview_cmd, main
from rightsrules.cli._common import EXIT_REFUSED

HOSTILE = Path(__file__).parent / "hostile"
EXAMPLE = Path(__file__).parents[1] / "facts" / "examples" / "mno-network-shutdown.yaml"
RIGHTSRULES = Path(sys.executable).parent / "rightsrules"
LINE = '{"company": {"name": "Example %d", "type": "isp"}}\n'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "internal error" not in err
    return status, out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    status, _out, err = run(capsys, *args)
    assert status == 2, err
    assert err.startswith("rightsrules: error: "), err
    return err


@pytest.fixture()
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(LINE % n for n in range(1, 51)), encoding="utf-8")
    return path


# --- B1: an output that is an input ---------------------------------------------------------


def test_b1_batch_onto_its_own_input_is_refused_and_the_input_kept(
    jsonl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = jsonl.read_bytes()
    for out in (str(jsonl), str(jsonl.parent / "." / jsonl.name)):
        for extra in ([], ["--resume"], ["--force"]):
            err = refused(capsys, "batch", str(jsonl), "--out", out, *extra)
            assert f"cannot write {out}: it is the input {jsonl}" in err
    assert jsonl.read_bytes() == before


def test_b1_a_csv_and_a_scenario_are_not_replaced_by_their_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("company.name,company.type\nA,isp\n", encoding="utf-8")
    err = refused(capsys, "batch", str(csv), "--out", str(csv))
    assert "it is the input" in err
    assert csv.read_text(encoding="utf-8") == "company.name,company.type\nA,isp\n"
    scenario = tmp_path / "x.yaml"
    shutil.copy(EXAMPLE, scenario)
    link = tmp_path / "hard.yaml"
    link.hardlink_to(scenario)
    for command in ("report", "picture"):
        err = refused(capsys, command, str(scenario), "--out", str(link))
        assert f"cannot write {link}: it is the input {scenario} (the same file)" in err
    err = refused(capsys, "portfolio", str(csv), "--out", str(csv))
    assert "it is the input" in err
    err = refused(capsys, "advise", str(scenario), "--graph", str(scenario))
    assert f"cannot write {scenario}: it is the input {scenario}" in err
    assert scenario.read_bytes() == EXAMPLE.read_bytes()


# --- B2, B15, B16: the bounded reader --------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["advise", "/dev/zero"],
        ["report", "/dev/zero"],
        ["batch", "/dev/zero"],
        ["batch", "/dev/zero", "--format", "csv"],
        ["portfolio", "/dev/zero"],
        ["rules", "--rules", "/dev/zero"],
        ["lint", "/dev/zero"],
        ["test", "/dev/zero"],
    ],
)
def test_b2_a_device_is_refused_at_once_by_name(
    args: list[str], capsys: pytest.CaptureFixture[str], guard: None
) -> None:
    status, out, err = run(capsys, *args)
    assert status in (1, 2), err  # lint reports findings (exit 1), the others refuse
    assert "/dev/zero" in err + out
    assert "is a character device, not a file" in err + out


def test_b2_a_json_line_with_no_newline_is_read_in_bounded_memory(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, guard: None
) -> None:
    """Standard input that never ends (as `cat /dev/zero |`) gives one error line per limit
    crossed, never a line held whole; here it is cut after 3 MiB."""

    class Zeros(io.RawIOBase):
        given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            if self.given >= 3 * 1_048_576 + 10:
                return 0
            buffer[:] = b"0" * len(buffer)
            self.given += len(buffer)
            return len(buffer)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Zeros())))
    status, out, err = run(capsys, "batch", "-")
    assert status == EXIT_REFUSED, err
    first = json.loads(out.splitlines()[0])
    assert first["error"] == "<stdin>:1: record is over the limit of 1048576 bytes"


def test_b2_scenario_on_stdin_is_bounded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    big = io.BytesIO(b"company: {name: X, type: isp}\n" + b"#" * 2_000_000)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(big))
    err = refused(capsys, "advise", "-")
    assert "<stdin>: input is over the limit of 1048576 bytes" in err


@pytest.fixture()
def odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.yaml").write_text("company: {name: Fine, type: isp}\n", encoding="utf-8")
    os.mkfifo(folder / "b-fifo.yaml")
    (folder / "c-dir.yaml").mkdir()
    (folder / "d-broken.yaml").symlink_to(folder / "nowhere.yaml")
    (folder / "e-loop.yaml").symlink_to(folder / "e-loop.yaml")
    return folder


def test_b16_batch_gives_a_line_for_every_entry_of_a_folder(
    odd_folder: Path, capsys: pytest.CaptureFixture[str], guard: None
) -> None:
    status, out, err = run(capsys, "batch", str(odd_folder))
    assert status == EXIT_REFUSED, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["scenario"]["company"]["name"] == "Fine"
    assert [line.get("error", "").split(": ", 1)[-1] for line in lines[1:]] == [
        "is a FIFO (named pipe), not a file",
        "is a folder, not a file",
        "no such file or folder",
        "symbolic link loop",
    ]
    assert [line["record"] for line in lines[1:]] == [2, 3, 4, 5]


def test_b15_a_fifo_in_a_rules_folder_is_refused_not_waited_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], guard: None
) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    err = refused(capsys, "rules", "--rules", str(folder))
    assert f"{folder / 'pipe.yaml'}: is a FIFO (named pipe), not a file" in err
    _status, out, err = run(capsys, "lint", str(folder))
    assert "is a FIFO (named pipe), not a file" in out + err


def test_b15_and_b9_link_loops_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for args in (["advise", str(loop)], ["rules", "--rules", str(loop)]):
        err = refused(capsys, *args)
        assert f"{loop}: symbolic link loop" in err
    _status, out, err = run(capsys, "lint", str(loop))
    assert "symbolic link loop" in out + err
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    err = refused(capsys, "rules", "--rules", str(folder))
    assert "loop.yaml: symbolic link loop" in err


def test_b15_a_line_separator_in_a_comment_is_no_line_break(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = HOSTILE / "scenarios" / "line-separator-in-comment.yaml"
    status, out, err = run(capsys, "advise", str(path), "--format", "json")
    assert status == 0, err
    assert json.loads(out)["scenario"]["company"]["type"] == "isp"


# --- B3, B4, B6: parsers that drop nothing ---------------------------------------------------


def test_b3_an_open_quote_names_its_line_and_loses_no_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "batch", str(HOSTILE / "batch" / "open-quote.csv"))
    assert status == EXIT_REFUSED, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 4
    assert lines[1]["error"].endswith("open-quote.csv:3: the quote opened on line 3 is not closed")
    names = [line["scenario"]["company"]["name"] for line in lines if "scenario" in line]
    assert names == ["A", "C", "D"]


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("C{n}", "is not closed"),  # the quote runs to the end of the file
        ("{n:04d}" + "x" * 396, "is not closed within 131072 bytes"),
    ],
)
def test_b3_thousands_of_rows_after_an_open_quote_are_all_answered(
    name: str, why: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "q.csv"
    rows = "".join(f"{name.format(n=n)},isp\n" for n in range(400))
    path.write_text('company.name,company.type\nA,isp\n"B,isp\n' + rows, encoding="utf-8")
    status, out, err = run(capsys, "batch", str(path))
    assert status == EXIT_REFUSED, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 402
    assert lines[1]["error"] == f"{path}:3: the quote opened on line 3 {why}"
    assert [line["record"] for line in lines if "error" in line] == [2]


def test_b4_a_duplicate_key_in_a_json_line_is_refused_as_in_a_json_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = HOSTILE / "batch" / "duplicate-key.jsonl"
    _status, out, err = run(capsys, "batch", str(path))
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["error"] == f"{path}:1: company.name: duplicate key (first given on line 1)"
    assert second["scenario"]["company"]["name"] == "C"
    same = tmp_path / "same.json"
    same.write_text(path.read_text(encoding="utf-8").splitlines()[0], encoding="utf-8")
    err = refused(capsys, "advise", str(same))
    assert f"{same}:1: company.name: duplicate key (first given on line 1)" in err


def test_b6_a_huge_integer_in_a_json_line_is_located(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = HOSTILE / "batch" / "huge-integer.jsonl"
    _status, out, _err = run(capsys, "batch", str(path))
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["error"] == (
        f"{path}:1: company.size: an integer of 5000 digits is too long (the limit is 4300)"
    )
    assert first["key"] == "company.size"
    assert "set_int_max_str_digits" not in out
    assert second["scenario"]["company"]["name"] == "C"


def test_b12_the_library_refuses_huge_integers_with_its_own_error() -> None:
    for data in (
        {"company": {"name": 10**5000, "type": "isp"}},
        {"company": {"name": "X", "type": "isp", "departments": [10**5000]}},
    ):
        with pytest.raises(ScenarioError, match="a number too long to show"):
            assess(data)
    deep: list[object] = []
    item = deep
    for _ in range(20_000):
        item.append([])
        item = item[0]  # type: ignore[assignment]
    with pytest.raises(ScenarioError, match=r"company\.departments\.0: expected text"):
        Scenario.from_dict({"company": {"name": "X", "type": "isp", "departments": deep}})


# --- B5, B9, B17: the writer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("missing/plan", "the folder {tmp}/missing does not exist"),
        (".", "is a folder"),
        ("/dev/full", "no space left on the device"),
    ],
)
def test_b9_ordinary_output_errors_are_messages(
    tmp_path: Path, where: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = where if where.startswith("/") else str(tmp_path / where)
    for args in (
        ["report", str(EXAMPLE)],
        ["picture", str(EXAMPLE)],
        ["batch", str(HOSTILE / "batch" / "open-quote.csv")],
    ):
        err = refused(capsys, *args, "--out", out)
        assert f"cannot write {out.rstrip('/.') if where == '.' else out}" in err or (
            f"cannot write {out}" in err
        )
        assert reason.format(tmp=tmp_path) in err


def test_b9_stdout_on_a_full_device_is_a_message(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(RIGHTSRULES), "advise", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "rightsrules: error: cannot write standard output: no space left on the device\n"
    )


def test_b9_a_pyproject_tool_that_is_not_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """(``--jobs 10**20``, the other part of B9's list, is tested with the workers.)"""
    (tmp_path / "pyproject.toml").write_text('tool = "x"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    err = refused(capsys, "lint", str(Path(__file__).parents[1] / "rules"))
    assert f"{tmp_path / 'pyproject.toml'}: tool: must be a table" in err


def test_b9_a_test_folder_deeper_than_recursion_is_walked(
    tmp_path: Path, deep_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(capsys, "test", str(tmp_path))
    assert f"no test cases found in {tmp_path}" in err


def test_b11_test_finding_nothing_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(capsys, "test", str(tmp_path))
    assert err == f"rightsrules: error: no test cases found in {tmp_path}\n"


def _as_nobody(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("reading as another user needs root and setpriv(1)")
    return subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", str(RIGHTSRULES), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "HOME": str(cwd)},
    )


def test_b9_and_b11_unreadable_files_and_folders_are_messages(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    secret = tmp_path / "secret"
    secret.mkdir(mode=0o700)
    for name in ("in.jsonl", "in.csv"):
        (tmp_path / name).write_text("company.name,company.type\n", encoding="utf-8")
        (tmp_path / name).chmod(0o600)
    unreadable = "secret: cannot read the folder: permission denied"
    cases = [
        (["batch", "in.jsonl"], "in.jsonl: permission denied"),
        (["batch", "in.csv"], "in.csv: permission denied"),
        (["batch", "secret", "--out", "out.jsonl"], unreadable),
        (["test", "secret"], unreadable),
    ]
    for args, message in cases:
        done = _as_nobody(*args, cwd=tmp_path)
        if "Permission denied" in done.stderr and "rightsrules" not in done.stderr:
            pytest.skip(f"the venv is not readable by another user: {done.stderr.strip()}")
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr == f"rightsrules: error: {message}\n", args


def test_b17_a_link_as_out_is_refused_and_its_target_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    link = tmp_path / "plan.md"
    link.symlink_to(victim)
    err = refused(capsys, "report", str(EXAMPLE), "--out", str(link))
    assert f"cannot write {link}: is a symbolic link (to {victim})" in err
    assert victim.read_text(encoding="utf-8") == "keep me\n"


def test_b17_batch_refuses_a_non_empty_output_unless_told(
    tmp_path: Path, jsonl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    err = refused(capsys, "batch", str(jsonl), "--out", str(out))
    assert f"cannot write {out}: already holds 9 bytes; give --resume" in err
    assert out.read_text(encoding="utf-8") == "precious\n"
    status, _, err = run(capsys, "batch", str(jsonl), "--out", str(out), "--force")
    assert status == 0, err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 50
    report = tmp_path / "plan.md"
    report.write_text("old\n", encoding="utf-8")
    assert run(capsys, "report", str(EXAMPLE), "--out", str(report))[0] == 0
    assert report.read_text(encoding="utf-8").startswith("# ")


def test_b5_a_report_onto_a_full_disk_leaves_the_old_plan(
    tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tiny_disk / "plan.md"
    plan.write_text("the old plan\n", encoding="utf-8")
    err = refused(capsys, "report", str(EXAMPLE), "--out", str(plan))
    assert err == f"rightsrules: error: cannot write {plan}: no space left on the device\n"
    assert plan.read_text(encoding="utf-8") == "the old plan\n"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["plan.md"]


# --- B5: the interview keeps every answer ----------------------------------------------------


def interview(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answers: str | io.StringIO,
    *args: str,
) -> tuple[int, str, str]:
    stream = io.StringIO(answers) if isinstance(answers, str) else answers
    monkeypatch.setattr(sys, "stdin", stream)
    status = main(["interview", *args])
    out, err = capsys.readouterr()
    return status, out, err


class _CtrlC(io.StringIO):
    """Answers, then Ctrl-C where the next answer would be read."""

    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_b5_ctrl_c_keeps_every_answer_and_the_next_interview_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acme.yaml"
    draft = tmp_path / "acme.yaml.draft"
    status, _, err = interview(monkeypatch, capsys, _CtrlC("Acme\n"), "--out", str(out))
    assert status == 130
    assert f"the answers are saved in {draft}" in err
    assert draft.read_text(encoding="utf-8") == "company:\n  name: Acme\n"
    status, _, err = interview(monkeypatch, capsys, _CtrlC("1\n"), "--out", str(out))
    assert status == 130
    assert f"Resuming the answers saved in {draft}" in err
    assert "type: isp" in draft.read_text(encoding="utf-8")
    status, _, err = interview(monkeypatch, capsys, "stop\n", "--out", str(out))
    assert status == 0, err
    assert not draft.exists()
    saved = out.read_text(encoding="utf-8")
    assert "name: Acme" in saved and "type: isp" in saved


def test_b5_an_unwritable_out_prints_the_answers_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "acme.yaml"
    status, stdout, err = interview(monkeypatch, capsys, "Acme\n1\nstop\n", "--out", str(out))
    assert status == 2
    assert stdout == ""
    assert "the folder" in err and "does not exist; the answers so far:" in err
    assert err.count("company:\n  name: Acme\n  type: isp\n") >= 1
    assert err.rstrip().endswith("does not exist")


def test_b5_a_full_disk_prints_the_answers_on_stderr(
    tiny_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    filler = tiny_disk / "filler"
    with filler.open("wb") as stream, contextlib.suppress(OSError):
        stream.write(b"x" * 65_536)
    out = tiny_disk / "acme.yaml"
    status, _, err = interview(monkeypatch, capsys, "Acme\n1\nstop\n", "--out", str(out))
    assert status == 2
    assert f"cannot write {out}.draft: no space left on the device; the answers so far:" in err
    assert "company:\n  name: Acme\n  type: isp\n" in err
    assert not out.exists()


def test_b5_ctrl_c_without_out_prints_the_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = interview(monkeypatch, capsys, _CtrlC("Acme\n1\n"))
    assert status == 130
    assert "rightsrules: the answers so far:\ncompany:\n  name: Acme\n  type: isp\n" in err


def test_b5_a_draft_is_written_through_the_atomic_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rightsrules.io.write import write_text as real

    written: list[str] = []

    def recording(path: str | os.PathLike[str], text: str, *, inputs: Iterable[str] = ()) -> None:
        written.append(str(path))
        real(path, text, inputs=inputs)

    monkeypatch.setattr(interview_cmd, "write_text", recording)
    out = tmp_path / "acme.yaml"
    status, _, err = interview(monkeypatch, capsys, "Acme\n1\nstop\n", "--out", str(out))
    assert status == 0, err
    assert written == [f"{out}.draft", f"{out}.draft"]
