"""Read YAML the way a person meant it, safely and with line numbers.

PyYAML's ``safe_load`` protects against object construction but not against alias
bombs, it silently keeps the last of two duplicate keys, and it applies YAML 1.1's
surprises (``no`` is false, ``0123`` is octal, ``12:30`` is a number, a bare date is a
``date``). This reader builds plain Python values straight from libyaml's event stream,
so it can refuse aliases, duplicate keys and deep nesting as they appear, record where
every value stands, and resolve plain scalars by a small YAML 1.2-like rule:

* ``null``, ``~`` and empty are None; ``true``/``false`` are booleans;
* decimal integers without a leading zero are ints, decimals like ``1.5`` are floats;
* everything else stays the string that was written (``no``, ``0123``, ``12:30``,
  ``2026-11-30``). The schema decides later whether a string is a valid date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

try:  # libyaml's parser is much faster; fall back to the pure-Python one if absent.
    from yaml import CBaseLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _EventLoader

MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_BYTES = 1 << 20

Path_ = tuple  # a path into the document: keys and list indexes

_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))


class YamlProblem(Exception):
    """The text is not YAML that tsuzuri accepts; ``line`` and ``col`` are 1-based."""

    def __init__(self, code: str, message: str, line: int, col: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based


class SourceInt(int):
    """An int that remembers how it was written (``007`` never reaches here, ``1`` does)."""

    source: str


class SourceFloat(float):
    """A float that remembers how it was written, so ``1.10`` can still mean the text "1.10"."""

    source: str


def source_text(value) -> str | None:
    """Return the text a person wrote for a scalar value, when it is known."""
    if isinstance(value, str):
        return value
    return getattr(value, "source", None)


def resolve_plain(text: str):
    """Turn an unquoted scalar into the value a person means by it."""
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT_RE.match(text):
        number = SourceInt(text)
        number.source = text
        return number
    if _FLOAT_RE.match(text):
        number = SourceFloat(text)
        number.source = text
        return number
    return text


def load(text: str, line_offset: int = 0) -> tuple[object, dict[tuple, Mark]]:
    """Parse one YAML document into plain values and a map of path -> position.

    ``line_offset`` is added to every line, for YAML embedded in a larger file (front
    matter). Raises YamlProblem for anything that is not acceptable.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem("yaml-too-large", f"the YAML is larger than {MAX_BYTES // 1024} KiB", 1 + line_offset)
    positions: dict[tuple, Mark] = {}
    parser = _EventLoader(text)
    try:
        return _build(parser, positions, line_offset), positions
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem("yaml-syntax", f"YAML syntax error: {problem}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"YAML error: {exc}", 1 + line_offset) from None
    finally:
        parser.dispose()


def _mark(event, line_offset: int) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1 + line_offset, m.column + 1)


def _build(parser, positions: dict, line_offset: int):
    # Explicit stack instead of recursion: depth is bounded by MAX_DEPTH anyway, but a
    # loop keeps the cost per event flat and the error paths in one place.
    result = None
    have_document = False
    stack: list[list] = []  # frames: [container, path, pending_key, key_mark, seen_keys]
    nodes = 0
    while True:
        event = parser.get_event()
        if event is None:
            break
        kind = type(event)
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
            continue
        if kind is yaml.DocumentStartEvent:
            if have_document:
                m = _mark(event, line_offset)
                raise YamlProblem("yaml-multiple-documents", "only one YAML document is allowed here (found a second `---`)", m.line, m.col)
            have_document = True
            continue
        if kind is yaml.AliasEvent:
            m = _mark(event, line_offset)
            raise YamlProblem("yaml-alias", f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full", m.line, m.col)
        if getattr(event, "anchor", None):
            m = _mark(event, line_offset)
            raise YamlProblem("yaml-anchor", f"YAML anchors (&{event.anchor}) are not allowed; write the value out in full", m.line, m.col)
        nodes += 1
        if nodes > MAX_NODES:
            m = _mark(event, line_offset)
            raise YamlProblem("yaml-too-large", f"the YAML has more than {MAX_NODES} values", m.line, m.col)

        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = stack.pop()
            value = frame[0]
            if not stack:
                result = value
            else:
                _attach(stack[-1], value, frame[1], positions, frame[5])
            continue

        m = _mark(event, line_offset)
        if kind is yaml.ScalarEvent:
            if event.tag not in (None, "!"):
                raise YamlProblem("yaml-tag", f"YAML tags ({event.tag}) are not allowed", m.line, m.col)
            value = resolve_plain(event.value) if not event.style else event.value
            if not stack:
                result = value
                positions[()] = m
                continue
            top = stack[-1]
            if type(top[0]) is dict and top[2] is _NO_KEY:
                if not isinstance(value, (str, int, float, bool)) or value is None:
                    raise YamlProblem("yaml-key", "a mapping key must be a plain word", m.line, m.col)
                key = value if isinstance(value, str) else str(event.value)
                if key in top[0]:
                    first = positions.get(top[1] + (key,))
                    where = f" (first at line {first.line})" if first else ""
                    raise YamlProblem("duplicate-key", f"duplicate key `{key}`{where}: YAML would silently keep only the last one", m.line, m.col)
                top[2] = key
                top[3] = m
                top[4].add(key)
                continue
            path = _child_path(top)
            positions[path] = m
            _attach(top, value, path, positions, m)
            continue

        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag not in (None, "!"):
                raise YamlProblem("yaml-tag", f"YAML tags ({event.tag}) are not allowed", m.line, m.col)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem("yaml-too-deep", f"the YAML is nested more than {MAX_DEPTH} levels deep", m.line, m.col)
            path = _child_path(stack[-1]) if stack else ()
            if stack and type(stack[-1][0]) is dict and stack[-1][2] is _NO_KEY:
                raise YamlProblem("yaml-key", "a mapping key must be a plain word, not a list or mapping", m.line, m.col)
            positions[path] = stack[-1][3] if stack and type(stack[-1][0]) is dict else m
            container = {} if kind is yaml.MappingStartEvent else []
            stack.append([container, path, _NO_KEY, None, set(), m])
            continue
    return result


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


def _child_path(frame: list) -> tuple:
    container = frame[0]
    if type(container) is dict:
        return frame[1] + (frame[2],)
    return frame[1] + (len(container),)


def _attach(frame: list, value, path: tuple, positions: dict, value_mark: Mark) -> None:
    container = frame[0]
    if type(container) is dict:
        key = frame[2]
        container[key] = value
        positions[path] = frame[3]  # a mapping entry is reported at its key
        positions[path + ("<value>",)] = value_mark
        frame[2] = _NO_KEY
    else:
        container.append(value)
