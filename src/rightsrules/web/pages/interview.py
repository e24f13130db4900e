"""The interview as one form: the terminal interview's questions, labels and order, each with
why it is asked, "I don't know" a real answer; upload a scenario file to fill it, download
the scenario it makes.

The questions come from the vocabulary and the interview's script
(:mod:`rightsrules.interview`): first the company, then the facts that shape the plan and
those its letter prints, then, once the company is named, the open questions whose answer
would change the advice (in the agenda's order, each with what it could change), then every
other fact by section. An answer is read by the interview's own reader
(:func:`~rightsrules.interview.read_answer`) and the scenario validated as a file is, so a
wrong answer gets the command line's message, beside its question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

import attrs
from starlette.datastructures import ImmutableMultiDict, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from ...advice import Advice
from ...cli.interview_cmd import dump_scenario
from ...errors import ExplanationError, Problem, ScenarioError
from ...explain.why_ask import why_ask
from ...i18n import N_, Wording, _, current_language, using
from ...interview import Ask, agenda, read_answer, script
from ...interview.agenda import FIRST, LETTER
from ...scenario import FactValue, Scenario, facts_to_dict, parse_scenario
from ...vocabulary import COUNTRY_CODES, FIELDS, SECTIONS, Field, FieldKind
from ..forms import read_form
from ..templating import page, request_language
from ._links import link
from ._scenario import PARAM, advise, decode, encode, input_id, shown

__all__ = ["MAX_UPLOAD", "Group", "Question", "read_answers", "routes"]

#: The largest scenario file taken by the upload (a scenario is a few hundred bytes).
MAX_UPLOAD = 256_000
#: The value of a list's "none of these" box, which makes the list empty (not unknown).
NONE = "none"

#: The legends of the form's groups.
LEGENDS = Wording(
    {
        "start": N_("The company"),
        "first": N_("What shapes the plan"),
        "matters": N_("Questions whose answer could change the advice"),
        "company": N_("More about the company"),
        "context": N_("The country and its laws"),
        "concern": N_("The harm"),
        "organization": N_("Your organisation"),
        "engagement": N_("Your engagement with the company"),
        "history": N_("What has happened so far (usually from a campaign journal)"),
    }
)

#: The kinds of input, by the kind of fact.
_INPUTS = {
    FieldKind.BOOL: "bool",
    FieldKind.ENUM: "select",
    FieldKind.COUNTRY: "select",
    FieldKind.ENUM_LIST: "checkboxes",
    FieldKind.DATE: "date",
    FieldKind.TEXT: "text",
    FieldKind.TEXT_LIST: "text",
}

Raw = Mapping[str, str | tuple[str, ...]]


@attrs.frozen
class Question:
    """One question of the form, ready for its template: what the user typed (``value``, or
    ``chosen`` for boxes) and the message of a wrong answer (``error``)."""

    path: str
    text: str
    input: str
    options: tuple[tuple[str, str], ...] = ()
    value: str = ""
    chosen: tuple[str, ...] = ()
    required: bool = False
    why: str = ""
    effects: tuple[str, ...] = ()
    #: What else would have to change for the answer to change the advice (``?why`` in the
    #: terminal interview).
    more: str = ""
    assumed: str = ""
    moot: str = ""
    hint: str = ""
    error: str = ""

    @property
    def id(self) -> str:
        """The id of its input (``f-company-name``), stable for links and browser tests."""
        return input_id(self.path)


@attrs.frozen
class Group:
    """Questions shown together under one legend."""

    key: str
    legend: str
    questions: tuple[Question, ...]


# ---------------------------------------------------------------- reading the form


def raw_of(scenario: Scenario) -> dict[str, str | tuple[str, ...]]:
    """The form's values for a scenario: what a user would have typed or ticked."""
    raw: dict[str, str | tuple[str, ...]] = {}
    for path, value in scenario.facts().items():
        kind = FIELDS[path].kind
        if isinstance(value, bool):
            raw[path] = "true" if value else "false"
        elif kind is FieldKind.ENUM_LIST:
            raw[path] = tuple(str(item) for item in value) if value else (NONE,)
        elif kind is FieldKind.TEXT_LIST:
            raw[path] = ", ".join(str(item) for item in value) if value else NONE
        else:
            raw[path] = str(value)
    return raw


def raw_of_form(form: ImmutableMultiDict[str, Any]) -> dict[str, str | tuple[str, ...]]:
    """What the user posted (a form, or the query of a GET form), for each question (files
    and unknown names left out)."""
    raw: dict[str, str | tuple[str, ...]] = {}
    for path, field in FIELDS.items():
        if field.kind is FieldKind.ENUM_LIST:
            ticked = tuple(item for item in form.getlist(path) if isinstance(item, str))
            if ticked:
                raw[path] = ticked
        else:
            given = form.get(path)
            if isinstance(given, str) and given.strip():
                raw[path] = given
    return raw


