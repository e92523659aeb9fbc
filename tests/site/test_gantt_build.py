"""Whole-site builds with a WBS baseline: drawn from the checkout that has the tag, noted otherwise."""

from __future__ import annotations

import shutil

import pytest

from .conftest import FIXTURES, mkdocs_build
from .test_gantt_pages import tracker_with_baseline

pytestmark = pytest.mark.slow


def test_baseline_comes_from_the_history_checkout(tmp_path):
    # The published files have no Git folder; `history:` names a checkout that has the tag.
    checkout = tracker_with_baseline(tmp_path / "git")
    files = tmp_path / "files"
    shutil.copytree(checkout, files, ignore=shutil.ignore_patterns(".git"))
    config = files / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('today: "2026-11-25"', f'today: "2026-11-25"\n      history: {checkout}'),
        encoding="utf-8"
    )
    site = mkdocs_build(files, tmp_path / "site")
    html = (site / "tracker/gantt/HOJO/index.html").read_text(encoding="utf-8")
    assert '<tr data-item="1.1" class="tsuzuri-slipped">' in html
    assert (site / "tracker/schedule/HOJO.csv").is_file()
    assert 'href="../../schedule/HOJO.csv"' in html  # links work from the project page's URL


def test_a_missing_baseline_does_not_fail_a_strict_build(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(FIXTURES / "small", root)
    (root / "wbs/HOJO.yml").write_text("baseline: plan-1\n" + (root / "wbs/HOJO.yml").read_text(encoding="utf-8"), encoding="utf-8")
    site = mkdocs_build(root, tmp_path / "site")  # strict: a warning would fail it
    html = (site / "tracker/gantt/HOJO/index.html").read_text(encoding="utf-8")
    assert "ベースライン plan-1 を読めないため" in html and "tsuzuri-slip" not in html
