"""A tracker made by `tsuzuri init` in an empty folder, its README's steps followed as written, builds a finished site."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tsuzuri.site import output
from tsuzuri.site.builder import NAV_PAGES
from tsuzuri.site.links import Layout

TSUZURI = [sys.executable, "-m", "tsuzuri"]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def clean_env(home: Path) -> dict[str, str]:
    """An environment with no Git identity or settings of the machine's user: only what the steps set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SOURCE_DATE_EPOCH", "TSUZURI_"))}
    bin_dir = str(Path(sys.executable).parent)
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", PATH=bin_dir + os.pathsep + env.get("PATH", ""), NO_MKDOCS_2_WARNING="1")
    return env


def readme_steps(readme: str) -> list[str]:
    block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    return [line for line in block.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A tracker made by `tsuzuri init`, then the README's steps run one by one in a shell (all but `mkdocs serve`)."""
    base = tmp_path_factory.mktemp("fresh")
    home = base / "home"
    home.mkdir()
    env = clean_env(home)
    out = subprocess.run(
        [*TSUZURI, "init", "my-tracker", "--title", "見本省 補助金 課題管理"], cwd=base, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    root = base / "my-tracker"
    steps = readme_steps((root / "README.md").read_text(encoding="utf-8"))
    # What init printed is what the README says, after the `cd` into the new folder.
    printed = [line.strip() for line in out.stdout.splitlines() if line.startswith("  ")]
    assert printed == ["cd my-tracker", *steps]
    for step in steps:
        if step.startswith("mkdocs serve"):
            continue
        done = subprocess.run(["sh", "-c", step], cwd=root, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    return root, env


def test_the_readme_steps_work_from_an_empty_folder(fresh):
    root, env = fresh
    assert "git init" in (root / "README.md").read_text(encoding="utf-8")
    assert (root / "issues/PRJ/PRJ-2.md").read_text(encoding="utf-8").startswith("---\ntitle: 最初の課題\n")
    log = subprocess.run(["git", "log", "--format=%an <%ae> %s"], cwd=root, env=env, capture_output=True, text=True, check=True).stdout
    assert log.strip() == "管理者 <owner@example.go.jp> 課題管理を始める"
    assert (root / "site/tracker/issues/PRJ-2/index.html").is_file()


def test_the_site_looks_finished(fresh):
    root, _ = fresh
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert "<title>見本省 補助金 課題管理</title>" in home
    assert re.search(r'md-header__topic">\s*<span class="md-ellipsis">\s*見本省 補助金 課題管理\s*</span>', home)
    tabs = [t.strip() for t in re.findall(r'class="md-tabs__link[^"]*">\s*(.*?)\s*</a>', home, re.S)]
    assert tabs == [
        "ダッシュボード", "自分のページ", "課題一覧", "ボード", "問い合わせ管理", "議事録", "共有ファイル", "マイルストーン", "ガント",
        "担当者", "組織", "最近の更新"
    ]
    footer = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', home, re.S).group(1)
    assert "Made with" not in footer and "で作成" in footer and "Material for MkDocs" in footer
    # Every script the pages load ships with the site: plotly and its locale included, when the pages use them.
    for src in re.findall(r'<script src="([^"]+)"', home):
        assert not src.startswith(("http:", "https:", "//")), src


def test_the_header_follows_the_title_in_tsuzuri_yml(fresh, tmp_path):
    root, env = fresh
    copy = tmp_path / "t"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".tsuzuri-cache"))
    config = copy / "tsuzuri.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: 見本省 補助金 課題管理", "title: 新しい名前"), encoding="utf-8")
    # Material's own footer options still apply: a copyright line, and no "made with" at all.
    with (copy / "mkdocs.yml").open("a", encoding="utf-8") as f:
        f.write("copyright: © 見本省\nextra:\n  generator: false\n")
    subprocess.run([str(MKDOCS), "build", "--strict", "--quiet"], cwd=copy, env=env, check=True, capture_output=True)
    home = (copy / "site/index.html").read_text(encoding="utf-8")
    assert "<title>新しい名前</title>" in home and "見本省 補助金 課題管理" not in home
    assert re.search(r'md-header__topic">\s*<span class="md-ellipsis">\s*新しい名前\s*</span>', home)
    footer = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', home, re.S).group(1)
    assert "© 見本省" in footer and "で作成" not in footer and "Made with" not in footer


def test_init_lists_every_asset_the_pages_load(fresh):
    # For builders that run no plugin (Zensical), mkdocs.yml names the scripts and styles itself: a
    # script the site adds (a chart's locale, say) must be named there too, or those builds lack it.
    root, _ = fresh
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra_css"] == output.extra_css(Layout())
    assert config["extra_javascript"] == output.extra_javascript(Layout())
    # Every list page the site makes, in the order the site lists them.
    assert [next(iter(item.values())) for item in config["nav"]] == ["index.md", *(f"tracker/{p}" for p in NAV_PAGES[1:])]


def test_an_english_tracker_says_it_in_english(tmp_path):
    env = clean_env(tmp_path)
    out = subprocess.run([*TSUZURI, "init", "t", "--language", "en"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert "next steps" in out.stdout and "git init" in out.stdout
    readme = (tmp_path / "t/README.md").read_text(encoding="utf-8")
    assert "## Getting started" in readme and "git init" in readme
    assert (tmp_path / "t/docs/index.md").read_text(encoding="utf-8").startswith("# Dashboard\n")
