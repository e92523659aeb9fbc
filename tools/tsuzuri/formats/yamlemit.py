"""Write values as YAML that ``yamlsafe`` (and any YAML 1.1 reader) reads back as the same values.

One rule for every file tsuzuri writes. A string is written plain only when nothing in it
can mean anything to YAML: it starts with no indicator, holds none of the flow
punctuation ``, [ ] { }``, no ``:`` or ``#``, nothing but printable characters, no
space at either end, and neither tsuzuri's reader nor a YAML 1.1 reader (editors,
mkdocs) resolves it to something else (``no``, ``0123``, ``12:30``, ``~``). Every other
string is double-quoted with escapes for ``"``, ``\\`` and each character YAML may not
hold raw, so what is written is always exactly one scalar wherever it stands, inside
``{...}`` and ``[...]`` too. A property test reads every kind of value back.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import lru_cache

import yaml

from tsuzuri.formats.yamlsafe import resolve_plain

_YAML11 = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}
# The characters ``printable`` refuses, as one class: a string is looked at once, not a character at a time.
_UNPRINTABLE = "\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_NOT_PLAIN_RE = re.compile(f"[,\\[\\]{{}}#:{_UNPRINTABLE}]")
_TO_ESCAPE_RE = re.compile(f'["\\\\{_UNPRINTABLE}]')
# The first characters on which a YAML 1.1 reader may resolve a plain scalar to something
# other than a string (PyYAML looks its implicit resolvers up by the first character too).
_YAML11_FIRST = frozenset(k for k in _YAML11.yaml_implicit_resolvers if k)
_YAML11_ANY = None in _YAML11.yaml_implicit_resolvers  # a resolver for every first character (none by default)


def printable(ch: str) -> bool:
    """Tell whether YAML may hold the character as it is (no escape) in a quoted or plain scalar."""
    cp = ord(ch)
    if cp < 0x7F:
        return cp >= 0x20
    if cp < 0xA0:
        return False  # DEL, C1 controls and NEL (a line break to YAML 1.1)
    if cp <= 0xD7FF:
        return cp not in (0x2028, 0x2029)  # line and paragraph separators are line breaks
    if cp < 0xE000:
        return False  # surrogates
    if cp <= 0xFFFD:
        return cp != 0xFEFF  # a byte order mark is dropped at the start of a line
    return 0x10000 <= cp <= 0x10FFFF


@lru_cache(maxsize=4096)  # ids, dates and words come back in every file an import writes
def plain_ok(text: str) -> bool:
    """Tell whether ``text`` may be written without quotes and still read back as this string."""
    if not text or text[0] in _INDICATORS or text[-1] == " ":
        return False
    if _NOT_PLAIN_RE.search(text):
        return False
    if type(resolve_plain(text)) is not str:
        return False
    if text[0] not in _YAML11_FIRST and not _YAML11_ANY:
        return True  # no YAML 1.1 resolver starts with this character: a string there too
    return _YAML11.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG


def quoted(text: str) -> str:
    """Return ``text`` as a YAML double-quoted scalar."""
    if not _TO_ESCAPE_RE.search(text):
        return f'"{text}"'
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif printable(ch):
            out.append(ch)
        else:
            cp = ord(ch)
            out.append(f"\\x{cp:02X}" if cp <= 0xFF else f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}")
    out.append('"')
    return "".join(out)


def scalar(value) -> str:
    """Return one value as a YAML scalar that reads back as the same value."""
    if type(value) is str:  # the common case first
        return value if plain_ok(value) else quoted(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if plain_ok(text) else quoted(text)


def _float(value: float) -> str:
    source = getattr(value, "source", None)  # as a person wrote it: 1.10 stays 1.10
    if source is not None and resolve_plain(source) == value:
        return source
    if not math.isfinite(value):
        return quoted(repr(value))  # tsuzuri has no infinite numbers; keep the text
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"  # 1e+20 is text to tsuzuri; 1.0e+20 is a number
    return text


def flow(value) -> str:
    """Return a value in YAML flow style: lists and mappings on one line, every scalar safe."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def trailing_comment(line: str) -> str:
    """Return the `` # comment`` after the value of a one-line ``key: value``, with its spacing ("" if none)."""
    if "#" not in line:
        return ""
    try:
        events = list(yaml.parse(line, Loader=yaml.BaseLoader))
    except yaml.YAMLError:
        return ""
    end = _value_end(events)
    if end is None:
        return ""
    rest = line[end:]
    at = rest.find("#")
    if at < 0 or rest[:at].strip():
        return ""
    return rest if rest[:at] else " " + rest


def _value_end(events: list) -> int | None:
    """Where the value of a one-line ``key: value`` ends, from its parse events (None if it has none)."""
    # StreamStart, DocumentStart, MappingStart, key, value..., MappingEnd: the value ends where
    # the event that brings the depth back to the mapping's ends.
    depth, seen_key = 0, False
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            if depth == 1:
                return event.end_mark.index
        elif isinstance(event, yaml.ScalarEvent) and depth == 1:
            if seen_key:
                return event.end_mark.index
            seen_key = True
    return None
