"""Facts the pages need that no single file states: backlinks, inverse links, answers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tsuzuri.model import LINK_INVERSE, LINK_KINDS, Comment, Issue, Minutes, Tracker, WbsItem


@dataclass
class Relations:
    """Every cross-reference of a tracker, indexed by issue key."""

    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    links: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    minutes: dict[str, list[Minutes]] = field(default_factory=lambda: defaultdict(list))
    wbs: dict[str, list[tuple[str, WbsItem]]] = field(default_factory=lambda: defaultdict(list))


def relate(tracker: Tracker) -> Relations:
    """Index children, links in both directions, minutes mentions and WBS items per issue."""
    rel = Relations()
    for key in sorted(tracker.issues, key=_key_order):
        issue = tracker.issues[key]
        if issue.parent:
            rel.children[issue.parent].append(key)
        _link_both_ways(rel, key, issue)
    for m in tracker.minutes:
        keys = set(m.mentions) | {a.issue for a in m.actions if a.issue}
        for key in sorted(keys):
            rel.minutes[key].append(m)
    for project in sorted(tracker.wbs):
        for item in tracker.wbs[project].walk():
            for key in item.issues:
                rel.wbs[key].append((project, item))
    for targets in rel.links.values():
        for kind in targets:
            targets[kind].sort(key=_key_order)
    return rel


def _link_both_ways(rel: Relations, key: str, issue: Issue) -> None:
    """Record each link of an issue under it and, with the inverse kind, under its target."""
    for kind, targets in issue.links.items():
        if kind not in LINK_KINDS:
            continue
        for target in targets:
            _add_once(rel.links[key][kind], target)
            _add_once(rel.links[target][LINK_INVERSE[kind]], key)


def _add_once(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _key_order(key: str) -> tuple[str, int]:
    project, _, number = key.rpartition("-")
    return (project, int(number) if number.isdigit() else 0)


def key_order(key: str) -> tuple[str, int]:
    """Sort key for issue keys: project, then number (HOJO-2 before HOJO-10)."""
    return _key_order(key)


def office_members(tracker: Tracker) -> frozenset[str]:
    """Return the ids of members of organizations whose role is office."""
    cfg = tracker.config
    offices = {o.id for o in cfg.organizations if o.role == "office"}
    return frozenset(m.id for m in cfg.members if m.org in offices)


def first_answer(issue: Issue, office: frozenset[str]) -> Comment | None:
    """Return the first comment by an office member: the inquiry's first answer."""
    for c in issue.comments:
        if c.author in office:
            return c
    return None
