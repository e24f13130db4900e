"""The JSON API under ``/api/``: the command line's JSON answers, over HTTP.

Each ``POST`` takes a scenario as its JSON body and answers with exactly the bytes the
command of the same name writes with ``--format json`` (``docs/web-api.md``):

=========================  =================================================================
``POST /api/advise``       ``rightsrules advise SCENARIO --format json``
``POST /api/explain``      ``explain SCENARIO ID`` (``conclusion``; ``detail``, ``reasons``,
                           ``rather_than`` as ``--detail``, ``--reasons``, ``--rather-than``)
``POST /api/why-not``      ``why-not SCENARIO ID`` (``conclusion``)
``POST /api/what-if``      ``what-if SCENARIO --set PATH=VALUE ...`` (``set``) or ``--flip ID``
                           (``flip``)
``POST /api/questions``    ``questions SCENARIO``
``GET /api/schema/NAME``   ``rightsrules schema NAME`` (``scenario``, ``rule``, ...)
``GET /api/vocabulary``    ``rightsrules rules --vocabulary --format json``
``GET /api/sections``      ``rightsrules rules --sections --format json``
=========================  =================================================================

The options (and ``lang``, as ``--lang``; English by default) come either from the query
string (``/api/explain?conclusion=leverage:investors``) with the scenario as the whole body,
or from the body itself, beside the scenario: ``{"scenario": {...}, "conclusion": "..."}``.
The rules are the server's (``rightsrules serve --rules``); a request cannot name files.

A scenario or an option that cannot be used is answered with 422 and the command line's
located messages, ``{"errors": [{"path": "company.type", "line": 3, "message": "..."}]}`` (the
line is the body's); a body that is not JSON with 415; a body over the limit with 413.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .._yaml import Document, load_document
from ..errors import InputError, Problem, RightsRulesError, ScenarioError
from ..i18n import LANGUAGES, _, using
from ..knowledge import KnowledgeBase, did_you_mean, load_knowledge_base
from ..scenario import FactValue, Scenario, parse_scenario_document, parse_value
from .config import WebConfig

__all__ = ["MEDIA_TYPE", "errors_json", "errors_response", "routes"]

MEDIA_TYPE = "application/json"
#: The name a request's body has in messages (``.json``: read as strict JSON).
BODY = "request.json"


@attrs.frozen
class _Option:
    """An option of an endpoint: its name, its kind (``text``, ``flag``, ``texts`` or
    ``changes``), the values it allows, and whether it must be given."""

    name: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False


_LANG = _Option("lang", choices=LANGUAGES)


@attrs.frozen
class _Call:
    """One request, read: its scenario, options and language."""

    scenario: Scenario
    options: Mapping[str, Any]
    lang: str


def errors_json(problems: Sequence[Problem]) -> dict[str, list[dict[str, Any]]]:
    """The body of a 422: each problem with its path, line and message.

    >>> errors_json([Problem("unknown key", file="request.json", line=3, key="company.nme")])
    {'errors': [{'path': 'company.nme', 'line': 3, 'message': 'unknown key'}]}
    """
    return {"errors": [{"path": p.key, "line": p.line, "message": p.message} for p in problems]}


def errors_response(error: RightsRulesError, status: int = 422) -> JSONResponse:
    """A library error as the API's answer: an input's located problems, or its one message."""
    problems = error.problems if isinstance(error, InputError) else (Problem(str(error)),)
    return JSONResponse(errors_json(problems), status_code=status)


def _problem(option: str, message: str) -> ScenarioError:
    return ScenarioError([Problem(message, key=option)])


def _read(body: bytes, query: Mapping[str, Any], options: Sequence[_Option]) -> _Call:
    """The request's scenario and options, checked, every problem found reported at once, in
    the request's language (a body that does not parse: in the query's, else English)."""
    with using(_language(query)):
        document = load_document(body, file=BODY, error=ScenarioError)
    data = document.data
    in_body = isinstance(data, dict) and "scenario" in data
    given = {k: v for k, v in data.items() if k != "scenario"} if in_body else query
    with using(_language(given)):
        problems: list[Problem] = []
        if in_body and query:
            message = _("give the options in the query or in the body, not both")
            problems.append(Problem(message, key=next(iter(query))))
        try:
            values = _options(given, options, document if in_body else None)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            values = {}
        if in_body:
            lines = {
                path[1:]: line for path, line in document.lines.items() if path[:1] == ("scenario",)
            }
            document = Document(data["scenario"], BODY, lines or {(): 1})
        try:
            scenario = parse_scenario_document(document)
        except ScenarioError as exc:
            problems.extend(exc.problems)
        if problems:
            raise ScenarioError(problems)
    return _Call(scenario, values, _language(given))


def _language(given: Mapping[str, Any]) -> str:
    """The language a request asks for, when it is one rightsrules speaks; else English."""
    lang = given.get("lang")
    return lang if isinstance(lang, str) and lang in LANGUAGES else "en"


def _is_json(request: Request) -> bool:
    kind = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    return kind == MEDIA_TYPE or (kind.startswith("application/") and kind.endswith("+json"))


def _query(request: Request, options: Sequence[_Option]) -> dict[str, Any]:
    kinds = {option.name: option.kind for option in options}
    given: dict[str, Any] = {}
    for name in request.query_params:
        values = request.query_params.getlist(name)
        given[name] = values if kinds.get(name) in ("texts", "changes") else values[-1]
    return given


def _options(
    given: Mapping[str, Any], options: Sequence[_Option], document: Document | None
) -> dict[str, Any]:
    """The options' values, every bad one reported at once (with its line when in the body)."""
    known = {option.name: option for option in (*options, _LANG)}
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def refuse(name: str, message: str) -> None:
        line = document.line_of((name,)) if document is not None else None
        problems.append(Problem(message, key=name, line=line))

    for name, value in given.items():
        option = known.get(name)
        if option is None:
            if name == "rules":
                refuse(name, _("the API uses the rules the server was started with"))
            else:
                refuse(name, _("unknown option") + did_you_mean(name, known))
            continue
        try:
            values[name] = _value(option, value)
        except ValueError as exc:
            refuse(name, str(exc))
    for option in options:
        if option.required and option.name not in given:
            refuse(option.name, _("this option is required"))
    if problems:
        raise ScenarioError(problems)
    return values


