"""The durable_rules engine: one regression test per hazard of ARCHITECTURE.md, each written
to fail without its defence, and the engine's agreement with the reference evaluator on
hand-picked cases (the generated ones are in test_differential.py).

Undefended variants that could crash or hang the process (``$nex`` livelock, node limits,
sessions without an action) run in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from rightsrules.conditions import Literal, Op
from rightsrules.engines import durable as engine
from rightsrules.engines.program import Program
from rightsrules.engines.reference import ReferenceEvaluator
from rightsrules.errors import EngineError
from rightsrules.scenario import FactValue

pytestmark = pytest.mark.skipif(
    not engine.durable_available(), reason="durable_rules is not installed"
)

REFERENCE = ReferenceEvaluator()
TYPE = "company.type"


def eq(path: str, value: FactValue) -> Literal:
    return Literal(Op.EQ, path, (value,))


def concluded(cid: str) -> Literal:
    return Literal(Op.CONCLUDED, conclusion=cid)


def chain_program(tag: str = "") -> Program:
    """isp -> leverage:x (two ways) -> strategy:y; plus a conclusion nobody reads."""
    return Program.build(
        [
            (f"a{tag}", ((eq(TYPE, "isp"),), (eq("company.licensed", True),)), ("leverage:x",)),
            (f"b{tag}", ((Literal(Op.KNOWN, "company.size"),),), ("leverage:x", "step:z")),
            (f"c{tag}", ((concluded("leverage:x"),),), ("strategy:y",)),
            (f"d{tag}", ((concluded("strategy:y"), concluded("leverage:x")),), ("contact:w",)),
        ]
    )


FACTS: dict[str, FactValue] = {TYPE: "isp", "company.licensed": True, "company.size": "large"}


def check(program: Program, facts: dict[str, FactValue]) -> list[Any]:
    got = engine.DurableEvaluator().run(program, facts)
    assert got == REFERENCE.run(program, facts)
    return got


def run_python(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def spy_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[Any]]]:
    """Record what the engine sends to durable's host (``assert``: every fact, whether asserted
    alone or in a list)."""
    host = engine._host()
    calls: dict[str, list[Any]] = {"register": [], "assert": [], "delete": []}
    register, assert_fact, assert_facts, delete_state = (
        host.register_rulesets,
        host.assert_fact,
        host.assert_facts,
        host.delete_state,
    )

    def spy_register(definitions: Any) -> Any:
        calls["register"].append(definitions)
        return register(definitions)

    def spy_assert(name: str, fact: Any) -> Any:
        calls["assert"].append(json.loads(json.dumps(fact)))
        return assert_fact(name, fact)

    def spy_assert_many(name: str, facts: Any) -> Any:
        calls["assert"].extend(json.loads(json.dumps(facts)))
        return assert_facts(name, facts)

    def spy_delete(name: str, sid: str) -> Any:
        calls["delete"].append(sid)
        return delete_state(name, sid)

    monkeypatch.setattr(host, "register_rulesets", spy_register)
    monkeypatch.setattr(host, "assert_fact", spy_assert)
    monkeypatch.setattr(host, "assert_facts", spy_assert_many)
    monkeypatch.setattr(host, "delete_state", spy_delete)
    yield calls


# --- agreement on hand-picked cases ------------------------------------------------------------


def test_chain_matches_reference() -> None:
    firings = check(chain_program(), FACTS)
    assert [(f.rule, f.conjunction) for f in firings] == [
        ("a", 0),
        ("a", 1),
        ("b", 0),
        ("c", 0),
        ("d", 0),
    ]


def test_nothing_known_nothing_fires() -> None:
    assert check(chain_program(), {}) == []


def test_every_literal_kind_on_lists_and_scalars() -> None:
    deps = "company.departments"
    program = Program.build(
        [
            ("holds", ((eq(deps, "legal"),),), ("scope:a",)),
            ("empty", ((eq(deps, ()),),), ("scope:b",)),
            ("lacks", ((Literal(Op.NE, deps, ("policy",)),),), ("scope:c",)),
            ("nonempty", ((Literal(Op.NE, deps, ((),)),),), ("scope:d",)),
            ("any", ((Literal(Op.IN, deps, ("csr", "legal")),),), ("scope:e",)),
            ("none", ((Literal(Op.NOT_IN, deps, ("csr", "policy")),),), ("scope:f",)),
            ("in", ((Literal(Op.IN, "company.size", ("small", "large")),),), ("scope:g",)),
            ("notin", ((Literal(Op.NOT_IN, "company.size", ("small",)),),), ("scope:h",)),
            ("ne", ((Literal(Op.NE, "company.licensed", (True,)),),), ("scope:i",)),
            ("known", ((Literal(Op.KNOWN, "company.size"),),), ("scope:j",)),
            ("unknown", ((Literal(Op.UNKNOWN, "company.size"),),), ("scope:k",)),
            ("always", ((),), ("scope:l",)),
        ]
    )
    cases: list[dict[str, FactValue]] = [
        {},
        {deps: ()},
        {deps: ("legal", "csr")},
        {deps: ("policy",), "company.size": "large", "company.licensed": False},
        {deps: ("legal", "csr", "policy"), "company.size": "small", "company.licensed": True},
    ]
    for facts in cases:
        check(program, facts)


def test_mistyped_facts_follow_the_reference() -> None:
    """The facts mapping is not validated here: a list where a scalar belongs, a boolean where
    text belongs, still give the reference's answer."""
    program = Program.build(
        [
            ("r1", ((eq(TYPE, "isp"),), (Literal(Op.NE, TYPE, ("cloud_company",)),)), ("scope:a",)),
            ("r2", ((Literal(Op.IN, "company.name", ("true", True)),),), ("scope:b",)),
            ("r3", ((Literal(Op.NOT_IN, TYPE, ("isp", "x")),),), ("scope:c",)),
        ]
    )
    for facts in (
        {TYPE: ("isp", "x")},
        {TYPE: ()},
        {"company.name": True},
        {"company.name": "true"},
    ):
        check(program, facts)  # type: ignore[arg-type]


