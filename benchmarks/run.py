"""Measure rightsrules and write the figures into benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/run.py            # everything (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # smaller counts, to try the script

``make bench`` installs the benchmark-only dependencies (experta) and runs it. The figures
go between the ``run.py`` markers of RESULTS.md; the rest of that file (other sections) is
kept as it is. Timings are wall-clock on whatever else the machine is doing: the load average
at the start is recorded beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import scenarios  # noqa: E402

import rightsrules  # noqa: E402
from rightsrules import load_knowledge_base  # noqa: E402
from rightsrules.batch import advise_lines, assess_many  # noqa: E402
from rightsrules.conditions import Literal, Op, Truth  # noqa: E402
from rightsrules.engines.indexed import IndexedEvaluator  # noqa: E402
from rightsrules.engines.program import Program  # noqa: E402
from rightsrules.engines.reference import ReferenceEvaluator  # noqa: E402
from rightsrules.scenario import FactValue, Scenario  # noqa: E402
from rightsrules.vocabulary import FIELDS  # noqa: E402

RESULTS = HERE / "RESULTS.md"
BEGIN = "<!-- run.py:begin -->"
END = "<!-- run.py:end -->"


# --- helpers -------------------------------------------------------------------------------


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mib() -> float:
    """The peak RSS of this process (VmHWM; ru_maxrss would carry the parent's over exec)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def latencies(function: Callable[[Any], Any], items: list[Any]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    samples = []
    for item in items:
        start = time.perf_counter()
        function(item)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def machine() -> list[str]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg()
    return [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} cores (`nproc`: {len(os.sched_getaffinity(0))}), "
        f"CPU {cpu}, {platform.machine()}, Linux {platform.release()}",
        f"- Python {platform.python_version()}, rightsrules {rightsrules.__version__}",
        f"- load average at the start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(other work on the machine slows every figure below)",
    ]


def durable() -> Any:
    try:
        from rightsrules.engines.durable import DurableEvaluator, durable_available
    except ImportError:
        return None
    return DurableEvaluator() if durable_available() else None


# --- the shipped knowledge base ------------------------------------------------------------


