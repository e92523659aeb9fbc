"""Validate a tracker: every finding about its files, sorted, never stopping at the first."""

from __future__ import annotations

import re
from pathlib import Path

from ..findings import Finding, strictened
from ..store import Loaded, load
from . import references, rules

_DIGITS = re.compile(r"(\d+)")


def validate_loaded(loaded: Loaded, strict: bool = False) -> list[Finding]:
    """Return all findings for an already loaded tracker, sorted by file and line."""
    findings = list(loaded.findings)
    findings.extend(references.check(loaded.tracker, loaded.documents))
    findings.extend(rules.check(loaded))
    findings = sorted(set(findings), key=_natural)
    return strictened(findings) if strict else findings


def _natural(f: Finding) -> tuple:
    # MIRA-2 before MIRA-10: compare the digit runs of the path as numbers.
    parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in _DIGITS.split(f.path) if p)
    return (parts, f.line, f.col, f.code, f.message)


def validate(root: Path, strict: bool = False) -> tuple[Loaded, list[Finding]]:
    """Load the tracker at ``root`` and return it with all its findings."""
    loaded = load(Path(root))
    return loaded, validate_loaded(loaded, strict)
