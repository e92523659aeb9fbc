"""The one Git module: GitPython runs git, and a machine where git cannot run gets a message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

from tracker_fixture import make_repo
from tsuzuri.store import gitrepo


def test_blobs_and_the_user_email_come_through_the_git_module(tmp_path, monkeypatch):
    root = make_repo(tmp_path / "tracker")
    commits = gitrepo.log(root, "HEAD")
    sha = next(c.new for _, changes in commits for c in changes if c.path == "issues/HOJO/HOJO-1.md")
    blobs = gitrepo.read_blobs(root, [sha, "0" * 39 + "1", sha])
    assert list(blobs) == [sha] and "申請フォームの入力チェック".encode() in blobs[sha]  # an id git lacks is left out
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    assert gitrepo.user_email(root) == ""
    subprocess.run(["git", "config", "user.email", "sato@example.go.jp"], cwd=root, check=True)
    assert gitrepo.user_email(root) == "sato@example.go.jp"


def test_without_a_git_program_a_command_says_git_cannot_run(tmp_path):
    root = make_repo(tmp_path / "tracker")
    env = {**os.environ, "GIT_PYTHON_GIT_EXECUTABLE": str(tmp_path / "no-such-git"), "TSUZURI_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "tsuzuri", "diff", "HEAD", "--root", str(root)], env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr  # the machine's state, as for any Git problem; never 3, a bug
    assert "cannot run git" in done.stderr and "Traceback" not in done.stderr
