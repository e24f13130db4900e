"""Shared fixtures: a small knowledge base of its own, independent of the shipped rules."""

from __future__ import annotations

import atexit
import os
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from rightsrules import KnowledgeBase, ReferenceEvaluator, load_knowledge_base

# CI runs the property tests on a fixed sequence of examples, so a red run always reproduces;
# local runs explore new examples each time. HYPOTHESIS_PROFILE overrides either.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# The knowledge-base cache of this run, in a folder of its own (not the user's ~/.cache),
# for every test and doctest, and for the commands they start.
_CACHE = tempfile.mkdtemp(prefix="rightsrules-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
# English for every test and every command it starts, whatever the machine's locale: a test of
# another language asks for it (--lang, lang=, or an environment of its own).
os.environ["LANGUAGE"] = "en"

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "kb"


@pytest.fixture(scope="session")
def seed_kb() -> KnowledgeBase:
    """The fixture knowledge base: a default, a chain, a conclusion reached two ways, a
    negation, an ``any`` and a ranking rule."""
    return load_knowledge_base([SEED / "rules"], builtin=False, facts_dir=SEED / "facts")


@pytest.fixture(scope="session")
def reference() -> ReferenceEvaluator:
    return ReferenceEvaluator()


@pytest.fixture()
def guard() -> Iterator[None]:
    """Fail, rather than hang or exhaust the machine, when something blocks (a FIFO with no
    writer) or reads on without end (``/dev/zero``): ``TimeoutError`` after 30 seconds (the
    knowledge base is loaded in that time too, on a machine that may be busy), and
    ``MemoryError`` past 512 MiB more address space than the test started with."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("still running after 30 s: blocked, or reading without end")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    used = int(status.split("VmSize:")[1].split()[0]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (used + 512 * 1024 * 1024, hard))
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, 30)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture()
def deep_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder 1,100 levels deep under ``tmp_path`` (deeper than the interpreter recurses),
    removed afterwards by ``rm -rf``: pytest's own clean-up recurses, and would fail on it
    (in this run and in every later one sharing the temporary folder)."""
    top = tmp_path / "deep"
    folder = top
    folder.mkdir()
    for _ in range(1099):
        folder = folder / "d"
        folder.mkdir()
    try:
        yield folder
    finally:
        subprocess.run(["rm", "-rf", "--", str(top)], check=True)


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KiB tmpfs (four pages), mounted where the test may (as root, with mount
    allowed); skipped, saying why, elsewhere."""
    mount = shutil.which("mount")
    folder = tmp_path / "tiny"
    folder.mkdir()
    if mount is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"mount refused: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)
