"""Explanations: how (proofs and their renderings), why-not, what-if and questions.

Most tests run on the fixture knowledge base (tests/fixtures/kb plus
tests/fixtures/explain_kb) with the reference evaluator; the issue's acceptance scenario runs
on the real one (see test_explain_real.py). Renderings are compared with golden files in
tests/golden/explain; see tests/golden/README.md to regenerate them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pydot
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsrules import (
    Advice,
    ExplanationError,
    KnowledgeBase,
    ReferenceEvaluator,
    ScenarioError,
    UnknownConclusionError,
    assess,
    load_knowledge_base,
    what_if,
)
from rightsrules.conditions import Premise, Truth
from rightsrules.explain import ConclusionProof, Fact, Proof, questions
from rightsrules.explain.questions import probe_values, questions_json, questions_text
from rightsrules.graph import proof_subgraph
from rightsrules.vocabulary import FIELDS
from rightsrules.wording import describe_premise

from . import golden_files as golden
from .conftest import SEED
from .proof_checks import assert_well_founded
from .strategies import scenario_dicts_over

# pydot's parser uses pyparsing names that newer pyparsing deprecates.
pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")

EXTRA = Path(__file__).parent / "fixtures" / "explain_kb"
GOLDEN = golden.GOLDEN / "explain"

AWKWARD = 'GSMA "Mobile" <Assoc> & co'

#: Every path the fixture rules read, with values that make them fire or not.
POOLS: dict[str, tuple[Any, ...]] = {
    "company.type": ("mobile_network_operator", "isp", "cloud_company"),
    "company.licensed": (True, False),
    "company.publicly_traded": (True, False),
    "company.state_ownership": ("none", "partial", "full"),
    "company.industry_associations": ((), (AWKWARD,), ("Other",), (AWKWARD, "Other")),
    "organization.relationship": ("none", "ally", "contact"),
    "engagement.stage": ("planning", "unresponsive"),
    "context.legal_mapping_done": (True, False),
}

RICH = {
    "company": {
        "name": "Example Mobile",
        "type": "mobile_network_operator",
        "publicly_traded": True,
        "state_ownership": "partial",
        "industry_associations": [AWKWARD],
    },
    "organization": {"relationship": "ally"},
}

SPARSE = {
    "company": {"name": "Example Mobile", "type": "mobile_network_operator"},
    "organization": {"relationship": "ally"},
    "engagement": {"stage": "unresponsive"},
    "context": {"legal_mapping_done": True},
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base([SEED / "rules", EXTRA], builtin=False, facts_dir=SEED / "facts")


@pytest.fixture(scope="module")
def rich(kb: KnowledgeBase) -> Advice:
    return assess(RICH, kb, evaluator=ReferenceEvaluator())


@pytest.fixture(scope="module")
def sparse(kb: KnowledgeBase) -> Advice:
    return assess(SPARSE, kb, evaluator=ReferenceEvaluator())


def check_golden(name: str, text: str, version: str) -> None:
    """Compare ``text`` with tests/golden/explain/NAME (the rules version masked)."""
    golden.check_golden(GOLDEN / name, text, version)


# -- how --------------------------------------------------------------------------------------


def test_a_chained_proof_goes_down_to_the_scenario_facts(rich: Advice) -> None:
    proof = rich.explain("strategy:investor_engagement")
    (rule,) = proof.root.justifications
    assert rule.rule == "investors.engage"
    (chained,) = rule.premises
    assert isinstance(chained, ConclusionProof)
    assert chained.id == "leverage:investors"
    (inner,) = chained.justifications
    assert inner.premises == (Fact(Premise.of_fact("company.publicly_traded", True)),)
    assert proof.facts() == ("fact:company.publicly_traded=true",)
    assert proof.sources == ("appendix.mno",)


def test_every_justification_of_a_conclusion_is_shown(rich: Advice) -> None:
    proof = rich.explain("strategy:private_advocacy")
    assert [j.rule for j in proof.root.justifications] == ["private.state", "private.ally"]
    assert proof.sources == ("II.d", "appendix.mno")


def test_an_assumed_fact_shows_the_default_behind_it(rich: Advice) -> None:
    proof = rich.explain("leverage:government_licence")
    assert proof.assumptions == ("company.licensed",)
    licensed = proof.root.justifications[0].premises[1]
    assert isinstance(licensed, Fact)
    assert licensed.assumed_by is not None
    assert licensed.assumed_by.rule == "mno.default-licensed"
    assert licensed.assumed_by.default
    assert {"conclusion": "fact:company.licensed=true", "rule": "mno.default-licensed",
            "premises": ["fact:company.type=mobile_network_operator"]} in proof.steps()  # fmt: skip


def test_steps_have_the_shape_of_the_advice_derivations(rich: Advice) -> None:
    for conclusion in rich:
        for step in rich.explain(conclusion.id).steps():
            assert set(step) == {"conclusion", "rule", "premises"}
            if not step["conclusion"].startswith("fact:"):
                derivations = [d.to_dict() for d in rich[step["conclusion"]].derivations]
                assert {"rule": step["rule"], "premises": step["premises"]} in derivations


def test_direct_detail_stops_at_chained_conclusions(rich: Advice) -> None:
    proof = rich.explain("strategy:investor_engagement", detail="direct")
    chained = proof.root.justifications[0].premises[0]
    assert isinstance(chained, ConclusionProof)
    assert not chained.expanded
    assert [s["conclusion"] for s in proof.steps()] == ["strategy:investor_engagement"]


def test_explain_refuses_what_the_advice_does_not_hold(sparse: Advice) -> None:
    with pytest.raises(UnknownConclusionError, match="why-not"):
        sparse.explain("strategy:investor_engagement")
    with pytest.raises(UnknownConclusionError, match="unknown conclusion"):
        sparse.explain("strategy:nothing")
    with pytest.raises(ValueError, match="detail"):
        sparse.explain("challenge:sim_registration", detail="some")


def test_premises_in_words() -> None:
    relationship = Premise.of_fact("organization.relationship", "ally", negated=True)
    assert relationship.path == "organization.relationship"
    associations = "company.industry_associations"
    assert describe_premise(Premise.of_fact(associations, ())) == f"{associations} is empty"
    assert describe_premise(Premise.of_fact(associations, (), negated=True)) == (
        f"{associations} is not empty"
    )
    assert describe_premise(Premise.of_fact(associations, "GSMA")) == (
        f"{associations} includes GSMA"
    )
    assert describe_premise(relationship) == "organization.relationship is not ally"
    assert describe_premise(Premise.of_unknown("company.size")) == "company.size is not given"


PROOFS = (
    "strategy:investor_engagement",
    "strategy:private_advocacy",
    "leverage:government_licence",
    "strategy:industry_association",
)


@pytest.mark.parametrize("conclusion", PROOFS)
@pytest.mark.parametrize("format", ["text", "markdown", "mermaid", "dot", "json"])
def test_proof_renderings_match_golden_files(rich: Advice, conclusion: str, format: str) -> None:
    suffix = {"text": "txt", "markdown": "md", "mermaid": "mmd", "dot": "dot", "json": "json"}
    name = f"{conclusion.replace(':', '-')}.{suffix[format]}"
    check_golden(name, rich.explain(conclusion).render(format), rich.rules_version)


def test_direct_rendering_matches_golden_file(rich: Advice) -> None:
    text = rich.explain("strategy:industry_association", detail="direct").to_text()
    check_golden("strategy-industry_association.direct.txt", text, rich.rules_version)


def test_unknown_format_is_refused(rich: Advice) -> None:
    with pytest.raises(ValueError, match="format"):
        rich.explain("strategy:private_advocacy").render("html")


def test_user_text_is_escaped_in_markdown(rich: Advice) -> None:
    markdown = rich.explain("strategy:industry_association").to_markdown()
    assert "<Assoc>" not in markdown
    assert "\\<Assoc\\>" in markdown


# -- Mermaid and DOT parse --------------------------------------------------------------------

_MERMAID_NODE = re.compile(r'^    (n\d+)(\["|\(\["|\[/")((?:[^"\\]|#quot;)*)("\]|"\]\)|"/\])$')
_MERMAID_EDGE = re.compile(r"^    (n\d+) --> (n\d+)$")
_MERMAID_CLASSDEF = re.compile(r"^    classDef ([a-z]+) [a-z-]+:[^,]+(,[a-z-]+:[^,]+)*$")
_MERMAID_CLASS = re.compile(r"^    class (n\d+(?:,n\d+)*) [a-z]+$")
_CLOSERS = {'["': '"]', '(["': '"])', '[/"': '"/]'}


def parse_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """A strict reader for the flowchart subset the proofs use: every line must be a header,
    a node, an edge or a class line; labels quoted, with no raw quote, bracket or newline;
    edges only between declared nodes."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart BT"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    for line in lines[1:]:
        if node := _MERMAID_NODE.match(line):
            name, opener, label, closer = node.groups()
            assert _CLOSERS[opener] == closer, line
            plain = label.replace("<br/>", "")
            assert not set(plain) & set('"<>[]{}'), line
            assert name not in nodes, f"node declared twice: {line}"
            nodes[name] = label
        elif edge := _MERMAID_EDGE.match(line):
            source, target = edge.groups()
            assert source in nodes and target in nodes, line
            edges.append((source, target))
        elif classdef := _MERMAID_CLASSDEF.match(line):
            assert classdef.group(1) != "default", "'default' would style every node"
        elif cls := _MERMAID_CLASS.match(line):
            assert all(name in nodes for name in cls.group(1).split(",")), line
        else:
            raise AssertionError(f"not a Mermaid line of the proof subset: {line!r}")
    return nodes, edges


