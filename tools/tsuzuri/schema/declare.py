"""The vocabulary for declaring a file kind's fields, and the check that applies it.

A file kind (issue, comment, minutes, WBS, config) is declared once as a tree of
``Field`` objects. The same declaration converts parsed YAML into typed values, reports
what does not fit, produces the JSON Schema for editors and the docs' field reference.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property

from tsuzuri.formats.dates import DATE_IN_TEXT, normalize, read_date
from tsuzuri.formats.yamlsafe import source_text
from tsuzuri.messages import CATALOG, Message

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION_RE = re.compile(r"^(\d+)\s*[dD日]?$")


@dataclass(frozen=True)
class Field:
    """One field of a file kind.

    ``type`` is one of: string, text, integer, number, boolean, date, datetime,
    duration, dependency, list, object, map, any. Its words (description, label) are in the
    catalog, under ids made from its name and its object's (``doc_id``, ``label_id``).
    """

    name: str
    type: str
    required: bool = False
    ref: str = ""  # what the value must name: member, organization, issue, ...
    items: Field | None = None  # for list and map values
    fields: tuple[Field, ...] = ()  # for object
    keys: tuple[str, ...] = ()  # allowed keys of a map (empty: any)
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str = ""
    example: object = None
    deprecated: bool = False
    recursive: bool = False  # a list of objects of the same shape as the parent (WBS children)

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}


@dataclass(frozen=True)
class Kind:
    """A kind of tracker file: its name, where such files live and its fields (its description: ``schema.kind.<name>``)."""

    name: str
    title: str
    glob: str
    root: Field  # an object field whose ``fields`` are the file's top-level fields
    has_body: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    path: tuple
    code: str
    message: Message
    hint: Message | str = ""
    severity: str = "error"


@dataclass
class Checked:
    """The outcome of applying a kind to parsed data."""

    value: dict
    problems: list[Problem] = field(default_factory=list)
    refs: list[tuple[str, object, tuple]] = field(default_factory=list)  # (ref kind, value, path)


def doc_id(parent: Field, field: Field) -> str:
    """Return the catalog id of the description of ``field``, a field of the object ``parent``."""
    return f"schema.doc.{parent.name}.{field.name}"


def label_id(parent: Field, field: Field) -> str:
    """Return the catalog id of the label of ``field`` (an issue's: the one set of issue field labels, ``field.*``)."""
    return f"field.{field.name}" if parent.name == "issue" else f"field.{parent.name}.{field.name}"


def check(kind: Kind, data: object) -> Checked:
    """Convert ``data`` by the kind's declaration, collecting every problem."""
    out = Checked({})
    if not isinstance(data, dict):
        out.problems.append(Problem((), "not-a-mapping", Message("schema.not-a-mapping", kind=kind.title)))
        return out
    value = _object(kind.root, data, (), out)
    out.value = value if value is not _BAD else {}
    return out


class _Bad:
    __slots__ = ()


_BAD = _Bad()


def _object(spec: Field, data: dict, path: tuple, out: Checked):
    fields = spec.by_name
    result = {}
    for key, raw in data.items():
        f = fields.get(key)
        if f is None:
            out.problems.append(_unknown(key, spec, path))
            continue
        if raw is None:
            if f.required:
                out.problems.append(Problem(path + (key,), "required", Message("schema.required-empty", field=key)))
            continue
        if f.recursive:  # a list of objects shaped like this one (WBS children)
            f = replace(f, items=spec)
        v = _value(f, raw, path + (key,), out)
        if v is not _BAD:
            result[key] = v
    for f in fields.values():
        if f.required and f.name not in data:
            out.problems.append(Problem(path, "required", Message("schema.required", field=f.name), hint=_example_hint(f)))
    return result


def _unknown(key, spec: Field, path: tuple) -> Problem:
    names = list(spec.by_name)
    guess = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    if not guess:
        by_label = _names_by_label(spec)
        if key in by_label:
            guess = [by_label[key]]
    hint = Message("hint.did-you-mean", guess=guess[0]) if guess else Message("hint.known-fields", names=", ".join(names))
    return Problem(path + (key,), "unknown-field", Message("schema.unknown-field", field=key), hint)


def _names_by_label(spec: Field) -> dict[str, str]:
    """Return the name of each field of ``spec`` under its label in every language (件名 → title)."""
    ids = {label_id(spec, f): f.name for f in spec.fields}
    return {words[i]: name for words in CATALOG.values() for i, name in ids.items() if i in words}


def _example_hint(f: Field) -> Message | str:
    return Message("hint.example", field=f.name, example=f.example) if f.example is not None else ""


def _value(f: Field, raw, path: tuple, out: Checked):
    t = f.type
    if t == "string" and type(raw) is str and not f.enum and not f.pattern:
        if f.ref:  # the common case, kept short: a plain string field
            out.refs.append((f.ref, raw, path))
        return raw
    if t == "date" and type(raw) is str and len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    convert = _CONVERTERS.get(t)
    return convert(f, raw, path, out) if convert else raw  # any


def _text_value(f: Field, raw, path: tuple, out: Checked):
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return _fail(out, path, "type", Message("schema.text", field=_name(path)), Message("schema.text.hint"))
    value = source_text(raw) if not isinstance(raw, str) else raw
    if value is None:
        value = str(raw)
    if f.enum and value not in f.enum:
        return _enum_fail(out, path, value, f.enum)
    if f.pattern and not re.fullmatch(f.pattern, value):
        return _fail(out, path, "format", Message("schema.format", value=value, field=_name(path)), _example_hint(f))
    if f.ref:
        out.refs.append((f.ref, value, path))
    return value


def _integer_value(f: Field, raw, path: tuple, out: Checked):
    if isinstance(raw, bool) or not isinstance(raw, int):
        return _fail(out, path, "type", Message("schema.integer", field=_name(path), value=raw), _leading_zero_hint(raw))
    return _range(f, int(raw), path, out)


def _number_value(f: Field, raw, path: tuple, out: Checked):
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return _fail(out, path, "type", Message("schema.number", field=_name(path), value=raw), _leading_zero_hint(raw))
    return _range(f, float(raw) if isinstance(raw, float) else int(raw), path, out)


def _boolean_value(f: Field, raw, path: tuple, out: Checked):
    if not isinstance(raw, bool):
        return _fail(out, path, "type", Message("schema.boolean", field=_name(path), value=raw), Message("schema.boolean.hint"))
    return raw


def _list_value(f: Field, raw, path: tuple, out: Checked):
    if isinstance(raw, dict):
        return _fail(out, path, "type", Message("schema.list", field=_name(path)), Message("schema.list.hint", field=_name(path)))
    items = raw if isinstance(raw, list) else [raw]
    result = []
    for index, item in enumerate(items):
        if item is None:
            continue
        v = _value(f.items, item, path + (index,), out) if f.items else item
        if v is not _BAD:
            result.append(v)
    return tuple(result)


def _object_value(f: Field, raw, path: tuple, out: Checked):
    if not isinstance(raw, dict):
        return _fail(out, path, "type", Message("schema.object", field=_name(path)))
    return _object(f, raw, path, out)


def _map_value(f: Field, raw, path: tuple, out: Checked):
    if not isinstance(raw, dict):
        return _fail(out, path, "type", Message("schema.map", field=_name(path)))
    result = {}
    for key, item in raw.items():
        if f.keys and key not in f.keys:
            guess = difflib.get_close_matches(str(key), f.keys, n=1)
            hint = Message("hint.did-you-mean", guess=guess[0]) if guess else Message("hint.allowed", names=", ".join(f.keys))
            out.problems.append(Problem(path + (key,), "unknown-field", Message("schema.unknown-key", key=key, field=_name(path)), hint))
            continue
        if item is None:
            continue
        v = _value(f.items, item, path + (key,), out) if f.items else item
        if v is not _BAD:
            result[key] = v
    return result


def _fail(out: Checked, path: tuple, code: str, message: Message, hint: Message | str = ""):
    out.problems.append(Problem(path, code, message, hint))
    return _BAD


def _enum_fail(out: Checked, path: tuple, value, allowed):
    guess = difflib.get_close_matches(str(value), allowed, n=1)
    hint = Message("hint.did-you-mean", guess=guess[0]) if guess else Message("hint.allowed", names=", ".join(allowed))
    return _fail(out, path, "value", Message("schema.enum", value=value, field=_name(path)), hint)


def _leading_zero_hint(raw) -> Message | str:
    if isinstance(raw, str) and re.fullmatch(r"[-+]?0\d+", raw):
        return Message("schema.number.leading-zero")
    if isinstance(raw, str) and re.fullmatch(r"[0-9０-９.]+", raw):
        return Message("schema.number.half-width")
    return ""


def _range(f: Field, value, path: tuple, out: Checked):
    if f.minimum is not None and value < f.minimum:
        return _fail(out, path, "range", Message("schema.minimum", field=_name(path), limit=f.minimum, value=value))
    if f.maximum is not None and value > f.maximum:
        return _fail(out, path, "range", Message("schema.maximum", field=_name(path), limit=f.maximum, value=value))
    return value


def parse_date(text) -> date | None:
    """Return the day a date written in a file means (2026-04-01, 2026/4/1, 令和8年4月1日, ２０２６/４/１), or None."""
    return read_date(text)


def _name(path: tuple) -> str:
    """Name the field a problem is about: ``extra_holidays``, not the list position ``2``."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return str(path[-1]) if path else ""


def _date(raw, path: tuple, out: Checked):
    text = raw if isinstance(raw, str) else source_text(raw) or str(raw)
    value = parse_date(text)
    if value is None:
        if _DATE_RE.match(text) or re.fullmatch(DATE_IN_TEXT, normalize(text)):
            return _fail(out, path, "date", Message("schema.date-unreal", value=text))
        return _fail(out, path, "date", Message("schema.date", field=_name(path), value=text), Message("schema.date.hint"))
    return value


def _datetime(raw, path: tuple, out: Checked):
    text = raw if isinstance(raw, str) else str(raw)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return _fail(out, path, "datetime", Message("schema.datetime", field=_name(path), value=text), Message("schema.datetime.hint"))
    return value


def _duration(raw, path: tuple, out: Checked):
    if isinstance(raw, int) and not isinstance(raw, bool):
        days = int(raw)
    else:
        m = _DURATION_RE.match(str(raw).strip()) if isinstance(raw, str) else None
        if not m:
            return _fail(out, path, "duration", Message("schema.duration", field=_name(path), value=raw))
        days = int(m.group(1))
    return days


def _dependency(f: Field, raw, path: tuple, out: Checked):
    from tsuzuri.model import Dependency

    if isinstance(raw, dict):
        item = raw.get("id")
        lag = raw.get("lag", 0)
        if item is None or isinstance(lag, bool) or not isinstance(lag, (int, str)):
            return _fail(out, path, "dependency", Message("schema.dependency-mapping"))
        lag_days = _duration(lag, path + ("lag",), out) if isinstance(lag, str) else int(lag)
        if lag_days is _BAD:
            return _BAD
        dep = Dependency(source_text(item) or str(item), lag_days)
    else:
        text = source_text(raw) if not isinstance(raw, str) else raw
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)) or not (text or "").strip():
            return _fail(out, path, "dependency", Message("schema.dependency", value=raw), Message("schema.dependency.hint"))
        # Resolved against the file's ids once the whole plan is read (model.read_dependency).
        dep = Dependency(text.strip(), 0, text)
    if f.ref:
        out.refs.append((f.ref, dep.written or dep.id, path))
    return dep


_CONVERTERS = {
    "string": _text_value,
    "text": _text_value,
    "integer": _integer_value,
    "number": _number_value,
    "boolean": _boolean_value,
    "date": lambda f, raw, path, out: _date(raw, path, out),
    "datetime": lambda f, raw, path, out: _datetime(raw, path, out),
    "duration": lambda f, raw, path, out: _duration(raw, path, out),
    "dependency": _dependency,
    "list": _list_value,
    "object": _object_value,
    "map": _map_value,
}
"""How a value of each field type is checked and converted (``any`` is taken as it is)."""
