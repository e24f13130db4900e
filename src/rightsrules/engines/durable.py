"""The durable_rules inference engine, wrapped against its hazards.

:class:`DurableEvaluator` runs a :class:`~rightsrules.engines.program.Program` in a
durable_rules (2.0.28) session and returns exactly what
:class:`~rightsrules.engines.reference.ReferenceEvaluator` returns. This is the only module
that imports ``durable``.

How a program becomes a ruleset
-------------------------------
* Each conjunction of each rule is one durable rule, named ``r<rule>_<conjunction>``; its action
  is a closure that records (rule index, conjunction index). Every such rule is a ``cap`` rule
  (``CAP``, 1,000): one action call receives up to 1,000 matches as a list, so the Python calls,
  which set durable's speed, grow with the rules rather than with the matches.
* The scenario is encoded as numbers, never as its own strings: for every test the program
  makes of a path (``path = v``, ``path in [..]``, their negations) one *atom* property holds
  ``1`` (the test holds), ``0`` (it fails on a known value) or ``-1`` (the path is unknown),
  computed with :meth:`Literal.truth <rightsrules.conditions.Literal.truth>` itself; ``known``
  and ``unknown`` read a ``k`` property (``1`` or ``0``). Every literal is then one positive
  equality test, so no property name or value from the input ever reaches durable's JSON
  parser, and no rule relies on ``$nex``/``$neq`` or on how durable treats absent properties.
* Conjunctions are packed into *groups* (at most 32 conjunctions, 128 properties, 64
  conclusions read). Group ``g`` reads its own copy of the scenario fact (``t: "s<g>"``,
  carrying only the properties it tests) and its own conclusion facts (``t: "c<g>"``). This
  keeps every node of durable's network well inside its limits, whatever the program's size.
  Conjunctions are packed in the order of the paths they test, so that a group's copy (which
  durable hands back, as JSON, with every match) carries few properties.
* Conclusions are asserted as facts only when some rule reads them, once per scenario and group
  that reads them, never twice; the others are recorded in Python. An action asserts all the
  conclusions of its matches in one list (through its ruleset's ``assert_facts``: durable's
  ``Closure.assert_fact`` takes one fact per call).
* A session's scenario copies are asserted in one ``assert_facts`` call, after the sentinel: the
  matches pile up before any action runs, so the cap rules get them by the hundred. A copy that
  passes no rule's tests entirely is not asserted (see below: durable would refuse the list).
* Encoding a scenario is done once per distinct value of each path, as in the indexed evaluator,
  and a firing (premises included) once per distinct values of the paths its conjunction reads.
* Every fact carries ``sid``, its own ``id``, a positive type test ``t`` and the scenario key
  ``sk``; every join of a conclusion is keyed on ``sk``, so many scenarios can share a session
  (:meth:`DurableEvaluator.run_many`).
* ``pri`` is the rule's depth in the chain (rules reading no conclusion first); it does not
  change the result, which is the fixpoint, sorted.

Found here besides ARCHITECTURE.md's list (durable_rules 2.0.28, measured): ``id`` is the
fact's identity (two facts with the same ``id`` property are "already observed"), so no
property of ours is called ``id`` but the fact's own; a rule with an ``$or`` fires once per
alternative a fact matches (64 alternatives matched: 64 firings, 65: error 303), hence no
``$or``; a fact that passes the first alpha tests of a rule but not all of them is "not
handled"; 256 rules sharing one condition segfaulted the process (255 ran). Each registered
ruleset holds about 300 KB that is never freed: that is the price of a program, once.
A ``cap`` rule's action gets ``c.m``, a list of mappings alias -> fact (only an alias named
``m`` is unwrapped), and ``c._m`` is None. ``assert_facts`` with one fact no rule handles
raises ``MessageNotHandledException`` for the whole list and runs no action. Asserting facts one
by one runs the actions after each, so cap rules then see one match per call. The ``sk`` joins
cost more than linearly in the facts of a session: 256 to 512 scenarios per session ran fastest
on the shipped knowledge base (about 5,500 a second, against 3,400 with 6,000 in one session).

The hazards of ARCHITECTURE.md and their defences (each has a test in tests/test_engine.py):

* timer threads walk freed sessions: one :class:`durable.engine.Host` per process, whose
  ``_run`` starts no thread;
* ``delete_state`` on a session where no action ran: a sentinel fact, matched by a no-op rule,
  is asserted first; a session whose sentinel never fired is leaked, not deleted;
* 1,024 live sessions per ruleset, 32-bit sid hashes: one session per ``run`` (or per chunk
  of ``run_many``), deleted in ``finally``, runs serialised by a process-wide lock (so at
  most one session is live, and sids cannot collide), sids never reused;
* swallowed action exceptions, the 10 s action limit: actions catch everything and note it,
  the run re-raises as :class:`~rightsrules.errors.EngineError`; an action that outlived
  durable's limit fails the run;
* duplicate facts: each fact has a unique id, each conclusion is asserted once per scenario;
  a scenario copy no rule can use is not asserted (durable would refuse it, and the list with
  it); should durable refuse one all the same, the run fails with an EngineError;
* ``$nex``-only livelock: every condition starts with a positive type test and no ``$nex`` is
  emitted;
* node limits: see the groups above; a program beyond them fails with a clear EngineError;
* ``pri`` wraps: priorities are checked to lie in 0..65535;
* mutated definitions, re-registration: rulesets are named by the program's digest, registered
  once per process and given a copy of each rule's entry (durable deletes its ``run`` key and
  mutates nothing else, ``engine.Ruleset.__init__``).
"""

