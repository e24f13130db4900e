"""The JSON API answers with the command line's bytes, and refuses bad input as it does."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from rightsrules import assess, load_knowledge_base
from rightsrules._yaml import load_document
from rightsrules.cli import main
from rightsrules.web import WebConfig, create_app

EXAMPLES = sorted(Path("facts/examples").glob("*.yaml"))
BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig()), base_url=BASE) as client:
        yield client


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> bytes:
    """What the command line writes to standard output, run in this process."""
    capsys.readouterr()
    assert main(list(args)) == 0
    return capsys.readouterr().out.encode()


def scenario_of(path: Path) -> Any:
    return load_document(path).data


def post(client: TestClient, endpoint: str, body: Any, **params: Any) -> Any:
    return client.post(f"/api/{endpoint}", json=body, params=params)


def absent(path: Path) -> str:
    """A conclusion some rule can reach that the example's advice does not hold."""
    advice = assess(path)
    return next(c for c in sorted(load_knowledge_base().conclusions) if c not in advice)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_advise_and_questions_are_the_cli_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    answer = post(client, "advise", scenario_of(example))
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.content == cli(capsys, "advise", str(example), "--format", "json")
    answer = post(client, "questions", scenario_of(example))
    assert answer.content == cli(capsys, "questions", str(example), "--format", "json")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_explain_and_why_not_are_the_cli_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str], example: Path
) -> None:
    first = assess(example).conclusions[0].id
    answer = post(client, "explain", scenario_of(example), conclusion=first)
    assert answer.status_code == 200, answer.text
    assert answer.content == cli(capsys, "explain", str(example), first, "--format", "json")
    missing = absent(example)
    answer = post(client, "why-not", scenario_of(example), conclusion=missing)
    assert answer.status_code == 200, answer.text
    assert answer.content == cli(capsys, "why-not", str(example), missing, "--format", "json")


EXAMPLE = Path("facts/examples/mno-network-shutdown.yaml")


