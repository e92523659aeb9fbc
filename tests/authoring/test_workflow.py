"""The tracker workflow `tsuzuri init` writes installs tsuzuri only from where TSUZURI_PACKAGE says, and passes actionlint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tsuzuri.authoring.scaffold import init


def _install_steps(root):
    workflow = yaml.safe_load((root / ".github/workflows/tracker.yml").read_text(encoding="utf-8"))
    steps = [(name, step) for name, job in workflow["jobs"].items() for step in job["steps"] if "pip install" in step.get("run", "")]
    return workflow, steps


def test_there_is_no_default_package_source(tmp_path):
    init(tmp_path / "t")
    workflow, steps = _install_steps(tmp_path / "t")
    assert workflow["env"]["TSUZURI_PACKAGE"] == "${{ vars.TSUZURI_PACKAGE }}"
    assert {job for job, _ in steps} == {"check", "publish", "audiences", "site", "digest"}
    text = (tmp_path / "t/.github/workflows/tracker.yml").read_text(encoding="utf-8")
    assert "|| 'tsuzuri'" not in text and '|| "tsuzuri"' not in text


def test_without_tsuzuri_package_every_install_step_stops_and_says_what_to_set(tmp_path):
    init(tmp_path / "t")
    _, steps = _install_steps(tmp_path / "t")
    # a `python` that would show it was run: the step must stop before it
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "pip-ran"
    (bin_dir / "python").write_text(f"#!/bin/sh\ntouch {marker}\n", encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    for job, step in steps:
        env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "TSUZURI_PACKAGE": ""}
        result = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True)
        assert result.returncode == 1, job
        assert "::error" in result.stdout and "Set the repository variable TSUZURI_PACKAGE" in result.stdout, job
        assert not marker.exists(), job
        env["TSUZURI_PACKAGE"] = "tsuzuri @ git+https://git.example.invalid/tsuzuri.git@v0.1.0"
        assert subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True).returncode == 0, job
        assert marker.exists(), job  # with the variable set, the step goes on to install
        marker.unlink()


ACTIONLINT = Path(sys.executable).with_name("actionlint")  # from the test extras (pyproject.toml)


def _actionlint(repository: Path) -> subprocess.CompletedProcess:
    assert ACTIONLINT.is_file(), "actionlint is missing: install the test extras (pip install -e '.[test]')"
    assert shutil.which("shellcheck"), "shellcheck is missing: actionlint would not check the run: scripts (apt-get install shellcheck)"
    return subprocess.run([str(ACTIONLINT), "-oneline", "-no-color"], cwd=repository, capture_output=True, text=True)


def test_the_workflow_init_writes_passes_actionlint(tmp_path):
    init(tmp_path / "t")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "t", check=True)  # actionlint finds .github/ from the repository's top
    done = _actionlint(tmp_path / "t")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_finds_what_is_wrong_in_a_workflow(tmp_path):
    init(tmp_path / "t")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "t", check=True)
    path = tmp_path / "t/.github/workflows/tracker.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("actions/cache@v5", "actions/cache@v4", 1).replace("${{ vars.TSUZURI_PACKAGE }}", "${{ var.TSUZURI_PACKAGE }}")
    path.write_text(text, encoding="utf-8")
    done = _actionlint(tmp_path / "t")
    assert done.returncode == 1 and 'update the version of action "actions/cache@v4"' in done.stdout and "undefined variable" in done.stdout
