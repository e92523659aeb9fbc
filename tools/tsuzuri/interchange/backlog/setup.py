"""Plan what tsuzuri.yml needs for a Backlog project: the project, members, vocabularies, fields.

Everything the project's issues use is declared before they arrive, so nothing is lost for
want of a status or a custom field: the project, its members (matched by mail address,
then name, then Backlog user id; new ones with their Backlog ids as aliases), statuses in
Backlog's order (custom ones too, 完了 marked done), types, priorities, categories,
versions as milestones, and custom fields with their type and options. Backlog's affected
versions (発生バージョン) and resolution (完了理由) become two custom fields. What the file
already declares is kept as it is; only what is missing is added.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import tzinfo

from tsuzuri.errors import TsuzuriError
from tsuzuri.formats.dates import parse_date
from tsuzuri.interchange.backlog.records import RESOLUTION_FIELD, VERSIONS_FIELD, Dump
from tsuzuri.interchange.config_text import add_entries
from tsuzuri.interchange.mapping import ImportMap, Resolver
from tsuzuri.messages import Message
from tsuzuri.model import Config, Member, name_key
from tsuzuri.schema.kinds import CONFIG
from tsuzuri.store import Loaded
from tsuzuri.store.documents import parse
from tsuzuri.store.reader import CONFIG_FILE, build_config

# Backlog's built-in words and the ids tsuzuri gives them.
_STATUS_IDS = {1: "open", 2: "in_progress", 3: "resolved", 4: "closed"}
_TYPE_IDS = {"バグ": "bug", "bug": "bug", "タスク": "task", "task": "task", "要望": "request", "request": "request",
             "その他": "other", "other": "other"}
_PRIORITY_IDS = {2: "high", 3: "normal", 4: "low"}
# Backlog's custom field types (fieldTypeId / typeId) and how the tracker keeps them.
CUSTOM_TYPES = {1: "text", 2: "text", 3: "number", 4: "date", 5: "choice", 6: "choices", 7: "choices", 8: "choice"}
SECTIONS = ("organizations", "members", "projects", "statuses", "types", "priorities", "milestones", "categories", "custom_fields")


@dataclass
class Setup:
    """The tsuzuri.yml additions a Backlog project needs, and the file's new text."""

    text: str
    added: dict[str, list[dict]] = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(self.added.values())

    def summary(self) -> Message:
        """Say what is added, section by section."""
        parts = [f"{name} +{len(entries)} ({', '.join(_entry_name(e) for e in entries[:6])}{', ...' if len(entries) > 6 else ''})"
                 for name, entries in self.added.items() if entries]
        return Message("io.backlog.setup", parts="; ".join(parts))


def _entry_name(entry: dict) -> str:
    return str(entry.get("label") or entry.get("name") or entry.get("key") or entry.get("id"))


def slug(text: str, fallback: str, taken: set[str]) -> str:
    """Return an id for ``text``: its ASCII words (調査中 / Researching -> researching), else ``fallback``."""
    ascii_part = unicodedata.normalize("NFKC", str(text or "")).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_part).strip("_.-")
    if not re.search(r"[a-z]", base):  # スプリント1 -> "1" says nothing: use the fallback
        base = fallback
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def plan_setup(config_text: str, config: Config, dump: Dump, backlog_project: str, project: str, zone: tzinfo,
               issues: list[dict], import_map: ImportMap | None = None) -> Setup:
    """Return the additions to tsuzuri.yml for ``project``, built from the saved Backlog responses.

    Words and people a map file maps (``values:``, ``people:``) are not added.
    """
    resolver = Resolver(config, import_map)
    added: dict[str, list[tuple[dict, int | None]]] = {name: [] for name in SECTIONS}
    info = dump.read("project.json", {}) or {}
    resolver, used_orgs = _new_members(added, config, resolver, _users(dump, issues), import_map)
    if config.project(project) is None:
        entry = {"key": project, "name": info.get("name") or project}
        orgs = list(dict.fromkeys(used_orgs))
        if orgs:
            entry["organizations"] = orgs
        added["projects"].append((entry, None))

    _vocabulary(added, "statuses", config.statuses, resolver, "status", _statuses(dump), zone)
    _vocabulary(added, "types", config.types, resolver, "type", dump.read("issueTypes.json", []) or [], zone)
    _vocabulary(added, "priorities", config.priorities, resolver, "priority", dump.read("priorities.json", []) or [], zone)
    notes: list = []
    _project_lists(added, config, resolver, project, dump, issues, zone, notes)

    text = config_text
    for name, defaults in (("statuses", config.statuses), ("types", config.types), ("priorities", config.priorities)):
        if added[name] and not re.search(rf"(?m)^{name}\s*:", text):
            # The file relies on the built-in words: write them out, or the new ones would replace them.
            added[name][:0] = [({"id": c.id, "label": c.label, **({"done": True} if c.done else {})}, None) for c in defaults]
    for name in SECTIONS:
        text = add_entries(text, name, added[name])
    setup = Setup(text, {k: [e for e, _ in v] for k, v in added.items()}, notes)
    return setup


