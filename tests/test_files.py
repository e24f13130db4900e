"""Issue 13, items 2 and 4: batches that say what they refused, CSV as spreadsheets write it,
files that are what their names say, and a plain-text letter without markup escapes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from rightsrules import ReferenceEvaluator, assess, read_scenarios_csv
from rightsrules.batch import RejectedRecord, read_csv
from rightsrules.cli import main
from rightsrules.cli._common import EXIT_BAD_INPUT, EXIT_REFUSED
from rightsrules.errors import InputError
from rightsrules.render import to_report_markdown
from rightsrules.render.letter import to_letter_text

EXAMPLE = str(
    Path(__file__).resolve().parents[1] / "facts" / "examples" / "mno-network-shutdown.yaml"
)
TYPES = (
    "isp, mobile_network_operator, social_media_platform, cloud_company, payment_processor, "
    "app_store, content_delivery_service, other"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err
    return status, out, err


def csv_file(tmp_path: Path, text: str, name: str = "companies.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


# --- batches and portfolios that tell ---------------------------------------------------------


BAD_ROWS = "company.name,company.type\nA,isp\nB,bank\nC,\nD,isp\n"


def test_batch_names_the_refused_records_on_stderr_and_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, BAD_ROWS)
    out = tmp_path / "advice.jsonl"
    status, stdout, err = run(capsys, "batch", str(path), "--out", str(out))
    assert (status, stdout) == (EXIT_REFUSED, "")
    assert err.splitlines() == [
        f"rightsrules: 2 of 4 records refused (each has its error line in {out}):",
        f"  record 2: {path}:3: company.type: 'bank' is not one of: {TYPES}",
        f"  record 3: {path}:4: company.type: required key is missing",
    ]
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line.get("record") for line in lines] == [None, 2, 3, None]  # every record answered
    assert [line["scenario"]["company"]["name"] for line in lines if "scenario" in line] == [
        "A",
        "D",
    ]


def test_batch_shows_the_first_five_refused_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, "company.name,company.type\n" + "".join(f"N{n},\n" for n in range(8)))
    status, stdout, err = run(capsys, "batch", str(path))
    assert status == EXIT_REFUSED
    assert len(stdout.splitlines()) == 8
    lines = err.splitlines()
    assert lines[0] == "rightsrules: 8 of 8 records refused (each has its error line):"
    assert [line.split(":")[0] for line in lines[1:6]] == [f"  record {n}" for n in range(1, 6)]
    assert lines[6:] == ["  ... and 3 more"]


def test_a_batch_with_nothing_refused_says_nothing_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, "company.name,company.type\nA,isp\nB,isp\n")
    assert run(capsys, "batch", str(path))[0::2] == (0, "")


def test_portfolio_compares_the_valid_rows_and_names_the_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, BAD_ROWS)
    status, stdout, err = run(capsys, "portfolio", str(path))
    assert status == EXIT_REFUSED
    rows = [line.split(" | ")[0] for line in stdout.splitlines()[2:]]
    assert rows == ["| A", "| D"]
    assert err.splitlines() == [
        "rightsrules: 2 of 4 records refused (left out of the comparison):",
        f"  record 2: {path}:3: company.type: 'bank' is not one of: {TYPES}",
        f"  record 3: {path}:4: company.type: required key is missing",
    ]
    good = csv_file(tmp_path, "company.name,company.type\nA,isp\n", "good.csv")
    assert run(capsys, "portfolio", str(good))[0::2] == (0, "")


def test_the_library_gives_the_refused_rows_when_asked(tmp_path: Path) -> None:
    path = csv_file(tmp_path, BAD_ROWS)
    refused: list[RejectedRecord] = []
    scenarios = read_scenarios_csv(path, refused=refused)
    assert [s.company.name for s in scenarios] == ["A", "D"]
    assert [(e.record, e.line, e.key) for e in refused] == [
        (2, 3, "company.type"),
        (3, 4, "company.type"),
    ]
    with pytest.raises(InputError) as raised:
        read_scenarios_csv(path)
    assert [p.line for p in raised.value.problems] == [3, 4]


@pytest.mark.parametrize("command", ["batch", "portfolio"])
def test_the_exit_status_is_documented_in_help(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "exit status: 0 when every" in text
    assert "3 when some" in text and "were refused" in text
    assert "2 when" in text


def test_the_user_guide_documents_the_exit_status_and_the_letter() -> None:
    guide = (Path(__file__).parents[1] / "docs" / "user-guide.md").read_text(encoding="utf-8")
    text = " ".join(guide.split())
    assert "exit status 3" in text
    assert "report SCENARIO --letter" in text
    assert "csv.Sniffer" in text or "semicolon" in text


# --- CSV as spreadsheets write it --------------------------------------------------------------


def rows(path: Path) -> list[tuple[int, int | None, object]]:
    """(record, line, data or error) for each record of a CSV file."""
    return [(r.number, r.line, r.data if r.error is None else str(r.error)) for r in read_csv(path)]


@pytest.mark.parametrize("separator", [";", "\t", ","])
def test_the_separator_is_sniffed_from_the_header(tmp_path: Path, separator: str) -> None:
    header = separator.join(["company.name", "company.type", "company.published_reports"])
    text = f'{header}\n"Example{separator} Net"{separator}isp{separator}"sustainability;privacy"\n'
    assert rows(csv_file(tmp_path, text)) == [
        (
            1,
            2,
            {
                "company": {
                    "name": f"Example{separator} Net",
                    "type": "isp",
                    "published_reports": ["sustainability", "privacy"],
                }
            },
        )
    ]


def test_a_one_column_file_with_quoted_commas_is_one_column(tmp_path: Path) -> None:
    path = csv_file(tmp_path, 'company.name\n"Acme, Inc"\nB;C\n')
    assert [data for _, _, data in rows(path)] == [
        {"company": {"name": "Acme, Inc"}},
        {"company": {"name": "B;C"}},
    ]


def test_blank_rows_are_no_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "\n\ncompany.name;company.type\r\nA;isp\r\n\r\n;\r\n  ;  \r\nB;isp\n\n"
    path = csv_file(tmp_path, text)
    assert [(n, line) for n, line, _ in rows(path)] == [(1, 4), (2, 8)]
    status, out, err = run(capsys, "batch", str(path))
    assert (status, err) == (0, "")
    assert [json.loads(line)["scenario"]["company"]["name"] for line in out.splitlines()] == [
        "A",
        "B",
    ]


def test_a_blank_row_does_not_hide_a_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"company.name,company.type\n\xff,\nA,isp\n")
    assert rows(path)[0][2] == f"{path}:2: not UTF-8 text (line 2)"


def test_a_byte_order_mark_is_read_past(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file(tmp_path, "\ufeffcompany.name;company.type\nA;isp\n")
    assert rows(path) == [(1, 2, {"company": {"name": "A", "type": "isp"}})]
    status, out, _ = run(capsys, "portfolio", str(path))
    assert status == 0 and "| A |" in out


def test_a_header_read_as_one_column_gets_a_hint_about_the_separator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, "company.name|company.type\nA|isp\n")
    for command in ("batch", "portfolio"):
        status, out, err = run(capsys, command, str(path))
        assert (status, out) == (EXIT_BAD_INPUT, "")
        assert err == (
            f"rightsrules: error: {path}:1: company.name|company.type: unknown key (did you "
            "mean 'company.type'?); this column looks like several joined by '|'; columns are "
            "separated by a comma, a semicolon or a tab, the same one all through the header\n"
        )


def test_an_unknown_column_that_is_one_path_gets_no_separator_hint(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        list(read_csv(csv_file(tmp_path, "company.nme\nA\n")))
    assert "separated" not in str(raised.value)
    assert raised.value.problems[0].line == 1


# --- --out: the name says the format ---------------------------------------------------------


def _json(text: str) -> bool:
    json.loads(text)
    return True


INFERRED: list[tuple[list[str], str, Callable[[str], bool]]] = [
    (["advise", EXAMPLE], "a.json", _json),
    (["advise", EXAMPLE], "a.md", lambda t: t.startswith("# Advice for Example Mobile")),
    (["advise", EXAMPLE], "a.txt", lambda t: t.startswith("Advice for Example Mobile")),
    (["advise", EXAMPLE], "a", lambda t: t.startswith("Advice for Example Mobile")),
    (["report", EXAMPLE], "plan.html", lambda t: t.startswith("<!DOCTYPE html>")),
    (["report", EXAMPLE], "plan.htm", lambda t: t.startswith("<!DOCTYPE html>")),
    (["report", EXAMPLE], "plan.md", lambda t: t.startswith("# Engagement plan")),
    (["report", EXAMPLE, "--letter"], "letter.txt", lambda t: t.startswith("To the legal")),
    (["picture", EXAMPLE], "why.svg", lambda t: t.startswith("<svg")),
    (["explain", EXAMPLE, "strategy:investor_engagement"], "e.json", _json),
    (["explain", EXAMPLE, "strategy:investor_engagement"], "e.mmd", lambda t: "flowchart" in t),
    (["explain", EXAMPLE, "strategy:investor_engagement"], "e.dot", lambda t: "digraph" in t),
    (["explain", EXAMPLE, "strategy:investor_engagement"], "e.md", lambda t: "**" in t),
    (["why-not", EXAMPLE, "strategy:boycott"], "w.json", _json),
    (["why-not", EXAMPLE, "strategy:boycott"], "w.txt", lambda t: "strategy:boycott" in t),
    (["what-if", EXAMPLE, "--set", "company.publicly_traded=false"], "wi.json", _json),
    (["questions", EXAMPLE], "q.json", _json),
    (["questions", EXAMPLE], "q.txt", lambda t: not t.startswith(("[", "{"))),
    (["interview", EXAMPLE], "s.yaml", lambda t: t.startswith("company:")),
    (["interview", EXAMPLE], "s.yml", lambda t: t.startswith("company:")),
]


@pytest.mark.parametrize(("command", "name", "looks_right"), INFERRED)
def test_out_infers_the_format_from_the_extension(
    command: list[str],
    name: str,
    looks_right: Callable[[str], bool],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("stop\n"))
    out = tmp_path / name
    status, stdout, err = run(capsys, *command, "--out", str(out))
    assert (status, stdout) == (0, ""), err
    assert looks_right(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("command", "name", "writes"),
    [
        (["portfolio"], "p.html", "<!DOCTYPE html>"),
        (["portfolio"], "p.svg", "<svg"),
        (["portfolio"], "p.md", "| Company |"),
        (["batch"], "advice.jsonl", '{"scenario":'),
        (["batch"], "advice.ndjson", '{"scenario":'),
    ],
)
def test_out_infers_the_format_of_many_companies(
    command: list[str], name: str, writes: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, "company.name,company.type\nA,isp\n")
    out = tmp_path / name
    assert run(capsys, *command, str(path), "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith(writes)


WHY = ["why-not", EXAMPLE, "strategy:boycott"]
REFUSED: list[tuple[list[str], str, str]] = [
    (["picture", EXAMPLE], "x.png", "picture cannot write a .png file (image/png); it writes SVG"),
    (["picture", EXAMPLE], "x.html", "picture cannot write HTML; it writes SVG (--out FILE.svg)"),
    (
        ["report", EXAMPLE, "--format", "html"],
        "plan.md",
        "names Markdown, but --format html writes HTML",
    ),
    (
        ["report", EXAMPLE],
        "plan.txt",
        "report cannot write plain text; it writes Markdown (--out FILE.md) or HTML "
        "(--out FILE.html); the draft alone is plain text: give --letter",
    ),
    (["report", EXAMPLE], "plan.pdf", "report cannot write a .pdf file (application/pdf)"),
    (["report", EXAMPLE, "--letter"], "letter.md", "report cannot write Markdown"),
    (["advise", EXAMPLE], "a.svg", "advise cannot write SVG; it writes plain text"),
    (
        ["advise", EXAMPLE, "--format", "json"],
        "a.txt",
        "names plain text, but --format json writes JSON",
    ),
    (["explain", EXAMPLE, "strategy:investor_engagement"], "e.html", "explain cannot write HTML"),
    (
        [*WHY],
        "w.md",
        "why-not cannot write Markdown; it writes plain text (--out FILE.txt) or JSON",
    ),
    (
        ["what-if", EXAMPLE, "--set", "company.size=small"],
        "wi.html",
        "what-if cannot write HTML",
    ),
    (["questions", EXAMPLE], "q.csv", "questions cannot write a .csv file (text/csv)"),
    (["interview", EXAMPLE], "s.json", "interview cannot write JSON; it writes YAML"),
]


@pytest.mark.parametrize(("command", "name", "message"), REFUSED)
def test_out_refuses_a_name_for_a_format_the_command_cannot_write(
    command: list[str],
    name: str,
    message: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("stop\n"))
    out = tmp_path / name
    status, stdout, err = run(capsys, *command, "--out", str(out))
    assert (status, stdout) == (EXIT_BAD_INPUT, "")
    assert err.startswith(f"rightsrules: error: --out {out}")
    assert message in err
    assert not out.exists() and not Path(f"{out}.draft").exists()


@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        (
            ["portfolio"],
            "p.pdf",
            "portfolio cannot write a .pdf file (application/pdf); it "
            "writes Markdown (--out FILE.md), SVG (--out FILE.svg) or HTML (--out FILE.html)",
        ),
        (["portfolio", "--format", "svg"], "p.html", "names HTML, but --format svg writes SVG"),
        (
            ["batch"],
            "advice.json",
            "batch cannot write JSON; it writes JSON lines (--out FILE.jsonl)",
        ),
        (["batch"], "advice.txt", "batch cannot write plain text"),
    ],
)
def test_out_refuses_a_wrong_name_for_many_companies(
    command: list[str], name: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, "company.name,company.type\nA,isp\n")
    out = tmp_path / name
    status, _, err = run(capsys, command[0], str(path), *command[1:], "--out", str(out))
    assert status == EXIT_BAD_INPUT
    assert message in err
    assert not out.exists()


def test_the_graph_file_is_checked_like_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "g.svg"
    status, _, err = run(capsys, "advise", EXAMPLE, "--graph", str(bad))
    assert status == EXIT_BAD_INPUT
    assert f"--graph {bad}: advise cannot write SVG; it writes JSON (--graph FILE.json)" in err
    assert not bad.exists()
    good = tmp_path / "g.graphml"
    assert run(capsys, "advise", EXAMPLE, "--graph", str(good))[0] == 0
    assert "<graphml" in good.read_text(encoding="utf-8")


def test_a_name_no_table_knows_takes_the_format_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "plan.v2"
    assert run(capsys, "report", EXAMPLE, "--format", "html", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- the plain-text letter -------------------------------------------------------------------


NAMES = {
    "company": {"name": "Example & <Net>", "type": "isp"},
    "organization": {"name": "Rights & <Co> [draft]_*"},
    "engagement": {"stage": "unresponsive"},  # a final notice, with its outline
}


def test_the_plain_letter_has_no_markup_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(NAMES), encoding="utf-8")
    status, out, err = run(capsys, "report", str(scenario), "--letter")
    assert status == 0, err
    assert "Example & <Net>" in out and "Rights & <Co> [draft]_*" in out
    assert "\\" not in out and "&amp;" not in out and "&lt;" not in out
    assert "\nOutline of the public statement\n\n1. " in out
    advice = assess(NAMES, evaluator=ReferenceEvaluator())
    assert out == to_letter_text(advice)
    # the Markdown plan still escapes them, for Markdown (an & that starts no entity stays)
    assert "Example & \\<Net\\>" in to_report_markdown(advice)
    written = tmp_path / "letter.txt"
    assert run(capsys, "report", str(scenario), "--letter", "--out", str(written))[0] == 0
    assert written.read_text(encoding="utf-8") == out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "text"], "--format text is the draft alone: give --letter"),
        (["--letter", "--format", "html"], "--letter writes plain text, not html"),
    ],
)
def test_the_letter_and_the_plan_formats_do_not_mix(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "report", EXAMPLE, *args)
    assert (status, out) == (EXIT_BAD_INPUT, "")
    assert message in err


def test_a_resumed_batch_counts_the_refused_lines_already_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(tmp_path, BAD_ROWS)
    out = tmp_path / "advice.jsonl"
    assert run(capsys, "batch", str(path), "--out", str(out))[0] == EXIT_REFUSED
    whole = out.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = '{"error": "edited by hand"}\n'  # counted, though it names no record
    out.write_text(whole[0] + whole[1] + edited, encoding="utf-8")
    status, _, err = run(capsys, "batch", str(path), "--out", str(out), "--resume")
    assert status == EXIT_REFUSED
    assert err.splitlines() == [
        f"rightsrules: 2 of 4 records refused (each has its error line in {out}):",
        f"  record 2: {path}:3: company.type: 'bank' is not one of: {TYPES}",
        "  ... and 1 more",
    ]
    assert out.read_text(encoding="utf-8") == whole[0] + whole[1] + edited + whole[3]
