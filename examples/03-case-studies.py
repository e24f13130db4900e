# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # The guide's three case studies, reproduced
#
# The guide closes with three organisations' experience engaging companies. Each is written
# here as a scenario (in `facts/examples/`, with illustrative names where the guide's are not
# needed), and the advice for each should point back to its own case study.

# %%
from rightsrules import assess, load_scenario
from rightsrules.knowledge import builtin_facts_dir

examples = builtin_facts_dir() / "examples"
cases = {
    "precedent:paradigm_initiative_nigeria": "paradigm-initiative-draft-platform-code.yaml",
    "precedent:7amleh_content_moderation": "7amleh-content-moderation.yaml",
    "precedent:pen_america_online_abuse": "pen-america-online-abuse.yaml",
}
advices = {}
for precedent, file in cases.items():
    advice = assess(load_scenario(examples / file))
    advices[precedent] = advice
    company = advice.understood.company
    print(f"{file}: {company.name} ({company.type.value})")
    print("   matching case studies:", [c.id for c in advice.of_kind("precedent")])
    assert precedent in advice, precedent

# %% [markdown]
# ## What each case teaches
#
# For each scenario: the concern, the top strategies and the first steps, with why the case
# study matches.

# %%
for precedent, advice in advices.items():
    scenario = advice.understood
    print("=" * 88)
    print(advice[precedent].title)
    print("concern:", scenario.get("concern.issue"), "| stage:", scenario.get("engagement.stage"))
    print("why it matches:", advice[precedent].rationale)
    print("top strategies:")
    for strategy in advice.of_kind("strategy")[:3]:
        print(f"   {strategy.rank}. {strategy.title}")
    print("first steps:")
    for step in advice.of_kind("step")[:3]:
        print(f"   {step.rank}. {step.title}")

# %% [markdown]
# ## One of them as a full engagement plan

# %%
from IPython.display import HTML

from rightsrules.render import advice_html

HTML(advice_html(advices["precedent:7amleh_content_moderation"]))
