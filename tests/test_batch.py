"""Batches: every record answered once, in input order; bad records never stop the others;
an interrupted run resumes without losing or repeating a line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsrules import Advice, KnowledgeBase, ReferenceEvaluator, _json
from rightsrules._json import compact
from rightsrules.batch import (
    RejectedRecord,
    advise_lines,
    assess_many,
    read_csv,
    read_json_lines,
)
from rightsrules.cli import main
from rightsrules.cli._common import EXIT_REFUSED
from rightsrules.engines.program import Firing, Program
from rightsrules.errors import InputError
from rightsrules.scenario import FactValue

from .advice_model import model_dict
from .strategies import near_scenario_data, scenario_dicts

REFERENCE = ReferenceEvaluator()


def company(number: int, kind: str = "isp") -> dict[str, Any]:
    return {"company": {"name": f"Company {number}", "type": kind}}


def names(lines: Sequence[str]) -> list[str]:
    return [json.loads(line)["scenario"]["company"]["name"] for line in lines]


# --- the library ---------------------------------------------------------------------------


def test_results_come_in_input_order_with_errors_in_place(seed_kb: KnowledgeBase) -> None:
    records: list[Any] = [company(1), {"company": {"name": "x", "type": "bank"}}, company(3)]
    results = list(assess_many(records, seed_kb, evaluator=REFERENCE, chunk_size=2))
    assert isinstance(results[0], Advice)
    assert isinstance(results[1], RejectedRecord)
    assert isinstance(results[2], Advice)
    assert results[1].record == 2
    assert results[1].key == "company.type"
    assert results[2].scenario.company.name == "Company 3"


def test_results_are_the_same_as_one_assessment_each(seed_kb: KnowledgeBase) -> None:
    from rightsrules import assess

    records = [company(n, kind) for n, kind in enumerate(("isp", "cloud_company", "other"))]
    batch = [a.to_dict() for a in assess_many(records, seed_kb)]
    alone = [assess(r, seed_kb, evaluator=REFERENCE).to_dict() for r in records]
    assert batch == alone


def test_results_are_yielded_lazily(seed_kb: KnowledgeBase) -> None:
    def endless() -> Iterator[dict[str, Any]]:
        number = 0
        while True:
            number += 1
            yield company(number)

    results = assess_many(endless(), seed_kb, chunk_size=3)
    first = next(results)
    assert isinstance(first, Advice)
    assert first.scenario.company.name == "Company 1"
    results.close()


class CountingEvaluator:
    """The reference evaluator, counting batch calls."""

    name = "counting"

    def __init__(self) -> None:
        self.batches: list[int] = []

    def run(self, program: Program, facts: Mapping[str, FactValue]) -> list[Firing]:
        raise AssertionError("run_many should have been used")

    def run_many(
        self, program: Program, facts_list: Sequence[Mapping[str, FactValue]]
    ) -> list[list[Firing]]:
        self.batches.append(len(facts_list))
        return REFERENCE.run_many(program, facts_list)


def test_an_evaluator_with_run_many_gets_one_call_per_chunk(seed_kb: KnowledgeBase) -> None:
    evaluator = CountingEvaluator()
    records = [company(n) for n in range(7)]
    results = list(assess_many(records, seed_kb, evaluator=evaluator, chunk_size=3))
    assert evaluator.batches == [3, 3, 1]
    assert all(isinstance(result, Advice) for result in results)


class FailingOnOther:
    """Fails on one scenario, whether run alone or in a batch."""

    name = "failing"

    def run(self, program: Program, facts: Mapping[str, FactValue]) -> list[Firing]:
        if facts.get("company.type") == "other":
            raise RuntimeError("boom")
        return REFERENCE.run(program, facts)

    def run_many(
        self, program: Program, facts_list: Sequence[Mapping[str, FactValue]]
    ) -> list[list[Firing]]:
        return [self.run(program, facts) for facts in facts_list]


def test_an_engine_failure_on_one_record_leaves_the_others(seed_kb: KnowledgeBase) -> None:
    records = [company(1), company(2, "other"), company(3)]
    results = list(assess_many(records, seed_kb, evaluator=FailingOnOther()))
    assert [type(r).__name__ for r in results] == ["Advice", "RejectedRecord", "Advice"]
    error = results[1]
    assert isinstance(error, RejectedRecord)
    assert "internal error (RuntimeError: boom)" in error.message


def test_a_rejected_record_is_a_result_and_its_old_name_still_works() -> None:
    import rightsrules

    assert not issubclass(RejectedRecord, BaseException)
    assert rightsrules.RejectedRecord is RejectedRecord
    assert "RecordError" not in rightsrules.__all__
    with pytest.warns(DeprecationWarning, match=r"RecordError is now rightsrules\.RejectedRecord"):
        assert rightsrules.RecordError is RejectedRecord


def test_json_text_records_report_their_line(seed_kb: KnowledgeBase) -> None:
    lines = list(
        advise_lines(
            ['{"company": {"name": "A", "type": "isp"}}', "{not json", "", "[1, 2]"],
            seed_kb,
        )
    )
    assert len(lines) == 4
    errors = [json.loads(line) for line in lines[1:]]
    assert [e["record"] for e in errors] == [2, 3, 4]
    assert "invalid JSON" in errors[0]["error"]
    assert "empty record" in errors[1]["error"]
    assert "a scenario is a mapping" in errors[2]["error"]


def test_two_processes_give_the_same_lines_as_one(seed_kb: KnowledgeBase) -> None:
    records: list[Any] = [company(n, ("isp", "cloud_company")[n % 2]) for n in range(40)]
    records[7] = {"company": {"name": "broken"}}
    one = list(advise_lines(records, seed_kb, chunk_size=5))
    two = list(advise_lines(records, seed_kb, jobs=2, chunk_size=5))
    assert one == two
    advices = list(assess_many(records, seed_kb, jobs=2, chunk_size=5))
    assert [a.to_dict() for a in advices] == [json.loads(line) for line in one]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            scenario_dicts().map(json.dumps),
            st.text(max_size=30).filter(lambda text: "\n" not in text and "\r" not in text),
            st.binary(max_size=30).filter(lambda data: b"\n" not in data),
        ),
        max_size=12,
    )
)
def test_exactly_one_line_per_input_line(
    seed_kb: KnowledgeBase, tmp_path: Path, lines: list[str | bytes]
) -> None:
    path = tmp_path / "input.jsonl"
    path.write_bytes(
        b"".join(
            (line.encode("utf-8", "replace") if isinstance(line, str) else line) + b"\n"
            for line in lines
        )
    )
    output = list(advise_lines(read_json_lines(path), seed_kb, chunk_size=4))
    kept = [
        line
        for line in lines
        if (line.encode("utf-8", "replace") if isinstance(line, str) else line).strip()
    ]
    assert len(output) == len(kept)  # one per line that is not blank
    for number, line in enumerate(output, 1):
        data = json.loads(line)
        assert "scenario" in data or data["record"] == number


def test_blank_json_lines_are_no_records_and_errors_keep_their_line(
    seed_kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "input.jsonl"
    good = json.dumps({"company": {"name": "A", "type": "isp"}})
    path.write_text(f"\n{good}\n  \t\n\r\n{{bad\n\n{good}\n", encoding="utf-8")
    records = list(read_json_lines(path))
    assert [(r.number, r.line) for r in records] == [(1, 2), (2, 5), (3, 7)]
    output = [json.loads(line) for line in advise_lines(iter(records), seed_kb)]
    assert len(output) == 3
    assert "scenario" in output[0] and "scenario" in output[2]
    assert (output[1]["record"], output[1]["line"]) == (2, 5)
    assert output[1]["error"].startswith(f"{path}:5: invalid JSON")
    assert [r.number for r in read_json_lines(path, skip=2)] == [3]  # --resume counts records


def test_csv_columns_are_dotted_paths(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "company.name,company.type,company.departments,company.licensed,context.country\n"
        "A,isp,legal;policy,true,ng\n"
        "B,cloud_company,,FALSE,\n"
        "C,isp,legal\n"
        "D,bank,,maybe,\n",
        encoding="utf-8",
    )
    records = list(read_csv(path))
    assert [r.number for r in records] == [1, 2, 3, 4]
    assert records[0].data == {
        "company": {
            "name": "A",
            "type": "isp",
            "departments": ["legal", "policy"],
            "licensed": True,
        },
        "context": {"country": "ng"},
    }
    assert records[1].data == {"company": {"name": "B", "type": "cloud_company", "licensed": False}}
    assert records[2].error is not None and "header has 5 columns" in str(records[2].error)
    assert records[3].line == 5


def test_a_csv_with_an_unknown_column_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("company.name,company.tipe\nA,isp\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"did you mean 'company\.type'"):
        read_csv(path)


# --- the command line ----------------------------------------------------------------------


@pytest.fixture()
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [json.dumps(company(n, ("isp", "social_media_platform")[n % 2])) for n in range(30)]
    lines[4] = '{"company": {"name": "bad", "type": "bank"}}'
    lines[9] = "{oops"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_jsonl_one_line_per_record_in_order(
    jsonl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(["batch", str(jsonl)], capsys)
    assert status == EXIT_REFUSED, err
    lines = out.splitlines()
    assert len(lines) == 30
    assert json.loads(lines[4])["record"] == 5
    assert json.loads(lines[4])["line"] == 5
    assert json.loads(lines[9]) == {
        "error": f"{jsonl}:10: invalid JSON: Expecting property name enclosed in double quotes",
        "record": 10,
        "file": str(jsonl),
        "line": 10,
    }
    good = [line for n, line in enumerate(lines) if n not in (4, 9)]
    assert names(good) == [f"Company {n}" for n in range(30) if n not in (4, 9)]
    # no progress bar (standard error is not a terminal), but the refused records, located
    assert err.splitlines() == [
        "rightsrules: 2 of 30 records refused (each has its error line):",
        f"  record 5: {json.loads(lines[4])['error']}",
        f"  record 10: {jsonl}:10: invalid JSON: Expecting property name enclosed in double quotes",
    ]


def test_cli_folder_and_out_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.yaml").write_text("company: {name: A, type: isp}\n", encoding="utf-8")
    (folder / "b.json").write_text('{"company": {"name": "B", "type": "isp"}}', encoding="utf-8")
    (folder / "c.yaml").write_text("company: {name: C, type: isp, sise: large}\n", "utf-8")
    (folder / "notes.txt").write_text("not a scenario", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    status, stdout, _ = run_cli(["batch", str(folder), "--out", str(out)], capsys)
    assert status == EXIT_REFUSED and stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert names(lines[:2]) == ["A", "B"]
    error = json.loads(lines[2])
    assert error["record"] == 3
    assert error["file"] == str(folder / "c.yaml")
    assert error["line"] == 1 and error["key"] == "company.sise"


def test_cli_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.csv"
    path.write_text("company.name,company.type\nA,isp\nB,\n", encoding="utf-8")
    status, out, _ = run_cli(["batch", str(path)], capsys)
    assert status == EXIT_REFUSED
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["scenario"]["company"]["name"] == "A"
    assert second["record"] == 2 and second["key"] == "company.type"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["batch", "no-such-file.jsonl"], "no such file or folder"),
        (["batch", "x.jsonl", "--resume"], "--resume needs --out FILE"),
        (["batch", "x.jsonl", "--jobs", "0"], "argument --jobs: expected a whole number from 1"),
        (["batch", "x.jsonl", "--jobs", str(10**20)], "--jobs: expected a whole number from 1"),
        (["batch", "x.jsonl", "--jobs", "٣"], "--jobs: expected a whole number from 1 to 64"),
    ],
)
def test_cli_refuses_bad_command_lines(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(args, capsys)
    assert status == 2
    assert out == ""
    assert message in err


def test_cli_refuses_a_csv_with_a_bad_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("company.name,colour\nA,red\n", encoding="utf-8")
    status, out, err = run_cli(["batch", str(path)], capsys)
    assert status == 2 and out == ""
    assert "colour: unknown key" in err


def test_resume_skips_what_is_done_and_drops_a_cut_line(
    jsonl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert run_cli(["batch", str(jsonl), "--out", str(out)], capsys)[0] == EXIT_REFUSED
    full = out.read_text(encoding="utf-8")
    lines = full.splitlines(keepends=True)
    out.write_text("".join(lines[:12]) + lines[12][:20], encoding="utf-8")  # cut mid-line
    # records 5 and 10 were refused before the cut: the status is still that of the file
    status, _, err = run_cli(["batch", str(jsonl), "--out", str(out), "--resume"], capsys)
    assert status == EXIT_REFUSED
    assert err.startswith(
        f"rightsrules: 2 of 30 records refused (each has its error line in {out})"
    )
    assert out.read_text(encoding="utf-8") == full


# --- a real interruption -------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_stops_cleanly_and_a_rerun_completes_without_loss_or_repeat(
    tmp_path: Path, jobs: int
) -> None:
    count = 30_000
    source = tmp_path / "in.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for number in range(count):
            handle.write(json.dumps(company(number)) + "\n")
    out = tmp_path / "out.jsonl"
    entry = "import sys; from rightsrules.cli import main; sys.exit(main(sys.argv[1:]))"
    command = [sys.executable, "-c", entry, "batch", str(source), "--out", str(out)]
    command += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while (not out.exists() or out.stat().st_size < 200_000) and time.monotonic() < deadline:
        if process.poll() is not None:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the batch finished before it could be interrupted")
    assert process.returncode == 130, err
    assert "interrupted after" in err and "--resume" in err
    assert "Traceback" not in err
    written = out.read_bytes()
    assert written.endswith(b"\n")
    done = written.count(b"\n")
    assert 0 < done < count
    rerun = subprocess.run([*command, "--resume"], capture_output=True, text=True, env=env)
    assert rerun.returncode == 0, rerun.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert names(lines) == [f"Company {n}" for n in range(count)]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario_dicts())
def test_the_batch_json_is_the_advice_json(seed_kb: KnowledgeBase, data: dict[str, Any]) -> None:
    from rightsrules import Scenario, load_knowledge_base
    from rightsrules.advice import advice_json, build_advice
    from rightsrules.inference import infer

    scenario = Scenario.from_dict(data)
    for kb in (seed_kb, load_knowledge_base()):
        inference = infer(kb, scenario, REFERENCE)
        advice = build_advice(kb, inference, REFERENCE)
        expected = model_dict(advice)
        line = advice_json(kb, inference.reasoning)
        assert json.loads(line) == json.loads(json.dumps(expected))
        # The one writer, from cached pieces: the JSON of the advice's objects, byte for byte.
        assert line == compact(expected)
        assert advice.to_json() == json.dumps(expected, indent=2, ensure_ascii=False)
        # And the line of the batch itself, which reasons over the record's facts without
        # building a scenario, as a mapping and as JSON text.
        for record in (data, json.dumps(data)):
            assert list(advise_lines([record], kb, evaluator=REFERENCE)) == [compact(expected)]


def test_the_batch_line_is_the_same_text_without_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    from rightsrules import IndexedEvaluator, Scenario, load_knowledge_base
    from rightsrules.advice import advice_json, build_advice
    from rightsrules.inference import infer

    kb = load_knowledge_base()
    scenario = Scenario.from_dict(
        {
            "company": {"name": "Café «Net»", "type": "isp"},
            "concern": {"issue": "network_disruption"},
        }
    )
    inference = infer(kb, scenario, IndexedEvaluator())
    expected = model_dict(build_advice(kb, inference, REFERENCE))
    with_orjson = advice_json(kb, inference.reasoning)
    monkeypatch.setattr(_json, "orjson", None)
    kb = attrs.evolve(kb)  # another knowledge base, equal: its pieces are encoded afresh
    inference = infer(kb, scenario, IndexedEvaluator())
    assert advice_json(kb, inference.reasoning) == compact(expected) == with_orjson


def test_the_progress_bar_shows_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rightsrules.cli import batch_cmd

    screen = io.StringIO()
    monkeypatch.setattr(sys, "stderr", screen)
    quiet = batch_cmd._Progress(0)
    quiet.update(10, force=True)
    quiet.close(10)
    assert screen.getvalue() == ""
    monkeypatch.setattr(screen, "isatty", lambda: True)
    shown = batch_cmd._Progress(0)
    shown.update(10, force=True)
    shown.close(20)
    assert "\r10 records" in screen.getvalue()
    assert screen.getvalue().endswith("/s \n")


@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_every_engine_gives_the_same_lines(
    engine: str, jsonl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from rightsrules.engines.durable import durable_available

    if engine == "durable" and not durable_available():
        pytest.skip("durable_rules is not available")
    assert main(["batch", str(jsonl)]) == EXIT_REFUSED
    indexed = capsys.readouterr().out
    assert main(["batch", str(jsonl), "--engine", engine]) == EXIT_REFUSED
    assert capsys.readouterr().out == indexed


_TRICKY_JSON = (
    '{"company": {"name": "A", "type": "isp"}}',
    '{"company": {"name": "A", "type": "isp", "type": "mno"}}',
    '{"company": {"name": "A", "type": "isp", "type": "isp"}}',
    '{"company": {"name": "A", "type": "isp", "licensed": 123456789012345678901234567890}}',
    '{"company": {"name": "A", "type": "isp", "licensed": -9223372036854775809}}',
    '{"company": {"name": "A", "type": "isp", "licensed": 1e400}}',
    '{"company": {"name": "A", "type": "isp", "licensed": NaN}}',
    '{"company": {"name": "\\ud800", "type": "isp"}}',
    '{"company": {"name": "A\\u0000", "type": "isp"}}',
    '{"company": {"name": "\\ud83d\\ude00 A", "type": "isp"}}',
    '{"company": {"name": " A  b ", "type": "isp", "departments": ["legal", "legal"]}}',
    '{"company": {"name": "A", "type": "isp"}, "context": {"country": " ng "}}',
    '{"company": {"name": "A", "type": "isp"}} x',
    '\ufeff{"company": {"name": "A", "type": "isp"}}',
    " ",
    "[" * 5000 + "]" * 5000,
    '{"company": {"name": "A", "type": "isp", "size": "large"}, "1": 2}',
)


@pytest.mark.parametrize("line", [1, 2])
@pytest.mark.parametrize("as_bytes", [False, True])
def test_json_records_read_by_orjson_read_as_by_the_json_module(
    monkeypatch: pytest.MonkeyPatch, line: int, as_bytes: bool
) -> None:
    """Plain JSON records take a shortcut through orjson; every record gives the same
    scenario, or the same error, as through the json module and the full validator."""
    from rightsrules import batch
    from rightsrules.batch import Record

    def outcome(text: str) -> Any:
        data = text.encode("utf-8", "surrogatepass") if as_bytes else text
        record = Record(1, data, file="in.jsonl", line=line)
        try:
            scenario = batch._scenario(record)
        except Exception as error:
            refused = batch._record_error(1, error, record).to_dict()
            try:  # the batch's own reading, straight into facts, refuses it the same way
                batch._record_facts(record)
            except Exception as also:
                assert batch._record_error(1, also, record).to_dict() == refused
                return refused
            raise AssertionError(f"read into facts but refused as a scenario: {text!r}") from None
        assert batch._record_facts(record) == scenario.facts()
        return (scenario, scenario.source)

    for _ in range(2):  # the second time, every accepted value is remembered
        fast = [outcome(text) for text in _TRICKY_JSON]
        with monkeypatch.context() as patch:
            patch.setattr(_json, "orjson", None)
            assert [outcome(text) for text in _TRICKY_JSON] == fast


def test_assessments_leave_no_reference_cycles_to_collect() -> None:
    """A long batch keeps memory flat without the cyclic collector: nothing an assessment
    builds (scenarios, proofs, advice, its JSON line) is left in a reference cycle."""
    import gc

    from rightsrules import load_knowledge_base

    kb = load_knowledge_base()
    records = [
        {"company": {"name": f"Operator {n}", "type": "mobile_network_operator"}}  # assumed
        for n in range(50)
    ] + [
        {"company": {"name": "Net", "type": "isp"}, "concern": {"issue": "user_data_demand"}},
        {"company": {"name": "Broken", "type": "bank"}},  # an error record
    ]
    list(advise_lines(records, kb))  # warm: caches filled here are not garbage
    list(assess_many(records, kb))
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        lines = list(advise_lines(records, kb))
        advices = [advice.to_dict() for advice in assess_many(records, kb)]
        del lines, advices
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(near_scenario_data())
def test_the_batch_line_of_any_record_is_its_result_written_out(
    seed_kb: KnowledgeBase, data: Any
) -> None:
    """``advise_lines`` reads a record straight into facts when it can; ``assess_many`` builds
    the scenario. Valid or not, as a mapping or as JSON text, the line is the same."""
    from rightsrules import load_knowledge_base

    texts = [json.dumps(data)] if not isinstance(data, str) else []
    for kb in (seed_kb, load_knowledge_base()):
        for record in [data, *texts]:
            (expected,) = assess_many([record], kb, evaluator=REFERENCE)
            (line,) = advise_lines([record], kb, evaluator=REFERENCE)
            assert line == compact(expected.to_dict())