def test_what_if_takes_the_cli_changes(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = cli(
        capsys,
        "what-if",
        str(EXAMPLE),
        "--set",
        "company.publicly_traded=false",
        "--set",
        "company.size=unknown",
        "--format",
        "json",
    )
    by_query = client.post(
        "/api/what-if",
        json=scenario_of(EXAMPLE),
        params=[("set", "company.publicly_traded=false"), ("set", "company.size=unknown")],
    )
    assert by_query.content == expected
    changes = {"company.publicly_traded": False, "company.size": None}
    by_body = post(client, "what-if", {"scenario": scenario_of(EXAMPLE), "set": changes})
    assert by_body.content == expected


def test_the_minimal_answers_are_the_cli_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    advice = assess(EXAMPLE)
    first, second = advice.conclusions[0].id, advice.conclusions[1].id
    body = scenario_of(EXAMPLE)
    reasons = post(client, "explain", body, conclusion=first, reasons="true")
    assert reasons.content == cli(
        capsys, "explain", str(EXAMPLE), first, "--reasons", "--format", "json"
    )
    rather = post(client, "explain", {"scenario": body, "conclusion": first, "rather_than": second})
    assert rather.content == cli(
        capsys, "explain", str(EXAMPLE), first, "--rather-than", second, "--format", "json"
    )
    flip = post(client, "what-if", body, flip=first)
    assert flip.content == cli(capsys, "what-if", str(EXAMPLE), "--flip", first, "--format", "json")


def test_another_language_is_the_cli_bytes_in_it(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = post(client, "advise", {"scenario": scenario_of(EXAMPLE), "lang": "ar"})
    expected = cli(capsys, "advise", str(EXAMPLE), "--format", "json", "--lang", "ar")
    assert answer.content == expected
    assert answer.content != post(client, "advise", scenario_of(EXAMPLE)).content


def test_an_explanation_in_the_query_equals_one_in_the_body(client: TestClient) -> None:
    body = scenario_of(EXAMPLE)
    first = assess(EXAMPLE).conclusions[0].id
    in_query = post(client, "explain", body, conclusion=first, detail="direct")
    in_body = post(client, "explain", {"scenario": body, "conclusion": first, "detail": "direct"})
    assert in_query.status_code == 200
    assert in_query.content == in_body.content
    full = post(client, "explain", body, conclusion=first)
    assert full.content != in_query.content


def errors(answer: Any) -> list[dict[str, Any]]:
    assert answer.status_code == 422, answer.text
    found: list[dict[str, Any]] = answer.json()["errors"]
    return found


def raw(client: TestClient, endpoint: str, text: str, **params: Any) -> Any:
    headers = {"content-type": "application/json"}
    return client.post(f"/api/{endpoint}", content=text.encode(), headers=headers, params=params)


def test_a_bad_scenario_gets_the_cli_messages_with_the_body_lines(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = '{\n  "company": {\n    "name": "Example Net",\n    "tpye": "isp"\n  }\n}\n'
    found = errors(raw(client, "advise", text))
    assert found == [
        {"path": "company.tpye", "line": 4, "message": "unknown key (did you mean 'type'?)"},
        {"path": "company.type", "line": 2, "message": "required key is missing"},
    ]
    written = tmp_path / "request.json"
    written.write_text(text)
    assert main(["advise", str(written), "--format", "json"]) == 2
    said = capsys.readouterr().err
    for problem in found:
        assert f"{problem['line']}: {problem['path']}: {problem['message']}" in said


def test_the_lines_of_a_scenario_inside_the_body_are_the_body_lines(client: TestClient) -> None:
    text = '{"conclusion": "x",\n "scenario": {\n  "company": {"name": "N",\n   "type": "ispp"}}}'
    found = errors(raw(client, "explain", text))
    assert [(e["path"], e["line"]) for e in found] == [("company.type", 4)]
    assert "isp" in found[0]["message"]


def test_json_that_does_not_parse_is_located(client: TestClient) -> None:
    found = errors(raw(client, "advise", '{"company": {"name": "N",\n "type": isp}}'))
    assert found[0]["line"] == 2
    assert found[0]["message"]


@pytest.mark.parametrize(
    ("params", "path", "words"),
    [
        ({"conclusion": "leverage:investors", "detial": "full"}, "detial", "did you mean"),
        ({"conclusion": "x", "rules": "/etc"}, "rules", "the rules the server was started with"),
        ({}, "conclusion", "required"),
        ({"conclusion": "x", "detail": "all"}, "detail", "full, direct"),
        ({"conclusion": "x", "reasons": "yes"}, "reasons", "true or false"),
        ({"conclusion": "x", "lang": "de"}, "lang", "en, fr, es, ar"),
    ],
)
def test_a_bad_option_is_named(
    client: TestClient, params: dict[str, str], path: str, words: str
) -> None:
    found = errors(post(client, "explain", scenario_of(EXAMPLE), **params))
    assert [e["path"] for e in found] == [path]
    assert words in found[0]["message"]


def test_a_conclusion_the_rules_do_not_know_gets_the_cli_message(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    found = errors(post(client, "why-not", scenario_of(EXAMPLE), conclusion="leverage:investorz"))
    assert main(["why-not", str(EXAMPLE), "leverage:investorz"]) == 2
    assert found[0]["message"] in capsys.readouterr().err


def test_why_not_of_a_conclusion_that_holds_is_refused(client: TestClient) -> None:
    first = assess(EXAMPLE).conclusions[0].id
    found = errors(post(client, "why-not", scenario_of(EXAMPLE), conclusion=first))
    assert first in found[0]["message"]


def test_what_if_needs_a_change_and_reads_it_as_the_cli(client: TestClient) -> None:
    assert errors(post(client, "what-if", scenario_of(EXAMPLE)))[0]["path"] == "set"
    found = errors(post(client, "what-if", scenario_of(EXAMPLE), set="company.size=enormous"))
    assert found[0]["path"] == "company.size"
    assert "enormous" in found[0]["message"]
    found = errors(post(client, "what-if", scenario_of(EXAMPLE), set="company.size"))
    assert "PATH=VALUE" in found[0]["message"]


def test_options_in_both_places_are_refused(client: TestClient) -> None:
    found = errors(post(client, "advise", {"scenario": scenario_of(EXAMPLE)}, lang="fr"))
    assert found[0]["path"] == "lang"


def test_a_body_that_is_not_json_is_415(client: TestClient) -> None:
    answer = client.post(
        "/api/advise", content=b"company: {}", headers={"content-type": "text/yaml"}
    )
    assert answer.status_code == 415
    assert "application/json" in answer.json()["errors"][0]["message"]
    assert client.post("/api/advise", content=b"{}").status_code == 415


def test_a_body_over_the_limit_is_413() -> None:
    with TestClient(create_app(WebConfig(max_body=2_000)), base_url=BASE) as small:
        body = {"company": {"name": "N" * 3_000, "type": "isp"}}
        answer = small.post("/api/advise", json=body)
        assert answer.status_code == 413
        assert answer.json()["errors"][0]["message"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"company": {"name": "'
            for _ in range(10):
                yield b"N" * 500
            yield b'", "type": "isp"}}'

        headers = {"content-type": "application/json"}
        streamed = small.post("/api/advise", content=chunks(), headers=headers)
        assert streamed.status_code == 413
        assert small.post("/api/advise", json=scenario_of(EXAMPLE)).status_code == 200


def test_a_get_of_an_endpoint_is_405_in_json(client: TestClient) -> None:
    answer = client.get("/api/advise")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert answer.json()["errors"][0]["message"]


def test_the_schemas_are_the_cli_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = client.get("/api/schema/scenario")
    assert answer.content == cli(capsys, "schema", "scenario")
    assert json.loads(answer.content)["$schema"].startswith("http://json-schema.org/")
    assert client.get("/api/schema/nothing").status_code == 404


# ---------------------------------------------------------------- docs/web-api.md

DOC = Path(__file__).parent.parent / "docs" / "web-api.md"
EXAMPLE_BLOCK = re.compile(
    r"```sh\n(curl .*?)\n```\s*\nAnswer \((\d{3})(, shortened)?\):\s*\n```json\n(.*?)\n```", re.S
)


def doc_examples() -> list[tuple[str, int, bool, Any]]:
    text = DOC.read_text(encoding="utf-8")
    return [
        (command, int(status), bool(short), json.loads(answer))
        for command, status, short, answer in EXAMPLE_BLOCK.findall(text)
    ]


def error_schema() -> Any:
    text = DOC.read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)\n```", text, re.S)]
    return next(b for b in blocks if "$schema" in b)


def holds(whole: Any, part: Any) -> bool:
    """Whether ``part`` is ``whole`` shortened: some keys of each object, the first items of
    each list, every value shown equal."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            key in whole and holds(whole[key], value) for key, value in part.items()
        )
    if isinstance(part, list):
        return (
            isinstance(whole, list)
            and len(part) <= len(whole)
            and all(holds(w, p) for w, p in zip(whole, part, strict=False))
        )
    return bool(whole == part)


def test_the_doc_has_its_examples() -> None:
    statuses = {status for _, status, _, _ in doc_examples()}
    assert {200, 415, 422} <= statuses
    assert holds({"a": [1, 2], "b": 3}, {"a": [1]})
    assert not holds({"a": [1, 2]}, {"a": [2]})
    assert not holds({"a": [1, 2]}, {"c": None})


@pytest.mark.parametrize("example", doc_examples(), ids=lambda e: e[0][:60])
def test_each_doc_example_answers_as_the_doc_says(
    client: TestClient, example: tuple[str, int, bool, Any]
) -> None:
    from rightsrules._jsonschema import jsonschema

    command, status, shortened, expected = example
    words = shlex.split(command)
    url = next(word for word in words if word.startswith("http://"))
    headers = dict(words[i + 1].split(": ", 1) for i, word in enumerate(words) if word == "-H")
    data = next((words[i + 1] for i, word in enumerate(words) if word == "-d"), None)
    assert url.startswith("http://127.0.0.1:8000/api/")
    path = url.removeprefix("http://127.0.0.1:8000")
    if data is None:
        answer = client.get(path, headers=headers)
    else:
        answer = client.post(path, content=data.encode(), headers=headers)
    assert answer.status_code == status, answer.text
    found = answer.json()
    if shortened:
        assert holds(found, expected)
    else:
        assert found == expected
    if status != 200:
        jsonschema.validate(found, error_schema())


@pytest.mark.parametrize("name", ["vocabulary", "sections"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_vocabulary_and_sections_are_the_cli_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str], name: str, lang: str
) -> None:
    answer = client.get(f"/api/{name}", params={"lang": lang})
    assert answer.status_code == 200
    expected = cli(capsys, "rules", f"--{name}", "--format", "json", "--lang", lang)
    assert answer.content == expected
    assert errors(client.get(f"/api/{name}", params={"lnag": "en"}))[0]["path"] == "lnag"
    assert errors(client.get(f"/api/{name}", params={"lang": "de"}))[0]["path"] == "lang"


def test_every_problem_is_said_at_once_in_the_request_s_language(client: TestClient) -> None:
    body = {"scenario": {"company": {"name": "N", "tpye": "isp"}}, "lang": "fr", "detial": 1}
    found = errors(post(client, "explain", body))
    paths = [e["path"] for e in found]
    assert paths[:2] == ["detial", "conclusion"]
    assert {"company.tpye", "company.type"} <= set(paths)
    assert found[0]["message"].startswith("option inconnue")
    assert found[1]["message"] == "cette option est obligatoire"
