"""The one bounded reader: regular files only, refused at once otherwise, never more than
the limit read whatever ``stat`` says, and folders listed without silence or recursion."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from rightsrules.errors import InputError
from rightsrules.io.read import (
    folder_files,
    lines,
    open_file,
    read_bytes,
    read_stdin,
    walk_files,
)


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_at_once_without_a_writer(fifo: Path, guard: None) -> None:
    with pytest.raises(InputError, match=r"pipe.yaml: is a FIFO \(named pipe\), not a file"):
        read_bytes(fifo)


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/dev/zero", "a character device"), ("/dev/null", "a character device"), ("/", "a folder")],
)
def test_devices_and_folders_are_refused_by_name(path: str, kind: str, guard: None) -> None:
    with pytest.raises(InputError, match=f"{path}: is {kind}, not a file"):
        read_bytes(path)


class _Endless(io.RawIOBase):
    """A stream that never ends and claims nothing about its size: ``/dev/zero``, a pipe."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"x" * len(buffer)
        self.given += len(buffer)
        return len(buffer)


def test_the_limit_is_applied_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match=r"big\.yaml: file is over the limit of 100 bytes"):
        read_bytes(path, limit=100)
    assert read_bytes(path, limit=101) == b"x" * 101
    endless = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    with pytest.raises(InputError, match="<stdin>: input is over the limit of 1000 bytes"):
        read_stdin(limit=1000)
    assert endless.given < 1000 + io.DEFAULT_BUFFER_SIZE


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.symlink_to(p), "symbolic link loop"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "no such file or folder"),
        (lambda p: None, "no such file or folder"),
    ],
)
def test_links_and_missing_files_say_what_is_wrong(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "x.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(InputError, match=f"x.yaml: {message}"):
        read_bytes(path)


def test_an_open_file_is_the_file_checked(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    with open_file(path) as stream:
        assert stream.read() == b"a: 1\n"
        assert os.get_blocking(stream.fileno())


def test_lines_never_hold_a_line_over_the_limit() -> None:
    stream = io.BytesIO(b"short\n" + b"y" * 50 + b"\nlast\n" + b"z" * 11)
    assert list(lines(stream, limit=10)) == [b"short\n", None, b"last\n", None]
    exact = io.BytesIO(b"x" * 10 + b"\n" + b"y" * 10)
    assert list(lines(exact, limit=10)) == [b"x" * 10 + b"\n", b"y" * 10]


@pytest.fixture()
def odd_folder(tmp_path: Path, fifo: Path) -> Path:
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "dir.yaml").mkdir()
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "notes.txt").write_text("not read\n", encoding="utf-8")
    return tmp_path


def test_a_folder_listing_keeps_every_entry_asked_for(odd_folder: Path) -> None:
    names = [p.name for p in folder_files(odd_folder, (".yaml",))]
    assert names == ["a.yaml", "broken.yaml", "dir.yaml", "loop.yaml", "pipe.yaml"]


def test_walk_goes_deeper_than_recursion_and_not_round_link_loops(
    tmp_path: Path, deep_folder: Path
) -> None:
    (deep_folder / "case.yaml").write_text("cases: []\n", encoding="utf-8")
    (tmp_path / "deep" / "up").symlink_to(tmp_path)
    found = walk_files(tmp_path, (".yaml",))
    assert found == [deep_folder / "case.yaml"]


def test_an_unlistable_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the folder: no such file or folder"):
        folder_files(tmp_path / "missing", (".yaml",))
    with pytest.raises(InputError, match="cannot read the folder: a part of the path is not"):
        (tmp_path / "file").write_text("x", encoding="utf-8")
        walk_files(tmp_path / "file", (".yaml",))
