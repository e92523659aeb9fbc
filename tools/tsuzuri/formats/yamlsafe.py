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

import yaml

from tsuzuri.errors import TsuzuriError
from tsuzuri.messages import Message

try:  # libyaml's parser is much faster; fall back to the pure-Python one if absent.
    from yaml import CBaseLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _EventLoader

MAX_DEPTH = 32
MAX_NODES = 200_000
MAX_BYTES = 1 << 20


_INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT_RE = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))


class YamlProblem(TsuzuriError):
    """The text is not YAML that tsuzuri accepts; ``line`` and ``col`` are 1-based."""

    def __init__(self, code: str, message: Message, line: int, col: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.col = col


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


_MAYBE_SPECIAL = frozenset("0123456789+-.~nNtTfF")


def resolve_plain(text: str):
    """Turn an unquoted scalar into the value a person means by it."""
    if text and text[0] not in _MAYBE_SPECIAL:
        return text
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


class Positions(dict):
    """Where each value stands: path -> libyaml mark, plus the line offset of the YAML."""

    offset: int = 0

    def line_col(self, path: tuple) -> tuple[int, int] | None:
        """Return the 1-based (line, col) of the value at ``path``, if recorded."""
        mark = self.get(path)
        if mark is None:
            return None
        return mark.line + 1 + self.offset, mark.column + 1


def load(text: str, line_offset: int = 0) -> tuple[object, Positions]:
    """Parse one YAML document into plain values and a map of path -> position.

    ``line_offset`` is added to every line, for YAML embedded in a larger file (front
    matter). Raises YamlProblem for anything that is not acceptable.
    """
    if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlProblem("yaml-too-large", Message("yaml.too-large", kib=MAX_BYTES // 1024), 1 + line_offset)
    positions = Positions()
    positions.offset = line_offset
    parser = _EventLoader(text)
    try:
        return _build(parser, positions, line_offset), positions
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if _unclosed(exc):
            # libyaml notices an unclosed `[`, `{` or quote lines later; the mistake is where it opened
            mark = exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:
            raise YamlProblem("yaml-too-deep", Message("yaml.too-deep", depth=MAX_DEPTH), line, col) from None
        explained = Message(_PROBLEMS[problem]) if problem in _PROBLEMS else problem
        raise YamlProblem("yaml-syntax", Message("yaml.syntax", problem=explained), line, col) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", Message("yaml.error", error=str(exc)), 1 + line_offset) from None
    finally:
        parser.dispose()


def _unclosed(exc: yaml.MarkedYAMLError) -> bool:
    context, start, end = exc.context or "", exc.context_mark, exc.problem_mark
    opened = context.startswith(("while parsing a flow", "while scanning a quoted scalar"))
    return opened and start is not None and end is not None and start.line < end.line


# libyaml's own words for the mistakes people make most; each has a catalog entry whose
# English is libyaml's text, so only the Japanese adds an explanation.
_PROBLEMS = {
    "mapping values are not allowed in this context": "yaml.problem.colon",
    "did not find expected ',' or ']'": "yaml.problem.list-unclosed",
    "did not find expected ',' or '}'": "yaml.problem.mapping-unclosed",
    "found character that cannot start any token": "yaml.problem.bad-character",
    "found unexpected end of stream": "yaml.problem.unexpected-end",
    "did not find expected '-' indicator": "yaml.problem.list-item",
    "did not find expected key": "yaml.problem.key",
    "could not find expected ':'": "yaml.problem.no-colon",
    "found a tab character that violates indentation": "yaml.problem.tab",
}


def load_values(text: str, line_offset: int = 0):
    """Parse like ``load`` but return only the value, without recording positions.

    This is the fast path for files that turn out to be fine; ask ``load`` for the
    positions once a finding needs a line. Any problem is re-raised by ``load`` so its
    message is exactly the same.
    """
    if len(text) > MAX_BYTES // 4:
        return load(text, line_offset)[0]
    value = _flat_values(text)
    if value is not _NOT_FLAT:
        return value
    parser = _EventLoader(text)
    try:
        return _build_values(parser)
    except (_Refused, yaml.YAMLError):
        pass
    finally:
        parser.dispose()
    return load(text, line_offset)[0]  # raises the precise YamlProblem


# --- the files tsuzuri writes: one ``key: value`` a line -----------------------------------
#
# Front matter as the store writes it (``yamlemit``) is a flat mapping, one ``key: value`` per
# line, each value a plain scalar, a double-quoted one without escapes, or a flow list of those.
# Such a text is read here without libyaml, with the same result to the last type; anything else
# (indentation, comments, escapes, a flow mapping, a character that needs thought) goes to libyaml.

# Characters that may stand anywhere in a plain scalar: no blank, flow indicator, ``:`` or ``#``,
# nothing YAML does not hold as it is (controls, NEL, line separators, surrogates, BOM, non-characters).
_NOT_RAW = r"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff"
_SAFE = rf"[^ \t,\[\]{{}}#:{_NOT_RAW}]"
_FIRST = rf"[^-?'\"!&*|>%@`\\ \t,\[\]{{}}#:{_NOT_RAW}]"  # nor an indicator that starts something else
# In a block value a colon belongs to the scalar when a safe character follows it (12:30, https://...).
_PLAIN_BLOCK = f"{_FIRST}(?:{_SAFE}|:(?={_SAFE}))*(?: +{_SAFE}(?:{_SAFE}|:(?={_SAFE}))*)*"
_PLAIN_FLOW = f"{_FIRST}{_SAFE}*(?: +{_SAFE}+)*"
_QUOTED = rf'"[^"\\{_NOT_RAW}]*"'
_ITEM = f"(?:{_PLAIN_FLOW}|{_QUOTED})"
_FLAT_LINE_RE = re.compile(rf"([A-Za-z_][A-Za-z0-9_]*): ({_PLAIN_BLOCK}|{_QUOTED}|\[(?:{_ITEM}(?:, {_ITEM})*)?\])")
_ITEM_RE = re.compile(_ITEM)


class _NotFlat:
    __slots__ = ()


_NOT_FLAT = _NotFlat()


def _flat_values(text: str):
    """Return the mapping a flat ``key: value`` text holds, or ``_NOT_FLAT`` when libyaml must read it."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines:
        return _NOT_FLAT
    result: dict = {}
    match = _FLAT_LINE_RE.fullmatch
    for line in lines:
        m = match(line)
        if m is None:
            return _NOT_FLAT
        key, written = m.groups()
        if key in result or (key[0] in _MAYBE_SPECIAL and type(resolve_plain(key)) is not str):
            return _NOT_FLAT  # a duplicate key (libyaml explains it), or a key that reads as null, true or a number
        first = written[0]
        if first == '"':
            result[key] = written[1:-1]
        elif first == "[":
            result[key] = [item[1:-1] if item[0] == '"' else resolve_plain(item) for item in _ITEM_RE.findall(written[1:-1])]
        else:
            result[key] = resolve_plain(written)
    return result


def plain_everywhere(text: str) -> bool:
    """Tell whether ``text`` written unquoted reads back as itself here and in YAML 1.1 readers.

    mkdocs reads YAML 1.1 (``yes`` is true, ``0123`` octal), tsuzuri this safe subset: a value
    written for both must mean the same to both.
    """
    line = f"k: {text}\n"
    try:
        return load_values(line) == {"k": text} == yaml.safe_load(line)
    except (YamlProblem, yaml.YAMLError):
        return False


class _Refused(Exception):
    """Something the full reader will explain."""


def _build_values(parser):
    # The same rules as _build, kept lean: any doubt hands over to the full reader.
    build = _Values()
    get_event = parser.get_event
    while True:
        event = get_event()
        if event is None:
            break
        kind = type(event)
        if kind is _SCALAR:
            build.scalar(event)
        elif kind is _MAP_START or kind is _SEQ_START:
            build.start(event, kind)
        elif kind in _ENDS:
            build.end()
        elif kind is yaml.DocumentStartEvent:
            build.documents += 1
            if build.documents > 1:
                raise _Refused
        elif kind is yaml.AliasEvent:
            raise _Refused
    return build.result


class _Values:
    """The state of the lean build: the value so far and the open containers."""

    __slots__ = ("result", "documents", "stack", "nodes")

    def __init__(self) -> None:
        self.result = None
        self.documents = 0
        self.stack: list = []  # frames: [container, pending key or _NO_KEY]
        self.nodes = 0

    def scalar(self, event) -> None:
        if event.anchor is not None or (event.tag is not None and event.tag != "!"):
            raise _Refused
        value = event.value if event.style else resolve_plain(event.value)
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        container = top[0]
        if type(container) is not dict:
            container.append(value)
        elif top[1] is not _NO_KEY:
            container[top[1]] = value
            top[1] = _NO_KEY
        else:
            if value is None or not isinstance(value, (str, int, float)):
                raise _Refused
            key = value if type(value) is str else event.value
            if key in container:
                raise _Refused
            top[1] = key

    def start(self, event, kind) -> None:
        self.nodes += 1
        stack = self.stack
        if event.anchor is not None or (event.tag is not None and event.tag != "!") or len(stack) >= MAX_DEPTH or self.nodes > MAX_NODES:
            raise _Refused
        if stack and type(stack[-1][0]) is dict and stack[-1][1] is _NO_KEY:
            raise _Refused
        stack.append([{} if kind is _MAP_START else [], _NO_KEY])

    def end(self) -> None:
        value = self.stack.pop()[0]
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        if type(top[0]) is dict:
            top[0][top[1]] = value
            top[1] = _NO_KEY
        else:
            top[0].append(value)


def _problem(code: str, message: Message, event, line_offset: int) -> YamlProblem:
    m = event.start_mark
    return YamlProblem(code, message, m.line + 1 + line_offset, m.column + 1)


_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _build(parser, positions: Positions, line_offset: int):
    # Built straight from events with an explicit stack: no recursion, so depth, aliases,
    # tags and duplicate keys are refused the moment they appear, in bounded time.
    build = _Full(positions, line_offset)
    get_event = parser.get_event
    while True:
        event = get_event()
        if event is None:
            break
        kind = type(event)
        if kind is _SCALAR:
            build.scalar(event)
        elif kind in _ENDS:
            build.end()
        elif kind is _MAP_START or kind is _SEQ_START:
            build.start(event, kind)
        elif kind is yaml.DocumentStartEvent:
            build.document(event)
        elif kind is yaml.AliasEvent:
            raise _problem("yaml-alias", Message("yaml.alias", alias=event.anchor), event, line_offset)
    if build.nodes > MAX_NODES:
        raise YamlProblem("yaml-too-large", Message("yaml.too-many-values", count=MAX_NODES), 1 + line_offset)
    return build.result


class _Full:
    """The state of the full build: the value so far, the open containers and every position."""

    __slots__ = ("positions", "line_offset", "result", "have_document", "stack", "nodes")

    def __init__(self, positions: Positions, line_offset: int) -> None:
        self.positions = positions
        self.line_offset = line_offset
        self.result = None
        self.have_document = False
        # A frame: [container, path, pending key (or _NO_KEY), pending key's mark, is_dict, start mark]
        self.stack: list[list] = []
        self.nodes = 0

    def _refuse_node(self, event) -> None:
        """Refuse what no tracker file may use on a value: anchors and tags."""
        if event.anchor is not None:
            raise _problem("yaml-anchor", Message("yaml.anchor", anchor=event.anchor), event, self.line_offset)
        if event.tag is not None and event.tag != "!":
            raise _problem("yaml-tag", Message("yaml.tag", tag=event.tag), event, self.line_offset)

    def scalar(self, event) -> None:
        self.nodes += 1
        if event.anchor is not None or event.tag is not None:
            self._refuse_node(event)
        value = event.value if event.style else resolve_plain(event.value)
        positions = self.positions
        if not self.stack:
            self.result = value
            positions[()] = event.start_mark
            return
        top = self.stack[-1]
        if not top[4]:
            path = top[1] + (len(top[0]),)
            top[0].append(value)
            positions[path] = event.start_mark
        elif top[2] is _NO_KEY:
            self._key(top, value, event)
        else:
            path = top[1] + (top[2],)
            top[0][top[2]] = value
            positions[path] = top[3]
            positions[path + ("<value>",)] = event.start_mark
            top[2] = _NO_KEY

    def _key(self, top: list, value, event) -> None:
        """Take a scalar as the next key of the mapping ``top``: plain, and not written before."""
        if value is None or not isinstance(value, (str, int, float)):
            raise _problem("yaml-key", Message("yaml.key-plain"), event, self.line_offset)
        key = value if type(value) is str else event.value
        if key in top[0]:
            first = self.positions.line_col(top[1] + (key,))
            said = Message("yaml.duplicate-key-at", key=key, line=first[0]) if first else Message("yaml.duplicate-key", key=key)
            raise _problem("duplicate-key", said, event, self.line_offset)
        top[2] = key
        top[3] = event.start_mark

    def start(self, event, kind) -> None:
        self.nodes += 1
        if event.anchor is not None or event.tag is not None:
            self._refuse_node(event)
        stack = self.stack
        if len(stack) >= MAX_DEPTH:
            raise _problem("yaml-too-deep", Message("yaml.too-deep", depth=MAX_DEPTH), event, self.line_offset)
        if self.nodes > MAX_NODES:
            raise _problem("yaml-too-large", Message("yaml.too-many-values", count=MAX_NODES), event, self.line_offset)
        if not stack:
            path = ()
            self.positions[()] = event.start_mark
        elif not stack[-1][4]:
            top = stack[-1]
            path = top[1] + (len(top[0]),)
            self.positions[path] = event.start_mark
        elif stack[-1][2] is _NO_KEY:
            raise _problem("yaml-key", Message("yaml.key-collection"), event, self.line_offset)
        else:
            path = stack[-1][1] + (stack[-1][2],)
        is_dict = kind is _MAP_START
        # frame[3] doubles as the sequence's own start mark; frame[5] keeps a mapping's.
        stack.append([{} if is_dict else [], path, _NO_KEY, None if is_dict else event.start_mark, is_dict, event.start_mark])

    def end(self) -> None:
        frame = self.stack.pop()
        if not self.stack:
            self.result = frame[0]
            return
        top = self.stack[-1]
        if top[4]:
            top[0][top[2]] = frame[0]
            self.positions[frame[1]] = top[3]
            self.positions[frame[1] + ("<value>",)] = frame[5]
            top[2] = _NO_KEY
        else:
            top[0].append(frame[0])

    def document(self, event) -> None:
        if self.have_document:
            raise _problem("yaml-multiple-documents", Message("yaml.multiple-documents"), event, self.line_offset)
        self.have_document = True


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


# --- a site builder's mkdocs.yml ----------------------------------------------------------
# Not a tracker file: the builder's own YAML (1.1, with MkDocs' ``!ENV`` tag). Read only for the
# few settings `tsuzuri pages` needs; any other tag (``!!python/name:`` in Markdown extension
# options) is read as no value.


class _BuilderLoader(yaml.SafeLoader):
    pass


def _env_tag(loader: _BuilderLoader, node: yaml.Node):
    import os

    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1], items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else ""
    return default


_BuilderLoader.add_constructor("!ENV", _env_tag)
_BuilderLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_BuilderLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load_builder_config(text: str):
    """Return the values of a site builder's ``mkdocs.yml`` (``!ENV`` as MkDocs reads it); ValueError if it is not YAML."""
    try:
        return yaml.load(text, Loader=_BuilderLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None
