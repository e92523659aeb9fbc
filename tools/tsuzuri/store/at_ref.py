"""Read the tracker as it was at a Git ref: a WBS file a baseline was fixed on, or the whole tracker."""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.findings import Finding
from tsuzuri.formats import textfile
from tsuzuri.messages import Message
from tsuzuri.model import Tracker, Wbs
from tsuzuri.schema.kinds import WBS
from tsuzuri.store import gitrepo
from tsuzuri.store.documents import parse
from tsuzuri.store.reader import build_wbs, load


class BaselineUnavailable(TsuzuriError):
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


def tracker_at(root: Path, ref: str) -> Tracker:
    """Return the tracker as committed at ``ref`` (its settings, issues and minutes); raises GitError."""
    root = Path(root)
    commit = gitrepo.rev(root, ref)
    tree = f"{commit}:./"  # the tracker folder, which may be a subfolder of the repository
    listed = gitrepo.git(root, "ls-tree", "--name-only", tree).split("\n")
    wanted = [p for p in ("tsuzuri.yml", "issues", "minutes") if p in listed]
    with tempfile.TemporaryDirectory(prefix="tsuzuri-at-") as tmp:
        if wanted:
            data = gitrepo.git_bytes(root, "archive", "--format=tar", tree, *wanted)
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(tmp, filter="data")
        return load(Path(tmp)).tracker
