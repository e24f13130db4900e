"""The server's folder of campaign journals: what it lists, and reading and writing one safely.

A request names a journal by its file name only, and that name is looked up in the folder's
listing: no part of a request is ever used as a path. The listing holds the entries of the
folder itself (no sub-folder) whose names end in ``.yaml``, ``.yml`` or ``.json``; a
symbolic link, a FIFO, a folder or a device among them is listed with the reason it is not
opened, and cannot be opened. A journal is read through a descriptor of the folder without
following links (so an entry swapped for a link after the listing is refused too), bounded
like every file rightsrules reads, and its messages name the file by its name alone, never
by the server's path to it.

>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = shutil.copy("tests/fixtures/campaign/small.yaml", folder / "small.yaml")
>>> (folder / "out.yaml").symlink_to("/etc/passwd")
>>> [(entry.name, entry.problem) for entry in listing(folder)]  # doctest: +ELLIPSIS
[('out.yaml', 'a symbolic link: ...'), ('small.yaml', None)]
>>> read_journal(folder, "../small.yaml")
Traceback (most recent call last):
...
rightsrules.web.journals.NoSuchJournal: ../small.yaml: no journal of that name in the folder
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..campaign import Campaign, CampaignError, Event, campaign_from_text
from ..campaign.log import append_event
from ..errors import InputError, OutputError, Problem, RightsRulesError
from ..i18n import _
from ..io.read import MAX_BYTES, describe, reason

__all__ = [
    "SUFFIXES",
    "JournalChanged",
    "Listed",
    "NoSuchJournal",
    "add_event",
    "digest",
    "listing",
    "load_journal",
    "read_journal",
]

#: The endings of the file names the folder's listing holds.
SUFFIXES = (".yaml", ".yml", ".json")
#: At most this many entries are listed (a folder of a million files stays one page).
MAX_LISTED = 500


class NoSuchJournal(RightsRulesError, LookupError):
    """No journal of that name can be opened in the folder (none, or not a regular file)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(_("{name}: no journal of that name in the folder").format(name=name))


class JournalChanged(RightsRulesError):
    """The journal is not the one the page showed: it was written since."""


@attrs.frozen
class Listed:
    """One entry of the folder: its name, and why it cannot be opened (``None`` when it can)."""

    name: str
    problem: str | None = None


def listing(folder: Path) -> list[Listed]:
    """The journals of ``folder``, by name, each with the reason it is not opened if any; a
    :class:`CampaignError` when the folder cannot be read (it was removed, say)."""
    found = []
    try:
        entries = os.scandir(folder)
    except OSError as exc:
        words = _("cannot read the folder of journals: {reason}").format(reason=reason(exc))
        raise CampaignError([Problem(words, file=folder.name)]) from None
    with entries:
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(SUFFIXES):
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                found.append(Listed(entry.name, reason(exc)))
                continue
            if stat.S_ISLNK(mode):
                problem: str | None = _(
                    "a symbolic link: only files kept in the folder itself are opened"
                )
            elif not stat.S_ISREG(mode):
                problem = _("{what}, not a file").format(what=describe(mode))
            else:
                problem = None
            found.append(Listed(entry.name, problem))
            if len(found) >= MAX_LISTED:
                break
    return sorted(found, key=lambda listed: listed.name)


def _openable(folder: Path, name: str) -> str:
    """``name`` when the listing holds it as a journal that can be opened."""
    for listed in listing(folder):
        if listed.name == name and listed.problem is None:
            return listed.name
    raise NoSuchJournal(name)


def read_journal(folder: Path, name: str) -> bytes:
    """The bytes of the journal called ``name`` in ``folder``; :class:`NoSuchJournal` when the
    listing holds no such journal, a located :class:`CampaignError` when it cannot be read."""
    name = _openable(folder, name)
    directory = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(name, flags, dir_fd=directory)
    except OSError as exc:
        raise CampaignError([Problem(reason(exc), file=name)]) from None
    finally:
        os.close(directory)
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise CampaignError([Problem(f"is {describe(mode)}, not a file", file=name)])
        os.set_blocking(fd, True)
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        words = _("file is over the limit of {limit} bytes").format(limit=MAX_BYTES)
        raise CampaignError([Problem(words, file=name)])
    return data


def digest(data: bytes) -> str:
    """A fingerprint of a journal's bytes, which a page's form carries back.

    >>> digest(b"campaign: {name: x}")[:12]
    '32d9d27b0f6d'
    """
    return hashlib.sha256(data).hexdigest()


def load_journal(folder: Path, name: str, as_of: dt.date) -> tuple[Campaign, str]:
    """The campaign of the journal ``name`` as of a date, and the fingerprint of its bytes."""
    data = read_journal(folder, name)
    return campaign_from_text(data, source=name, as_of=as_of), digest(data)


_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _lock(path: Path) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(os.fspath(path), threading.Lock())


def add_event(
    folder: Path,
    name: str,
    company: str,
    event: Mapping[str, Any],
    *,
    seen: str,
    today: dt.date | None = None,
) -> Event:
    """Add ``event`` to ``company``'s events in the journal ``name``, as ``rightsrules
    campaign log`` does (:func:`rightsrules.campaign.log.append_event`: checked, spliced in
    with the file's comments kept, written atomically), provided the journal is still the one
    whose fingerprint is ``seen``; :class:`JournalChanged` otherwise. One event is added to a
    journal at a time by this app; the log's own check refuses a write by another program
    meanwhile."""
    name = _openable(folder, name)
    path = folder / name
    with _lock(path):
        if digest(read_journal(folder, name)) != seen:
            raise JournalChanged(name)
        try:
            return append_event(path, company, event, today=today)
        except InputError as error:
            raise _named(error, os.fspath(path), name) from None
        except OutputError as error:
            if digest(read_journal(folder, name)) != seen:
                raise JournalChanged(name) from error
            raise OutputError(name, error.reason) from None


def _named(error: InputError, path: str, name: str) -> CampaignError:
    """The same problems, naming the file by its name rather than the server's path to it."""
    problems = [
        Problem(
            problem.message.replace(path, name),
            name if problem.file in (path, None) else problem.file,
            problem.line,
            problem.key,
        )
        for problem in error.problems
    ]
    return CampaignError(problems)
