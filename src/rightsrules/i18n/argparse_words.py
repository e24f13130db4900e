"""argparse's own words (``usage:``, ``options:``, its error messages) in the language in use.

argparse translates its words with :func:`gettext.gettext` of the default domain, which reads
compiled ``.mo`` files only; rightsrules reads its ``.po`` catalogues. So, while a command line
is parsed, :func:`argparse_speaks` points argparse's two gettext names at rightsrules' own
functions, and this module marks the messages argparse asks for (those a user of the
``rightsrules`` command can meet) so that they reach the template and each catalogue.

>>> import argparse
>>> from rightsrules.i18n import Catalogue, using
>>> french = Catalogue("fr", {(None, "usage: "): "utilisation : "})
>>> with using(french), argparse_speaks():
...     argparse.ArgumentParser(prog="p").format_usage()
'utilisation : p [-h]\\n'
>>> argparse.ArgumentParser(prog="p").format_usage()
'usage: p [-h]\\n'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .translate import N_, _, ngettext

__all__ = ["MESSAGES", "argparse_speaks"]

#: The messages of argparse (Python 3.11 to 3.13) a user of the command line can see, marked
#: for the template; argparse's ``%(name)s`` and ``%s`` marks are kept in each translation.
MESSAGES = (
    # TRANSLATORS: argparse's heading of the command line's form; keep the trailing space.
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("%(prog)s: error: %(message)s\n"),
)
#: The one plural message of theirs a user can meet.
PLURAL = ngettext("expected %s argument", "expected %s arguments", 1)


@contextlib.contextmanager
def argparse_speaks() -> Iterator[None]:
    """argparse's words in the language in use for the block (its gettext names, restored
    after it)."""
    import argparse

    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
