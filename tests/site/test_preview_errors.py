"""Under `mkdocs serve` a tracker with errors still previews, with the errors on every page;
`mkdocs build` still fails on them."""

from __future__ import annotations

import shutil

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import FIXTURES

BROKEN = "---\ntitle: 壊れた課題\ntype: task\nstatus: open\nassignee: nobody\n---\n"


@pytest.fixture
def broken(tmp_path):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    project = sorted(p.name for p in (root / "issues").iterdir())[0]
    number = 1 + max(int(p.stem.rsplit("-", 1)[1]) for p in (root / "issues" / project).glob("*.md"))
    (root / "issues" / project / f"{project}-{number}.md").write_text(BROKEN, encoding="utf-8")
    return root, f"{project}-{number}"


def test_build_fails_on_errors(broken, tmp_path, caplog):
    root, _ = broken
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort):
        build(config)
    assert "トラッカーにエラーがあります" in caplog.text and "`nobody`" in caplog.text


def test_serve_shows_the_errors_on_every_page(broken, tmp_path):
    root, key = broken
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["tsuzuri"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        plugin.on_startup(command="build", dirty=False)  # MkDocs keeps one plugin instance per process
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    issue_list = (tmp_path / "site" / "tracker" / "issues" / "index.html").read_text(encoding="utf-8")
    for page in (home, issue_list):
        assert "tsuzuri-preview-errors" in page and "nobody" in page
    # The broken issue's page is still made (what could be read), and so are the others.
    assert (tmp_path / "site" / "tracker" / "issues" / key / "index.html").exists()