AWKWARD = (
    'say "hi"',
    "back\\slash",
    '{"sid": "1", "$and": [], "t": "z"}',
    "$nex",
    "sid",
    "Ünïcødé ✓ 日本語 🙂",
    "nul\x00byte",
    "x" * 10_000,
    "",
)


def test_any_string_value_is_safe(spy_host: dict[str, list[Any]]) -> None:
    """Strings from the input never reach durable: quotes, unicode, JSON, durable operators,
    NUL, 10,000 characters all compare exactly as in the reference; every fact durable sees has
    plain property names and only numbers or the engine's own tags as values."""
    name = "company.name"
    program = Program.build(
        [
            (
                f"r{i}",
                ((eq(name, text),), (eq("company.industry_associations", text),)),
                ("scope:a",),
            )
            for i, text in enumerate(AWKWARD)
        ]
    )
    for text in AWKWARD:
        check(program, {name: text, "company.industry_associations": (text, "other")})
        check(program, {name: text + "!", "company.industry_associations": ()})
    for fact in spy_host["assert"]:
        for key, value in fact.items():
            assert re.fullmatch(r"[a-z][a-z0-9]*", key), key
            assert isinstance(value, int) or re.fullmatch(r"[a-z0-9_-]+", value), value


def test_cyclic_chains_reach_the_fixpoint() -> None:
    program = Program.build(
        [
            ("x_to_y", ((concluded("leverage:x"),),), ("strategy:y",)),
            ("y_to_x", ((concluded("strategy:y"),),), ("leverage:x",)),
            ("start", ((eq(TYPE, "isp"),),), ("leverage:x",)),
        ]
    )
    assert len(check(program, FACTS)) == 3
    assert check(program, {}) == []


def test_scenarios_sharing_a_session_stay_apart() -> None:
    """Every fact carries the scenario key and every join is keyed on it: a conclusion of one
    scenario never completes a rule for another in the same session."""
    program = Program.build(
        [
            ("a", ((eq(TYPE, "isp"),),), ("leverage:x",)),
            ("b", ((concluded("leverage:x"), Literal(Op.KNOWN, "company.size")),), ("step:y",)),
            ("c", ((concluded("leverage:x"),), (eq(TYPE, "other"),)), ("step:z",)),
        ]
    )
    scenarios: list[dict[str, FactValue]] = [
        {TYPE: "isp"},
        {TYPE: "other", "company.size": "large"},
        {TYPE: "isp", "company.size": "small"},
        {},
    ] * 5
    expected = [REFERENCE.run(program, facts) for facts in scenarios]
    evaluator = engine.DurableEvaluator()
    for per_session in (1, 3, len(scenarios)):
        got = evaluator.run_many(program, scenarios, per_session=per_session)
        assert got == expected
    assert not any(f.rule == "b" for f in expected[1])