def shipped(out: list[str], quick: bool) -> None:
    from rightsrules import knowledge

    os.environ["RIGHTSRULES_NO_CACHE"] = "1"
    knowledge._load.cache_clear()
    kb_seconds = timed(load_knowledge_base)
    del os.environ["RIGHTSRULES_NO_CACHE"]
    knowledge._load.cache_clear()
    load_knowledge_base()  # writes the cache if it was not there
    knowledge._load.cache_clear()
    cached_seconds = timed(load_knowledge_base)
    kb = load_knowledge_base()
    rules = len(kb.rules)
    out += [
        "",
        "### The shipped knowledge base",
        "",
        f"{rules} rules ({len(kb.program.rules)} concluding), version `{kb.version}`.",
        "",
        "| what | figure |",
        "| --- | --- |",
        f"| load and check the knowledge base (YAML, schema, cycles), no cache | "
        f"{kb_seconds * 1000:,.0f} ms |",
        f"| load the checked knowledge base from its cache (JSON) | "
        f"{cached_seconds * 1000:,.1f} ms |",
    ]
    engine = durable()
    facts = Scenario.from_dict(next(scenarios(1))).facts()
    indexed_compile = timed(lambda: IndexedEvaluator().run(kb.program, facts))
    out.append(
        f"| compile for the indexed evaluator (first run) | {indexed_compile * 1000:,.1f} ms |"
    )
    if engine is not None:
        compile_seconds = timed(lambda: engine.run(kb.program, facts))
        out.append(
            f"| compile and register the durable_rules ruleset (first run) | "
            f"{compile_seconds * 1000:,.1f} ms |"
        )

    count = 1000 if quick else 3000
    items = list(scenarios(count, seed=11))
    evaluators: list[tuple[str, Any]] = []
    if engine is not None:
        evaluators.append(("durable_rules (the default of `assess`)", engine))
    evaluators += [("reference", ReferenceEvaluator()), ("indexed", IndexedEvaluator())]
    for label, evaluator in evaluators:
        for item in items[:50]:
            rightsrules.assess(item, kb, evaluator=evaluator)
        median, p95 = latencies(
            lambda d, e=evaluator: rightsrules.assess(d, kb, evaluator=e), items
        )
        out.append(
            f"| `assess` one scenario, {label}: median / p95 over {count:,} | "
            f"{median:.2f} ms / {p95:.2f} ms |"
        )
    median, p95 = latencies(
        lambda d: rightsrules.assess(d, kb, evaluator=IndexedEvaluator()).to_json(), items
    )
    out.append(f"| `assess` + `to_json`, indexed: median / p95 | {median:.2f} ms / {p95:.2f} ms |")
    advices = [rightsrules.assess(d, kb) for d in items[: 100 if quick else 300]]
    if hasattr(advices[0], "questions"):
        median, p95 = latencies(lambda a: a.questions(), advices)
        out.append(
            f"| `advice.questions()` (default evaluator): median / p95 over {len(advices)} | "
            f"{median:.1f} ms / {p95:.1f} ms |"
        )

    count = 5000 if quick else 20000
    items = list(scenarios(count, seed=12))
    rows = []
    for label, evaluator in [("indexed", IndexedEvaluator()), ("durable_rules", engine)]:
        if evaluator is None:
            continue
        how = "run_many" if hasattr(evaluator, "run_many") else "run per scenario"
        n = count if label == "indexed" else count // 4
        part = items[:n]
        runs: list[tuple[str, Callable[[], Any]]] = [
            (
                "1 process, Advice objects (`assess_many`)",
                lambda e=evaluator, p=part: sum(1 for _ in assess_many(p, kb, evaluator=e)),
            ),
            (
                "1 process, JSON lines (`advise_lines`)",
                lambda e=evaluator, p=part: sum(1 for _ in advise_lines(p, kb, evaluator=e)),
            ),
            (
                "2 processes, JSON lines, start-up included",
                lambda e=evaluator, p=part: sum(
                    1 for _ in advise_lines(p, kb, evaluator=e, jobs=2)
                ),
            ),
        ]
        for _ in advise_lines(part[:500], kb, evaluator=evaluator):
            pass  # warm-up: the compiled program and the first values of each path
        for what, function in runs:
            best = min(timed(function) for _ in range(3))
            rows.append(f"| {label} ({how}), {what} | {n:,} | {rate(n, best)} |")
    out += [
        "",
        "Batch throughput, with full proofs (every derivation and premise in the output); "
        "best of three runs each:",
        "",
        "| what | scenarios | rate |",
        "| --- | ---: | ---: |",
        *rows,
    ]


# --- memory over a long run -----------------------------------------------------------------


