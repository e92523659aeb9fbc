"""Forms on the static site: new issues, comments and minutes composed in the browser.

A form's fields come from the one schema declaration (``schema.kinds``) and the choices from
tsuzuri.yml. The page carries what the browser needs to check the entry the way the validator
does and to compose the file; ``assets/forms.js`` then opens the forge's new-file page with the
path and content (or shows the file to copy where there is no forge). No server is involved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from tsuzuri.messages import heading
from tsuzuri.model import Issue, Tracker
from tsuzuri.schema import words as schema_words
from tsuzuri.schema.declare import Field
from tsuzuri.schema.kinds import ISSUE, MINUTES
from tsuzuri.site.context import SiteContext

# The issue fields a new-issue form offers, in this order; the rest are left to the file.
ISSUE_FIELDS = (
    "title",
    "type",
    "status",
    "priority",
    "assignee",
    "reporter",
    "milestone",
    "categories",
    "start",
    "due",
    "estimate",
    "parent",
)
MINUTES_FIELDS = ("title", "date", "project", "attendees", "location", "time")


def new_issue_src(project: str) -> str:
    """Return the generated source path of a project's new-issue form."""
    return f"new/{project}.md"


NEW_MINUTES_SRC = "new/minutes.md"


def inline_json(value) -> str:
    """Return ``value`` as compact JSON for an HTML attribute (the template escapes it; no <, > or & either way).

    Data ride in attributes, not in <script type="application/json">: Material's instant
    navigation re-creates a page's script elements as JavaScript and would run the data.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    for raw, safe in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, safe)
    return text


@dataclass(frozen=True, slots=True)
class FormField:
    """One input of a form: the schema field's name, its label and widget, and its choices."""

    name: str
    label: str
    widget: str  # text, textarea, select, multi, date, number, key
    required: bool
    hint: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    default: str = ""


def next_key(ctx: SiteContext, project: str) -> str:
    """Return the next free issue key of a project, as of this build."""
    numbers = [i.number for i in ctx.tracker.issues.values() if i.project == project]
    return f"{project}-{max(numbers, default=0) + 1}"


def _member_choices(ctx: SiteContext, project: str | None = None) -> tuple[tuple[str, str], ...]:
    config = ctx.tracker.config
    orgs = None
    if project:
        p = config.project(project)
        if p and p.organizations:
            orgs = set(p.organizations) | {o.id for o in config.organizations if o.role == "office"}
    members = [m for m in config.members if orgs is None or m.org in orgs]
    return tuple((m.id, f"{m.name}({ctx.org_name(m.org)})") for m in members)


def _vocab(ctx: SiteContext, name: str) -> tuple[tuple[str, str], ...]:
    return tuple((c.id, c.label or c.id) for c in getattr(ctx.tracker.config, name))


def field_words(parent: Field, field: Field, lang: str) -> tuple[str, str]:
    """Return the label and hint of ``field`` of the object ``parent`` in ``lang``, from the catalog.

    The hint is left out when it only repeats the label.
    """
    label = heading(schema_words.label(lang, parent, field) or field.name.replace("_", " "))
    hint = schema_words.description(lang, parent, field)
    return label, "" if hint.rstrip("。.").strip().lower() == label.lower() else hint


def issue_fields(ctx: SiteContext, project: str) -> list[FormField]:
    """Return the inputs of a project's new-issue form, from the schema declaration and tsuzuri.yml."""
    config, lang = ctx.tracker.config, ctx.tracker.config.language
    declared = {f.name: f for f in ISSUE.root.fields}
    choices = {
        "type": _vocab(ctx, "types"),
        "status": _vocab(ctx, "statuses"),
        "priority": _vocab(ctx, "priorities"),
        "assignee": _member_choices(ctx, project),
        "reporter": _member_choices(ctx, project),
        "milestone": tuple((m.id, m.name or m.id) for m in config.milestones if m.project == project),
        "categories": tuple((c.id, c.label) for c in config.categories if c.project == project),
    }
    defaults = {
        "type": next((t.id for t in config.types if t.id == "task"), config.types[0].id if config.types else ""),
        "status": config.statuses[0].id if config.statuses else "",
        "priority": next((p.id for p in config.priorities if p.id == "normal"), ""),
    }
    out = []
    for name in ISSUE_FIELDS:
        f = declared[name]
        if name in ("milestone", "categories") and not choices[name]:
            continue
        if f.type == "date":
            widget = "date"
        elif f.type in ("number", "integer"):
            widget = "number"
        elif name == "parent":
            widget = "key"
        elif name == "categories":
            widget = "multi"
        elif name in choices:
            widget = "select"
        else:
            widget = "text"
        label, hint = field_words(ISSUE.root, f, lang)
        out.append(FormField(name, label, widget, f.required, hint, choices.get(name, ()), defaults.get(name, "")))
    return out


