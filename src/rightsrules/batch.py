"""Many assessments at once: every record answered, in input order, a bad one never stopping
the others.

:func:`assess_many` yields, lazily and in input order, an :class:`~rightsrules.advice.Advice`
or a :class:`RejectedRecord` for each record. :func:`advise_lines` does the same but yields the
JSON line of each (VOCABULARY.md §3 advice, or ``{"error": ..., "record": N}``), which is what
``rightsrules batch`` writes. With ``jobs > 1`` chunks of records go to worker processes (the
durable_rules engine holds the GIL, so threads would not help); results still come back in
input order. Workers ignore Ctrl-C and SIGTERM from the moment they exist and die with the
calling process (:mod:`rightsrules._workers`); the pool is shut down on every way out.

The evaluator is the :class:`~rightsrules.indexed.IndexedEvaluator` unless one is given: it
gives the same firings, premises included, as the reference and durable_rules evaluators (a
differential test holds them to it) at many times their speed. When an evaluator has a
``run_many(program, facts_list)`` method (for durable_rules: many scenarios in one session), a
chunk is evaluated with one call to it; otherwise with one ``run`` per record.

>>> from rightsrules import ReferenceEvaluator
>>> records = [
...     {"company": {"name": "Example Net", "type": "isp"}},
...     {"company": {"name": "Broken", "type": "bank"}},
... ]
>>> for result in assess_many(records, evaluator=ReferenceEvaluator()):
...     print(type(result).__name__, result.record if isinstance(result, RejectedRecord) else "")
Advice
RejectedRecord 2
"""

from __future__ import annotations

import concurrent.futures
import csv
import functools
import itertools
import json
import multiprocessing
import os
import re
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from typing import IO, Any, TypeAlias

import attrs

from . import _json
from ._json import compact
from ._workers import die_with_parent, signals_held
from ._yaml import MAX_DEPTH, _bounded_int, _no_duplicates, load_document
from .advice import (
    Advice,
    _assumptions_by_conclusion,
    _explained,
    _static,
    build_advice,
)
from .errors import InputError, Located, Problem, RightsRulesError, ScenarioError
from .indexed import IndexedEvaluator
from .inference import Inference, Reasoning, infer_many, reason_many
from .io.csv_header import sniff_delimiter, unsplit_hint
from .io.read import MAX_BYTES, folder_files, lines, open_file
from .knowledge import KnowledgeBase, load_knowledge_base
from .program import Evaluator, Firing
from .scenario import (
    FactValue,
    Scenario,
    _plain_facts,
    _plain_scenario,
    facts_to_dict,
    load_scenario,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_JOBS",
    "MAX_LINE_BYTES",
    "Record",
    "RejectedRecord",
    "advice_line",
    "advise_lines",
    "assess_many",
    "read_csv",
    "read_folder",
    "read_json_lines",
]

#: Records handed to the evaluator (and to a worker process) at a time.
DEFAULT_CHUNK_SIZE = 256
#: The most worker processes a batch starts.
MAX_JOBS = 64
#: The longest JSON-lines or CSV line read as one record, in bytes (as for a scenario file).
MAX_LINE_BYTES = MAX_BYTES


@attrs.frozen
class Record:
    """One input record: its number (from 1), its content and where it came from.

    ``data`` is a :class:`~rightsrules.scenario.Scenario`, a mapping, a path to a scenario
    file, or the text or bytes of one JSON document (a JSON-lines line); ``error`` is set
    instead when the record could not even be read.
    """

    number: int
    data: Any = None
    file: str | None = None
    line: int | None = None
    error: InputError | None = None


@attrs.frozen
class RejectedRecord(Located):
    """A record that gave no advice: its number, what is wrong and, when known, where. A
    result in the record's place, not an exception (it was called ``RecordError`` before).

    >>> error = RejectedRecord(3, (Problem("required key is missing", key="company.type"),))
    >>> error.to_dict()["error"]
    'company.type: required key is missing'
    """

    record: int
    problems: tuple[Problem, ...]

    @property
    def message(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)

    def to_dict(self) -> dict[str, Any]:
        """``{"error": message, "record": N}``, with the file, line and key when known, and
        every problem when there are several."""
        result: dict[str, Any] = {"error": self.message, "record": self.record}
        for name in ("file", "line", "key"):
            value = getattr(self.problems[0], name)
            if value is not None:
                result[name] = value
        if len(self.problems) > 1:
            result["problems"] = [attrs.asdict(problem) for problem in self.problems]
        return result

    def to_json(self) -> str:
        return compact(self.to_dict())


