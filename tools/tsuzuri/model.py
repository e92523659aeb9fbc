"""The tracker as typed, immutable records.

This module is the centre of tsuzuri: it does no I/O and imports nothing from the
rest of the package. Every other layer (the store, the use cases, the adapters)
speaks in these records.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from tsuzuri import layout

KEY_RE = layout.KEY_RE
"""An issue key: the project key, a hyphen and a number (``MIRA-12``)."""

KEY_IN_TEXT_RE = layout.KEY_IN_TEXT_RE
"""An issue key as it appears inside prose (not inside a word, a path or a URL)."""

SITE_FOLDER = "tracker"
"""The folder of the site's generated pages (inside docs_dir), so the start of their URLs."""


def issue_page(key: str) -> str:
    """Return where an issue's page is on the published site, from the site's root (``tracker/issues/HOJO-42/``)."""
    return f"{SITE_FOLDER}/issues/{key}/"


def split_key(key: str) -> tuple[str, int] | None:
    """Return (project, number) of an issue key, or None if it is not one."""
    m = KEY_RE.match(key)
    return (m.group(1), int(m.group(2))) if m else None


# --- configuration (tsuzuri.yml) ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    role: str = "vendor"  # office | vendor | other
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Member:
    id: str
    name: str
    org: str = ""  # a member written without one is a finding, and still a member
    email: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    key: str
    name: str
    organizations: tuple[str, ...] = ()
    inquiry_address: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a vocabulary (a status, a type or a priority)."""

    id: str
    label: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class Milestone:
    id: str
    project: str
    date: date | None = None
    name: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    project: str
    label: str


@dataclass(frozen=True, slots=True)
class CustomField:
    id: str
    project: str
    type: str  # text | number | date | choice | choices (several options)
    label: str = ""
    options: tuple[str, ...] = ()
    other: bool = False  # a choice may also be a free answer outside the options (Backlog's "other")


@dataclass(frozen=True, slots=True)
class CalendarConfig:
    holidays: str = "JP"  # national holiday set; "" for none
    extra_holidays: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()
    weekend: tuple[int, ...] = (5, 6)  # Monday is 0


@dataclass(frozen=True, slots=True)
class ImportLimits:
    """How large a sheet an import reads (``import:`` in tsuzuri.yml); larger ones are refused unread."""

    max_sheet_mb: int = 200  # an xlsx's parts unpacked, or a CSV's size
    max_rows: int = 100_000
    max_cell_chars: int = 1_000_000


@dataclass(frozen=True, slots=True)
class AuthorityRule:
    """Only members of ``organizations`` may change ``fields``."""

    fields: tuple[str, ...]
    organizations: tuple[str, ...]
    projects: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GuardConfig:
    """The confidential-data guard's settings (``guard:`` in tsuzuri.yml)."""

    phone: bool = True  # Japanese phone numbers
    postal_address: bool = True  # postcodes (〒) and street addresses
    markers: tuple[str, ...] = ()  # the office's marker words: 秘, 取扱注意, ...
    addresses: tuple[str, ...] = ()  # mail addresses of non-members that may appear ("*@example.go.jp")
    allow: tuple[str, ...] = ()  # fingerprints of reviewed false positives ("phone:3f2a9c1b7d4e")


ISSUE_LIST_COLUMNS = (
    "key",
    "title",
    "status",
    "type",
    "priority",
    "assignee",
    "organization",
    "milestone",
    "categories",
    "start",
    "due",
    "created",
    "updated",
)
"""The columns the site's issue list can show, in their order."""

DEFAULT_ISSUE_LIST_COLUMNS = ("key", "title", "status", "type", "priority", "assignee", "milestone", "due", "updated")
"""The columns it shows until tsuzuri.yml or the reader chooses others: they fit a 1366 px window."""


@dataclass(frozen=True, slots=True)
class IssueListConfig:
    """How the site's issue list opens (``issue_list:`` in tsuzuri.yml)."""

    status: str = "open"  # the status filter of a bare link: open (every status not done), done, all, or a status
    columns: tuple[str, ...] = DEFAULT_ISSUE_LIST_COLUMNS


@dataclass(frozen=True, slots=True)
class AudienceConfig:
    """An audience declared in tsuzuri.yml, beside the one every organization has."""

    id: str
    name: str = ""
    organizations: tuple[str, ...] = ()  # whom it speaks for: `visibility:` lists are matched against these
    projects: tuple[str, ...] = ()  # the projects it sees; empty: those its organizations take part in
    internal: bool = False  # sees everything, as the office does