def minutes_fields(ctx: SiteContext) -> list[FormField]:
    """Return the inputs of the new-minutes form, from the schema declaration and tsuzuri.yml."""
    lang = ctx.tracker.config.language
    declared = {f.name: f for f in MINUTES.root.fields}
    choices = {
        "project": tuple((p.key, f"{p.key} {p.name}") for p in ctx.tracker.config.projects),
        "attendees": _member_choices(ctx),
    }
    out = []
    for name in MINUTES_FIELDS:
        f = declared[name]
        widget = "date" if f.type == "date" else "multi" if name == "attendees" else "select" if name in choices else "text"
        label, hint = field_words(MINUTES.root, f, lang)
        out.append(FormField(name, label, widget, f.required, hint, choices.get(name, ())))
    return out


def form_data(ctx: SiteContext, project: str | None = None, keys: bool = True) -> dict:
    """Return what a form's script needs: the forge, the tracker's zone and what the validator would check."""
    config = ctx.tracker.config
    issues = [i for i in ctx.tracker.issues.values() if keys and (project is None or i.project == project)]
    return {
        "forge": ctx.forge.as_json() if ctx.forge else None,
        "timezone": config.timezone,
        "language": config.language,
        "today": ctx.today.isoformat(),
        "keys": sorted(i.key for i in issues),
        "members": [m.id for m in config.members],
        "words": {k: v for k, v in ctx.msg.items() if k.startswith("form_")},
    }


def issue_form_html(ctx: SiteContext, project: str) -> str:
    """Return a project's new-issue form page."""
    key = next_key(ctx, project)
    path = f"issues/{project}/{key}.md"
    return ctx.render(
        "form.html",
        kind="issue",
        fields=issue_fields(ctx, project),
        path=path,
        key=key,
        project=ctx.tracker.config.project(project),
        data=inline_json(form_data(ctx, project)),
        body_label=ctx.msg["description"],
    )


def minutes_form_html(ctx: SiteContext) -> str:
    """Return the new-minutes form page."""
    return ctx.render("form.html", kind="minutes", fields=minutes_fields(ctx), path="minutes/", key="", project=None,
                      data=inline_json(form_data(ctx, keys=False)), body_label=ctx.msg["form_minutes_body"])


def comment_form_html(ctx: SiteContext, issue: Issue) -> Markup:
    """Return the comment form shown on an issue's page."""
    folder = issue.path[: -len(".md")] + "/comments/"
    return Markup(ctx.render("comment_form.html", issue=issue, folder=folder, members=_member_choices(ctx, issue.project),
                             data=inline_json(form_data(ctx, issue.project, keys=False))))


def edit_bar(ctx: SiteContext, path: str = "", comment: bool = False, add: tuple[tuple[str, str], ...] = ()) -> Markup:
    """Return the links that change what a page shows: 編集 (the file ``path`` in the forge), コメントする, 課題を追加."""
    edit = ctx.forge.edit_url(path) if ctx.forge and path else ""
    if not (edit or comment or add):
        return Markup("")
    return Markup(ctx.render("edit_bar.html", edit=edit, comment=comment, add=add))


def add_issue_links(ctx: SiteContext, project: str | None = None) -> tuple[tuple[str, str], ...]:
    """Return (label, form page) of the new-issue forms: one project's, or every project's."""
    m = ctx.msg
    projects = [p for p in ctx.tracker.config.projects if project is None or p.key == project]
    if project is not None:
        return tuple((m["form_add_issue"], new_issue_src(p.key)) for p in projects)
    return tuple((f"{m['form_add_issue']}: {p.key}", new_issue_src(p.key)) for p in projects)


def source_file(tracker: Tracker, src: str) -> str | None:
    """Return the tracker file a generated page shows (an issue, minutes, a project's WBS), or None."""
    if src.startswith("issues/") and src.endswith(".md"):
        issue = tracker.issues.get(src[len("issues/"):-3])
        return issue.path if issue else None
    if src.startswith("gantt/") and src.endswith(".md"):
        wbs = tracker.wbs.get(src[len("gantt/"):-3])
        return wbs.path if wbs else None
    return next((m.path for m in tracker.minutes if m.path == src), None)
