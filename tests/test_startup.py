"""Start-up: a command imports only what it runs, and nothing that reads rule files when the
knowledge base comes from its cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[1] / "facts" / "examples" / "mno-network-shutdown.yaml"

PROBE = """
import json, sys
from rightsrules.cli import main
status = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"status": status, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def modules_after(tmp_path: Path, *args: str) -> set[str]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    environment.pop("RIGHTSRULES_NO_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr.splitlines()[-1])
    assert report["status"] == 0, result.stderr
    return set(report["modules"])


def test_advise_from_the_cache_reads_no_rule_file_machinery(tmp_path: Path) -> None:
    first = modules_after(tmp_path, "advise", str(EXAMPLE))
    assert "jsonschema" in first  # the first run checked the rule files
    loaded = modules_after(tmp_path, "advise", str(EXAMPLE))
    assert "rightsrules.cli.advise_cmd" in loaded and "rightsrules.render.text" in loaded
    for heavy in ("jsonschema", "importlib.metadata", "networkx", "rich"):
        assert heavy not in loaded, heavy
    commands = {name for name in loaded if name.startswith("rightsrules.cli.")}
    assert commands == {"rightsrules.cli._common", "rightsrules.cli.advise_cmd"}
    for module in ("lint", "rulecases", "batch", "render.report", "render.svg", "explain"):
        assert f"rightsrules.{module}" not in loaded, module


def test_reading_rule_files_builds_no_iri_grammar(tmp_path: Path) -> None:
    # rfc3987-syntax (installed here by JupyterLab) makes jsonschema compile about forty
    # grammars at import, 3 s of CPU; rightsrules checks no formats, so it imports jsonschema
    # without them, and leaves the package importable for everyone else.
    script = (
        "import sys; from rightsrules.knowledge import load_knowledge_base; "
        "load_knowledge_base(); "
        "assert 'jsonschema' in sys.modules and 'rfc3987_syntax' not in sys.modules; "
        "import importlib.util; "
        "assert importlib.util.find_spec('rfc3987_syntax') is None or "
        "importlib.import_module('rfc3987_syntax') is not None"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "RIGHTSRULES_NO_CACHE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
