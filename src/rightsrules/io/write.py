"""The one way rightsrules writes a file: never over an input, never torn.

:func:`write_text` writes a whole document (a report, a picture, a scenario): to a temporary
file in the target's folder, flushed and synced to the disk, then renamed over the target, so
a failure at any step (a full disk, a kill) leaves the old file as it was. :class:`LineWriter`
writes a stream of lines (``rightsrules batch``), each whole line on the disk before the next
is asked for, so an interrupted run can be resumed.

The policy, the same for every command (docs/user-guide.md says it for users):

- An output that is one of the inputs (the same file, after resolving links; a hard link
  too) is refused, naming both.
- An existing regular file is replaced (its permissions kept). ``rightsrules batch`` is
  stricter: it refuses a non-empty output unless given ``--resume`` or ``--force``.
- A symbolic link as the output is refused when it leads to a regular file (or to nothing):
  a link must not decide, unseen, which file is replaced. Give the file itself. A link to a
  device or a pipe (``/dev/stdout``) is written to, as is the device or pipe itself, in place
  (no rename: there is no file to replace).
- A folder, a missing folder, no permission, no space: an :class:`OutputError` with the path
  and the reason.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_text(folder / "plan.md", "# Plan\\n")
>>> (folder / "plan.md").read_text()
'# Plan\\n'
>>> write_text(folder / "plan.md", "x", inputs=[folder / "plan.md"])
Traceback (most recent call last):
...
rightsrules.errors.OutputError: cannot write .../plan.md: it is the input .../plan.md ...
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import attrs

from ..errors import OutputError
from ..i18n import _
from .read import describe, reason

__all__ = [
    "LineWriter",
    "Target",
    "check_target",
    "complete_lines",
    "stdout_error",
    "write_text",
]

#: How much of a file is read at a time when its lines are counted.
CHUNK = 1 << 20

Paths = Iterable[str | os.PathLike[str]]


@attrs.frozen
class Target:
    """Where an output goes: the path given, and whether it is a regular file (replaced by
    a rename) or a device or pipe (written in place)."""

    path: Path
    in_place: bool = False
    size: int | None = None  # the size of the existing regular file; None when there is none


def check_target(path: str | os.PathLike[str], *, inputs: Paths = ()) -> Target:
    """Check ``path`` as an output against the policy above, without writing anything.

    ``inputs`` are the files the command reads (``-`` for standard input): an output that is
    one of them is refused.
    """
    given = Path(path)
    name = str(given)
    info: os.stat_result | None
    try:
        info = os.stat(given)  # of what a link leads to
    except FileNotFoundError:
        info = None  # nothing there yet, or a link to nothing
    except OSError as exc:
        raise OutputError(name, reason(exc)) from None
    if os.path.islink(given):
        resolved = os.path.realpath(given)
        if info is None or stat.S_ISREG(info.st_mode):
            raise OutputError(
                name,
                _(
                    "is a symbolic link (to {resolved}); rightsrules does not replace a "
                    "file through a link: give the file itself"
                ).format(resolved=resolved),
            )
    _refuse_inputs(given, info, inputs)
    if info is None:
        return Target(given)
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(name, "is a folder")
    if stat.S_ISREG(info.st_mode):
        return Target(given, size=info.st_size)
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return Target(given, in_place=True)
    raise OutputError(name, f"is {describe(info.st_mode)}, not a file")


def _refuse_inputs(given: Path, info: os.stat_result | None, inputs: Paths) -> None:
    if info is None or not stat.S_ISREG(info.st_mode):
        return
    for item in inputs:
        other = os.fspath(item)
        if other == "-":
            try:
                same = os.path.samestat(info, os.fstat(sys.stdin.fileno()))
            except (OSError, ValueError):
                same = False
            other = _("standard input")
        else:
            try:
                same = os.path.samestat(info, os.stat(other))
            except OSError:
                same = False
        if same:
            raise OutputError(
                str(given),
                _(
                    "it is the input {other} (the same file); writing it would destroy the "
                    "input: write to another file"
                ).format(other=other),
            )


def write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    inputs: Paths = (),
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Replace the file ``path`` by ``text`` (UTF-8), atomically; see the module's policy.

    Raises :class:`~rightsrules.errors.OutputError` when it cannot; the old file, if any, is
    then as it was, and no temporary file is left behind. The same holds for any exception
    raised meanwhile (Ctrl-C, SIGTERM), which goes on up. ``before_replace`` is called once
    the new text is on the disk, just before the rename: whatever it raises abandons the
    write (``rightsrules campaign log`` checks there that the journal did not change).
    """
    target = check_target(path, inputs=inputs)
    data = text.encode("utf-8")
    name = str(target.path)
    if target.in_place:
        _write_in_place(target.path, data)
        return
    folder = target.path.parent
    import tempfile  # here, not at the top: a command that writes no file never needs it

    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(name, _folder_reason(exc, folder)) from None
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            os.fchmod(fd, _mode(target))
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        os.replace(temp, target.path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(name, reason(exc)) from None
        raise
    _sync_folder(folder)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _mode(target: Target) -> int:
    """The permissions of the file replaced, or those a new file gets (0o666 less umask)."""
    if target.size is not None:
        with contextlib.suppress(OSError):
            return stat.S_IMODE(os.stat(target.path).st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _folder_reason(exc: OSError, folder: Path) -> str:
    if isinstance(exc, FileNotFoundError):
        return _("the folder {folder} does not exist").format(folder=folder)
    if isinstance(exc, NotADirectoryError):
        return _("{folder} is not a folder").format(folder=folder)
    return reason(exc)


def _sync_folder(folder: Path) -> None:
    """Sync the rename itself to the disk (where the system allows a folder to be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise OutputError(str(path), reason(exc)) from None


def stdout_error(exc: OSError) -> OutputError:
    """The error for standard output failing (``> /dev/full``). Standard output is pointed at
    the null device first, so what is still buffered is not tried again at exit."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return OutputError(_("standard output"), reason(exc))


class LineWriter:
    """Lines written one at a time, each on the disk before the next: the output of
    ``rightsrules batch``, which an interrupted run resumes (:func:`complete_lines`).

    ``append`` goes on after what the file holds (``--resume``); otherwise a non-empty file
    is refused unless ``replace`` is given (``--force``). ``path=None`` writes to standard
    output. Every failure to write is an :class:`~rightsrules.errors.OutputError` naming the
    file and the reason.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None,
        *,
        inputs: Paths = (),
        append: bool = False,
        replace: bool = False,
    ) -> None:
        self.name = _("standard output") if path is None else str(path)
        self.stream: IO[str]
        if path is None:
            self.stream = sys.stdout
            return
        target = check_target(path, inputs=inputs)
        if append and target.in_place:
            raise OutputError(
                self.name, _("--resume needs a regular file, not {name}").format(name=self.name)
            )
        if target.size and not append and not replace:
            raise OutputError(
                self.name,
                _(
                    "already holds {size:,} bytes; give --resume to go on after its last "
                    "line, or --force to replace it"
                ).format(size=target.size),
            )
        mode = "a" if append or target.in_place else "w"
        try:
            self.stream = open(target.path, mode, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(self.name, _folder_reason_for(exc, target.path)) from None

    def write(self, line: str) -> None:
        """Write one line (its newline added)."""
        try:
            self.stream.write(line + "\n")
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def _error(self, exc: OSError) -> OutputError:
        if self.stream is sys.stdout:
            return stdout_error(exc)
        return OutputError(self.name, reason(exc))

    def flush(self) -> None:
        """Flush what is written to the file (and, for a file, to the disk)."""
        try:
            self.stream.flush()
            if self.stream is not sys.stdout and not self.stream.isatty():
                with contextlib.suppress(OSError):
                    os.fsync(self.stream.fileno())
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        """Flush, then close the file (standard output is left open)."""
        try:
            self.flush()
        finally:
            if self.stream is not sys.stdout:
                with contextlib.suppress(OSError):
                    self.stream.close()


def _folder_reason_for(exc: OSError, path: Path) -> str:
    if isinstance(exc, FileNotFoundError):
        return _folder_reason(exc, path.parent)
    return reason(exc)


def complete_lines(path: str | os.PathLike[str]) -> int:
    """The number of whole lines the file ``path`` holds, after cutting off a last line left
    without its newline (a run killed mid-line); 0 when there is no file.

    Memory stays bounded whatever the file's size: the last newline is found by reading
    back from the end, and lines are counted a chunk at a time.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.jsonl"
    >>> _ = path.write_bytes(b'{"a":1}\\n{"b":')
    >>> complete_lines(path), path.read_bytes()
    (1, b'{"a":1}\\n')
    """
    name = os.fspath(path)
    try:
        with open(name, "rb+") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise OutputError(name, _("--resume needs a regular file"))
            end = _after_last_newline(stream)
            if end != stream.seek(0, os.SEEK_END):
                stream.truncate(end)
            stream.seek(0)
            count = 0
            while chunk := stream.read(min(CHUNK, end - stream.tell())):
                count += chunk.count(b"\n")
            return count
    except FileNotFoundError:
        return 0
    except OSError as exc:
        raise OutputError(name, reason(exc)) from None


def _after_last_newline(stream: IO[bytes]) -> int:
    """The offset just after the last newline of a seekable stream (0 when it has none)."""
    position = stream.seek(0, os.SEEK_END)
    while position > 0:
        start = max(0, position - CHUNK)
        stream.seek(start)
        chunk = stream.read(position - start)
        found = chunk.rfind(b"\n")
        if found >= 0:
            return start + found + 1
        position = start
    return 0
