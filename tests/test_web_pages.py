"""The web app's pages: the interview form, the plan and the explanations, driven as a
browser would (Starlette's test client), good input and bad."""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from starlette.testclient import TestClient

from rightsrules import load_knowledge_base
from rightsrules.cli.interview_cmd import dump_scenario
from rightsrules.interview import script
from rightsrules.render.report import plan_css
from rightsrules.scenario import Scenario, load_scenario, parse_scenario
from rightsrules.web import WebConfig, create_app
from rightsrules.web.forms import FIELD
from rightsrules.web.pages._scenario import decode, encode
from rightsrules.web.pages.interview import MAX_UPLOAD

EXAMPLE = Path("facts/examples/mno-network-shutdown.yaml")
HOSTILE = "Example <script>alert(1)</script> Mobile"
BASE: dict[str, str | Sequence[str]] = {
    "company.name": "Example Mobile",
    "company.type": "mobile_network_operator",
}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(WebConfig()), base_url="http://127.0.0.1")


def _token(client: TestClient) -> str:
    page = client.get("/interview")
    found = re.search(rf'name="{FIELD}" value="([^"]+)"', page.text)
    assert found is not None
    return found.group(1)


def _post(
    client: TestClient, answers: Mapping[str, str | Sequence[str]], action: str = "update"
) -> httpx2.Response:
    data = {FIELD: _token(client), "action": action, **answers}
    return client.post("/interview?lang=en", data=data, follow_redirects=False)


def _scenario_token(scenario: Scenario | dict[str, object]) -> str:
    given = scenario if isinstance(scenario, Scenario) else Scenario.from_dict(scenario)
    return encode(given)


