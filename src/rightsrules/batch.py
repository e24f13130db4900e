"""Many assessments at once: every record answered, in input order, a bad one never stopping
the others.

:func:`assess_many` yields, lazily and in input order, an :class:`~rightsrules.advice.Advice`
or a :class:`RejectedRecord` for each record. :func:`advise_lines` does the same but yields the
JSON line of each (VOCABULARY.md §3 advice, or ``{"error": ..., "record": N}``), which is what
``rightsrules batch`` writes. With ``jobs > 1`` chunks of records go to worker processes (the
durable_rules engine holds the GIL, so threads would not help); results still come back in
input order. Workers ignore Ctrl-C and SIGTERM from the moment they exist and die with the
calling process (:mod:`rightsrules._workers`); the pool is shut down on every way out.

A batch is the single assessment's pipeline over many records: the same validation (the
scenario validator's fast path for plain records), the same reasoning
(:func:`~rightsrules.inference.reason_many`), the same shaping and the same JSON writer
(:func:`~rightsrules.advice.advice_json`).

The engine is the one named :data:`BATCH_ENGINE` (``indexed``) unless one is given: it gives
the same firings, premises included, as durable_rules and the reference evaluator (the
differential tests hold them to it) at several times their speed; each advice names it as the
engine that ran (:attr:`Advice.engine <rightsrules.advice.Advice.engine>`). When an evaluator
has a ``run_many(program, facts_list)`` method (for durable_rules: many scenarios in one
session), a chunk is evaluated with one call to it; otherwise with one ``run`` per record.

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
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from typing import IO, Any, TypeAlias

import attrs

from ._json import compact
from ._workers import die_with_parent, signals_held
from .advice import Advice, advice_json, build_advice
from .engines import Evaluator, evaluator_named
from .errors import InputError, Located, Problem, RightsRulesError, ScenarioError
from .inference import infer_many, reason_many
from .io.csv_header import sniff_delimiter, unsplit_hint
from .io.read import MAX_BYTES, folder_files, lines, open_file
from .knowledge import KnowledgeBase, load_knowledge_base
from .scenario import (
    FactValue,
    Scenario,
    json_record_facts,
    json_record_scenario,
    load_scenario,
    plain_facts,
)

__all__ = [
    "BATCH_ENGINE",
    "DEFAULT_CHUNK_SIZE",
    "MAX_JOBS",
    "MAX_LINE_BYTES",
    "Record",
    "RejectedRecord",
    "advise_lines",
    "assess_many",
    "read_csv",
    "read_folder",
    "read_json_lines",
]

#: The engine a batch runs unless it is given one, asked for by name
#: (:func:`~rightsrules.engines.evaluator_named`): the indexed evaluator, several times faster
#: than durable_rules on many records, with the same firings. The only place that chooses an
#: engine other than :func:`~rightsrules.engines.default_evaluator`; ``rightsrules batch
#: --engine`` defaults to it. docs/design.md says why.
BATCH_ENGINE = "indexed"
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
    engine = evaluator or evaluator_named(BATCH_ENGINE)
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
    engine = evaluator or evaluator_named(BATCH_ENGINE)
    for _, line in _run(records, kb, engine, jobs, chunk_size, _lines_chunk):
        yield line


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
        return json_record_scenario(data, file=record.file, line=record.line)
    if not isinstance(data, Mapping):
        raise ScenarioError(
            [Problem("a scenario is a mapping of sections", file=record.file, line=record.line)]
        )
    return Scenario.from_dict(data, file=record.file)


def _record_facts(record: Record) -> dict[str, FactValue]:
    """``_scenario(record).facts()``, without building the scenario when the record is plain
    data that passes as it stands (:func:`~rightsrules.scenario.plain_facts`)."""
    data = record.data
    if record.error is None:
        if isinstance(data, str | bytes):
            return json_record_facts(data, file=record.file, line=record.line)
        if data.__class__ is dict:
            facts = plain_facts(data)
            if facts is not None:
                return facts
    return _scenario(record).facts()


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
    """Each record's JSON line, written by :func:`~rightsrules.advice.advice_json`. Records are
    reasoned over as facts: no scenario object is built for a record whose plain data passes
    as it stands."""
    lines: list[tuple[int, Any]] = []
    reason = functools.partial(reason_many, kb, evaluator=engine)
    for number, result in _each(chunk, _record_facts, reason):
        if isinstance(result, RejectedRecord):
            lines.append((number, result.to_json()))
            continue
        try:
            lines.append((number, advice_json(kb, result)))
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
    ``skip`` records are passed over. A blank line (nothing but spaces) is no record, as in a
    CSV file; records keep the line they were read from. ``-`` reads standard input.

    The file is opened by the bounded reader (a FIFO or a device is refused at once, an
    :class:`~rightsrules.errors.InputError`), and no line is held longer than
    :data:`MAX_LINE_BYTES`: a longer one is an error record, and the lines after it are read.
    """
    name = os.fspath(path)
    display = "<stdin>" if name == "-" else name
    stream = sys.stdin.buffer if name == "-" else open_file(name)
    return _json_records(stream, display, skip)


def _json_records(stream: IO[bytes], display: str, skip: int) -> Iterator[Record]:
    number = 0
    try:
        for line_number, raw in enumerate(lines(stream, limit=MAX_LINE_BYTES), 1):
            if raw is not None and not raw.strip():
                continue  # a blank line is no record (as editors and `cat a b` leave them)
            number += 1
            if number <= skip:
                continue
            if raw is None:
                message = f"record is over the limit of {MAX_LINE_BYTES} bytes"
                problem = Problem(message, file=display, line=line_number)
                yield Record(number, None, display, line_number, ScenarioError([problem]))
                continue
            line = raw[:-1] if raw.endswith(b"\n") else raw
            if line.endswith(b"\r"):
                line = line[:-1]
            yield Record(number, line, file=display, line=line_number)
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
    from .scenario import unknown_key_message
    from .vocabulary import FIELDS

    problems = []
    columns = [column.strip() for column in header]
    for column in columns:
        if column not in FIELDS:
            message = unknown_key_message(column, FIELDS)
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