def test_cap_rules_take_their_matches_by_the_thousand() -> None:
    """Every rule is a ``cap`` rule and a session's scenario copies are asserted in one list:
    one action call receives up to CAP matches (chained ones too, joined on the scenario key),
    so the calls grow with the rules, not with the scenarios."""
    program = chain_program("_cap_rules")
    count = 2 * engine.CAP + 7
    kinds: list[dict[str, FactValue]] = [FACTS, {TYPE: "isp"}, {"company.size": "small"}, {}]
    scenarios = [kinds[i % 4] for i in range(count)]
    expected = [REFERENCE.run(program, facts) for facts in scenarios]
    compiled = engine._compiled(program)
    original = compiled._fire
    sizes: list[int] = []

    def spy_fire(run: Any, c: Any, *args: Any) -> None:
        sizes.append(1 if c._m is not None else len(c.m))
        original(run, c, *args)

    compiled._fire = spy_fire  # type: ignore[method-assign,assignment]
    try:
        got = engine.DurableEvaluator().run_many(program, scenarios, per_session=count)
    finally:
        del compiled._fire
    assert got == expected
    assert sum(sizes) == sum(len(firings) for firings in expected)
    assert max(sizes) == engine.CAP
    conjunctions = sum(len(rule.conjunctions) for rule in program.rules)
    assert len(sizes) <= conjunctions * 3  # ceil(count / CAP) calls per rule at most


