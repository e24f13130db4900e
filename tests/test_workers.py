"""Worker processes: born with Ctrl-C and SIGTERM blocked when started inside
:func:`signals_held`, deaf to both after :func:`die_with_parent`, and gone when their parent
is killed, even when it died before they asked to follow it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rightsrules._workers import STOP_SIGNALS, signals_held

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

TIMEOUT = 60


def mask(pid: int, field: str) -> set[int]:
    """The signals of a process's ``SigBlk`` or ``SigIgn`` line in /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            bits = int(line.split()[1], 16)
            return {n for n in range(1, 65) if bits & (1 << (n - 1))}
    raise AssertionError(f"no {field} for {pid}")


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def wait_gone(pid: int) -> bool:
    deadline = time.monotonic() + TIMEOUT
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not running(pid)


def test_a_process_started_inside_signals_held_is_born_with_them_blocked() -> None:
    with signals_held():
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert set(STOP_SIGNALS) <= mask(child.pid, "SigBlk")
        assert not set(STOP_SIGNALS) & signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        child.kill()
        child.wait()


#: A parent that starts a worker, prints the worker's pid, and waits to be killed. The worker
#: follows its parent after ``delay`` seconds, then says so and sleeps.
PARENT = textwrap.dedent(
    """
    import os, subprocess, sys, time
    worker = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2], str(os.getpid())])
    print(worker.pid, flush=True)
    time.sleep(60)
    """
)
WORKER = textwrap.dedent(
    """
    import sys, time
    parent = int(sys.argv[2])  # as the pool passes it: read in the parent, not from getppid
    time.sleep(float(sys.argv[1]))
    from rightsrules._workers import die_with_parent
    die_with_parent(parent)
    print("following", flush=True)
    time.sleep(60)
    """
)


@pytest.mark.parametrize("late", [False, True], ids=["parent-killed-after", "parent-dead-before"])
def test_a_worker_dies_with_its_parent(late: bool, tmp_path: Path) -> None:
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        parent = subprocess.Popen(
            [sys.executable, "-c", PARENT, WORKER, "2" if late else "0"],
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
            start_new_session=True,
        )
        try:
            assert parent.stdout is not None
            worker = int(parent.stdout.readline())
            if not late:
                deadline = time.monotonic() + TIMEOUT
                while time.monotonic() < deadline and not (
                    running(worker) and set(STOP_SIGNALS) <= mask(worker, "SigIgn")
                ):
                    time.sleep(0.05)
                assert set(STOP_SIGNALS) <= mask(worker, "SigIgn")
                os.kill(worker, signal.SIGINT)  # ignored: the parent decides
                time.sleep(0.2)
                assert running(worker)
            parent.kill()
            parent.wait(timeout=TIMEOUT)
            assert wait_gone(worker), "the worker outlived its parent"
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(parent.pid, signal.SIGKILL)
