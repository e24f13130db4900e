"""Worker processes that stop when they should: deaf to Ctrl-C and SIGTERM from the moment
they exist (the parent decides when the work stops), and dead with their parent however it
ends, ``kill -9`` included.

A terminal sends Ctrl-C to every process of the foreground group, workers too; a worker that
took it while starting would print a traceback and break the pool. Signals blocked in the
parent while it starts a process stay blocked in the child, through ``fork`` and ``exec``
alike, so :func:`signals_held` around the start closes that window; the parent takes any
signal that came meanwhile as soon as the block ends.

A worker calls :func:`die_with_parent` first: on Linux the kernel then kills it when the
parent dies (``PR_SET_PDEATHSIG``); elsewhere a thread watches for the parent to go. Either
way no worker, and so no multiprocessing resource tracker waiting for the workers, is left
holding the terminal or a pipe's end (``... 2>&1 | tee log`` ends).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["STOP_SIGNALS", "die_with_parent", "signals_held"]

#: The signals that ask the whole command to stop: the parent handles them, workers never.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@contextmanager
def signals_held() -> Iterator[None]:
    """Block :data:`STOP_SIGNALS` in this thread for the time of the block: a process started
    inside is born with them blocked.

    >>> with signals_held():
    ...     held = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    >>> set(STOP_SIGNALS) <= held, set(STOP_SIGNALS) & signal.pthread_sigmask(signal.SIG_BLOCK, [])
    (True, set())
    """
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def die_with_parent(parent: int) -> None:
    """Make this process ignore :data:`STOP_SIGNALS` and end when the process ``parent``
    ends; if it has already ended, end now."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if _kernel_kills_orphan():
        if os.getppid() != parent:  # the parent died before the kernel was asked
            os._exit(0)
        return
    threading.Thread(target=_watch, args=(parent,), name="die-with-parent", daemon=True).start()


def _kernel_kills_orphan() -> bool:
    """Ask Linux to send SIGKILL to this process when its parent dies; whether it agreed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):  # no C library to call, or no prctl in it
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)
