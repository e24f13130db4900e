"""The engagement plan, the terminal rendering and the derivation picture compared byte for
byte with golden files in tests/golden/render, over the fixture knowledge base (so they change
only when a rendering or the fixture does). Regenerate with RIGHTSRULES_UPDATE_GOLDEN=1 (see
tests/golden/README.md)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from rightsrules import Advice, KnowledgeBase, ReferenceEvaluator, assess
from rightsrules.render import derivation_svg, to_report_html, to_report_markdown
from rightsrules.render.terminal import advice_renderable, proof_tree

from . import golden_files as golden

GOLDEN = golden.GOLDEN / "render"

SCENARIO = {
    "company": {
        "name": "Example Mobile <Fixture>",
        "type": "mobile_network_operator",
        "publicly_traded": True,
        "state_ownership": "partial",
        "public_commitments": ["Example Privacy Pledge"],
    },
    "context": {"country": "NG"},
    "concern": {"issue": "network_disruption", "driver": "government"},
    "organization": {"name": "Example Group", "relationship": "ally", "can_offer": ["mapping"]},
    "engagement": {"stage": "unresponsive", "response_deadline": "2030-01-15"},
}


@pytest.fixture(scope="module")
def advice(seed_kb: KnowledgeBase) -> Advice:
    return assess(SCENARIO, seed_kb, evaluator=ReferenceEvaluator())


def check_golden(name: str, text: str, version: str) -> None:
    golden.check_golden(GOLDEN / name, text, version)


def record(renderable: object) -> str:
    console = Console(width=100, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def test_report_markdown(advice: Advice) -> None:
    check_golden("plan.md", to_report_markdown(advice), advice.rules_version)


def test_report_html(advice: Advice) -> None:
    check_golden("plan.html", to_report_html(advice), advice.rules_version)


def test_terminal(advice: Advice) -> None:
    check_golden("advice.txt", record(advice_renderable(advice)), advice.rules_version)


def test_proof_tree(advice: Advice) -> None:
    tree = record(proof_tree(advice, "strategy:investor_engagement"))
    check_golden("proof-investor-engagement.txt", tree, advice.rules_version)


def test_derivation_svg(advice: Advice) -> None:
    check_golden("derivation.svg", derivation_svg(advice, title="Fixture"), advice.rules_version)