from __future__ import annotations

import importlib
import itertools
import json
import os
import threading
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from .._json import compact, orjson
from .._memo import Memo
from ..conditions import Literal, Op, Truth
from ..errors import EngineError
from ..scenario import FactValue
from .program import Firing, Program, chain_levels, premises_of

__all__ = ["DurableEvaluator", "durable_available", "unavailable_reason"]

_durable: Any
_IMPORT_ERROR: BaseException | None
try:
    _durable = importlib.import_module("durable.engine")
except Exception as error:  # ImportError, or whatever a broken C extension raises
    _durable = None
    _IMPORT_ERROR = error
else:
    _IMPORT_ERROR = None
    # On 3.12 every action warns that utcfromtimestamp is deprecated: durable's, not ours.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"durable\.engine")


class _Codec:
    """The ``json`` that durable_rules' Python side encodes and decodes each fact, match and
    session state with, several times an action: written and read by orjson (through
    :mod:`rightsrules._json`, the json module where orjson is absent or refuses a text). The
    texts are durable's own and ours (numbers and short names); both read them alike.
    Measured on the shipped rules: about 50% more sessions a second than with the json module.
    """

    @staticmethod
    def dumps(value: Any, ensure_ascii: bool = False) -> str:
        if ensure_ascii:  # durable always passes False; kept exact all the same
            return json.dumps(value)
        return compact(value)

    @staticmethod
    def loads(text: str | bytes) -> Any:
        if orjson is not None:
            try:
                return orjson.loads(text)
            except ValueError:  # what orjson refuses (a lone surrogate, a number too long)
                pass
        return json.loads(text)


if _durable is not None:
    _durable.json = _Codec

# Limits, measured on durable_rules 2.0.28 (ARCHITECTURE.md): 16 facts joined per rule, about
# 250 properties per fact, 255 rules sharing one condition, about 500 sibling conditions under
# one node (beyond: create or assert hangs), 64 sibling conditions matched at once by one fact.
#: Conjunctions per group: siblings under its type test, and rules sharing it.
MAX_GROUP_CONJUNCTIONS: Final = 32
#: Properties on one scenario copy.
MAX_GROUP_PROPERTIES: Final = 128
#: Distinct conclusions one group reads: siblings under its conclusion type test.
MAX_GROUP_CONCLUSIONS: Final = 64
#: Conclusions one conjunction may test: it joins them and the scenario copy.
MAX_JOINED_CONCLUSIONS: Final = 15
#: Groups: two type tests each under the root.
MAX_GROUPS: Final = 120
#: ``pri`` is an unsigned 16-bit number in durable: anything else wraps.
MAX_PRIORITY: Final = 0xFFFF
#: durable drops, silently, an action still running 10 s after it started.
ACTION_TIME_LIMIT: Final = 8.0
#: Sessions leaked (never deleted) before a ruleset is retired and registered afresh.
MAX_LEAKED_SESSIONS: Final = 64
#: Matches one action call receives at most (durable's ``cap``).
CAP: Final = 1000
#: Scenarios sharing one session in :meth:`DurableEvaluator.run_many` (measured fastest).
SCENARIOS_PER_SESSION: Final = 256
#: Values remembered per path when encoding scenarios (free text could grow it without bound).
MAX_MEMO_VALUES: Final = 4096
#: Firings remembered per program, to be handed out again (bounded like the values).
MAX_FIRINGS: Final = 65_536
#: Bump when the compiled form changes, so that a ruleset name always means one definition.
_FORMAT: Final = 2


