"""Pictures: the derivation graph and the portfolio chart are well-formed SVG with the
expected labels, laid out in layers, and escape every user-given string."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from rightsrules import (
    ReferenceEvaluator,
    ScenarioError,
    assess,
    assess_portfolio,
    read_scenarios_csv,
)
from rightsrules.render import derivation_svg, matrix_svg
from rightsrules.render.svg import Cell, layered_layout

SVG = "{http://www.w3.org/2000/svg}"

MNO = {
    "company": {
        "name": "Example Mobile",
        "type": "mobile_network_operator",
        "publicly_traded": True,
    },
    "concern": {"issue": "direct_access"},
}


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [
        element.text or ""
        for element in root.iter()
        if element.tag in (f"{SVG}text", f"{SVG}title")
    ]


def test_the_whole_derivation_graph_is_drawn() -> None:
    advice = assess(MNO)
    svg = derivation_svg(advice, title="Why")
    labels = texts(svg)
    rules = {data["rule"] for _, data in advice.graph.nodes(data=True) if data["kind"] == "firing"}
    shown = set(labels)
    for rule in rules:
        assert any(rule in label for label in shown), rule
    for conclusion in advice.conclusions:
        assert conclusion.id in shown  # the note under each conclusion box
    assert "company.type = mobile_network_operator" in shown
    assert svg.count('class="rr-node') == advice.graph.number_of_nodes()
    assert svg.count('marker-end="url(#rr-arrow)"') == advice.graph.number_of_edges()


def test_one_conclusion_draws_only_its_proof() -> None:
    advice = assess(MNO)
    svg = derivation_svg(advice, "strategy:investor_engagement")
    shown = set(texts(svg))
    assert "strategy:investor_engagement" in shown
    assert "leverage:investors" in shown  # chained through it
    assert "challenge:direct_access" not in shown


def test_assumed_facts_are_marked() -> None:
    advice = assess(MNO)
    assert advice.assumptions
    svg = derivation_svg(advice)
    assert "assumed fact" in texts(svg)  # the legend
    assert 'stroke-dasharray="4 3"' in svg


def test_layers_put_every_premise_before_what_it_supports() -> None:
    graph = assess(MNO).graph
    layers = layered_layout(graph)
    depth = {node: i for i, layer in enumerate(layers) for node in layer}
    assert set(depth) == set(graph.nodes)
    assert all(depth[a] < depth[b] for a, b in graph.edges)
    assert layered_layout(graph) == layers  # stable


def test_an_empty_graph_still_draws() -> None:
    assert layered_layout(nx.DiGraph()) == []


def test_user_text_is_escaped_in_pictures() -> None:
    hostile = '<script>alert("x")</script>'
    svg = matrix_svg([hostile], [hostile], {(0, 0): Cell(1)}, title=hostile)
    assert "<script" not in svg
    assert hostile in texts(svg)
    advice = assess({"company": {"name": hostile, "type": "isp"}}, evaluator=ReferenceEvaluator())
    assert "<script" not in derivation_svg(advice, title=hostile)


def write_csv(folder: Path, text: str) -> Path:
    path = folder / "portfolio.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_portfolio_from_csv_gives_a_table_and_a_chart(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "company.name,company.type,company.publicly_traded,company.departments\n"
        "Example Mobile,mobile_network_operator,true,policy;legal\n"
        "Example Net,isp,,\n"
        "Example Platform,social_media_platform,false,trust_and_safety\n",
    )
    portfolio = assess_portfolio(read_scenarios_csv(path))
    assert portfolio.companies == ("Example Mobile", "Example Net", "Example Platform")
    matrix = portfolio.matrix()
    assert ("Example Mobile", "strategy:investor_engagement") in matrix
    columns = portfolio.columns()
    assert columns and all(c.startswith("strategy:") for c in columns)
    svg = portfolio.to_svg()
    shown = texts(svg)
    for name in portfolio.companies:
        assert name in shown
    assert svg.count('class="rr-cell"') == len(matrix)
    table = portfolio.to_markdown()
    assert table.count("\n") == 2 + len(portfolio.companies)
    rows = portfolio.rows()
    assert rows[0]["company"] == "Example Mobile" and "investor_engagement" in rows[0]["strategy"]


def test_portfolio_rows_outside_the_guide_say_so_instead_of_staying_empty(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path,
        "company.name,company.type,company.size\n"
        "Example Pay,payment_processor,\n"
        "Example Startup,cloud_company,small\n"
        "Example Mobile,mobile_network_operator,large\n"
        "Example Unknown,other,\n",
    )
    portfolio = assess_portfolio(read_scenarios_csv(path))
    notes = portfolio.notes()
    assert "outside the guide's company types" in notes[0]
    assert "tech SME" in notes[1]
    assert notes[2] == ""
    assert "outside the guide's company types" in notes[3]
    table = portfolio.to_markdown().splitlines()
    assert table[0].endswith("| Note |")
    assert table[2].endswith("| outside the guide's company types |")
    assert "tech SME" in table[3]
    assert [row["note"] for row in portfolio.rows()] == list(notes)
    assert "outside the guide's company types" in texts(portfolio.to_svg())


def test_a_bad_portfolio_row_names_its_line_and_key(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "company.name,company.type\nExample A,isp\nExample B,spaceship\n")
    with pytest.raises(ScenarioError) as caught:
        read_scenarios_csv(path)
    (problem,) = caught.value.problems
    assert problem.line == 3 and problem.key == "company.type"


def test_the_portfolio_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from rightsrules.cli import main

    path = write_csv(
        tmp_path, "company.name,company.type\nExample <Net>,isp\nExample Cloud,cloud_company\n"
    )
    assert main(["portfolio", str(path)]) == 0
    table = capsys.readouterr().out
    assert table.startswith("| Company |") and "Example \\<Net\\>" in table
    out = tmp_path / "chart.html"
    assert main(["portfolio", str(path), "--format", "html", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "Example &lt;Net&gt;" in page
    assert main(["portfolio", str(path), "--format", "svg", "--kind", "leverage"]) == 0
    assert texts(capsys.readouterr().out)
    assert main(["portfolio", str(tmp_path / "missing.csv")]) == 2
    bad = write_csv(tmp_path, "company.name,company.kind\nA,isp\n")
    assert main(["portfolio", str(bad)]) == 2
    assert "company.kind" in capsys.readouterr().err
