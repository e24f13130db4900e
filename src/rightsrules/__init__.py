"""rightsrules: explainable advice for engaging tech companies on human rights.

>>> import rightsrules
>>> advice = rightsrules.assess({"company": {"name": "Example Cloud", "type": "cloud_company"}})
>>> advice["challenge:forced_decryption"].sources
('appendix.cloud',)

The public names are loaded when first used (PEP 562): ``import rightsrules.cli`` stays quick,
so the command line catches Ctrl-C before the library is loaded.
"""

from ._version import __version__

# Not typing.TYPE_CHECKING: importing typing would slow the start of every command.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .advice import Advice, Conclusion, Derivation, RankReason
    from .api import as_scenario, assess
    from .batch import RejectedRecord, advise_lines, assess_many
    from .conditions import Premise
    from .engines import Evaluator, default_evaluator
    from .engines.durable import DurableEvaluator
    from .engines.indexed import IndexedEvaluator
    from .engines.reference import ReferenceEvaluator
    from .errors import (
        EngineError,
        ExplanationError,
        InputError,
        KnowledgeBaseError,
        OutputError,
        Problem,
        RightsRulesError,
        RuleFileError,
        ScenarioError,
        UnknownConclusionError,
        UnknownIdError,
        UnknownLanguageError,
        UnknownRuleError,
        UnknownSectionError,
    )
    from .explain import Proof, Question, WhatIf, WhyNot
    from .explain.what_if import what_if  # the function, not the module of that name
    from .inference import Assumption
    from .knowledge import (
        KnowledgeBase,
        Resource,
        RulePack,
        Section,
        load_knowledge_base,
        rulepacks,
    )
    from .portfolio import Portfolio, assess_portfolio, read_scenarios_csv
    from .rules import ConclusionInfo, Rule, RuleKind, load_rule_file, parse_rule_file
    from .scenario import Scenario, load_scenario, parse_scenario
del TYPE_CHECKING

__all__ = [
    "Advice",
    "Assumption",
    "Conclusion",
    "ConclusionInfo",
    "Derivation",
    "DurableEvaluator",
    "EngineError",
    "Evaluator",
    "ExplanationError",
    "IndexedEvaluator",
    "InputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "OutputError",
    "Portfolio",
    "Premise",
    "Problem",
    "Proof",
    "Question",
    "RankReason",
    "ReferenceEvaluator",
    "RejectedRecord",
    "Resource",
    "RightsRulesError",
    "Rule",
    "RuleFileError",
    "RuleKind",
    "RulePack",
    "Scenario",
    "ScenarioError",
    "Section",
    "UnknownConclusionError",
    "UnknownIdError",
    "UnknownLanguageError",
    "UnknownRuleError",
    "UnknownSectionError",
    "WhatIf",
    "WhyNot",
    "__version__",
    "advise_lines",
    "as_scenario",
    "assess",
    "assess_many",
    "assess_portfolio",
    "default_evaluator",
    "load_knowledge_base",
    "load_rule_file",
    "load_scenario",
    "parse_rule_file",
    "parse_scenario",
    "read_scenarios_csv",
    "rulepacks",
    "what_if",
]

#: Where each public name is defined.
_HOMES: dict[str, str] = {
    "Advice": "advice",
    "Assumption": "inference",
    "Conclusion": "advice",
    "ConclusionInfo": "rules",
    "Derivation": "advice",
    "DurableEvaluator": "engines.durable",
    "EngineError": "errors",
    "Evaluator": "engines",
    "ExplanationError": "errors",
    "IndexedEvaluator": "engines.indexed",
    "InputError": "errors",
    "KnowledgeBase": "knowledge",
    "KnowledgeBaseError": "errors",
    "OutputError": "errors",
    "Portfolio": "portfolio",
    "Premise": "conditions",
    "Problem": "errors",
    "Proof": "explain",
    "Question": "explain",
    "RankReason": "advice",
    "ReferenceEvaluator": "engines.reference",
    "RejectedRecord": "batch",
    "Resource": "knowledge",
    "RightsRulesError": "errors",
    "Rule": "rules",
    "RuleFileError": "errors",
    "RuleKind": "rules",
    "RulePack": "knowledge",
    "Scenario": "scenario",
    "ScenarioError": "errors",
    "Section": "knowledge",
    "UnknownConclusionError": "errors",
    "UnknownIdError": "errors",
    "UnknownLanguageError": "errors",
    "UnknownRuleError": "errors",
    "UnknownSectionError": "errors",
    "WhatIf": "explain",
    "WhyNot": "explain",
    "advise_lines": "batch",
    "as_scenario": "api",
    "assess": "api",
    "assess_many": "batch",
    "assess_portfolio": "portfolio",
    "default_evaluator": "engines",
    "load_knowledge_base": "knowledge",
    "load_rule_file": "rules",
    "load_scenario": "scenario",
    "parse_rule_file": "rules",
    "parse_scenario": "scenario",
    "read_scenarios_csv": "portfolio",
    "rulepacks": "knowledge",
    "what_if": "explain",
}


#: Names that were public before, each still given (with a DeprecationWarning) as its new name.
_RENAMED: dict[str, str] = {"RecordError": "RejectedRecord"}


def __getattr__(name: str) -> "Any":
    import importlib

    if name in _RENAMED:
        import warnings

        new = _RENAMED[name]
        warnings.warn(
            f"rightsrules.{name} is now rightsrules.{new}; the old name will go",
            DeprecationWarning,
            stacklevel=2,
        )
        return __getattr__(new)
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
