"""The campaign pages: the journals of the server's folder, each company's status and the
timeline as of a date, adding an event, the plan of a company and the calendar of dates.

- ``/campaigns``: the journals of ``--journals DIR`` by file name (and a form to upload one,
  viewed read-only, nothing kept);
- ``/campaigns/{name}?as_of=DAY``: the status of each company and the timeline, as of a day
  (today when not given); with ``company`` and ``event`` chosen, the form of that kind of
  event, its fields the keys of the kind (``rightsrules campaign log``'s);
- ``POST /campaigns/{name}/events``: the event added as ``campaign log`` adds it, unless the
  journal changed since the page was shown (409) or the event makes it inconsistent (422,
  with the log's located messages, the form as the user filled it);
- ``/campaigns/{name}/plan?company=...`` and ``/campaigns/{name}/calendar.ics``.

No name from a request is used as a path: :mod:`rightsrules.web.journals` looks it up in the
folder's listing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import attrs
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...campaign import EVENT_TYPES, REPLY_OUTCOMES, Campaign, CampaignError, campaign_from_text
from ...campaign.calendar import campaign_calendar
from ...campaign.log import TEAM_KEYS, event_keys, parse_fields
from ...campaign.report import engagement_history
from ...campaign.status import CampaignStatus, CompanyStatus, Due
from ...campaign.timeline import Timeline, TimelineEntry
from ...errors import InputError, OutputError, Problem
from ...i18n import N_, _, using
from ...i18n.knowledge import translated
from ...interview.script import script
from ...io.read import MAX_BYTES
from ...knowledge import KnowledgeBase, load_knowledge_base
from ...vocabulary import FIELDS
from ..config import WebConfig
from ..forms import read_form
from ..journals import (
    JournalChanged,
    NoSuchJournal,
    add_event,
    digest,
    listing,
    load_journal,
)
from ..templating import page, request_language
from ._scenario import PARAM, encode

__all__ = ["routes"]

#: The words of each kind of event, each key of an event and each outcome of a reply.
EVENT_LABELS: Mapping[str, str] = {
    "message_sent": N_("We sent a message"),
    "reply": N_("The company replied"),
    "meeting": N_("A meeting"),
    "contact_made": N_("We made a contact at the company"),
    "contact_left": N_("A contact left the company"),
    "public_statement": N_("We made a public statement"),
    "company_statement": N_("The company made a statement"),
    "note": N_("A note"),
}
KEY_LABELS: Mapping[str, str] = {
    "to": N_("Sent to (a team, such as policy or human_rights, or a person)"),
    "asked": N_("What we asked"),
    "via": N_("Sent through (email, letter, a form...)"),
    "reply_by": N_("Reply asked by"),
    "outcome": N_("What the reply was"),
    "from": N_("From whom"),
    "summary": N_("Summary"),
    "with": N_("With whom"),
    "person": N_("Person"),
    "team": N_("Team"),
    "title": N_("Title"),
    "url": N_("Link"),
    "text": N_("Text"),
    "notes": N_("Notes"),
    "follow_up": N_("Follow up on"),
}
#: The facts a timeline follows, named.
FACT_LABELS: Mapping[str, str] = {
    "engagement.stage": N_("Stage"),
    "organization.relationship": N_("Relationship"),
    "engagement.key_contact_left": N_("A key contact left"),
    "engagement.contacting_competitors": N_("Competitors approached too"),
}
OUTCOME_LABELS: Mapping[str, str] = {
    "acknowledged": N_("acknowledged: no answer yet"),
    "declined": N_("declined"),
    "committed": N_("committed"),
    "partial": N_("answered in part"),
}
#: The keys written in a text area rather than on one line.
_LONG = frozenset({"asked", "summary", "text", "notes"})
_DATE_KEYS = frozenset({"reply_by", "follow_up"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_DEPARTMENTS = tuple(FIELDS["company.departments"].allowed)


@attrs.frozen
class Field:
    """One input of the event form."""

    key: str
    label: str
    kind: str  # "date", "outcome", "team", "long" or "text"
    required: bool
    value: str


def _event_fields(kind: str, values: Mapping[str, str]) -> list[Field]:
    fields = []
    for key in event_keys(kind):
        if key in _DATE_KEYS:
            widget = "date"
        elif key == "outcome":
            widget = "outcome"
        elif key in TEAM_KEYS:
            widget = "team"
        else:
            widget = "long" if key in _LONG else "text"
        required = key == "outcome"
        fields.append(Field(key, _(KEY_LABELS[key]), widget, required, values.get(key, "")))
    return fields


def journal_url(request: Request, route: str, name: str) -> str:
    """The address of a journal's page: its name quoted, so that a name holding ``?``, ``#``
    or ``%`` comes back as it is (the router decodes it)."""
    return str(request.app.url_path_for(route, name=quote(name, safe="")))


def _config(request: Request) -> WebConfig:
    config: WebConfig = request.app.state.config
    return config


def _folder(request: Request) -> Path:
    folder = _config(request).journals
    if folder is None:
        raise HTTPException(
            404, _("No folder of journals is set up (rightsrules serve --journals).")
        )
    return folder


def _knowledge(request: Request) -> KnowledgeBase:
    return load_knowledge_base(list(_config(request).rules))


def _as_of(text: str | None) -> dt.date:
    """The day a page is for: ``text`` (YYYY-MM-DD) or today; a located error otherwise."""
    if text is None or not text.strip():
        return dt.date.today()
    if _DAY.fullmatch(text.strip()):
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            pass
    words = _("{text} is not a date written YYYY-MM-DD").format(text=repr(text))
    raise CampaignError([Problem(words, key="as_of")])


# --- what a page shows ------------------------------------------------------------------------


@attrs.frozen
class View:
    """A campaign as one page shows it: its status and timeline as of a day, every text in the
    page's language (titles of conclusions from the translated knowledge base)."""

    campaign: Campaign
    status: CampaignStatus
    timeline: Timeline
    kb: KnowledgeBase

    def title(self, cid: str) -> str:
        return self.kb.conclusion(cid).title

    def stage(self, company: CompanyStatus) -> str:
        return _label(company.stage, "engagement.stage")

    def relationship(self, company: CompanyStatus) -> str:
        return _label(company.relationship, "organization.relationship")

    def origin(self, company: CompanyStatus, path: str) -> tuple[str, ...]:
        """The events a fact was derived from, in words (none when the journal gave it)."""
        derived = company.derivation(path)
        return () if derived is None else derived.events

    def scenario_token(self, company: CompanyStatus) -> str:
        """The company's scenario as of the day, as the plan page reads it from its address
        (the plan with each conclusion linked to its explanations)."""
        return encode(company.scenario)

    def entries(self) -> tuple[TimelineEntry, ...]:
        return self.timeline.entries

    def fact_name(self, path: str) -> str:
        return _(FACT_LABELS[path]) if path in FACT_LABELS else path

    def fact(self, path: str, value: Any) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return _label(None if value is None else str(value), path)


