"""One field's change in words: ``関連: SHINSEI-1 を追加``, ``状態: 未対応 → 処理中``.

The one place that turns a (field, old value, new value) change into what a person reads,
whoever computed the change (Git history, a diff between two refs, an import) and wherever
it is read (the activity page, the feed, ``tsuzuri diff`` and ``tsuzuri show``). Values come
as they were written in the front matter, either as text (``[sato, yamada]``,
``{relates: [SHINSEI-1]}``) or already read as lists and mappings. Lists say what was added
and removed, links say so per kind of link, single values say what they became; every
value is shown by the name people know (a status's label, a member's name, a milestone's
name), never by its id, and on one line: what a value holds that plain text cannot show on
one line (line breaks, control characters, bidirectional marks) reads as a space.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tsuzuri.formats import yamlsafe
from tsuzuri.messages import field_label, heading, say
from tsuzuri.model import LINK_KINDS, Config, resolve_choice

_VOCABULARIES = {"status": "statuses", "type": "types", "priority": "priorities"}
_MEMBER_FIELDS = {"assignee", "reporter", "watchers", "answerer"}


@dataclass(frozen=True, slots=True)
class ChangeWords:
    """A field change as a person reads it: the field's name and what happened to its value."""

    field: str  # the field's id, ``links``
    label: str  # its name in the language, ``関連``
    text: str  # what happened, ``SHINSEI-1 を追加``
    phrase: str  # both within a sentence, ``関連 SHINSEI-1 を追加`` (the feed, ``tsuzuri diff`` and ``show``)

    def __str__(self) -> str:
        return self.line

    @property
    def heading(self) -> str:
        """Return the field's name as it starts a line (``Status``, ``状態``)."""
        return heading(self.label)

    @property
    def line(self) -> str:
        """Return the field and what happened on one line, ``関連: SHINSEI-1 を追加``."""
        return f"{self.heading}: {self.text}"


def describe(config: Config, project: str, field: str, old, new, lang: str) -> ChangeWords:
    """Return the words for one field's change from ``old`` to ``new`` (text as written, or values)."""
    label = _field_name(config, project, field, lang)
    text = _what_happened(config, project, field, _read(old), _read(new), lang)
    return ChangeWords(field, label, text, say(lang, "change.phrase", field=label, change=text))


def _what_happened(config: Config, project: str, field: str, before, after, lang: str) -> str:
    if field == "body":
        return say(lang, "change.edited")
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        return _mapping_text(config, project, field, _as_mapping(before), _as_mapping(after), lang)
    if isinstance(before, list) or isinstance(after, list):
        return _list_text(config, project, field, _as_list(before), _as_list(after), lang)
    return _scalar_text(config, project, field, _as_text(before), _as_text(after), lang)


def value_label(config: Config, project: str, field: str, value) -> str:
    """Return how people name a field's value: a vocabulary label, a member's name, a milestone's name."""
    read = _read(value)
    if isinstance(read, Mapping):
        return ", ".join(f"{k}: {value_label(config, project, field, v)}" for k, v in read.items())
    items = read if isinstance(read, list) else [read]
    return ", ".join(_one_label(config, project, field, _as_text(v)) for v in items if _as_text(v))


def _field_name(config: Config, project: str, field: str, lang: str) -> str:
    for custom in config.custom_fields:
        if custom.id == field and custom.project == project:
            return custom.label or custom.id
    return field_label(lang, field)


def _read(value):
    """Return a value as YAML reads it when it was written as a flow list or mapping, else as given."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("[", "{"):
            try:
                return yamlsafe.load_values(stripped)
            except Exception:  # noqa: BLE001 - text that is not YAML stays the text it was
                return value
    return value


# What one line of plain text cannot hold: line breaks and other control characters, and the
# invisible and bidirectional marks that would turn the rest of a terminal or mail line around.
_NOT_ON_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _as_text(value) -> str:
    """Return a value as one line of plain text (a title written with a line break reads as one line)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(_NOT_ON_ONE_LINE.sub(" ", str(value)).split())


def _as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [_as_text(v) for v in value if _as_text(v)]
    return [_as_text(value)]


def _as_mapping(value) -> dict:
    return dict(value) if isinstance(value, Mapping) else {}


def _one_label(config: Config, project: str, field: str, value: str) -> str:
    return _as_text(_name_of(config, project, field, value))  # a name in tsuzuri.yml is shown on one line too


def _name_of(config: Config, project: str, field: str, value: str) -> str:
    vocabulary = _VOCABULARIES.get(field)
    if vocabulary:
        choice = resolve_choice(getattr(config, vocabulary), value)
        return choice.label if choice else value
    if field in _MEMBER_FIELDS:
        member = config.member(value)
        return member.name if member and member.name else value
    if field == "milestone":
        ms = config.milestone(project, value)
        return (ms.name or ms.id) if ms else value
    if field == "categories":
        cat = config.category(project, value)
        return cat.label if cat and cat.label else value
    return value


def _names(config: Config, project: str, field: str, values: list[str], lang: str) -> str:
    return say(lang, "diff.list-separator").join(_one_label(config, project, field, v) for v in values)


def _scalar_text(config: Config, project: str, field: str, old: str, new: str, lang: str) -> str:
    if old and new:
        return say(lang, "change.replaced", old=_one_label(config, project, field, old), new=_one_label(config, project, field, new))
    if new:
        return say(lang, "change.set", value=_one_label(config, project, field, new))
    if old:
        return say(lang, "change.cleared", value=_one_label(config, project, field, old))
    return say(lang, "change.edited")


def _list_text(config: Config, project: str, field: str, old: list[str], new: list[str], lang: str) -> str:
    added = [v for v in new if v not in old]
    removed = [v for v in old if v not in new]
    parts = []
    if added:
        parts.append(say(lang, "change.added", values=_names(config, project, field, added, lang)))
    if removed:
        parts.append(say(lang, "change.removed", values=_names(config, project, field, removed, lang)))
    if not parts:  # the same values in another order
        return say(lang, "change.reordered")
    return say(lang, "change.separator").join(parts)


def _mapping_text(config: Config, project: str, field: str, old: dict, new: dict, lang: str) -> str:
    """Say per key what was added and removed: links by their kind (``関連``, ``先行``), others by key."""
    kinds = [k for k in LINK_KINDS if k in old or k in new] + [k for k in list(old) + list(new) if k not in LINK_KINDS]
    parts: list[str] = []
    for kind in dict.fromkeys(kinds):
        before, after = old.get(kind), new.get(kind)
        if before == after:
            continue
        if field == "links":
            what = _list_text(config, project, field, _as_list(before), _as_list(after), lang)
            parts.append(what if kind == "relates" else say(lang, "change.link-kind", kind=say(lang, f"change.link.{kind}"), change=what))
        elif isinstance(before, list) or isinstance(after, list):
            parts.append(f"{kind}: " + _list_text(config, project, field, _as_list(before), _as_list(after), lang))
        else:
            parts.append(f"{kind}: " + _scalar_text(config, project, field, _as_text(before), _as_text(after), lang))
    return say(lang, "change.separator").join(parts) if parts else say(lang, "change.edited")
