"""What a rule author needs is in the repository itself (issue 13, item 7): the guide's
sections and the vocabulary, printed by ``rightsrules rules --sections`` / ``--vocabulary``
and committed as docs/sections.md and docs/vocabulary.md, which must be current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rightsrules import KnowledgeBase, load_knowledge_base
from rightsrules.authoring import PAGES, sections_markdown, vocabulary_markdown, write_pages
from rightsrules.cli import main
from rightsrules.vocabulary import FIELDS, STEP_PHASES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(rulepacks=False)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_committed_page_is_current(kb: KnowledgeBase, name: str) -> None:
    assert (DOCS / name).read_text(encoding="utf-8") == PAGES[name](kb), (
        f"docs/{name} is out of date: run `make docs` and commit it"
    )


def test_write_pages_writes_what_the_test_compares(tmp_path: Path, kb: KnowledgeBase) -> None:
    written = write_pages(tmp_path)
    assert sorted(p.name for p in written) == sorted(PAGES)
    for path in written:
        assert path.read_text(encoding="utf-8") == PAGES[path.name](kb)


def test_the_sections_page_names_every_section_in_the_guides_order(kb: KnowledgeBase) -> None:
    page = sections_markdown(kb)
    found = re.findall(r"^\| `([^`]+)` \|", page, flags=re.MULTILINE)
    assert found == list(kb.sections)


def test_the_vocabulary_page_names_every_path_value_and_conclusion(kb: KnowledgeBase) -> None:
    page = vocabulary_markdown(kb)
    for field in FIELDS.values():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{field.path}`"))
        for value in field.allowed:
            assert f"`{value}`" in row, (field.path, value)
    for conclusion_id in kb.conclusions:
        assert f"| `{conclusion_id}` |" in page
    for phase in STEP_PHASES:
        assert f"`{phase}`" in page


def test_cli_rules_sections_and_vocabulary(
    capsys: pytest.CaptureFixture[str], kb: KnowledgeBase
) -> None:
    assert main(["rules", "--sections"]) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[-1] == f"{len(kb.sections)} sections"
    assert all(section_id in text for section_id in kb.sections)
    assert main(["rules", "--sections", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["sections"]] == list(kb.sections)
    assert main(["rules", "--vocabulary", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["path"] for f in data["fields"]] == list(FIELDS)
    assert {c["id"] for c in data["conclusions"]} == set(kb.conclusions)
    assert main(["rules", "--vocabulary"]) == 0
    assert "engagement.stage  [one value: planning, " in capsys.readouterr().out


def test_cli_markdown_is_for_the_pages_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "markdown"]) == 2
    assert "--sections" in capsys.readouterr().err
    assert main(["rules", "--sections", "--vocabulary"]) == 2


def test_the_docs_point_inside_the_repository() -> None:
    """docs/ and the README once sent rule authors to files outside the repository."""
    authoring = (DOCS / "authoring.md").read_text(encoding="utf-8")
    assert "(sections.md)" in authoring and "(vocabulary.md)" in authoring
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/sections.md" in readme and "docs/vocabulary.md" in readme
    assert "3.11, 3.12 and 3.13" in readme
    for path in [ROOT / "README.md", *DOCS.glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"shared/(guide|design)/", text), path.name
