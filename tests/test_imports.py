"""The package imports in one direction: no module inside it imports the package root, the
explanations build on the library (never on its front door, the renderers or the command
line), and the version is written once."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import rightsrules
from rightsrules._version import __version__

PACKAGE = Path(rightsrules.__file__).resolve().parent
ROOT = PACKAGE.parents[1]
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Each import of a module, anywhere in it: (line, absolute module, names imported)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            yield node.lineno, target, tuple(alias.name for alias in node.names)


def submodule(name: str) -> bool:
    return (PACKAGE / f"{name}.py").is_file() or (PACKAGE / name / "__init__.py").is_file()


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_imports_the_package_root(path: Path) -> None:
    if path == PACKAGE / "__init__.py":
        return
    found = [
        f"line {line}: {', '.join(names)}"
        for line, target, names in imports(path)
        if target == "rightsrules" and any(not submodule(n) for n in names)
    ]
    assert not found, f"{module_name(path)} imports the package root ({'; '.join(found)})"


EXPLAIN = sorted((PACKAGE / "explain").glob("*.py"))
ABOVE_EXPLAIN = ("rightsrules.api", "rightsrules.render", "rightsrules.cli")


@pytest.mark.parametrize("path", EXPLAIN, ids=module_name)
def test_the_explanations_import_nothing_above_them(path: Path) -> None:
    found = [
        f"line {line}: {target}"
        for line, target, _ in imports(path)
        if any(target == above or target.startswith(above + ".") for above in ABOVE_EXPLAIN)
    ]
    assert not found, f"{module_name(path)} imports {'; '.join(found)}"


def test_the_version_is_the_one_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"]
    assert rightsrules.__version__ is __version__