def _label(value: str | None, path: str) -> str:
    if value is None:
        return _("unknown")
    return script().label(value, path)


def _view(campaign: Campaign, as_of: dt.date, kb: KnowledgeBase, language: str) -> View:
    status = campaign.status(as_of, kb)
    timeline = campaign.timeline(until=as_of, kb=kb)
    return View(campaign, status, timeline, translated(kb, language))


def _due_state(due: Due) -> str:
    if due.kind == "planned":
        return "planned"
    return "overdue" if due.overdue else "due"


# --- the pages --------------------------------------------------------------------------------


async def campaigns(request: Request) -> Response:
    folder = _config(request).journals
    context: dict[str, Any] = {"today": dt.date.today(), "journal_url": journal_url}
    try:
        entries = await run_in_threadpool(listing, folder) if folder is not None else None
    except CampaignError as error:
        context.update(entries=[], problems=error.problems)
        return page(request, "campaigns.html", context, status=422)
    context.update(entries=entries, problems=())
    return page(request, "campaigns.html", context)


def _form_values(form: FormData | Mapping[str, str] | None) -> dict[str, str]:
    if form is None:
        return {}
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def _campaign_page(
    request: Request,
    name: str,
    *,
    as_of_text: str | None,
    company: str | None = None,
    kind: str | None = None,
    values: Mapping[str, str] | None = None,
    problems: tuple[Problem, ...] = (),
    notice: str | None = None,
    status: int = 200,
) -> Response:
    folder = _folder(request)
    language = request_language(request)
    context = _defaults()
    context.update(name=name, as_of_text=as_of_text or "", problems=problems, notice=notice)
    try:
        as_of = _as_of(as_of_text)
    except CampaignError as error:
        context.update(as_of_problems=error.problems, view=None)
        return page(request, "campaign.html", context, status=422)
    kb = _knowledge(request)
    try:
        campaign, seen = await run_in_threadpool(load_journal, folder, name, as_of)
    except NoSuchJournal:
        raise HTTPException(
            404, _("No journal called {name} in the folder.").format(name=repr(name))
        ) from None
    except InputError as error:
        context.update(journal_problems=error.problems, view=None, as_of=as_of)
        return page(request, "campaign.html", context, status=422)
    with using(language):
        view = await run_in_threadpool(_view, campaign, as_of, kb, language)
    names = [journal.name for journal in campaign.companies]
    chosen = company if company in names else None
    kind = kind if kind in EVENT_TYPES else None
    form_values = dict(values or {})
    with using(language):
        fields = _event_fields(kind, form_values) if chosen and kind else []
    added = request.query_params.get("added")
    context.update(
        view=view,
        as_of=as_of,
        seen=seen,
        companies=names,
        company=chosen,
        kind=kind,
        fields=fields,
        values=form_values,
        added=_added(campaign, added),
    )
    return page(request, "campaign.html", context, status=status)


