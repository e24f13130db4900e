"""The interview: which fact to ask next, why, and how to read the answer.

The terminal interview (``rightsrules interview``) is one front end over this package; the
order, the texts and the option labels are data (``script.yaml``), so a web form can show the
same questions and the translations can reach them.
"""

from __future__ import annotations

from .agenda import Ask, agenda, became_moot
from .answers import options, read_answer
from .script import Script, load_script, script

__all__ = [
    "Ask",
    "Script",
    "agenda",
    "became_moot",
    "load_script",
    "options",
    "read_answer",
    "script",
]
