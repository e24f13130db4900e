"""The ``--company NAME [--as-of DATE]`` options by which ``report``, ``explain``, ``why-not``
and ``what-if`` read a campaign journal instead of a scenario: the advice for one company of
the journal as of a day, its proofs leading down to the journal's events."""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING

from ..errors import ScenarioError
from ..i18n import _
from ._common import CommandError, knowledge_base, scenario

if TYPE_CHECKING:
    from ..advice import Advice
    from ..campaign import Campaign
    from ..scenario import Scenario

__all__ = ["add_journal", "journal_advice", "load_journal", "scenario_or_journal"]


def add_journal(parser: argparse.ArgumentParser, company: str) -> None:
    """``--company`` and ``--as-of``; ``company`` is the help of ``--company``."""
    parser.add_argument("--company", metavar="NAME", help=company)
    parser.add_argument(
        "--as-of",
        metavar="DATE",
        help=_(
            "with --company: the day (YYYY-MM-DD) the advice is for; events after it are "
            "planned (default: today)"
        ),
    )


def as_of(args: argparse.Namespace) -> datetime.date:
    """The ``--as-of`` day, today when not given; a :class:`CommandError` for one that is not
    a date written YYYY-MM-DD."""
    text: str | None = args.as_of
    if text is None:
        return datetime.date.today()
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise CommandError(_("--as-of {text}: not a date written YYYY-MM-DD").format(text=text))


def load_journal(args: argparse.Namespace) -> tuple[Campaign, str, datetime.date]:
    """The journal of ``args.scenario`` as of ``--as-of``, and the name of the ``--company``
    in it; a located message naming the journal's companies when it has none by that name."""
    from ..campaign import load_campaign
    from ..campaign.report import journal_of

    if args.scenario == "-":
        raise CommandError(_("--company reads a campaign journal from a file, not standard input"))
    day = as_of(args)
    campaign = load_campaign(args.scenario, as_of=day)
    return campaign, journal_of(campaign, args.company).name, day


def journal_advice(args: argparse.Namespace) -> Advice:
    """The advice for the ``--company`` of the journal as of ``--as-of``, with the events
    behind its history facts (:attr:`rightsrules.Advice.evidence`)."""
    campaign, name, day = load_journal(args)
    return campaign.advice_for(name, day, knowledge_base(args))


def scenario_or_journal(args: argparse.Namespace) -> Scenario:
    """The scenario of ``args.scenario``; ``--as-of`` without ``--company`` is refused, and so
    is a campaign journal given without ``--company``, with the names of its companies."""
    if args.as_of is not None:
        raise CommandError(_("--as-of is the day of a campaign journal: give --company too"))
    path: str = args.scenario
    try:
        return scenario(path)
    except ScenarioError:
        if path != "-":
            from ..campaign import CampaignError, load_campaign

            try:
                campaign = load_campaign(path)
            except CampaignError:
                pass
            else:
                names = ", ".join(repr(journal.name) for journal in campaign.companies)
                raise CommandError(
                    _(
                        "{path} is a campaign journal: give --company NAME (its companies: {names})"
                    ).format(path=path, names=names)
                ) from None
        raise


def advice_of(args: argparse.Namespace) -> Advice:
    """The advice a command explains: of the scenario, or of the ``--company`` of a journal."""
    if args.company is not None:
        return journal_advice(args)
    from ..api import assess

    return assess(scenario_or_journal(args), knowledge_base(args))