Result: TypeAlias = Advice | RejectedRecord


def assess_many(
    records: Iterable[Any],
    knowledge_base: KnowledgeBase | None = None,
    *,
    evaluator: Evaluator | None = None,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Generator[Result, None, None]:
    """Assess every record, yielding an :class:`Advice` or a :class:`RejectedRecord` for each, in
    input order, as soon as its chunk is done.

    A record is a :class:`Scenario`, a mapping, a path to a scenario file, the text of one
    JSON document, or a :class:`Record`. With ``jobs > 1`` records are read in the calling
    process, reasoned over in ``jobs`` worker processes, and shaped into advice here; records
    and the evaluator must then be picklable.

    >>> from rightsrules import ReferenceEvaluator
    >>> results = assess_many(
    ...     ['{"company": {"name": "A", "type": "isp"}}', "not json"],
    ...     evaluator=ReferenceEvaluator(),
    ... )
    >>> [getattr(r, "message", "advice") for r in results]
    ['advice', '<input>:1: invalid JSON: Expecting value']
    """
    kb = knowledge_base or load_knowledge_base()
    engine = evaluator or IndexedEvaluator()
    for number, inference in _run(records, kb, engine, jobs, chunk_size, _infer_chunk):
        if isinstance(inference, RejectedRecord):
            yield inference
        else:
            try:
                yield build_advice(kb, inference, engine)
            except RightsRulesError as error:
                yield _record_error(number, error, None)


def advise_lines(
    records: Iterable[Any],
    knowledge_base: KnowledgeBase | None = None,
    *,
    evaluator: Evaluator | None = None,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> Generator[str, None, None]:
    """Like :func:`assess_many`, but yield each result as one line of JSON (no newline): the
    advice of VOCABULARY.md §3 or ``{"error": ..., "record": N}``. With ``jobs > 1`` the
    whole work, JSON included, is done in the worker processes.

    >>> from rightsrules import ReferenceEvaluator
    >>> lines = advise_lines([{"company": {"name": "A"}}], evaluator=ReferenceEvaluator())
    >>> next(lines)
    '{"error":"company.type: required key is missing","record":1,"key":"company.type"}'
    """
    kb = knowledge_base or load_knowledge_base()
    engine = evaluator or IndexedEvaluator()
    for _, line in _run(records, kb, engine, jobs, chunk_size, _lines_chunk):
        yield line


# --- the JSON of an advice, without building it -------------------------------------------


def advice_line(kb: KnowledgeBase, reasoned: Inference | Reasoning) -> str:
    """``compact(build_advice(kb, inference, ...).to_dict())``, written from cached pieces,
    for an :class:`~rightsrules.inference.Inference` or the
    :class:`~rightsrules.inference.Reasoning` it is made from.

    What depends only on the knowledge base is encoded once and kept as JSON text: each
    conclusion's id, kind, title, rationale and sources for the set of rules that derived it,
    its resources, each derivation (a rule and its premises), each rank reason. Only the
    scenario, the assumptions and the ranks are encoded per scenario. A test holds the text
    equal, byte for byte, to the JSON of ``build_advice(...).to_dict()``.

    >>> from rightsrules import load_knowledge_base, ReferenceEvaluator, Scenario
    >>> from rightsrules.inference import infer
    >>> kb = load_knowledge_base()
    >>> inference = infer(kb, Scenario.from_dict(
    ...     {"company": {"name": "A", "type": "isp"}}), ReferenceEvaluator())
    >>> from rightsrules.advice import build_advice
    >>> advice = build_advice(kb, inference, ReferenceEvaluator())
    >>> from rightsrules._json import compact
    >>> advice_line(kb, inference) == compact(advice.to_dict())
    True
    """
    if isinstance(reasoned, Inference):
        facts = reasoned.understood.facts()
        reasoned = Reasoning(facts, reasoned.assumptions, reasoned.firings, reasoned.adjustments)
    shared = kb.cached("batch-json", _Shared)
    # Each conclusion's firings, in order; a firing's JSON and a conclusion's JSON are cached
    # by the firings themselves (equal firings give equal text).
    deriving: dict[str, list[Firing]] = {}
    for firing in reasoned.firings:
        for conclusion_id in firing.concludes:
            if conclusion_id in deriving:
                deriving[conclusion_id].append(firing)
            else:
                deriving[conclusion_id] = [firing]
    assumed = reasoned.assumptions
    by_conclusion = _assumptions_by_conclusion(kb, deriving, assumed)
    scores: dict[str, int] = {}
    reasons: dict[str, list[str]] = {}
    for adjustment in reasoned.adjustments:
        for conclusion_id, weight in adjustment.weights:
            if conclusion_id in deriving:
                scores[conclusion_id] = scores.get(conclusion_id, 0) + weight
                reason = shared.reason_text(kb, adjustment.rule, weight)
                reasons.setdefault(conclusion_id, []).append(reason)
    place = _static(kb).place  # the order of build_advice: kind, score, catalogue, id
    ordered = sorted(deriving, key=lambda cid: place(cid, scores.get(cid, 0)))
    pieces: list[str] = []
    position: dict[str, int] = {}
    bodies = shared.bodies
    body = shared.body
    for conclusion_id in ordered:
        derived_by = deriving[conclusion_id]
        assumptions = by_conclusion.get(conclusion_id) if by_conclusion else None
        if assumptions:
            kind, head, tail = shared.head(kb, conclusion_id, derived_by)
            start = (
                f'{head}{compact(list(assumptions))},"derivations":['
                f'{shared.derivations(derived_by)}],"rank":'
            )
        else:
            key = (conclusion_id, *derived_by)
            kind, start, tail = bodies.get(key) or body(kb, key)
        rank = position[kind] = position.get(kind, 0) + 1
        given = reasons.get(conclusion_id) if reasons else None
        pieces.append(f'{start}{rank},"rank_reasons":[{",".join(given) if given else ""}{tail}')
    if assumed:
        assumptions_text = compact(
            [
                {
                    "path": a.path,
                    "value": list(a.value) if isinstance(a.value, tuple) else a.value,
                    "rule": a.rule,
                    "because": kb.rule(a.rule).because,
                    "premises": list(a.premises),
                }
                for a in assumed
            ]
        )
    else:
        assumptions_text = "[]"
    return (
        f'{{"scenario":{compact(facts_to_dict(reasoned.facts))},"conclusions":['
        f'{",".join(pieces)}],"assumptions":{assumptions_text}{shared.version_tail(kb)}'
    )


_MAX_SHARED = 65_536


class _Shared:
    """The parts of the advice JSON that depend only on the knowledge base, as JSON text, made
    when first needed (``kb.cached`` builds one per knowledge base)."""

    def __init__(self, kb: KnowledgeBase) -> None:  # kb.cached passes it; nothing to read
        self.derivation_text: dict[Firing, str] = {}
        self.reason_texts: dict[tuple[str, int], str] = {}
        self.heads: dict[tuple[str, tuple[tuple[str, int], ...]], tuple[str, str, str]] = {}
        self.bodies: dict[tuple[Any, ...], tuple[str, str, str]] = {}
        self.version: str | None = None

    def derivations(self, firings: Sequence[Firing]) -> str:
        """The JSON of these firings as derivations (a rule and its premises each), without
        the brackets."""
        texts = []
        for firing in firings:
            text = self.derivation_text.get(firing)
            if text is None:
                text = compact({"rule": firing.rule, "premises": list(firing.premises)})
                if len(self.derivation_text) < _MAX_SHARED:
                    self.derivation_text[firing] = text
            texts.append(text)
        return ",".join(texts)

    def reason_text(self, kb: KnowledgeBase, rule: str, weight: int) -> str:
        found = self.reason_texts.get((rule, weight))
        if found is None:
            reason = {"rule": rule, "weight": weight, "because": kb.rule(rule).because}
            found = self.reason_texts[rule, weight] = compact(reason)
        return found

    def head(self, kb: KnowledgeBase, cid: str, firings: Sequence[Firing]) -> tuple[str, str, str]:
        """A conclusion's kind, its JSON up to its assumptions (id, kind, title, rationale,
        sources) and after its rank reasons (its resources), when these firings derived it."""
        derived_by = tuple((firing.rule, firing.conjunction) for firing in firings)
        found = self.heads.get((cid, derived_by))
        if found is None:
            info = kb.conclusion(cid)
            kind = info.kind
            resources = [{"id": r.id, "name": r.name, "url": r.url} for r in kb.resources_for(cid)]
            rationale, sources = _explained(kb, firings)
            head = compact(
                {
                    "id": cid,
                    "kind": kind,
                    "title": info.title,
                    "rationale": rationale,
                    "sources": list(sources),
                    "assumptions": None,
                }
            )
            assert head.endswith("null}")
            tail = '],"resources":' + compact(resources) + "}"
            found = (kind, head[: -len("null}")], tail)
            if len(self.heads) < _MAX_SHARED:
                self.heads[cid, derived_by] = found
        return found

    def body(self, kb: KnowledgeBase, key: tuple[Any, ...]) -> tuple[str, str, str]:
        """A conclusion's kind, its JSON up to its rank when it rests on no assumption and
        ``key`` is its id and the firings that derived it, and its JSON after its rank
        reasons."""
        cid, firings = key[0], key[1:]
        kind, head, tail = self.head(kb, cid, firings)
        found = (kind, f'{head}[],"derivations":[{self.derivations(firings)}],"rank":', tail)
        if len(self.bodies) < _MAX_SHARED:
            self.bodies[key] = found
        return found

    def version_tail(self, kb: KnowledgeBase) -> str:
        if self.version is None:
            self.version = ',"rules_version":' + compact(kb.version) + "}"
        return self.version


# --- reading records ---------------------------------------------------------------------


def _as_record(number: int, item: Any) -> Record:
    if isinstance(item, Record):
        return item
    return Record(number, item)


def _scenario(record: Record) -> Scenario:
    if record.error is not None:
        raise record.error
    data = record.data
    if isinstance(data, Scenario):
        return data
    if isinstance(data, os.PathLike):
        return load_scenario(data)
    if isinstance(data, str | bytes):
        plain = _plain_json(data)
        if plain is not None:
            scenario = _plain_scenario(plain, record.file)
            if scenario is not None:
                return scenario
        data = _parse_json(data, record)
    if not isinstance(data, Mapping):
        raise ScenarioError(
            [Problem("a scenario is a mapping of sections", file=record.file, line=record.line)]
        )
    return Scenario.from_dict(data, file=record.file)


def _record_facts(record: Record) -> dict[str, FactValue]:
    """``_scenario(record).facts()``, without building the scenario when the record is plain
    data that passes as it stands (:func:`~rightsrules.scenario._plain_facts`)."""
    data = record.data
    if record.error is None:
        if isinstance(data, str | bytes):
            data = _plain_json(data)
        if data.__class__ is dict:
            facts = _plain_facts(data)
            if facts is not None:
                return facts
    return _scenario(record).facts()


def _plain_json(text: str | bytes) -> dict[str, Any] | None:
    """The mapping of a JSON record when orjson reads it as one, else ``None`` (the record is
    then read by :func:`_parse_json` and validated in full, which writes any message).

    Where orjson reads text differently from the json module it either refuses it (a lone
    surrogate, NaN, a number out of range) or gives a number (an integer past 64 bits becomes
    a float); the fast paths take no number, so what they accept reads the same either way.
    orjson keeps the last of duplicate keys: a record with more key-like ``"...":`` marks
    than the keys it was read into may hold one, and is read by :func:`_parse_json` instead.
    """
    if _json.orjson is None or len(text) > MAX_LINE_BYTES:
        return None
    try:
        data = _json.orjson.loads(text)
    except Exception:
        return None
    if data.__class__ is not dict:
        return None
    marks = _KEY_MARK.findall(text if isinstance(text, bytes) else text.encode())
    return data if len(marks) == _count_keys(data) else None


# Every key of a JSON text ends in a quote followed by a colon; a string may hold such a
# mark too, which only sends the record to the full reading.
_KEY_MARK = re.compile(rb'"\s*:')


def _count_keys(data: Any) -> int:
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        if item.__class__ is dict:
            count += len(item)
            stack.extend(item.values())
        elif item.__class__ is list:
            stack.extend(item)
    return count


def _parse_json(text: str | bytes, record: Record) -> Any:
    """A JSON record read as a ``.json`` file is: a duplicate key, an integer of more than
    :data:`~rightsrules._yaml.MAX_INT_DIGITS` digits and nesting deeper than
    :data:`~rightsrules._yaml.MAX_DEPTH` are refused, with the record's line."""
    file = record.file or "<input>"
    line = record.line or 1
    if len(text) > MAX_LINE_BYTES:
        message = f"record is over the limit of {MAX_LINE_BYTES} bytes"
        raise ScenarioError([Problem(message, file=file, line=line)])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig" if line == 1 else "utf-8")
        except UnicodeDecodeError as error:
            message = f"not UTF-8 text (byte {error.start})"
            raise ScenarioError([Problem(message, file=file, line=line)]) from None
    if not text.strip():
        raise ScenarioError([Problem("empty record", file=file, line=line)])
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int)
    except json.JSONDecodeError as error:
        raise ScenarioError([Problem(f"invalid JSON: {error.msg}", file=file, line=line)]) from None
    except RecursionError:
        data = None  # deeper than the interpreter goes: deeper than MAX_DEPTH, said below
    except ValueError as error:  # a duplicate key, an integer too long
        raise _as_json_file(text, file, line, error) from None
    deep = _too_deep(data)
    if deep is not None or (data is None and text.strip() != "null"):
        message = f"nested more than {MAX_DEPTH} levels deep"
        raise ScenarioError([Problem(message, file=file, line=line, key=deep or None)])
    return data


def _as_json_file(text: str, file: str, line: int, error: ValueError) -> ScenarioError:
    """The error a ``.json`` file holding this record's text gives (its key and message),
    at the record's line."""
    try:
        load_document(text, file=file + ".json", error=ScenarioError)
    except ScenarioError as exc:
        return ScenarioError(attrs.evolve(p, file=file, line=line) for p in exc.problems)
    return ScenarioError([Problem(str(error), file=file, line=line)])


def _too_deep(data: Any) -> str | None:
    """The dotted path of the first value nested deeper than MAX_DEPTH, else ``None``."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        item, path = stack.pop()
        if len(path) > MAX_DEPTH:
            return ".".join(path[: MAX_DEPTH + 1])
        if item.__class__ is dict:
            stack.extend((value, (*path, str(key))) for key, value in item.items())
        elif item.__class__ is list:
            stack.extend((value, (*path, str(i))) for i, value in enumerate(item))
    return None


def _record_error(number: int, error: BaseException, record: Record | None) -> RejectedRecord:
    if isinstance(error, InputError):
        problems = tuple(
            attrs.evolve(
                problem,
                file=problem.file or (record.file if record else None),
                line=problem.line or (record.line if record else None),
            )
            for problem in error.problems
        )
        return RejectedRecord(number, problems)
    if isinstance(error, RightsRulesError):
        return RejectedRecord(number, (Problem(str(error)),))
    message = f"internal error ({type(error).__name__}: {error}); this is a bug in rightsrules"
    return RejectedRecord(number, (Problem(message),))


# --- the work, in this process or in a worker --------------------------------------------

Chunk = list[Record]
ChunkJob = Callable[[KnowledgeBase, Evaluator, Chunk], list[tuple[int, Any]]]


def _infer_chunk(kb: KnowledgeBase, engine: Evaluator, chunk: Chunk) -> list[tuple[int, Any]]:
    """Each record's :class:`Inference` (or :class:`RejectedRecord`)."""
    return _each(chunk, _scenario, functools.partial(infer_many, kb, evaluator=engine))


def _lines_chunk(kb: KnowledgeBase, engine: Evaluator, chunk: Chunk) -> list[tuple[int, Any]]:
    """Each record's JSON line. Records are reasoned over as facts: no scenario object is
    built for a record whose plain data passes as it stands."""
    lines: list[tuple[int, Any]] = []
    reason = functools.partial(reason_many, kb, evaluator=engine)
    for number, result in _each(chunk, _record_facts, reason):
        if isinstance(result, RejectedRecord):
            lines.append((number, result.to_json()))
            continue
        try:
            lines.append((number, advice_line(kb, result)))
        except Exception as error:
            lines.append((number, _record_error(number, error, None).to_json()))
    return lines


def _each(
    chunk: Chunk,
    read: Callable[[Record], Any],
    reason: Callable[[list[Any]], Iterable[Any]],
) -> list[tuple[int, Any]]:
    """Each record's number and result: ``read`` each record, then ``reason`` over all that
    were read in one call (one record at a time when that call fails, to find the culprit).
    A record that fails either way gets a :class:`RejectedRecord`."""
    inputs: list[Any] = []
    positions: list[int] = []
    results: list[tuple[int, Any]] = []
    for record in chunk:
        try:
            inputs.append(read(record))
            positions.append(len(results))
            results.append((record.number, None))
        except Exception as error:
            results.append((record.number, _record_error(record.number, error, record)))
    try:
        outputs: list[Any] = list(reason(inputs))
    except Exception:
        outputs = []
        for item in inputs:
            try:
                outputs.extend(reason([item]))
            except Exception as error:
                outputs.append(error)
    for position, output in zip(positions, outputs, strict=True):
        number = results[position][0]
        if isinstance(output, BaseException):
            results[position] = (number, _record_error(number, output, chunk[position]))
        else:
            results[position] = (number, output)
    return results


def _run(
    records: Iterable[Any],
    kb: KnowledgeBase,
    engine: Evaluator,
    jobs: int,
    chunk_size: int,
    job: ChunkJob,
) -> Iterator[tuple[int, Any]]:
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        message = f"must be a whole number from 1 to {MAX_JOBS}, not {jobs!r:.40}"
        raise InputError([Problem(message, key="jobs")])
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        message = f"must be a whole number of at least 1, not {chunk_size!r:.40}"
        raise InputError([Problem(message, key="chunk_size")])
    numbered = (_as_record(number, item) for number, item in enumerate(records, 1))
    chunks = iter(lambda: list(itertools.islice(numbered, chunk_size)), [])
    if jobs == 1:
        for chunk in chunks:
            yield from job(kb, engine, chunk)
        return
    yield from _run_in_processes(chunks, kb, engine, jobs, job)


def _run_in_processes(
    chunks: Iterator[Chunk], kb: KnowledgeBase, engine: Evaluator, jobs: int, job: ChunkJob
) -> Iterator[tuple[int, Any]]:
    # spawn, not fork: a forked durable_rules host (C state, threads) is not safe to reuse.
    context = multiprocessing.get_context("spawn")
    # Workers (and the resource tracker) are started inside submit: each is born with Ctrl-C
    # and SIGTERM blocked, so it never takes one that is meant for this process.
    with signals_held():
        pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(kb, engine, os.getpid()),
        )
    pending: deque[concurrent.futures.Future[list[tuple[int, Any]]]] = deque()
    try:
        for chunk in chunks:
            with signals_held():
                pending.append(pool.submit(_work, job, chunk))
            # Keep every worker busy, and memory flat: at most two chunks queued per worker.
            while len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_worker: tuple[KnowledgeBase, Evaluator] | None = None