def _value(option: _Option, value: Any) -> Any:
    if option.kind == "flag":
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise ValueError(_("expected true or false"))
    if option.kind == "texts":
        items = [value] if isinstance(value, str) else value
        if not (isinstance(items, list) and all(isinstance(item, str) for item in items)):
            raise ValueError(_("expected a list of PATH=VALUE texts"))
        return items
    if option.kind == "changes":
        if isinstance(value, list | str):
            return _value(attrs.evolve(option, kind="texts"), value)
        if not isinstance(value, dict):
            raise ValueError(_("expected a mapping of paths to values"))
        return [f"{path}={_as_text(item)}" for path, item in value.items()]
    if not isinstance(value, str) or not value:
        raise ValueError(_("expected a text"))
    if option.choices and value not in option.choices:
        raise ValueError(_("expected one of: {choices}").format(choices=", ".join(option.choices)))
    return value


def _as_text(value: Any) -> str:
    """A JSON value as the command line's ``--set`` would write it."""
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_as_text(item) for item in value)
    return str(value)


def _changes(items: Sequence[str]) -> dict[str, FactValue | None]:
    """``PATH=VALUE`` texts as changes, read as ``what-if --set`` reads them."""
    changes: dict[str, FactValue | None] = {}
    problems: list[Problem] = []
    for item in items:
        path, sep, text = item.partition("=")
        if not sep or not path.strip():
            problems.append(
                Problem(_("expected PATH=VALUE, not {item!r}").format(item=item), key="set")
            )
            continue
        try:
            changes[path.strip()] = parse_value(path.strip(), text)
        except ScenarioError as exc:
            problems.extend(Problem(p.message, key=path.strip()) for p in exc.problems)
    if problems:
        raise ScenarioError(problems)
    return changes


Answer = Callable[[KnowledgeBase, _Call], str]


def _endpoint(answer: Answer, *options: _Option) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        if not _is_json(request):
            from .security import error_response

            return error_response(request, 415)
        config: WebConfig = request.app.state.config
        body = await request.body()
        query = _query(request, options)
        try:
            text = await run_in_threadpool(_run, answer, config, body, query, options)
        except RightsRulesError as exc:
            return errors_response(exc)
        return Response(text.encode(), media_type=MEDIA_TYPE)

    return endpoint


def _run(
    answer: Answer,
    config: WebConfig,
    body: bytes,
    query: Mapping[str, Any],
    options: Sequence[_Option],
) -> str:
    """The answer's text, ending in a newline as the command line writes it (in a worker
    thread: reading the body and reasoning hold the processor)."""
    call = _read(body, query, options)
    with using(call.lang):
        text = answer(load_knowledge_base(list(config.rules)), call)
    return text if text.endswith("\n") else text + "\n"


