"""The translations kept complete: the template holds every text the sources say, every
shipped catalogue translates every message of it with the same placeholders, and the renderers
write no English of their own past the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsrules.i18n import LANGUAGES, LOCALE_DIR, catalogue_path, shipped_languages
from rightsrules.i18n.check import (
    bypassing_strings,
    catalogue_problems,
    extracted_keys,
    template_keys,
)

from .i18n_catalogues import write_pseudo_catalogue

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "rightsrules"
TEMPLATE = LOCALE_DIR / "rightsrules.pot"

#: Every module that writes text a user reads: the renderers, the commands (their help and
#: messages), the explanations, the campaign's text forms, the interview, the rule-impact
#: report, the messages of input errors, and what a rule author reads from loading rule
#: files, ``rightsrules lint`` and ``rightsrules test``. None of it writes English prose past
#: the catalogue.
SHOWN = sorted(
    {
        *(PACKAGE / "render").glob("*.py"),
        *(PACKAGE / "cli").glob("*.py"),
        *(PACKAGE / "explain").glob("*.py"),
        *(PACKAGE / "campaign").glob("*.py"),
        *(PACKAGE / "interview").glob("*.py"),
        *(PACKAGE / "io").glob("*.py"),
        *(PACKAGE / "lint").glob("*.py"),
        *(PACKAGE / "web").rglob("*.py"),
        *(
            PACKAGE / name
            for name in (
                *("wording.py", "impact.py", "scenario.py", "_yaml.py"),
                *("conditions.py", "rules.py", "knowledge.py", "errors.py", "constraints.py"),
                "rulecases.py",
            )
        ),
        PACKAGE / "i18n" / "formatting.py",
    }
)

#: Strings of those modules that are not prose shown to a reader.
ALLOWED = {
    " has no attribute ",  # render/__init__: the AttributeError of a missing name
    "yellow dim",  # a rich style
    "Democratic Republic of the Congo",  # wording: English names where CLDR's are short
    "Republic of the Congo",
    "flowchart BT",  # Mermaid and DOT syntax
    "    classDef conclusion fill:#e8f0fe,stroke:#1a56db,stroke-width:2px",
    "    classDef rule fill:#f3f4f6,stroke:#6b7280",
    "    classDef defaultrule fill:#fff7e6,stroke:#b45309,stroke-dasharray:4 3",
    "    classDef fact fill:#ffffff,stroke:#374151",
    "    classDef assumed fill:#fff7e6,stroke:#b45309,stroke-dasharray:4 3",
    "    classDef event fill:#ecfdf5,stroke:#047857",
    "proof of ",  # the DOT graph's name, which no viewer shows
    " is not a field with a set of values",  # script.yaml's own checks, for its authors
    " allows only ",
    " is not a scenario path",
    "-//rightsrules//campaign calendar//EN",  # the iCalendar PRODID
    "up or down",  # why_ask: a stable value of Matter.direction (its words are messages)
    "something else",  # questions: the stand-in answer the search tries, never shown
    "Example Organisation",  # interview/agenda: a probe value, never shown
    "LinkedIn search",  # wording: the msgctxt of the search words
    # ValueError, TypeError and AssertionError: a caller's mistake, said to a programmer
    "unknown format ",
    "; choose text or json",
    "; choose one of ",
    "unknown detail ",
    "no YAML text for a ",
    "adding the event changed more than ",
    "an InputError needs at least one problem",
    " not in [",  # conditions: a condition written as its syntax, like `in [...]`
}


def test_the_template_holds_what_the_sources_say() -> None:
    extracted = extracted_keys(ROOT)
    committed = template_keys(TEMPLATE)
    assert not extracted - committed, (
        "texts missing from the template (run make messages): "
        f"{sorted(extracted - committed, key=str)[:5]}"
    )
    assert not committed - extracted, (
        "texts no longer in the sources (run make messages): "
        f"{sorted(committed - extracted, key=str)[:5]}"
    )


def test_every_shipped_catalogue_is_complete() -> None:
    problems = [
        problem
        for language in shipped_languages()
        for problem in catalogue_problems(catalogue_path(language), TEMPLATE)
    ]
    assert not problems, "\n".join(problems[:40])


def test_french_spanish_and_arabic_are_shipped() -> None:
    # Fails until the translators' catalogues are merged (issue 17 item 2).
    missing = [lang for lang in LANGUAGES[1:] if not catalogue_path(lang).is_file()]
    assert not missing, f"no catalogue for {', '.join(missing)} in {LOCALE_DIR}"


def test_the_completeness_check_finds_what_a_translation_gets_wrong(tmp_path: Path) -> None:
    path = write_pseudo_catalogue(tmp_path, "fr", skip=frozenset({"Leverage points"}))
    assert catalogue_problems(path, TEMPLATE) == [
        f"{path}: msgid 'Leverage points': not translated"
    ]
    text = path.read_text("utf-8")
    broken = text.replace('msgstr "FR·Engagement plan: {company}"', 'msgstr "FR·Plan: {compagnie}"')
    broken = broken.replace('"  FR·why this is asked: {why}"', '"FR·why this is asked: {why}"')
    path.write_text(broken, encoding="utf-8")
    problems = catalogue_problems(path, TEMPLATE)
    assert (
        f"{path}: msgid 'Engagement plan: {{company}}': placeholders ['compagnie'] in "
        "'FR·Plan: {compagnie}', not ['company']" in problems
    )
    assert any("the spaces around 'FR·why this is asked: {why}'" in p for p in problems)


def test_nothing_shown_writes_english_past_the_catalogue() -> None:
    offences = bypassing_strings(SHOWN, ALLOWED)
    assert not offences, "\n".join(map(str, offences))


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_a_pseudo_catalogue_of_the_template_is_complete(tmp_path: Path, language: str) -> None:
    assert catalogue_problems(write_pseudo_catalogue(tmp_path, language), TEMPLATE) == []
