"""Say each thing once: a reason given by an earlier item is pointed to, not printed again.

>>> said = SaidOnce()
>>> said.say("Operators are told to block content.", "State orders")
'Operators are told to block content.'
>>> said.say("Operators are told to block content.", "User data demands")
'Same reason as: State orders.'
"""

from __future__ import annotations

from ..i18n import _

__all__ = ["SaidOnce"]


class SaidOnce:
    """Remembers which texts were shown, and under which item's title."""

    def __init__(self) -> None:
        self.first: dict[str, str] = {}

    def say(self, text: str, title: str) -> str:
        """``text`` the first time; after that, a pointer to the first item that said it."""
        earlier = self.first.setdefault(text, title)
        return text if earlier == title else _("Same reason as: {title}.").format(title=earlier)

    def reasons(self, texts: tuple[str, ...], title: str) -> str:
        """Ranking reasons joined, each said in full only the first time."""
        return " ".join(self.say(text, title) for text in dict.fromkeys(texts))
