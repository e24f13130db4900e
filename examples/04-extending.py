# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Extending: write a rule and its tests, load them, lint them
#
# Rules are YAML files: a `when` condition over the scenario, what it concludes (`then`), a
# plain-language `because` and the guide `sources` it rests on. Here we add a rule of our own
# beside the built-in ones, test it, and check it with the linter. (See `docs/authoring.md`
# for the whole rule language.)

# %%
import os
import tempfile
from importlib.resources import files
from pathlib import Path

import rightsrules
from rightsrules.cli import main
from rightsrules.lint import lint_paths

os.chdir(tempfile.mkdtemp())  # a scratch folder: the files below are written there
rules = Path("rules")
(rules / "tests").mkdir(parents=True)
# The schemas of rule and test files, for the modeline editors read (completion, checks).
schemas = files("rightsrules.schemas")

# %% [markdown]
# ## The rule
#
# An organisation that can host an event has something to offer the company's staff: a place
# to speak. Our rule adds the "offer something in exchange" step when the organisation has
# no relationship with the company yet and can offer a platform.

# %%
_ = (rules / "local.yaml").write_text(
    f"# yaml-language-server: $schema={schemas / 'rule.schema.json'}\n"
    """\
rules:
  - id: local.offer-a-platform
    title: A speaking slot opens the door
    when:
      all:
        - contains: {organization.can_offer: event_platform}
        - organization.relationship: none
    then: [step:offer_exchange]
    because: >-
      Our own practice, in line with the guide's advice to bring something the company can
      use: an invitation to speak at our event is an easy first yes for its staff.
    sources: [II.d]
""",
    encoding="utf-8",
)

# %% [markdown]
# ## Its tests
#
# A test case is a scenario and what the advice must (or must not) include, and which rules
# must (or must not) fire. One case where the rule fires, one nearby where it does not.

# %%
_ = (rules / "tests" / "local.yaml").write_text(
    f"# yaml-language-server: $schema={schemas / 'test.schema.json'}\n"
    """\
cases:
  - name: a platform to offer and no relationship yet
    scenario:
      company: {name: Example Platform, type: social_media_platform}
      organization: {relationship: none, can_offer: [event_platform]}
    expect:
      includes: [step:offer_exchange]
      fired: [local.offer-a-platform]
  - name: allies do not need the opener
    scenario:
      company: {name: Example Platform, type: social_media_platform}
      organization: {relationship: ally, can_offer: [event_platform]}
    expect:
      not_fired: [local.offer-a-platform]
""",
    encoding="utf-8",
)

# %% [markdown]
# ## Load it beside the built-in rules and use it

# %%
kb = rightsrules.load_knowledge_base([rules])
advice = rightsrules.assess(
    {
        "company": {"name": "Example Platform", "type": "social_media_platform"},
        "organization": {"relationship": "none", "can_offer": ["event_platform"]},
    },
    kb,
)
step = advice["step:offer_exchange"]
print([d.rule for d in step.derivations])
assert "local.offer-a-platform" in [d.rule for d in step.derivations]

# %% [markdown]
# ## Run its tests and lint it
#
# The same as `rightsrules test rules/tests --rules rules` and `rightsrules lint rules` in a
# terminal. The linter checks the schema, the ids, the sources and the logic (a condition
# that can never hold, a rule another one makes redundant, a rule without a test...).

# %%
status = main(["test", str(rules / "tests"), "--rules", str(rules)])
assert status == 0, "a test case failed"

# %%
status = main(["lint", str(rules)])
print("lint exit status:", status)
assert status == 0, "the linter found an error"
assert not lint_paths([rules]).findings, "the example rule is lint clean: not even a warning"

# %% [markdown]
# A broken rule is caught with its file, line and column:

# %%
_ = (rules / "broken.yaml").write_text(
    """\
rules:
  - id: local.never
    title: Never holds
    when: {company.type: isp, not: {company.type: isp}}
    then: [strategy:boycott]
    because: A rule that contradicts itself.
    sources: [appendix.isp]
""",
    encoding="utf-8",
)
status = main(["lint", str(rules / "broken.yaml")])
print("lint exit status:", status)
assert status == 1
