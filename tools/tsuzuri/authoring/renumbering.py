"""Move an issue to a free key and rewrite every reference to it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from tsuzuri.errors import AuthoringError, NoSuchIssue
from tsuzuri.formats.textfile import TextProblem, decode
from tsuzuri.messages import Message
from tsuzuri.model import split_key
from tsuzuri.store import gitrepo, writer
from tsuzuri.store.transaction import Transaction


def key_pattern(key: str) -> re.Pattern:
    """Match ``key`` as a whole key: HOJO-1 never matches inside HOJO-12, XHOJO-1 or HOJO-1-2."""
    return re.compile(rf"(?<![A-Za-z0-9_\-]){re.escape(key)}(?![A-Za-z0-9_]|-[0-9])")


def free_number(root: Path, project: str, ref: str = "") -> int:
    """Return a number above every key of ``project`` in the work tree and at ``ref``."""
    highest = writer.next_number(root, project) - 1
    if ref:
        out = gitrepo.git(root, "ls-tree", "--name-only", gitrepo.rev(root, ref), f"issues/{project}/")
        for line in out.splitlines():
            parts = split_key(line.rsplit("/", 1)[-1].removesuffix(".md"))
            if parts and parts[0] == project:
                highest = max(highest, parts[1])
    return highest + 1


def _text_files(root: Path):
    for folder, suffixes in (("issues", (".md",)), ("minutes", (".md",)), ("wbs", (".yml", ".yaml"))):
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames[:] = [d for d in dirnames if d != "files" and not d.startswith(".")]
            for name in filenames:
                if name.endswith(suffixes):
                    yield Path(dirpath) / name


def renumber(root: Path, key: str, new_key: str = "", ref: str = "") -> tuple[str, list[str]]:
    """Move issue ``key`` (file, comments, files) to ``new_key`` or a free key; return it and the rewritten files."""
    parts = split_key(key)
    if parts is None:
        raise AuthoringError(Message("authoring.not-a-key", key=key))
    project = parts[0]
    source = root / "issues" / project / f"{key}.md"
    if not source.is_file():
        raise NoSuchIssue(key)
    if not new_key:
        new_key = f"{project}-{free_number(root, project, ref)}"
    target_parts = split_key(new_key)
    if target_parts is None or target_parts[0] != project:
        raise AuthoringError(Message("authoring.key-of-other-project", key=new_key, project=project))
    target = root / "issues" / project / f"{new_key}.md"
    if target.exists() or (ref and _exists_at(root, ref, target)):
        raise AuthoringError(Message("authoring.key-taken", key=new_key))
    moves = _moves(root, project, key, new_key)
    contents = _rewritten(root, key, new_key)
    rewritten = [moves.get(rel, rel) for rel in contents]
    # One change: the issue's files move and every reference is rewritten, or nothing happens.
    with Transaction(root, "renumber") as tx:
        for old, new in moves.items():
            tx.stage(new, contents.pop(old) if old in contents else (root / old).read_bytes())
            tx.remove(old)
        for rel, text in contents.items():
            tx.stage(rel, text)
        tx.apply()
        tx.commit()
    return new_key, sorted(rewritten)


def _rewritten(root: Path, key: str, new_key: str) -> dict[str, str]:
    """Return path -> new text of every text file that names ``key``, with ``new_key`` in its place."""
    pattern = key_pattern(key)
    contents = {}
    for path in _text_files(root):
        try:
            text = decode(path.read_bytes())
        except TextProblem:
            continue
        changed = pattern.sub(new_key, text)
        if changed != text:
            contents[path.relative_to(root).as_posix()] = changed
    return contents


def _moves(root: Path, project: str, key: str, new_key: str) -> dict[str, str]:
    """Return old path -> new path of the issue's file and of everything in its folder (comments, files)."""
    base = f"issues/{project}"
    moves = {f"{base}/{key}.md": f"{base}/{new_key}.md"}
    folder = root / base / key
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            moves[rel] = f"{base}/{new_key}/" + rel[len(f"{base}/{key}/"):]
    return moves


def _exists_at(root: Path, ref: str, path: Path) -> bool:
    rel = path.relative_to(root).as_posix()
    return gitrepo.git(root, "ls-tree", "--name-only", gitrepo.rev(root, ref), "--", rel).strip() == rel
