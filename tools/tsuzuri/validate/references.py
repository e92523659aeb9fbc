"""Check that every reference the schema declares names something that exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from tsuzuri.findings import Finding
from tsuzuri.messages import Message
from tsuzuri.model import Config, Tracker, lag_without_unit, name_key, read_dependency, resolve_choice
from tsuzuri.schema.declare import parse_date
from tsuzuri.store.documents import Document


@dataclass(frozen=True)
class _Scope:
    """What the references of one document are checked against."""

    tracker: Tracker
    documents: dict[str, Document]
    members: set[str]
    orgs: set[str]
    projects: set[str]
    doc: Document
    project: str
    wbs_ids: set[str]

    @property
    def config(self) -> Config:
        return self.tracker.config


def check(tracker: Tracker, documents: dict[str, Document]) -> Iterator[Finding]:
    """Yield a finding for each reference (member, milestone, issue, ...) that is broken."""
    config = tracker.config
    members = {m.id for m in config.members}
    orgs = {o.id for o in config.organizations}
    projects = {p.key for p in config.projects}
    for doc in documents.values():
        project = _project_of(doc)
        wbs_ids = _wbs_ids(doc) if doc.kind == "wbs" else set()
        scope = _Scope(tracker, documents, members, orgs, projects, doc, project, wbs_ids)
        for ref, value, path in doc.refs:
            checker = _CHECKS.get(ref)
            if checker:
                yield from checker(scope, path, value)
        if doc.kind == "issue" and doc.ok:
            yield from _custom_fields(doc, tracker.config, project)


def _member_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if value not in s.members:
        yield from _person(s.doc, path, value, s.config)


def _organization_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if value not in s.orgs:
        yield from _organization(s.doc, path, value, s.config)


def _visibility_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if value != "internal" and value not in s.orgs:
        known = [*s.orgs, "internal"]
        yield _missing(s.doc, path, Message("ref.visibility", value=value), value, known, Message("ref.visibility.hint"))


def _project_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if value not in s.projects:
        yield _missing(s.doc, path, Message("ref.project", value=value), value, s.projects, Message("ref.project.hint"))


def _choice_ref(ref: str):
    """The check of a value chosen from one of tsuzuri.yml's lists: status, type or priority."""

    def check_choice(s: _Scope, path: tuple, value) -> Iterator[Finding]:
        vocab = {"status": s.config.statuses, "type": s.config.types, "priority": s.config.priorities}[ref]
        if resolve_choice(vocab, value) is None:
            names = [c.id for c in vocab] + [c.label for c in vocab]
            hint = Message("hint.use-one-of", names=", ".join(names))
            yield _missing(s.doc, path, Message(f"ref.{ref}", value=value), value, names, hint, code="value")

    return check_choice


def _milestone_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if s.project and s.config.milestone(s.project, value) is None:
        names = [m.id for m in s.config.milestones if m.project == s.project]
        message = Message("ref.milestone", value=value, project=s.project)
        yield _missing(s.doc, path, message, value, names, Message("ref.milestone.hint"))


def _category_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if s.project and s.config.category(s.project, value) is None:
        names = [c.id for c in s.config.categories if c.project == s.project]
        labels = {c.label: c.id for c in s.config.categories if c.project == s.project}
        hint = Message("ref.category.use-id", id=labels[value]) if value in labels else Message("ref.category.hint")
        yield _missing(s.doc, path, Message("ref.category", value=value, project=s.project), value, names, hint)


def _issue_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    if value not in s.tracker.issues and not held_elsewhere(value, s.tracker, s.documents):
        yield s.doc.finding(path, "broken-reference", Message("ref.issue", key=value), Message("ref.issue.hint"))


def _wbs_item_ref(s: _Scope, path: tuple, value) -> Iterator[Finding]:
    yield from _wbs_reference(s.doc, path, str(value), s.wbs_ids)


_CHECKS = {
    "member": _member_ref,
    "organization": _organization_ref,
    "visibility": _visibility_ref,
    "project": _project_ref,
    "status": _choice_ref("status"),
    "type": _choice_ref("type"),
    "priority": _choice_ref("priority"),
    "milestone": _milestone_ref,
    "category": _category_ref,
    "issue": _issue_ref,
    "wbs-item": _wbs_item_ref,
}
"""The check of each kind of reference the schema declares."""


def _person(doc: Document, path: tuple, value, config: Config) -> Iterator[Finding]:
    """A member may be named by name, family name, mail address or alias, as long as only one fits."""
    found = config.find_member(value)
    if found.id:
        return
    if found.ambiguous:
        names = ", ".join(f"`{c}` ({config.member(c).name})" for c in found.candidates)
        yield doc.finding(
            path,
            "ambiguous-reference",
            Message("ref.member-ambiguous", value=value, count=len(found.candidates), names=names),
            Message("ref.member-ambiguous.hint"),
        )
        return
    yield _missing_named(
        doc, path, Message("ref.member", value=value), value, {m.id: m.name for m in config.members}, Message("ref.member.hint")
    )


