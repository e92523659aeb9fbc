"""Check that every reference the schema declares names something that exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from tsuzuri.findings import Finding
from tsuzuri.messages import Message
from tsuzuri.model import Config, Tracker, lag_without_unit, name_key, read_dependency, resolve_choice
from tsuzuri.schema.declare import parse_date
from tsuzuri.store.documents import Document


def check(tracker: Tracker, documents: dict[str, Document]) -> Iterator[Finding]:
    """Yield a finding for each reference (member, milestone, issue, ...) that is broken."""
    config = tracker.config
    members = {m.id for m in config.members}
    orgs = {o.id for o in config.organizations}
    projects = {p.key for p in config.projects}
    for doc in documents.values():
        project = _project_of(doc)
        wbs_ids = _wbs_ids(doc) if doc.kind == "wbs" else set()
        for ref, value, path in doc.refs:
            if ref == "member":
                if value not in members:
                    yield from _person(doc, path, value, config)
            elif ref == "organization":
                if value not in orgs:
                    yield from _organization(doc, path, value, config)
            elif ref == "visibility":
                if value != "internal" and value not in orgs:
                    yield _missing(
                        doc, path, Message("ref.visibility", value=value), value, [*orgs, "internal"], Message("ref.visibility.hint")
                    )
            elif ref == "project":
                if value not in projects:
                    yield _missing(doc, path, Message("ref.project", value=value), value, projects, Message("ref.project.hint"))
            elif ref in ("status", "type", "priority"):
                vocab = {"status": config.statuses, "type": config.types, "priority": config.priorities}[ref]
                if resolve_choice(vocab, value) is None:
                    names = [c.id for c in vocab] + [c.label for c in vocab]
                    yield _missing(
                        doc,
                        path,
                        Message(f"ref.{ref}", value=value),
                        value,
                        names,
                        Message("hint.use-one-of", names=", ".join(names)),
                        code="value",
                    )
            elif ref == "milestone":
                if project and config.milestone(project, value) is None:
                    names = [m.id for m in config.milestones if m.project == project]
                    yield _missing(
                        doc, path, Message("ref.milestone", value=value, project=project), value, names, Message("ref.milestone.hint")
                    )
            elif ref == "category":
                if project and config.category(project, value) is None:
                    names = [c.id for c in config.categories if c.project == project]
                    labels = {c.label: c.id for c in config.categories if c.project == project}
                    hint = Message("ref.category.use-id", id=labels[value]) if value in labels else Message("ref.category.hint")
                    yield _missing(doc, path, Message("ref.category", value=value, project=project), value, names, hint)
            elif ref == "issue":
                if value not in tracker.issues and not held_elsewhere(value, tracker, documents):
                    yield doc.finding(path, "broken-reference", Message("ref.issue", key=value), Message("ref.issue.hint"))
            elif ref == "wbs-item":
                yield from _wbs_reference(doc, path, str(value), wbs_ids)
        if doc.kind == "issue" and doc.ok:
            yield from _custom_fields(doc, config, project)


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