@pytest.mark.parametrize("conclusion", PROOFS)
def test_mermaid_parses(rich: Advice, conclusion: str) -> None:
    proof = rich.explain(conclusion)
    nodes, edges = parse_mermaid(proof.to_mermaid())
    labels = list(nodes.values())
    assert labels[0].startswith(conclusion)
    for label in labels:
        assert '"' not in label.replace("#quot;", "")
        assert "<" not in label.replace("<br/>", "")
    assert len(edges) == len(set(edges))


def _unquote(name: object) -> str:
    text = str(name)
    return text[1:-1].replace('\\"', '"') if text.startswith('"') else text


def _parse_dot(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None and len(graphs) == 1, "not one DOT graph"
    return graphs[0]


@pytest.mark.parametrize("conclusion", PROOFS)
def test_dot_parses(rich: Advice, conclusion: str) -> None:
    proof = rich.explain(conclusion)
    graph = _parse_dot(proof.to_dot())
    names = {_unquote(node.get_name()) for node in graph.get_nodes()} - {"node"}
    assert conclusion in names
    for edge in graph.get_edges():
        assert _unquote(edge.get_source()) in names
        assert _unquote(edge.get_destination()) in names
    assert set(proof.facts()) <= names


def test_dot_escapes_awkward_text(rich: Advice) -> None:
    dot = rich.explain("strategy:industry_association").to_dot()
    graph = _parse_dot(dot)
    labels = [node.get("label") for node in graph.get_nodes() if node.get("label")]
    assert any('\\"Mobile\\"' in label for label in labels)


# -- why not ----------------------------------------------------------------------------------


def test_why_not_recurses_into_an_unreached_chain(sparse: Advice) -> None:
    report = sparse.why_not("strategy:investor_engagement")
    assert report.truth is Truth.UNKNOWN
    (attempt,) = report.attempts
    (failure,) = attempt.failures
    assert failure.conclusion == "leverage:investors"
    assert failure.why_not is not None
    assert report.unknown_paths() == ("company.publicly_traded",)
    assert [f.path for f in report.unknown_conditions()] == ["company.publicly_traded"]


def test_why_not_shows_the_value_that_contradicts(sparse: Advice) -> None:
    report = sparse.why_not("strategy:escalate_publicly")
    assert report.truth is Truth.FALSE
    (failure,) = report.false_conditions()
    assert failure.condition == "organization.relationship != ally"
    assert failure.value == "ally"
    assert not failure.assumed
    assert report.attempts[0].held == ("engagement.stage = unresponsive",)


def test_why_not_covers_every_alternative(sparse: Advice) -> None:
    report = sparse.why_not("step:map_local_law")
    assert [(a.rule, a.alternative, a.alternatives) for a in report.attempts] == [
        ("law.map", 1, 2),
        ("law.map", 2, 2),
    ]
    assert all(f.value is True for f in report.false_conditions())


def test_a_value_from_a_default_counts_as_open(sparse: Advice) -> None:
    report = sparse.why_not("step:check_licence")
    (failure,) = report.false_conditions()
    assert failure.assumed and failure.value is True
    assert report.truth is Truth.UNKNOWN
    assert report.unknown_paths() == ("company.licensed",)


def test_why_not_errors(sparse: Advice) -> None:
    with pytest.raises(ExplanationError, match="is in this advice"):
        sparse.why_not("challenge:sim_registration")
    with pytest.raises(UnknownConclusionError, match="unknown conclusion"):
        sparse.why_not("strategy:nothing")
    with pytest.raises(UnknownConclusionError, match="no rule"):
        sparse.why_not("precedent:unreachable")


@pytest.mark.parametrize(
    "conclusion",
    ["strategy:investor_engagement", "strategy:escalate_publicly", "step:check_licence",
     "strategy:industry_association"],
)  # fmt: skip
@pytest.mark.parametrize("format", ["text", "json"])
def test_why_not_renderings_match_golden_files(
    sparse: Advice, conclusion: str, format: str
) -> None:
    report = sparse.why_not(conclusion)
    name = f"why-not-{conclusion.replace(':', '-')}.{'txt' if format == 'text' else 'json'}"
    check_golden(name, report.render(format), sparse.rules_version)


# -- what if ----------------------------------------------------------------------------------


def test_what_if_adds_with_proofs_and_removes_with_reasons(kb: KnowledgeBase) -> None:
    result = what_if(
        SPARSE,
        {"company.publicly_traded": True, "organization.relationship": "none"},
        kb,
        evaluator=ReferenceEvaluator(),
    )
    assert result.added == (
        "leverage:investors",
        "strategy:investor_engagement",
        "strategy:escalate_publicly",
    )
    assert result.removed == ("strategy:private_advocacy",)
    assert set(result.proofs_added) == set(result.added)
    assert all(isinstance(p, Proof) for p in result.proofs_added.values())
    reasons = result.reasons_removed["strategy:private_advocacy"]
    assert [f.value for f in reasons.false_conditions()] == ["none"]
    data = result.to_dict()
    assert data["added"] == list(result.added)
    assert data["removed"] == ["strategy:private_advocacy"]


def test_what_if_reports_ranking_changes(kb: KnowledgeBase, sparse: Advice) -> None:
    base = sparse.what_if({"organization.relationship": "none", "company.state_ownership": "full"})
    after = base.after
    result = after.what_if({"organization.relationship": "ally"})
    assert result.added == ()
    changes = {c.id: (c.before, c.after) for c in result.rank_changes}
    assert changes["strategy:private_advocacy"] == (2, 1)


def test_a_shift_from_an_added_conclusion_is_not_a_rank_change(sparse: Advice) -> None:
    result = sparse.what_if({"company.publicly_traded": True})
    assert "strategy:investor_engagement" in result.added
    public = (
        sparse["strategy:public_advocacy"].rank,
        result.after["strategy:public_advocacy"].rank,
    )
    assert public[0] != public[1]
    assert result.rank_changes == ()


def test_what_if_from_an_advice_reuses_its_knowledge_base(sparse: Advice) -> None:
    result = what_if(sparse, {"company.publicly_traded": True})
    assert result.after.knowledge_base is sparse.knowledge_base
    assert result.after.engine == "reference"


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"company.sise": "large"}, "company.sise", "did you mean 'company.size'"),
        ({"company.size": "huge"}, "company.size", "huge"),
        ({"company.publicly_traded": "yes"}, "company.publicly_traded", "true or false"),
        ({"company.type": None}, "company.type", "required"),
        ({"nonsense": 1}, "nonsense", "unknown scenario path"),
    ],
)
def test_what_if_names_a_bad_change(
    sparse: Advice, changes: dict[str, Any], key: str, message: str
) -> None:
    with pytest.raises(ScenarioError, match=message) as caught:
        sparse.what_if(changes)
    assert caught.value.key == key


