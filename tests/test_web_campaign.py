"""The campaign pages through Starlette's test client: the folder's journals listed by name,
one opened as of a date, an event added (or refused, with the log's located messages, or
because the journal changed meanwhile), the plan and the calendar of a company, a journal
uploaded to be read; and what a request cannot do: open anything but a journal of the folder
(``..``, links, FIFOs), or get a traceback out of a hostile journal."""

from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

import icalendar
import pytest
from starlette.testclient import TestClient

from rightsrules.io.read import MAX_BYTES
from rightsrules.web import WebConfig, create_app
from rightsrules.web.journals import NoSuchJournal, read_journal

from .test_campaign_hostile import JOURNALS

BASE = "http://127.0.0.1"
SMALL = Path(__file__).parent / "fixtures" / "campaign" / "small.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    journals = tmp_path / "journals"
    journals.mkdir()
    shutil.copy(SMALL, journals / "small.yaml")
    return journals


@pytest.fixture
def client(folder: Path) -> TestClient:
    return TestClient(create_app(WebConfig(journals=folder)), base_url=BASE)


def text_of(response: object) -> str:
    """The page's text as a reader sees it (entities decoded)."""
    return html.unescape(str(getattr(response, "text", "")))


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no hidden {name} in the page"
    return html.unescape(found.group(1))


def event_form(client: TestClient, company: str, kind: str, as_of: str = "2027-01-31") -> str:
    return event_form_of(client, "/campaigns/small.yaml", company, kind, as_of)


def event_form_of(
    client: TestClient,
    address: str,
    company: str = "Example Mobile",
    kind: str = "note",
    as_of: str = "2027-01-31",
) -> str:
    response = client.get(address, params={"as_of": as_of, "company": company, "event": kind})
    assert response.status_code == 200
    return response.text


def post_event(
    client: TestClient, page: str, fields: dict[str, str], **form: str
) -> tuple[int, str]:
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "company": hidden(page, "company"),
        "event": hidden(page, "event"),
        "seen": hidden(page, "seen"),
        "as_of": hidden(page, "as_of"),
        **form,
        **fields,
    }
    action = html.unescape(re.findall(r'<form method="post" action="([^"]+)"', page)[-1])
    response = client.post(action.split("#")[0], data=data)
    return response.status_code, text_of(response)


# --- the folder -------------------------------------------------------------------------------


def test_the_folder_lists_its_journals_by_name_and_says_why_others_are_not_opened(
    folder: Path, client: TestClient, tmp_path: Path
) -> None:
    (folder / "elsewhere.yaml").symlink_to(tmp_path / "secret.yaml")
    (tmp_path / "secret.yaml").write_text("campaign: {name: secret}\n")
    (folder / "inside.yaml").symlink_to(folder / "small.yaml")
    os.mkfifo(folder / "pipe.yaml")
    (folder / "sub.yaml").mkdir()
    (folder / "notes.txt").write_text("not a journal")
    (folder / ".hidden.yaml").write_text("campaign: {name: hidden}\n")
    page = text_of(client.get("/campaigns"))
    assert 'href="/campaigns/small.yaml?lang=en"' in page
    for name in ("elsewhere.yaml", "inside.yaml", "pipe.yaml", "sub.yaml"):
        assert f"{name}: not opened" in page
        assert f'href="/campaigns/{name}' not in page
        assert client.get(f"/campaigns/{name}").status_code == 404
    assert "a symbolic link" in page and "a FIFO (named pipe), not a file" in page
    assert "notes.txt" not in page and ".hidden" not in page
    assert "secret" not in client.get("/campaigns/elsewhere.yaml").text


@pytest.mark.parametrize(
    "name", ["a?b.yaml", "journal#1.yaml", "100%.yaml", "my journal.yaml", "élections.yaml"]
)
def test_a_journal_of_any_name_is_reached_from_the_list(folder: Path, name: str) -> None:
    (folder / "small.yaml").rename(folder / name)
    client = TestClient(create_app(WebConfig(journals=folder)), base_url=BASE)
    links = re.findall(r'<li><a href="([^"]+)"', client.get("/campaigns").text)
    assert len(links) == 1
    opened = client.get(html.unescape(links[0]), params={"as_of": "2027-01-31"})
    assert opened.status_code == 200
    assert f'<code dir="ltr">{html.escape(name)}</code>' in opened.text
    page = event_form_of(client, html.unescape(links[0]).split("?")[0])
    status, shown = post_event(client, page, {"text": "x"}, date="2027-01-31")
    assert status == 200 and "Added to the journal: Example Mobile: note of 2027-01-31" in shown


