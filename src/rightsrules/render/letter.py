"""The draft of an engagement plan alone, as plain text: what ``rightsrules report --letter``
writes, to paste into an e-mail or a word processor.

Plain text has no markup, so nothing in it is escaped: a name such as ``Example & <Net>``
reads as it was typed (the Markdown and HTML plans escape it, each for its own language).
The draft's points (the agenda of a meeting, the outline of a public statement) follow it,
numbered.

>>> from rightsrules import ReferenceEvaluator, assess
>>> advice = assess(
...     {"company": {"name": "Example & <Net>", "type": "isp"}},
...     evaluator=ReferenceEvaluator(),
... )
>>> to_letter_text(advice).splitlines()[0]
'To the human rights team at Example & <Net>,'
"""

from __future__ import annotations

from ..advice import Advice
from ..i18n import in_language_of
from .plan import Letter, build_plan

__all__ = ["letter_text", "to_letter_text"]


@in_language_of
def to_letter_text(advice: Advice) -> str:
    """The draft the plan for ``advice`` calls for, as plain text ending in a newline."""
    return letter_text(build_plan(advice).letter)


def letter_text(letter: Letter) -> str:
    """A draft as plain text: its text, then its points under their title, numbered.

    >>> print(letter_text(Letter("meeting_agenda", "Draft agenda", "", "Dear all,",
    ...                          "Agenda", ("Where we stand", "Next steps"))), end="")
    Dear all,
    <BLANKLINE>
    Agenda
    <BLANKLINE>
    1. Where we stand
    2. Next steps
    """
    lines = [letter.text]
    if letter.outline:
        lines += ["", letter.outline_title, ""]
        lines += [f"{number}. {point}" for number, point in enumerate(letter.outline, 1)]
    return "\n".join(lines) + "\n"
