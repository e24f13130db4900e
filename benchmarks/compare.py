"""Before/after figures: record one tree's figures as JSON, then write them side by side.

    .venv/bin/python benchmarks/compare.py record benchmarks/results/after.json
    PYTHONPATH=/tmp/before/src .venv/bin/python benchmarks/compare.py record before.json
    .venv/bin/python benchmarks/compare.py table before.json after.json

``record`` measures the library that ``import rightsrules`` finds (so ``PYTHONPATH`` pointed at
another checkout's ``src`` measures that checkout, the command line included) and writes every
raw sample with the load average around it. ``table`` writes the section between the
``compare.py`` markers of RESULTS.md from two such files, keeping the rest of the file.

The paths are those of ``run.py`` that a change to start-up or to the pipeline can move:
``rightsrules advise`` wall time, one ``assess`` with durable_rules, ``assess_many`` and
``advise_lines``, and ``rightsrules batch`` once started, with either engine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import scenarios  # noqa: E402

import rightsrules  # noqa: E402

RESULTS = HERE / "RESULTS.md"
BEGIN = "<!-- compare.py:begin -->"
END = "<!-- compare.py:end -->"
EXAMPLE = "facts/examples/mno-network-shutdown.yaml"
ROOT = HERE.parent


def load() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def measure(
    what: str, unit: str, samples: Callable[[], list[float]], **extra: Any
) -> dict[str, Any]:
    """One figure: its raw samples and the load average before and after taking them."""
    before = load()
    values = samples()
    print(f"{what}: median {statistics.median(values):.4g} {unit}", file=sys.stderr)
    return {
        "what": what,
        "unit": unit,
        "samples": values,
        "load": [before, load()],
        **extra,
    }


def advise_runs(count: int, environment: dict[str, str], nopyc: bool = False) -> list[float]:
    binary = str(Path(sys.executable).with_name("rightsrules"))
    command = [binary, "advise", EXAMPLE]
    if nopyc:  # rightsrules' own bytecode removed; PYTHONDONTWRITEBYTECODE keeps it away
        package = Path(rightsrules.__file__).resolve().parent
        for folder in list(package.rglob("__pycache__")):
            shutil.rmtree(folder)

    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=environment)

    run()  # warm-up: the operating system's file cache (and, where there is one, the rules')
    return [timed(run) for _ in range(count)]


def advise_cpu(count: int, environment: dict[str, str]) -> list[float]:
    """CPU seconds (user and system) of each run: what the load of the machine moves least."""
    samples = []
    for _ in range(count):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        advise_runs(0, environment)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return samples


def single_durable(count: int) -> list[float]:
    kb = rightsrules.load_knowledge_base()
    engine = rightsrules.default_evaluator()
    items = list(scenarios(count, seed=11))
    for item in items[:50]:
        rightsrules.assess(item, kb, evaluator=engine)
    samples = []
    for item in items:
        start = time.perf_counter()
        rightsrules.assess(item, kb, evaluator=engine)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def throughput(name: str, count: int, durable: bool, rounds: int) -> list[float]:
    kb = rightsrules.load_knowledge_base()
    run = getattr(rightsrules, name)
    items = list(scenarios(count, seed=12))

    def engine() -> Any:
        return rightsrules.default_evaluator() if durable else rightsrules.IndexedEvaluator()

    for _ in run(items[:500], kb, evaluator=engine()):
        pass  # warm-up: the compiled program and the first values of each path
    rates = []
    for _ in range(rounds):
        evaluator = engine()
        seconds = timed(lambda e=evaluator: sum(1 for _ in run(items, kb, evaluator=e)))
        rates.append(count / seconds)
    return rates


def batch_runs(count: int, engine: str | None, rounds: int) -> dict[str, list[float]]:
    """Seconds for a one-line input and for ``count`` lines, each ``rounds`` times, alternating."""
    binary = str(Path(sys.executable).with_name("rightsrules"))
    seconds: dict[str, list[float]] = {"1": [], str(count): []}
    with tempfile.TemporaryDirectory() as folder:
        for size in (1, count):
            with (Path(folder) / f"in-{size}.jsonl").open("w", encoding="utf-8") as handle:
                for item in scenarios(size, seed=31):
                    handle.write(json.dumps(item) + "\n")
        for _ in range(rounds):
            for size in (1, count):
                target = Path(folder) / "out.jsonl"
                target.unlink(missing_ok=True)
                command = [binary, "batch", f"{folder}/in-{size}.jsonl", "--out", str(target)]
                command += ["--engine", engine] if engine else []
                seconds[str(size)].append(timed(lambda c=command: subprocess.run(c, check=True)))
                lines = target.read_text(encoding="utf-8").count("\n")
                assert lines == size, (lines, size)
    return seconds


def commit() -> str:
    source = Path(rightsrules.__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(source), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def record(path: Path, label: str, quick: bool, commit_name: str | None) -> None:
    # The commands run as an installed package does: with its bytecode compiled (the warm-up
    # run writes it); the last figure without, as when PYTHONDONTWRITEBYTECODE is set and no
    # bytecode was ever written.
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = 5 if quick else 15
    scale = 4 if quick else 1
    figures = [
        measure(
            "`rightsrules advise` (example), wall time",
            "s",
            lambda: advise_runs(runs, environment),
        ),
        measure(
            "`rightsrules advise` (example), CPU time (user + system)",
            "s",
            lambda: advise_cpu(runs, environment),
        ),
        measure(
            "`rightsrules advise` (example), wall time, `RIGHTSRULES_NO_CACHE=1`",
            "s",
            lambda: advise_runs(runs, {**environment, "RIGHTSRULES_NO_CACHE": "1"}),
        ),
        measure(
            "`rightsrules advise` (example), wall time, no bytecode of rightsrules",
            "s",
            lambda: advise_runs(runs, {**environment, "PYTHONDONTWRITEBYTECODE": "1"}, nopyc=True),
        ),
    ]
    figures.append(
        measure(
            "`assess` one scenario, durable_rules",
            "ms",
            lambda: single_durable(3000 // scale),
            engine=rightsrules.default_evaluator().name,
        )
    )
    for name in ("assess_many", "advise_lines"):
        figures.append(
            measure(
                f"`{name}`, indexed, 1 process",
                "/s",
                lambda n=name: throughput(n, 20000 // scale, durable=False, rounds=3),
                scenarios=20000 // scale,
            )
        )
        figures.append(
            measure(
                f"`{name}`, durable_rules, 1 process",
                "/s",
                lambda n=name: throughput(n, 5000 // scale, durable=True, rounds=3),
                scenarios=5000 // scale,
            )
        )
    for engine in (None, "durable"):
        count = 6000 // scale
        start_load = load()
        runs = batch_runs(count, engine, rounds=3)
        started = [
            count / (many - one) for one, many in zip(runs["1"], runs[str(count)], strict=True)
        ]
        name = "`rightsrules batch`" + (f" `--engine {engine}`" if engine else "")
        figures.append(
            {
                "what": f"{name}, {count:,} lines, once started",
                "unit": "/s",
                "samples": started,
                "load": [start_load, load()],
                "seconds": runs,
            }
        )
    data = {
        "label": label,
        "commit": commit_name or commit(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "python": platform.python_version(),
        "nproc": len(os.sched_getaffinity(0)),
        "figures": figures,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def summary(figure: dict[str, Any]) -> tuple[str, str]:
    """The median and the best sample, written in the figure's unit."""
    values, unit = figure["samples"], figure["unit"]
    best = max(values) if unit == "/s" else min(values)
    if unit == "/s":
        return f"{statistics.median(values):,.0f}/s", f"{best:,.0f}/s"
    if unit == "s":
        return f"{statistics.median(values):.3f} s", f"{best:.3f} s"
    return f"{statistics.median(values):.2f} ms", f"{best:.2f} ms"


