"""Read one tracker file into a checked document, never raising for a user's mistake."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tsuzuri.findings import Finding
from tsuzuri.formats import textfile, yamlsafe
from tsuzuri.messages import Message
from tsuzuri.schema.declare import Kind, check


@dataclass
class Document:
    """A parsed, schema-checked tracker file with the position of every value."""

    path: str  # relative, forward slashes
    kind: str
    data: dict  # only the values that passed the schema, converted to Python types
    front: str = ""  # the YAML text, kept to find positions when a finding needs them
    front_offset: int = 0
    _positions: yamlsafe.Positions | None = None
    body: str = ""
    body_line: int = 0
    refs: list = field(default_factory=list)  # (ref kind, value, path) from the schema
    ok: bool = True  # False when the file could not be read at all

    @property
    def positions(self) -> yamlsafe.Positions | None:
        """Where each value stands; parsed again on first use (most files never need it)."""
        if self._positions is None and self.front:
            try:
                self._positions = yamlsafe.load(self.front, self.front_offset)[1]
            except yamlsafe.YamlProblem:
                self._positions = yamlsafe.Positions()
        return self._positions

    def where(self, path: tuple = ()) -> tuple[int, int]:
        """Return (line, col) of a value in the file, falling back to its parent."""
        while True:
            found = self.positions.line_col(path) if self.positions else None
            if found is not None:
                return found
            if not path:
                return 1, 1
            path = path[:-1]
            if path and path[-1] == "<value>":
                path = path[:-1]

    def finding(self, path: tuple, code: str, message: str, hint: str = "", severity: str = "error") -> Finding:
        """Make a finding located at a value of this document."""
        line, col = self.where(path + ("<value>",)) if code != "unknown-field" and path else self.where(path)
        return Finding(self.path, line, col, severity, code, message, hint)


def read(root: Path, rel: str, kind: Kind, findings: list[Finding], known: Mapping[str, bytes] | None = None) -> Document:
    """Read, decode, parse and check one file; problems go to ``findings``.

    ``known``: files this process has just written (rel path -> their bytes), decoded from memory
    exactly as they would be from disk.
    """
    doc = Document(rel, kind.name, {})
    path = os.path.join(root, rel)
    try:
        data = known.get(rel) if known else None
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        findings.append(Finding(rel, 1, 1, "error", "unreadable", Message("file.unreadable", reason=exc.strerror)))
        doc.ok = False
        return doc
    if _PARSED is None:
        return _decoded(rel, data, kind, findings)
    digest = hashlib.blake2b(data, digest_size=16).digest()
    kept = _PARSED.get((path, kind.name))
    if kept is not None and kept[0] == digest:
        findings.extend(kept[2])
        return kept[1]
    own: list[Finding] = []
    doc = _decoded(rel, data, kind, own)
    _PARSED[(path, kind.name)] = (digest, doc, tuple(own))
    findings.extend(own)
    return doc


# Files parsed before in this process, by path and kind: the digest of their bytes, the document
# and its findings. Kept only once ``keep_parsed`` is called (``mkdocs serve`` rebuilds in one process).
_PARSED: dict[tuple[str, str], tuple[bytes, Document, tuple[Finding, ...]]] | None = None


def keep_parsed() -> None:
    """From now on, give back the same document for a file whose bytes are the same as when it was last read.

    The file is still read every time (its bytes decide); only decoding, parsing and checking are
    saved. Documents are not changed once made, so handing one out twice is safe. The history
    (``store.history``) and the confidential-data checks (``validate.confidential``) keep what
    they worked out in this process from then on too (see ``parsed_kept``).
    """
    global _PARSED
    if _PARSED is None:
        _PARSED = {}


def parsed_kept() -> bool:
    """Tell whether this process rebuilds from the same files again (``keep_parsed`` was called)."""
    return _PARSED is not None


def _decoded(rel: str, data: bytes, kind: Kind, findings: list[Finding]) -> Document:
    try:
        text = textfile.decode(data)
    except textfile.TextProblem as problem:
        findings.append(Finding(rel, problem.line, problem.col, "error", problem.code, problem.message))
        return Document(rel, kind.name, {}, ok=False)
    return parse(rel, text, kind, findings)


def parse(rel: str, text: str, kind: Kind, findings: list[Finding]) -> Document:
    """Parse and check the decoded text of one file; problems go to ``findings``."""
    doc = Document(rel, kind.name, {})
    try:
        _check_conflict_markers(text)
        if kind.has_body:
            split = textfile.split_front_matter(text)
            front, offset = split.front, split.front_line - 1
            doc.body, doc.body_line = split.body, split.body_line
        else:
            front, offset = text, 0
        value = yamlsafe.load_values(front, offset)
        doc.front, doc.front_offset = front, offset
    except (textfile.TextProblem, yamlsafe.YamlProblem) as problem:
        findings.append(Finding(rel, problem.line, problem.col, "error", problem.code, problem.message))
        doc.ok = False
        return doc
    checked = check(kind, value)
    doc.data = checked.value
    doc.refs = checked.refs
    for p in checked.problems:
        findings.append(doc.finding(p.path, p.code, p.message, p.hint, p.severity))
    return doc


def _check_conflict_markers(text: str) -> None:
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith(("<<<<<<<", ">>>>>>>")):
            raise textfile.TextProblem("conflict-marker", Message("file.conflict-marker"), number)
