"""Lines keep to 140 characters and functions to a complexity of 10, with no file exempt (docs/architecture.md)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUFF = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]


def test_line_length_and_complexity_are_checked_everywhere():
    lint = RUFF["lint"]
    assert RUFF["line-length"] == 140
    assert {"E501", "C901"} <= set(lint["select"])
    assert lint["mccabe"]["max-complexity"] == 10
    exempt = {path: codes for path, codes in lint.get("per-file-ignores", {}).items() if {"E501", "C901"} & set(codes)}
    assert exempt == {}


def test_the_configuration_refuses_a_long_line_and_a_tangled_function(tmp_path):
    branches = "".join(f"    if x == {n}:\n        return {n}\n" for n in range(11))
    source = tmp_path / "sample.py"
    source.write_text(f'LONG = "{"x" * 140}"\n\n\ndef tangled(x):\n{branches}    return -1\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(REPO / "pyproject.toml"), "--output-format", "concise", str(source)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert "E501" in done.stdout and "C901 `tangled` is too complex (12 > 10)" in done.stdout
