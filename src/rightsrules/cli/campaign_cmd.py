"""``rightsrules campaign {status,timeline,log,calendar} JOURNAL``: a campaign over time.

A campaign journal (YAML) records, per company, dated events; ``status`` says where each
company stands as of a date, ``timeline`` how the advice changed at each event, ``log``
appends an event safely and ``calendar`` writes the dates as an iCalendar file. ``--as-of``
defaults to today: give it to make an output reproducible.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ._common import (
    CommandError,
    Parser,
    add_output,
    add_rules,
    knowledge_base,
    output_format,
    write,
)

if TYPE_CHECKING:
    from ..campaign import Campaign

__all__ = ["as_of_date", "load", "register"]

_FORMATS = ("text", "markdown", "json")


def as_of_date(text: str) -> datetime.date:
    """An ``--as-of`` value: a day written YYYY-MM-DD, or ``today``.

    >>> as_of_date("2027-02-01")
    datetime.date(2027, 2, 1)
    >>> as_of_date("2027-02-30")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '2027-02-30' is not a date written YYYY-MM-DD
    """
    if text.strip() == "today":
        return datetime.date.today()
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or len(text.strip()) != 10:
        message = _("{text} is not a date written YYYY-MM-DD")
        raise argparse.ArgumentTypeError(message.format(text=repr(text)))
    return day


class _FieldsParser(Parser):
    """A sub-command parser that takes ``KEY=VALUE`` words wherever they stand: after an
    option too (``log J C meeting --date 2027-02-01 with=legal``), where argparse alone
    would have given its positional list up already."""

    def parse_known_args(  # type: ignore[override]
        self, args: Any = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        fields = getattr(parsed, "fields", None)
        if isinstance(fields, list):
            pairs = [word for word in extras if "=" in word and not word.startswith("-")]
            parsed.fields = [*fields, *pairs]
            extras = [word for word in extras if word not in pairs]
        return parsed, extras


def _add_journal(parser: argparse.ArgumentParser) -> None:
    # dest "scenario": the file the command reads, which its --out must never replace.
    parser.add_argument(
        "scenario", metavar="JOURNAL", help=_("the campaign journal (YAML or JSON)")
    )


def _add_as_of(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--as-of",
        type=as_of_date,
        default=None,
        metavar="DATE",
        help=_(
            "{what} (YYYY-MM-DD; default: today, so give it to make the output "
            "reproducible); events after it are planned, not done"
        ).format(what=what),
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "campaign",
        help=_("follow a campaign over time: status, timeline, log, calendar of a journal"),
        description=(
            _(
                "Work with a campaign journal: one YAML file with the organisation, the concern "
                "and the context once, then each company with its dated events. The engagement "
                "facts (stage, relationship, deadlines) are derived from the events by rules."
            )
        ),
    )
    commands = parser.add_subparsers(
        dest="campaign_command", metavar="SUBCOMMAND", parser_class=_FieldsParser
    )
    commands.required = True

    status = commands.add_parser(
        "status",
        help=_("where each company stands: stage, dates due, next actions, top strategy"),
        description=(
            _(
                "Per company: the engagement stage and relationship derived from its events, what "
                "is due or overdue, the next actions and the top strategy, as of a date."
            )
        ),
    )
    _add_journal(status)
    _add_as_of(status, _("the day the status is for"))
    add_rules(status)
    add_output(status, _FORMATS, "text")
    status.set_defaults(handler=run_status)

    timeline = commands.add_parser(
        "timeline",
        help=_("how the advice changed at each event, and why"),
        description=(
            _(
                "At each event (and each reply date that passed), what changed in the advice: "
                "each conclusion added or removed, with the event and the rule behind it."
            )
        ),
    )
    _add_journal(timeline)
    timeline.add_argument("company", metavar="COMPANY", nargs="?", help=_("only this company"))
    _add_as_of(timeline, _("the last day of the timeline"))
    add_rules(timeline)
    add_output(timeline, _FORMATS, "text")
    timeline.set_defaults(handler=run_timeline)

    log = commands.add_parser(
        "log",
        help=_("append an event to a company's journal, safely"),
        description=(
            _(
                "Append an event to a company's events: validated first, written atomically, the "
                "file's comments and layout kept; an inconsistent history is refused."
            )
        ),
    )
    _add_journal(log)
    log.add_argument("company", metavar="COMPANY", help=_("the company, as the journal names it"))
    log.add_argument("event", metavar="EVENT", help=_("the kind of event (message_sent, reply...)"))
    log.add_argument("--date", type=as_of_date, default=None, help=_("its day (default: today)"))
    log.add_argument("fields", metavar="KEY=VALUE", nargs="*", help=_("the event's other keys"))
    log.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the event and say where it would go, but write nothing"),
    )
    log.set_defaults(handler=_delegate("rightsrules.campaign.log", "main_log"))

    calendar = commands.add_parser(
        "calendar",
        help=_("write the reply dates and follow-ups as an iCalendar file"),
        description=_("Write the campaign's reply dates and follow-ups as an iCalendar file."),
    )
    _add_journal(calendar)
    _add_as_of(calendar, _("the day the dates are worked out for"))
    calendar.add_argument("--out", metavar="FILE", required=True, help=_("the .ics file to write"))
    calendar.set_defaults(handler=_delegate("rightsrules.campaign.calendar", "main_calendar"))


def load(args: argparse.Namespace) -> Campaign:
    """The journal the command names, its events marked planned after ``--as-of``."""
    from ..campaign import load_campaign

    return load_campaign(Path(args.scenario), as_of=_as_of(args))


def _as_of(args: argparse.Namespace) -> datetime.date:
    as_of: datetime.date | None = getattr(args, "as_of", None)
    return as_of or datetime.date.today()


def run_status(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    campaign = load(args)
    status = campaign.status(_as_of(args), knowledge_base(args))
    _write(status, fmt, args)
    return 0


def run_timeline(args: argparse.Namespace) -> int:
    fmt = output_format(args)
    campaign = load(args)
    if args.company is not None:
        campaign.company(args.company)  # an unknown company: the message names those there are
    timeline = campaign.timeline(args.company, until=_as_of(args), kb=knowledge_base(args))
    _write(timeline, fmt, args)
    return 0


def _write(result: Any, fmt: str, args: argparse.Namespace) -> None:
    from ._common import show

    if fmt == "json":
        write(result.to_json(), args.out, args=args)
    elif fmt == "markdown":
        write(result.to_markdown(), args.out, args=args)
    else:
        show(result.to_text(), args.out, args=args)


def _delegate(module: str, function: str) -> Any:
    """A handler that runs ``module.function(args)``, where campaign-io's modules are."""

    def run(args: argparse.Namespace) -> int:
        try:
            found = importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
            message = _("campaign {command} is not built yet")
            raise CommandError(message.format(command=args.campaign_command)) from None
        status: int = getattr(found, function)(args)
        return status

    return run
