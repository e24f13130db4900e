"""The header line of a CSV file: the separator it uses, and a hint for a column it did not
split.

Spreadsheet software writes CSV with a comma, a semicolon (where the comma is the decimal
mark, in much of Europe and Latin America) or a tab between cells. The header of a scenario
CSV names dotted paths (``company.name``), so the separator it uses is the file's: it is
sniffed from that line alone by :class:`csv.Sniffer`, among ``,`` ``;`` and tab, as the only
thing taken from the sniffed dialect (quotes stay the ordinary ``"``, doubled inside a cell).
A header with none of them is one column, split by commas.

>>> sniff_delimiter("company.name;company.type\\n")
';'
>>> sniff_delimiter("company.name")
','
>>> unsplit_hint("company.name|company.type").split("; ")[0]
"this column looks like several joined by '|'"
"""

from __future__ import annotations

import csv
import re

from ..i18n import _

__all__ = ["DELIMITERS", "sniff_delimiter", "unsplit_hint"]

#: The separators a CSV file may use, in the order :class:`csv.Sniffer` prefers them.
DELIMITERS = ",;\t"

_PATH = re.compile(r"""["']?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+["']?""")


def sniff_delimiter(header: str) -> str:
    """The separator of the header line ``header``: a comma, a semicolon or a tab.

    >>> sniff_delimiter('"company.name"\\t"company.type"')
    '\\t'
    >>> sniff_delimiter("")
    ','
    """
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:  # no separator in it: one column
        return ","


def unsplit_hint(column: str) -> str | None:
    """A hint when a header cell looks like several dotted paths joined by a character that
    is not a separator rightsrules reads (or by one the header does not use all through);
    ``None`` when it does not.

    >>> unsplit_hint("company.name company.type").split("; ")[0]
    "this column looks like several joined by ' '"
    >>> unsplit_hint("company.nme") is None
    True
    """
    for char in dict.fromkeys(column.strip()):
        if char.isalnum() or char in "_.\"'":
            continue
        parts = [part.strip() for part in column.split(char)]
        if len(parts) > 1 and all(_PATH.fullmatch(part) for part in parts):
            return _(
                "this column looks like several joined by {char!r}; columns are "
                "separated by a comma, a semicolon or a tab, the same one all through "
                "the header"
            ).format(char=char)
    return None
