"""自分のページ: the issues a visitor is involved in, picked in the browser, with no login.

The page carries one compact row per issue (who is assigned, who reported, who watches, who is
mentioned, due date, done, an inquiry's answer); ``assets/me.js`` shows the rows of the member
the visitor picked, overdue first, and remembers the choice in the browser.
"""

from __future__ import annotations

from tsuzuri.formats.mentions import mentions
from tsuzuri.model import Config, Issue
from tsuzuri.site.context import SiteContext
from tsuzuri.site.forms import inline_json
from tsuzuri.site.relations import first_answer

ME_SRC = "me.md"


def member_index(config: Config) -> dict[str, str]:
    """Return every way a mention may name a member (id, name, name without spaces, unique family name, alias) -> id."""
    names: dict[str, str] = {}
    family: dict[str, set[str]] = {}
    for m in config.members:
        names.setdefault(m.id, m.id)
        for name in (m.name, m.name.replace(" ", "").replace("\u3000", ""), *m.aliases):
            if name:
                names.setdefault(name, m.id)
        parts = m.name.replace("\u3000", " ").split()
        if len(parts) > 1:
            family.setdefault(parts[0], set()).add(m.id)
    for name, ids in family.items():
        if len(ids) == 1:
            names.setdefault(name, next(iter(ids)))
    return names


def mentioned_members(issue: Issue, index: dict[str, str]) -> list[str]:
    """Return the ids of members mentioned in an issue's body or comments."""
    found: dict[str, None] = {}
    for text in (issue.body, *(c.body for c in issue.comments)):
        for name in mentions(text):
            if name in index:
                found.setdefault(index[name], None)
    return list(found)


def rows(ctx: SiteContext) -> list[dict]:
    """Return one compact row per issue for the page's script."""
    config = ctx.tracker.config
    index = member_index(config)
    out = []
    for issue in ctx.sorted_issues(ctx.tracker.issues.values()):
        done = ctx.is_done(issue)
        row = {"k": issue.key, "t": issue.title, "s": ctx.label("statuses", issue.status), "a": issue.assignee, "r": issue.reporter}
        if issue.watchers:
            row["w"] = list(issue.watchers)
        mentioned = mentioned_members(issue, index)
        if mentioned:
            row["m"] = mentioned
        if issue.due:
            row["d"] = issue.due.isoformat()
        if done:
            row["x"] = 1
        if issue.type == "inquiry" and not done and first_answer(issue, ctx.office) is None:
            row["q"] = 1  # an inquiry still waiting for its answer
        out.append(row)
    return out


def me_html(ctx: SiteContext) -> str:
    """Return 自分のページ."""
    members = [(m.id, f"{m.name}({ctx.org_name(m.org)})") for m in ctx.tracker.config.members]
    return ctx.render("me.html", members=members, data=inline_json({"today": ctx.today.isoformat(), "rows": rows(ctx)}))
