"""The words of the minimal reasons and minimal changes: a scenario fact as a clause an
advocate reads ("the company is publicly traded"), and a change as what would have to be so.

Each wording is a data table keyed by the vocabulary's paths and values, so a translation
replaces tables, not code. A path no table names falls back on the premise wording of
:func:`rightsrules.wording.describe_premise`.

>>> from rightsrules.conditions import Premise
>>> join_words(premise_words([Premise.of_fact("company.type", "isp"),
...                            Premise.of_fact("company.publicly_traded", True)]))
'the company is an internet service provider and is publicly traded'
>>> fact_words("company.departments", "legal", negated=True)
'the company has no legal team'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from ..conditions import Premise
from ..i18n import N_, _
from ..i18n.formatting import join_list
from ..scenario import FactValue
from ..vocabulary import FIELDS
from ..wording import country_in, describe_company, describe_path, describe_premise, words

if TYPE_CHECKING:
    from .minimal import Change

__all__ = ["change_words", "fact_words", "join_words", "premise_words"]

#: Yes-or-no facts: the clause when true, and when false.
BOOLEAN_WORDS: dict[str, tuple[str, str]] = {
    "company.licensed": (
        N_("the company operates under a government licence"),
        N_("the company operates without a government licence"),
    ),
    "company.local_staff": (
        N_("the company has staff in the country"),
        N_("the company has no staff in the country"),
    ),
    "company.publicly_traded": (
        N_("the company is publicly traded"),
        N_("the company is not publicly traded"),
    ),
    "company.gni_member": (
        N_("the company is a member of the Global Network Initiative"),
        N_("the company is not a member of the Global Network Initiative"),
    ),
    "context.legal_mapping_done": (
        N_("you have mapped the local legal provisions"),
        N_("you have not yet mapped the local legal provisions"),
    ),
    "context.local_law_conflicts_with_international_law": (
        N_("local law conflicts with international human-rights law"),
        N_("local law does not conflict with international human-rights law"),
    ),
    "context.consumer_protection_law": (
        N_("there are consumer-protection laws to use"),
        N_("there are no consumer-protection laws to use"),
    ),
    "organization.documentation_system": (
        N_("you keep formal documentation of cases"),
        N_("you keep no formal documentation of cases"),
    ),
    "engagement.contacting_competitors": (
        N_("you are also contacting the company's competitors"),
        N_("you are not contacting the company's competitors"),
    ),
    "engagement.key_contact_left": (
        N_("your key contact at the company has left"),
        N_("your key contact at the company is still there"),
    ),
}

#: Facts with one of a few values: the clause for each value.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "company.state_ownership": {
        "none": N_("the state owns no part of the company"),
        "partial": N_("the state owns part of the company"),
        "full": N_("the state owns the whole company"),
    },
    "concern.driver": {
        "government": N_("the government is causing the harm"),
        "company": N_("the company itself is causing the harm"),
    },
    "organization.relationship": {
        "none": N_("you have no relationship with the company"),
        "indirect": N_("you know the company only through others"),
        "contact": N_("you have a contact at the company"),
        "ally": N_("you have an ally inside the company"),
    },
    "engagement.stage": {
        "planning": N_("you are preparing a first approach"),
        "awaiting_response": N_("you are waiting for the company's reply"),
        "unresponsive": N_("the company let your date for a reply pass"),
        "in_dialogue": N_("you are in conversation with the company"),
    },
}

#: The other single-valued facts: a clause with ``{value}`` in words.
TEMPLATES: dict[str, str] = {
    "company.size": N_("the company is {value}"),
    "company.business_model": N_("the company sells to {value}"),
    "company.headquarters": N_("the company is headquartered in {country}"),
    "company.name": N_("the company is called {value}"),
    "context.country": N_("the harm happens in {country}"),
    "concern.issue": N_("the concern is {value}"),
    "organization.name": N_("your organisation is called {value}"),
    "organization.capacity": N_("your organisation's capacity is {value}"),
    "engagement.response_deadline": N_("you ask for a reply by {value}"),
}

#: List facts: the clause when the list holds an element, and when it does not.
ELEMENT_WORDS: dict[str, tuple[str, str]] = {
    "company.departments": (
        N_("the company has a {value} team"),
        N_("the company has no {value} team"),
    ),
    "company.industry_associations": (
        N_("the company belongs to {value}"),
        N_("the company does not belong to {value}"),
    ),
    "company.published_reports": (
        N_("the company publishes reports on {value}"),
        N_("the company publishes no reports on {value}"),
    ),
    "company.public_commitments": (
        N_("the company has committed to {value}"),
        N_("the company has not committed to {value}"),
    ),
    "organization.can_offer": (N_("you can offer {value}"), N_("you cannot offer {value}")),
    "organization.networks": (
        N_("you already meet companies at {value}"),
        N_("you do not meet companies at {value}"),
    ),
}

#: A list the scenario gives as empty.
EMPTY_WORDS = N_("your scenario lists no {path}")
#: A path the scenario leaves out.
UNKNOWN_WORDS = N_("your scenario does not say {path}")
#: A value the rules do not name (the stand-in of the search, "something else").
OTHER_WORDS = N_("another value")
#: An element of a free-text list the rules do not name, by path.
OTHER_ELEMENT_WORDS: dict[str, str] = {
    "company.industry_associations": N_("some industry association"),
    "company.published_reports": N_("some topic"),
    "company.public_commitments": N_("some commitment"),
}

#: A change, by its kind: ``{fact}`` is what would be so, ``{before}`` what the scenario says.
CHANGE_WORDS: dict[str, str] = {
    "find_out": N_("you find out that {fact}"),
    "differs": N_("{fact} (your scenario says otherwise)"),
    "within_reach": N_("{fact} (within your reach)"),
}
#: A change that leaves a path unknown.
FORGET_WORDS = N_("you leave out {path}")


def _value_words(path: str, value: str) -> str:
    from .questions import OTHER_TEXT

    if value == OTHER_TEXT:
        return _(OTHER_ELEMENT_WORDS.get(path, OTHER_WORDS))
    if path == "company.type":
        return describe_company(value)
    return words(value)


def fact_words(path: str, value: FactValue | None, *, negated: bool = False) -> str:
    """A fact as a clause: ``value`` at ``path`` (for a list: one element, or ``()`` for an
    empty list), or, with ``negated``, a list that lacks the element; ``None``: unknown."""
    if value is None:
        return _(UNKNOWN_WORDS).format(path=describe_path(path))
    field = FIELDS.get(path)
    if field is not None and field.is_list:
        if value == ():
            return _(EMPTY_WORDS).format(path=describe_path(path))
        if path in ELEMENT_WORDS and isinstance(value, str):
            form = _(ELEMENT_WORDS[path][1 if negated else 0])
            return form.format(value=_value_words(path, value))
    elif isinstance(value, bool) and path in BOOLEAN_WORDS:
        return _(BOOLEAN_WORDS[path][0 if value else 1])
    elif isinstance(value, str):
        if path == "company.type":
            kind = _value_words(path, value)
            if kind[:1] in "aeiou":
                return _("the company is an {kind}").format(kind=kind)
            return _("the company is a {kind}").format(kind=kind)
        if value in VALUE_WORDS.get(path, {}):
            return _(VALUE_WORDS[path][value])
        if path in TEMPLATES:
            country = country_in(value) if len(value) == 2 else value
            return _(TEMPLATES[path]).format(value=_value_words(path, value), country=country)
    if isinstance(value, tuple):
        return describe_premise(Premise.of_fact(path, value, negated=negated))
    return describe_premise(Premise.of_fact(path, value, negated=negated))


def premise_words(premises: Iterable[Premise]) -> list[str]:
    """Each premise about the scenario as a clause."""
    return [fact_words(p.path, None if p.unknown else p.value, negated=p.negated) for p in premises]


def join_words(clauses: Sequence[str], conjunction: Literal["and", "or"] = "and") -> str:
    """Clauses joined as one: "a, b and c", a subject said once where clauses in a row share
    it ("the company is a ... and is publicly traded"); ``conjunction`` "or" for
    alternatives."""
    shown: list[str] = []
    subject = ""
    for clause in clauses:
        subject_words = _("the company ")
        head = subject_words if clause.startswith(subject_words) else ""
        if head and head == subject:
            shown.append(clause[len(head) :])
        else:
            shown.append(clause)
        subject = head
    return join_list(shown, conjunction)


def _fact_after(change: Change) -> str:
    """What would be so after a change."""
    path, before, after = change.path, change.before, change.after
    if after is None:
        return _(FORGET_WORDS).format(path=describe_path(path))
    if isinstance(after, tuple) and after:
        had = set(before) if isinstance(before, tuple) else set()
        clauses = [fact_words(path, item) for item in after if item not in had]
        clauses += [
            fact_words(path, item, negated=True) for item in sorted(had) if item not in after
        ]
        return join_words(clauses) if clauses else fact_words(path, after[0])
    return fact_words(path, after)


def change_words(change: Change, *alternatives: Change) -> str:
    """A change as what would have to be so; with ``alternatives`` (other changes of the
    same path, each enough in its place), all of them as one clause joined by "or"."""
    facts = [_fact_after(c) for c in (change, *alternatives)]
    return _(CHANGE_WORDS[change.kind]).format(fact=join_words(facts, "or"))
