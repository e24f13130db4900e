"""Signals, with real processes: Ctrl-C, SIGTERM and kill -9 at random moments never lose or
repeat a line of a batch (``--resume`` then gives the bytes of an uninterrupted run), never
print a traceback, and never leave a worker or a resource tracker running after the command.

Ctrl-C is sent as a terminal sends it, to the whole process group; SIGTERM and SIGKILL as
``kill`` sends them, to the command alone. Each command runs in a session of its own, so
"nothing outlives the command" is "no live process is left in its group".
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import rightsrules
from rightsrules.cli._common import EXIT_REFUSED

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc to find the command's processes"
)

#: Seconds of random trials per --jobs value, after one trial of each signal.
BUDGET = float(os.environ.get("RIGHTSRULES_SIGNAL_SECONDS", "3"))
#: Generous, for a loaded machine: a run that takes longer than this is a hang.
TIMEOUT = 180
RECORDS = 1000
PACKAGE = Path(rightsrules.__file__).parent
ROOT = Path(__file__).parent.parent
EXAMPLE = str(ROOT / "facts" / "examples" / "mno-network-shutdown.yaml")


def command() -> list[str]:
    """The installed console script, or the same entry point through ``python -c``."""
    script = Path(sys.executable).parent / "rightsrules"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "import sys; from rightsrules.cli import main; sys.exit(main())"]


def alive_in_group(group: int) -> list[int]:
    """The processes of a process group that are still running (zombies are not)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def wait_group_gone(group: int, timeout: float = 20) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := alive_in_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def kill_group(group: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Records of several kinds, a few bad ones among them (their error lines count too)."""
    path = tmp_path_factory.mktemp("signals") / "in.jsonl"
    kinds = ("isp", "mobile_network_operator", "cloud_company", "social_media_platform")
    with path.open("w", encoding="utf-8") as handle:
        for number in range(RECORDS):
            if number % 97 == 13:
                handle.write('{"company": {"name": "Broken", "type": "bank"}}\n')
                continue
            record = {"company": {"name": f"Company {number}", "type": kinds[number % 4]}}
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def reference(source: Path) -> bytes:
    out = source.with_name("reference.jsonl")
    done = subprocess.run(
        [*command(), "batch", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == EXIT_REFUSED, done.stderr  # the broken records
    data = out.read_bytes()
    assert data.count(b"\n") == RECORDS
    return data


def trials(seed: int) -> Iterator[tuple[str, float]]:
    """Each way to stop once, then random ones until the budget is spent; each at a random
    moment of the run (start-up, knowledge base, workers starting, lines being written)."""
    chooser = random.Random(seed)
    ways = ["ctrl-c", "sigterm", "kill-9"]
    chooser.shuffle(ways)
    began = time.monotonic()
    for way in ways:
        yield way, chooser.uniform(0.25, 2.5)
    while time.monotonic() - began < BUDGET:
        yield chooser.choice(ways), chooser.uniform(0.25, 2.5)


@pytest.mark.parametrize("jobs", [1, 2])
def test_any_stop_at_any_moment_then_resume_gives_the_uninterrupted_bytes(
    source: Path, reference: bytes, tmp_path: Path, jobs: int
) -> None:
    seed = random.randrange(1 << 30)
    for number, (way, delay) in enumerate(trials(seed)):
        where = f"trial {number} (seed {seed}): {way} after {delay:.2f} s, --jobs {jobs}"
        out = tmp_path / f"out-{number}.jsonl"
        run = [*command(), "batch", str(source), "--out", str(out), "--jobs", str(jobs)]
        process = subprocess.Popen(
            run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            time.sleep(delay)
            if way == "ctrl-c":
                os.killpg(process.pid, signal.SIGINT)
            elif way == "sigterm":
                process.send_signal(signal.SIGTERM)
            else:
                process.kill()
            # Returns only once every process holding standard error has let it go.
            _, raw = process.communicate(timeout=TIMEOUT)
            left = wait_group_gone(process.pid)
        finally:
            kill_group(process.pid)
        err = raw.decode("utf-8", "replace")
        assert left == [], f"{where}: processes left running: {left}\n{err}"
        status = process.returncode
        # EXIT_REFUSED: the run ended before the signal (a few records are broken)
        if way == "ctrl-c":
            assert status in (EXIT_REFUSED, 130, -signal.SIGINT), f"{where}: {status}\n{err}"
        elif way == "sigterm":
            assert status in (EXIT_REFUSED, 143, -signal.SIGTERM), f"{where}: {status}\n{err}"
        else:
            assert status in (EXIT_REFUSED, -signal.SIGKILL), f"{where}: {status}\n{err}"
        if way != "kill-9":
            assert "Traceback" not in err, f"{where}:\n{err}"
            if status in (130, 143):
                assert len(err.splitlines()) <= 1, f"{where}:\n{err}"
                assert ("interrupted" if status == 130 else "terminated") in err, where
            elif status == EXIT_REFUSED:
                assert err.startswith("rightsrules: 11 of 1,000 records refused"), where
        if status in (130, 143) and out.exists():  # whole lines only
            assert out.read_bytes().endswith(b"\n") or out.stat().st_size == 0, where
        resumed = subprocess.run(
            [*run, "--resume"], capture_output=True, text=True, timeout=TIMEOUT
        )
        assert resumed.returncode == EXIT_REFUSED, f"{where}: the resume failed\n{resumed.stderr}"
        assert resumed.stderr.startswith("rightsrules: 11 of 1,000 records refused"), where
        assert out.read_bytes() == reference, f"{where}: the resumed output differs"
        out.unlink()


def test_a_second_ctrl_c_stops_at_once_and_still_loses_nothing(
    source: Path, reference: bytes, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    run = [*command(), "batch", str(source), "--out", str(out), "--jobs", "2"]
    process = subprocess.Popen(
        run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + TIMEOUT
        while not (out.exists() and out.stat().st_size) and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGINT)
        os.killpg(process.pid, signal.SIGINT)
        _, raw = process.communicate(timeout=TIMEOUT)
        left = wait_group_gone(process.pid)
    finally:
        kill_group(process.pid)
    err = raw.decode("utf-8", "replace")
    assert left == []
    if process.returncode == EXIT_REFUSED:
        pytest.skip("the batch ended before the signals came")
    assert process.returncode == 130, err
    assert "Traceback" not in err
    resumed = subprocess.run([*run, "--resume"], capture_output=True, text=True, timeout=TIMEOUT)
    assert resumed.returncode == EXIT_REFUSED, resumed.stderr
    assert out.read_bytes() == reference


def _frames_in_rightsrules(err: str) -> list[str]:
    """The traceback lines of frames in rightsrules code, but the bodies of the two modules
    the console script imports before :func:`rightsrules.cli.main` can run."""
    frames = [line.strip() for line in err.splitlines() if line.strip().startswith("File ")]
    entry = (str(PACKAGE / "__init__.py"), str(PACKAGE / "cli" / "__init__.py"))
    ours = []
    for frame in frames:
        if str(PACKAGE) not in frame:
            continue
        if frame.endswith("in <module>") and any(f'"{name}"' in frame for name in entry):
            continue
        ours.append(frame)
    return ours


@pytest.mark.parametrize(
    "args",
    [
        ["advise", EXAMPLE],
        ["lint", str(ROOT / "rules")],
        ["batch", EXAMPLE, "--format", "jsonl"],
    ],
    ids=["advise", "lint", "batch"],
)
def test_ctrl_c_while_starting_is_one_line_and_status_130(args: list[str]) -> None:
    """From the moment rightsrules code runs, Ctrl-C gives one line and status 130. Before it,
    Python itself is starting (``site``, the import of the entry module): it dies of the
    signal or prints its own traceback, which holds no frame of rightsrules code."""
    caught = 0
    for step in range(8):
        delay = step * 0.04
        process = subprocess.Popen(
            [*command(), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            time.sleep(delay)
            os.killpg(process.pid, signal.SIGINT)
            _, raw = process.communicate(timeout=TIMEOUT)
        finally:
            kill_group(process.pid)
        err = raw.decode("utf-8", "replace")
        status = process.returncode
        if status == 130:
            caught += 1
            # batch, once it writes records, says how many it wrote (they are whole and kept)
            wrote = args[0] == "batch" and re.fullmatch(
                r"rightsrules: interrupted after [\d,]+ records?\n", err
            )
            assert wrote or err == "rightsrules: error: interrupted\n", (
                f"after {delay:.2f} s: {err}"
            )
        elif "Traceback" in err:
            assert _frames_in_rightsrules(err) == [], f"after {delay:.2f} s:\n{err}"
        else:  # done before the signal, or killed by it before Python could catch it
            # (batch reads the YAML example as JSON lines: it refuses every one of them)
            done = EXIT_REFUSED if args[0] == "batch" else 0
            assert status in (done, -signal.SIGINT), f"after {delay:.2f} s: {status} {err}"
    assert caught > 0, "no Ctrl-C reached the command while it ran"


def test_sigterm_to_any_command_is_one_line_and_status_143() -> None:
    """SIGTERM is handled like Ctrl-C: after the command's handler is set, one line and 143;
    before it, the default action ends the process quietly."""
    caught = 0
    for step in range(6):
        delay = 0.15 + step * 0.1
        process = subprocess.Popen(
            [*command(), "lint", str(ROOT / "rules")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            time.sleep(delay)
            process.send_signal(signal.SIGTERM)
            _, raw = process.communicate(timeout=TIMEOUT)
        finally:
            kill_group(process.pid)
        err = raw.decode("utf-8", "replace")
        if process.returncode == 143:
            caught += 1
            assert err == "rightsrules: error: terminated\n", f"after {delay:.2f} s: {err}"
        else:
            assert process.returncode in (0, -signal.SIGTERM), f"after {delay:.2f} s: {err}"
            assert err == ""
    assert caught > 0, "no SIGTERM reached the command while it ran"
