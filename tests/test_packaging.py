"""The wheel carries the rules and catalogues: installed into an empty virtual environment,
``rightsrules`` works from any folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "facts" / "examples" / "mno-network-shutdown.yaml"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project's wheel (and its dependencies) installed."""
    where = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(where), str(ROOT)],
        check=True,
    )
    (wheel,) = where.glob("rightsrules-*.whl")
    env_dir = where / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    return env_dir / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [str(bin_dir / "rightsrules"), *args], capture_output=True, text=True, cwd=cwd, env=env
    )


def test_the_installed_command_advises_from_another_folder(installed: Path, tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_bytes(EXAMPLE.read_bytes())
    result = run(installed, "advise", "scenario.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    advice = json.loads(result.stdout)
    assert advice["conclusions"]
    assert "/work/" not in json.dumps(advice)


def test_the_installed_package_carries_its_rules(installed: Path, tmp_path: Path) -> None:
    result = run(installed, "rules", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = json.loads(result.stdout)["rules"]
    assert len(rules) > 20
    assert all("_data/rules" in rule["file"] for rule in rules)


def test_the_installed_interview_reads_its_script(installed: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        [str(installed / "rightsrules"), "interview"],
        input="Acme\nisp\nsim registration\nstop\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "why this is asked: " in result.stderr
    assert "issue: sim_registration" in result.stdout
