"""An import killed half-way (SIGKILL, or SIGTERM from a cancelled CI job) leaves all of it or none.

These tests start a real ``tsuzuri import sheet --apply`` of thousands of issues in a
subprocess on a tracker that is a real Git repository, stop it while it moves files into
place, and check what the next tsuzuri command finds and says.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tsuzuri.store.transaction import JOURNAL, PREFIX, Transaction, leftovers

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "trackers" / "minimal"
ROWS = 3000


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.go.jp", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.go.jp", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "tracker"
    shutil.copytree(MINIMAL, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    return root


@pytest.fixture
def sheet(tmp_path) -> Path:
    path = tmp_path / "sheet.csv"
    lines = ["件名,詳細,期限日"] + [f"移行課題 {n},詳細 {n},2026/12/{n % 28 + 1:02d}" for n in range(1, ROWS + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tsuzuri(*args: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "TSUZURI_LANG": "en", "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "tsuzuri", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def run(*args: str) -> subprocess.CompletedProcess:
    process = tsuzuri(*args)
    out, err = process.communicate(timeout=600)
    return subprocess.CompletedProcess(args, process.returncode, out, err)


def _state(root: Path) -> str:
    for name in leftovers(root):
        try:
            return __import__("json").loads((root / name / JOURNAL).read_text(encoding="utf-8"))["state"]
        except (OSError, ValueError, KeyError):
            return "starting"
    return ""


def _issues(root: Path) -> int:
    return sum(1 for _ in os.scandir(root / "issues" / "MIRA"))


def _stop_while_moving(repo: Path, sheet: Path, sig: int) -> tuple[subprocess.Popen, int]:
    """Start the import and send ``sig`` once some, and not yet all, of its issues are in place."""
    before = _issues(repo)
    process = tsuzuri("import", "sheet", str(sheet), "--project", "MIRA", "--root", str(repo), "--apply")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if _state(repo) == "applying" and _issues(repo) > before:
            break
        time.sleep(0.0005)
    assert process.poll() is None, process.communicate()
    landed = _issues(repo) - before
    process.send_signal(sig)
    process.wait(timeout=120)
    return process, landed


def test_sigkill_while_files_move_into_place_is_rolled_back_by_the_next_command(repo, sheet):
    before = sorted(os.listdir(repo / "issues" / "MIRA"))
    process, landed = _stop_while_moving(repo, sheet, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert landed > 0  # the kill really came after files had landed in the tracker
    assert leftovers(repo)  # and it left its staging folder and journal behind
    result = run("validate", str(repo))
    assert "rolled back" in result.stderr and "none of its" in result.stderr, result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(os.listdir(repo / "issues" / "MIRA")) == before
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    again = run("validate", str(repo))
    assert again.returncode == 0 and "rolled back" not in again.stderr


def test_sigterm_rolls_back_at_once_and_leaves_nothing_to_recover(repo, sheet):
    before = sorted(os.listdir(repo / "issues" / "MIRA"))
    process, landed = _stop_while_moving(repo, sheet, signal.SIGTERM)
    err = process.stderr.read()
    assert process.returncode == 143, err
    assert "stopped" in err and "Traceback" not in err
    assert landed > 0
    assert leftovers(repo) == []
    assert sorted(os.listdir(repo / "issues" / "MIRA")) == before
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    result = run("validate", str(repo))
    assert result.returncode == 0 and "rolled back" not in result.stderr


def test_sigkill_while_staging_leaves_the_tracker_untouched(repo, sheet):
    process = tsuzuri("import", "sheet", str(sheet), "--project", "MIRA", "--root", str(repo), "--apply")
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None and _state(repo) != "staging":
        time.sleep(0.001)
    process.kill()
    process.wait(timeout=60)
    result = run("list", "--root", str(repo))
    assert "rolled back" in result.stderr, result.stderr
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_an_import_killed_after_it_was_committed_is_completed(repo):
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from tsuzuri.store.transaction import Transaction
        tx = Transaction(Path({str(repo)!r}), "import")
        tx.stage("issues/MIRA/MIRA-900.md", "---\\ntitle: 完了済み\\ntype: task\\nstatus: open\\n---\\n".encode())
        tx.apply()
        tx.commit()
        os._exit(0)  # killed before it cleaned up
    """)
    subprocess.run([sys.executable, "-c", script], check=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert leftovers(repo)
    result = run("validate", str(repo))
    assert "complete" in result.stderr and result.returncode == 0, result.stderr
    assert (repo / "issues/MIRA/MIRA-900.md").is_file() and leftovers(repo) == []


def test_validate_reports_a_staging_folder_it_cannot_recover(repo):
    with Transaction(repo, "import") as tx:  # a live transaction: its lock is held
        tx.stage("issues/MIRA/MIRA-901.md", b"---\ntitle: x\ntype: task\nstatus: open\n---\n")
        result = run("validate", str(repo))
        assert result.returncode == 1
        assert PREFIX in result.stdout and "leftover-staging" in result.stdout, result.stdout
        assert "another tsuzuri command" in result.stderr
    assert leftovers(repo) == []
    assert not (repo / "issues/MIRA/MIRA-901.md").exists()
