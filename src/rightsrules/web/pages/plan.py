"""The engagement plan of the scenario in the address: the plan ``report --format html``
writes (the same renderer), inside the app's page, each conclusion linked to its
explanation; and the same plan as one file to keep.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from ...advice import Advice
from ...errors import ScenarioError
from ...i18n import _, using
from ...render.report import plan_body_html, plan_css, to_report_html
from ..templating import page, request_language
from ._links import link
from ._scenario import PARAM, advise, decode, shown

__all__ = ["routes", "unreadable"]


def unreadable(request: Request, error: ScenarioError) -> Response:
    """The page for an address whose scenario cannot be read or is not valid."""
    return page(
        request,
        "unreadable.html",
        {"problems": shown(error.problems), "link": link(request), "keep": {}},
        status=422,
    )


def _explain_links(request: Request, advice: Advice, token: str) -> Callable[[str], str]:
    """Each conclusion's link to its explanation, named by its title (several conclusions
    that share one reason are one item of the plan)."""
    to = link(request)

    def explain(cid: str) -> str:
        href = to("explain", **{PARAM: token, "id": cid})
        words = _("Explain: {title}").format(title=advice[cid].title)
        return str(Markup('<p class="explain"><a href="{}">{}</a></p>').format(href, words))

    return explain


async def plan(request: Request) -> Response:
    """The plan, in the page's language."""
    token = request.query_params.get(PARAM, "")
    with using(request_language(request)):
        try:
            scenario = decode(token)
        except ScenarioError as exc:
            return unreadable(request, exc)
        advice: Advice = advise(request, scenario)
        links = _explain_links(request, advice, token)
        body = Markup(plan_body_html(advice, link=links))  # the renderer escapes every value
        kb = advice.knowledge_base
        others = [
            (info.id, info.title) for info in kb.conclusions.values() if info.id not in advice
        ]
    context = {
        "body": body,
        "token": token,
        "link": link(request),
        "keep": {PARAM: token},
        "not_advised": others,
    }
    return page(request, "plan.html", context)


async def plan_file(request: Request) -> Response:
    """The plan as one self-contained HTML file, as ``report --format html`` writes it."""
    with using(request_language(request)):
        try:
            scenario = decode(request.query_params.get(PARAM, ""))
        except ScenarioError as exc:
            return unreadable(request, exc)
        html = to_report_html(advise(request, scenario))
    headers = {"Content-Disposition": 'attachment; filename="plan.html"'}
    return Response(html, media_type="text/html", headers=headers)


async def style(request: Request) -> Response:
    """The plan's style sheet (the renderer's own, served as a file: the pages hold no
    inline style)."""
    return Response(plan_css(), media_type="text/css")


def routes() -> list[BaseRoute]:
    return [
        Route("/plan", plan, methods=["GET"], name="plan"),
        Route("/plan.html", plan_file, methods=["GET"], name="plan_file"),
        Route("/plan.css", style, methods=["GET"], name="plan_css"),
    ]
