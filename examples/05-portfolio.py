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
# # A portfolio: many companies, one table and one chart
#
# Organisations often follow every operator in a region or every platform in an index. Put
# the companies in a CSV whose columns are scenario paths (`company.name`, `company.type`,
# ...), as `rightsrules batch` reads it: `true`/`false` for yes-no keys, `;` between the items
# of a list, and an empty cell for what you do not know.

# %%
import csv
import tempfile
from pathlib import Path

from IPython.display import SVG, Markdown

import rightsrules

rows = """\
company.name,company.type,company.publicly_traded,company.state_ownership,company.departments,concern.issue,organization.relationship
Example Mobile North,mobile_network_operator,true,none,policy;legal,network_disruption,none
Example Mobile South,mobile_network_operator,false,partial,,network_disruption,contact
Example Broadband,isp,,none,,user_data_demand,none
Example Social,social_media_platform,true,,trust_and_safety;human_rights,content_moderation,ally
Example Cloud,cloud_company,true,,legal,forced_decryption,none
"""
path = Path(tempfile.mkdtemp()) / "portfolio.csv"
path.write_text(rows, encoding="utf-8")

portfolio = rightsrules.assess_portfolio(rightsrules.read_scenarios_csv(path))
portfolio.companies

# %% [markdown]
# ## The table: each strategy's rank for each company

# %%
Markdown(portfolio.to_markdown())

# %% [markdown]
# ## The chart
#
# Darker squares rank higher; a dot means the strategy is not advised for that company.

# %%
SVG(portfolio.to_svg(title="Strategies across the portfolio"))

# %% [markdown]
# The same chart for any kind of conclusion, for example the leverage around each company:

# %%
SVG(portfolio.to_svg("leverage"))

# %% [markdown]
# ## Plain rows, for a spreadsheet or a data frame

# %%
out = path.with_name("strategies.csv")
with out.open("w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=["company", "type", "issue", "strategy", "note"])
    writer.writeheader()
    for row in portfolio.rows():
        writer.writerow({**row, "strategy": ";".join(row["strategy"])})
print(out.read_text(encoding="utf-8"))