def _organization(doc: Document, path: tuple, value, config: Config) -> Iterator[Finding]:
    found = config.find_organization(value)
    if found.id:
        return
    if found.ambiguous:
        names = ", ".join(f"`{c}` ({config.organization(c).name})" for c in found.candidates)
        yield doc.finding(
            path,
            "ambiguous-reference",
            Message("ref.organization-ambiguous", value=value, count=len(found.candidates), names=names),
            Message("ref.member-ambiguous.hint"),
        )
        return
    yield _missing_named(doc, path, Message("ref.organization", value=value), value, {o.id: o.name for o in config.organizations},
                         Message("ref.organization.hint"))


def _missing_named(doc: Document, path: tuple, message: Message, value, names: dict[str, str], hint: Message) -> Finding:
    """Report an unknown person or organization, suggesting the nearest id or name (もしかして `hayashi`(林 美咲)?)."""
    text = str(value)
    by_key = {**{name_key(n): i for i, n in names.items()}, **{name_key(i): i for i in names}}
    guess = difflib.get_close_matches(name_key(text), list(by_key), n=1, cutoff=0.6)
    if guess:
        found = by_key[guess[0]]
        hint = Message("hint.did-you-mean-named", guess=found, name=names[found])
    return doc.finding(path, "broken-reference", message, hint)


def held_elsewhere(key: str, tracker: Tracker, documents: dict[str, Document]) -> bool:
    """Tell whether ``key`` belongs to a project this checkout does not hold (``subset: true`` only)."""
    if not tracker.config.subset:
        return False
    return key.rsplit("-", 1)[0] not in held_projects(tracker, documents)


def held_projects(tracker: Tracker, documents: dict[str, Document]) -> set[str]:
    """Return the projects whose issues are in this checkout."""
    return {i.project for i in tracker.issues.values()} | {d.path.split("/")[1] for d in documents.values() if d.kind == "issue"}


def _wbs_reference(doc: Document, path: tuple, written: str, ids: set[str]) -> Iterator[Finding]:
    dep = read_dependency(written, ids)
    if dep.id in ids:
        return
    base = lag_without_unit(written, ids)
    if base is not None:  # "1.2+2": a lag needs its unit, or it would be read as an id
        days = written.strip()[len(base):].strip()
        yield doc.finding(
            path,
            "broken-reference",
            Message("ref.wbs-lag-unit", value=written.strip()),
            Message("ref.wbs-lag-unit.hint", fixed=f"{base}{days}d"),
        )
        return
    shown = dep.id if dep.lag else written.strip()
    yield _missing(doc, path, Message("ref.wbs-item", value=shown), shown, ids, Message("ref.wbs-item.hint"))


def _missing(doc: Document, path: tuple, message: Message, value, known, hint: Message, code: str = "broken-reference") -> Finding:
    guess = difflib.get_close_matches(str(value), [str(k) for k in known], n=1, cutoff=0.6)
    if guess:
        hint = Message("hint.did-you-mean", guess=guess[0])
    return doc.finding(path, code, message, hint)


def _project_of(doc: Document) -> str:
    if doc.kind == "issue":
        return doc.path.split("/")[1]
    if doc.kind == "minutes":
        return doc.data.get("project", "")
    if doc.kind == "wbs":
        return doc.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ""


def _wbs_ids(doc: Document) -> set[str]:
    ids: set[str] = set()
    stack = list(doc.data.get("items", ()))
    while stack:
        item = stack.pop()
        if "id" in item:
            ids.add(item["id"])
        stack.extend(item.get("children", ()))
    return ids


def _custom_fields(doc: Document, config: Config, project: str) -> Iterator[Finding]:
    declared = {c.id: c for c in config.custom_fields if c.project == project}
    for name, value in doc.data.get("custom", {}).items():
        path = ("custom", name)
        spec = declared.get(name)
        if spec is None:
            yield _missing(
                doc, path, Message("ref.custom-field", value=name, project=project), name, declared, Message("ref.custom-field.hint")
            )
            continue
        if spec.type == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            yield doc.finding(path, "type", Message("custom.number", field=name, value=value))
        elif spec.type == "date" and (not isinstance(value, str) or parse_date(value) is None):
            yield doc.finding(path, "date", Message("custom.date", field=name, value=value))
        elif spec.type in ("text", "choice") and isinstance(value, (list, tuple, dict)):
            yield doc.finding(path, "type", Message("custom.text" if spec.type == "text" else "custom.one-option", field=name))
        elif spec.type == "choice" and str(value) not in spec.options and not spec.other:
            yield _missing(
                doc,
                path,
                Message("ref.option", value=value, field=name),
                value,
                spec.options,
                Message("hint.allowed", names=", ".join(spec.options)),
                code="value",
            )
        elif spec.type == "choices":
            for item in value if isinstance(value, (list, tuple)) else (value,):
                if str(item) not in spec.options and not spec.other:
                    yield _missing(doc, path, Message("ref.option", value=item, field=name), item, spec.options,
                                   Message("hint.allowed", names=", ".join(spec.options)), code="value")
