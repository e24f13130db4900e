"""The public surface is exactly what ``__all__`` says, and every name in it exists."""

from __future__ import annotations

import rightsrules


def test_all_is_sorted_and_complete() -> None:
    names = rightsrules.__all__
    assert list(names) == sorted(names, key=lambda name: (not name[0].isupper(), name))
    for name in names:
        assert hasattr(rightsrules, name), name


def test_no_public_name_is_left_out_of_all() -> None:
    public = {
        name
        for name, value in vars(rightsrules).items()
        if not name.startswith("_") and not isinstance(value, type(rightsrules))
    }
    assert public <= set(rightsrules.__all__)


def test_every_exception_derives_from_the_root() -> None:
    for name in rightsrules.__all__:
        value = getattr(rightsrules, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, rightsrules.RightsRulesError), name