def durable_available() -> bool:
    """Whether durable_rules imports on this Python."""
    return _durable is not None


def unavailable_reason() -> str | None:
    """Why durable_rules does not import here (the error, as text), or ``None`` when it does."""
    return None if _IMPORT_ERROR is None else repr(_IMPORT_ERROR)


class DurableEvaluator:
    """Runs a program in a durable_rules session: one session per call, the same firings as
    the reference evaluator."""

    name = "durable_rules"

    def __init__(self) -> None:
        if _durable is None:
            raise EngineError(f"durable_rules is not available: {_IMPORT_ERROR!r}")

    def run(self, program: Program, facts: Mapping[str, FactValue]) -> list[Firing]:
        with _LOCK:
            return _compiled(program).run([facts])[0]

    def run_many(
        self,
        program: Program,
        facts_list: Sequence[Mapping[str, FactValue]],
        *,
        per_session: int = SCENARIOS_PER_SESSION,
    ) -> list[list[Firing]]:
        """``[run(program, facts) for facts in facts_list]``, with ``per_session`` scenarios
        sharing each session (told apart by their scenario key): the same results, fewer
        sessions (:class:`~rightsrules.engines.program.BatchEvaluator`)."""
        if per_session < 1:
            raise ValueError("per_session must be at least 1")
        results: list[list[Firing]] = []
        for start in range(0, len(facts_list), per_session):
            chunk = facts_list[start : start + per_session]
            with _LOCK:
                results.extend(_compiled(program).run(chunk))
        return results


# --- process-wide state ----------------------------------------------------------------------

_LOCK = threading.Lock()
_host_instance: Any = None
_registry: dict[str, _CompiledProgram] = {}
_failed: dict[str, EngineError] = {}
_sids = itertools.count(1)


def _reset_after_fork() -> None:
    # A fork taken while another thread held the lock would leave it held forever in the child.
    global _LOCK
    _LOCK = threading.Lock()


os.register_at_fork(after_in_child=_reset_after_fork)


def _host() -> Any:
    """The process's one durable host, created on first use, starting no timer thread."""
    global _host_instance
    if _host_instance is None:

        class QuietHost(_durable.Host):  # type: ignore[misc]
            """A Host whose timer threads never start: they poll every ruleset and, after a
            ``delete_state``, can walk freed memory and crash the process. Nothing here uses
            durable timers or queued events."""

            def _run(self) -> None:
                return None

        _host_instance = QuietHost()
    return _host_instance


def _compiled(program: Program) -> _CompiledProgram:
    """The program's registered ruleset: compiled and registered once per process."""
    compiled = _registry.get(program.digest)
    if compiled is not None:
        if compiled.program is not program and compiled.program != program:
            raise EngineError(f"two different programs share the digest {program.digest}")
        return compiled
    if program.digest in _failed:
        raise _failed[program.digest]
    fresh = _CompiledProgram(program)
    fresh.register()
    _registry[program.digest] = fresh
    return fresh


def _next_sid() -> str:
    return f"{os.getpid()}-{next(_sids)}"


def _priority(value: int) -> int:
    """A ``pri`` value durable stores as it is: an unsigned short, where -1 means 65535."""
    if not 0 <= value <= MAX_PRIORITY:
        raise EngineError(f"rule priority {value} is outside 0..{MAX_PRIORITY}")
    return value


# --- compiling ---------------------------------------------------------------------------------

_ATOM_OPS: Final = {Op.EQ: 1, Op.IN: 1, Op.NE: 0, Op.NOT_IN: 0}


