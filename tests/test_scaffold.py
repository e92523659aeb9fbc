"""A new tracker's .gitignore keeps OS and editor litter and dry-run mail out of commits."""

import subprocess

from tsuzuri.scaffold import init


def test_gitignore_keeps_litter_out_of_git(tmp_path):
    root = tmp_path / "t"
    init(root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    litter = ["issues/PRJ/Thumbs.db", "issues/PRJ/~$book.xlsx", "issues/PRJ/PRJ-1.md~", "issues/PRJ/.PRJ-1.md.swp", "notify-out/0001-PRJ-1.eml"]
    result = subprocess.run(["git", "-C", str(root), "check-ignore", "--no-index", *litter, "issues/PRJ/PRJ-1.md"], capture_output=True, text=True)
    assert result.stdout.split() == litter
