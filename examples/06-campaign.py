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
# # A campaign over three months: three companies, one journal
#
# The guide's advice unfolds over time: approach a company with a request and a date to reply,
# tell it you are approaching its competitors too, and once the date passes without an
# adequate answer public criticism is easier to justify; when your contact leaves, the
# relationship starts again. A *campaign journal* records what happened with each company,
# and rightsrules works out, as of any day, where each engagement stands and what to do next.
#
# The bundled example follows a small group asking two mobile operators and an internet
# provider what they would do if ordered to cut access around an election (the organisation
# and the companies are invented).

# %%
import datetime as dt
import io

import matplotlib
from IPython.display import SVG, Markdown
from matplotlib.figure import Figure

import rightsrules
from rightsrules.knowledge import builtin_facts_dir

journal = builtin_facts_dir() / "examples" / "campaigns" / "election-shutdowns.yaml"
START, END = dt.date(2027, 1, 1), dt.date(2027, 3, 31)
campaign = rightsrules.load_campaign(journal, as_of=END)
[(company.name, len(company.events)) for company in campaign.companies]

# %% [markdown]
# ## Month by month
#
# Nobody typed a stage or a relationship: the rules derive them from the events as of each
# day (a message with a reply date makes the company *awaiting response*; the date passing
# with no adequate answer makes it *unresponsive*; a meeting puts you *in dialogue*).

# %%
month_ends = [dt.date(2027, 1, 31), dt.date(2027, 2, 28), END]
rows = ["| Company | " + " | ".join(str(day) for day in month_ends) + " |"]
rows.append("| --- |" + " --- |" * len(month_ends))
statuses = [campaign.status(day) for day in month_ends]
for index, company in enumerate(campaign.companies):
    cells = []
    for status in statuses:
        found = status.companies[index]
        overdue = sum(due.overdue for due in found.due)
        late = f", {overdue} overdue" if overdue else ""
        cells.append(f"{(found.stage or 'unknown').replace('_', ' ')}{late}")
    rows.append(f"| {company.name} | " + " | ".join(cells) + " |")
Markdown("\n".join(rows))

# %% [markdown]
# ## Where things stand on one day
#
# For each company: the stage and the relationship, each with the events it comes from, what
# is due, the next actions and the top strategy.

# %%
Markdown(campaign.status(dt.date(2027, 2, 15)).to_markdown())

# %% [markdown]
# ## How the advice changed, and why
#
# The timeline of one company: on each day something happened (an event, or a reply date
# passing), what changed in the advice, with the rule and the guide's section behind it.

# %%
Markdown(campaign.timeline("Example Telecom Two", until=END).to_markdown())

# %% [markdown]
# ## Why is this company unresponsive?
#
# Every conclusion of a company's advice has its proof, and for a company of a journal the
# proof does not stop at the history facts: under each one it names the events it rests on
# (or says what did not happen by then). Here, why escalating publicly is advised for the
# second operator on 1 February.

# %%
advice = campaign.advice_for("Example Telecom Two", dt.date(2027, 2, 1))
print(advice.explain("strategy:escalate_publicly").to_text())

# %% [markdown]
# The same from the command line:
# `rightsrules explain JOURNAL strategy:escalate_publicly --company "Example Telecom Two"
# --as-of 2027-02-01` (and `why-not` and `what-if` take `--company` and `--as-of` the same
# way). The events are data too: `advice.evidence` holds, for each history fact, its words
# and the events (day, kind, line in the journal).

# %%
[
    (ref.date.isoformat(), ref.event, ref.line)
    for ref in advice.evidence["history.reply_by_passed"].events
]

# %% [markdown]
# ## The picture: each company's stage over time
#
# The stage can change only on a day something happens, so it is worked out on those days
# (and on the first day); a step line joins them. Dots mark the days the journal records an
# event.

# %%
STAGES = ["planning", "awaiting_response", "unresponsive", "in_dialogue"]


def change_days(company):
    """The first day, each event's day, and the day after each reply date."""
    days = {START}
    for event in company.events:
        days.add(event.date)
        if event.reply_by is not None:
            days.add(event.reply_by + dt.timedelta(days=1))
    return sorted(day for day in days if START <= day <= END)


def stage_on(company, day):
    stage = campaign.advice_for(company.name, day).understood.get("engagement.stage")
    return STAGES.index(stage) if stage in STAGES else None


figure = Figure(figsize=(8, 3.6))
axes = figure.add_subplot()
for offset, company in zip((-0.08, 0.0, 0.08), campaign.companies, strict=True):
    days = change_days(company)
    stages = [stage_on(company, day) for day in days]
    levels = [None if stage is None else stage + offset for stage in stages]
    line = axes.step([*days, END], [*levels, levels[-1]], where="post", label=company.name)
    done = [e.date for e in company.events if START <= e.date <= END]
    marks = [levels[max(i for i, d in enumerate(days) if d <= day)] for day in done]
    axes.plot(done, marks, "o", color=line[0].get_color(), markersize=4)
axes.set_yticks(range(len(STAGES)), [stage.replace("_", " ") for stage in STAGES])
axes.set_ylim(-0.5, len(STAGES) - 0.5)
axes.set_xlim(START, END)
axes.set_xticks(
    [dt.date(2027, 1, 1), dt.date(2027, 2, 1), dt.date(2027, 3, 1)],
    ["January", "February", "March"],
)
axes.grid(axis="y", alpha=0.3)
axes.legend(loc="upper left", fontsize="small", frameon=False)
axes.set_title(f"{campaign.name}: the stage of each engagement")
figure.tight_layout()

# An SVG that is the same on every run: fixed ids, text kept as text, no date in it.
picture = io.StringIO()
with matplotlib.rc_context({"svg.hashsalt": "rightsrules", "svg.fonttype": "none"}):
    figure.savefig(picture, format="svg", metadata={"Date": None, "Creator": None})
SVG(picture.getvalue())

# %% [markdown]
# ## Keeping the journal
#
# From the command line, `rightsrules campaign log JOURNAL COMPANY EVENT [KEY=VALUE ...]`
# adds an event (checked first, written safely, your comments kept), and
# `rightsrules campaign calendar JOURNAL --out deadlines.ics` puts the reply dates and
# follow-ups in your calendar. `rightsrules report JOURNAL --company NAME` writes one
# company's plan with its engagement history.
