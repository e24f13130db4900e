"""The explanations of one conclusion of the plan: how it was reached (the proof), why it is
not advised, the fewest facts that are enough for it, what a changed answer would change, and
why it rather than another.

Each view is the library's explanation (:mod:`rightsrules.explain`) in the renderer it has:
the Markdown of the proof, of the minimal reasons and of rather-than shown as HTML, why-not
as its text, what-if as a list of what it adds, removes and moves. An explanation that does
not apply (the library's :class:`~rightsrules.ExplanationError`: minimal reasons of a
scenario holding a campaign's history, why-not of a conclusion that is advised) is said as
a note, not an error page. The pages are read-only, so their forms are GET forms.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from markdown_it import MarkdownIt
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...advice import Advice
from ...errors import ExplanationError, ScenarioError, UnknownConclusionError
from ...explain.minimal import sufficient_reasons
from ...explain.what_if import WhatIf, what_if
from ...i18n import N_, Wording, _, using
from ...interview import script
from ...vocabulary import FIELDS
from ..templating import page, request_language
from ._links import link
from ._scenario import PARAM, advise, decode, encode, shown
from .interview import groups, raw_of, raw_of_form, read_answers
from .plan import unreadable

__all__ = ["VIEWS", "routes"]

#: The explanations, by the name of their view, in the order the page offers them.
VIEWS = Wording(
    {
        "how": N_("How it was concluded"),
        "why-not": N_("Why it is not advised"),
        "reasons": N_("The facts that are enough"),
        "what-if": N_("What if an answer changes"),
        "rather": N_("Why this rather than another"),
    }
)

#: Markdown without raw HTML: a value from the scenario is shown, never interpreted.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def _html(markdown: str, *, top: int = 3) -> Markup:
    """A renderer's Markdown as HTML, its headings from ``h{top}`` down (the page has its own
    ``h1`` and ``h2``); raw HTML in it is escaped by the parser."""
    tokens = _MARKDOWN.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + top - 1)}"
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))


@attrs.frozen
class Change:
    """What a changed answer did to one conclusion, for the what-if list."""

    id: str
    title: str
    detail: str = ""


async def explain(request: Request) -> Response:
    """One explanation of one conclusion of the scenario in the address."""
    params = request.query_params
    token = params.get(PARAM, "")
    with using(request_language(request)):
        try:
            scenario = decode(token)
        except ScenarioError as exc:
            return unreadable(request, exc)
        advice = advise(request, scenario)
        cid = params.get("id", "")
        try:
            info = advice.knowledge_base.conclusion(cid)
        except UnknownConclusionError as exc:
            return _page(request, token, None, {"error": str(exc)}, status=404)
        view = params.get("view") or ("how" if cid in advice else "why-not")
        if view not in VIEWS:
            view = "how"
        context: dict[str, Any] = {"cid": cid, "title": info.title, "view": view}
        try:
            context.update(_VIEWS[view](request, advice, cid, token))
        except ExplanationError as exc:
            context["note"] = str(exc)
        except UnknownConclusionError as exc:  # the other conclusion of rather-than
            context.update(note=str(exc), status=422)
        except ScenarioError as exc:  # a scenario that breaks a constraint of the facts
            context.update(problems=shown(exc.problems), status=422)
        status = context.pop("status", 200)
    return _page(request, token, advice, context, status=status)


def _page(
    request: Request,
    token: str,
    advice: Advice | None,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> Response:
    cid = context.get("cid", "")
    to = link(request)
    with using(request_language(request)):
        views = [
            (name, VIEWS[name], to("explain", **{PARAM: token, "id": cid, "view": name}))
            for name in VIEWS
        ]
        label = VIEWS[context["view"]] if context.get("view") in VIEWS else ""
    full = {
        "views": views,
        "link": to,
        "token": token,
        "keep": {key: value for key, value in request.query_params.items() if key != "lang"},
        "advised": advice is not None and cid in advice,
        "note": "",
        "problems": [],
        "error": "",
        "body": "",
        "view": "",
        "title": "",
        "cid": cid,
        "view_label": label,
        "form": None,
        "changes": None,
        **context,
    }
    return page(request, "explain.html", full, status=status)


def _how(request: Request, advice: Advice, cid: str, token: str) -> dict[str, Any]:
    if cid not in advice:
        return {"note": _("This is not advised for your situation, so it has no proof.")}
    return {"body": _html(advice.explain(cid).to_markdown())}


def _why_not(request: Request, advice: Advice, cid: str, token: str) -> dict[str, Any]:
    if cid in advice:
        return {"note": _("This is advised for your situation: see how it was concluded.")}
    return {"text": advice.why_not(cid).to_text()}


def _reasons(request: Request, advice: Advice, cid: str, token: str) -> dict[str, Any]:
    reasons = sufficient_reasons(advice.knowledge_base, advice.scenario, cid)
    return {"body": _html(reasons.to_markdown())}


def _rather(request: Request, advice: Advice, cid: str, token: str) -> dict[str, Any]:
    kb = advice.knowledge_base
    kind = kb.conclusion(cid).kind
    others = [
        (info.id, info.title)
        for info in kb.conclusions.values()
        if info.kind == kind and info.id != cid
    ]
    other = request.query_params.get("other", "")
    found: dict[str, Any] = {"others": others, "other": other}
    if other:
        found["body"] = _html(advice.rather_than(cid, other).to_markdown())
    return found


def _what_if(request: Request, advice: Advice, cid: str, token: str) -> dict[str, Any]:
    params = request.query_params
    path = params.get("path", "")
    choices = [(p, script().question(p)) for p in FIELDS]
    found: dict[str, Any] = {"choices": choices, "path": path}
    if path not in FIELDS:
        return found
    current = raw_of(advice.scenario)
    asked = "answer" in params
    raw = dict(current)
    raw.pop(path, None)
    raw.update({k: v for k, v in raw_of_form(params).items() if k == path})
    if not asked:
        raw = current
    (question,) = [q for group in groups(raw, {}, None) for q in group.questions if q.path == path]
    found["form"] = question = attrs.evolve(question, why="")  # why it is asked: not here
    if not asked:
        return found
    changed, errors, problems = read_answers(raw)
    if changed is None:
        found["form"] = attrs.evolve(question, error=errors.get(path, ""))
        return {**found, "problems": shown(problems), "status": 422}
    result = what_if(advice, {path: changed.get(path)})
    found["changes"] = _changes(result, request, encode(changed))
    return found


def _changes(result: WhatIf, request: Request, token: str) -> dict[str, Any]:
    to = link(request)

    def how(cid: str) -> str:
        return to("explain", **{PARAM: token, "id": cid, "view": "how"})

    added = [Change(cid, result.after[cid].title, how(cid)) for cid in result.added]
    removed = [
        Change(cid, result.before[cid].title, result.reasons_removed[cid].to_text())
        for cid in result.removed
    ]
    moved = [
        Change(
            change.id,
            result.after[change.id].title,
            _("place {before} → {after}").format(before=change.before, after=change.after),
        )
        for change in result.rank_changes
    ]
    return {
        "changed": result.changed,
        "added": added,
        "removed": removed,
        "moved": moved,
        "plan": to("plan", **{PARAM: token}),
        "text": result.to_text(),
    }


_VIEWS: dict[str, Callable[[Request, Advice, str, str], dict[str, Any]]] = {
    "how": _how,
    "why-not": _why_not,
    "reasons": _reasons,
    "what-if": _what_if,
    "rather": _rather,
}


def routes() -> list[BaseRoute]:
    return [Route("/explain", explain, methods=["GET"], name="explain")]