def test_a_copy_no_rule_can_use_is_not_asserted(
    spy_host: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """durable refuses a fact that passes no rule's tests ("not handled"), and refuses a whole
    list with it: such copies are left out, and a refusal fails the run rather than lose
    scenarios."""
    program = Program.build(
        [
            ("isp", ((eq(TYPE, "isp"), Literal(Op.KNOWN, "company.size")),), ("scope:a",)),
            ("other", ((eq(TYPE, "other"),),), ("scope:b",)),
        ]
    )
    scenarios: list[dict[str, FactValue]] = [{TYPE: "isp"}, {TYPE: "cloud"}, {}, FACTS]
    got = engine.DurableEvaluator().run_many(program, scenarios)
    assert got == [REFERENCE.run(program, facts) for facts in scenarios]
    copies = [fact for fact in spy_host["assert"] if fact["t"].startswith("s")]
    assert [fact["sk"] for fact in copies] == [4]
    compiled = engine._compiled(program)
    useless = dict(copies[0], id="useless", sk=1)
    for prop in compiled.groups[0].properties:
        useless[prop] = -1
    monkeypatch.setattr(compiled, "scenario_facts", lambda facts, sk, sid: [dict(useless, sid=sid)])
    with pytest.raises(EngineError, match="not handled"):
        engine.DurableEvaluator().run(program, FACTS)


# --- timer threads -----------------------------------------------------------------------------


def test_no_timer_threads() -> None:
    """durable's Host starts two polling timer threads that can walk freed sessions and crash
    the process; the engine's host starts none."""
    before = set(threading.enumerate())
    for _ in range(5):
        check(chain_program(), FACTS)
    started = set(threading.enumerate()) - before
    assert not started
    assert not hasattr(engine._host(), "_d_timer")
    assert not hasattr(engine._host(), "_t_timer")


# --- delete_state on a session where no action ran ---------------------------------------------


def test_every_session_starts_with_its_sentinel(spy_host: dict[str, list[Any]]) -> None:
    """Each session's first fact is the sentinel, which a no-op rule matches, so no session
    reaches delete_state without an action having run. (Without it, a session where no rule
    fired crashes the process at delete_state: that case runs in a child, below.)"""
    program = chain_program("_sentinel")
    runs = 20
    alternating: list[dict[str, FactValue]] = [FACTS, {TYPE: "isp"}] * (runs // 2)
    for facts in alternating:
        check(program, facts)
    sessions: dict[str, list[str]] = {}
    for fact in spy_host["assert"]:
        sessions.setdefault(fact["sid"], []).append(fact["t"])
    assert len(sessions) == runs
    assert all(types[0] == "z" and types.count("z") == 1 for types in sessions.values())
    assert sorted(spy_host["delete"]) == sorted(sessions)


def test_a_session_where_no_action_ran_is_leaked_not_deleted(
    spy_host: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the sentinel could not be asserted, the session is left alone (delete_state would free
    uninitialised memory) and counted as leaked."""
    program = chain_program("_leak")
    check(program, FACTS)
    compiled = engine._compiled(program)
    host = engine._host()

    def refuse(name: str, fact: Any) -> Any:
        raise RuntimeError("refused")

    monkeypatch.setattr(host, "assert_fact", refuse)
    deletes = len(spy_host["delete"])
    with pytest.raises(EngineError, match="refused"):
        engine.DurableEvaluator().run(program, FACTS)
    assert len(spy_host["delete"]) == deletes
    assert compiled.leaked == 1


def test_leaked_sessions_retire_the_ruleset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions that could not be deleted count against durable's 1,024 per ruleset: after
    MAX_LEAKED_SESSIONS the program gets a fresh ruleset under a new name."""
    program = chain_program("_retire")
    check(program, FACTS)
    compiled = engine._compiled(program)
    first = compiled.name
    for _ in range(engine.MAX_LEAKED_SESSIONS):
        compiled._leak()
    assert compiled.name != first
    assert compiled.leaked == 0
    assert compiled.registrations == 2
    check(program, FACTS)


def test_many_sessions_with_no_firing_do_not_crash() -> None:
    """Sessions where no rule of the program fires: without the sentinel, delete_state
    segfaults (seen here on the first such session). Run in a child."""
    result = run_python(
        """
        from rightsrules.conditions import Literal, Op
        from rightsrules.engines.durable import DurableEvaluator
        from rightsrules.engines.program import Program
        never = Literal(Op.EQ, "company.type", ("other",))
        program = Program.build([("never", ((never,),), ("scope:a",))])
        evaluator = DurableEvaluator()
        for i in range(5000):
            assert evaluator.run(program, {"company.type": "isp"}) == []
        print("ok")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- the 1,024-session cap and 32-bit sid collisions -------------------------------------------


def test_many_sequential_runs_stay_under_the_session_cap() -> None:
    """durable keeps at most 1,024 live sessions per ruleset: every run deletes its own."""
    program = chain_program("_cap")
    evaluator = engine.DurableEvaluator()
    expected = REFERENCE.run(program, FACTS)
    for _ in range(3000):
        assert evaluator.run(program, FACTS) == expected


def test_failed_runs_release_their_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that fails still deletes its session (``finally``)."""
    program = chain_program("_fail")

    def explode(*args: Any) -> None:
        raise ValueError("boom")

    with monkeypatch.context() as patch:
        patch.setattr(engine._CompiledProgram, "_fire", explode)
        for _ in range(1100):
            with pytest.raises(EngineError):
                engine.DurableEvaluator().run(program, FACTS)
    check(program, FACTS)


def test_session_ids_are_never_reused() -> None:
    sids = {engine._next_sid() for _ in range(10_000)}
    assert len(sids) == 10_000


def test_concurrent_runs_never_share_a_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Distinct sids can hash alike in durable (32 bits) and then share facts. Runs are
    serialised, so at most one session is live: even when every run uses the same sid, runs
    from many threads give each its own answer."""
    monkeypatch.setattr(engine, "_next_sid", lambda: "same")
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    program = chain_program("_threads")
    cases: list[dict[str, FactValue]] = [FACTS, {TYPE: "isp"}, {"company.size": "small"}, {}]
    expected = [REFERENCE.run(program, facts) for facts in cases]
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            evaluator = engine.DurableEvaluator()
            for i in range(150):
                k = (i + offset) % len(cases)
                assert evaluator.run(program, cases[k]) == expected[k]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old)
    assert not errors, errors[0]


# --- swallowed action exceptions and the 10 s action limit -------------------------------------


def test_an_action_exception_surfaces_as_engine_error(monkeypatch: pytest.MonkeyPatch) -> None:
    program = chain_program("_raise")

    def explode(*args: Any) -> None:
        raise ValueError("boom in an action")

    monkeypatch.setattr(engine._CompiledProgram, "_fire", explode)
    with pytest.raises(EngineError, match="boom in an action") as caught:
        engine.DurableEvaluator().run(program, FACTS)
    assert isinstance(caught.value.__cause__, ValueError)


def test_keyboard_interrupt_in_an_action_is_not_swallowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    program = chain_program("_interrupt")

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine._CompiledProgram, "_fire", interrupt)
    with pytest.raises(KeyboardInterrupt):
        engine.DurableEvaluator().run(program, FACTS)
    monkeypatch.undo()
    check(program, FACTS)


def test_an_action_past_the_time_limit_fails_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable silently drops an action it started more than 10 s ago, and with it the rest of
    the session's work: a clock that jumps 11 s per reading makes it happen at once."""
    program = chain_program("_slow")
    check(program, FACTS)
    durable_engine = engine._durable
    clock = [0.0]

    def jumping() -> float:
        clock[0] += 11.0
        return clock[0]

    monkeypatch.setattr(durable_engine, "_unix_now", jumping)
    with pytest.raises(EngineError, match="incomplete"):
        engine.DurableEvaluator().run(program, FACTS)


# --- duplicate facts ---------------------------------------------------------------------------


def test_a_conclusion_reached_many_ways_is_asserted_once(
    spy_host: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asserting the same fact twice raises MessageObservedException inside durable; a
    conclusion reached by two rules and two alternatives is asserted once per session."""
    program = chain_program("_dup")
    check(program, FACTS)
    conclusions = [fact for fact in spy_host["assert"] if fact["t"].startswith("c")]
    assert conclusions == []  # asserted from inside actions, not through the host
    compiled = engine._compiled(program)
    asserted: list[Any] = []
    ruleset = engine._host().get_ruleset(compiled.name)
    real = ruleset.assert_facts

    def record(facts: Any) -> Any:
        asserted.extend(dict(fact) for fact in facts if fact["t"].startswith("c"))
        return real(facts)

    monkeypatch.setattr(ruleset, "assert_facts", record)
    check(program, FACTS)
    ids = [fact["id"] for fact in asserted]
    assert len(ids) == len(set(ids)) == 2  # leverage:x and strategy:y, each once
    # step:z and contact:w are read by no rule: never asserted (durable would refuse them)
    assert {fact["cid"] for fact in asserted} == {
        compiled.conclusion_codes["leverage:x"],
        compiled.conclusion_codes["strategy:y"],
    }


# --- $nex livelock -----------------------------------------------------------------------------


def test_every_condition_starts_with_a_positive_type_test() -> None:
    program = Program.build(
        [
            ("u", ((Literal(Op.UNKNOWN, TYPE),),), ("scope:a",)),
            (
                "n",
                ((Literal(Op.NE, TYPE, ("isp",)), Literal(Op.NOT_IN, TYPE, ("x",))),),
                ("scope:b",),
            ),
            ("c", ((concluded("scope:a"),),), ("scope:c",)),
            ("e", ((),), ("scope:d",)),
        ]
    )
    compiled = engine._compiled(program)
    text = json.dumps({k: {**v, "run": None} for k, v in compiled.definition.items()})
    assert "$nex" not in text and "$neq" not in text
    for rule in compiled.definition.values():
        for condition in rule["all"]:
            ((alias, test),) = condition.items()
            first = test["$and"][0] if "$and" in test else test
            assert set(first) == {"t"} and isinstance(first["t"], str), (alias, test)


def test_an_unknown_only_rule_terminates() -> None:
    """A rule whose only test is ``$nex`` matches durable's own state facts and re-fires
    forever: run an unknown-only program in a child with a timeout."""
    result = run_python(
        """
        from rightsrules.conditions import Literal, Op
        from rightsrules.engines.durable import DurableEvaluator
        from rightsrules.engines.program import Program
        from rightsrules.engines.reference import ReferenceEvaluator
        lit = Literal(Op.UNKNOWN, "company.size")
        program = Program.build([("u", ((lit,),), ("scope:a",)), ("v", ((),), ("scope:b",))])
        for facts in ({}, {"company.size": "large"}):
            got = DurableEvaluator().run(program, facts)
            assert got == ReferenceEvaluator().run(program, facts), got
        print("ok")
        """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- node limits -------------------------------------------------------------------------------


def test_large_programs_stay_inside_durable_node_limits() -> None:
    """Beyond durable's limits a ruleset fails to build, an assert fails, or both hang: 300
    rules sharing one test (limit 255), 100 distinct tests all matched by one fact (limit 64),
    600 distinct tests under one node (about 500), 300 scenario values (about 250 properties
    per fact). Run in a child, with a timeout, compared with the reference."""
    result = run_python(
        """
        from rightsrules.conditions import Literal, Op
        from rightsrules.engines.durable import DurableEvaluator, _compiled
        from rightsrules.engines.program import Program
        from rightsrules.engines.reference import ReferenceEvaluator
        from rightsrules.vocabulary import FIELDS
        texts = [p for p, f in FIELDS.items() if f.kind.value == "text_list"]
        def same(n):
            lit = Literal(Op.EQ, "company.type", ("isp",))
            return [(f"same{i}", ((lit,),), ("scope:a",)) for i in range(n)]
        def matched(n):
            return [(f"m{i}", ((Literal(Op.NE, texts[i % 3], (f"v{i}",)),),), ("scope:b",))
                    for i in range(n)]
        def distinct(n):
            return [(f"d{i}", ((Literal(Op.EQ, "company.name", (f"n{i}",)),),), ("scope:c",))
                    for i in range(n)]
        def chained(n):
            lit = Literal(Op.CONCLUDED, conclusion="scope:a")
            return [(f"c{i}", ((lit, Literal(Op.NE, "company.name", (f"x{i}",))),),
                     ("leverage:x",)) for i in range(n)]
        wide = [("wide", (tuple(Literal(Op.NE, "company.name", (f"w{i}",)) for i in range(120)),),
                 ("scope:d",))]
        facts = [{"company.type": "isp", "company.name": "n7",
                  texts[0]: ("v0", "a"), texts[1]: (), texts[2]: ("z",)}, {}]
        for rules in (same(300), matched(100), distinct(600), chained(300) + same(2),
                      wide + distinct(300), same(300) + matched(100) + distinct(600)):
            program = Program.build(rules)
            compiled = _compiled(program)
            assert all(len(g.conjunctions) <= 32 for g in compiled.groups)
            assert all(len(g.properties) <= 128 for g in compiled.groups)
            for f in facts:
                assert DurableEvaluator().run(program, f) == ReferenceEvaluator().run(program, f)
        print("ok")
        """,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_a_conjunction_joining_too_many_conclusions_is_refused_clearly() -> None:
    ids = [f"scope:c{i}" for i in range(engine.MAX_JOINED_CONCLUSIONS + 1)]
    program = Program.build(
        [(f"s{i}", ((eq(TYPE, "isp"),),), (cid,)) for i, cid in enumerate(ids)]
        + [("wide", (tuple(concluded(cid) for cid in ids),), ("scope:z",))]
    )
    with pytest.raises(EngineError, match="split the rule"):
        engine.DurableEvaluator().run(program, FACTS)
    fitting = Program.build(
        [(f"s{i}", ((eq(TYPE, "isp"),),), (cid,)) for i, cid in enumerate(ids)]
        + [("wide", (tuple(concluded(cid) for cid in ids[1:]),), ("scope:z",))]
    )
    check(fitting, FACTS)


def test_a_program_beyond_every_group_is_refused_clearly() -> None:
    count = engine.MAX_GROUPS * engine.MAX_GROUP_CONJUNCTIONS + 1
    program = Program.build(
        [(f"r{i}", ((eq("company.name", f"n{i}"),),), ("scope:a",)) for i in range(count)]
    )
    with pytest.raises(EngineError, match="too many rules"):
        engine.DurableEvaluator().run(program, FACTS)


# --- pri ---------------------------------------------------------------------------------------


def test_priorities_never_wrap() -> None:
    """durable stores ``pri`` unsigned: -1 would fire last, not first."""
    for bad in (-1, engine.MAX_PRIORITY + 1):
        with pytest.raises(EngineError):
            engine._priority(bad)
    depth = 40
    program = Program.build(
        [("r0", ((eq(TYPE, "isp"),),), ("scope:l0",))]
        + [(f"r{i}", ((concluded(f"scope:l{i - 1}"),),), (f"scope:l{i}",)) for i in range(1, depth)]
    )
    compiled = engine._compiled(program)
    pri = {name: rule["pri"] for name, rule in compiled.definition.items()}
    assert pri["anchor"] == 0
    assert [pri[f"r{i}_0"] for i in range(depth)] == list(range(1, depth + 1))
    assert len(check(program, FACTS)) == depth


def test_chain_deeper_than_the_recursion_limit() -> None:
    depth = sys.getrecursionlimit() + 100
    program = Program.build(
        [("r0", ((eq(TYPE, "isp"),),), ("scope:l0",))]
        + [(f"r{i}", ((concluded(f"scope:l{i - 1}"),),), (f"scope:l{i}",)) for i in range(1, depth)]
    )
    assert len(check(program, FACTS)) == depth


# --- mutated definitions and re-registration ---------------------------------------------------


def test_durable_gets_a_copy_of_the_definition(spy_host: dict[str, list[Any]]) -> None:
    """durable deletes ``run`` from the definition it is given."""
    program = chain_program("_copy")
    check(program, FACTS)
    compiled = engine._compiled(program)
    ((given,),) = [list(d.values()) for d in spy_host["register"]]
    assert given is not compiled.definition
    assert all("run" not in rule for rule in given.values())  # what durable did to its copy
    assert all(callable(rule["run"]) for rule in compiled.definition.values())


def test_a_program_is_registered_once(spy_host: dict[str, list[Any]]) -> None:
    """Registering a name twice raises (and leaks the first): rulesets are named by the
    program's digest and cached per process."""
    for _ in range(3):
        check(chain_program("_once"), FACTS)
    assert len(spy_host["register"]) == 1
    assert engine._compiled(chain_program("_once")).registrations == 1


def test_a_refused_program_is_not_registered_again(
    spy_host: dict[str, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    program = chain_program("_refused")
    host = engine._host()
    attempts: list[Any] = []

    def refuse(definitions: Any) -> Any:
        attempts.append(definitions)
        raise RuntimeError("Could not create ruleset, error code: 108")

    monkeypatch.setattr(host, "register_rulesets", refuse)
    for _ in range(3):
        with pytest.raises(EngineError, match="error code: 108"):
            engine.DurableEvaluator().run(program, FACTS)
    assert len(attempts) == 1


# --- Pythons without durable_rules -------------------------------------------------------------


def test_without_durable_the_reference_evaluator_is_used_and_said_once() -> None:
    result = run_python(
        """
        import sys, warnings
        sys.modules["durable"] = None  # as on Python 3.13+, where it does not import
        sys.modules["durable.engine"] = None
        warnings.simplefilter("always")
        with warnings.catch_warnings(record=True) as caught:
            import rightsrules
            from rightsrules.engines import default_evaluator, durable_available
            names = [default_evaluator().name for _ in range(3)]
        said = [w for w in caught if "durable" in str(w.message)]
        print(durable_available(), names, len(said), said[0].message if said else "")
        """,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("False ['reference', 'reference', 'reference'] 1 ")
    assert "reference evaluator" in result.stdout


def test_with_durable_the_default_is_durable() -> None:
    import rightsrules

    assert isinstance(rightsrules.default_evaluator(), rightsrules.DurableEvaluator)
    assert rightsrules.default_evaluator().name == "durable_rules"


def test_durable_evaluator_is_a_batch_evaluator() -> None:
    from rightsrules.engines.program import BatchEvaluator

    evaluator: BatchEvaluator = engine.DurableEvaluator()
    assert evaluator.run_many(chain_program(), [FACTS, {}]) == [
        REFERENCE.run(chain_program(), FACTS),
        [],
    ]


def test_durable_encodes_and_decodes_through_orjson_as_the_json_module_would() -> None:
    import json

    assert engine._durable.json is engine._Codec
    values: list[Any] = [
        {"sid": "1-2", "id": "s0_1", "t": "s0", "sk": 1, "a0": -1},
        {"é": "ü", "n": [1, 2.5, None, True]},
        [2**70],  # past 64 bits: orjson refuses it, the json module writes it
        {"lone": "\ud800"},  # a lone surrogate: the same
    ]
    for value in values:
        text = engine._Codec.dumps(value, ensure_ascii=False)
        assert json.loads(text) == value
        assert engine._Codec.loads(text) == value
        assert engine._Codec.loads(text.encode("utf-8", "surrogatepass")) == json.loads(text)