def test_what_if_renderings_match_golden_files(sparse: Advice) -> None:
    result = sparse.what_if({"company.publicly_traded": True, "organization.relationship": "none"})
    check_golden("what-if.txt", result.render("text"), sparse.rules_version)
    check_golden("what-if.json", result.render("json"), sparse.rules_version)


# -- questions --------------------------------------------------------------------------------


def test_questions_list_the_open_facts_that_matter(sparse: Advice) -> None:
    found = {q.path: q for q in sparse.questions()}
    assert "company.publicly_traded" in found
    traded = found["company.publicly_traded"]
    assert traded.question == FIELDS["company.publicly_traded"].question
    assert traded.could_add == ("leverage:investors", "strategy:investor_engagement")
    assert traded.answer(True).adds == traded.could_add
    assert traded.answer(False).adds == ()
    licensed = found["company.licensed"]
    assert licensed.assumed is True
    assert licensed.could_remove == ("leverage:government_licence",)
    assert licensed.could_add == ("step:check_licence",)
    # known facts, and open facts no answer of which changes anything, are not asked
    assert "organization.relationship" not in found
    assert "company.size" not in found


def test_questions_are_ranked_by_impact(sparse: Advice) -> None:
    found = sparse.questions()
    keys = [q.rank_key for q in found]  # those that change the advice, then those that reorder
    assert keys == sorted(keys)
    assert [q.effect for q in found] == sorted(q.effect for q in found)  # "changes" < "reorders"
    assert all(q.impact >= (1, 1) for q in found)


