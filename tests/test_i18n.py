"""Languages: choosing one, the advice and every rendering in it, the interview's answers in
it, rule packs' own catalogues, and English costing nothing. The catalogues here are
pseudo-translations of the template (tests/i18n_catalogues.py), so each test sees which texts
came from a catalogue whatever the translators' catalogues hold."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

import pytest

from rightsrules import Advice, UnknownLanguageError, assess, load_knowledge_base
from rightsrules.cli import main
from rightsrules.i18n import (
    Catalogue,
    check_language,
    choose_language,
    current_language,
    environment_language,
    using,
)
from rightsrules.i18n.formatting import format_date, format_number, join_list
from rightsrules.i18n.knowledge import translated
from rightsrules.interview.answers import read_answer
from rightsrules.interview.script import script
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.render import to_report_html, to_report_markdown, to_text

from .i18n_catalogues import MARKERS, pseudo_locale, write_pseudo_catalogue

__all__ = ["pseudo_locale"]  # the fixture, used by name

EXAMPLES = sorted((builtin_facts_dir() / "examples").glob("*.yaml"))
EXAMPLE = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"
TEXTS = {"title", "rationale", "because", "name"}


# ---------------------------------------------------------------- choosing the language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "es_MX.UTF-8", "LC_MESSAGES": "ar_EG.UTF-8"}, "ar"),
        ({"LANG": "fr_FR.UTF-8", "LC_ALL": "es_ES.UTF-8"}, "es"),
        ({"LANGUAGE": "de:ar", "LANG": "fr_FR.UTF-8"}, "ar"),
        ({"LANGUAGE": "de", "LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_environment_chooses_the_language(environ: dict[str, str], expected: str) -> None:
    assert environment_language(environ) == expected


def test_lang_wins_over_the_environment_and_an_unknown_one_is_refused() -> None:
    assert choose_language("ar", environ={"LANG": "fr_FR.UTF-8"}) == "ar"
    assert choose_language(None, environ={"LANG": "fr_FR.UTF-8"}) == "fr"
    assert check_language("fr-CA") == "fr"
    with pytest.raises(UnknownLanguageError, match="does not speak 'de'"):
        check_language("de")


def test_the_command_line_takes_lang_from_the_environment(
    pseudo_locale: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANGUAGE")
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    out = tmp_path / "advice.md"
    assert main(["advise", str(EXAMPLE), "--format", "markdown", "--out", str(out)]) == 0
    assert "# ES·Advice for" in out.read_text("utf-8")
    assert (
        main(["advise", str(EXAMPLE), "--lang", "en", "--format", "markdown", "--out", str(out)])
        == 0
    )
    assert out.read_text("utf-8").startswith("# Advice for")


def test_a_language_without_a_catalogue_is_shown_in_english_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rightsrules.i18n.catalogues as catalogues

    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path / "nothing")
    catalogues.catalogue.cache_clear()
    out = tmp_path / "advice.md"
    err = io.StringIO()
    with redirect_stderr(err):
        status = main(
            ["advise", str(EXAMPLE), "--lang", "fr", "--format", "markdown", "--out", str(out)]
        )
    catalogues.catalogue.cache_clear()
    assert status == 0
    assert "no catalogue for 'fr' is installed; English is shown" in err.getvalue()
    assert out.read_text("utf-8").startswith("# Advice for")


def test_every_command_that_shows_text_takes_lang() -> None:
    from rightsrules.cli import COMMANDS, build_parser
    from rightsrules.cli._common import NO_TEXT

    for command in COMMANDS:
        parser = build_parser([command])
        (sub,) = (a for a in parser._actions if a.dest == "command")
        assert isinstance(sub.choices, dict)
        options = {o for a in sub.choices[command]._actions for o in a.option_strings}
        assert ("--lang" in options) is (command not in NO_TEXT), command


# ---------------------------------------------------------------- the advice in a language


def _skeleton(data: Any) -> Any:
    """The JSON with its texts blanked: ids, values, ranks and structure only."""
    if isinstance(data, dict):
        return {k: "<text>" if k in TEXTS else _skeleton(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_skeleton(item) for item in data]
    return data


def _texts(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in ([v] if k in TEXTS else _texts(v))]
    if isinstance(data, list):
        return [t for item in data for t in _texts(item)]
    return []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_the_json_advice_has_the_same_ids_and_structure_in_every_language(
    example: Path, pseudo_locale: Path
) -> None:
    english = assess(example)
    for language, marker in MARKERS.items():
        other = english.in_language(language)
        assert other.language == language and other.ids == english.ids
        assert _skeleton(other.to_dict()) == _skeleton(english.to_dict())
        texts = _texts({**other.to_dict(), "scenario": None})  # the user's names stay
        assert texts and all(marker in text for text in texts), language
        assert other.to_dict()["scenario"] == english.to_dict()["scenario"]


def test_assess_takes_the_language_and_in_language_goes_back(pseudo_locale: Path) -> None:
    french = assess(EXAMPLE, lang="fr")
    assert french.language == "fr"
    assert all(c.title.startswith("FR·") for c in french)
    back = french.in_language("en")
    assert back.to_json() == assess(EXAMPLE).to_json()
    assert french.in_language("ar").in_language("fr").to_json() == french.to_json()
    with using("es"):
        assert assess(EXAMPLE).language == "es"  # the language in use, by default
    assert assess(EXAMPLE).language == "en"


def test_english_texts_stay_where_a_catalogue_lacks_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rightsrules.i18n.catalogues as catalogues

    advice = assess(EXAMPLE)
    first = advice.conclusions[0]
    write_pseudo_catalogue(tmp_path, "fr", skip=frozenset({first.title}))
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    catalogues.catalogue.cache_clear()
    french = advice.in_language("fr")
    assert french.conclusions[0].title == first.title  # missing: English
    assert french.conclusions[1].title.startswith("FR·")
    catalogues.catalogue.cache_clear()


def test_renderers_speak_the_language_of_the_advice(pseudo_locale: Path) -> None:
    french = assess(EXAMPLE, lang="fr")
    markdown = to_report_markdown(french)
    assert markdown.startswith("# FR·Engagement plan: ")
    assert "## FR·Summary" in markdown and "### FR·How to find them" in markdown
    assert "*FR·Advice derived from the guide" in markdown
    text = to_text(french)
    assert text.startswith("FR·Advice for") and "FR·Why: FR·" in text
    assert current_language() == "en"  # the renderer's language ended with it


def test_the_arabic_plan_reads_right_to_left(pseudo_locale: Path) -> None:
    page = to_report_html(assess(EXAMPLE, lang="ar"))
    assert '<html lang="ar" dir="rtl">' in page
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    for physical in ("border-left:", "padding-left:", " left: "):
        assert physical not in style, physical
    assert "border-inline-start:" in style and "padding-inline-start:" in style
    assert '<code dir="ltr">' in page and '<span class="id" dir="ltr">' in page
    assert '<div class="figure" dir="ltr">' in page
    assert '<bdi dir="ltr">' in page  # the rules version and engine among Arabic words
    assert "<code>" not in page  # every id and path is kept left to right
    french = to_report_html(assess(EXAMPLE, lang="fr"))
    assert '<html lang="fr">' in french and 'dir="ltr"' not in french


def test_english_html_is_unchanged_by_the_machinery() -> None:
    page = to_report_html(assess(EXAMPLE))
    assert '<html lang="en">' in page and "inline-start" not in page and 'dir="' not in page


def test_numbers_dates_and_lists_follow_the_language() -> None:
    assert (format_number(12345), format_date("2030-01-31")) == ("12345", "2030-01-31")
    with using(Catalogue("fr", {(None, "x"): "y"})):
        assert format_date("2030-01-31") == "31 janvier 2030"
        assert join_list(["a", "b", "c"]) == "a, b et c"
        assert format_number(12345) == "12\u202f345"
    with using(Catalogue("es", {(None, "x"): "y"})):
        assert format_date("2030-01-31") == "31 de enero de 2030"
        assert join_list(["a", "b"]) == "a y b"
    with using(Catalogue("ar", {(None, "x"): "y"})):
        assert "يناير" in format_date("2030-01-31")
        assert format_date("not a day") == "not a day"


# ---------------------------------------------------------------- the interview


def test_the_interview_asks_and_labels_in_the_language(pseudo_locale: Path) -> None:
    with using("fr"):
        assert script().question("company.size") == "FR·How large is the company?"
        assert script().label("b2c", "company.business_model") == "FR·the public (b2c)"
        assert script().say("needed").startswith("  FR·")
        assert script().count(2).startswith("FR·(")
    assert script().label("b2c", "company.business_model") == "the public (b2c)"


def test_answers_are_taken_in_the_language_and_as_ids(pseudo_locale: Path) -> None:
    with using("fr"):
        assert read_answer("company.publicly_traded", "FR·yes") is True
        assert read_answer("company.publicly_traded", "fr·no") is False
        assert read_answer("company.publicly_traded", "yes") is True
        assert read_answer("company.business_model", "FR·the public") == "b2c"
        assert read_answer("company.business_model", "b2b") == "b2b"
        assert read_answer("company.business_model", "1") == "b2c"
    with using("es"):
        assert read_answer("context.country", "Alemania") == "DE"
        assert read_answer("context.country", "Germany") == "DE"
        assert read_answer("context.country", "de") == "DE"


def test_the_interview_command_runs_in_the_language(
    pseudo_locale: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("company: {name: Example Net, type: isp}\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("stop\n"))
    err = io.StringIO()
    out = tmp_path / "done.yaml"
    with redirect_stderr(err):
        main(["interview", str(scenario), "--lang", "ar", "--out", str(out)])
    talk = err.getvalue()
    assert "عربي·" in talk


# ---------------------------------------------------------------- rule packs' catalogues


def test_a_rule_pack_ships_its_own_catalogue(tmp_path: Path, pseudo_locale: Path) -> None:
    pack = tmp_path / "pack"
    (pack / "locale" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (pack / "rules.yaml").write_text(
        "rules:\n  - id: pack.own\n    title: A pack's own rule\n    when: {company.type: isp}\n"
        "    then: [strategy:boycott]\n    because: Its own reason.\n    sources: [II.d]\n",
        encoding="utf-8",
    )
    (pack / "locale" / "fr" / "LC_MESSAGES" / "rightsrules.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "A pack\'s own rule"\nmsgstr "La règle du paquet"\n\n'
        'msgid "Start with a small win"\nmsgstr "Le paquet l\'emporte"\n',
        encoding="utf-8",
    )
    kb = load_knowledge_base([pack])
    french = translated(kb, "fr")
    assert french.rule("pack.own").title == "La règle du paquet"
    assert french.rule("pack.own").because == "Its own reason."  # not translated: English
    assert french.rule("smallwins.momentum-first").title == "Le paquet l'emporte"  # over built-in
    assert french.rule("smallwins.reply-date").title.startswith("FR·")


# ---------------------------------------------------------------- English costs nothing


def test_english_advice_reads_no_catalogue_and_imports_no_babel(tmp_path: Path) -> None:
    probe = (
        "import json, sys\nfrom rightsrules.cli import main\nstatus = main(sys.argv[1:])\n"
        "print(json.dumps({'status': status, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    for _ in range(2):  # the second run reads the knowledge base from its cache
        result = subprocess.run(
            [sys.executable, "-c", probe, "advise", str(EXAMPLE)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    report = json.loads(result.stderr.splitlines()[-1])
    assert report["status"] == 0
    assert not [m for m in report["modules"] if m == "babel" or m.startswith("babel.")]


def test_a_catalogue_read_once_is_read_from_the_cache(
    pseudo_locale: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rightsrules.i18n.catalogues as catalogues

    path = catalogues.catalogue_path("fr")
    first = catalogues.read_po(path, "fr")
    monkeypatch.setattr("babel.messages.pofile.read_po", None)  # would fail if called
    again = catalogues.read_po(path, "fr")
    assert again == first and len(again.messages) > 800


def test_an_advice_in_a_language_is_a_plain_advice(pseudo_locale: Path) -> None:
    french = assess(EXAMPLE, lang="fr")
    assert isinstance(french, Advice)
    assert french.explain(french.ids[0]).language == "fr"
    assert french.why_not("strategy:boycott").to_text().startswith("FR·Why not")


def test_the_batch_writes_the_same_json_with_texts_in_the_language(
    pseudo_locale: Path, tmp_path: Path
) -> None:
    records = tmp_path / "in.jsonl"
    records.write_text(
        json.dumps({"company": {"name": "Example Net", "type": "isp"}}) + "\n", encoding="utf-8"
    )
    lines = {}
    for language in ("en", "ar"):
        out = tmp_path / f"out.{language}.jsonl"
        args = ["batch", str(records), "--out", str(out), "--lang", language, "--jobs", "2"]
        assert main(args) == 0
        lines[language] = json.loads(out.read_text("utf-8"))
    assert _skeleton(lines["ar"]) == _skeleton(lines["en"])
    titles = [c["title"] for c in lines["ar"]["conclusions"]]
    assert titles and all(t.startswith("عربي·") for t in titles)
