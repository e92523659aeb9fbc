"""Findings: what the validator (and the loader) tell a person about their files."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning")


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    path: str  # relative to the tracker root, with forward slashes
    line: int
    col: int
    severity: str
    code: str
    message: str
    hint: str = ""

    def text(self) -> str:
        """Format as ``path:line:col: error[code] message (hint)``."""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}] {self.message}{hint}"

    def github(self) -> str:
        """Format as a GitHub Actions workflow command (an annotation)."""
        level = "error" if self.severity == "error" else "warning"
        message = self.message + (f" ({self.hint})" if self.hint else "")
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} file={self.path},line={self.line},col={self.col},title=tsuzuri {self.code}::{message}"


def render(findings: list[Finding], fmt: str) -> str:
    """Render findings as text, json or github annotations."""
    if fmt == "json":
        return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(f.github() for f in findings)
    return "\n".join(f.text() for f in findings)


def strictened(findings: list[Finding]) -> list[Finding]:
    """Turn warnings into errors (``--strict``)."""
    return [
        Finding(f.path, f.line, f.col, "error", f.code, f.message, f.hint) if f.severity == "warning" else f
        for f in findings
    ]