@pytest.mark.parametrize(
    "name", ["..%2Fsmall.yaml", "%2E%2E", "%2Fetc%2Fpasswd", "small.yaml%00", "SMALL.yaml"]
)
def test_no_name_from_a_request_reaches_outside_the_listing(client: TestClient, name: str) -> None:
    for where in ("", "/plan?company=Example+Mobile", "/calendar.ics"):
        response = client.get(f"/campaigns/{name}{where}")
        assert response.status_code == 404, (name, where)
        assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "name", ["..", "../journals/small.yaml", "/etc/passwd", "./small.yaml", "small.yaml/."]
)
def test_a_name_is_looked_up_in_the_listing_never_used_as_a_path(folder: Path, name: str) -> None:
    # The HTTP client already folds dot segments away; the lookup refuses them anyway.
    with pytest.raises(NoSuchJournal):
        read_journal(folder, name)


def test_a_folder_removed_while_the_app_runs_is_said_so(folder: Path, client: TestClient) -> None:
    shutil.rmtree(folder)
    response = client.get("/campaigns")
    assert response.status_code == 422
    page = text_of(response)
    assert "journals: cannot read the folder of journals: no such file or folder" in page
    assert client.get("/campaigns/small.yaml").status_code == 422


def test_without_a_folder_only_an_upload_is_offered(tmp_path: Path) -> None:
    client = TestClient(create_app(WebConfig()), base_url=BASE)
    page = text_of(client.get("/campaigns"))
    assert "No folder of journals is set up" in page
    assert 'type="file"' in page
    assert client.get("/campaigns/small.yaml").status_code == 404


# --- opening a journal ------------------------------------------------------------------------


def test_a_journal_shows_each_company_as_of_the_date(client: TestClient) -> None:
    page = text_of(client.get("/campaigns/small.yaml", params={"as_of": "2027-01-31"}))
    mobile, telecom = page.split("<h3")[1:3]
    assert "Example Mobile" in mobile and "unresponsive" in mobile
    assert "overdue" in mobile and "2027-01-24" in mobile
    assert "from the journal: message of 2027-01-10 to the policy team" in mobile
    assert "Example Telecom" in telecom and "in dialogue" in telecom
    assert "Top strategy" in mobile and "Next actions" in mobile
    timeline = page.split('id="timeline-heading"')[1]
    assert "the reply date 2024-01-24" not in timeline
    assert "the reply date 2027-01-24 passed with no answer" in timeline
    assert "+ Escalate publicly" in timeline


def test_the_date_changes_what_the_page_says(client: TestClient) -> None:
    before = text_of(client.get("/campaigns/small.yaml", params={"as_of": "2027-01-20"}))
    assert "unresponsive" not in before.split("<h3")[1]
    assert "planned" in before  # Example Telecom's meeting of 2027-01-25


def test_a_date_that_is_not_a_day_is_answered_422(client: TestClient) -> None:
    response = client.get("/campaigns/small.yaml", params={"as_of": "2027-02-30"})
    assert response.status_code == 422
    assert "'2027-02-30' is not a date written YYYY-MM-DD" in text_of(response)
    assert 'value="2027-02-30"' in response.text  # kept as typed


def test_the_page_is_in_the_language_asked(client: TestClient) -> None:
    response = client.get("/campaigns/small.yaml", params={"as_of": "2027-01-31", "lang": "ar"})
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.text
    assert "Where each company stands" not in response.text


def test_each_company_links_to_its_plan_with_explanations(client: TestClient) -> None:
    page = client.get("/campaigns/small.yaml", params={"as_of": "2027-01-31"}).text
    links = re.findall(r'href="(/plan\?[^"]+)"', page)
    assert len(links) == 2  # one per company
    plan = client.get(html.unescape(links[0]))
    assert plan.status_code == 200
    shown = text_of(plan)
    assert "Engagement plan: Example Mobile" in shown
    assert "Escalate publicly after the deadline passed" in shown