def _start_worker(kb: KnowledgeBase, engine: Evaluator, parent: int) -> None:
    global _worker
    # Ctrl-C goes to the whole process group: the parent decides when to stop.
    die_with_parent(parent)
    _worker = (kb, engine)


def _work(job: ChunkJob, chunk: Chunk) -> list[tuple[int, Any]]:
    assert _worker is not None, "worker not initialised"
    return job(*_worker, chunk)


# --- input files -------------------------------------------------------------------------


def read_json_lines(path: str | os.PathLike[str], *, skip: int = 0) -> Iterator[Record]:
    """Each line of a JSON-lines file as a record (numbered from 1), unparsed; the first
    ``skip`` records are passed over. ``-`` reads standard input.

    The file is opened by the bounded reader (a FIFO or a device is refused at once, an
    :class:`~rightsrules.errors.InputError`), and no line is held longer than
    :data:`MAX_LINE_BYTES`: a longer one is an error record, and the lines after it are read.
    """
    name = os.fspath(path)
    display = "<stdin>" if name == "-" else name
    stream = sys.stdin.buffer if name == "-" else open_file(name)
    return _json_records(stream, display, skip)


def _json_records(stream: IO[bytes], display: str, skip: int) -> Iterator[Record]:
    try:
        for number, raw in enumerate(lines(stream, limit=MAX_LINE_BYTES), 1):
            if number <= skip:
                continue
            if raw is None:
                message = f"record is over the limit of {MAX_LINE_BYTES} bytes"
                problem = Problem(message, file=display, line=number)
                yield Record(number, None, display, number, ScenarioError([problem]))
                continue
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if line.endswith(b"\r"):
                line = line[:-1]
            yield Record(number, line, file=display, line=number)
    finally:
        _close(stream)