def read_answers(raw: Raw) -> tuple[Scenario | None, dict[str, str], tuple[Problem, ...]]:
    """The scenario the form's values make, the message for each wrong answer by path, and
    every problem located as the command line writes it. Empty answers stay unknown."""
    values: dict[str, FactValue] = {}
    problems: list[Problem] = []
    for path, given in raw.items():
        field = FIELDS[path]
        try:
            values[path] = _answer(field, given)
        except ScenarioError as exc:
            problems.extend(attrs.evolve(p, key=path) for p in exc.problems[:1])
    for path in ("company.name", "company.type"):
        if path not in raw:
            problems.append(Problem(_("required key is missing"), key=path))
    scenario = None
    if not problems:
        try:
            scenario = Scenario.from_dict(facts_to_dict(values))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    order = {path: place for place, path in enumerate(FIELDS)}
    problems.sort(key=lambda problem: order.get(problem.key or "", len(order)))
    errors: dict[str, str] = {}
    for problem in problems:
        if problem.key is not None and problem.key in FIELDS:
            errors.setdefault(problem.key, problem.message)
    return scenario, errors, tuple(problems)


def _answer(field: Field, given: str | tuple[str, ...]) -> FactValue:
    if isinstance(given, tuple):
        if NONE in given and field.kind is FieldKind.ENUM_LIST:
            if len(given) > 1:
                message = _("'none of these' cannot be ticked with another answer")
                raise ScenarioError([Problem(message, key=field.path)])
            return ()
        given = ",".join(given)
    return read_answer(field, given)


# ---------------------------------------------------------------- building the form


def groups(raw: Raw, errors: Mapping[str, str], advice: Advice | None) -> tuple[Group, ...]:
    """The form's questions in the interview's order, grouped, each with why it is asked."""
    asks: dict[str, Ask] = {}
    scenario = advice.scenario if advice is not None else None
    if advice is not None:
        asks = {ask.path: ask for ask in agenda(advice)}

    def question(path: str) -> Question:
        return _question(FIELDS[path], raw, errors, asks.get(path), advice, scenario)

    shown: set[str] = set()

    def take(key: str, paths: Iterable[str]) -> Group | None:
        chosen = [path for path in paths if path not in shown]
        shown.update(chosen)
        if not chosen:
            return None
        return Group(key, LEGENDS[key], tuple(question(path) for path in chosen))

    found = [
        take("start", ("company.name", "company.type")),
        take("first", (*script().first, *script().letter)),
        take(
            "matters",
            (path for path, ask in asks.items() if ask.reason not in (FIRST, LETTER)),
        ),
    ]
    for section in SECTIONS:
        found.append(take(section, (p for p in FIELDS if FIELDS[p].section == section)))
    return tuple(group for group in found if group is not None)


def _question(
    field: Field,
    raw: Raw,
    errors: Mapping[str, str],
    ask: Ask | None,
    advice: Advice | None,
    scenario: Scenario | None,
) -> Question:
    given = raw.get(field.path, "")
    why = ask.why if ask is not None else script().why.get(field.path, script().say("no_why"))
    moot = script().moot_because(field.path, scenario) if scenario is not None else None
    assumed = ""
    if ask is not None and ask.found is not None and ask.found.assumed is not None:
        assumed = script().say("assumed", value=_label(ask.found.assumed, field.path)).strip()
    effects = ask.effects(advice) if ask is not None and advice is not None else ()
    more = _more(ask, advice) if ask is not None and advice is not None else ()
    return Question(
        path=field.path,
        text=script().question(field.path),
        input=_INPUTS[field.kind],
        options=_options(field),
        value=given if isinstance(given, str) else "",
        chosen=given if isinstance(given, tuple) else ((given,) if given else ()),
        required=field.required,
        why=why,
        effects=tuple(line.strip() for line in effects),
        more="\n".join(more),
        assumed=assumed,
        moot=moot or "",
        hint=script().messages["how_" + field.kind.value].strip().rstrip(";"),
        error=errors.get(field.path, ""),
    )


def _more(ask: Ask, advice: Advice) -> tuple[str, ...]:
    """The lines the terminal interview's ``?why`` shows for a question, when some answer
    changes the advice only together with other changes: every conclusion the answer could
    change, and what else would have to change with it."""
    try:
        why = why_ask(advice, ask.path, ask.found)
    except (ScenarioError, ExplanationError):  # a constraint broken, or a campaign's history
        return ()
    if not why.line(alone=False):  # what each answer does alone: the effects already say it
        return ()
    lines = why.to_text(label=lambda value: _label(value, ask.path)).splitlines()
    if ask.reason not in (FIRST, LETTER):  # its why line already says what the first says
        lines = lines[1:]
    return tuple(line for line in lines if line.strip())


def _options(field: Field) -> tuple[tuple[str, str], ...]:
    if field.kind is FieldKind.COUNTRY:
        return _countries(current_language())
    if field.kind is FieldKind.BOOL:
        return tuple((value, script().label(value, field.path)) for value in ("true", "false"))
    return tuple((value, script().label(value, field.path)) for value in field.allowed)


_COUNTRIES: dict[str, tuple[tuple[str, str], ...]] = {}