def test_free_text_list_questions_probe_empty_and_non_empty(sparse: Advice) -> None:
    found = {q.path: q for q in sparse.questions()}
    associations = found["company.industry_associations"]
    assert associations.free
    assert associations.answer(()).adds == ()
    assert associations.answer(("something else",)).adds == ("leverage:industry_association",)
    assert "strategy:industry_association" in associations.answer((AWKWARD,)).adds


def test_probe_values() -> None:
    assert probe_values(FIELDS["company.size"], []) == ("small", "medium", "large")
    assert probe_values(FIELDS["context.country"], ["NG"]) == ("NG", "AD")
    departments = probe_values(FIELDS["company.departments"], [])
    assert departments[0] == () and len(departments) == 1 + 5 + 1


def test_questions_renderings_match_golden_files(sparse: Advice) -> None:
    found = sparse.questions()
    check_golden("questions.txt", questions_text(found), sparse.rules_version)
    check_golden("questions.json", questions_json(found) + "\n", sparse.rules_version)
    for item in json.loads(questions_json(found)):
        assert {"path", "question", "answers", "could_add", "could_remove"} <= set(item)


def test_no_question_when_nothing_is_open(kb: KnowledgeBase) -> None:
    scenario = {
        "company": {
            "name": "X",
            "type": "isp",
            "licensed": True,
            "publicly_traded": False,
            "state_ownership": "none",
            "industry_associations": [],
        },
        "organization": {"relationship": "none"},
        "engagement": {"stage": "planning"},
        "context": {"legal_mapping_done": True},
    }
    advice = assess(scenario, kb, evaluator=ReferenceEvaluator())
    assert questions(advice) == ()
    assert questions_text(()) == "No open fact would change this advice.\n"