def read_folder(path: str | os.PathLike[str], *, skip: int = 0) -> Iterator[Record]:
    """Every ``*.yaml``, ``*.yml`` and ``*.json`` entry of a folder, by name, as records; an
    entry that is not a regular file (a FIFO, a folder, a broken link) is an error record.
    A folder that cannot be listed is an :class:`~rightsrules.errors.InputError`, at once."""
    files = folder_files(path, (".yaml", ".yml", ".json"))
    return (
        Record(number, file, file=str(file))
        for number, file in enumerate(files, 1)
        if number > skip
    )


def read_csv(path: str | os.PathLike[str], *, skip: int = 0) -> Iterator[Record]:
    """Each data row of a CSV file as a scenario record (numbered from 1, the header not
    counted). Columns are dotted paths (``company.type``); an empty cell is unknown; a list
    is written with ``;`` between its items; ``true``/``false`` for yes-no keys. An unknown
    column is an error for the whole file (:class:`~rightsrules.errors.InputError`), raised
    at once; a row that is not UTF-8 or has the wrong number of cells is an error record.

    The separator is the one the header line uses: a comma, a semicolon or a tab
    (:func:`~rightsrules.io.csv_header.sniff_delimiter`). A UTF-8 byte-order mark is read
    past, and a blank row (no line, or only empty cells) is no record.

    A quote left open is an error record naming the line where it opened; the rows after
    that line are then read again as rows, so none is lost to the open quote.
    """
    name = os.fspath(path)
    display = "<stdin>" if name == "-" else name
    raw: IO[bytes] = sys.stdin.buffer if name == "-" else open_file(name)
    source = _CsvLines(raw)
    reader = csv.reader(source, delimiter=source.delimiter)
    try:
        header = None
        for row in reader:
            if not _blank(row):
                header = row
                break
            source.start_row()
        line = source.first()
        if header is not None and any(n in source.bad for n in range(line, source.last() + 1)):
            raise InputError([Problem("the CSV header is not UTF-8 text", display, line)])
        columns = _csv_columns(header, display, line) if header is not None else []
    except csv.Error as error:
        _close(raw)
        message = f"cannot read the CSV header: {error}"
        raise InputError([Problem(message, display, source.first() or 1)]) from None
    except InputError:
        _close(raw)
        raise
    if header is None:
        _close(raw)
        return iter(())
    return _csv_rows(source, columns, display, skip, lambda: _close(raw))


