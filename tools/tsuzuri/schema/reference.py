"""Produce the field reference of every file kind as Markdown, for the docs."""

from __future__ import annotations

from tsuzuri.messages import CATALOG, say
from tsuzuri.schema.declare import Field, Kind
from tsuzuri.schema.kinds import KINDS
from tsuzuri.schema.words import description, kind_description, label


def _word(language: str, namespace: str, name: str) -> str:
    message_id = f"{namespace}.{name}"
    return say(language, message_id) if message_id in CATALOG["en"] else name


def _type(f: Field, language: str) -> str:
    name = _word(language, "schema.type", f.type)
    if f.type == "list" and f.items is not None and f.items.type != "object":
        known = f"schema.ref.{f.items.ref}" in CATALOG["en"]
        one = _word(language, "schema.ref", f.items.ref) if known else _word(language, "schema.type", f.items.type)
        name = say(language, "schema.type.list-of", one=one)
    elif f.ref:
        name = _word(language, "schema.ref", f.ref)
    if f.enum:
        name += ": " + " / ".join(f"`{e}`" for e in f.enum)
    return name


def _label(language: str, parent: Field, f: Field) -> str:
    word = label(language, parent, f)
    return f" ({word})" if word and word != f.name.replace("_", " ") else ""


def _rows(parent: Field, language: str, prefix: str = "") -> list[str]:
    rows = []
    for f in parent.fields:
        doc = description(language, parent, f).replace("|", "\\|")
        required = "✔" if f.required else ""
        example = f"`{f.name}: {f.example}`" if f.example is not None else ""
        rows.append(f"| `{prefix}{f.name}`{_label(language, parent, f)} | {_type(f, language)} | {required} | {doc} | {example} |")
        nested = f if f.fields else f.items if f.items is not None and f.items.type == "object" else None
        if nested is not None and not f.recursive:
            rows.extend(_rows(nested, language, prefix + f.name + ("[]." if f.type == "list" else ".")))
    return rows


def kind_markdown(kind: Kind, language: str = "en") -> str:
    """Return the Markdown table of one file kind's fields."""
    head = say(language, "schema.reference.head")
    lines = [f"### {kind.title} — `{kind.glob}`", "", kind_description(language, kind), "", head, "|---|---|---|---|---|"]
    lines.extend(_rows(kind.root, language))
    return "\n".join(lines) + "\n"


def markdown(language: str = "en") -> str:
    """Return the field reference of every file kind."""
    return "\n".join(kind_markdown(kind, language) for kind in KINDS.values())