# -- properties -------------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(data=scenario_dicts_over(POOLS))
def test_property_every_explanation_is_well_founded(kb: KnowledgeBase, data: Any) -> None:
    advice = assess(data, kb, evaluator=ReferenceEvaluator())
    for conclusion in advice:
        proof = advice.explain(conclusion.id)
        assert_well_founded(advice, proof)
        assert set(proof.assumptions) == set(conclusion.assumptions)
        parse_mermaid(proof.to_mermaid())
        # the proof is the derivation graph's upstream of the conclusion, rule for rule
        upstream = proof_subgraph(advice.graph, conclusion.id)
        firings = {n for n, d in upstream.nodes(data=True) if d["kind"] == "firing"}
        assert {j.node for _, j in proof.justifications()} == firings
        facts = {n for n, d in upstream.nodes(data=True) if d["kind"] == "fact"}
        assert set(proof.facts()) | {f for f in facts if upstream.in_degree(f)} == facts


@PROPERTY
@given(data=scenario_dicts_over(POOLS))
def test_property_why_not_is_an_error_or_names_a_failure(kb: KnowledgeBase, data: Any) -> None:
    advice = assess(data, kb, evaluator=ReferenceEvaluator())
    for conclusion_id in kb.conclusions:
        if conclusion_id in advice:
            with pytest.raises(ExplanationError):
                advice.why_not(conclusion_id)
        elif kb.rules_concluding(conclusion_id):
            report = advice.why_not(conclusion_id)
            assert report.attempts
            assert all(attempt.failures for attempt in report.attempts)
            assert list(report.failures())


