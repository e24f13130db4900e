"""The public surface is exactly what ``__all__`` says, and every name in it exists."""

from __future__ import annotations

import json
import subprocess
import sys
from types import ModuleType

import rightsrules


def public_names(module: ModuleType) -> set[str]:
    """Every public name the package gives, loaded or still lazy (``dir`` lists both):
    not its submodules, and ``__version__`` as the one dunder."""
    return {
        name
        for name in dir(module)
        if not name.startswith("_") and not isinstance(getattr(module, name), ModuleType)
    } | {"__version__"}


def test_all_is_sorted_and_complete() -> None:
    names = rightsrules.__all__
    assert list(names) == sorted(names, key=lambda name: (not name[0].isupper(), name))
    for name in names:
        assert hasattr(rightsrules, name), name


def test_the_public_names_are_exactly_all() -> None:
    assert public_names(rightsrules) == set(rightsrules.__all__)


def test_the_lazy_names_are_all_before_any_is_loaded() -> None:
    """``dir`` of a freshly imported package (nothing loaded but the root) is ``__all__``."""
    code = (
        "import json, rightsrules, types; "
        "print(json.dumps(sorted(n for n in dir(rightsrules) if not n.startswith('_') "
        "and not isinstance(vars(rightsrules).get(n), types.ModuleType))))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(shown) == sorted(set(rightsrules.__all__) - {"__version__"})


def test_every_exception_derives_from_the_root() -> None:
    for name in rightsrules.__all__:
        value = getattr(rightsrules, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, rightsrules.RightsRulesError), name
