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

from tsuzuri.formats.yamlsafe import source_text
from tsuzuri.messages import Message

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DURATION_RE = re.compile(r"^(\d+)\s*[dD日]?$")
_DEP_RE = re.compile(r"^\s*([^+\s]+?)\s*(?:([+-])\s*(\d+)\s*[dD日]?)?\s*$")


@dataclass(frozen=True)
class Field:
    """One field of a file kind.

    ``type`` is one of: string, text, integer, number, boolean, date, datetime,
    duration, dependency, list, object, map, any.
    """

    name: str
    type: str
    doc: str = ""
    doc_ja: str = ""
    label_ja: str = ""
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
    """A kind of tracker file: its name, where such files live and its fields."""

    name: str
    title: str
    glob: str
    doc: str
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
            out.problems.append(_unknown(key, fields, path))
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


def _unknown(key, fields: dict[str, Field], path: tuple) -> Problem:
    names = list(fields)
    guess = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    if not guess:
        by_label = {f.label_ja: f.name for f in fields.values() if f.label_ja}
        if key in by_label:
            guess = [by_label[key]]
    hint = Message("hint.did-you-mean", guess=guess[0]) if guess else Message("hint.known-fields", names=", ".join(names))
    return Problem(path + (key,), "unknown-field", Message("schema.unknown-field", field=key), hint)


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
    if t in ("string", "text"):
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            return _fail(out, path, "type", Message("schema.text", field=path[-1]), Message("schema.text.hint"))
        value = source_text(raw) if not isinstance(raw, str) else raw
        if value is None:
            value = str(raw)
        if f.enum and value not in f.enum:
            return _enum_fail(out, path, value, f.enum)
        if f.pattern and not re.fullmatch(f.pattern, value):
            return _fail(out, path, "format", Message("schema.format", value=value, field=path[-1]), _example_hint(f))
        if f.ref:
            out.refs.append((f.ref, value, path))
        return value
    if t == "integer":
        if isinstance(raw, bool) or not isinstance(raw, int):
            return _fail(out, path, "type", Message("schema.integer", field=path[-1], value=raw), _leading_zero_hint(raw))
        return _range(f, int(raw), path, out)
    if t == "number":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            return _fail(out, path, "type", Message("schema.number", field=path[-1], value=raw), _leading_zero_hint(raw))
        return _range(f, float(raw) if isinstance(raw, float) else int(raw), path, out)
    if t == "boolean":
        if not isinstance(raw, bool):
            return _fail(out, path, "type", Message("schema.boolean", field=path[-1], value=raw), Message("schema.boolean.hint"))
        return raw
    if t == "date":
        return _date(raw, path, out)
    if t == "datetime":
        return _datetime(raw, path, out)
    if t == "duration":
        return _duration(raw, path, out)
    if t == "dependency":
        return _dependency(f, raw, path, out)
    if t == "list":
        if isinstance(raw, dict):
            return _fail(out, path, "type", Message("schema.list", field=path[-1]), Message("schema.list.hint", field=path[-1]))
        items = raw if isinstance(raw, list) else [raw]
        result = []
        for index, item in enumerate(items):
            if item is None:
                continue
            v = _value(f.items, item, path + (index,), out) if f.items else item
            if v is not _BAD:
                result.append(v)
        return tuple(result)
    if t == "object":
        if not isinstance(raw, dict):
            return _fail(out, path, "type", Message("schema.object", field=path[-1]))
        return _object(f, raw, path, out)
    if t == "map":
        if not isinstance(raw, dict):
            return _fail(out, path, "type", Message("schema.map", field=path[-1]))
        result = {}
        for key, item in raw.items():
            if f.keys and key not in f.keys:
                guess = difflib.get_close_matches(str(key), f.keys, n=1)
                hint = Message("hint.did-you-mean", guess=guess[0]) if guess else Message("hint.allowed", names=", ".join(f.keys))
                out.problems.append(Problem(path + (key,), "unknown-field", Message("schema.unknown-key", key=key, field=path[-1]), hint))
                continue
            if item is None:
                continue
            v = _value(f.items, item, path + (key,), out) if f.items else item
            if v is not _BAD:
                result[key] = v
        return result
    return raw  # any


def _fail(out: Checked, path: tuple, code: str, message: Message, hint: Message | str = ""):
    out.problems.append(Problem(path, code, message, hint))
    return _BAD


def _enum_fail(out: Checked, path: tuple, value, allowed):
    guess = difflib.get_close_matches(str(value), allowed, n=1)
    hint = Message("hint.did-you-mean", guess=guess[0]) if guess else Message("hint.allowed", names=", ".join(allowed))
    return _fail(out, path, "value", Message("schema.enum", value=value, field=path[-1]), hint)


def _leading_zero_hint(raw) -> Message | str:
    if isinstance(raw, str) and re.fullmatch(r"[-+]?0\d+", raw):
        return Message("schema.number.leading-zero")
    if isinstance(raw, str) and re.fullmatch(r"[0-9０-９.]+", raw):
        return Message("schema.number.half-width")
    return ""


def _range(f: Field, value, path: tuple, out: Checked):
    if f.minimum is not None and value < f.minimum:
        return _fail(out, path, "range", Message("schema.minimum", field=path[-1], limit=f.minimum, value=value))
    if f.maximum is not None and value > f.maximum:
        return _fail(out, path, "range", Message("schema.maximum", field=path[-1], limit=f.maximum, value=value))
    return value


def parse_date(text: str) -> date | None:
    """Return the date in a ``YYYY-MM-DD`` string, or None if it is not a real date."""
    if not _DATE_RE.match(text):
        return None
    try:
        return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        return None


def _date(raw, path: tuple, out: Checked):
    text = raw if isinstance(raw, str) else source_text(raw) or str(raw)
    value = parse_date(text)
    if value is None:
        if _DATE_RE.match(text):
            return _fail(out, path, "date", Message("schema.date-unreal", value=text))
        hint = Message("schema.date.hint")
        if re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", text):
            y, m, d = text.split("/")
            hint = Message("schema.date.write", fixed=f"{int(y):04d}-{int(m):02d}-{int(d):02d}")
        return _fail(out, path, "date", Message("schema.date", field=path[-1], value=text), hint)
    return value


def _datetime(raw, path: tuple, out: Checked):
    text = raw if isinstance(raw, str) else str(raw)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return _fail(out, path, "datetime", Message("schema.datetime", field=path[-1], value=text), Message("schema.datetime.hint"))
    return value


def _duration(raw, path: tuple, out: Checked):
    if isinstance(raw, int) and not isinstance(raw, bool):
        days = int(raw)
    else:
        m = _DURATION_RE.match(str(raw).strip()) if isinstance(raw, str) else None
        if not m:
            return _fail(out, path, "duration", Message("schema.duration", field=path[-1], value=raw))
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
        m = _DEP_RE.match(text or "")
        if not m:
            return _fail(out, path, "dependency", Message("schema.dependency", value=raw), Message("schema.dependency.hint"))
        lag_days = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
        dep = Dependency(m.group(1), lag_days)
    if f.ref:
        out.refs.append((f.ref, dep.id, path))
    return dep