class _Group:
    def __init__(self, index: int) -> None:
        self.index = index
        self.conjunctions: list[tuple[int, int]] = []
        self.properties: set[str] = set()
        self.conclusions: set[int] = set()
        self.uses_scenario = False
        #: For each conjunction testing this group's scenario copy: the bits of its tests.
        self.masks: list[int] = []
        #: The path encoders (by position) giving this group's properties.
        self.encoders: tuple[int, ...] = ()

    def fits(self, properties: set[str], conclusions: set[int]) -> bool:
        return (
            len(self.conjunctions) < MAX_GROUP_CONJUNCTIONS
            and len(self.properties | properties) <= MAX_GROUP_PROPERTIES
            and len(self.conclusions | conclusions) <= MAX_GROUP_CONCLUSIONS
        )


class _Run:
    """What one session found: firings by (scenario key, rule, conjunction), and any error."""

    def __init__(self) -> None:
        self.fired: set[tuple[int, int, int]] = set()
        self.asserted: set[tuple[int, int]] = set()
        self.anchored = False
        self.error: BaseException | None = None

    def fail(self, error: BaseException) -> None:
        if self.error is None:
            self.error = error

    def raise_if_failed(self) -> None:
        error = self.error
        if error is None:
            return
        if isinstance(error, KeyboardInterrupt | SystemExit):
            raise error
        if isinstance(error, EngineError):
            raise error
        raise EngineError(f"durable_rules failed: {type(error).__name__}: {error}") from error


