"""Validation reads national holidays from the tracker's cache folder, unless that folder came with a commit."""

from __future__ import annotations

import json
import subprocess
from importlib import metadata

from tsuzuri.authoring.scaffold import init
from tsuzuri.store.holiday_cache import FOLDER, FORMAT
from tsuzuri.validate import validate

ENV = {"GIT_AUTHOR_NAME": "yamada", "GIT_AUTHOR_EMAIL": "yamada@example.go.jp", "GIT_COMMITTER_NAME": "yamada",
       "GIT_COMMITTER_EMAIL": "yamada@example.go.jp", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}
# 2026-05-06 is a substitute holiday; 2026-06-03 is an ordinary Wednesday.
WBS = """\
start: 2026-05-01
items:
  - {id: "1", title: 連休明け, start: 2026-05-06, end: 2026-05-08}
  - {id: "2", title: 六月, start: 2026-06-03, end: 2026-06-05}
"""


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, env={**ENV, "HOME": str(root)}, capture_output=True, check=True)


def _tracker(tmp_path):
    root = tmp_path / "t"
    init(root)
    (root / "wbs" / "PRJ.yml").write_text(WBS, encoding="utf-8")
    (root / FOLDER.parent).mkdir()  # as a build leaves it
    return root


def _holiday_findings(root):
    return [(f.line, f.code) for f in validate(root)[1] if f.code == "wbs-non-working-day"]


def _kept(root):
    return root / FOLDER / f"jpholiday-{metadata.version('jpholiday')}-{FORMAT}.json"


def test_the_findings_are_the_same_with_the_holidays_worked_out_or_kept(tmp_path):
    root = _tracker(tmp_path)
    worked_out = validate(root)[1]
    assert json.loads(_kept(root).read_text())["JP"]["2026"][:2] == ["2026-01-01", "2026-01-12"]
    assert validate(root)[1] == worked_out
    assert [(f.line, f.code) for f in worked_out if f.code == "wbs-non-working-day"] == [(3, "wbs-non-working-day")]


def test_a_tracker_that_was_never_built_gets_no_cache_folder(tmp_path):
    root = tmp_path / "t"
    init(root)
    (root / "wbs" / "PRJ.yml").write_text(WBS, encoding="utf-8")
    assert _holiday_findings(root) == [(3, "wbs-non-working-day")]
    assert not (root / FOLDER.parent).exists()


def test_kept_holidays_are_read_from_an_ignored_folder_and_never_from_a_committed_one(tmp_path):
    root = _tracker(tmp_path)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Start")
    _holiday_findings(root)
    # Someone moves a holiday in the kept file: a file the build made itself is trusted, as the page cache is.
    _kept(root).write_text(json.dumps({"JP": {"2026": ["2026-06-03"]}}), encoding="utf-8")
    assert _holiday_findings(root) == [(4, "wbs-non-working-day")]
    # The same file forced into a commit: an error, and the days are worked out again.
    _git(root, "add", "-f", _kept(root).relative_to(root).as_posix())
    _git(root, "commit", "-q", "-m", "Holidays")
    findings = validate(root)[1]
    assert "cache-committed" in {f.code for f in findings}
    assert [(f.line, f.code) for f in findings if f.code == "wbs-non-working-day"] == [(3, "wbs-non-working-day")]
