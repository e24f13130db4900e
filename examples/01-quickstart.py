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
# # Quick start: describe a company, read the plan
#
# rightsrules turns the guide *Engaging Tech Companies on Human Rights* into advice you can
# check: every recommendation names the rules it came from and the guide sections behind them.
#
# A **scenario** says what you know about the company, your concern, your organisation and
# where the engagement stands. Only `company.name` and `company.type` are required; anything
# you leave out is *unknown*, and the advice says when it assumed something instead.

# %%
import rightsrules

scenario = {
    "company": {
        "name": "Example Mobile Telecom",
        "type": "mobile_network_operator",
        "publicly_traded": True,
        "departments": ["policy", "legal"],
        "published_reports": ["transparency", "child_protection"],
        "public_commitments": ["Example Freedom of Expression and Privacy Policy"],
    },
    "context": {"country": "NG", "legal_mapping_done": False},
    "concern": {"issue": "network_disruption", "driver": "government"},
    "organization": {
        "name": "Example Digital Rights Initiative",
        "relationship": "none",
        "can_offer": ["research", "mapping"],
    },
    "engagement": {"stage": "planning", "response_deadline": "2030-03-02"},
}

advice = rightsrules.assess(scenario)
advice  # in Jupyter, the advice shows itself as an engagement plan

# %% [markdown]
# The advice is a list of **conclusions**, grouped by kind (challenges, leverage, strategies,
# contacts, steps, case studies) and ranked within each kind.

# %%
for strategy in advice.of_kind("strategy"):
    print(f"{strategy.rank}. {strategy.title}  [{strategy.id}]")

# %% [markdown]
# Each conclusion carries its reason, the guide sections it rests on and, for ranked kinds,
# why it sits where it does.

# %%
first = advice.of_kind("strategy")[0]
print(first.rationale)
print("Guide sections:", ", ".join(first.sources))
for reason in first.rank_reasons:
    print(f"  moved {reason.weight:+d} by {reason.rule}: {reason.because}")

# %% [markdown]
# Facts you did not give but the rules needed were filled by documented defaults. Check them:

# %%
for assumption in advice.assumptions:
    print(assumption.path, "=", assumption.value, " (rule", assumption.rule + ")")

# %% [markdown]
# ## The engagement plan as a document
#
# `to_report_markdown` and `to_report_html` lay the same plan out as one document: summary,
# challenges, leverage, ranked strategies, whom to contact and how to find them, a checklist
# with your reply date, a draft first message built on the company's own commitments, case
# studies, resources, assumptions and the questions still open. The HTML page is a single
# file that works offline, on a phone and on paper.

# %%
import tempfile
from pathlib import Path

from IPython.display import Markdown

from rightsrules.render import to_report_html, to_report_markdown

out = Path(tempfile.mkdtemp()) / "plan.html"
out.write_text(to_report_html(advice), encoding="utf-8")
print("wrote", out.name, f"({out.stat().st_size // 1024} KiB)")
Markdown(to_report_markdown(advice))

# %% [markdown]
# The same from a terminal:
#
# ```console
# $ rightsrules advise facts/examples/mno-network-shutdown.yaml
# $ rightsrules report facts/examples/mno-network-shutdown.yaml --format html --out plan.html
# ```
#
# The advice also converts to the JSON that `rightsrules advise --format json` prints:

# %%
data = advice.to_dict()
print(len(data["conclusions"]), "conclusions; rules version", data["rules_version"])

# %% [markdown]
# ## In another language
#
# `advice.in_language("fr")` is the same advice in French (`"es"` Spanish, `"ar"` Arabic): the
# same conclusions, ids and ranks, with the titles, the reasons and the plan's own words from
# the French catalogue (English where a text has no translation yet). `assess(..., lang="fr")`
# gives it at once; from a terminal, `rightsrules report ... --lang fr`, or a French locale.

# %%
french = advice.in_language("fr")
print("same conclusions:", french.ids == advice.ids)
Markdown("\n".join(to_report_markdown(french).splitlines()[:12]))
