"""The inference engines: one interface, three implementations, one default.

An engine (an :class:`Evaluator`) runs a :class:`Program`, the flattened rules of a knowledge
base, over one scenario's facts and returns every :class:`Firing` at the fixpoint. All three
return the same firings, premises included; the differential tests hold them to it.

* :mod:`~rightsrules.engines.durable`: durable_rules, wrapped against its hazards. The
  default wherever it is installed, and the only module that imports ``durable``.
* :mod:`~rightsrules.engines.reference`: plain Python, the oracle of the differential tests,
  and the default where durable_rules cannot be installed.
* :mod:`~rightsrules.engines.indexed`: the reference semantics over bit masks, several times
  faster; chosen by name, as the batch does.

:func:`default_evaluator` is the one place that decides which engine runs when none is given;
:func:`evaluator_named` gives an engine by its name, as ``--engine`` takes it.

>>> evaluator_named("reference").name
'reference'
>>> default_evaluator().name in ("durable_rules", "reference")
True
"""

from __future__ import annotations

import warnings
from typing import Final

from ..errors import EngineError, InputError, Problem
from .program import BatchEvaluator, Evaluator, Firing, Program

__all__ = [
    "ENGINES",
    "BatchEvaluator",
    "Evaluator",
    "Firing",
    "Program",
    "default_evaluator",
    "durable_available",
    "evaluator_named",
]

#: The engines by the names :func:`evaluator_named` and ``--engine`` take.
ENGINES: Final = ("durable", "indexed", "reference")

_warned = False


def durable_available() -> bool:
    """Whether durable_rules imports on this Python."""
    from .durable import durable_available as available

    return available()


def default_evaluator() -> Evaluator:
    """The engine that runs when none is given: durable_rules where it imports, else the
    reference evaluator (saying so once per process, with the reason)."""
    global _warned
    from . import durable

    if durable.durable_available():
        return durable.DurableEvaluator()
    if not _warned:
        _warned = True
        warnings.warn(
            f"durable_rules is not available ({durable.unavailable_reason()}); "
            "rightsrules uses its reference evaluator instead (same results, no durable_rules)",
            RuntimeWarning,
            stacklevel=2,
        )
    from .reference import ReferenceEvaluator

    return ReferenceEvaluator()


def evaluator_named(name: str) -> Evaluator:
    """The engine called ``name`` (one of :data:`ENGINES`): an :class:`InputError` for another
    name, an :class:`EngineError` for ``durable`` where durable_rules does not import.

    >>> evaluator_named("indexed").name
    'indexed'
    >>> evaluator_named("drools")
    Traceback (most recent call last):
    ...
    rightsrules.errors.InputError: engine: no engine is called 'drools'; the engines are \
durable, indexed, reference
    """
    if name == "durable":
        from .durable import DurableEvaluator, unavailable_reason

        reason = unavailable_reason()
        if reason is not None:
            raise EngineError(f"durable_rules is not available on this Python: {reason}")
        return DurableEvaluator()
    if name == "indexed":
        from .indexed import IndexedEvaluator

        return IndexedEvaluator()
    if name == "reference":
        from .reference import ReferenceEvaluator

        return ReferenceEvaluator()
    message = f"no engine is called {name!r:.40}; the engines are {', '.join(ENGINES)}"
    raise InputError([Problem(message, key="engine")])
