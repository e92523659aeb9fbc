"""The tracker and its history as one audience may see them: pure functions, model to model."""

from __future__ import annotations

from dataclasses import replace

from tsuzuri.audiences.resolve import Audience
from tsuzuri.model import Config, Issue, Minutes, Tracker, Wbs, WbsItem
from tsuzuri.store.history import History

CONFIG_FILE = "tsuzuri.yml"


def tracker_for(tracker: Tracker, audience: Audience) -> Tracker:
    """Return only what ``audience`` may see: its projects, the items their visibility allows, and the people around them.

    A project's shared files go with the project. An issue the audience may not see is left
    out with its comments and attachments; a reference to it elsewhere (a parent, a link, a
    key in text) stays a bare key, which the pages show without title or link. A hidden WBS item keeps its id and dates, so the plan
    of the items around it stays as it is, but loses its title, people and issues.
    """
    config = tracker.config
    projects = frozenset(p.key for p in config.projects if audience.sees_project(p.key))
    issues = {
        key: _issue(issue, audience)
        for key, issue in tracker.issues.items()
        if issue.project in projects and audience.allows(issue.visibility)
    }
    minutes = tuple(m for m in tracker.minutes if _sees_minutes(m, audience, projects, config))
    wbs = {key: wbs_for(plan, audience) for key, plan in tracker.wbs.items() if key in projects}
    shared = tuple(f for f in tracker.shared if f.project in projects)  # a project's shared folder is for all who see it
    return Tracker(_config(config, audience, projects), issues, minutes, wbs, shared)


def wbs_for(plan: Wbs, audience: Audience) -> Wbs:
    """Return a plan with the items ``audience`` may not see made anonymous (a baseline's plan too)."""
    return replace(plan, items=tuple(_item(item, audience, False) for item in plan.items))


def history_for(history: History | None, view: Tracker, audience: Audience) -> History | None:
    """Return the Git history of what ``view`` (made by ``tracker_for``) holds, and nothing else."""
    if history is None:
        return None
    comments = {c.path for i in view.issues.values() for c in i.comments}
    documents = {m.path for m in view.minutes} | {w.path for w in view.wbs.values()}
    if audience.internal:
        documents.add(CONFIG_FILE)
    documents |= {f.path for f in view.shared}  # a project's shared files, for those who see the project
    paths = documents | comments | {i.path for i in view.issues.values()} | {a.path for i in view.issues.values() for a in i.attachments}
    timelines = {
        key: replace(timeline, comments=tuple(c for c in timeline.comments if c.path in comments),
                     files=tuple(f for f in timeline.files if f.path in paths))
        for key, timeline in history.timelines.items()
        if key in view.issues
    }
    return History(
        head=history.head,
        files={path: f for path, f in history.files.items() if path in paths},
        timelines=timelines,
        documents=[d for d in history.documents if d.path in documents],
    )


def _issue(issue: Issue, audience: Audience) -> Issue:
    comments = tuple(c for c in issue.comments if audience.allows(c.visibility))
    attachments = tuple(a for a in issue.attachments if audience.allows(a.visibility))
    if len(comments) == len(issue.comments) and len(attachments) == len(issue.attachments):
        return issue
    return replace(issue, comments=comments, attachments=attachments)


def _sees_minutes(minutes: Minutes, audience: Audience, projects: frozenset[str], config: Config) -> bool:
    if minutes.project:
        return minutes.project in projects and audience.allows(minutes.visibility)
    if audience.internal:
        return True
    if minutes.visibility:
        return audience.allows(minutes.visibility)
    # A meeting of no one project is for those who were in the room.
    present = {m.org for m in (config.member(a) for a in minutes.attendees) if m is not None}
    return bool(present & audience.organizations)


def _item(item: WbsItem, audience: Audience, hidden: bool) -> WbsItem:
    hidden = hidden or not audience.allows(item.visibility)
    children = tuple(_item(child, audience, hidden) for child in item.children)
    if not hidden:
        return replace(item, children=children) if children != item.children else item
    return replace(item, title="", owner="", assignee="", issues=(), children=children, visibility=())


def _config(config: Config, audience: Audience, projects: frozenset[str]) -> Config:
    """Keep the projects the audience sees, their organizations and members, and the office."""
    shown = [p for p in config.projects if p.key in projects]
    orgs = set(audience.organizations) | {o.id for o in config.organizations if o.role == "office"}
    for p in shown:
        orgs.update(p.organizations)
    if audience.internal:
        orgs = {o.id for o in config.organizations}
    return replace(
        config,
        projects=tuple(shown),
        organizations=tuple(o for o in config.organizations if o.id in orgs),
        members=tuple(m for m in config.members if m.org in orgs),
        milestones=tuple(m for m in config.milestones if m.project in projects),
        categories=tuple(c for c in config.categories if c.project in projects),
        custom_fields=tuple(c for c in config.custom_fields if c.project in projects),
        authority=tuple(a for a in config.authority if not a.projects or projects.intersection(a.projects)),
        audiences=(),
    )