def _new_members(
    added, config: Config, resolver: Resolver, users: list[dict], import_map: ImportMap | None
) -> tuple[Resolver, list[str]]:
    """Add everyone the project lists and its issues and comments name, with an organization per mail domain.

    Return the resolver that knows them, and the organizations they belong to.
    """
    orgs_by_domain = {m.email.rsplit("@", 1)[-1].lower(): m.org for m in config.members if "@" in m.email}
    org_ids = {o.id for o in config.organizations}
    member_ids = {m.id for m in config.members}
    used_orgs: list[str] = []
    for user in users:
        if any(resolver.person(str(user.get(k))) for k in ("id", "mailAddress", "name", "userId") if user.get(k) not in (None, "")):
            continue
        mail = (user.get("mailAddress") or "").strip()
        domain = mail.rsplit("@", 1)[-1].lower() if "@" in mail else ""
        org = orgs_by_domain.get(domain)
        if org is None:
            org = slug(domain.split(".")[0] if domain else "backlog", "backlog", org_ids)
            orgs_by_domain[domain] = org
            added["organizations"].append(({"id": org, "name": domain or "Backlog", "role": "vendor"}, None))
        used_orgs.append(org)
        member = _member_entry(user, mail, org, member_ids)
        added["members"].append((member, None))
        resolver = Resolver(_with_member(resolver.config, member), import_map)
    return resolver, used_orgs


def _member_entry(user: dict, mail: str, org: str, member_ids: set[str]) -> dict:
    """The tsuzuri.yml entry of a Backlog user."""
    name = user.get("name") or user.get("userId") or mail
    # A CSV names people only: their Backlog id, when it has one, is the alias (never the name again).
    aliases = [str(a) for a in (user.get("userId"), user.get("id")) if a not in (None, "") and str(a) != name]
    fallback = f"user{user['id']}" if isinstance(user.get("id"), int) else "member"
    member = {"id": slug(user.get("userId") or mail.split("@")[0] or user.get("name"), fallback, member_ids), "name": name, "org": org}
    if mail:
        member["email"] = mail
    if aliases:
        member["aliases"] = aliases
    return member


def with_config(loaded: Loaded, text: str) -> Loaded:
    """Return ``loaded`` with the configuration the new tsuzuri.yml text declares."""
    findings: list = []
    doc = parse(CONFIG_FILE, text, CONFIG, findings)
    errors = [f for f in findings if f.severity == "error"]
    if not doc.ok or errors:  # a bug in the additions: never write a broken tsuzuri.yml
        raise TsuzuriError(Message("io.backlog.setup-broken", problem=errors[0].text() if errors else "-"))
    return replace(loaded, tracker=replace(loaded.tracker, config=build_config(doc.data)))