class _CompiledProgram:
    """A program as a durable ruleset, with the encoding of its facts."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.generation = 0
        self.leaked = 0
        self.registrations = 0
        self.current: _Run | None = None
        self.paths: dict[str, int] = {}
        self.atoms: dict[tuple[str, frozenset[FactValue]], int] = {}
        self.atom_literals: list[Literal] = []
        self.conclusion_codes = {cid: n for n, cid in enumerate(sorted(program.read))}
        self.groups: list[_Group] = []
        self.readers: dict[int, list[int]] = {}
        #: Each (property, value) test some rule makes of the scenario copy: its bit.
        self.test_bits: dict[tuple[str, int], int] = {}
        self.encoders: list[_PathEncoder] = []
        #: The paths each (rule, conjunction) reads, and firings already built, by values.
        self.conjunction_paths: dict[tuple[int, int], tuple[str, ...]] = {
            (rule.index, number): tuple(
                dict.fromkeys(lit.path for lit in conjunction if lit.op is not Op.CONCLUDED)
            )
            for rule in program.rules
            for number, conjunction in enumerate(rule.conjunctions)
        }
        self.firings: Memo[tuple[int, int, tuple[FactValue | None, ...]], Firing] = Memo(
            MAX_FIRINGS
        )
        #: The definition, actions included; durable receives copies of its rule entries.
        self.definition: dict[str, dict[str, Any]] = {}
        self._compile()

    @property
    def name(self) -> str:
        return f"rightsrules_{self.program.digest}_{_FORMAT}_{self.generation}"

    # each literal on the scenario: (property, required value)
    def _test(self, literal: Literal) -> tuple[str, int]:
        if literal.op in (Op.KNOWN, Op.UNKNOWN):
            index = self.paths.setdefault(literal.path, len(self.paths))
            return f"k{index}", 1 if literal.op is Op.KNOWN else 0
        if literal.op in (Op.EQ, Op.NE):
            if not literal.values:
                raise EngineError(f"literal {literal!r} has no value")
            values: tuple[FactValue, ...] = literal.values[:1]
        else:
            values = literal.values
        key = (literal.path, frozenset(values))
        if key not in self.atoms:
            self.atoms[key] = len(self.atom_literals)
            self.atom_literals.append(Literal(Op.IN, literal.path, values))
        return f"a{self.atoms[key]}", _ATOM_OPS[literal.op]

    def _compile(self) -> None:
        program = self.program
        levels = chain_levels(program).levels
        group = _Group(0)
        self.groups.append(group)
        plans = []
        # Conjunctions testing the same paths share a group, so each scenario copy (which
        # comes back with every match of its group) carries few properties.
        ordered = sorted(
            (
                (rule, number, conjunction)
                for rule in program.rules
                for number, conjunction in enumerate(rule.conjunctions)
            ),
            key=lambda item: sorted({lit.path for lit in item[2] if lit.op is not Op.CONCLUDED}),
        )
        for rule, number, conjunction in ordered:
            tests = list(
                dict.fromkeys(
                    self._test(literal) for literal in conjunction if literal.op is not Op.CONCLUDED
                )
            )
            read = list(
                dict.fromkeys(
                    self.conclusion_codes[literal.conclusion]
                    for literal in conjunction
                    if literal.op is Op.CONCLUDED
                )
            )
            where = f"rule {rule.id!r}, alternative {number + 1}"
            if len(read) > MAX_JOINED_CONCLUSIONS:
                raise EngineError(
                    f"{where} tests {len(read)} conclusions; durable_rules joins at most "
                    f"{MAX_JOINED_CONCLUSIONS + 1} facts per rule: split the rule"
                )
            properties = {prop for prop, _ in tests}
            if len(properties) > MAX_GROUP_PROPERTIES:
                raise EngineError(
                    f"{where} tests {len(properties)} scenario values; the engine allows "
                    f"{MAX_GROUP_PROPERTIES} per alternative: split the rule"
                )
            if not group.fits(properties, set(read)):
                group = _Group(len(self.groups))
                self.groups.append(group)
                if len(self.groups) > MAX_GROUPS:
                    raise EngineError(
                        f"the program has too many rules for durable_rules (more than "
                        f"{MAX_GROUPS} groups of {MAX_GROUP_CONJUNCTIONS} alternatives)"
                    )
            group.conjunctions.append((rule.index, number))
            group.properties |= properties
            group.conclusions |= set(read)
            if tests or not read:
                group.uses_scenario = True
                mask = 0
                for test in tests:
                    mask |= 1 << self.test_bits.setdefault(test, len(self.test_bits))
                group.masks.append(mask)
            for code in read:
                readers = self.readers.setdefault(code, [])
                if group.index not in readers:
                    readers.append(group.index)
            plans.append((rule, number, group.index, tests, read, levels[rule.index]))

        definition: dict[str, dict[str, Any]] = {
            "anchor": {
                "all": [{"m": {"t": "z"}}],
                "pri": _priority(0),
                "run": self._anchor_action(),
            }
        }
        for rule, number, g, tests, read, level in plans:
            conditions: list[dict[str, Any]] = []
            anchor = ""
            if tests or not read:
                checks: list[dict[str, Any]] = [{"t": f"s{g}"}] + [
                    {prop: value} for prop, value in tests
                ]
                conditions.append({"s": checks[0] if len(checks) == 1 else {"$and": checks}})
                anchor = "s"
            for j, code in enumerate(read):
                alias = f"c{j}"
                checks = [{"t": f"c{g}"}, {"cid": code}]
                if anchor:
                    checks.append({"sk": {anchor: "sk"}})
                else:
                    anchor = alias
                conditions.append({alias: {"$and": checks}})
            concludes = tuple(
                (
                    self.conclusion_codes[cid],
                    tuple(self.readers.get(self.conclusion_codes[cid], ())),
                )
                for cid in dict.fromkeys(rule.concludes)
                if cid in self.conclusion_codes
            )
            definition[f"r{rule.index}_{number}"] = {
                "all": conditions,
                "pri": _priority(1 + min(level, MAX_PRIORITY - 1)),
                "cap": CAP,
                "run": self._action(rule.index, number, concludes),
            }
        self.definition = definition
        encoders: dict[str, _PathEncoder] = {}
        for index, literal in enumerate(self.atom_literals):
            encoder = encoders.setdefault(literal.path, _PathEncoder(literal.path, self))
            encoder.atoms.append((f"a{index}", literal))
        for path, index in self.paths.items():
            encoder = encoders.setdefault(path, _PathEncoder(path, self))
            encoder.known = f"k{index}"
        self.encoders = list(encoders.values())
        for group in self.groups:
            group.encoders = tuple(
                e
                for e, encoder in enumerate(self.encoders)
                if group.properties & encoder.properties()
            )

    # --- actions (run inside durable; they must never raise) ---

    def _anchor_action(self) -> Callable[[Any], None]:
        def anchor(c: Any) -> None:
            run = self.current
            if run is not None:
                run.anchored = True
                self._check_time(run, c)

        return anchor

    def _action(
        self, rule: int, number: int, concludes: tuple[tuple[int, tuple[int, ...]], ...]
    ) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            run = self.current
            if run is None:  # durable ran an action outside any run: nowhere to report it
                return
            try:
                self._fire(run, c, rule, number, concludes)
            except BaseException as error:  # durable would swallow it into the session state
                run.fail(error)
            self._check_time(run, c)

        return action

    @staticmethod
    def _check_time(run: _Run, c: Any) -> None:
        """durable drops, without a word, an action that finishes 10 s (by the wall clock)
        after it started, and the rest of the session's work with it."""
        try:
            elapsed = _durable._unix_now() - c._start_time
        except BaseException as error:
            run.fail(error)
            return
        if elapsed > ACTION_TIME_LIMIT:
            run.fail(
                EngineError(
                    f"an action ended {elapsed:.0f} s after it started (wall clock); "
                    "durable_rules drops such actions, so the results would be incomplete"
                )
            )

    def _fire(
        self,
        run: _Run,
        c: Any,
        rule: int,
        number: int,
        concludes: tuple[tuple[int, tuple[int, ...]], ...],
    ) -> None:
        """Record the matches durable hands this action (up to ``CAP`` of them, each a mapping
        of alias to fact), and assert the conclusions other rules read, once per scenario."""
        single = c._m  # a mapping when durable hands over one match, else None
        matches = [single] if single is not None else [match._d for match in c.m]
        fired = run.fired
        asserted = run.asserted
        sid = c.s["sid"]
        new: list[dict[str, Any]] = []
        for match in matches:
            for fact in match.values():  # every fact of a match has the same scenario key
                sk = fact["sk"]
                break
            key = (sk, rule, number)
            if key in fired:  # a combination durable matched again: already recorded
                continue
            fired.add(key)
            for code, groups in concludes:
                if (sk, code) in asserted:
                    continue
                asserted.add((sk, code))
                for g in groups:
                    new.append(
                        {"sid": sid, "id": f"c{g}_{code}_{sk}", "t": f"c{g}", "sk": sk, "cid": code}
                    )
        if new:
            # One call for all of them (durable's Closure asserts one fact per call).
            c._ruleset.assert_facts(new)

    # --- registering and running ---

    def register(self) -> None:
        """Register the ruleset under a fresh name. Durable deletes ``run`` from each rule
        entry it is given and changes nothing below that, so a copy of each entry keeps
        ``self.definition`` whole (a deep copy took a tenth of a short command's time)."""
        entries = {name: dict(rule) for name, rule in self.definition.items()}
        try:
            _host().register_rulesets({self.name: entries})
        except Exception as error:
            failure = EngineError(
                f"durable_rules refused the compiled program {self.program.digest}: {error}"
            )
            _failed[self.program.digest] = failure  # never register that name again
            raise failure from error
        self.registrations += 1

    def scenario_facts(self, facts: Mapping[str, FactValue], sk: int, sid: str) -> list[Any]:
        """The scenario as one fact per group that can use it: numbers only. A copy that
        passes no rule's tests entirely is left out (durable would refuse it as not handled:
        alpha tests read one fact alone, so it could never take part in a match)."""
        looked: list[tuple[dict[str, int], ...]] = []
        holds = 0
        for encoder in self.encoders:
            by_group, mask = encoder.lookup(facts.get(encoder.path))
            looked.append(by_group)
            holds |= mask
        result = []
        for group in self.groups:
            for mask in group.masks:
                if mask & holds == mask:
                    break
            else:
                continue
            g = group.index
            fact: dict[str, Any] = {"sid": sid, "id": f"s{g}_{sk}", "t": f"s{g}", "sk": sk}
            for e in group.encoders:
                fact.update(looked[e][g])
            result.append(fact)
        return result

    def run(self, scenarios: Sequence[Mapping[str, FactValue]]) -> list[list[Firing]]:
        """One session for all ``scenarios``: scenario *i* has the key ``sk = i + 1``."""
        host = _host()
        name = self.name
        sid = _next_sid()
        run = _Run()
        self.current = run
        try:
            try:
                host.assert_fact(name, {"sid": sid, "id": "z", "t": "z", "sk": 0})
                copies = [
                    fact
                    for sk, facts in enumerate(scenarios, 1)
                    for fact in self.scenario_facts(facts, sk, sid)
                ]
                if copies:
                    # All at once: the matches pile up before any action runs, so each cap
                    # rule's action receives them by the thousand, not one by one.
                    host.assert_facts(name, copies)
            except _durable.MessageNotHandledException:
                # Every copy passes some rule's tests, so durable should keep them all; if it
                # refuses one, it refuses the list, and the results would be incomplete.
                run.fail(EngineError("durable_rules refused a scenario copy as not handled"))
            except Exception as error:
                run.fail(error)
            if run.error is None and not run.anchored:
                run.fail(EngineError("durable_rules did not run the session's sentinel rule"))
            run.raise_if_failed()
        finally:
            self.current = None
            self._close(name, sid, run)
        return self._firings(run, scenarios)

    def _close(self, name: str, sid: str, run: _Run) -> None:
        if not run.anchored:
            # No action ran in this session: delete_state would free uninitialised memory.
            self._leak()
            return
        try:
            _host().delete_state(name, sid)
        except Exception as error:
            self._leak()
            if run.error is None:
                raise EngineError(
                    f"durable_rules could not delete session {sid}: {error}"
                ) from error

    def _leak(self) -> None:
        self.leaked += 1
        if self.leaked >= MAX_LEAKED_SESSIONS:
            # Far from the 1,024 live sessions a ruleset holds: start afresh under a new name.
            self.generation += 1
            self.leaked = 0
            self.register()

    def _firings(
        self, run: _Run, scenarios: Sequence[Mapping[str, FactValue]]
    ) -> list[list[Firing]]:
        rules = self.program.rules
        paths = self.conjunction_paths
        memo = self.firings
        result: list[list[Firing]] = [[] for _ in scenarios]
        for sk, index, number in sorted(run.fired):
            facts = scenarios[sk - 1]
            # A firing depends only on the values at the paths its conjunction reads.
            key = (index, number, tuple([facts.get(path) for path in paths[index, number]]))
            try:
                firing = memo.get(key)
                cacheable = True
            except TypeError:  # an unhashable value: the facts were not validated
                firing, cacheable = None, False
            if firing is None:
                rule = rules[index]
                premises = premises_of(rule.conjunctions[number], facts)
                firing = Firing(rule.id, number, premises, rule.concludes)
                if cacheable:
                    memo.put(key, firing)
            result[sk - 1].append(firing)
        return result


