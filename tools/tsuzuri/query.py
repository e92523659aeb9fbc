"""The issue filter: one meaning of every criterion, for ``tsuzuri list`` and the site's issue lists.

A status criterion is a status id or label, or one of three states: ``open`` (every status
that is not done), ``done`` (every status marked ``done: true``) and ``all`` (every status:
what the site's list says when a reader turns its default ``open`` off). The states come
first: a status whose id is ``open``, ``done`` or ``all`` is picked by its label (``未対応``). The
site's interactive list (assets/issue-list.js) applies the same rules to issues.json in the
browser; tests compare the two on the demo tracker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from tsuzuri.errors import UsageError
from tsuzuri.model import Choice, Config, Issue, Tracker, resolve_choice

OPEN = "open"
DONE = "done"
ALL = "all"
STATES = (OPEN, DONE, ALL)


@dataclass(frozen=True)
class IssueFilter:
    """What to select: every given criterion must hold; the values of one criterion are alternatives."""

    projects: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # ids, labels, or the states "open" / "done" / "all"
    types: tuple[str, ...] = ()  # ids or labels
    priorities: tuple[str, ...] = ()  # ids or labels
    assignees: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()  # of the assignee
    milestones: tuple[str, ...] = ()  # ids (in every project), or PROJECT/id (ids repeat across projects)
    categories: tuple[str, ...] = ()
    due_from: date | None = None
    due_to: date | None = None
    overdue: bool = False  # open and past its due date
    text: str = ""  # every word must appear in the key or title (and, in the terminal, the description or a comment)


PARAMS = {
    "project": "projects", "status": "statuses", "type": "types", "priority": "priorities",
    "assignee": "assignees", "organization": "organizations", "milestone": "milestones",
    "category": "categories", "due_from": "due_from", "due_to": "due_to", "overdue": "overdue", "q": "text",
}
"""The site's names of the criteria (marker parameters, the issue list's URL) and the filter's fields."""

_NO = ("", "0", "false", "no")


class FilterProblem(UsageError, ValueError):
    """A criterion's value cannot be read (a date that is not YYYY-MM-DD)."""

    def __init__(self, name: str, value: str):
        super().__init__(f"{name}={value}")
        self.name = name
        self.value = value


def from_params(params: Mapping[str, str]) -> IssueFilter:
    """Build a filter from the site's names (``status=open project=HOJO``, values comma-separated).

    Names that are not criteria are left to the caller. Raises FilterProblem for an unreadable date.
    """
    values: dict[str, object] = {}
    for name, value in params.items():
        attr = PARAMS.get(name)
        if attr == "overdue":
            values[attr] = value.strip().lower() not in _NO
        elif attr == "text":
            values[attr] = value
        elif attr in ("due_from", "due_to"):
            values[attr] = _day(name, value)
        elif attr is not None:
            values[attr] = tuple(v.strip() for v in value.split(",") if v.strip())
    return IssueFilter(**values)


def _day(name: str, value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FilterProblem(name, value) from None


def select(tracker: Tracker, f: IssueFilter, today: date, full_text: bool = True) -> list[Issue]:
    """Return the issues matching every given criterion, in project and number order.

    ``full_text`` searches descriptions and comments too; the site's list searches keys and titles.
    """
    test = matcher(tracker.config, f, today, full_text)
    return sorted((i for i in tracker.issues.values() if test(i)), key=lambda i: (i.project, i.number))


def matcher(config: Config, f: IssueFilter, today: date, full_text: bool = True) -> Callable[[Issue], bool]:
    """Return the test of one issue against ``f``, with the criteria resolved once."""
    tests = [*_choice_tests(config, f), *_people_tests(config, f), *_date_tests(config, f, today)]
    words = f.text.casefold().split()
    if words:
        tests.append(lambda issue: _has_words(issue, words, full_text))
    return lambda issue: all(test(issue) for test in tests)


def _choice_tests(config: Config, f: IssueFilter) -> list[Callable[[Issue], bool]]:
    tests = []
    if f.projects:
        tests.append(lambda i: i.project in f.projects)
    if f.statuses:
        tests.append(_status_test(config, f.statuses))
    for attr, choices, wanted in (("type", config.types, f.types), ("priority", config.priorities, f.priorities)):
        if wanted:
            ids = _ids(choices, wanted)
            tests.append(lambda i, attr=attr, ids=ids: getattr(i, attr) in ids)
    if f.milestones:
        tests.append(lambda i: bool(i.milestone) and (i.milestone in f.milestones or f"{i.project}/{i.milestone}" in f.milestones))
    if f.categories:
        tests.append(lambda i: any(c in f.categories for c in i.categories))
    return tests


def _status_test(config: Config, values: Iterable[str]) -> Callable[[Issue], bool]:
    values = set(values)
    ids = _ids(config.statuses, values - set(STATES))
    done = config.done_ids
    if ALL in values:
        return lambda i: True
    want_open, want_done = OPEN in values, DONE in values
    # An issue whose status is not in tsuzuri.yml (the validator reports it) is not done: it is open.
    return lambda i: i.status in ids or (want_open and i.status not in done) or (want_done and i.status in done)


def _people_tests(config: Config, f: IssueFilter) -> list[Callable[[Issue], bool]]:
    tests = []
    if f.assignees:
        tests.append(lambda i: i.assignee in f.assignees)
    if f.organizations:
        tests.append(lambda i: organization_of(config, i) in f.organizations)
    return tests


def _date_tests(config: Config, f: IssueFilter, today: date) -> list[Callable[[Issue], bool]]:
    tests = []
    if f.due_from is not None:
        tests.append(lambda i: i.due is not None and i.due >= f.due_from)
    if f.due_to is not None:
        tests.append(lambda i: i.due is not None and i.due <= f.due_to)
    if f.overdue:
        tests.append(lambda i: i.is_overdue(config, today))
    return tests


def _ids(choices: tuple[Choice, ...], values: Iterable[str]) -> set[str]:
    found = set()
    for value in values:
        choice = resolve_choice(choices, value)
        found.add(choice.id if choice else value)
    return found


def organization_of(config: Config, issue: Issue) -> str:
    """Return the organization of the issue's assignee ("" when unassigned or unknown)."""
    member = config.member(issue.assignee) if issue.assignee else None
    return member.org if member else ""


def _has_words(issue: Issue, words: list[str], full_text: bool) -> bool:
    parts = [issue.key, issue.title]
    if full_text:
        parts += [issue.body, *(c.body for c in issue.comments)]
    text = " ".join(parts).casefold()
    return all(w in text for w in words)
