"""Catalogues made from the template for the tests: every message "translated" by a marker
put in front of its English text (after any leading spaces), so a test sees which texts came
from the catalogue, whatever the translators' catalogues hold at the time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import rightsrules.i18n.catalogues as catalogues

TEMPLATE = catalogues.LOCALE_DIR / "rightsrules.pot"
#: The marker each pseudo-catalogue puts in front of a text.
MARKERS = {"fr": "FR·", "es": "ES·", "ar": "عربي·"}


def marked(text: str, marker: str) -> str:
    body = text.lstrip()
    return text[: len(text) - len(body)] + marker + body


def write_pseudo_catalogue(
    folder: Path, language: str, *, skip: frozenset[str] = frozenset()
) -> Path:
    """A complete pseudo-catalogue of ``language`` under ``folder`` (a ``locale`` folder);
    the messages in ``skip`` are left untranslated."""
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    marker = MARKERS[language]
    catalog = Catalog(locale=Locale.parse(language), domain="rightsrules")
    for message in template:
        if not message.id:
            continue
        ident = message.id
        english = ident[0] if isinstance(ident, tuple) else ident
        if english in skip:
            string: str | tuple[str, ...] = "" if not isinstance(ident, tuple) else ("",) * 2
        elif isinstance(ident, tuple):
            forms = [str(form) for form in ident]
            string = tuple(marked(forms[min(i, 1)], marker) for i in range(catalog.num_plurals))
        else:
            string = marked(str(ident), marker)
        catalog.add(ident, string, context=message.context)
    path = catalogues.catalogue_path(language, folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return path


@pytest.fixture()
def pseudo_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The built-in catalogues replaced by complete pseudo-catalogues of fr, es and ar."""
    folder = tmp_path / "locale"
    for language in MARKERS:
        write_pseudo_catalogue(folder, language)
    monkeypatch.setattr(catalogues, "LOCALE_DIR", folder)
    catalogues.catalogue.cache_clear()
    yield folder
    catalogues.catalogue.cache_clear()
