"""The engagement plans of two bundled examples in each language, Markdown and HTML, compared
byte for byte with tests/golden/i18n (regenerate with RIGHTSRULES_UPDATE_GOLDEN=1, see
tests/golden/README.md). They are made from the shipped catalogues, so they change when a
translation does; a language with no catalogue yet is shown in English."""

from __future__ import annotations

import pytest

from rightsrules import ReferenceEvaluator, assess
from rightsrules.knowledge import builtin_facts_dir
from rightsrules.render import to_report_html, to_report_markdown

from . import golden_files as golden

GOLDEN = golden.GOLDEN / "i18n"
EXAMPLES = ("mno-network-shutdown", "7amleh-content-moderation")


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_the_plan_in_each_language(example: str, language: str) -> None:
    path = builtin_facts_dir() / "examples" / f"{example}.yaml"
    advice = assess(path, evaluator=ReferenceEvaluator(), lang=language)
    version = advice.rules_version
    golden.check_golden(GOLDEN / f"{example}.{language}.md", to_report_markdown(advice), version)
    golden.check_golden(GOLDEN / f"{example}.{language}.html", to_report_html(advice), version)