def test_the_calendar_is_an_ics_download(client: TestClient) -> None:
    response = client.get("/campaigns/small.yaml/calendar.ics", params={"as_of": "2027-01-20"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"] == 'attachment; filename="small.ics"'
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(events[0]["summary"]).startswith("Reply from Example Mobile")


def test_the_plan_of_a_company_has_its_history(client: TestClient) -> None:
    response = client.get(
        "/campaigns/small.yaml/plan", params={"company": "Example Telecom", "as_of": "2027-02-11"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Example Telecom" in page
    assert "Meeting of 2027-01-25" in page
    assert client.get("/campaigns/small.yaml/plan", params={"company": "Nobody"}).status_code == 404


# --- adding an event --------------------------------------------------------------------------


def test_the_event_form_has_the_keys_of_its_kind_each_labelled(client: TestClient) -> None:
    page = event_form(client, "Example Mobile", "reply")
    form = page.split('class="event"')[1].split("</form>")[0]
    names = re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', form)
    assert names == [
        *("csrf_token", "company", "event", "seen", "as_of", "date"),
        *("outcome", "from", "summary", "notes", "follow_up"),
    ]
    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', form)
    assert all(f'for="{id_}"' in form for id_ in ids)
    assert '<option value="declined"' in form


def test_an_event_is_added_and_the_status_follows(client: TestClient, folder: Path) -> None:
    before = (folder / "small.yaml").read_text()
    page = event_form(client, "Example Mobile", "reply")
    response = client.post(
        "/campaigns/small.yaml/events",
        data={
            "csrf_token": hidden(page, "csrf_token"),
            "company": "Example Mobile",
            "event": "reply",
            "seen": hidden(page, "seen"),
            "as_of": "2027-01-31",
            "date": "2027-01-30",
            "outcome": "committed",
            "summary": "they will publish: 'orders' # all of them",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    shown = text_of(client.get(response.headers["location"]))
    assert "Added to the journal: Example Mobile: reply of 2027-01-30: committed" in shown
    assert "in dialogue" in shown.split("<h3")[1]
    assert "unresponsive" not in shown.split("<h3")[1]
    after = (folder / "small.yaml").read_text()
    assert after.startswith(before.split("companies:")[0])  # the comments and layout kept
    assert "event: reply, outcome: committed" in after
    assert "\"they will publish: 'orders' # all of them\"" in after
    assert after.count("\n") == before.count("\n") + 1


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        (
            "reply",
            {"date": "2027-01-05", "outcome": "declined"},
            "small.yaml:12: companies.0.events.0: the new reply event of 2027-01-05 (it would be "
            "line 12): a reply before any message",
        ),
        ("reply", {"outcome": "maybe"}, "outcome: 'maybe' is not an outcome of a reply"),
        ("note", {"date": "2027-02-30", "text": "x"}, "date: '2027-02-30' is not a date"),
        ("message_sent", {"reply_by": "soon"}, "reply_by: 'soon' is not a date written"),
        ("reply", {}, "a reply event needs outcome"),
    ],
)
def test_an_inconsistent_event_is_refused_with_the_located_message(
    client: TestClient, folder: Path, kind: str, fields: dict[str, str], message: str
) -> None:
    before = (folder / "small.yaml").read_bytes()
    page = event_form(client, "Example Mobile", kind)
    status, shown = post_event(client, page, {"summary": "kept as typed", **fields})
    assert status == 422
    assert message in shown
    assert str(folder) not in shown
    assert (folder / "small.yaml").read_bytes() == before
    if kind == "reply":
        assert "kept as typed" in shown.split('class="event"')[1]


def test_an_event_is_refused_when_the_journal_changed_since_the_page(
    client: TestClient, folder: Path
) -> None:
    page = event_form(client, "Example Mobile", "note")
    journal = folder / "small.yaml"
    changed = journal.read_text() + "# edited by hand meanwhile\n"
    journal.write_text(changed)
    status, shown = post_event(client, page, {"text": "my note"})
    assert status == 409
    assert "The journal changed since this page was shown" in shown
    assert journal.read_text() == changed
    assert "my note" in shown  # the form keeps what was typed, with the new fingerprint
    again = client.post(
        "/campaigns/small.yaml/events",
        data={
            "csrf_token": hidden(page, "csrf_token"),
            "company": "Example Mobile",
            "event": "note",
            "seen": hidden(shown, "seen"),
            "as_of": "2027-01-31",
            "date": "2027-01-31",
            "text": "my note",
        },
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert "text: my note" in journal.read_text()


def test_the_same_form_sent_twice_adds_the_event_once(client: TestClient, folder: Path) -> None:
    page = event_form(client, "Example Mobile", "note")
    first, _shown = post_event(client, page, {"text": "sent twice"}, date="2027-01-31")
    second, shown = post_event(client, page, {"text": "sent twice"}, date="2027-01-31")
    assert (first, second) == (200, 409)
    assert "The journal changed since this page was shown" in shown
    assert (folder / "small.yaml").read_text().count("sent twice") == 1


def test_a_form_without_its_token_writes_nothing(client: TestClient, folder: Path) -> None:
    before = (folder / "small.yaml").read_bytes()
    page = event_form(client, "Example Mobile", "note")
    response = client.post(
        "/campaigns/small.yaml/events",
        data={"company": "Example Mobile", "event": "note", "seen": hidden(page, "seen")},
    )
    assert response.status_code == 403
    assert (folder / "small.yaml").read_bytes() == before


def test_a_form_for_no_kind_of_event_is_422(client: TestClient) -> None:
    page = event_form(client, "Example Mobile", "note")
    status, _shown = post_event(client, page, {}, event="bribe")
    assert status == 422


def test_an_event_for_a_company_not_in_the_journal_is_refused(client: TestClient) -> None:
    page = event_form(client, "Example Mobile", "note")
    status, shown = post_event(client, page, {"text": "x"}, company="Nobody Ltd")
    assert status == 422
    assert "small.yaml: no company called 'Nobody Ltd'" in shown


# --- journals that cannot be read -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "line", "message"), JOURNALS, ids=[j[0] for j in JOURNALS]
)
def test_hostile_journals_are_refused_on_the_page_at_their_line(
    folder: Path, client: TestClient, name: str, text: str, line: int, message: str
) -> None:
    (folder / f"{name}.yaml").write_bytes(text.encode("utf-8"))
    for where in ("", "/calendar.ics", "/plan?company=Example+Mobile"):
        response = client.get(f"/campaigns/{name}.yaml{where}")
        assert response.status_code == 422, where
        shown = text_of(response)
        assert f"{name}.yaml:{line}:" in shown
        assert message in shown
        assert "Traceback" not in shown and str(folder) not in shown
    assert not (folder / "hostile-pwned").exists()


def test_a_huge_journal_is_refused_without_being_read_whole(
    folder: Path, client: TestClient
) -> None:
    (folder / "huge.yaml").write_bytes(SMALL.read_bytes() + b"#" * MAX_BYTES)
    response = client.get("/campaigns/huge.yaml")
    assert response.status_code == 422
    assert f"huge.yaml: file is over the limit of {MAX_BYTES} bytes" in text_of(response)


# --- uploading ----------------------------------------------------------------------------------


def upload(
    client: TestClient, name: str, data: bytes, as_of: str = "2027-01-31"
) -> tuple[int, str]:
    token = hidden(client.get("/campaigns").text, "csrf_token")
    response = client.post(
        "/campaigns/upload",
        data={"csrf_token": token, "as_of": as_of},
        files={"journal": (name, data, "application/yaml")},
    )
    return response.status_code, text_of(response)


def test_an_uploaded_journal_is_shown_read_only(client: TestClient, folder: Path) -> None:
    status, page = upload(client, "/tmp/../my journal.yaml", SMALL.read_bytes())
    assert status == 200
    assert "Example Mobile" in page and "unresponsive" in page
    assert "uploaded, read only" in page and "my_journal.yaml" in page
    assert 'class="event"' not in page and "calendar.ics" not in page
    assert sorted(p.name for p in folder.iterdir()) == ["small.yaml"]


@pytest.mark.parametrize(
    ("name", "text", "line", "message"), JOURNALS[:6], ids=[j[0] for j in JOURNALS[:6]]
)
def test_a_hostile_upload_is_refused_with_its_located_message(
    client: TestClient, name: str, text: str, line: int, message: str
) -> None:
    status, page = upload(client, f"{name}.yaml", text.encode("utf-8"))
    assert status == 422
    assert f"{name}.yaml:{line}:" in page and message in page


def test_an_upload_without_a_file_is_422(client: TestClient) -> None:
    token = hidden(client.get("/campaigns").text, "csrf_token")
    response = client.post("/campaigns/upload", data={"csrf_token": token})
    assert response.status_code == 422
    assert "Choose a journal file to upload." in text_of(response)
