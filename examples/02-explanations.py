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
# # Explanations: how, why not, what if, which questions matter and why, rather than, and pictures
#
# An advocate acts on advice only if they can see where it comes from. Every conclusion of
# rightsrules can be explained down to the facts you gave.

# %%
import rightsrules
from IPython.display import SVG, Markdown

scenario = {
    "company": {
        "name": "Example Mobile",
        "type": "mobile_network_operator",
        "state_ownership": "none",
    },
    "concern": {"issue": "direct_access", "driver": "government"},
    "organization": {"name": "Example Privacy Group", "relationship": "none"},
}
advice = rightsrules.assess(scenario)
[c.id for c in advice.of_kind("strategy")]

# %% [markdown]
# ## How: the proof of a conclusion
#
# `explain` returns every justification, each rule's reason and guide sections, down to the
# scenario's facts (and the defaults used on the way).

# %%
proof = advice.explain("leverage:government_licence")
print(proof.to_text())

# %% [markdown]
# The same proof as a tree in the terminal style (rich), and as Markdown:

# %%
from rich.console import Console

from rightsrules.render.terminal import proof_tree

Console(width=110).print(proof_tree(advice, "leverage:government_licence"))

# %%
Markdown(proof.to_markdown())

# %% [markdown]
# ## Why not: what is missing for a conclusion
#
# Investor engagement is not advised here. `why_not` says first which facts rule it out (or,
# as here, which facts the scenario leaves open could still reach it), then names each
# condition that failed, split into *false* (the scenario says otherwise) and *unknown* (the
# scenario is silent). Rules written for other company types are left out unless you ask for
# `detail="full"`.

# %%
reason = advice.why_not("strategy:investor_engagement")
print(reason.to_text())
print("open:", reason.unknown_paths())
print(advice.why_not("leverage:state_ownership"))

# %% [markdown]
# ## What if: change a fact and compare

# %%
change = rightsrules.what_if(advice.understood, {"company.publicly_traded": True})
print("added:", change.added)
print("removed:", change.removed)
assert "strategy:investor_engagement" in change.added

# %% [markdown]
# ## Which facts matter: minimal reasons
#
# A proof lists every fact a rule touched. `reasons` says which of them *matter*: each
# smallest set of your facts that guarantees the conclusion whatever the other facts turn out
# to be (a fact you left out counts too: here the licence leverage rests on the scenario not
# saying, since a default then assumes an operator holds a licence).

# %%
print(advice.reasons("leverage:government_licence").to_text())
advice.reasons("leverage:government_licence").to_dict()

# %% [markdown]
# ## What would change it: minimal changes
#
# `changes` gives, for any conclusion, advised or not, each least set of changes that would
# flip it: something to find out (a fact the scenario leaves open), something that would
# have to be different (a known fact), or something within your organisation's reach.

# %%
flip = advice.changes("strategy:investor_engagement")
print(flip.to_text())
flip.to_dict()["changes"][0]

# %% [markdown]
# ## Questions: the unknown facts that would change the advice most

# %%
for question in advice.questions()[:5]:
    print(f"{question.question}  [{question.path}]")
    print("   could add:", ", ".join(question.could_add) or "-")
    print("   could remove:", ", ".join(question.could_remove) or "-")

# %% [markdown]
# ### Why do you ask?
#
# Each question can say what its answer could add, remove or move, from the minimal changes:
# what one answer does by itself, and what it does only together with other changes.

# %%
question = advice.questions(why=True)[0]
print(f"{question.question}  [{question.path}]")
print(question.why.to_text())

# %% [markdown]
# ## Rather than: why one conclusion and not another
#
# `rather_than` answers "why A rather than B?": when B is not advised, what rules it out;
# when both are, the ranking rules that put A first (or the catalogue's order, when their
# scores tie); and the least changes that would swap them.

# %%
strategies = [c.id for c in advice.of_kind("strategy")]
print(advice.rather_than(strategies[0], strategies[-1]).to_text())
print(advice.rather_than(strategies[0], "strategy:boycott").to_text())

# %% [markdown]
# ## Pictures
#
# The derivation graph as SVG: facts on the left, the rules that fired (white pills), the
# conclusions coloured by kind. Dashed boxes are defaults, not facts you gave. First the
# proof of one conclusion, then the whole advice.

# %%
from rightsrules.render import derivation_svg

SVG(derivation_svg(advice, "leverage:government_licence", title="Why the licence matters"))

# %%
SVG(derivation_svg(advice, title="The whole advice"))

# %% [markdown]
# From a terminal: `rightsrules picture SCENARIO [ID] --out why.svg`, and
# `rightsrules explain SCENARIO ID --format mermaid` (or `dot`) for other tools.

# %%
print(proof.to_mermaid()[:400])
