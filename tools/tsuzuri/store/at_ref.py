"""Read a WBS file as it was at a Git ref: the plan a baseline was fixed on."""

from __future__ import annotations

from pathlib import Path

from tsuzuri.findings import Finding
from tsuzuri.formats import textfile
from tsuzuri.messages import Message
from tsuzuri.model import Wbs
from tsuzuri.schema.kinds import WBS
from tsuzuri.store import gitrepo
from tsuzuri.store.documents import parse
from tsuzuri.store.reader import build_wbs


class BaselineUnavailable(Exception):
    """The baseline ref or the WBS file at that ref cannot be read; ``message`` says why."""

    def __init__(self, message: Message):
        super().__init__(message)
        self.message = message


def read_wbs_at(root: Path, ref: str, rel: str, project: str) -> Wbs:
    """Return the WBS file ``rel`` as committed at ``ref``, parsed by the normal reader."""
    root = Path(root)
    if not gitrepo.is_checkout(root):
        raise BaselineUnavailable(Message("baseline.not-checkout", ref=ref))
    try:
        commit = gitrepo.rev(root, ref)
    except gitrepo.GitError:
        raise BaselineUnavailable(Message("baseline.unknown-ref", ref=ref)) from None
    try:
        # "./" makes the path relative to the tracker folder, which may be a subfolder of the repository.
        data = gitrepo.git_bytes(root, "show", f"{commit}:./{rel}")
    except gitrepo.GitError:
        raise BaselineUnavailable(Message("baseline.no-file", path=rel, ref=ref)) from None
    try:
        text = textfile.decode(data)
    except textfile.TextProblem as problem:
        raise BaselineUnavailable(Message("baseline.unreadable", path=rel, ref=ref, problem=problem.message)) from None
    findings: list[Finding] = []
    doc = parse(rel, text, WBS, findings)
    errors = [f for f in findings if f.severity == "error"]
    if not doc.ok or errors:
        first = (errors or findings or [Finding(rel, 1, 1, "error", "unreadable", "")])[0]
        raise BaselineUnavailable(Message("baseline.has-errors", path=rel, ref=ref, line=first.line, problem=first.message))
    return build_wbs(project, rel, doc)
