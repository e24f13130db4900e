"""rightsrules: explainable advice for engaging tech companies on human rights.

>>> import rightsrules
>>> advice = rightsrules.assess({"company": {"name": "Example Cloud", "type": "cloud_company"}})
>>> advice["challenge:forced_decryption"].sources
('appendix.cloud',)
"""

__version__ = "0.1.0"

from .advice import Advice, Conclusion, Derivation, RankReason
from .api import as_scenario, assess, default_evaluator
from .batch import RecordError, advise_lines, assess_many
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
)
from .explain import Proof, Question, WhatIf, WhyNot, what_if
from .indexed import IndexedEvaluator
from .inference import Assumption
from .knowledge import KnowledgeBase, Resource, RulePack, Section, load_knowledge_base, rulepacks
from .portfolio import Portfolio, assess_portfolio, read_scenarios_csv
from .reference import ReferenceEvaluator
from .rules import ConclusionInfo, Rule, RuleKind, load_rule_file, parse_rule_file
from .scenario import Scenario, load_scenario, parse_scenario

__all__ = [
    "Advice",
    "Assumption",
    "Conclusion",
    "ConclusionInfo",
    "Derivation",
    "EngineError",
    "ExplanationError",
    "IndexedEvaluator",
    "InputError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "OutputError",
    "Portfolio",
    "Problem",
    "Proof",
    "Question",
    "RankReason",
    "RecordError",
    "ReferenceEvaluator",
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
