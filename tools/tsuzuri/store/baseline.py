"""Read a WBS file as it was at a Git ref: the plan a baseline was fixed on."""

from __future__ import annotations

from pathlib import Path

from .. import textfile
from ..findings import Finding
from ..model import Wbs
from ..schema.kinds import WBS
from . import gitrepo
from .documents import parse
from .reader import build_wbs


class BaselineUnavailable(Exception):
    """The baseline ref or the WBS file at that ref cannot be read; the message says why."""


def read_wbs_at(root: Path, ref: str, rel: str, project: str) -> Wbs:
    """Return the WBS file ``rel`` as committed at ``ref``, parsed by the normal reader."""
    root = Path(root)
    if not gitrepo.is_checkout(root):
        raise BaselineUnavailable(f"the tracker is not a Git checkout, so baseline `{ref}` cannot be read")
    try:
        commit = gitrepo.rev(root, ref)
    except gitrepo.GitError:
        raise BaselineUnavailable(
            f"baseline `{ref}` is not a tag, branch or commit in this clone (a shallow clone or a tag that was not fetched?)"
        ) from None
    try:
        # "./" makes the path relative to the tracker folder, which may be a subfolder of the repository.
        data = gitrepo.git_bytes(root, "show", f"{commit}:./{rel}")
    except gitrepo.GitError:
        raise BaselineUnavailable(f"{rel} did not exist at baseline `{ref}`") from None
    try:
        text = textfile.decode(data)
    except textfile.TextProblem as problem:
        raise BaselineUnavailable(f"{rel} at baseline `{ref}` is not readable text: {problem.message}") from None
    findings: list[Finding] = []
    doc = parse(rel, text, WBS, findings)
    errors = [f for f in findings if f.severity == "error"]
    if not doc.ok or errors:
        first = errors[0] if errors else None
        detail = f": line {first.line}: {first.message}" if first else ""
        raise BaselineUnavailable(f"{rel} at baseline `{ref}` has errors{detail}")
    return build_wbs(project, rel, doc)
