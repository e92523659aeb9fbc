"""Produce JSON Schema (draft-07) documents from the kind declarations, for editors."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from tsuzuri.model import Config
from tsuzuri.schema.declare import Field, Kind
from tsuzuri.schema.kinds import ISSUE_KEY, KINDS
from tsuzuri.schema.words import description, kind_description

DRAFT = "http://json-schema.org/draft-07/schema#"

# Every way formats.dates reads a date in a file: 2026-04-01, 2026/4/1, 2026年4月1日, 令和8年4月1日,
# full-width digits, a (水) after it. tsuzuri itself always writes ISO.
_D = "[0-9０-９]"
_DATE_PATTERN = (
    rf"^\s*(?:{_D}{{4}}\s*[-/.年／－．]\s*{_D}{{1,2}}\s*[-/.月／－．]\s*{_D}{{1,2}}\s*日?"
    rf"|(?:令和|平成|昭和|[RHSrhs])\s*(?:元|{_D}{{1,2}})\s*[年.．]\s*{_D}{{1,2}}\s*[月.．]\s*{_D}{{1,2}}\s*日?)"
    r"(?:\s*[(（].[)）])?\s*$"
)


def to_json_schema(kind: Kind, language: str = "ja", config: Config | None = None) -> dict:
    """Return the JSON Schema of one file kind.

    With the tracker's ``config``, a status, type, priority or member field accepts only
    what tsuzuri.yml declares (ids and labels; member ids, names, addresses and aliases),
    so an editor completes them and marks a misspelling as you type.
    """
    definitions: dict = {}
    schema = {
        "$schema": DRAFT,
        "$id": f"https://tsuzuri.invalid/schema/{kind.name}.schema.json",
        "title": f"tsuzuri {kind.title}",
        "description": kind_description(language, kind),
        **_field(kind.root, language, definitions, allowed=allowed_values(config) if config else {}),
    }
    if definitions:
        schema["definitions"] = definitions
    return schema


def _describe(f: Field, language: str, parent: Field | None) -> dict:
    text = description(language, parent, f) if parent is not None and parent.type == "object" else ""
    return {"description": text} if text else {}


def allowed_values(config: Config) -> dict[str, list[str]]:
    """Return, per reference kind, the words tsuzuri.yml allows (what the validator accepts, in order)."""

    def choices(entries) -> list[str]:
        return list(dict.fromkeys(word for c in entries for word in (c.id, c.label) if word))

    members = []
    for m in config.members:
        family = m.name.split()[0] if len(m.name.split()) > 1 else ""
        members += [m.id, m.name, m.email, *m.aliases, family]
    return {
        "status": choices(config.statuses), "type": choices(config.types), "priority": choices(config.priorities),
        "member": list(dict.fromkeys(w for w in members if w)),
    }


def _field(f: Field, language: str, definitions: dict, parent: Field | None = None, allowed: dict | None = None) -> dict:
    allowed = allowed or {}
    out: dict = _describe(f, language, parent)
    if f.type in _FIXED:
        out.update(copy.deepcopy(_FIXED[f.type]))
    elif f.type in ("string", "text"):
        out.update(_string_schema(f, allowed))
    elif f.type == "list":
        out.update(_list_schema(f, language, definitions, parent, allowed))
    elif f.type == "object":
        out.update(_object_schema(f, language, definitions, allowed))
        if f.name in definitions and definitions[f.name] is None:
            definitions[f.name] = dict(out)
            return {"$ref": f"#/definitions/{f.name}"}
    elif f.type == "map":
        out.update(_map_schema(f, language, definitions, allowed))
    if f.minimum is not None:
        out["minimum"] = f.minimum
    if f.maximum is not None:
        out["maximum"] = f.maximum
    if f.deprecated:
        out["deprecated"] = True
    return out


_FIXED = {
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "pattern": _DATE_PATTERN},
    "datetime": {"type": "string", "format": "date-time"},
    "duration": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\d+\s*[dD日]?$"}]},
    "dependency": {
        "anyOf": [
            {"type": "string", "pattern": r"^\S+?(?:[+-]\d+[dD日]?)?$"},
            {
                "type": "object",
                "properties": {"id": {"type": "string"}, "lag": {"type": "integer"}},
                "required": ["id"],
                "additionalProperties": False,
            },
        ]
    },
}
"""The schema of each field type that takes no settings of its field."""


def _string_schema(f: Field, allowed: dict) -> dict:
    out: dict = {"type": "string"}
    if f.enum:
        out["enum"] = list(f.enum)
    elif allowed.get(f.ref):
        out["enum"] = allowed[f.ref]
    if f.pattern:
        out["pattern"] = f"^(?:{f.pattern})$"
    return out


def _list_schema(f: Field, language: str, definitions: dict, parent: Field | None, allowed: dict) -> dict:
    if f.recursive and parent is not None:
        definitions.setdefault(parent.name, None)
        return {"type": "array", "items": {"$ref": f"#/definitions/{parent.name}"}}
    items = _field(f.items, language, definitions, f, allowed) if f.items else {}
    if f.items is not None and f.items.type not in ("object", "list", "map"):
        # The format reads one value alone as a list of one (`visibility: internal`), as the validator does.
        return {"anyOf": [{"type": "array", "items": items}, items]}
    return {"type": "array", "items": items}


def _object_schema(f: Field, language: str, definitions: dict, allowed: dict) -> dict:
    props = {c.name: _field(c, language, definitions, f, allowed) for c in f.fields}
    out: dict = {"type": "object", "properties": props, "additionalProperties": False}
    required = [c.name for c in f.fields if c.required]
    if required:
        out["required"] = required
    return out


def _map_schema(f: Field, language: str, definitions: dict, allowed: dict) -> dict:
    out: dict = {"type": "object"}
    if f.keys:
        out["propertyNames"] = {"enum": list(f.keys)}
    if f.items:
        out["additionalProperties"] = _field(f.items, language, definitions, f, allowed)
    return out


def write_all(out_dir: Path, language: str = "ja", config: Config | None = None) -> list[Path]:
    """Write one ``<kind>.schema.json`` per file kind into ``out_dir`` (with ``config``: its allowed values)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        path = out_dir / f"{kind.name}.schema.json"
        path.write_text(json.dumps(to_json_schema(kind, language, config), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


__all__ = ["ISSUE_KEY", "to_json_schema", "write_all"]
