"""A meeting's page: its body, with each run of action items shown as one list of tasks.

Each task shows its check mark, what is to be done, and who and by when; an item that names an
issue shows that issue's current assignee, due date and status, so a reassignment after the
meeting reads right on the minutes too (the name written in the minutes is kept beside it).
"""

from __future__ import annotations

import re
import secrets

from markupsafe import Markup, escape

from tsuzuri.formats.mentions import resolve as resolve_mentions
from tsuzuri.formats.minutes_text import action_items
from tsuzuri.model import ActionItem
from tsuzuri.site.context import SiteContext
from tsuzuri.site.markup import link_keys

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def body_html(ctx: SiteContext, body: str, source: str = "") -> str:
    """Return a meeting's body as HTML, each run of ``- [ ] @who what 期限:... KEY`` lines as one task list.

    ``source``: the minutes' tracker path, against which relative links to shared files are read.
    """
    groups, text = _take_actions(body)
    if not groups:
        return ctx.render_md(body, ctx.file_links(None, source))
    # A word no text contains stands for each list while the Markdown is rendered.
    token = "tsuzuriactions" + secrets.token_hex(8)
    for n in range(len(groups)):
        text = text.replace(f"\x00{n}\x00", f"{token}x{n}x")
    html = ctx.render_md(text, ctx.file_links(None, source))
    for n, group in enumerate(groups):
        html = html.replace(f"<p>{token}x{n}x</p>", str(task_list(ctx, group)), 1)
    return html


def _take_actions(body: str) -> tuple[list[list[ActionItem]], str]:
    """Return the runs of action items (blank lines between items keep one run) and the body with a mark for each run."""
    items = {a.line: a for a in action_items(body, first_line=0)}
    groups: list[list[ActionItem]] = []
    out: list[str] = []
    fence = ""
    in_run = False
    for n, line in enumerate(body.split("\n")):
        opening = _FENCE_RE.match(line)
        if fence:
            fence = "" if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) else fence
            out.append(line)
            continue
        if opening:
            fence, in_run = opening.group(1), False
            out.append(line)
            continue
        item = items.get(n)
        if item is not None:
            if in_run:
                groups[-1].append(item)
            else:
                groups.append([item])
                out += ["", f"\x00{len(groups) - 1}\x00", ""]
                in_run = True
            continue
        if in_run and not line.strip():
            continue  # a blank line between two items keeps them in one list
        in_run = False
        out.append(line)
    return groups, "\n".join(out)


def task_list(ctx: SiteContext, items: list[ActionItem]) -> Markup:
    """Return one run of action items as a list of tasks."""
    rows = [_task(ctx, item) for item in items]
    return Markup(ctx.render("_tasks.html", tasks=rows))


def _task(ctx: SiteContext, item: ActionItem) -> dict:
    issue = ctx.tracker.issues.get(item.issue) if item.issue else None
    written = _member_id(ctx, item.assignee)
    assignee = issue.assignee if issue is not None else written
    due = item.due or (issue.due if issue is not None else None)  # what the meeting agreed, else the issue's
    done = item.done or _issue_done(ctx, item.issue)
    text = Markup(link_keys(str(escape(item.text)), lambda key: ctx.issue_href(key) if key in ctx.tracker.issues else None))
    return {
        "done": done,
        "text": text,
        "assignee": assignee,
        # Who the minutes named, when the issue has gone to someone else since.
        "written": written if issue is not None and written and written != assignee else "",
        "due": due,
        "overdue": bool(due and not done and due < ctx.today),
        "issue": issue,
        "key": item.issue if issue is None else "",
    }


def _member_id(ctx: SiteContext, written: str) -> str:
    """Return the member a name after ``@`` stands for, else the name as written."""
    if not written:
        return ""
    config = ctx.tracker.config
    if config.member(config.member_id(written)) is not None:
        return config.member_id(written)
    found = resolve_mentions(f"@{written}", lambda n: config.find_member(n).id)[0]  # @山田さん
    return found[0] if found else written


def open_actions(ctx: SiteContext, minutes) -> tuple[int, int]:
    """Return (action items not done, all action items) of a meeting, done as its task list shows it."""
    done = sum(item.done or _issue_done(ctx, item.issue) for item in minutes.actions)
    return len(minutes.actions) - done, len(minutes.actions)


def _issue_done(ctx: SiteContext, key: str) -> bool:
    issue = ctx.tracker.issues.get(key) if key else None
    return issue is not None and ctx.is_done(issue)
