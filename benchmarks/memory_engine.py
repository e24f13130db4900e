"""Engine memory: many assessments in one process through the durable_rules evaluator.

Runs N assessments (default 20,000) of a synthetic program (160 rules, 40 of them chained
through conclusions) over varied scenarios, one durable_rules session each, and prints the
resident memory at intervals. Every 100th run is checked against the reference evaluator.
Not a test: nothing is asserted on time; the point is that memory stays flat.

    .venv/bin/python benchmarks/memory_engine.py [--runs 20000] [--every 2000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time

from rightsrules.conditions import Literal, Op
from rightsrules.engines.durable import DurableEvaluator
from rightsrules.engines.program import Program
from rightsrules.engines.reference import ReferenceEvaluator
from rightsrules.scenario import FactValue
from rightsrules.vocabulary import FIELDS, FieldKind

TEXTS = ("Example Net", 'say "hi"', "Ünïcødé ✓", "other")
RULE_PATHS = [path for path, field in FIELDS.items() if field.kind is not FieldKind.DATE]


def values(path: str) -> tuple[FactValue, ...]:
    field = FIELDS[path]
    if field.kind is FieldKind.BOOL:
        return (True, False)
    if field.kind is FieldKind.COUNTRY:
        return ("US", "GB", "FR")
    return tuple(field.allowed) or TEXTS


def synthetic_program(rng: random.Random, base: int = 120, chained: int = 40) -> Program:
    ids = [f"challenge:c{i}" for i in range(20)]
    rules = []
    for index in range(base):
        literals = []
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(RULE_PATHS)
            op = rng.choice([Op.EQ, Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.KNOWN, Op.UNKNOWN])
            pool = values(path)
            if op in (Op.KNOWN, Op.UNKNOWN):
                literals.append(Literal(op, path))
            elif op in (Op.IN, Op.NOT_IN):
                literals.append(Literal(op, path, tuple(rng.sample(pool, min(2, len(pool))))))
            else:
                literals.append(Literal(op, path, (rng.choice(pool),)))
        rules.append((f"base_{index}", (tuple(dict.fromkeys(literals)),), (rng.choice(ids),)))
    for index in range(chained):
        read = tuple(Literal(Op.CONCLUDED, conclusion=cid) for cid in rng.sample(ids, 2))
        conjunctions = (read[:1], read)
        rules.append((f"chained_{index}", conjunctions, (f"strategy:s{index % 10}",)))
    return Program.build(rules)


def scenario_facts(rng: random.Random) -> dict[str, FactValue]:
    facts: dict[str, FactValue] = {}
    for path in RULE_PATHS:
        if rng.random() < 0.5:
            continue
        pool = values(path)
        if FIELDS[path].is_list:
            facts[path] = tuple(rng.sample(pool, rng.randint(0, min(3, len(pool)))))
        else:
            facts[path] = rng.choice(pool)
    return facts


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--every", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    program = synthetic_program(rng)
    scenarios = [scenario_facts(rng) for _ in range(500)]
    evaluator, reference = DurableEvaluator(), ReferenceEvaluator()
    conjunctions = sum(len(rule.conjunctions) for rule in program.rules)
    print(f"python {platform.python_version()} on {platform.machine()}, nproc {os.cpu_count()}")
    print(
        f"program: {len(program.rules)} rules, {conjunctions} alternatives, "
        f"{len(program.read)} conclusions read; {len(scenarios)} distinct scenarios"
    )
    evaluator.run(program, scenarios[0])  # compile and register outside the measurement
    print(f"{'runs':>7} {'rss MiB':>8} {'firings/run':>11} {'runs/s':>8}")
    print(f"{0:>7} {rss_mib():>8.1f} {'':>11} {'':>8}")
    start = time.perf_counter()
    last = start
    firings = 0
    checked = 0
    for run in range(1, args.runs + 1):
        facts = scenarios[run % len(scenarios)]
        result = evaluator.run(program, facts)
        firings += len(result)
        if run % 100 == 0:
            if result != reference.run(program, facts):
                sys.exit(f"run {run}: durable_rules and the reference evaluator differ")
            checked += 1
        if run % args.every == 0:
            now = time.perf_counter()
            rate = args.every / (now - last)
            last = now
            print(f"{run:>7} {rss_mib():>8.1f} {firings / run:>11.1f} {rate:>8.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total = time.perf_counter() - start
    print(
        f"peak rss {peak:.1f} MiB; {args.runs} runs in {total:.1f} s; "
        f"{checked} checked against the reference, all equal"
    )


if __name__ == "__main__":
    main()