@dataclass(frozen=True)
class Config:
    language: str = "ja"
    timezone: str = "Asia/Tokyo"
    title: str = "tsuzuri"
    site_url: str = ""
    organizations: tuple[Organization, ...] = ()
    members: tuple[Member, ...] = ()
    projects: tuple[Project, ...] = ()
    statuses: tuple[Choice, ...] = ()
    types: tuple[Choice, ...] = ()
    priorities: tuple[Choice, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    categories: tuple[Category, ...] = ()
    custom_fields: tuple[CustomField, ...] = ()
    calendar: CalendarConfig = CalendarConfig()
    mail: Mapping = field(default_factory=dict)
    imports: ImportLimits = ImportLimits()
    forge: Mapping = field(default_factory=dict)  # see tsuzuri.site.forge
    authority: tuple[AuthorityRule, ...] = ()
    guard: GuardConfig = GuardConfig()
    issue_list: IssueListConfig = IssueListConfig()
    audiences: tuple[AudienceConfig, ...] = ()
    subset: bool = False  # this checkout holds some projects only (a vendor's repository)

    @cached_property
    def _tables(self) -> dict[str, dict]:
        return {
            "members": {m.id: m for m in self.members},
            "organizations": {o.id: o for o in self.organizations},
            "projects": {p.key: p for p in self.projects},
            "milestones": {(m.project, m.id): m for m in self.milestones},
            "categories": {(c.project, c.id): c for c in self.categories},
            "statuses": {s.id: s for s in self.statuses},
            "types": {t.id: t for t in self.types},
            "priorities": {p.id: p for p in self.priorities},
        }

    def member(self, member_id: str) -> Member | None:
        """Return the member with this id, if any."""
        return self._tables["members"].get(member_id)

    def organization(self, org_id: str) -> Organization | None:
        """Return the organization with this id, if any."""
        return self._tables["organizations"].get(org_id)

    def find_member(self, text) -> Lookup:
        """Return the member an id, name, family name, mail address or alias stands for."""
        return find_member(self.members, text)

    def find_organization(self, text) -> Lookup:
        """Return the organization an id, name or alias stands for."""
        return find_organization(self.organizations, text)

    def member_id(self, text) -> str:
        """Return the id of the member ``text`` names uniquely, else ``text`` as written."""
        if not text or text in self._tables["members"]:
            return text
        return find_member(self.members, text).id or text

    def organization_id(self, text) -> str:
        """Return the id of the organization ``text`` names uniquely, else ``text`` as written."""
        if not text or text in self._tables["organizations"]:
            return text
        return find_organization(self.organizations, text).id or text

    def project(self, key: str) -> Project | None:
        """Return the project with this key, if any."""
        return self._tables["projects"].get(key)

    def milestone(self, project: str, milestone_id: str) -> Milestone | None:
        """Return a project's milestone by id, if any."""
        return self._tables["milestones"].get((project, milestone_id))

    def category(self, project: str, category_id: str) -> Category | None:
        """Return a project's category by id, if any."""
        return self._tables["categories"].get((project, category_id))

    def status(self, status_id: str) -> Choice | None:
        """Return the status with this id, if any."""
        return self._tables["statuses"].get(status_id)

    def type(self, type_id: str) -> Choice | None:
        """Return the issue type with this id, if any."""
        return self._tables["types"].get(type_id)

    def priority(self, priority_id: str) -> Choice | None:
        """Return the priority with this id, if any."""
        return self._tables["priorities"].get(priority_id)

    @cached_property
    def done_ids(self) -> frozenset[str]:
        """The ids of the statuses that close an issue."""
        return frozenset(s.id for s in self.statuses if s.done)

    def label(self, vocabulary: str, choice_id: str) -> str:
        """Return the display label of a status, type or priority id."""
        choice = self._tables[vocabulary].get(choice_id)
        return choice.label if choice else choice_id


# --- people and organizations by name ----------------------------------------------

_CORPORATE = re.compile(
    r"株式会社|有限会社|合同会社|一般社団法人|一般財団法人|\(株\)|\(有\)|㈱|㈲|,?\s*(inc|ltd|llc|co)\.?$", re.IGNORECASE
)


def name_key(text) -> str:
    """Return a name as compared: NFKC, case-folded, without spaces (山田太郎 = 山田 太郎)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")).casefold())


@dataclass(frozen=True, slots=True)
class Lookup:
    """What a name written where an id is expected stands for."""

    id: str = ""                           # the one member or organization it names
    candidates: tuple[str, ...] = ()       # ids it could name when it is ambiguous

    @property
    def ambiguous(self) -> bool:
        return not self.id and len(self.candidates) > 1


def _lookup(entries, text, tiers) -> Lookup:
    """Find ``text`` among ``entries``: the id exactly first, then each tier of names in turn."""
    if text is None or str(text).strip() == "":
        return Lookup()
    raw = str(text).strip()
    for entry in entries:
        if entry.id == raw:
            return Lookup(entry.id)
    key = name_key(raw)
    for tier in tiers:
        found = tuple(dict.fromkeys(e.id for e in entries if key in {name_key(n) for n in tier(e) if n}))
        if len(found) == 1:
            return Lookup(found[0])
        if found:
            return Lookup("", found)
    return Lookup()


def _family(name: str) -> tuple[str, ...]:
    parts = re.split(r"\s+", unicodedata.normalize("NFKC", name).strip())
    return (parts[0],) if len(parts) > 1 else ()


def find_member(members: tuple[Member, ...], text) -> Lookup:
    """Find the member an id, name, mail address, alias or (unique) family name stands for."""
    return _lookup(members, text, (
        lambda m: (m.id, m.name, m.email, *m.aliases),
        lambda m: _family(m.name),
    ))


def find_organization(organizations: tuple[Organization, ...], text) -> Lookup:
    """Find the organization an id, name or alias stands for; 青葉システムズ = 青葉システムズ株式会社 = (株)青葉システムズ."""
    found = _lookup(organizations, text, (lambda o: (o.id, o.name, *o.aliases),))
    if found.id or found.candidates or not str(text or "").strip():
        return found
    bare = _bare(text)
    hits = tuple(o.id for o in organizations if bare and _bare(o.name) == bare)
    return Lookup(hits[0]) if len(hits) == 1 else Lookup("", hits)


def _bare(name) -> str:
    """Return an organization's name without 株式会社, (株), Inc. and the like."""
    return name_key(_CORPORATE.sub("", unicodedata.normalize("NFKC", str(name))))


def resolve_choice(choices: tuple[Choice, ...], value: str) -> Choice | None:
    """Find a vocabulary entry by its id or by its label (``処理中`` for ``in_progress``)."""
    for c in choices:
        if c.id == value or c.label == value:
            return c
    return None


# --- issues ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comment:
    issue: str
    path: str
    author: str
    date: datetime | None
    body: str
    via: str = ""  # "mail" when it arrived by email
    message_id: str = ""
    visibility: tuple[str, ...] = ()  # narrower than its issue's: "internal" or organization ids
    verified: bool = True  # False: a mail nothing showed the member really sent


@dataclass(frozen=True, slots=True)
class Attachment:
    issue: str
    path: str
    name: str
    size: int
    media_type: str
    visibility: tuple[str, ...] = ()  # from the issue's `file_visibility:`, narrower than the issue's


@dataclass(frozen=True, slots=True)
class SharedFile:
    """One file of a project's shared folder (``files/<PROJECT>/...``), as the store found it."""

    project: str
    path: str  # tracker-relative: "files/HOJO/設計/基本設計書.xlsx"
    name: str  # inside the project's folder: "設計/基本設計書.xlsx"
    size: int
    media_type: str
    lfs: bool = False  # a Git LFS pointer stands where the file should be (its content was not fetched)
    updated: datetime | None = None  # the last commit that changed it (from Git history)
    updated_by: str = ""  # member id, or the Git address of someone who is no member


@dataclass(frozen=True, slots=True)
class Issue:
    key: str
    project: str
    number: int
    path: str
    title: str
    type: str
    status: str
    priority: str = "normal"
    assignee: str = ""
    reporter: str = ""
    milestone: str = ""
    categories: tuple[str, ...] = ()
    start: date | None = None
    due: date | None = None
    estimate: float | None = None
    actual: float | None = None
    parent: str = ""
    links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    watchers: tuple[str, ...] = ()
    custom: Mapping[str, object] = field(default_factory=dict)
    body: str = ""
    comments: tuple[Comment, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    created: datetime | None = None
    updated: datetime | None = None
    created_by: str = ""
    origin: str = ""
    visibility: tuple[str, ...] = ()  # who may see it: "internal" (the office) or organization ids; empty: the project

    def is_done(self, config: Config) -> bool:
        """Tell whether the issue's status is one that closes it."""
        return self.status in config.done_ids

    def is_overdue(self, config: Config, today: date) -> bool:
        """Tell whether the issue is open and past its due date."""
        return self.due is not None and self.due < today and not self.is_done(config)


LINK_KINDS = ("blocks", "blocked_by", "relates", "duplicates", "duplicated_by")
LINK_INVERSE = {
    "blocks": "blocked_by",
    "blocked_by": "blocks",
    "relates": "relates",
    "duplicates": "duplicated_by",
    "duplicated_by": "duplicates",
}


# --- minutes -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionItem:
    line: int
    text: str
    assignee: str = ""
    due: date | None = None
    issue: str = ""
    done: bool = False


@dataclass(frozen=True, slots=True)
class Minutes:
    path: str
    slug: str
    title: str
    date: date | None
    project: str = ""
    attendees: tuple[str, ...] = ()
    location: str = ""
    body: str = ""
    decisions: tuple[str, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    mentions: tuple[str, ...] = ()  # issue keys mentioned anywhere, in order, unique
    visibility: tuple[str, ...] = ()


# --- WBS ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dependency:
    """Finish-to-start: this item starts ``lag`` working days after ``id`` ends.

    ``written`` is the entry as the file has it (``"1-2"``, ``"1.2+2d"``); it is resolved
    against the plan's ids by ``read_dependency``.
    """

    id: str
    lag: int = 0
    written: str = ""


# A lag always carries its unit, so Japanese WBS numbers such as 1-2 or A-1 stay ids.
LAG_RE = re.compile(r"^(?P<id>.+?)\s*(?P<sign>[+\-−＋])\s*(?P<days>[0-9０-９]+)\s*(?:d|D|日|営業日)$")


def read_dependency(written: str, ids) -> Dependency:
    """Resolve an ``after`` entry: an existing id exactly first, then ``id+2d`` / ``id-1d`` / ``id+2日``.

    An entry that is neither stays as written, so the reference check reports it.
    """
    text = written.strip()
    if text in ids:
        return Dependency(text, 0, written)
    m = LAG_RE.match(text)
    if m:
        days = int(unicodedata.normalize("NFKC", m.group("days")))
        sign = -1 if m.group("sign") in "-−" else 1
        return Dependency(m.group("id").strip(), sign * days, written)
    return Dependency(text, 0, written)


def lag_without_unit(written: str, ids) -> str | None:
    """Return the id part of an entry like ``1.2+2`` (a lag with no unit) when that id exists.

    ``1-2`` is not taken for one: in a Japanese plan it is far more often an item number.
    """
    m = re.match(r"^(.+?)\s*([+＋])\s*(\d+)$", unicodedata.normalize("NFKC", written.strip()))
    return m.group(1) if m and m.group(1) in ids else None


@dataclass(frozen=True, slots=True)
class WbsItem:
    id: str
    title: str
    line: int = 0
    milestone: bool = False
    owner: str = ""
    assignee: str = ""
    start: date | None = None
    end: date | None = None
    duration: int | None = None  # working days
    target: date | None = None  # a milestone's target date (the file's `date`)
    after: tuple[Dependency, ...] = ()
    progress: float | None = None  # 0..100 when given
    issues: tuple[str, ...] = ()
    children: tuple[WbsItem, ...] = ()
    visibility: tuple[str, ...] = ()  # children inherit it

    def walk(self):
        """Yield this item and every descendant, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Wbs:
    project: str
    path: str
    items: tuple[WbsItem, ...] = ()
    baseline: str = ""
    start: date | None = None  # where items with no date and no predecessor begin

    def walk(self):
        """Yield every item of the plan, depth first."""
        for item in self.items:
            yield from item.walk()


# --- the whole tracker -------------------------------------------------------------


@dataclass(frozen=True)
class Tracker:
    config: Config
    issues: Mapping[str, Issue] = field(default_factory=dict)
    minutes: tuple[Minutes, ...] = ()
    wbs: Mapping[str, Wbs] = field(default_factory=dict)
    shared: tuple[SharedFile, ...] = ()  # every project's shared files, by path

    def project_files(self, project: str) -> list[SharedFile]:
        """Return a project's shared files in path order."""
        return [f for f in self.shared if f.project == project]

    def project_issues(self, project: str) -> list[Issue]:
        """Return a project's issues in key order."""
        return sorted(
            (i for i in self.issues.values() if i.project == project), key=lambda i: i.number
        )

    def children_of(self, key: str) -> list[Issue]:
        """Return the issues whose parent is ``key``."""
        return [i for i in self.issues.values() if i.parent == key]