def _defaults() -> dict[str, Any]:
    """What the campaign page's template reads, before a page fills it in."""
    return {
        "name": "",
        "as_of_text": "",
        "as_of": None,
        "view": None,
        "read_only": False,
        "problems": (),
        "as_of_problems": (),
        "journal_problems": (),
        "notice": None,
        "seen": "",
        "companies": [],
        "company": None,
        "kind": None,
        "fields": [],
        "values": {},
        "added": None,
        "event_types": EVENT_TYPES,
        "event_labels": EVENT_LABELS,
        "outcomes": REPLY_OUTCOMES,
        "outcome_labels": OUTCOME_LABELS,
        "departments": _DEPARTMENTS,
        "due_state": _due_state,
        "scenario_param": PARAM,
        "journal_url": journal_url,
    }


def _added(campaign: Campaign, line: str | None) -> str | None:
    """The words of the event at ``line`` of the journal (the one just added)."""
    if line is None or not line.isdigit():
        return None
    for journal in campaign.companies:
        for event in journal.events:
            if event.line == int(line):
                return f"{journal.name}: {event.describe()}"
    return None


async def campaign_view(request: Request) -> Response:
    params = request.query_params
    return await _campaign_page(
        request,
        request.path_params["name"],
        as_of_text=params.get("as_of"),
        company=params.get("company"),
        kind=params.get("event"),
    )


async def campaign_event(request: Request) -> Response:
    name = request.path_params["name"]
    folder = _folder(request)
    form = await read_form(request)
    values = _form_values(form)
    company = values.get("company", "")
    kind = values.get("event", "")
    as_of_text = values.get("as_of")
    seen = values.get("seen", "")
    if kind not in EVENT_TYPES or not _DIGEST.fullmatch(seen):
        raise HTTPException(
            422, _("This form is missing the kind of event or the journal it is for.")
        )

    async def again(problems: tuple[Problem, ...], notice: str | None, status: int) -> Response:
        return await _campaign_page(
            request,
            name,
            as_of_text=as_of_text,
            company=company,
            kind=kind,
            values=values,
            problems=problems,
            notice=notice,
            status=status,
        )

    pairs = [
        f"{key}={values[key]}" for key in event_keys(kind) if values.get(key, "").strip() != ""
    ]
    try:
        event: dict[str, Any] = {"event": kind, **parse_fields(kind, pairs)}
        if values.get("date", "").strip():
            event["date"] = values["date"].strip()
        added = await run_in_threadpool(add_event, folder, name, company, event, seen=seen)
    except NoSuchJournal:
        raise HTTPException(
            404, _("No journal called {name} in the folder.").format(name=repr(name))
        ) from None
    except JournalChanged:
        with using(request_language(request)):
            notice = _(
                "The journal changed since this page was shown (someone or something else "
                "wrote it). Nothing was written. Here it is as it is now: check it, then add "
                "your event again."
            )
        return await again((), notice, 409)
    except CampaignError as error:
        return await again(error.problems, None, 422)
    except OutputError as error:
        return await again((Problem(error.reason, file=name),), None, 500)
    target = journal_url(request, "campaign", name)
    query = "?" + urlencode(
        {"as_of": as_of_text or "", "added": added.line or "", "lang": request_language(request)}
    )
    return RedirectResponse(f"{target}{query}", status_code=303)


