"""Catch what only shows against another branch: an issue key created on both sides."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tsuzuri.findings import Finding
from tsuzuri.messages import Message
from tsuzuri.store import Loaded, gitrepo


def key_clashes(loaded: Loaded, ref: str) -> Iterator[Finding]:
    """Yield a ``key-clash`` for each issue this branch added whose key ``ref`` also added since they parted."""
    root = Path(loaded.root)
    target = gitrepo.rev(root, ref)
    base = gitrepo.git(root, "merge-base", target, "HEAD").strip()
    at_base = _issue_blobs(root, base)
    at_ref = _issue_blobs(root, target)
    for key, rel in sorted(loaded.issue_paths.items()):
        if rel in at_base or rel not in at_ref:
            continue
        if _same_content(root, rel, at_ref[rel]):
            continue  # the very same file on both sides (a cherry-pick) is not a clash
        yield Finding(
            rel, 1, 1, "error", "key-clash",
            Message("key-clash", key=key, ref=ref), Message("key-clash.hint", key=key, ref=ref),
        )


def _issue_blobs(root: Path, commit: str) -> dict[str, str]:
    out = gitrepo.git(root, "ls-tree", "-r", "-z", commit, "--", "issues")
    blobs = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        if path.count("/") == 2 and path.endswith(".md"):
            blobs[path] = meta.split()[2]
    return blobs


def _same_content(root: Path, rel: str, blob: str) -> bool:
    here = gitrepo.git(root, "hash-object", "--", rel, check=False).strip()
    return here == blob
