"""On the demo tracker the site's issues.json and issues.csv are what `tsuzuri export` writes, in the documented shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tsuzuri.adapters.cli.main import main
from tsuzuri.site.builder import build_files
from tsuzuri.site.prepare import prepare

from .conftest import DEMO_DAY

SCHEMA = Path(__file__).resolve().parents[2] / "docs/schema/issues.schema.json"


def export(root: Path, fmt: str, out: Path) -> bytes:
    assert main(["export", "--format", fmt, "--out", str(out), "--root", str(root), "--today", DEMO_DAY.isoformat()]) == 0
    return out.read_bytes()


def check(data: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(data)
    ]
    assert errors == []
    issues = data["issues"]
    assert len(issues) > 100 and all(i["created"] and i["updated"] for i in issues)  # every demo issue is dated from Git
    assert any(i["milestone"] and i["milestone_name"] != i["milestone"] for i in issues)  # names beside ids


def test_the_sites_data_files_are_what_tsuzuri_export_writes(demo_repo, tmp_path):
    prepared = prepare(demo_repo, demo_repo, True, lambda zone: DEMO_DAY)
    ctx = prepared.context()
    files = {f.path: f.content for f in build_files(ctx.tracker, ctx.today, ctx.history)}
    as_json = export(demo_repo, "json", tmp_path / "issues.json")
    assert files["issues.json"] == as_json
    assert files["issues.csv"] == export(demo_repo, "csv", tmp_path / "issues.csv")
    check(json.loads(as_json))


@pytest.mark.slow
def test_the_built_demo_site_publishes_what_tsuzuri_export_writes(demo_repo, demo_site, tmp_path):
    published = demo_site / "tracker"
    assert (published / "issues.json").read_bytes() == export(demo_repo, "json", tmp_path / "issues.json")
    assert (published / "issues.csv").read_bytes() == export(demo_repo, "csv", tmp_path / "issues.csv")
    check(json.loads((published / "issues.json").read_bytes()))
