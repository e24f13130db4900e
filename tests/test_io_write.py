"""The one writer: atomic (a failure at any step leaves the old file as it was), never over an
input, and every OS error a message with the path and the reason."""

from __future__ import annotations

import errno
import os
import tracemalloc
from pathlib import Path

import pytest

from rightsrules.errors import OutputError, RightsRulesError
from rightsrules.io import write
from rightsrules.io.write import LineWriter, check_target, complete_lines, write_text

OLD = "the old plan\n"


@pytest.fixture()
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.md"
    path.write_text(OLD, encoding="utf-8")
    path.chmod(0o640)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_file_is_replaced_whole_and_keeps_its_permissions(plan: Path) -> None:
    write_text(plan, "the new plan\n")
    assert plan.read_text(encoding="utf-8") == "the new plan\n"
    assert plan.stat().st_mode & 0o777 == 0o640
    assert leftovers(plan.parent) == []


def test_a_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text(tmp_path / "new.md", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640


def _fail(monkeypatch: pytest.MonkeyPatch, name: str, code: int) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, broken)


@pytest.mark.parametrize(
    ("step", "code", "reason"),
    [
        ("write", errno.ENOSPC, "no space left on the device"),
        ("write", errno.EIO, "input/output error"),
        ("fsync", errno.EIO, "input/output error"),
        ("fsync", errno.ENOSPC, "no space left on the device"),
        ("replace", errno.EACCES, "permission denied"),
        ("replace", errno.EROFS, "read-only file system"),
    ],
)
def test_a_failure_at_any_step_leaves_the_old_file_intact(
    plan: Path, monkeypatch: pytest.MonkeyPatch, step: str, code: int, reason: str
) -> None:
    _fail(monkeypatch, step, code)
    with pytest.raises(OutputError) as caught:
        write_text(plan, "the new plan, torn\n" * 1000)
    assert str(caught.value) == f"cannot write {plan}: {reason}"
    assert isinstance(caught.value, RightsRulesError)
    assert isinstance(caught.value, OSError)
    monkeypatch.undo()
    assert plan.read_text(encoding="utf-8") == OLD
    assert plan.stat().st_mode & 0o777 == 0o640
    assert leftovers(plan.parent) == []


def test_a_short_write_is_written_to_the_end(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write

    def short(fd: int, data: bytes) -> int:
        return real(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", short)
    write_text(plan, "a new plan, written seven bytes at a time\n")
    assert plan.read_text(encoding="utf-8") == "a new plan, written seven bytes at a time\n"


def test_an_output_that_is_an_input_is_refused_naming_both(plan: Path, tmp_path: Path) -> None:
    (tmp_path / "hard.md").hardlink_to(plan)
    (tmp_path / "sub").mkdir()
    for output in (plan, tmp_path / "hard.md", tmp_path / "sub" / ".." / "plan.md"):
        with pytest.raises(OutputError, match=r"it is the input .*plan.md \(the same file\)"):
            write_text(output, "x", inputs=["-", str(plan)])
    assert plan.read_text(encoding="utf-8") == OLD


def test_a_link_to_a_file_is_refused_and_a_link_to_a_device_written(
    plan: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(plan)
    with pytest.raises(OutputError, match=r"link.md: is a symbolic link \(to .*plan.md\)"):
        write_text(link, "x")
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(OutputError, match="is a symbolic link"):
        write_text(dangling, "x")
    assert not (tmp_path / "nowhere.md").exists()
    null = tmp_path / "null"
    null.symlink_to("/dev/null")
    write_text(null, "into the null device\n")
    assert null.is_symlink()
    assert plan.read_text(encoding="utf-8") == OLD


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/plan.md", "the folder .*missing does not exist"),
        (".", "is a folder"),
        ("plan.md/inside", "is not a folder"),
    ],
)
def test_ordinary_os_errors_name_the_path_and_the_reason(
    plan: Path, where: str, message: str
) -> None:
    with pytest.raises(OutputError, match=message):
        write_text(plan.parent / where, "x")


def test_a_full_device_is_a_reason_not_a_crash() -> None:
    with pytest.raises(OutputError, match="cannot write /dev/full: no space left on the device"):
        write_text("/dev/full", "x\n")
    assert check_target("/dev/full").in_place


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(OutputError, match="symbolic link loop"):
        write_text(tmp_path / "loop", "x")


def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tiny_disk: Path) -> None:
    plan = tiny_disk / "plan.md"
    plan.write_text(OLD, encoding="utf-8")
    with pytest.raises(OutputError, match=r"plan\.md: no space left on the device"):
        write_text(plan, "x" * 200_000)
    assert plan.read_text(encoding="utf-8") == OLD
    assert leftovers(tiny_disk) == []
    with pytest.raises(OutputError, match="no space left on the device"):
        lines = LineWriter(tiny_disk / "out.jsonl")
        try:
            for _ in range(1000):
                lines.write("y" * 1000)
        finally:
            lines.close()


def test_line_writer_refuses_a_non_empty_file_unless_told(plan: Path) -> None:
    with pytest.raises(OutputError, match=r"already holds 13 bytes; give --resume .* or --force"):
        LineWriter(plan)
    lines = LineWriter(plan, append=True)
    lines.write("appended")
    lines.close()
    assert plan.read_text(encoding="utf-8") == OLD + "appended\n"
    lines = LineWriter(plan, replace=True)
    lines.write("replaced")
    lines.close()
    assert plan.read_text(encoding="utf-8") == "replaced\n"


def test_complete_lines_cuts_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    assert complete_lines(path) == 0
    path.write_bytes(b"")
    assert complete_lines(path) == 0
    path.write_bytes(b"torn")
    assert complete_lines(path) == 0
    assert path.read_bytes() == b""
    path.write_bytes(b"1\n2\n3\n")
    assert complete_lines(path) == 3
    assert path.read_bytes() == b"1\n2\n3\n"


def test_complete_lines_reads_a_large_output_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "CHUNK", 64 * 1024)
    path = tmp_path / "out.jsonl"
    line = b'{"record": "' + b"x" * 1000 + b'"}\n'
    with path.open("wb") as out:
        for _ in range(8):
            out.write(line * 1000)
        out.write(b"x" * 300_000)  # a last line cut short, longer than a chunk
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = complete_lines(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 8000
    assert path.stat().st_size == size - 300_000
    assert peak < 1_000_000, f"{peak} bytes held to count the lines of a {size}-byte file"


def test_what_before_replace_raises_abandons_the_write(tmp_path: Path) -> None:
    target = tmp_path / "journal.yaml"
    target.write_text("old\n", encoding="utf-8")
    seen: list[bytes] = []

    def check() -> None:
        (temporary,) = [p for p in tmp_path.iterdir() if p != target]
        seen.append(temporary.read_bytes())  # the new text is on the disk by then
        raise OutputError(str(target), "it changed meanwhile")

    with pytest.raises(OutputError, match="it changed meanwhile"):
        write_text(target, "new\n", before_replace=check)
    assert seen == [b"new\n"]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(tmp_path.iterdir()) == [target]


def test_an_interrupt_during_the_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old\n", encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, "new\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(tmp_path.iterdir()) == [target]