def _advise(kb: KnowledgeBase, call: _Call) -> str:
    from ..api import assess

    return assess(call.scenario, kb).to_json()


def _explain(kb: KnowledgeBase, call: _Call) -> str:
    from ..api import assess

    conclusion: str = call.options["conclusion"]
    reasons, rather = call.options.get("reasons", False), call.options.get("rather_than")
    if reasons and rather is not None:
        raise _problem("reasons", _("reasons and rather_than do not go together: choose one"))
    if reasons:
        from ..explain.minimal import sufficient_reasons

        return sufficient_reasons(kb, call.scenario, conclusion).render("json")
    advice = assess(call.scenario, kb)
    if rather is not None:
        from ..explain.rather_than import rather_than

        return rather_than(advice, conclusion, rather).render("json")
    return advice.explain(conclusion, detail=call.options.get("detail", "full")).render("json")


def _why_not(kb: KnowledgeBase, call: _Call) -> str:
    from ..api import assess

    return assess(call.scenario, kb).why_not(call.options["conclusion"]).render("json")


def _what_if(kb: KnowledgeBase, call: _Call) -> str:
    from ..api import assess

    flip, items = call.options.get("flip"), call.options.get("set", [])
    if flip is not None:
        if items:
            raise _problem("flip", _("flip and set ask different questions: give one of them"))
        from ..explain.minimal import minimal_changes

        return minimal_changes(kb, call.scenario, flip).render("json")
    if not items:
        raise _problem("set", _("give at least one change in set, as PATH=VALUE"))
    changes = _changes(items)
    from ..explain.what_if import what_if

    return what_if(assess(call.scenario, kb), changes).render("json")


def _questions(kb: KnowledgeBase, call: _Call) -> str:
    from ..api import assess
    from ..explain.questions import questions_json

    return questions_json(assess(call.scenario, kb).questions(why=True))


async def schema(request: Request) -> Response:
    """``GET /api/schema/NAME``: the JSON Schema ``rightsrules schema NAME`` prints."""
    from ..schemas import SCHEMAS, schema_text

    name = request.path_params["name"]
    if name not in SCHEMAS:
        from .security import error_response

        return error_response(request, 404)
    text = schema_text(name)
    return Response((text if text.endswith("\n") else text + "\n").encode(), media_type=MEDIA_TYPE)


async def catalogue(request: Request) -> Response:
    """``GET /api/vocabulary`` and ``GET /api/sections`` (``?lang=``): what ``rightsrules
    rules --vocabulary`` (or ``--sections``) ``--format json`` prints."""
    from .. import authoring

    config: WebConfig = request.app.state.config
    name = request.url.path.rpartition("/")[2]
    lang = request.query_params.get("lang", "en")
    unknown = [key for key in request.query_params if key != "lang"]
    try:
        if unknown:
            raise _problem(unknown[0], _("unknown option") + did_you_mean(unknown[0], ["lang"]))
        if lang not in LANGUAGES:
            raise _problem(
                "lang", _("expected one of: {choices}").format(choices=", ".join(LANGUAGES))
            )

        def data() -> str:
            with using(lang):
                kb = load_knowledge_base(list(config.rules))
                found = getattr(authoring, f"{name}_data")(kb)
                return json.dumps(found, indent=2, ensure_ascii=False) + "\n"

        text = await run_in_threadpool(data)
    except RightsRulesError as exc:
        return errors_response(exc)
    return Response(text.encode(), media_type=MEDIA_TYPE)


_CONCLUSION = _Option("conclusion", required=True)


def routes() -> list[BaseRoute]:
    post = ["POST"]
    return [
        Route("/api/advise", _endpoint(_advise), methods=post, name="api_advise"),
        Route(
            "/api/explain",
            _endpoint(
                _explain,
                _CONCLUSION,
                _Option("detail", choices=("full", "direct")),
                _Option("reasons", kind="flag"),
                _Option("rather_than"),
            ),
            methods=post,
            name="api_explain",
        ),
        Route("/api/why-not", _endpoint(_why_not, _CONCLUSION), methods=post, name="api_why_not"),
        Route(
            "/api/what-if",
            _endpoint(_what_if, _Option("set", kind="changes"), _Option("flip")),
            methods=post,
            name="api_what_if",
        ),
        Route("/api/questions", _endpoint(_questions), methods=post, name="api_questions"),
        Route("/api/schema/{name}", schema, methods=["GET"], name="api_schema"),
        Route("/api/vocabulary", catalogue, methods=["GET"], name="api_vocabulary"),
        Route("/api/sections", catalogue, methods=["GET"], name="api_sections"),
    ]