def _download_name(name: str, suffix: str) -> str:
    stem = name.rsplit(".", 1)[0]
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "campaign") + suffix


async def campaign_calendar_file(request: Request) -> Response:
    name = request.path_params["name"]
    folder = _folder(request)
    try:
        as_of = _as_of(request.query_params.get("as_of"))
        campaign, _seen = await run_in_threadpool(load_journal, folder, name, as_of)
    except NoSuchJournal:
        raise HTTPException(
            404, _("No journal called {name} in the folder.").format(name=repr(name))
        ) from None
    except InputError:
        return await _campaign_page(
            request, name, as_of_text=request.query_params.get("as_of"), status=422
        )
    text = await run_in_threadpool(campaign_calendar, campaign, as_of)
    filename = _download_name(name, ".ics")
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _plan_html(
    campaign: Campaign, company: str, as_of: dt.date, kb: KnowledgeBase, language: str
) -> str:
    from ...render.report import to_report_html

    advice = campaign.advice_for(company, as_of, kb).in_language(language)
    with using(language):
        history = engagement_history(campaign, company, as_of)
    return to_report_html(advice, history=history)


async def campaign_plan(request: Request) -> Response:
    name = request.path_params["name"]
    folder = _folder(request)
    params = request.query_params
    try:
        as_of = _as_of(params.get("as_of"))
        campaign, _seen = await run_in_threadpool(load_journal, folder, name, as_of)
    except NoSuchJournal:
        raise HTTPException(
            404, _("No journal called {name} in the folder.").format(name=repr(name))
        ) from None
    except InputError:
        return await _campaign_page(request, name, as_of_text=params.get("as_of"), status=422)
    company = params.get("company", "")
    if company not in [journal.name for journal in campaign.companies]:
        raise HTTPException(
            404, _("No company called {company} in this journal.").format(company=repr(company))
        )
    html = await run_in_threadpool(
        _plan_html, campaign, company, as_of, _knowledge(request), request_language(request)
    )
    return Response(html, media_type="text/html; charset=utf-8")


async def campaign_upload(request: Request) -> Response:
    """A journal uploaded to be read: its status and timeline, nothing written or kept."""
    form = await read_form(request)
    try:
        return await _uploaded(request, form)
    finally:
        await form.close()


async def _uploaded(request: Request, form: FormData) -> Response:
    upload = form.get("journal")
    as_of_text = form.get("as_of")
    as_of_given = as_of_text if isinstance(as_of_text, str) else None
    language = request_language(request)
    context = _defaults()
    context.update(read_only=True, as_of_text=as_of_given or "")
    if not isinstance(upload, UploadFile) or not upload.filename:
        with using(language):
            missing = _("Choose a journal file to upload.")
        context.update(name="", view=None, journal_problems=(Problem(missing),))
        return page(request, "campaign.html", context, status=422)
    name = _download_name(Path(upload.filename).name, Path(upload.filename).suffix.lower())
    context.update(name=name)
    try:
        as_of = _as_of(as_of_given)
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            message = _("file is over the limit of {limit} bytes").format(limit=MAX_BYTES)
            raise CampaignError([Problem(message, file=name)])
        campaign = campaign_from_text(data, source=name, as_of=as_of)
    except InputError as error:
        context.update(view=None, journal_problems=error.problems)
        return page(request, "campaign.html", context, status=422)
    with using(language):
        view = await run_in_threadpool(_view, campaign, as_of, _knowledge(request), language)
    context.update(view=view, as_of=as_of, seen=digest(data))
    return page(request, "campaign.html", context)


def routes() -> list[BaseRoute]:
    return [
        Route("/campaigns", campaigns, name="campaigns"),
        Route("/campaigns/upload", campaign_upload, methods=["POST"], name="campaign_upload"),
        Route("/campaigns/{name}", campaign_view, name="campaign"),
        Route("/campaigns/{name}/events", campaign_event, methods=["POST"], name="campaign_event"),
        Route("/campaigns/{name}/plan", campaign_plan, name="campaign_plan"),
        Route("/campaigns/{name}/calendar.ics", campaign_calendar_file, name="campaign_calendar"),
    ]
