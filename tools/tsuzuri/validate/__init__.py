"""Validate a tracker: every finding about its files, sorted, never stopping at the first."""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding, strictened
from ..store import Loaded, load
from . import references, rules


def validate_loaded(loaded: Loaded, strict: bool = False) -> list[Finding]:
    """Return all findings for an already loaded tracker, sorted by file and line."""
    findings = list(loaded.findings)
    findings.extend(references.check(loaded.tracker, loaded.documents))
    findings.extend(rules.check(loaded))
    findings = sorted(set(findings))
    return strictened(findings) if strict else findings


def validate(root: Path, strict: bool = False) -> tuple[Loaded, list[Finding]]:
    """Load the tracker at ``root`` and return it with all its findings."""
    loaded = load(Path(root))
    return loaded, validate_loaded(loaded, strict)
