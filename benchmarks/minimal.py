"""Measure the minimal reasons and minimal changes, and write the figures into RESULTS.md.

    .venv/bin/python benchmarks/minimal.py            # about a minute on 2 cores
    .venv/bin/python benchmarks/minimal.py --repeat 3 # fewer rounds

Issue 15's targets: reasons and changes for one conclusion, median under 100 ms on the
bundled examples; all the conclusions of a plan under 2 s. Each figure is wall-clock time,
the median and the best of ``--repeat`` rounds, on whatever else the machine is doing (the
load average at the start is written beside them).

* *cold*: the conclusion's boxes (``explain/_partition.py``) are made afresh, as in a process
  that asks for the first time;
* *warm*: they were made before (for any scenario: they depend only on the knowledge base),
  as in a notebook or a long-running service.

The figures go between the ``minimal.py`` markers of RESULTS.md; the rest is kept.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from rightsrules import ReferenceEvaluator, assess, load_knowledge_base
from rightsrules.explain import _partition, _space
from rightsrules.explain.minimal import minimal_changes, sufficient_reasons
from rightsrules.knowledge import KnowledgeBase

HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((HERE.parent / "facts" / "examples").glob("*.yaml"))
START, END = "<!-- minimal.py: start -->", "<!-- minimal.py: end -->"


def forget(kb: KnowledgeBase) -> None:
    """Drop every box and space made for ``kb`` (the next call is cold)."""
    _partition._partitions(kb).clear()
    _space._tables(kb).spaces.clear()


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def both(kb: KnowledgeBase, scenario: object, cid: str) -> None:
    sufficient_reasons(kb, scenario, cid)  # type: ignore[arg-type]
    minimal_changes(kb, scenario, cid)  # type: ignore[arg-type]


def measure(repeat: int) -> dict[str, list[float]]:
    kb = load_knowledge_base()
    advices = [assess(path, kb, evaluator=ReferenceEvaluator()) for path in EXAMPLES]
    figures: dict[str, list[float]] = {
        "one_cold": [],
        "one_warm": [],
        "plan_cold": [],
        "plan_warm": [],
        "all_cold": [],
    }
    for _ in range(repeat):
        one_cold, one_warm = [], []
        for advice in advices:
            for cid in advice.ids:
                forget(kb)
                one_cold.append(timed(lambda a=advice, c=cid: both(kb, a.scenario, c)))
                one_warm.append(timed(lambda a=advice, c=cid: both(kb, a.scenario, c)))
        figures["one_cold"].append(statistics.median(one_cold))
        figures["one_warm"].append(statistics.median(one_warm))
        plans_cold, plans_warm = [], []
        for advice in advices:
            forget(kb)

            def plan(a: object = advice) -> None:
                for cid in a.ids:  # type: ignore[attr-defined]
                    both(kb, a.scenario, cid)  # type: ignore[attr-defined]

            plans_cold.append(timed(plan))
            plans_warm.append(timed(plan))
        figures["plan_cold"].append(max(plans_cold))
        figures["plan_warm"].append(max(plans_warm))
        forget(kb)
        figures["all_cold"].append(
            timed(lambda: [both(kb, advices[0].scenario, cid) for cid in kb.conclusions])
        )
    return figures


def table(figures: dict[str, list[float]], repeat: int) -> str:
    rows = [
        (
            "one_cold",
            "one conclusion, reasons and changes, cold: median over the examples' "
            "advised conclusions",
        ),
        ("one_warm", "the same, warm"),
        ("plan_cold", "all the conclusions of one plan, cold: the slowest of the examples"),
        ("plan_warm", "the same, warm"),
        ("all_cold", "every conclusion of the knowledge base for one example, cold"),
    ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {load:.1f} at the start; {repeat} rounds over "
        f"the {len(EXAMPLES)} bundled examples.",
        "",
        "| what | median of the rounds | best round |",
        "|---|---:|---:|",
    ]
    for key, label in rows:
        values = figures[key]
        lines.append(
            f"| {label} | {statistics.median(values) * 1000:.1f} ms | {min(values) * 1000:.1f} ms |"
        )
    one = statistics.median(figures["one_cold"])
    plan = statistics.median(figures["plan_cold"])
    lines += [
        "",
        "Issue 15's targets, read on the cold figures (the harder case): one conclusion's "
        f"reasons and changes under 100 ms at the median ({'met' if one < 0.1 else 'NOT met'}: "
        f"{one * 1000:.1f} ms); all the conclusions of a plan under 2 s "
        f"({'met' if plan < 2 else 'NOT met'}: {plan:.2f} s for the slowest plan). Most of a "
        "cold call is making the conclusion's boxes (one pipeline run per box, indexed "
        "evaluator); step:find_contacts, whose rules read the most paths, is the slowest.",
    ]
    return "\n".join(lines) + "\n"


def write(text: str) -> None:
    results = HERE / "RESULTS.md"
    current = results.read_text("utf-8")
    section = f"{START}\n{text}{END}"
    if START in current:
        before, rest = current.split(START, 1)
        _, after = rest.split(END, 1)
        updated = before + section + after
    else:
        updated = (
            current.rstrip("\n")
            + "\n\n## Minimal reasons and minimal changes (benchmarks/minimal.py)\n\n"
            + section
            + "\n"
        )
    from rightsrules.io.write import write_text

    write_text(results, updated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default: 5)")
    parser.add_argument("--print", action="store_true", help="print; leave RESULTS.md alone")
    args = parser.parse_args()
    text = table(measure(args.repeat), args.repeat)
    print(text, end="")
    if not args.print:
        write(text)


if __name__ == "__main__":
    main()