class _PathEncoder:
    """The atoms and ``known`` property read from one path, and what each value of the path
    makes of them (computed with :meth:`Literal.truth` itself the first time it is seen): the
    properties of each group's scenario copy, and the bits of the tests that hold."""

    __slots__ = ("atoms", "compiled", "known", "memo", "path")

    def __init__(self, path: str, compiled: _CompiledProgram) -> None:
        self.path = path
        self.compiled = compiled
        self.atoms: list[tuple[str, Literal]] = []
        self.known: str | None = None
        self.memo: Memo[tuple[type, FactValue] | None, tuple[tuple[dict[str, int], ...], int]] = (
            Memo(MAX_MEMO_VALUES)
        )

    def properties(self) -> set[str]:
        found = {prop for prop, _ in self.atoms}
        if self.known is not None:
            found.add(self.known)
        return found

    def lookup(self, value: FactValue | None) -> tuple[tuple[dict[str, int], ...], int]:
        key = None if value is None else (type(value), value)
        try:
            found = self.memo.get(key)
        except TypeError:  # an unhashable value: the facts were not validated
            return self._compute(value)
        if found is not None:
            return found
        return self.memo.put(key, self._compute(value))

    def _compute(self, value: FactValue | None) -> tuple[tuple[dict[str, int], ...], int]:
        facts = {} if value is None else {self.path: value}
        items: dict[str, int] = {}
        for prop, literal in self.atoms:
            truth = literal.truth(facts, ())
            items[prop] = 1 if truth is Truth.TRUE else 0 if truth is Truth.FALSE else -1
        if self.known is not None:
            items[self.known] = 0 if value is None else 1
        mask = 0
        bits = self.compiled.test_bits
        for prop, number in items.items():
            bit = bits.get((prop, number))
            if bit is not None:
                mask |= 1 << bit
        by_group = tuple(
            {prop: number for prop, number in items.items() if prop in group.properties}
            for group in self.compiled.groups
        )
        return by_group, mask
