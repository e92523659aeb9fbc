"""Where the tracker's files are edited on a forge: URLs read from MkDocs' settings and tsuzuri.yml."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from tsuzuri.site.forge import Forge, resolve

from .conftest import FIXTURES, mkdocs_build


def test_mkdocs_settings_give_the_issue_file_in_githubs_editor():
    forge = resolve({}, "https://github.com/o/r", "edit/main/docs/", "docs")
    assert forge == Forge("github", "https://github.com/o/r", "main", "")
    assert forge.edit_url("issues/MIRA/MIRA-12.md") == "https://github.com/o/r/edit/main/issues/MIRA/MIRA-12.md"


@pytest.mark.parametrize(
    ("settings", "repo_url", "edit_uri", "expected"),
    [
        (
            {}, "https://gitlab.example.go.jp/pmo/tracker", "-/edit/develop/docs/",
            Forge("gitlab", "https://gitlab.example.go.jp/pmo/tracker", "develop", "")
        ),
        ({}, "https://codeberg.org/o/r", "_edit/main/docs/", Forge("forgejo", "https://codeberg.org/o/r", "main", "")),
        ({"kind": "gitea"}, "https://git.office.example/o/r.git", "", Forge("gitea", "https://git.office.example/o/r", "main", "")),
        # A tracker in a folder of a larger repository: edit_uri names its docs folder.
        ({}, "https://github.com/o/r", "edit/trunk/pmo/tracker/docs/", Forge("github", "https://github.com/o/r", "trunk", "pmo/tracker/")),
        (
            {"branch": "main", "path": "tracker"}, "https://github.com/o/r", "edit/master/docs/",
            Forge("github", "https://github.com/o/r", "main", "tracker/")
        ),
        ({"url": "https://gitlab.example/o/r"}, "", "", Forge("gitlab", "https://gitlab.example/o/r", "main", "")),
    ],
)
def test_the_forge_is_read_from_both_files(settings, repo_url, edit_uri, expected):
    assert resolve(settings, repo_url, edit_uri, "docs") == expected


@pytest.mark.parametrize("url", ["", "javascript:alert(1)", "file:///etc/passwd", "ftp://host/r"])
def test_no_forge_without_a_web_address(url):
    assert resolve({"kind": "github"}, url) is None


def test_new_file_urls_of_each_kind_carry_path_and_content():
    content = "---\ntitle: \"a&b=c #d\"\n---\n本文\n"
    gh = urlsplit(Forge("github", "https://github.com/o/r", "main").new_file_url("issues/HOJO/HOJO-4.md", content))
    assert gh.path == "/o/r/new/main"
    assert parse_qs(gh.query) == {"filename": ["issues/HOJO/HOJO-4.md"], "value": [content]}
    gitea = urlsplit(Forge("gitea", "https://git.example/o/r", "main", "t/").new_file_url("issues/HOJO/HOJO-4.md", content))
    assert gitea.path == "/o/r/_new/main/t/issues/HOJO"
    assert parse_qs(gitea.query) == {"filename": ["HOJO-4.md"], "value": [content]}
    gitlab = urlsplit(Forge("gitlab", "https://gitlab.example/o/r", "main").new_file_url("issues/HOJO/HOJO-4.md", content))
    assert gitlab.path == "/o/r/-/new/main/issues/HOJO"
    assert parse_qs(gitlab.query) == {"file_name": ["HOJO-4.md"]}  # GitLab takes no content from the URL


def test_every_generated_page_of_a_file_links_its_editor(tmp_path):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("repo_url: https://github.com/o/r\nedit_uri: edit/main/docs/\n")
    site = mkdocs_build(root, tmp_path / "site")
    issue = (site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/issues/HOJO/HOJO-1.md"' in issue
    assert 'href="#tsuzuri-comment"' in issue and 'id="tsuzuri-comment"' in issue
    minutes = (site / "tracker/minutes/2026/2026-11-20-weekly/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/minutes/2026/2026-11-20-weekly.md"' in minutes
    gantt = (site / "tracker/gantt/HOJO/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/o/r/edit/main/wbs/HOJO.yml"' in gantt
    issues = (site / "tracker/issues/index.html").read_text(encoding="utf-8")
    assert 'href="../new/HOJO/"' in issues and 'href="../new/KIBAN/"' in issues
    board = (site / "tracker/boards/HOJO/index.html").read_text(encoding="utf-8")
    assert 'href="../../new/HOJO/"' in board
    # Material's header would ask api.github.com for stars and forks: the link stays, the fetch goes.
    for page in (issue, issues, board):
        assert 'class="md-source"' in page and 'data-md-component="source"' not in page


def test_without_a_forge_pages_offer_no_edit_link(small_site):
    issue = (small_site / "tracker/issues/HOJO-1/index.html").read_text(encoding="utf-8")
    assert "tsuzuri-edit\"" not in issue and "/edit/" not in issue
    # The comment form still composes the file, to be saved by hand.
    assert 'id="tsuzuri-comment"' in issue
