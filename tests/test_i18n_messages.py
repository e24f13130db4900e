"""The words around the advice in the user's language too: the command line's help and
argparse's own words, the messages of bad input (their located part kept), the interview's
keywords, lists, the letter's greeting and the search words. English stays the default."""

from __future__ import annotations

import argparse
import io
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from rightsrules import assess
from rightsrules.cli import main
from rightsrules.explain._minimal_text import join_words
from rightsrules.i18n import using
from rightsrules.interview.answers import read_answer
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.render.plan import build_plan
from rightsrules.wording import SEARCH_TERMS, words

EXAMPLE = builtin_facts_dir() / "examples" / "mno-network-shutdown.yaml"


def _run(argv: list[str]) -> tuple[int | str | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            status: int | str | None = main(argv)
        except SystemExit as exc:  # --help
            status = exc.code
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def bad_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text("company: {type: zzz}\n", encoding="utf-8")
    return path


def test_help_and_argparse_words_follow_lang_and_english_stays_the_default() -> None:
    status, out, _ = _run(["advise", "--help", "--lang", "fr"])
    assert status == 0
    assert out.startswith("utilisation\u00a0: rightsrules advise")
    assert "Déduire et afficher les conseils pour un scénario" in out
    assert "afficher ce message d'aide et quitter" in out
    status, out, _ = _run(["advise", "--help"])
    assert out.startswith("usage: rightsrules advise")
    assert "show this help message and exit" in out
    # argparse's own gettext is given back after the command
    assert argparse.ArgumentParser(prog="p").format_usage() == "usage: p [-h]\n"


def test_an_argparse_error_in_arabic() -> None:
    status, _, err = _run(["advise", "--lang", "ar"])
    assert status == 2
    assert "rightsrules: خطأ: الوسائط التالية مطلوبة: SCENARIO" in err


def test_an_input_error_keeps_its_place_and_values_in_french(bad_scenario: Path) -> None:
    status, _, err = _run(["advise", str(bad_scenario), "--lang", "fr"])
    assert status == 2
    assert err.startswith(
        f"rightsrules\u00a0: erreur\u00a0: {bad_scenario}:1: company.type: 'zzz' "
    )
    assert f"{bad_scenario}:1: company.name: clé obligatoire manquante" in err
    assert "mobile_network_operator" in err  # the ids stay as they are


def test_the_environment_language_reaches_the_messages(
    bad_scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    _, _, err = _run(["advise", str(bad_scenario)])
    assert f"{bad_scenario}:1: company.name: falta una clave obligatoria" in err
    monkeypatch.setenv("LANG", "C.UTF-8")
    _, _, err = _run(["advise", str(bad_scenario)])
    assert f"{bad_scenario}:1: company.name: required key is missing" in err


def _interview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, typed: str) -> str:
    scenario = tmp_path / "s.yaml"
    scenario.write_text("company: {name: Example Net, type: isp}\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    _, _, err = _run(
        ["interview", str(scenario), "--lang", lang, "--out", str(tmp_path / "o.yaml")]
    )
    return err


def test_the_interview_takes_its_keywords_in_the_language_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same session, the keywords typed in English or in the language (the typed words
    # are echoed, so they are set aside before comparing).
    for lang, (why, stop), (asked, ended) in [
        ("fr", ("?why", "stop"), ("pourquoi ?", "arrêter")),
        ("ar", ("why", "stop"), ("لماذا؟", "توقف")),
    ]:
        english = _interview(tmp_path, monkeypatch, lang, f"{why}\n{stop}\n").splitlines()
        local = _interview(tmp_path, monkeypatch, lang, f"{asked}\n{ended}\n").splitlines()
        assert len(local) == len(english) > 3
        assert [line for line in local if not line.endswith((asked, ended))] == [
            line for line in english if not line.endswith((why, stop))
        ]
    assert "pourquoi cette question" in _interview(tmp_path, monkeypatch, "fr", "pourquoi\n")
    with using("fr"):
        assert read_answer("organization.networks", "aucun") == ()
        assert read_answer("organization.networks", "none") == ()


def test_lists_are_joined_as_the_language_joins_them() -> None:
    assert join_words(["a", "b", "c"]) == "a, b and c"
    with using("ar"):
        assert join_words(["أ", "ب", "ج"]) == "أ وب وج"
        assert join_words(["أ", "ب"], "or") == "أ أو ب"
    with using("es"):
        assert join_words(["a", "b", "c"], "or") == "a, b o c"


def test_the_search_words_are_translated_apart_from_the_department_words() -> None:
    with using("fr"):
        assert words("trust_and_safety") == "confiance et sécurité"
        assert SEARCH_TERMS["contact:trust_and_safety"] == "trust and safety"
        assert SEARCH_TERMS["contact:legal"] == "juriste"


@pytest.mark.parametrize(
    ("lang", "greeting"),
    [
        ("en", "To the "),
        ("fr", "À l'attention de l'équipe "),
        ("es", "Para el equipo "),
        ("ar", "إلى الفريق "),
    ],
)
def test_the_letter_greets_the_team_in_every_language(lang: str, greeting: str) -> None:
    from rightsrules.scenario import load_scenario

    advice = assess(load_scenario(EXAMPLE), lang=lang)
    assert build_plan(advice).letter.text.startswith(greeting)
