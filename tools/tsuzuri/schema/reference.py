"""Produce the field reference of every file kind as Markdown, for the docs."""

from __future__ import annotations

from tsuzuri.schema.declare import Field, Kind
from tsuzuri.schema.kinds import KINDS

_TYPE_NAMES = {
    "string": "text", "text": "text", "integer": "whole number", "number": "number", "boolean": "true/false",
    "date": "date (2026-11-30; also 2026/11/30, 令和8年11月30日)", "datetime": "date-time (ISO 8601)", "duration": "working days (15d)",
    "dependency": 'item id ("1.2" or "1.2+3d")', "list": "list", "object": "mapping", "map": "mapping",
}
_REF_NAMES = {
    "member": "member id", "organization": "organization id", "project": "project key", "milestone": "milestone id",
    "category": "category id", "issue": "issue key", "status": "status id or label", "type": "type id or label",
    "priority": "priority id or label", "wbs-item": "WBS item id", "custom-field": "custom field ids",
}


def _type(f: Field) -> str:
    name = _TYPE_NAMES.get(f.type, f.type)
    if f.type == "list" and f.items is not None and f.items.type != "object":
        one = _REF_NAMES.get(f.items.ref) or _TYPE_NAMES.get(f.items.type, f.items.type)
        name = f"list of {one}, or one alone"
    elif f.ref:
        name = _REF_NAMES.get(f.ref, f.ref)
    if f.enum:
        name += ": " + " / ".join(f"`{e}`" for e in f.enum)
    return name


def _rows(fields: tuple[Field, ...], language: str, prefix: str = "") -> list[str]:
    rows = []
    for f in fields:
        doc = (f.doc_ja if language == "ja" and f.doc_ja else f.doc).replace("|", "\\|")
        required = "✔" if f.required else ""
        label = f" ({f.label_ja})" if f.label_ja and language == "ja" else ""
        example = f"`{f.name}: {f.example}`" if f.example is not None else ""
        rows.append(f"| `{prefix}{f.name}`{label} | {_type(f)} | {required} | {doc} | {example} |")
        nested = f.fields or (f.items.fields if f.items is not None and f.items.type == "object" else ())
        if nested and not f.recursive:
            rows.extend(_rows(nested, language, prefix + f.name + ("[]." if f.type == "list" else ".")))
    return rows


def kind_markdown(kind: Kind, language: str = "en") -> str:
    """Return the Markdown table of one file kind's fields."""
    head = "| field | type | required | meaning | example |" if language != "ja" else "| 項目 | 型 | 必須 | 意味 | 例 |"
    lines = [f"### {kind.title} — `{kind.glob}`", "", kind.doc, "", head, "|---|---|---|---|---|"]
    lines.extend(_rows(kind.root.fields, language))
    return "\n".join(lines) + "\n"


def markdown(language: str = "en") -> str:
    """Return the field reference of every file kind."""
    return "\n".join(kind_markdown(kind, language) for kind in KINDS.values())