def long_run(out: list[str], quick: bool) -> None:
    total = 20_000 if quick else 100_000
    marks = checkpoints(total)
    out += [
        "",
        f"### Memory over {total:,} assessments in one process",
        "",
        "Each run in a fresh process; resident memory (RSS) after each count, and the peak.",
        "",
        "| run | RSS (MiB) after " + " / ".join(f"{n:,}" for n in marks) + " | peak | rate |",
        "| --- | --- | ---: | ---: |",
    ]
    labels = {
        "lines": "`advise_lines` (what `rightsrules batch` writes), indexed evaluator",
        "indexed": "`assess_many`, indexed evaluator, each advice to JSON",
        "durable": "`assess` one by one, durable_rules evaluator, each advice to JSON",
    }
    for kind, label in labels.items():
        command = [sys.executable, __file__, "--long-run", kind, str(total)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            out.append(f"| {label} | failed: {result.stderr.strip()[-200:]} | | |")
            continue
        data = json.loads(result.stdout)
        shown = " / ".join(f"{value:.0f}" for value in data["rss"])
        out.append(f"| {label} | {shown} | {data['peak']:.0f} | {rate(total, data['seconds'])} |")


def long_run_child(kind: str, total: int) -> int:
    """One long run, in its own process; prints its memory figures as JSON."""
    kb = load_knowledge_base()
    items = scenarios(total, seed=21)
    if kind == "durable":
        engine = durable()
        if engine is None:
            print("durable_rules is not available", file=sys.stderr)
            return 1
        results: Iterator[str] = (
            rightsrules.assess(item, kb, evaluator=engine).to_json() for item in items
        )
    elif kind == "lines":
        results = advise_lines(items, kb)
    else:
        results = (advice.to_json() for advice in assess_many(items, kb))
    marks = set(checkpoints(total))
    seen = []
    start = time.perf_counter()
    for number, _ in enumerate(results, 1):
        if number in marks:
            seen.append(rss_mib())
    seconds = time.perf_counter() - start
    print(json.dumps({"rss": seen, "peak": peak_mib(), "seconds": seconds}))
    return 0


def checkpoints(total: int) -> list[int]:
    return [total // 10, total // 2, total]


# --- the command line ----------------------------------------------------------------------


def cli(out: list[str], quick: bool) -> None:
    base = 2000 if quick else 6000
    binary = str(Path(sys.executable).with_name("rightsrules"))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        inputs = {}
        for count in (1, base, 3 * base):
            path = Path(folder) / f"in-{count}.jsonl"
            with path.open("w", encoding="utf-8") as handle:
                for item in scenarios(count, seed=31):
                    handle.write(json.dumps(item) + "\n")
            inputs[count] = path
        for jobs in (1, 2):
            seconds = {}
            for count, path in inputs.items():
                target = Path(folder) / "out.jsonl"
                command = [binary, "batch", str(path), "--out", str(target), "--jobs", str(jobs)]
                best = min(timed(lambda c=command: subprocess.run(c, check=True)) for _ in range(2))
                lines = target.read_text(encoding="utf-8").splitlines()
                assert len(lines) == count, (len(lines), count)
                if count > 1:
                    first = [json.loads(line)["scenario"]["company"]["name"] for line in lines[:3]]
                    assert first == ["Company 0", "Company 1", "Company 2"], first
                seconds[count] = best
            started = seconds[1]
            rows.append(
                f"| `--jobs {jobs}` | {seconds[1]:.2f} s | {seconds[base]:.2f} s | "
                f"{seconds[3 * base]:.2f} s | {rate(base, seconds[base] - started)} | "
                f"{rate(3 * base, seconds[3 * base] - started)} | "
                f"{(seconds[3 * base] - started) / (seconds[base] - started):.2f} |"
            )
    command = (
        f"`python benchmarks/generate.py {base} > in.jsonl && rightsrules batch in.jsonl "
        "--out out.jsonl`"
    )
    out += [
        "",
        f"### `rightsrules batch`, JSON lines, {base:,} and {3 * base:,} generated scenarios",
        "",
        f"Each count answered with exactly as many lines, in input order (checked). {command}. "
        'Best of two runs. "Once started" subtracts the time of a one-line input (interpreter, '
        "imports, knowledge base; with `--jobs 2` also the worker processes).",
        "",
        f"| jobs | 1 line | {base:,} | {3 * base:,} | rate once started, {base:,} | "
        f"rate once started, {3 * base:,} | time x3 input / x1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]


# --- side by side on a synthetic 160-rule ruleset -------------------------------------------

_PATHS = [
    path
    for path, field in FIELDS.items()
    if field.allowed and not field.required and field.kind.value != "date"
] + ["company.type"]


def synthetic_rules(folder: Path, count: int = 160, seed: int = 5) -> None:
    """``count`` rules in four layers; each layer past the first chains on conclusions of the
    layers below. Written as YAML, loaded by the ordinary loader."""
    rng = random.Random(seed)
    rules, conclusions = [], []
    layer_size = count // 4
    for index in range(count):
        layer = index // layer_size
        tests: list[dict[str, Any]] = []
        for path in rng.sample(_PATHS, rng.randint(1, 2) if layer == 0 else rng.randint(0, 1)):
            allowed = FIELDS[path].allowed
            value: Any = rng.choice(allowed)
            value = {"true": True, "false": False}.get(value, value)
            kind = rng.random()
            if kind < 0.6:
                tests.append({path: value})
            elif kind < 0.8 and not FIELDS[path].is_list:
                tests.append({"in": {path: rng.sample(allowed, min(2, len(allowed)))}})
                if FIELDS[path].kind.value == "bool":
                    tests[-1] = {path: value}
            else:
                tests.append({"not": {path: value}})
        if layer:
            below = rng.randrange(0, layer * layer_size)
            tests.append({"concluded": f"step:synthetic_{below:03d}"})
            if rng.random() < 0.3:
                other = rng.randrange(0, layer * layer_size)
                tests.append({"concluded": f"step:synthetic_{other:03d}"})
        when: dict[str, Any] = {"all": tests} if len(tests) > 1 else tests[0]
        if rng.random() < 0.2 and layer == 0:
            extra_path = rng.choice(_PATHS)
            extra = rng.choice(FIELDS[extra_path].allowed)
            extra_value = {"true": True, "false": False}.get(extra, extra)
            when = {"any": [when, {extra_path: extra_value}]}
        rules.append(
            {
                "id": f"synthetic.r{index:03d}",
                "title": f"Synthetic rule {index}",
                "when": when,
                "then": [f"step:synthetic_{index:03d}"],
                "because": "Synthetic.",
                "sources": ["S.1"],
            }
        )
        conclusions.append(
            {"id": f"step:synthetic_{index:03d}", "title": f"Synthetic {index}", "summary": "S."}
        )
    (folder / "rules").mkdir()
    (folder / "facts").mkdir()
    dump = json.dumps  # JSON is YAML 1.2
    (folder / "rules" / "synthetic.yaml").write_text(dump({"rules": rules}), encoding="utf-8")
    (folder / "facts" / "conclusions.yaml").write_text(
        dump({"conclusions": conclusions}), encoding="utf-8"
    )
    (folder / "facts" / "sections.yaml").write_text(
        dump({"sections": [{"id": "S.1", "heading": "Synthetic", "summary": "Synthetic."}]}),
        encoding="utf-8",
    )


class Atoms:
    """Each distinct test of a path, as a number per scenario: 1 holds, 0 fails, -1 unknown.
    The encoding the durable_rules engine uses, shared here by experta and the plain loop."""

    def __init__(self, program: Program) -> None:
        self.literals: list[Literal] = []
        index: dict[Literal, int] = {}
        self.conjunctions: list[tuple[int, int, tuple[int, ...], tuple[str, ...]]] = []
        for rule in program.rules:
            for number, conjunction in enumerate(rule.conjunctions):
                atoms = []
                for literal in conjunction:
                    if literal.op is Op.CONCLUDED:
                        continue
                    if literal not in index:
                        index[literal] = len(self.literals)
                        self.literals.append(literal)
                    atoms.append(index[literal])
                reads = tuple(lit.conclusion for lit in conjunction if lit.op is Op.CONCLUDED)
                self.conjunctions.append((rule.index, number, tuple(atoms), reads))

    def encode(self, facts: Mapping[str, FactValue]) -> list[int]:
        values = []
        for literal in self.literals:
            truth = literal.truth(facts, ())
            values.append(1 if truth is Truth.TRUE else 0 if truth is Truth.FALSE else -1)
        return values


def _expression(literal: Literal, variable: str, conclusion: str) -> str:
    """A literal as a Python expression over local variables, true exactly when
    ``literal.truth`` is TRUE: ``variable`` holds the value at its path (``None`` when
    unknown), ``conclusion`` the local flag of the conclusion it tests."""
    op, values = literal.op, literal.values
    if op is Op.CONCLUDED:
        return conclusion
    if op is Op.KNOWN:
        return f"{variable} is not None"
    if op is Op.UNKNOWN:
        return f"{variable} is None"
    if FIELDS[literal.path].is_list:
        checks = [f"{variable} == ()" if v == () else f"{v!r} in {variable}" for v in values]
    else:
        checks = [f"{variable} == {v!r}" for v in values]
    test = " or ".join(checks)
    if op in (Op.NE, Op.NOT_IN):
        test = f"not ({test})"
    return f"({variable} is not None and ({test}))"


def plain_loop(program: Program, atoms: Atoms) -> Callable[[Mapping[str, FactValue]], int]:
    """The speed limit: the program's conditions generated as one plain Python function
    (each path read once, each conclusion a local flag, rules in chaining order), no engine,
    no proofs; it only counts firings."""
    from rightsrules.engines.program import chain_levels

    levels = chain_levels(program).levels
    paths: dict[str, str] = {}
    flags: dict[str, str] = {}
    for rule in program.rules:
        flags.update(
            (cid, f"c{len(flags) + i}")
            for i, cid in enumerate(c for c in rule.concludes if c not in flags)
        )
        for conjunction in rule.conjunctions:
            for literal in conjunction:
                if literal.op is Op.CONCLUDED:
                    flags.setdefault(literal.conclusion, f"c{len(flags)}")
                else:
                    paths.setdefault(literal.path, f"p{len(paths)}")
    lines = ["def run(facts):", "    get = facts.get", "    n = 0"]
    lines += [f"    {variable} = get({path!r})" for path, variable in paths.items()]
    lines += [f"    {flag} = False" for flag in flags.values()]
    for rule in sorted(program.rules, key=lambda r: (levels.get(r.index, 0), r.index)):
        for conjunction in rule.conjunctions:
            test = (
                " and ".join(
                    _expression(lit, paths.get(lit.path, ""), flags.get(lit.conclusion, ""))
                    for lit in conjunction
                )
                or "True"
            )
            sets = "; ".join(f"{flags[cid]} = True" for cid in rule.concludes)
            lines.append(f"    if {test}:")
            lines.append(f"        n += 1; {sets}")
    lines.append("    return n")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<plain loop>", "exec"), namespace)
    function: Callable[[Mapping[str, FactValue]], int] = namespace["run"]
    return function


def experta_runner(program: Program, atoms: Atoms) -> Callable[[Mapping[str, FactValue]], int]:
    """The same rules in experta: one Rule per conjunction over the atom-encoded scenario fact
    and the conclusion facts it reads; actions record the firing and declare conclusions."""
    import experta

    codes = {cid: n for n, cid in enumerate(sorted(program.read))}
    fired: list[tuple[int, int]] = []
    methods: dict[str, Any] = {}
    for rule_index, number, needed, reads in atoms.conjunctions:
        rule = program.rules[rule_index]
        patterns = [experta.Fact(t="s", **{f"a{a}": 1 for a in needed})]
        patterns += [experta.Fact(t="c", cid=codes[cid]) for cid in reads]
        declares = [codes[cid] for cid in rule.concludes if cid in codes]

        def action(
            self: Any, _key: tuple[int, int] = (rule_index, number), _declares: list[int] = declares
        ) -> None:
            fired.append(_key)
            for code in _declares:
                self.declare(experta.Fact(t="c", cid=code))

        methods[f"r{rule_index}_{number}"] = experta.Rule(*patterns)(action)
    engine_class = type("Synthetic", (experta.KnowledgeEngine,), methods)
    engine = engine_class()

    def run(facts: Mapping[str, FactValue]) -> int:
        fired.clear()
        engine.reset()
        engine.declare(
            experta.Fact(t="s", **{f"a{i}": v for i, v in enumerate(atoms.encode(facts))})
        )
        engine.run()
        return len(fired)

    return run


def durable_floor(program: Program) -> Callable[[Mapping[str, FactValue]], int] | None:
    """The durable_rules ruleset the engine compiles, every action a no-op: what matching
    alone costs in durable_rules, one session per scenario (no recording, no chaining)."""
    try:
        from rightsrules.engines import durable as module

        compiled = module._CompiledProgram(program)
        host = module._host()
    except Exception:
        return None
    definition = {}
    for name, rule in compiled.definition.items():
        copy = dict(rule)
        copy["run"] = lambda c: None
        definition[name] = copy
    ruleset = f"floor_{program.digest}_{os.getpid()}"
    host.register_rulesets({ruleset: definition})
    counter = iter(range(1, 10**12))

    def run(facts: Mapping[str, FactValue]) -> int:
        sid = f"floor-{next(counter)}"
        host.assert_fact(ruleset, {"sid": sid, "id": "z", "t": "z", "sk": 1})
        for fact in compiled.scenario_facts(facts, 1, sid):
            # A copy no rule can use: durable refuses to keep it.
            with contextlib.suppress(Exception):
                host.assert_fact(ruleset, fact)
        host.delete_state(ruleset, sid)
        return 0

    return run


def side_by_side(out: list[str], quick: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        synthetic_rules(root)
        compile_seconds = timed(
            lambda: load_knowledge_base([root / "rules"], builtin=False, facts_dir=root / "facts")
        )
        kb = load_knowledge_base([root / "rules"], builtin=False, facts_dir=root / "facts")
    program = kb.program
    count = 1000 if quick else 4000
    facts_list = [Scenario.from_dict(item).facts() for item in scenarios(count, seed=41)]
    reference = ReferenceEvaluator()
    firings = statistics.mean(len(reference.run(program, facts)) for facts in facts_list[:500])
    atoms = Atoms(program)
    rows: list[tuple[str, str, int, Callable[[], Any]]] = []
    engine = durable()
    floor = durable_floor(program) if engine is not None else None
    if floor is not None:
        rows.append(
            (
                "durable_rules floor",
                "one session per scenario, no-op actions",
                count // 4,
                lambda n=count // 4: [floor(f) for f in facts_list[:n]],
            )
        )
    if engine is not None:
        rows.append(
            (
                "durable_rules engine (`DurableEvaluator.run`)",
                "one session per scenario",
                count // 4,
                lambda n=count // 4: [engine.run(program, f) for f in facts_list[:n]],
            )
        )
        if hasattr(engine, "run_many"):
            rows.append(
                (
                    "durable_rules engine (`run_many`)",
                    "many scenarios per session",
                    count,
                    lambda: engine.run_many(program, facts_list),
                )
            )
    rows.append(
        (
            "reference evaluator",
            "full proofs",
            count // 2,
            lambda n=count // 2: [reference.run(program, f) for f in facts_list[:n]],
        )
    )
    try:
        experta = experta_runner(program, atoms)
    except ImportError:
        experta = None
    if experta is not None:
        check = [experta(f) for f in facts_list[:50]]
        assert check == [len(reference.run(program, f)) for f in facts_list[:50]], "experta differs"
        rows.append(
            (
                "experta 1.9.4",
                "one reset per scenario, firings recorded",
                count // 4,
                lambda n=count // 4: [experta(f) for f in facts_list[:n]],
            )
        )
    indexed = IndexedEvaluator()
    rows.append(
        (
            "indexed evaluator",
            "full proofs",
            count,
            lambda: [indexed.run(program, f) for f in facts_list],
        )
    )
    loop = plain_loop(program, atoms)
    assert [loop(f) for f in facts_list[:50]] == [
        len(reference.run(program, f)) for f in facts_list[:50]
    ]
    rows.append(
        (
            "plain Python loop (the speed limit)",
            "no engine, no proofs",
            count,
            lambda: [loop(f) for f in facts_list],
        )
    )
    out += [
        "",
        f"### Side by side: a synthetic {len(program.rules)}-rule ruleset with chaining",
        "",
        f"{len(program.rules)} rules in four layers (layers 2-4 chain on conclusions below), "
        f"compiled from one YAML file by the ordinary loader in {compile_seconds * 1000:,.0f} ms; "
        f"{sum(len(r.conjunctions) for r in program.rules)} conjunctions; "
        f"{firings:.1f} firings per scenario on average. Evaluation only (scenario facts "
        "ready, no advice building). experta reads the same atom encoding of the scenario as the "
        "durable_rules engine; the plain loop is generated Python code over the same "
        "conditions; their firing counts are checked against the reference evaluator.",
        "",
        "| evaluator | how | scenarios | rate |",
        "| --- | --- | ---: | ---: |",
    ]
    for label, how, n, function in rows:
        function()  # warm up (compile, register, caches)
        seconds = min(timed(function) for _ in range(2))
        out.append(f"| {label} | {how} | {n:,} | {rate(n, seconds)} |")


# --- main ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    parser.add_argument("--long-run", nargs=2, metavar=("KIND", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.long_run:
        return long_run_child(args.long_run[0], int(args.long_run[1]))
    command = "make bench" + (" (benchmarks/run.py --quick)" if args.quick else "")
    out = [BEGIN, "## Speed and memory (benchmarks/run.py)", "", f"Reproduce: `{command}`.", ""]
    out += machine()
    for part in (shipped, side_by_side, cli, long_run):
        started = time.perf_counter()
        try:
            part(out, args.quick)
        except Exception as error:  # one broken part should not lose the others' figures
            out += ["", f"{part.__name__}: failed ({type(error).__name__}: {error})"]
        print(f"{part.__name__}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    out.append(END)
    text = "\n".join(out) + "\n"
    print(text)
    if not args.no_write:
        write(text)
    return 0


def write(section: str) -> None:
    """Put ``section`` between the markers of RESULTS.md, keeping every other section."""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if BEGIN in existing and END in existing:
        before, rest = existing.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        updated = before + section.rstrip("\n") + after
    else:
        updated = existing.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