def _countries(language: str) -> tuple[tuple[str, str], ...]:
    """Every country the vocabulary knows, by its name in ``language``, in that order."""
    if language not in _COUNTRIES:
        from babel import Locale

        names = Locale(language).territories
        listed = [(code, f"{names.get(code, code)} ({code})") for code in COUNTRY_CODES]
        _COUNTRIES[language] = tuple(sorted(listed, key=lambda item: item[1].casefold()))
    return _COUNTRIES[language]


def _label(value: FactValue, path: str) -> str:
    if isinstance(value, bool):
        return script().label("true" if value else "false", path)
    if isinstance(value, tuple):
        return ", ".join(script().label(str(item), path) for item in value)
    return script().label(str(value), path)


# ---------------------------------------------------------------- the pages


def _form_page(
    request: Request,
    raw: Raw,
    *,
    errors: Mapping[str, str] | None = None,
    problems: Sequence[Problem] = (),
    scenario: Scenario | None = None,
    upload_problems: Sequence[Problem] = (),
    uploaded: str = "",
    status: int = 200,
) -> Response:
    lang = request_language(request)
    with using(lang):
        advice = advise(request, scenario) if scenario is not None else None
        built = groups(raw, errors or {}, advice)
        why_prefix = script().say("why", why="").strip()
    token = encode(scenario) if scenario is not None else ""
    return page(
        request,
        "interview.html",
        {
            "groups": built,
            "problems": shown(problems),
            "upload_problems": shown(upload_problems),
            "uploaded": uploaded,
            "token": token,
            "keep": {PARAM: token} if token else {},
            "link": link(request),
            "max_upload": MAX_UPLOAD,
            "why_prefix": why_prefix,
        },
        status=status,
    )


async def show(request: Request) -> Response:
    """The form, empty or filled from the scenario in the address."""
    token = request.query_params.get(PARAM)
    if not token:
        return _form_page(request, {})
    with using(request_language(request)):
        try:
            scenario = decode(token)
        except ScenarioError as exc:
            return _form_page(request, {}, problems=exc.problems, status=422)
    return _form_page(request, raw_of(scenario), scenario=scenario)


async def submit(request: Request) -> Response:
    """The posted answers: the plan, the scenario file, or the form again (with the
    questions that now matter, or with what was wrong beside each answer)."""
    form = await read_form(request)
    await form.close()  # a file posted here is not read
    raw = raw_of_form(form)
    with using(request_language(request)):
        scenario, errors, problems = read_answers(raw)
    if scenario is None:
        return _form_page(request, raw, errors=errors, problems=problems, status=422)
    action = form.get("action")
    if action == "plan":
        target = link(request)("plan", **{PARAM: encode(scenario)})
        return RedirectResponse(target, status_code=303)
    if action == "download":
        return scenario_file(scenario)
    return _form_page(request, raw, scenario=scenario)


async def upload(request: Request) -> Response:
    """A scenario file posted: its answers fill the form, or its problems are shown."""
    form = await read_form(request)
    try:
        return await _read_upload(request, form.get("file"))
    finally:
        await form.close()  # the file's temporary copy


async def _read_upload(request: Request, sent: object) -> Response:
    with using(request_language(request)):
        if not isinstance(sent, UploadFile) or not sent.filename:
            problems = [Problem(_("choose a scenario file to upload"), key="file")]
            return _form_page(request, {}, upload_problems=problems, status=422)
        name = _safe_name(sent.filename)
        data = await sent.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            message = _("the file is larger than {limit} bytes").format(limit=MAX_UPLOAD)
            return _form_page(
                request, {}, upload_problems=[Problem(message, file=name)], status=413
            )
        try:
            scenario = parse_scenario(data, file=name)
        except ScenarioError as exc:
            return _form_page(request, {}, upload_problems=exc.problems, status=422)
    return _form_page(request, raw_of(scenario), scenario=scenario, uploaded=name)


async def download(request: Request) -> Response:
    """The scenario in the address as a YAML file, as ``rightsrules interview`` writes it."""
    with using(request_language(request)):
        try:
            scenario = decode(request.query_params.get(PARAM, ""))
        except ScenarioError as exc:
            return _form_page(request, {}, problems=exc.problems, status=422)
    return scenario_file(scenario)


def scenario_file(scenario: Scenario) -> Response:
    """A scenario as a YAML attachment named after its company."""
    slug = re.sub(r"[^a-z0-9]+", "-", scenario.company.name.lower()).strip("-")[:60]
    headers = {"Content-Disposition": f'attachment; filename="{slug or "scenario"}.yaml"'}
    return Response(dump_scenario(scenario), media_type="application/yaml", headers=headers)


def _safe_name(filename: str) -> str:
    """The uploaded file's own name, for messages (no folder, no odd characters); a name
    ending in ``.json`` is read as JSON."""
    name = PurePath(filename.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]+", "_", name)[:80]
    return cleaned or "upload.yaml"


def routes() -> list[BaseRoute]:
    return [
        Route("/interview", show, methods=["GET"], name="interview"),
        Route("/interview", submit, methods=["POST"], name="interview_post"),
        Route("/interview/upload", upload, methods=["POST"], name="interview_upload"),
        Route("/scenario.yaml", download, methods=["GET"], name="scenario_yaml"),
    ]