def _with_member(config: Config, member: dict) -> Config:

    new = Member(member["id"], member["name"], member["org"], member.get("email", ""), tuple(member.get("aliases", ())))
    return replace(config, members=(*config.members, new))


def _users(dump: Dump, issues: list[dict]) -> list[dict]:
    seen: dict = {}

    def add(user):
        if isinstance(user, dict) and user.get("id") is not None and user["id"] not in seen:
            seen[user["id"]] = user

    for user in dump.read("users.json", []) or []:
        add(user)
    for issue in issues:
        for key in ("createdUser", "assignee", "updatedUser"):
            add(issue.get(key))
        for a in [*(issue.get("attachments") or []), *(issue.get("sharedFiles") or [])]:
            add(a.get("createdUser"))
        for comment in dump.comments(issue.get("issueKey", "")):
            add(comment.get("createdUser"))
            for n in comment.get("notifications") or []:
                add(n.get("user"))
    return list(seen.values())


def _statuses(dump: Dump) -> list[dict]:
    statuses = list(dump.read("statuses.json", []) or [])
    if any("displayOrder" in s for s in statuses):
        statuses.sort(key=lambda s: s.get("displayOrder", 0))
    return statuses


def _vocabulary(added, section: str, existing, resolver: Resolver, vocab: str, entries: list[dict], zone) -> None:
    """Add the Backlog words the tracker lacks, each after the word that comes before it in Backlog."""
    taken = {c.id for c in existing}
    ids = {"statuses": _STATUS_IDS, "priorities": _PRIORITY_IDS}.get(section, {})
    last_known: int | None = -1 if existing else None
    positions = {c.id: i for i, c in enumerate(existing)}
    for raw in entries:
        name = str(raw.get("name") or "").strip()
        if not name:
            continue
        found = resolver.choice(vocab, name)
        if found is not None:
            last_known = positions.get(found, last_known)
            continue
        wanted = ids.get(raw.get("id")) if section != "types" else _TYPE_IDS.get(name.lower())
        ident = wanted if wanted and wanted not in taken else slug(
            name, f"{section[:-1] if section != 'statuses' else 'status'}-{raw.get('id') if raw.get('id') is not None else len(taken) + 1}",
            taken
        )
        taken.add(ident)
        entry = {"id": ident, "label": name}
        if section == "statuses" and (raw.get("id") == 4 or name in ("完了", "Closed")):
            entry["done"] = True
        if raw.get("color") and re.fullmatch(r"#[0-9a-fA-F]{6}", str(raw["color"])):
            entry["color"] = raw["color"]
        added[section].append((entry, last_known if existing else None))


def _project_lists(added, config: Config, resolver: Resolver, project: str, dump: Dump, issues: list[dict], zone, notes: list) -> None:
    """Categories, versions (as milestones), custom fields and their options, for ``project``."""
    categories = {c["name"]: c for c in dump.read("categories.json", []) or [] if c.get("name")}
    versions = {v["name"]: v for v in dump.read("versions.json", []) or [] if v.get("name")}
    for issue in issues:  # a name an issue uses is declared too, even if the project lists no longer show it
        for c in issue.get("category") or []:
            categories.setdefault(c.get("name"), c)
        for v in [*(issue.get("milestone") or []), *(issue.get("versions") or [])]:
            versions.setdefault(v.get("name"), v)
    taken = {c.id for c in config.categories if c.project == project}
    for name in categories:
        if name and resolver.category(project, name) is None:
            added["categories"].append(({"id": slug(name, f"cat-{len(taken) + 1}", taken), "project": project, "label": name}, None))
    taken = {m.id for m in config.milestones if m.project == project}
    for name, v in versions.items():
        if name and resolver.milestone(project, name) is None:
            added["milestones"].append((_milestone_entry(name, v, project, taken, zone), None))
    _custom_fields(added, config, resolver, project, dump, issues, versions, notes)


