"""What the campaign tests share: the bundled example journal and a Hypothesis strategy of
events that may be added to it (every kind, awkward text, dates around its three months)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from rightsrules.campaign import EVENT_TYPES, REPLY_OUTCOMES
from rightsrules.campaign.log import event_keys

__all__ = ["COMPANIES", "EXAMPLE", "FIRST_MESSAGE", "new_events"]

EXAMPLE = Path(__file__).resolve().parents[1] / "facts/examples/campaigns/election-shutdowns.yaml"
COMPANIES = ("Example Mobile", "Example Telecom Two", "Example Fibre")
#: The first message to each company of the example: a reply can only come after it.
FIRST_MESSAGE = {
    "Example Mobile": dt.date(2027, 1, 10),
    "Example Telecom Two": dt.date(2027, 1, 12),
    "Example Fibre": dt.date(2027, 1, 22),
}
#: Free text of every script, punctuation YAML reads as syntax included.
_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")


@st.composite
def new_events(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A company of the example and an event for it that keeps its history possible."""
    company = draw(st.sampled_from(COMPANIES))
    kind = draw(st.sampled_from(EVENT_TYPES))
    earliest = FIRST_MESSAGE[company] if kind == "reply" else dt.date(2026, 12, 1)
    date = draw(st.dates(min_value=earliest, max_value=dt.date(2027, 6, 30)))
    event: dict[str, Any] = {"event": kind, "date": date}
    for key in event_keys(kind):
        if key == "outcome":
            event[key] = draw(st.sampled_from(REPLY_OUTCOMES))
        elif key in ("reply_by", "follow_up"):
            if draw(st.booleans()):
                event[key] = date + dt.timedelta(days=draw(st.integers(0, 60)))
        elif draw(st.booleans()):
            event[key] = draw(_TEXT)
    return company, event
