"""Numbers, dates and lists written for the language in use (Babel's CLDR data).

English keeps rightsrules' own forms (digits as they are, ISO dates, "a, b and c"), so English
output never imports Babel; another language formats through Babel.

>>> format_number(1200), format_date("2030-01-31"), join_list(["a", "b", "c"])
('1200', '2030-01-31', 'a, b and c')
>>> from rightsrules.i18n import Catalogue, using
>>> with using(Catalogue("fr")):
...     format_date("2030-01-31"), join_list(["a", "b", "c"])
('31 janvier 2030', 'a, b et c')
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from .languages import DEFAULT
from .translate import current_language

__all__ = ["format_date", "format_number", "join_counts", "join_list"]


def format_number(number: int) -> str:
    """A whole number as the language writes it."""
    language = current_language()
    if language == DEFAULT:
        return str(number)
    from babel.numbers import format_decimal

    return format_decimal(number, locale=language)


def format_date(iso: str) -> str:
    """A calendar day given as YYYY-MM-DD, as the language writes it in full; a text that is
    no such day is left as it is."""
    language = current_language()
    if language == DEFAULT:
        return iso
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=language)


def join_list(
    items: Iterable[str], conjunction: Literal["and", "or"] = "and", *, serial_comma: bool = False
) -> str:
    """Items as one phrase, the last joined by the language's "and" (``conjunction="or"``:
    its "or"), as CLDR writes lists in that language (Arabic: "أ وب وج"). ``serial_comma``
    writes English's comma before the last ("a, b, or c"), where a text has it.

    >>> join_list(["a", "b", "c"], "or"), join_list(["a", "b", "c"], "or", serial_comma=True)
    ('a, b or c', 'a, b, or c')
    >>> from rightsrules.i18n import Catalogue, using
    >>> with using(Catalogue("ar")):
    ...     join_list(["أ", "ب", "ج"]), join_list(["أ", "ب"], "or")
    ('أ وب وج', 'أ أو ب')
    """
    listed = list(items)
    if current_language() == DEFAULT or len(listed) <= 1:
        if len(listed) <= 1:
            return "".join(listed)
        last = ", " if serial_comma and len(listed) > 2 else " "
        return ", ".join(listed[:-1]) + f"{last}{conjunction} " + listed[-1]
    from babel.lists import format_list

    if conjunction == "and":
        return format_list(listed, style="standard", locale=current_language())
    return format_list(listed, style="or", locale=current_language())


def join_counts(items: Iterable[str]) -> str:
    """Counted quantities as one phrase ("6 challenges, 9 strategies"), as CLDR lists units in
    the language (its ``unit`` style, else its standard list where it has no unit style).

    >>> join_counts(["6 challenges", "9 strategies"])
    '6 challenges, 9 strategies'
    >>> from rightsrules.i18n import Catalogue, using
    >>> with using(Catalogue("fr")):
    ...     join_counts(["6 défis", "9 stratégies", "14 étapes"])
    '6 défis, 9 stratégies et 14 étapes'
    """
    listed = list(items)
    if current_language() == DEFAULT or len(listed) <= 1:
        return ", ".join(listed)
    from babel.lists import format_list

    try:
        return format_list(listed, style="unit", locale=current_language())
    except KeyError:  # CLDR has no unit list for the language
        return format_list(listed, style="standard", locale=current_language())