def _milestone_entry(name: str, version: dict, project: str, taken: set[str], zone) -> dict:
    """The tsuzuri.yml milestone of a Backlog version or milestone: its name, release day and description."""
    entry = {"id": slug(name, f"v-{len(taken) + 1}", taken), "project": project, "name": name}
    try:
        day = parse_date(version.get("releaseDueDate"), zone=zone)
    except ValueError:
        day = None
    if day:
        entry["date"] = day
    if version.get("description"):
        entry["description"] = str(version["description"]).strip()
    return entry


def _custom_fields(added, config: Config, resolver: Resolver, project: str, dump: Dump, issues: list[dict], versions: dict,
                   notes: list) -> None:
    declared, options, other = _declared_custom_fields(dump, issues)
    taken = {c.id for c in config.custom_fields if c.project == project}
    for key, f in declared.items():
        found = resolver.custom_field(project, f["name"])
        if found is not None:
            if found.type == "text" and (f.get("typeId") or f.get("fieldTypeId")) in (5, 6, 7, 8):
                notes.append(Message("io.backlog.list-as-text", field=found.label or found.id))
            continue
        kind = CUSTOM_TYPES.get(f.get("typeId") or f.get("fieldTypeId"), "text")
        entry = {"id": slug(f["name"], f"cf-{len(taken) + 1}", taken), "project": project, "type": kind, "label": f["name"]}
        if kind in ("choice", "choices"):
            entry["options"] = options.get(key, [])
            if other.get(key) or f.get("typeId") in (7, 8):
                entry["other"] = True
        added["custom_fields"].append((entry, None))
    _version_and_resolution_fields(added, resolver, project, dump, issues, versions, taken)


def _declared_custom_fields(dump: Dump, issues: list[dict]) -> tuple[dict, dict[str, list[str]], dict[str, bool]]:
    """The custom fields the project declares or its issues use, the options seen for each, and which have an その他 answer."""
    declared = {name_key(f.get("name")): f for f in dump.read("customFields.json", []) or [] if f.get("name")}
    options: dict[str, list[str]] = {k: [i.get("name") for i in f.get("items") or [] if i.get("name")] for k, f in declared.items()}
    other: dict[str, bool] = {}
    for issue in issues:
        for cf in issue.get("customFields") or []:
            key = name_key(cf.get("name"))
            declared.setdefault(key, {"name": cf.get("name"), "typeId": cf.get("fieldTypeId")})
            values = cf.get("value") if isinstance(cf.get("value"), list) else [cf.get("value")]
            for v in values:
                if isinstance(v, dict) and v.get("name") and v["name"] not in options.setdefault(key, []):
                    options[key].append(v["name"])
            if cf.get("otherValue"):
                other[key] = True
    return declared, options, other


def _version_and_resolution_fields(added, resolver: Resolver, project: str, dump: Dump, issues: list[dict], versions: dict,
                                   taken: set[str]) -> None:
    """The 発生バージョン and 完了理由 fields, which tsuzuri keeps as custom fields, when the issues use them."""
    used_versions = [n for i in issues for n in (v.get("name") for v in i.get("versions") or []) if n]
    if used_versions and resolver.custom_field(
        project, VERSIONS_FIELD
    ) is None and resolver.custom_field(project, "発生バージョン") is None:
        taken.add(VERSIONS_FIELD)
        added["custom_fields"].append(({"id": VERSIONS_FIELD, "project": project, "type": "choices", "label": "発生バージョン",
                                        "options": list(dict.fromkeys([*versions, *used_versions]))}, None))
    resolutions = [r.get("name") for r in dump.read("resolutions.json", []) or [] if r.get("name")]
    used = [i["resolution"]["name"] for i in issues if isinstance(i.get("resolution"), dict) and i["resolution"].get("name")]
    if used and resolver.custom_field(project, RESOLUTION_FIELD) is None and resolver.custom_field(project, "完了理由") is None:
        added["custom_fields"].append(({"id": RESOLUTION_FIELD, "project": project, "type": "choice", "label": "完了理由",
                                        "options": list(dict.fromkeys([*resolutions, *used]))}, None))