class _Page(HTMLParser):
    """What the accessibility checks read: inputs, labels, headings, tabindex, style."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.headings: list[int] = []
        self.tabindex: list[int] = []
        self.styled = False
        self.label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "style" in found or tag in ("style", "script"):
            self.styled = True
        if found.get("tabindex") is not None:
            self.tabindex.append(int(found["tabindex"] or 0))
        if tag == "label":
            self.label_depth += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        if tag in ("input", "select", "textarea") and found.get("type") not in ("hidden",):
            if self.label_depth:  # labelled by the label around it
                return
            self.inputs.append(found)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1


def _read(html: str) -> _Page:
    parsed = _Page()
    parsed.feed(html)
    return parsed


def _accessible(html: str) -> None:
    page = _read(html)
    for found in page.inputs:
        ident = found.get("id")
        assert ident, f"an input without an id: {found}"
        assert ident in page.label_for, f"{ident} has no label"
    assert all(index <= 0 for index in page.tabindex)
    assert page.headings and page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert not page.styled, "an inline style or script (the CSP forbids them)"
    assert 'class="skip" href="#main"' in html


# ---------------------------------------------------------------- the interview form


def test_the_form_asks_the_interview_s_questions_in_its_order(client: TestClient) -> None:
    page = client.get("/interview")
    assert page.status_code == 200
    _accessible(page.text)
    order = ["company.name", "company.type", *script().first, *script().letter]
    places = [page.text.index(f'name="{path}"') for path in order]
    assert places == sorted(places)
    assert page.text.index('name="engagement.stage"') < page.text.index('name="company.size"')
    assert "The plan is about this harm" in page.text  # the script's why line
    assert page.text.count("I don&#39;t know") >= 20  # unknown offered at every question


def test_once_the_company_is_named_the_questions_that_matter_come_with_what_they_change(
    client: TestClient,
) -> None:
    page = _post(client, BASE)
    assert page.status_code == 200
    _accessible(page.text)
    assert 'id="group-matters"' in page.text
    matters = page.text[page.text.index('id="group-matters"') :]
    assert "an answer could" in matters
    assert page.text.index('id="group-first"') < page.text.index('id="group-matters"')
    # what else would have to change, as the terminal's ?why says, where an answer needs it
    more = page.text[page.text.index('id="f-engagement-stage-more"') :].split("</details>")[0]
    assert "if you answer" in more
    assert 'id="f-company-publicly-traded-more"' not in page.text  # its effects say it all
    assert page.text.index('id="group-matters"') < page.text.index('id="group-company"')


def test_a_missing_answer_is_said_beside_its_question_and_the_rest_is_kept(
    client: TestClient,
) -> None:
    page = _post(
        client, {"company.type": "isp", "context.country": "NG", "organization.name": "Us"}
    )
    assert page.status_code == 422
    assert 'id="f-company-name-error"' in page.text
    assert "company.name</code>: required key is missing" in page.text
    assert '<option value="NG" selected>' in page.text
    assert 'value="Us"' in page.text
    assert '<option value="isp" selected>' in page.text


def test_a_wrong_answer_gets_the_command_line_s_message(client: TestClient) -> None:
    page = _post(
        client, {**BASE, "company.size": "gigantic", "engagement.response_deadline": "soon"}
    )
    assert page.status_code == 422
    assert "&#39;gigantic&#39; is not one of the options" in page.text
    assert 'id="f-company-size-error"' in page.text
    assert 'id="f-engagement-response-deadline-error"' in page.text
    assert '<option value="gigantic" selected>gigantic</option>' in page.text  # as typed


def test_a_huge_answer_is_refused_with_the_limit(client: TestClient) -> None:
    page = _post(client, {**BASE, "company.name": "x" * 100_000})
    assert page.status_code == 422
    assert "the limit is 500" in page.text or "500" in page.text
    assert 'id="f-company-name-error"' in page.text


def test_unknown_stays_unknown_and_none_of_these_is_an_empty_list(client: TestClient) -> None:
    answers = {**BASE, "company.licensed": "", "company.departments": "none"}
    sent = _post(client, answers, action="download")
    assert sent.status_code == 200
    scenario = parse_scenario(sent.text)
    assert scenario.get("company.licensed") is None
    assert scenario.get("company.departments") == ()
    both = _post(client, {**BASE, "company.departments": ["none", "legal"]})
    assert both.status_code == 422
    assert "none of these" in both.text


def test_the_scenario_downloads_as_the_interview_writes_it(client: TestClient) -> None:
    answers = {**BASE, "company.publicly_traded": "true", "company.departments": ["legal"]}
    sent = _post(client, answers, action="download")
    assert sent.status_code == 200
    assert sent.headers["content-disposition"] == 'attachment; filename="example-mobile.yaml"'
    expected = Scenario.from_dict(
        {
            "company": {
                "name": "Example Mobile",
                "type": "mobile_network_operator",
                "publicly_traded": True,
                "departments": ["legal"],
            }
        }
    )
    assert sent.text == dump_scenario(expected)
    again = client.get("/scenario.yaml", params={"s": encode(expected)})
    assert again.text == sent.text


def test_see_the_plan_goes_to_the_plan_of_these_answers(client: TestClient) -> None:
    sent = _post(client, {**BASE, "concern.issue": "network_disruption"}, action="plan")
    assert sent.status_code == 303
    target = urlsplit(sent.headers["location"])
    assert target.path == "/plan"
    query = parse_qs(target.query)
    assert query["lang"] == ["en"]
    assert decode(query["s"][0]).get("concern.issue") == "network_disruption"


def test_a_file_posted_with_the_answers_is_left_unread(client: TestClient) -> None:
    sent = client.post(
        "/interview",
        data={FIELD: _token(client), "action": "update", **BASE},
        files={"attachment": ("x.yaml", b"company: {name: Other, type: isp}")},
    )
    assert sent.status_code == 200
    assert 'value="Example Mobile"' in sent.text


def test_a_form_without_its_token_is_refused(client: TestClient) -> None:
    sent = client.post("/interview", data={**BASE, "action": "plan"})
    assert sent.status_code == 403


def test_a_scenario_in_the_address_fills_the_form(client: TestClient) -> None:
    token = encode(load_scenario(EXAMPLE))
    page = client.get("/interview", params={"s": token, "lang": "fr"})
    assert page.status_code == 200
    assert 'value="Example Mobile Telecom"' in page.text
    assert 'id="f-company-publicly-traded-true" checked' in page.text
    assert f"s={token}" in page.text  # the language links keep it


# ---------------------------------------------------------------- upload


def _upload(client: TestClient, name: str, content: bytes) -> httpx2.Response:
    return client.post(
        "/interview/upload?lang=en",
        data={FIELD: _token(client)},
        files={"file": (name, content, "application/yaml")},
    )


def test_an_uploaded_scenario_fills_the_form(client: TestClient) -> None:
    page = _upload(client, "../../etc/mno.yaml", EXAMPLE.read_bytes())
    assert page.status_code == 200
    assert 'id="uploaded"' in page.text and "mno.yaml" in page.text
    assert "../" not in page.text.split('id="uploaded"')[1].split("</p>")[0]
    assert 'value="Example Mobile Telecom"' in page.text
    assert '<option value="NG" selected>' in page.text
    assert 'id="f-organization-networks-rightscon" checked' in page.text


def test_an_uploaded_json_scenario_is_read_as_json(client: TestClient) -> None:
    content = b'{"company": {"name": "Example Net", "type": "isp"}}'
    page = _upload(client, "net.json", content)
    assert page.status_code == 200
    assert 'value="Example Net"' in page.text


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"company: {name: [unclosed", "bad.yaml:1"),
        (b"company: !!python/object:os.system {name: x, type: isp}", "tags such as"),
        (b"company:\n  name: \xff\xfe\n  type: isp\n", "bad.yaml"),
        (b"company: {name: X, type: isp, nmae: Y}\n", "company.nmae"),
        (b"compnay: {name: X, type: isp}\n", "compnay"),
        (b"", "empty"),
        (b"- a list\n", "bad.yaml"),
    ],
)
def test_a_bad_upload_is_refused_with_a_located_message(
    client: TestClient, content: bytes, said: str
) -> None:
    page = _upload(client, "bad.yaml", content)
    assert page.status_code == 422
    problems = page.text[page.text.index('id="upload-problems"') :]
    assert said in problems.split("</div>")[0]
    assert "Traceback" not in page.text


def test_an_upload_over_the_limit_is_refused(client: TestClient) -> None:
    page = _upload(client, "big.yaml", b"# " + b"x" * MAX_UPLOAD + b"\n")
    assert page.status_code == 413
    assert f"larger than {MAX_UPLOAD} bytes" in page.text


def test_an_upload_without_a_file_is_refused(client: TestClient) -> None:
    page = client.post("/interview/upload", data={FIELD: _token(client)})
    assert page.status_code == 422
    assert "choose a scenario file" in page.text


# ---------------------------------------------------------------- the plan


def test_the_plan_is_the_report_s_with_a_link_to_each_explanation(client: TestClient) -> None:
    scenario = load_scenario(EXAMPLE)
    token = encode(scenario)
    page = client.get("/plan", params={"s": token})
    assert page.status_code == 200
    _accessible(page.text)
    assert '<link rel="stylesheet" href="/plan.css">' in page.text
    advice = load_knowledge_base()
    from rightsrules import assess

    advised = assess(scenario, advice)
    for conclusion in advised.conclusions:
        assert f"id={conclusion.id.replace(':', '%3A')}" in page.text, conclusion.id
    assert "Explain: " in page.text
    assert 'id="why-not-form"' in page.text
    assert client.get("/plan.css").text == plan_css()


def test_the_plan_file_is_the_report(client: TestClient) -> None:
    from rightsrules import assess
    from rightsrules.render.report import to_report_html

    token = encode(load_scenario(EXAMPLE))
    sent = client.get("/plan.html", params={"s": token})
    assert sent.status_code == 200
    assert sent.text == to_report_html(assess(load_scenario(EXAMPLE)))


def test_a_company_name_with_script_is_shown_escaped_on_every_page(client: TestClient) -> None:
    token = _scenario_token({"company": {"name": HOSTILE, "type": "isp"}})
    pages = [
        _post(client, {**BASE, "company.name": HOSTILE}),
        client.get("/interview", params={"s": token}),
        client.get("/plan", params={"s": token}),
        client.get("/explain", params={"s": token, "id": "step:research_company"}),
        client.get(
            "/explain", params={"s": token, "id": "step:research_company", "view": "reasons"}
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        assert "<script>" not in page.text
    for page in pages[:3]:  # the pages that name the company
        assert "&lt;script&gt;" in page.text


def test_the_plan_speaks_arabic_right_to_left_and_keeps_the_scenario(client: TestClient) -> None:
    token = encode(load_scenario(EXAMPLE))
    page = client.get("/plan", params={"s": token, "lang": "ar"})
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.text
    assert '<bdi dir="ltr">' in page.text or 'dir="ltr"' in page.text
    switch = re.search(r'<a href="\?([^"]+)" hreflang="fr"', page.text)
    assert switch is not None
    query = parse_qs(switch.group(1).replace("&amp;", "&"))
    assert query["lang"] == ["fr"] and query["s"] == [token]


@pytest.mark.parametrize(
    "token",
    [
        "",
        "not a token",
        "A" * 40_000,
        base64.urlsafe_b64encode(zlib.compress(b"[1, 2]")).decode(),
        base64.urlsafe_b64encode(zlib.compress(b"\xff\xfe not utf-8")).decode(),
        base64.urlsafe_b64encode(zlib.compress(b"{" * 100_000)).decode(),
        base64.urlsafe_b64encode(zlib.compress(b" " * 10_000_000)).decode(),  # a bomb
    ],
)
def test_an_unreadable_address_is_said_not_a_traceback(client: TestClient, token: str) -> None:
    for path in ("/plan", "/explain", "/plan.html", "/scenario.yaml"):
        page = client.get(path, params={"s": token, "id": "step:research_company"})
        assert page.status_code == 422, path
        assert "cannot be read" in page.text


def test_a_scenario_naming_unknown_keys_is_answered_with_located_messages(
    client: TestClient,
) -> None:
    raw = b'{"company": {"name": "X", "type": "isp", "nmae": "Y"}, "extra": {"a": 1}}'
    token = base64.urlsafe_b64encode(zlib.compress(raw)).decode()
    page = client.get("/plan", params={"s": token})
    assert page.status_code == 422
    assert "&lt;address&gt;: company.nmae" in page.text
    assert "extra" in page.text


# ---------------------------------------------------------------- the explanations


@pytest.fixture(scope="module")
def token() -> str:
    return encode(load_scenario(EXAMPLE))


def _explain(client: TestClient, token: str, **params: str) -> httpx2.Response:
    return client.get("/explain", params={"s": token, **params})


def test_how_shows_the_proof(client: TestClient, token: str) -> None:
    page = _explain(client, token, id="strategy:investor_engagement")
    assert page.status_code == 200
    _accessible(page.text)
    assert 'id="view-how" aria-current="page"' in page.text
    assert "<li><strong>Engage the company's investors</strong>" in page.text
    assert "<code>strategy:investor_engagement</code>" in page.text


def test_a_conclusion_not_advised_opens_on_why_not(client: TestClient, token: str) -> None:
    page = _explain(client, token, id="challenge:net_neutrality")
    assert page.status_code == 200
    assert 'id="view-why-not" aria-current="page"' in page.text
    assert 'id="why-not-text"' in page.text
    assert "Not advised for your situation." in page.text
    how = _explain(client, token, id="challenge:net_neutrality", view="how")
    assert "it has no proof" in how.text


def test_why_not_of_an_advised_conclusion_is_a_note(client: TestClient, token: str) -> None:
    page = _explain(client, token, id="strategy:investor_engagement", view="why-not")
    assert page.status_code == 200
    assert 'id="note"' in page.text and "see how it was concluded" in page.text


def test_minimal_reasons_are_shown(client: TestClient, token: str) -> None:
    page = _explain(client, token, id="strategy:investor_engagement", view="reasons")
    assert page.status_code == 200
    assert "publicly traded" in page.text
    assert 'id="explanation"' in page.text


def test_minimal_reasons_refuse_a_scenario_with_history_politely(client: TestClient) -> None:
    history = _scenario_token(
        {"company": {"name": "X", "type": "isp"}, "history": {"message_sent": True}}
    )
    page = _explain(client, history, id="step:research_company", view="reasons")
    assert page.status_code == 200
    assert 'id="note"' in page.text
    assert "do not model the facts a campaign&#39;s history derives" in page.text


def test_what_if_shows_what_a_changed_answer_changes(client: TestClient, token: str) -> None:
    chooser = _explain(client, token, id="strategy:investor_engagement", view="what-if")
    assert 'id="f-path"' in chooser.text
    _accessible(chooser.text)
    asked = _explain(
        client,
        token,
        id="strategy:investor_engagement",
        view="what-if",
        path="company.publicly_traded",
    )
    assert 'id="f-company-publicly-traded-true" checked' in asked.text
    _accessible(asked.text)
    page = client.get(
        "/explain",
        params={
            "s": token,
            "id": "strategy:investor_engagement",
            "view": "what-if",
            "path": "company.publicly_traded",
            "company.publicly_traded": "false",
            "answer": "1",
        },
    )
    assert page.status_code == 200
    removed = page.text[page.text.index('id="removed"') :]
    assert "Engage the company&#39;s investors" in removed
    link = re.search(r'id="plan-with-change"', page.text)
    assert link is not None


def test_what_if_refuses_a_bad_answer_beside_it(client: TestClient, token: str) -> None:
    page = client.get(
        "/explain",
        params={
            "s": token,
            "id": "strategy:investor_engagement",
            "view": "what-if",
            "path": "company.name",
            "answer": "1",
        },
    )
    assert page.status_code == 422
    assert "required key is missing" in page.text


def test_rather_than_compares_two_conclusions(client: TestClient, token: str) -> None:
    chooser = _explain(client, token, id="strategy:investor_engagement", view="rather")
    assert 'id="f-other"' in chooser.text
    page = _explain(
        client,
        token,
        id="strategy:investor_engagement",
        view="rather",
        other="strategy:public_advocacy",
    )
    assert page.status_code == 200
    assert 'id="explanation"' in page.text
    unknown = _explain(
        client, token, id="strategy:investor_engagement", view="rather", other="strategy:nope"
    )
    assert unknown.status_code == 422
    assert "unknown conclusion id" in unknown.text


def test_an_unknown_conclusion_is_said(client: TestClient, token: str) -> None:
    page = _explain(client, token, id="strategy:investors_engagement")
    assert page.status_code == 404
    assert "did you mean" in page.text
    assert "Traceback" not in page.text


def test_the_start_page_leads_to_the_interview(client: TestClient) -> None:
    page = client.get("/", params={"lang": "es"})
    assert 'href="/interview?lang=es" id="start-interview"' in page.text
    _accessible(page.text)