_CHANGE = st.sampled_from(sorted(POOLS)).flatmap(
    lambda path: st.tuples(st.just(path), st.sampled_from((*POOLS[path], None)))
)


@PROPERTY
@given(data=scenario_dicts_over(POOLS), changes=st.lists(_CHANGE, min_size=1, max_size=3))
def test_property_what_if_matches_a_fresh_assessment(
    kb: KnowledgeBase, data: Any, changes: list[tuple[str, Any]]
) -> None:
    changes = [(path, value) for path, value in changes if path != "company.type" or value]
    if not changes:
        return
    reference = ReferenceEvaluator()
    result = what_if(data, dict(changes), kb, evaluator=reference)
    before = assess(data, kb, evaluator=reference)
    after = assess(before.scenario.with_values(dict(changes)), kb, evaluator=reference)
    assert set(result.added) == set(after.ids) - set(before.ids)
    assert set(result.removed) == set(before.ids) - set(after.ids)
    for conclusion_id in result.removed:
        assert result.reasons_removed[conclusion_id].attempts


@PROPERTY
@given(data=scenario_dicts_over(POOLS))
def test_property_each_answer_does_what_the_question_says(kb: KnowledgeBase, data: Any) -> None:
    reference = ReferenceEvaluator()
    advice = assess(data, kb, evaluator=reference)
    for question in advice.questions():
        assert advice.scenario.get(question.path) is None
        for answer in question.answers:
            after = assess(advice.scenario.with_values({question.path: answer.value}), kb,
                           evaluator=reference)  # fmt: skip
            assert set(answer.adds) == set(after.ids) - set(advice.ids)
            assert set(answer.removes) == set(advice.ids) - set(after.ids)
            for moved in answer.moves_up:
                assert after[moved].score > advice[moved].score
            for moved in answer.moves_down:
                assert after[moved].score < advice[moved].score
        if question.effect == "changes":
            assert question.could_add or question.could_remove
        else:
            assert question.effect == "reorders"
            assert not (question.could_add or question.could_remove)
            assert question.could_move_up or question.could_move_down
