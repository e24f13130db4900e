"""The engagement plan as a document: Markdown, or one self-contained HTML page.

The HTML page carries its styles and its derivation diagram inline, loads nothing from the
network and runs no script; it reads on a phone and prints cleanly. Every string that came
from the user (company and organisation names, commitments, report topics) is escaped.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess(
...     {"company": {"name": "Example <b>Net</b>", "type": "isp"}},
...     evaluator=ReferenceEvaluator(),
... )
>>> "<b>" in to_report_html(advice)
False
>>> to_report_markdown(advice).splitlines()[0]
'# Engagement plan: Example \\\\<b\\\\>Net\\\\</b\\\\>'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..advice import Advice
from ..escape import html as _e
from ..escape import markdown as md
from ..i18n import N_, Wording, _, current_language, direction, in_language_of
from ..wording import REPORT_SECTIONS as SECTIONS
from ..wording import describe_path, words
from .plan import AssumedFact, OrderNote, Plan, PlanItem, build_plan
from .svg import derivation_svg

if TYPE_CHECKING:
    from .history import EngagementHistory

__all__ = [
    "advice_html",
    "embedded_styles",
    "plan_body_html",
    "plan_css",
    "to_report_html",
    "to_report_markdown",
]

#: What a page embedding the plan adds after each conclusion: HTML it built (escaped), from
#: the conclusion's id (the web app links each one to its explanation).
Link = Callable[[str], str]


#: Words of the plan's layout, said inside its markup.
_SAY = Wording(
    {
        "how_to_find": N_("How to find them"),
        "you_are_here": N_("you are here"),
        "reply_date": N_("Reply date:"),
        "likely": N_("likely; confirm during your research"),
        "assumes": N_("Assumes:"),
        "guide": N_("Guide:"),
        "see": N_("See:"),
        "contents": N_("Contents"),
        "order_set": N_("How this order was set:"),
        "no_team": N_("No team stands out: start from the hints below."),
    }
)


# ---------------------------------------------------------------- Markdown


@in_language_of
def to_report_markdown(advice: Advice, *, history: EngagementHistory | None = None) -> str:
    """The engagement plan as one Markdown document; ``history`` (a campaign journal's
    events for the company) is a section of its own after the summary.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> "## Steps, phase by phase" in to_report_markdown(advice).splitlines()
    True
    """
    plan = build_plan(advice)
    out = [f"# {md(plan.title)}", ""]
    meta = plan.company_type[:1].upper() + plan.company_type[1:]
    if plan.organization:
        meta += _("; prepared for {organization}").format(organization=md(plan.organization))
    versions = _("Rules {version}, engine {engine}.").format(
        version=f"`{plan.rules_version}`", engine=f"`{plan.engine}`"
    )
    out += [f"*{meta}. {versions}*", ""]
    out += [f"## {SECTIONS['summary']}", ""]
    out += [md(line) + "  " for line in plan.summary]
    for item in plan.scope:
        note = _("Note: {title}.").format(title=md(item.title))
        out += ["", f"> **{note}** {md(item.why)}  ", f"> {_md_guide(item)}"]
    if history is not None:
        from .history import history_markdown

        out += history_markdown(history)
    out += _md_first(plan)
    out += _md_grouped(SECTIONS["challenges"], plan.challenges)
    out += _md_grouped(SECTIONS["leverage"], plan.leverage)
    if plan.strategies:
        out += ["", f"## {SECTIONS['strategies']}", ""]
        if plan.strategy_order:
            out += [_("How this order was set:"), ""]
            out += [f"- {_md_order(note)}" for note in plan.strategy_order]
            out.append("")
        for item in plan.strategies:
            out += [*_md_entry(f"{item.rank}.", item), ""]
        out.pop()
    out += ["", f"## {SECTIONS['contacts']}", ""]
    for item in plan.contacts:
        out += _md_entry("-", item)
    if not plan.contacts:
        out.append(_("No team stands out: start from the hints below."))
    out += ["", f"### {_SAY['how_to_find']}", ""]
    out += [f"- {md(hint)}" for hint in plan.finding_contacts]
    out += ["", f"## {SECTIONS['steps']}", ""]
    for number, phase in enumerate(plan.phases, 1):
        here = f" ({_SAY['you_are_here']})" if phase.current else ""
        out += [f"### {number}. {phase.title}{here}", ""]
        for step in phase.steps:
            out.append(f"- [ ] **{md(step.title)}**: {_md_why(step)}  ")
            out.append(f"  {_md_guide(step)}")
            if step.id == "step:set_response_deadline" and plan.deadline_note:
                out.append(f"  *{_SAY['reply_date']}* {md(plan.deadline_note)}")
        out.append("")
    letter = plan.letter
    out += [f"## {letter.title}", "", f"*{md(letter.note)}*", ""]
    out += ["> " + md(line) + "  " if line else ">" for line in letter.text.splitlines()]
    if letter.outline:
        out += ["", f"### {letter.outline_title}", ""]
        out += [f"{i}. {md(point)}" for i, point in enumerate(letter.outline, 1)]
    out += _md_grouped(SECTIONS["precedents"], plan.precedents)
    if plan.resources:
        out += ["", f"## {SECTIONS['resources']}", ""]
        out += [f"- [{md(r.name)}]({r.url}): {md(r.summary)}" for r in plan.resources]
    if plan.assumptions:
        out += ["", f"## {SECTIONS['assumptions']}", ""]
        for fact in plan.assumptions:
            out.append(f"- {_md_assumed(fact)}")
    if plan.questions:
        out += ["", f"## {SECTIONS['questions']}", ""]
        for question in plan.questions:
            answers = f" ({', '.join(question.answers)})" if question.answers else ""
            note = f": {md(question.note)}" if question.note else ""
            out.append(f"- **{md(question.question)}**{md(answers)}{note} `{question.path}`")
    footer = _("Advice derived from the guide; check it against what you know.")
    out += ["", "---", "", f"*{footer}*"]
    return "\n".join(out) + "\n"


def _md_first(plan: Plan) -> list[str]:
    if not plan.first_steps and plan.lead_strategy is None:
        return []
    out = ["", f"## {SECTIONS['first']}", ""]
    for i, step in enumerate(plan.first_steps, 1):
        out.append(f"{i}. **{md(step.title)}**: {md(step.summary)}")
    if plan.lead_strategy is not None:
        if plan.first_steps:
            out.append("")
        lead = _("Lead strategy: {title}.").format(title=f"**{md(plan.lead_strategy.title)}**")
        out.append(f"{lead} {md(plan.lead_strategy.summary)}")
    return out


def _md_why(item: PlanItem) -> str:
    if item.same_as is not None:
        return _("Same reason as {title}.").format(title=f"*{md(item.same_as)}*")
    return md(item.why)


def _md_entry(bullet: str, item: PlanItem) -> list[str]:
    likely = f" *({_SAY['likely']})*" if item.likely else ""
    out = [f"{bullet} **{md(item.title)}**{likely}  ", f"   {_md_why(item)}  "]
    if item.assumptions and not item.likely:
        out.append(f"   *{_SAY['assumes']}* {md(_assumed_words(item))}  ")
    out.append(f"   {_md_guide(item)}")
    return out


def _md_grouped(title: str, items: tuple[PlanItem, ...]) -> list[str]:
    """A list whose items sharing one reason are named together, the reason said once."""
    if not items:
        return []
    out = ["", f"## {title}", ""]
    for group in _groups(items):
        first = group[0]
        names = "; ".join(f"**{md(item.title)}**" for item in group)
        out.append(f"- {names}  ")
        out.append(f"   {_md_why(first)}  ")
        if first.assumptions:
            out.append(f"   *{_SAY['assumes']}* {md(_assumed_words(first))}  ")
        out.append(f"   {_md_guide(*group)}")
    return out


def _groups(items: Iterable[PlanItem]) -> list[list[PlanItem]]:
    """Items grouped by their reason, in the order each reason first appears."""
    groups: dict[str, list[PlanItem]] = {}
    for item in items:
        groups.setdefault(f"{item.why}\0{item.assumptions}", []).append(item)
    return list(groups.values())


def _md_order(note: OrderNote) -> str:
    return f"{md(note.reason)} *({md(note.moved)})*"


def _assumed_words(item: PlanItem) -> str:
    paths = ", ".join(describe_path(path) for path in item.assumptions)
    return _("{paths} (not given)").format(paths=paths)


def _md_assumed(fact: AssumedFact) -> str:
    if fact.value is not None:
        taken = _("Taken as {value}:").format(value=md(words(fact.value)))
        return f"**{md(fact.question)}** {taken} {md(fact.because)}"
    shapes = _("It shapes: {titles}.")
    affects = " " + shapes.format(titles=md(", ".join(fact.affects))) if fact.affects else ""
    return f"**{md(fact.question)}** {md(fact.because)}{affects}"


def _md_guide(*items: PlanItem) -> str:
    sections = {s.id: s for item in items for s in item.sections}
    shown = "; ".join(f"{md(s.heading)} ({s.id})" for s in sections.values())
    ids = ", ".join(f"`{item.id}`" for item in items)
    return f"*{_SAY['guide']}* {shown} · {ids}"


# ---------------------------------------------------------------- HTML

_CSS = """
:root { --ink: #111827; --muted: #4b5563; --line: #e5e7eb; --accent: #047857; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #f9fafb;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; background: #fff; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta, .guide, .reasons, .assumes, .matters, .deadline { color: var(--muted); font-size: .88rem; }
.likely, .here { font-size: .8rem; font-weight: 600; color: #92400e; background: #fff7ed;
  border: 1px solid #fed7aa; border-radius: 4px; padding: 0 .35rem; white-space: nowrap; }
ol.first li { margin: 0 0 .5rem; }
.meta { margin: 0 0 1rem; }
nav.toc { font-size: .9rem; margin: 0 0 1rem; }
nav.toc ol { columns: 2; margin: 0; padding-left: 1.2rem; }
ol.items, ul.items { padding-left: 1.3rem; }
.items li { margin: 0 0 .9rem; }
.item-title { font-weight: 600; }
code, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .82em; color: var(--muted); overflow-wrap: anywhere; }
.k-challenge { border-left: 4px solid #b91c1c; padding-left: .6rem; }
.k-leverage { border-left: 4px solid #7c3aed; padding-left: .6rem; }
.k-strategy { border-left: 4px solid #047857; padding-left: .6rem; }
.k-contact { border-left: 4px solid #0e7490; padding-left: .6rem; }
.k-step { border-left: 4px solid #1d4ed8; padding-left: .6rem; }
.k-precedent { border-left: 4px solid #92400e; padding-left: .6rem; }
.note { background: #fff7ed; border: 1px solid #fed7aa; border-radius: 6px; padding: .6rem .8rem; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: 0 0 .8rem; padding-left: 1.9rem; position: relative; }
ul.checklist input { position: absolute; left: .2rem; top: .3rem; width: 1.1rem; height: 1.1rem; }
blockquote.message { white-space: pre-wrap; margin: 0; padding: .9rem 1rem; background: #f3f4f6;
  border-left: 4px solid var(--accent); border-radius: 4px; }
.figure { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: .4rem; }
.figure svg { display: block; }
a { color: #1d4ed8; overflow-wrap: anywhere; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 1rem .8rem 2rem; }
  h1 { font-size: 1.35rem; }
  nav.toc ol { columns: 1; }
}
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; }
  .items li, ul.checklist li, blockquote.message { break-inside: avoid; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .8em; color: var(--muted); }
  #why { break-before: page; }
  .figure { overflow: visible; border: 0; }
  .figure svg { max-width: 100%; height: auto; }
}
"""


def _link(url: str, name: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(name)}</a>'
    return _e(name)


def _ltr() -> str:
    """The attribute that keeps an id, path or version left to right inside a right-to-left
    page (nothing in a left-to-right one)."""
    return ' dir="ltr"' if direction(current_language()) == "rtl" else ""


def _isolated(text: str, *, ltr: bool = False) -> str:
    """Text escaped and, in a right-to-left page, isolated from the words around it (a
    user's name in its own direction; a version or an id, ``ltr``, left to right)."""
    if direction(current_language()) != "rtl":
        return _e(text)
    attribute = ' dir="ltr"' if ltr else ""
    return f"<bdi{attribute}>{_e(text)}</bdi>"


def _code(text: str) -> str:
    return f"<code{_ltr()}>{_e(text)}</code>"


def _html_guide(*items: PlanItem) -> str:
    sections = {s.id: s for item in items for s in item.sections}
    parts = [
        f'<span title="{_e(s.summary)}">{_e(s.heading)} {_code(s.id)}</span>'
        for s in sections.values()
    ]
    ids = " ".join(f'<span class="id"{_ltr()}>{_e(item.id)}</span>' for item in items)
    return f'<div class="guide">{_e(_SAY["guide"])} {"; ".join(parts)} · {ids}</div>'


def _html_why(item: PlanItem) -> str:
    if item.same_as is not None:
        same = _e(_("Same reason as {title}.")).format(title=f"<em>{_e(item.same_as)}</em>")
        return f"<div>{same}</div>"
    return f"<div>{_e(item.why)}</div>"


def _html_assumes(item: PlanItem) -> str:
    if not item.assumptions or item.likely:
        return ""
    return f'<div class="assumes">{_e(_SAY["assumes"])} {_e(_assumed_words(item))}</div>'


def _html_matters(item: PlanItem) -> str:
    if not item.matters:
        return ""
    note = _("the fewest of your facts that are enough for it, whatever the rest turns out to be")
    label = _("Facts that matter:")
    return f'<div class="matters" title="{_e(note)}">{_e(label)} {_e(item.matters)}</div>'


def _html_item(item: PlanItem, link: Link | None = None) -> str:
    likely = f' <span class="likely">{_e(_SAY["likely"])}</span>'
    out = [
        f'<li class="k-{_e(item.kind)}" id="{_e(item.id.replace(":", "-"))}">',
        f'<span class="item-title">{_e(item.title)}</span>{likely if item.likely else ""}',
        _html_why(item),
        _html_assumes(item),
        _html_matters(item),
    ]
    if item.resources:
        links = ", ".join(_link(r.url, r.name) for r in item.resources)
        out.append(f'<div class="guide">{_e(_SAY["see"])} {links}</div>')
    out.append(_html_guide(item))
    out.append(_links(link, item))
    out.append("</li>")
    return "".join(out)


def _links(link: Link | None, *items: PlanItem) -> str:
    return "" if link is None else "".join(link(item.id) for item in items)


def _html_list(items: Iterable[PlanItem], *, ranked: bool, link: Link | None = None) -> str:
    tag = "ol" if ranked else "ul"
    body = "\n".join(_html_item(item, link) for item in items)
    return f'<{tag} class="items">\n{body}\n</{tag}>'


def _html_grouped(items: Iterable[PlanItem], link: Link | None = None) -> str:
    """Items sharing one reason named together, the reason said once."""
    out = []
    for group in _groups(items):
        first = group[0]
        anchors = "".join(
            f'<span id="{_e(item.id.replace(":", "-"))}"></span>' for item in group[1:]
        )
        names = "; ".join(f'<span class="item-title">{_e(item.title)}</span>' for item in group)
        out.append(
            f'<li class="k-{_e(first.kind)}" id="{_e(first.id.replace(":", "-"))}">{anchors}'
            f"{names}{_html_why(first)}{_html_assumes(first)}{_html_guide(*group)}"
            f"{_links(link, *group)}</li>"
        )
    return '<ul class="items">\n' + "\n".join(out) + "\n</ul>"


def _html_order(note: OrderNote) -> str:
    return f'<li>{_e(note.reason)} <span class="reasons">({_e(note.moved)})</span></li>'


def _html_assumed(fact: AssumedFact) -> str:
    if fact.value is not None:
        taken = _e(_("Taken as {value}:")).format(value=_e(words(fact.value)))
        return (
            f"<li><strong>{_e(fact.question)}</strong> {taken} "
            f"{_e(fact.because)} {_code(fact.path)}</li>"
        )
    shapes = _e(_("It shapes: {titles}."))
    affects = " " + shapes.format(titles=_e(", ".join(fact.affects))) if fact.affects else ""
    return (
        f"<li><strong>{_e(fact.question)}</strong> {_e(fact.because)}{affects} "
        f"{_code(fact.path)}</li>"
    )


def _body(
    plan: Plan,
    advice: Advice,
    *,
    top: int = 1,
    diagram: bool = True,
    history: EngagementHistory | None = None,
    link: Link | None = None,
) -> str:
    h1, h2, h3 = (f"h{top}", f"h{top + 1}", f"h{top + 2}")
    out = [f"<header><{h1}>{_e(plan.title)}</{h1}>"]
    meta = _e(plan.company_type[:1].upper() + plan.company_type[1:])
    if plan.organization:
        prepared = _e(_("prepared for {organization}"))
        meta += " · " + prepared.format(organization=_isolated(plan.organization))
    versions = (
        _e(_("rules {version}")).format(version=_isolated(plan.rules_version, ltr=True)),
        _e(_("engine {engine}")).format(engine=_isolated(plan.engine, ltr=True)),
    )
    meta += "".join(f" · {part}" for part in versions)
    out.append(f'<p class="meta">{meta}</p></header>')
    present = {
        "summary": True,
        "first": bool(plan.first_steps) or plan.lead_strategy is not None,
        "challenges": bool(plan.challenges),
        "leverage": bool(plan.leverage),
        "strategies": bool(plan.strategies),
        "contacts": True,
        "steps": bool(plan.phases),
        "letter": True,
        "precedents": bool(plan.precedents),
        "resources": bool(plan.resources),
        "assumptions": bool(plan.assumptions),
        "questions": bool(plan.questions),
        "why": diagram and bool(advice.conclusions or advice.assumptions),
    }
    titles = {**SECTIONS, "letter": plan.letter.title}
    order = list(SECTIONS)
    if history is not None:
        from .history import TITLE, history_html

        present["history"], titles["history"] = True, _(TITLE)
        order.insert(order.index("summary") + 1, "history")
    toc = "".join(
        f'<li><a href="#{key}">{_e(titles[key])}</a></li>' for key in order if present[key]
    )
    out.append(f'<nav class="toc" aria-label="{_e(_SAY["contents"])}"><ol>{toc}</ol></nav>')
    out.append(f'<section id="summary"><{h2}>{_e(SECTIONS["summary"])}</{h2}>')
    out.append("<p>" + " ".join(_e(line) for line in plan.summary) + "</p>")
    for item in plan.scope:
        out.append(
            f'<div class="note"><strong>{_e(item.title)}.</strong> {_e(item.why)}'
            f"{_html_guide(item)}{_links(link, item)}</div>"
        )
    out.append("</section>")
    if history is not None:
        out.append(history_html(history, h2, h3))
    if present["first"]:
        out.append(f'<section id="first"><{h2}>{_e(SECTIONS["first"])}</{h2}><ol class="first">')
        out += [
            f'<li><a href="#{_e(step.id.replace(":", "-"))}" class="item-title">'
            f"{_e(step.title)}</a>: {_e(step.summary)}</li>"
            for step in plan.first_steps
        ]
        out.append("</ol>")
        if plan.lead_strategy is not None:
            lead = plan.lead_strategy
            anchor = (
                f'<a href="#{_e(lead.id.replace(":", "-"))}" '
                f'class="item-title">{_e(lead.title)}</a>'
            )
            lead_line = _e(_("Lead strategy: {title}.")).format(title=anchor)
            out.append(f"<p>{lead_line} {_e(lead.summary)}</p>")
        out.append("</section>")
    for key, items in (("challenges", plan.challenges), ("leverage", plan.leverage)):
        if items:
            out.append(f'<section id="{key}"><{h2}>{_e(titles[key])}</{h2}>')
            out.append(_html_grouped(items, link))
            out.append("</section>")
    if plan.strategies:
        out.append(f'<section id="strategies"><{h2}>{_e(SECTIONS["strategies"])}</{h2}>')
        if plan.strategy_order:
            out.append(f'<p class="meta">{_e(_SAY["order_set"])}</p><ul class="order">')
            out += [_html_order(note) for note in plan.strategy_order]
            out.append("</ul>")
        out.append(_html_list(plan.strategies, ranked=True, link=link))
        out.append("</section>")
    out.append(f'<section id="contacts"><{h2}>{_e(SECTIONS["contacts"])}</{h2}>')
    if plan.contacts:
        out.append(_html_list(plan.contacts, ranked=False, link=link))
    else:
        out.append(f"<p>{_e(_SAY['no_team'])}</p>")
    out.append(f"<{h3}>{_e(_SAY['how_to_find'])}</{h3}><ul>")
    out += [f"<li>{_e(hint)}</li>" for hint in plan.finding_contacts]
    out.append("</ul></section>")
    if plan.phases:
        out.append(f'<section id="steps"><{h2}>{_e(SECTIONS["steps"])}</{h2}>')
        for number, phase in enumerate(plan.phases, 1):
            here = f' <span class="here">{_e(_SAY["you_are_here"])}</span>' if phase.current else ""
            out.append(f"<{h3}>{number}. {_e(phase.title)}{here}</{h3}>")
            out.append('<ul class="checklist">')
            for step in phase.steps:
                out.append(
                    f'<li class="k-step" id="{_e(step.id.replace(":", "-"))}"><label>'
                    f'<input type="checkbox"> <span class="item-title">{_e(step.title)}</span>'
                    f"</label>{_html_why(step)}{_html_assumes(step)}"
                )
                if step.id == "step:set_response_deadline" and plan.deadline_note:
                    note = _e(plan.deadline_note)
                    out.append(f'<div class="deadline">{_e(_SAY["reply_date"])} {note}</div>')
                if step.resources:
                    links = ", ".join(_link(r.url, r.name) for r in step.resources)
                    out.append(f'<div class="guide">{_e(_SAY["see"])} {links}</div>')
                out.append(f"{_html_guide(step)}{_links(link, step)}</li>")
            out.append("</ul>")
        out.append("</section>")
    letter = plan.letter
    out.append(f'<section id="letter"><{h2}>{_e(letter.title)}</{h2}>')
    out.append(f'<p class="meta">{_e(letter.note)}</p>')
    out.append(f'<blockquote class="message">{_e(letter.text)}</blockquote>')
    if letter.outline:
        out.append(f"<{h3}>{_e(letter.outline_title)}</{h3}><ol>")
        out += [f"<li>{_e(point)}</li>" for point in letter.outline]
        out.append("</ol>")
    out.append("</section>")
    if plan.precedents:
        out.append(f'<section id="precedents"><{h2}>{_e(SECTIONS["precedents"])}</{h2}>')
        out.append(_html_grouped(plan.precedents, link))
        out.append("</section>")
    if plan.resources:
        out.append(
            f'<section id="resources"><{h2}>{_e(SECTIONS["resources"])}</{h2}><ul class="items">'
        )
        out += [f"<li>{_link(r.url, r.name)}: {_e(r.summary)}</li>" for r in plan.resources]
        out.append("</ul></section>")
    if plan.assumptions:
        heading = _e(SECTIONS["assumptions"])
        out.append(f'<section id="assumptions"><{h2}>{heading}</{h2}><ul class="items">')
        out += [_html_assumed(fact) for fact in plan.assumptions]
        out.append("</ul></section>")
    if plan.questions:
        out.append(
            f'<section id="questions"><{h2}>{_e(SECTIONS["questions"])}</{h2}><ul class="items">'
        )
        for q in plan.questions:
            answers = f" ({_e(', '.join(q.answers))})" if q.answers else ""
            note = f' <span class="guide">{_e(q.note)}</span>' if q.note else ""
            out.append(f"<li><strong>{_e(q.question)}</strong>{answers}{note} {_code(q.path)}</li>")
        out.append("</ul></section>")
    if present["why"]:
        out.append(f'<section id="why"><{h2}>{_e(SECTIONS["why"])}</{h2}>')
        legend = _(
            "Facts on the left, the rules that fired in the middle, the conclusions on the "
            "right. Dashed boxes are defaults, not facts you gave."
        )
        out.append(f'<p class="meta">{_e(legend)}</p>')
        out.append(f'<div class="figure"{_ltr()}>{derivation_svg(advice)}</div></section>')
    footer = _(
        "Derived from the guide “Engaging Tech Companies on Human Rights” by rightsrules; "
        "each item names the guide sections it rests on. Check it against what you know "
        "before acting."
    )
    out.append(f"<footer>{_e(footer)}</footer>")
    return "\n".join(out)


@in_language_of
def to_report_html(advice: Advice, *, history: EngagementHistory | None = None) -> str:
    """The engagement plan as one self-contained HTML page (no script, no network), with
    the ``history`` section after the summary when given.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> page = to_report_html(advice)
    >>> page.startswith("<!DOCTYPE html>") and "<script" not in page
    True
    """
    plan = build_plan(advice)
    language = current_language()
    dir_ = ' dir="rtl"' if direction(language) == "rtl" else ""
    css = _CSS if language == "en" else _logical(_CSS)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"{dir_}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(plan.title)}</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n"
        f"{_body(plan, advice, history=history)}\n</main>\n</body>\n</html>\n"
    )


@in_language_of
def plan_body_html(advice: Advice, *, link: Link | None = None) -> str:
    """What :func:`to_report_html` puts inside ``<main>``, for a page of one's own (the web
    app's), styled by :func:`plan_css`; each conclusion followed by ``link(its id)``.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> body = plan_body_html(advice, link=lambda cid: f'<a href="/why/{cid}">why</a>')
    >>> '<a href="/why/step:research_company">why</a>' in body
    True
    """
    return _body(build_plan(advice), advice, link=link)


def plan_css() -> str:
    """The plan's style sheet, laid out by the writing direction (for any language).

    >>> "border-inline-start" in plan_css() and "border-left" not in plan_css()
    True
    """
    return _logical(_CSS)


@in_language_of
def advice_html(advice: Advice, *, diagram: bool = False) -> str:
    """The plan as an HTML fragment (for Jupyter): no page wrapper, styles scoped to it.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> advice_html(advice).startswith('<div class="rr-plan">')
    True
    """
    plan = build_plan(advice)
    language = current_language()
    if language == "en":
        opening = '<div class="rr-plan">'
        css = _FRAGMENT_CSS
    else:
        opening = f'<div class="rr-plan" lang="{language}" dir="{direction(language)}">'
        css = _logical(_FRAGMENT_CSS)
    return f"{opening}<style>{css}</style>{_body(plan, advice, top=2, diagram=diagram)}</div>"


_FRAGMENT_CSS = """
.rr-plan { max-width: 52rem; }
.rr-plan .meta, .rr-plan .guide, .rr-plan .reasons, .rr-plan .assumes { opacity: .75;
  font-size: .9em; }
.rr-plan .item-title { font-weight: 600; }
.rr-plan .id { font-family: monospace; font-size: .85em; opacity: .7; }
.rr-plan ul.checklist { list-style: none; padding-left: .2rem; }
.rr-plan blockquote.message { white-space: pre-wrap; border-left: 4px solid #047857;
  padding: .5rem .8rem; }
.rr-plan .figure { overflow-x: auto; }
.rr-plan .likely, .rr-plan .here { font-size: .8em; font-weight: 600; opacity: .8; }
"""


def embedded_styles() -> tuple[str, ...]:
    """The text of every ``<style>`` element the HTML plans embed (the page, the fragment; each
    with physical and logical properties): what a Content-Security-Policy must allow, by hash,
    to show these plans (the web app does).

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> page = to_report_html(assess({"company": {"name": "N", "type": "isp"}},
    ...                               evaluator=ReferenceEvaluator()))
    >>> page.split("<style>")[1].split("</style>")[0] in embedded_styles()
    True
    """
    return (_CSS, _logical(_CSS), _FRAGMENT_CSS, _logical(_FRAGMENT_CSS))


#: Physical CSS properties and their logical forms, which follow the writing direction: a page
#: in a language other than English is laid out with these (mirrored right to left in Arabic).
_LOGICAL = (
    ("border-left:", "border-inline-start:"),
    ("padding-left:", "padding-inline-start:"),
    ("margin-left:", "margin-inline-start:"),
    ("padding-right:", "padding-inline-end:"),
    ("margin-right:", "margin-inline-end:"),
    (" left: ", " inset-inline-start: "),
)


def _logical(css: str) -> str:
    """The style sheet with its physical left and right turned into logical properties.

    >>> _logical(".k { border-left: 4px solid; padding-left: .6rem; }")
    '.k { border-inline-start: 4px solid; padding-inline-start: .6rem; }'
    """
    for physical, logical in _LOGICAL:
        css = css.replace(physical, logical)
    return css
