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

import re
from collections.abc import Iterable
from html import escape

from ..advice import Advice
from ..io.sanitise import sanitise
from .plan import Plan, PlanItem, build_plan
from .svg import derivation_svg

__all__ = ["advice_html", "to_report_html", "to_report_markdown"]

_SECTIONS: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("challenges", "The company's challenges"),
    ("leverage", "Leverage"),
    ("strategies", "Strategies, ranked"),
    ("contacts", "Whom to contact"),
    ("checklist", "Preparation checklist"),
    ("message", "Draft opening message"),
    ("precedents", "Case studies that match"),
    ("resources", "Resources"),
    ("assumptions", "Assumptions made"),
    ("questions", "Questions still open"),
    ("why", "Why: the derivation graph"),
)


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>=]|[0-9]+[.)])")


def md(text: str) -> str:
    """Escape text for inline Markdown: every character that could start markup or HTML,
    and a line start that would read as a list or a quote; ordinary punctuation stays.

    >>> md("1. <b>Example_Net</b> (a.k.a. E-Net)")
    '1\\\\. \\\\<b\\\\>Example\\\\_Net\\\\</b\\\\> (a.k.a. E-Net)'
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return "\n".join(
        _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], line)
        for line in escaped.split("\n")
    )


def to_report_markdown(advice: Advice) -> str:
    """The engagement plan as one Markdown document.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> "## Preparation checklist" in to_report_markdown(advice).splitlines()
    True
    """
    plan = build_plan(advice)
    out = [f"# {md(plan.title)}", ""]
    meta = plan.company_type[:1].upper() + plan.company_type[1:]
    if plan.organization:
        meta += f"; prepared for {md(plan.organization)}"
    out += [f"*{meta}. Rules `{plan.rules_version}`, engine `{plan.engine}`.*", ""]
    out += ["## Summary", ""]
    out += [md(line) for line in plan.summary]
    for item in plan.scope:
        out += ["", f"> **Note: {item.title}.** {item.why}  ", f"> {_md_guide(item)}"]
    out += _md_items("The company's challenges", plan.challenges, numbered=False)
    out += _md_items("Leverage", plan.leverage, numbered=False)
    out += _md_items("Strategies, ranked", plan.strategies, numbered=True)
    out += _md_items("Whom to contact", plan.contacts, numbered=False) or [
        "",
        "## Whom to contact",
        "",
        "No particular team stands out yet: name the departments the company has "
        "(`company.departments`) for advice on whom to approach.",
    ]
    out += ["", "### How to find them", ""]
    out += [f"- {hint}" for hint in plan.finding_contacts]
    out += ["", "## Preparation checklist", ""]
    for step in plan.steps:
        out.append(f"- [ ] **{step.title}** (`{step.id}`): {step.why}  ")
        out.append(f"  {_md_guide(step)}")
    deadline = plan.deadline or "a date you set"
    out.append(f"- [ ] **Get a reply by {deadline}.** {md(plan.deadline_note)}")
    out += ["", "## Draft opening message", ""]
    out += ["> " + md(line) + "  " if line else ">" for line in plan.message.splitlines()]
    out += _md_items("Case studies that match", plan.precedents, numbered=False)
    if plan.resources:
        out += ["", "## Resources", ""]
        out += [f"- [{r.name}]({r.url}): {r.summary}" for r in plan.resources]
    if plan.assumptions:
        out += ["", "## Assumptions made", ""]
        for fact in plan.assumptions:
            out.append(f"- `{fact.path}` = `{fact.value}`: {fact.because} *{fact.question}*")
    if plan.questions:
        out += ["", "## Questions still open", ""]
        for question in plan.questions:
            answers = f" ({', '.join(question.answers)})" if question.answers else ""
            note = f"; {question.note}" if question.note else ""
            out.append(f"- {question.question}{answers} `{question.path}`{note}")
    out += ["", "---", "", "*Advice derived from the guide; check it against what you know.*"]
    return "\n".join(out) + "\n"


def _md_items(title: str, items: tuple[PlanItem, ...], *, numbered: bool) -> list[str]:
    if not items:
        return []
    out = ["", f"## {title}", ""]
    for item in items:
        bullet = f"{item.rank}." if numbered else "-"
        out.append(f"{bullet} **{item.title}** (`{item.id}`)  ")
        out.append(f"   {item.why}  ")
        if numbered and item.reasons:
            out.append(f"   *Placed here because:* {'; '.join(item.reasons)}  ")
        if item.assumptions:
            out.append(f"   *Assumes:* {', '.join(f'`{a}`' for a in item.assumptions)}  ")
        out.append(f"   {_md_guide(item)}")
    return out


def _md_guide(item: PlanItem) -> str:
    return "*Guide:* " + "; ".join(f"`{s.id}` {s.heading}" for s in item.sections)


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
.meta, .guide, .reasons, .assumes { color: var(--muted); font-size: .88rem; }
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
.deadline label { font-weight: 600; }
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


def _e(text: str) -> str:
    # A bidirectional override in a company name would reorder the page: show it escaped.
    return escape(sanitise(text), quote=True)


def _link(url: str, name: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{_e(url)}">{_e(name)}</a>'
    return _e(name)


def _html_guide(item: PlanItem) -> str:
    parts = [
        f'<span title="{_e(s.summary)}"><code>{_e(s.id)}</code> {_e(s.heading)}</span>'
        for s in item.sections
    ]
    return f'<div class="guide">Guide: {"; ".join(parts)}</div>'


def _html_item(item: PlanItem, *, ranked: bool) -> str:
    out = [f'<li class="k-{_e(item.kind)}" id="{_e(item.id.replace(":", "-"))}">']
    out.append(
        f'<span class="item-title">{_e(item.title)}</span> <span class="id">{_e(item.id)}</span>'
    )
    out.append(f"<div>{_e(item.why)}</div>")
    if ranked and item.reasons:
        out.append(f'<div class="reasons">Placed here because: {_e("; ".join(item.reasons))}</div>')
    if item.assumptions:
        out.append(f'<div class="assumes">Assumes: {_e(", ".join(item.assumptions))}</div>')
    if item.resources:
        links = ", ".join(_link(r.url, r.name) for r in item.resources)
        out.append(f'<div class="guide">See: {links}</div>')
    out.append(_html_guide(item))
    out.append("</li>")
    return "".join(out)


def _html_list(items: Iterable[PlanItem], *, ranked: bool) -> str:
    tag = "ol" if ranked else "ul"
    body = "\n".join(_html_item(item, ranked=ranked) for item in items)
    return f'<{tag} class="items">\n{body}\n</{tag}>'


def _body(plan: Plan, advice: Advice, *, top: int = 1, diagram: bool = True) -> str:
    h1, h2, h3 = (f"h{top}", f"h{top + 1}", f"h{top + 2}")
    out = [f"<header><{h1}>{_e(plan.title)}</{h1}>"]
    meta = plan.company_type[:1].upper() + plan.company_type[1:]
    if plan.organization:
        meta += f" · prepared for {plan.organization}"
    meta += f" · rules {plan.rules_version} · engine {plan.engine}"
    out.append(f'<p class="meta">{_e(meta)}</p></header>')
    present = {
        "summary": True,
        "challenges": bool(plan.challenges),
        "leverage": bool(plan.leverage),
        "strategies": bool(plan.strategies),
        "contacts": True,
        "checklist": True,
        "message": True,
        "precedents": bool(plan.precedents),
        "resources": bool(plan.resources),
        "assumptions": bool(plan.assumptions),
        "questions": bool(plan.questions),
        "why": diagram and advice.graph.number_of_nodes() > 0,
    }
    toc = "".join(
        f'<li><a href="#{key}">{_e(title)}</a></li>' for key, title in _SECTIONS if present[key]
    )
    out.append(f'<nav class="toc" aria-label="Contents"><ol>{toc}</ol></nav>')
    out.append(f'<section id="summary"><{h2}>Summary</{h2}>')
    out.append("<p>" + " ".join(_e(line) for line in plan.summary) + "</p>")
    for item in plan.scope:
        out.append(
            f'<div class="note"><strong>{_e(item.title)}.</strong> {_e(item.why)}'
            f"{_html_guide(item)}</div>"
        )
    out.append("</section>")
    for key, items, ranked in (
        ("challenges", plan.challenges, False),
        ("leverage", plan.leverage, False),
        ("strategies", plan.strategies, True),
    ):
        if items:
            title = dict(_SECTIONS)[key]
            out.append(f'<section id="{key}"><{h2}>{_e(title)}</{h2}>')
            out.append(_html_list(items, ranked=ranked))
            out.append("</section>")
    out.append(f'<section id="contacts"><{h2}>Whom to contact</{h2}>')
    if plan.contacts:
        out.append(_html_list(plan.contacts, ranked=False))
    out.append(f"<{h3}>How to find them</{h3}><ul>")
    out += [f"<li>{_e(hint)}</li>" for hint in plan.finding_contacts]
    out.append("</ul></section>")
    out.append(f'<section id="checklist"><{h2}>Preparation checklist</{h2}><ul class="checklist">')
    for step in plan.steps:
        out.append(
            f'<li class="k-step" id="{_e(step.id.replace(":", "-"))}"><label>'
            f'<input type="checkbox"> <span class="item-title">{_e(step.title)}</span></label> '
            f'<span class="id">{_e(step.id)}</span><div>{_e(step.why)}</div>'
        )
        if step.resources:
            links = ", ".join(_link(r.url, r.name) for r in step.resources)
            out.append(f'<div class="guide">See: {links}</div>')
        out.append(f"{_html_guide(step)}</li>")
    when = _e(plan.deadline) if plan.deadline else "a date you set"
    out.append(
        f'<li class="deadline"><label><input type="checkbox"> Get a reply by {when}.</label>'
        f'<div class="guide">{_e(plan.deadline_note)}</div></li>'
    )
    out.append("</ul></section>")
    out.append(f'<section id="message"><{h2}>Draft opening message</{h2}>')
    out.append(
        '<p class="meta">A starting point in your own voice: adapt it, keep it short and '
        "free of legal or technical jargon.</p>"
    )
    out.append(f'<blockquote class="message">{_e(plan.message)}</blockquote></section>')
    if plan.precedents:
        out.append(f'<section id="precedents"><{h2}>Case studies that match</{h2}>')
        out.append(_html_list(plan.precedents, ranked=False))
        out.append("</section>")
    if plan.resources:
        out.append(f'<section id="resources"><{h2}>Resources</{h2}><ul class="items">')
        out += [f"<li>{_link(r.url, r.name)}: {_e(r.summary)}</li>" for r in plan.resources]
        out.append("</ul></section>")
    if plan.assumptions:
        out.append(f'<section id="assumptions"><{h2}>Assumptions made</{h2}><ul class="items">')
        for fact in plan.assumptions:
            out.append(
                f"<li><code>{_e(fact.path)} = {_e(fact.value)}</code>: {_e(fact.because)} "
                f"<em>{_e(fact.question)}</em></li>"
            )
        out.append("</ul></section>")
    if plan.questions:
        out.append(f'<section id="questions"><{h2}>Questions still open</{h2}><ul class="items">')
        for q in plan.questions:
            answers = f" ({_e(', '.join(q.answers))})" if q.answers else ""
            note = f' <span class="guide">{_e(q.note)}</span>' if q.note else ""
            out.append(f"<li>{_e(q.question)}{answers} <code>{_e(q.path)}</code>{note}</li>")
        out.append("</ul></section>")
    if present["why"]:
        out.append(f'<section id="why"><{h2}>Why: the derivation graph</{h2}>')
        out.append(
            '<p class="meta">Facts on the left, the rules that fired in the middle, the '
            "conclusions on the right. Dashed boxes are defaults, not facts you gave.</p>"
        )
        out.append(f'<div class="figure">{derivation_svg(advice)}</div></section>')
    out.append(
        "<footer>Derived from the guide “Engaging Tech Companies on Human Rights” by "
        "rightsrules; each item names the guide sections it rests on. Check it against what "
        "you know before acting.</footer>"
    )
    return "\n".join(out)


def to_report_html(advice: Advice) -> str:
    """The engagement plan as one self-contained HTML page (no script, no network).

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> page = to_report_html(advice)
    >>> page.startswith("<!DOCTYPE html>") and "<script" not in page
    True
    """
    plan = build_plan(advice)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(plan.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{_body(plan, advice)}\n</main>\n</body>\n</html>\n"
    )


def advice_html(advice: Advice, *, diagram: bool = False) -> str:
    """The plan as an HTML fragment (for Jupyter): no page wrapper, styles scoped to it.

    >>> from rightsrules import ReferenceEvaluator, assess
    >>> advice = assess({"company": {"name": "Example Net", "type": "isp"}},
    ...                 evaluator=ReferenceEvaluator())
    >>> advice_html(advice).startswith('<div class="rr-plan">')
    True
    """
    plan = build_plan(advice)
    return (
        f'<div class="rr-plan"><style>{_FRAGMENT_CSS}</style>'
        f"{_body(plan, advice, top=2, diagram=diagram)}</div>"
    )


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
"""
