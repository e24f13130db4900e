"""A knowledge base in another language: the same rules, ids and logic, with the texts of its
rules (titles, ``because``), conclusions, sections and resources translated from the
catalogue of that language (the built-in one, with a rule pack's own catalogues merged over it).

>>> from rightsrules.knowledge import load_knowledge_base
>>> kb = load_knowledge_base()
>>> translated(kb, "en") is kb
True
>>> french = translated(kb, "fr")
>>> french.program.rules == kb.program.rules, source(french) is kb, source(kb) is kb
(True, True, True)
>>> language(french), language(kb)
('fr', 'en')
"""

from __future__ import annotations

import attrs

from .._memo import Memo, per_instance
from ..knowledge import KnowledgeBase
from .catalogues import Catalogue, catalogue, pack_locale_folders
from .languages import DEFAULT

__all__ = ["knowledge_catalogue", "language", "source", "translated"]


class _Translations:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.folders = pack_locale_folders(kb.files)
        #: Per language: the catalogue a translation was made from, and the translation.
        self.made: Memo[str, tuple[Catalogue, KnowledgeBase]] = Memo(16, replace_oldest=True)


_translations = per_instance(_Translations)


def knowledge_catalogue(kb: KnowledgeBase, language: str) -> Catalogue:
    """The catalogue of ``language`` for this knowledge base: the built-in one with those of
    the ``locale/`` folders beside its rule files merged over it."""
    return catalogue(language, _translations(kb).folders)


def translated(kb: KnowledgeBase, language: str) -> KnowledgeBase:
    """The knowledge base with its texts in ``language`` (English where a text has no
    translation); English is the knowledge base itself."""
    if language == DEFAULT:
        return kb
    memo = _translations(kb)
    wanted = knowledge_catalogue(kb, language)
    made = memo.made.get(language)
    if made is not None and made[0] is wanted:
        return made[1]
    found = _translate(kb, wanted)
    memo.made.put(language, (wanted, found))
    _sources.put(id(found), (found, kb, language))
    return found


def _translate(kb: KnowledgeBase, found: Catalogue) -> KnowledgeBase:
    t = found.gettext
    rules = tuple(
        attrs.evolve(rule, title=t(rule.title), because=t(rule.because)) for rule in kb.rules
    )
    conclusions = {
        cid: attrs.evolve(info, title=t(info.title), summary=t(info.summary))
        for cid, info in kb.conclusions.items()
    }
    sections = {
        sid: attrs.evolve(section, heading=t(section.heading), summary=t(section.summary))
        for sid, section in kb.sections.items()
    }
    resources = tuple(
        attrs.evolve(resource, name=t(resource.name), summary=t(resource.summary))
        for resource in kb.resources
    )
    return attrs.evolve(
        kb, rules=rules, conclusions=conclusions, sections=sections, resources=resources
    )


#: Each translated knowledge base's source (kept with it: the ids stay valid while listed).
_sources: Memo[int, tuple[KnowledgeBase, KnowledgeBase, str]] = Memo(256, replace_oldest=True)


def source(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base a translated one was made from (itself when it is no translation)."""
    found = _sources.get(id(kb))
    return found[1] if found is not None and found[0] is kb else kb


def language(kb: KnowledgeBase) -> str:
    """The language of a knowledge base's texts: that of a translation, else English."""
    found = _sources.get(id(kb))
    return found[2] if found is not None and found[0] is kb else DEFAULT
