"""The one bounded reader: every file rightsrules reads goes through here.

A file is opened without blocking and checked to be a regular file before a byte is read, so a
FIFO, a device or a folder where a file is expected is refused at once, by name. Reading stops
at the limit whatever the file claims to be (``stat`` says nothing true about ``/dev/zero``, a
pipe, or a file that grows while it is read), so memory stays bounded. Folders are listed
without recursion and without following links, and every entry a caller asked for is given
back, so an entry that is not a regular file becomes an error, not silence.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.yaml").write_text("x: 1\\n")
>>> read_bytes(folder / "a.yaml")
b'x: 1\\n'
>>> read_bytes(folder)
Traceback (most recent call last):
...
rightsrules.errors.InputError: ...: is a folder, not a file
>>> read_bytes("/dev/null")
Traceback (most recent call last):
...
rightsrules.errors.InputError: /dev/null: is a character device, not a file
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, BinaryIO

from ..errors import InputError, Problem
from ..i18n import N_, _

__all__ = [
    "MAX_BYTES",
    "ErrorFactory",
    "absent",
    "describe",
    "folder_files",
    "lines",
    "open_file",
    "read_bytes",
    "read_stdin",
    "reason",
    "walk_files",
]

#: The largest file read whole (a scenario, a rule file, a test file, a pyproject), in bytes;
#: also the longest line of a JSON-lines or CSV file.
MAX_BYTES = 1_048_576

ErrorFactory = Callable[[list[Problem]], InputError]

_KINDS = (
    (stat.S_ISDIR, N_("a folder")),
    (stat.S_ISFIFO, N_("a FIFO (named pipe)")),
    (stat.S_ISCHR, N_("a character device")),
    (stat.S_ISBLK, N_("a block device")),
    (stat.S_ISSOCK, N_("a socket")),
)


def describe(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words.

    >>> describe(os.stat("/").st_mode)
    'a folder'
    """
    for test, words in _KINDS:
        if test(mode):
            return _(words)
    return _("a regular file") if stat.S_ISREG(mode) else _("not a regular file")


def reason(exc: OSError) -> str:
    """An OS error in plain words: ``no such file``, ``symbolic link loop``, ...

    >>> reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    'no such file or folder'
    """
    words = {
        errno.ENOENT: N_("no such file or folder"),
        errno.ELOOP: N_("symbolic link loop"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.ENOTDIR: N_("a part of the path is not a folder"),
        errno.ENAMETOOLONG: N_("the name is too long"),
        errno.ENOSPC: N_("no space left on the device"),
        errno.EISDIR: N_("is a folder"),
        errno.EROFS: N_("read-only file system"),
        errno.EDQUOT: N_("disk quota exceeded"),
    }
    if exc.errno in words:
        return _(words[exc.errno])
    return (exc.strerror or str(exc)).lower()


def absent(path: str | os.PathLike[str]) -> str:
    """Why ``path`` cannot be found, for a path that ``exists()`` says is not there: a
    symbolic link loop is not a missing file.

    >>> absent("no/such/thing")
    'no such file or folder'
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return _("no such file or folder")
    except OSError as exc:
        return reason(exc)
    return _("no such file or folder")


def open_file(path: str | os.PathLike[str], *, error: ErrorFactory = InputError) -> BinaryIO:
    """Open a regular file for reading; anything else is refused before a byte is read.

    The file is opened with ``O_NONBLOCK`` (so opening a FIFO cannot hang) and checked with
    ``fstat`` on the open descriptor (so the check is of the file actually read).
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise error([Problem(reason(exc), file=name)]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise error([Problem(f"is {describe(mode)}, not a file", file=name)])
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(
    path: str | os.PathLike[str],
    *,
    limit: int = MAX_BYTES,
    error: ErrorFactory = InputError,
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; a longer one is refused.

    The limit is applied while reading, so a file that grows, or lies about its size, is
    never read past ``limit + 1`` bytes.
    """
    name = os.fspath(path)
    with open_file(name, error=error) as stream:
        return _bounded(stream, name, limit, error, "file")


def read_stdin(*, limit: int = MAX_BYTES, error: ErrorFactory = InputError) -> bytes:
    """Standard input, read to its end, of at most ``limit`` bytes."""
    return _bounded(sys.stdin.buffer, "<stdin>", limit, error, "input")


def _bounded(stream: BinaryIO, name: str, limit: int, error: ErrorFactory, what: str) -> bytes:
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise error(
            [Problem(_("cannot read it: {value}").format(value=reason(exc)), file=name)]
        ) from None
    if len(data) > limit:
        raise error(
            [
                Problem(
                    _("{what} is over the limit of {limit} bytes").format(what=what, limit=limit),
                    file=name,
                )
            ]
        )
    return data


def lines(stream: IO[bytes], *, limit: int = MAX_BYTES) -> Iterator[bytes | None]:
    """Each line of a binary stream, newline included; ``None`` for a line longer than
    ``limit`` bytes, whose bytes are read past and dropped, so no line is ever held whole.

    >>> import io
    >>> list(lines(io.BytesIO(b"ab\\n" + b"x" * 10 + b"\\ncd"), limit=4))
    [b'ab\\n', None, b'cd']
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(limit + 1)
            if not line:
                break
        yield None


def folder_files(
    folder: str | os.PathLike[str],
    suffixes: Iterable[str],
    *,
    error: ErrorFactory = InputError,
) -> list[Path]:
    """The entries of a folder whose names end in one of ``suffixes``, sorted by name.

    Every such entry is listed, whatever it is (a FIFO, a sub-folder, a broken link): the
    reader of each then refuses what is not a regular file, by name, instead of it being
    skipped without a word.
    """
    ends = tuple(suffixes)
    name = os.fspath(folder)
    try:
        with os.scandir(name) as entries:
            found = [Path(entry.path) for entry in entries if entry.name.endswith(ends)]
    except OSError as exc:
        raise error(
            [Problem(_("cannot read the folder: {value}").format(value=reason(exc)), file=name)]
        ) from None
    return sorted(found)


def walk_files(
    folder: str | os.PathLike[str],
    suffixes: Iterable[str],
    *,
    error: ErrorFactory = InputError,
) -> list[Path]:
    """The entries ending in one of ``suffixes`` in a folder and all its sub-folders, sorted.

    The walk keeps its own stack (a folder thousands of levels deep is no recursion) and
    does not follow links to folders (a link loop cannot trap it); entries are listed as in
    :func:`folder_files`.
    """
    ends = tuple(suffixes)
    found: list[Path] = []
    stack = [os.fspath(folder)]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif entry.name.endswith(ends):
                        found.append(Path(entry.path))
        except OSError as exc:
            problem = Problem(
                _("cannot read the folder: {value}").format(value=reason(exc)), file=current
            )
            raise error([problem]) from None
    return sorted(found)
