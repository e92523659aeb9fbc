"""Findings: what the validator (and the loader) tell a person about their files."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tsuzuri.messages import localized, say

SEVERITIES = ("error", "warning")


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    path: str  # relative to the tracker root, with forward slashes
    line: int
    col: int
    severity: str
    code: str
    message: str  # usually a messages.Message: reads as English, renders in any language
    hint: str = ""

    def words(self, lang: str | None = None) -> str:
        """Return the message and its hint in ``lang`` (None: as they read)."""
        message = localized(self.message, lang)
        if not self.hint:
            return message
        return say(lang or getattr(self.message, "lang", "en"), "finding.with-hint", message=message, hint=localized(self.hint, lang))

    def text(self, lang: str | None = None) -> str:
        """Format as ``path:line:col: error[code] message (hint)``."""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}] {self.words(lang)}"

    def github(self, lang: str | None = None, prefix: str = "") -> str:
        """Format as a GitHub Actions workflow command (an annotation).

        ``prefix`` is the tracker's folder inside the repository (``office/tracker/``): GitHub
        places an annotation by its path from the repository's top.
        """
        level = "error" if self.severity == "error" else "warning"
        file = _property(prefix + self.path)
        return f"::{level} file={file},line={self.line},col={self.col},title={_property(f'tsuzuri {self.code}')}::{_data(self.words(lang))}"

    def as_dict(self, lang: str | None = None) -> dict:
        """Return the finding as plain JSON-ready values, its words in ``lang``."""
        return {
            "path": self.path, "line": self.line, "col": self.col, "severity": self.severity, "code": self.code,
            "message": localized(self.message, lang), "hint": localized(self.hint, lang),
        }


def _data(text: str) -> str:
    # A workflow command's message ends at a line break: escape as the Actions toolkit does.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # In a property, "," separates properties and ":" ends them: escape those too.
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], fmt: str, lang: str | None = None, prefix: str = "") -> str:
    """Render findings as text, json or github annotations, their words in ``lang``.

    ``prefix`` (github only) is the tracker's folder inside its repository.
    """
    if fmt == "json":
        return json.dumps([f.as_dict(lang) for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.github(lang, prefix) for f in findings)
    return "\n".join(f.text(lang) for f in findings)


def strictened(findings: list[Finding]) -> list[Finding]:
    """Turn warnings into errors (``--strict``)."""
    return [
        Finding(f.path, f.line, f.col, "error", f.code, f.message, f.hint) if f.severity == "warning" else f
        for f in findings
    ]