def shown(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def table(before_path: Path, after_path: Path) -> str:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    old = {figure["what"]: figure for figure in before["figures"]}
    lines = [
        BEGIN,
        "## Start-up and the main paths, before and after (benchmarks/compare.py)",
        "",
        f"Recorded runs: `{shown(before_path)}` (commit `{before['commit']}`, "
        f"{before['date']}) and `{shown(after_path)}` (commit `{after['commit']}`, "
        f"{after['date']}); Python {after['python']}, `nproc` {after['nproc']}. Written by "
        f"`python benchmarks/compare.py table {shown(before_path)} "
        f"{shown(after_path)}`. Best is the fastest sample; load is the one-minute "
        "load average before and after each figure's samples (other work shares the cores).",
        "",
        "| what | samples | before: median / best | after: median / best | load before | "
        "load after |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for figure in after["figures"]:
        previous = old.get(figure["what"])
        then = " / ".join(summary(previous)) if previous else "(none)"
        then_load = " to ".join(f"{x[0]:.1f}" for x in previous["load"]) if previous else ""
        now_load = " to ".join(f"{x[0]:.1f}" for x in figure["load"])
        lines.append(
            f"| {figure['what']} | {len(figure['samples'])} | {then} | "
            f"{' / '.join(summary(figure))} | {then_load} | {now_load} |"
        )
    lines.append(END)
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    """Put ``section`` between the markers of RESULTS.md, keeping every other section."""
    existing = RESULTS.read_text(encoding="utf-8")
    if BEGIN in existing and END in existing:
        head, rest = existing.split(BEGIN, 1)
        updated = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        updated = existing.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="measure and write the raw figures as JSON")
    recording.add_argument("path", type=Path)
    recording.add_argument("--label", default="")
    recording.add_argument("--quick", action="store_true", help="a quarter of the counts")
    recording.add_argument("--commit", help="the commit measured, where git cannot tell")
    tabling = commands.add_parser("table", help="write RESULTS.md's section from two records")
    tabling.add_argument("before", type=Path)
    tabling.add_argument("after", type=Path)
    tabling.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if args.command == "record":
        record(args.path.resolve(), args.label, args.quick, args.commit)
        return 0
    section = table(args.before.resolve(), args.after.resolve())
    print(section)
    if not args.no_write:
        write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
