"""The install recipes of docs/install.md, run as written against a copy of this repository.

They install tsuzuri and its dependencies from the package index into throwaway
environments, so they take a minute or two each.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = (REPO / "docs/install.md").read_text(encoding="utf-8")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "PIP_"))}
    env.update(HOME=str(tmp_path / "home"), GIT_CONFIG_NOSYSTEM="1", **extra)
    env.update(
        GIT_AUTHOR_NAME="yamada", GIT_AUTHOR_EMAIL="yamada@example.go.jp", GIT_COMMITTER_NAME="yamada",
        GIT_COMMITTER_EMAIL="yamada@example.go.jp"
    )
    (tmp_path / "home").mkdir(exist_ok=True)
    return env


def _run(args, cwd, env, check=True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check and done.returncode != 0:
        pytest.fail(f"{args} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def _snapshot(tmp_path: Path) -> tuple[Path, str]:
    """Return a Git copy of this repository as it is now (work tree included) and its commit."""
    copy = tmp_path / "tsuzuri"
    top = {".git", ".venv", "site", "build", ".tsuzuri-cache", "notify-out"}  # made here, not part of the repository
    anywhere = shutil.ignore_patterns("node_modules", "*.egg-info", "__pycache__")

    def ignore(folder, names):
        return (top & set(names) if Path(folder) == REPO else set()) | anywhere(folder, names)

    shutil.copytree(REPO, copy, ignore=ignore, symlinks=True)
    env = _env(tmp_path)
    _run(["git", "init", "-q", "-b", "main"], copy, env)
    _run(["git", "add", "-A"], copy, env)
    _run(["git", "commit", "-q", "-m", "tsuzuri as tested"], copy, env)
    return copy, _run(["git", "rev-parse", "HEAD"], copy, env).stdout.strip()


@pytest.mark.slow
def test_pipx_with_its_dependencies_commands_gives_tsuzuri_and_a_mkdocs_that_builds(tmp_path):
    assert "pipx install --include-deps" in DOC
    source, _ = _snapshot(tmp_path)
    bin_dir = tmp_path / "bin"
    env = _env(tmp_path, PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(bin_dir), PIPX_MAN_DIR=str(tmp_path / "man"))
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    _run([sys.executable, "-m", "pipx", "install", "--include-deps", source], tmp_path, env)
    assert (bin_dir / "tsuzuri").exists() and (bin_dir / "mkdocs").exists()
    _run([bin_dir / "tsuzuri", "init", "my-tracker"], tmp_path, env)
    tracker = tmp_path / "my-tracker"
    _run(["git", "init", "-q"], tracker, env)
    _run([bin_dir / "mkdocs", "build", "--strict"], tracker, env)
    assert (tracker / "site/index.html").is_file()
    assert any((tracker / "site/tracker").rglob("index.html"))


@pytest.mark.slow
def test_pre_commit_runs_the_validator_and_refuses_a_bad_issue(tmp_path):
    assert "id: tsuzuri-validate" in DOC
    source, commit = _snapshot(tmp_path)
    env = _env(tmp_path, PRE_COMMIT_HOME=str(tmp_path / "pre-commit"))
    tracker = tmp_path / "t"
    from tsuzuri.authoring.scaffold import init

    init(tracker)
    (tracker / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {commit}\n    hooks:\n      - id: tsuzuri-validate\n", encoding="utf-8")
    _run(["git", "init", "-q", "-b", "main"], tracker, env)
    _run(["git", "add", "-A"], tracker, env)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    _run([*pre_commit, "run", "--all-files"], tracker, env)
    bad = tracker / "issues/DEMO/DEMO-99.md"
    projects = [p.name for p in (tracker / "issues").iterdir() if p.is_dir()]
    if projects:
        bad = tracker / "issues" / projects[0] / f"{projects[0]}-99.md"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("---\ntitle: 期限の書き間違い\nstatus: open\ndue: 2026-13-40\n---\n", encoding="utf-8")
    _run(["git", "add", "-A"], tracker, env)
    refused = _run([*pre_commit, "run", "--all-files"], tracker, env, check=False)
    assert refused.returncode == 1
    # The finding names the file, the line of `due:` and the rule, as `tsuzuri validate` does.
    assert f"{bad.relative_to(tracker).as_posix()}:4:6: error[date]" in refused.stdout