def _blank(row: list[str]) -> bool:
    """Whether a CSV row is blank: no cell, or only empty ones (as spreadsheets end a sheet)."""
    return not any(cell.strip() for cell in row)


class _CsvLines:
    """The lines of a CSV file as text, for :mod:`csv`, each numbered, with the lines of the
    row being read kept so they can be read again (after a quote left open).

    A line that is not UTF-8 is noted in ``bad`` (its row becomes an error) and passed on
    with its bad bytes replaced, so the rows after it still parse; a line over
    :data:`MAX_LINE_BYTES` is noted in ``long`` and passed on as an empty line.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self.lines = enumerate(lines(raw, limit=MAX_LINE_BYTES), 1)
        self.again: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []
        self.bad: set[int] = set()
        self.long: set[int] = set()
        self.ended = False
        self.delimiter = self._sniff()

    def _sniff(self) -> str:
        """The separator of the first line that is not blank (the header), read ahead and put
        back."""
        while True:
            try:
                number, line = next(self.lines)
            except StopIteration:
                return ","
            self.again.append((number, self._decode(number, line)))
            if self.again[-1][1].strip():
                return sniff_delimiter(self.again[-1][1])

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        if self.again:
            number, text = self.again.popleft()
        else:
            try:
                number, line = next(self.lines)
            except StopIteration:
                self.ended = True
                raise
            text = self._decode(number, line)
        self.taken.append((number, text))
        return text

    def _decode(self, number: int, line: bytes | None) -> str:
        if line is None:
            self.long.add(number)
            return "\n"
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        try:
            return line.decode("utf-8")
        except UnicodeDecodeError:
            self.bad.add(number)
            return line.decode("utf-8", "replace")

    def start_row(self) -> None:
        self.taken = []

    def first(self) -> int:
        """The number of the first line of the row being read."""
        return self.taken[0][0] if self.taken else 0

    def last(self) -> int:
        return self.taken[-1][0] if self.taken else 0

    def open_quote(self) -> bool:
        """Whether the row just read ran to the end of the file inside a quote."""
        if not self.ended or not self.taken:
            return False
        strict = csv.reader((text for _, text in self.taken), delimiter=self.delimiter, strict=True)
        try:
            for _ in strict:
                pass
        except csv.Error as error:
            return "unexpected end of data" in str(error)
        return False

    def read_again_after_first(self) -> None:
        """Put back every line of the row being read but its first."""
        self.again.extendleft(reversed(self.taken[1:]))
        self.ended = False
        self.taken = self.taken[:1]


def _close(raw: IO[bytes]) -> None:
    if raw is not sys.stdin.buffer:
        raw.close()


def _csv_rows(
    source: _CsvLines,
    columns: list[str],
    file: str,
    skip: int,
    close: Callable[[], None],
) -> Iterator[Record]:
    number = 0
    reader = csv.reader(source, delimiter=source.delimiter)
    try:
        while True:
            source.start_row()
            error: str | None = None
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    error = _open_quote(source.first(), f" within {csv.field_size_limit()} bytes")
                    source.read_again_after_first()
                    reader = csv.reader(source, delimiter=source.delimiter)
                else:
                    error = f"unreadable CSV row: {exc}"
                row = []
            start = source.first()
            if error is None and source.open_quote():
                error = _open_quote(start, "")
                source.read_again_after_first()
                reader = csv.reader(source, delimiter=source.delimiter)
            span = range(start, source.last() + 1)
            long = [n for n in span if n in source.long]
            bad = [n for n in span if n in source.bad]
            if error is None and not long and not bad and _blank(row):
                continue
            number += 1
            if number <= skip:
                continue
            if long:
                error = f"line {long[0]} is over the limit of {MAX_LINE_BYTES} bytes"
            elif bad:
                error = f"not UTF-8 text (line {bad[0]})"
            if error is not None:
                problem = Problem(error, file, start)
                yield Record(number, None, file, start, InputError([problem]))
            else:
                yield _csv_record(number, row, columns, file, start)
    finally:
        close()


def _open_quote(line: int, within: str) -> str:
    return f"the quote opened on line {line} is not closed{within}"


def _csv_columns(header: list[str], file: str, line: int) -> list[str]:
    """The header's dotted paths, each checked against the vocabulary; a column that looks
    like several not split gets a hint about the separator."""
    from .scenario import _unknown_message
    from .vocabulary import FIELDS

    problems = []
    columns = [column.strip() for column in header]
    for column in columns:
        if column not in FIELDS:
            message = _unknown_message(column, FIELDS)
            hint = unsplit_hint(column)
            message = f"{message}; {hint}" if hint else message
            problems.append(Problem(message, file, line, column or "''"))
    duplicates = sorted({column for column in columns if columns.count(column) > 1})
    for column in duplicates:
        problems.append(Problem("column given twice", file, line, column))
    if problems:
        raise InputError(problems)
    return columns


def _csv_record(number: int, row: list[str], columns: list[str], file: str, line: int) -> Record:
    from .vocabulary import FIELDS, FieldKind

    if len(row) != len(columns):
        message = f"{len(row)} cells, but the header has {len(columns)} columns"
        return Record(number, None, file, line, InputError([Problem(message, file, line)]))
    data: dict[str, dict[str, Any]] = {}
    for column, cell in zip(columns, row, strict=True):
        text = cell.strip()
        if not text:
            continue
        field = FIELDS[column]
        value: Any = text
        if field.is_list:
            value = [item.strip() for item in text.split(";") if item.strip()]
        elif field.kind is FieldKind.BOOL:
            value = {"true": True, "false": False}.get(text.lower(), text)
        section, key = column.split(".", 1)
        data.setdefault(section, {})[key] = value
    return Record(number, data, file, line)
