"""A build cache that came with a commit is never trusted: an error, and no cache is read."""

from __future__ import annotations

import subprocess

from tsuzuri.adapters.cli.main import main
from tsuzuri.authoring.scaffold import init
from tsuzuri.store.page_cache import open_cache
from tsuzuri.validate import validate

ENV = {"GIT_AUTHOR_NAME": "yamada", "GIT_AUTHOR_EMAIL": "yamada@example.go.jp", "GIT_COMMITTER_NAME": "yamada",
       "GIT_COMMITTER_EMAIL": "yamada@example.go.jp", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}


def _git(root, *args):
    return subprocess.run(["git", *args], cwd=root, env={**ENV, "HOME": str(root)}, capture_output=True, text=True, check=True)


def test_a_planted_page_in_a_committed_cache_is_an_error_and_never_published(tmp_path, capsys):
    root = tmp_path / "t"
    init(root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Start")
    assert main(["pages", "--root", str(root)]) == 0
    entries = [p for p in (root / ".tsuzuri-cache/pages").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert entries and open_cache(root) is not None  # the build's own cache is used
    # A contributor forces a doctored entry past .gitignore: same name, their HTML.
    planted = entries[0]
    planted.write_text('<script>alert("planted")</script>', encoding="utf-8")
    _git(root, "add", "-f", planted.relative_to(root).as_posix())
    _git(root, "commit", "-q", "-m", "Speed up the build")
    capsys.readouterr()

    assert open_cache(root) is None
    _, findings = validate(root)
    [found] = [f for f in findings if f.code == "cache-committed"]
    assert (found.path, found.severity) == (planted.relative_to(root).as_posix(), "error")
    assert "git rm -r --cached .tsuzuri-cache" in found.text("ja")
    assert main(["validate", "--root", str(root)]) == 1
    assert main(["pages", "--root", str(root)]) != 0
    assert ".tsuzuri-cache" in capsys.readouterr().err
    published = [p.read_text(encoding="utf-8", errors="replace") for p in (root / "docs/tracker").rglob("*.md")]
    assert published and not any("planted" in text for text in published)
