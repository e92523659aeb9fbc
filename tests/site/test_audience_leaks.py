"""The leak test: no audience's demo site holds anything of an item that audience may not see.

Every audience of the demo is built with `tsuzuri audiences build`. For each, the words of
every item it may not see (titles, fragments of bodies and comments, minutes, WBS titles,
attachment names and contents, the names and contents of other projects' shared files) are
looked for in every file of its site, as text: HTML
unescaped, JSON (the search index, issues.json) decoded, CSV, iCalendar, Atom, JavaScript.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tsuzuri.audiences import audiences_of, tracker_for
from tsuzuri.model import Tracker
from tsuzuri.store import load

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_SPLIT = re.compile(r"[。、,.:;!?()()「」『』【】\[\]\s*#>|`-]+")


@pytest.fixture(scope="module")
def audience_sites(demo_repo, tmp_path_factory):
    site = tmp_path_factory.mktemp("audiences")
    env = {k: v for k, v in os.environ.items() if k not in ("TSUZURI_AUDIENCE", "TSUZURI_HISTORY")}
    env["SOURCE_DATE_EPOCH"] = "1795683600"
    done = subprocess.run([
        sys.executable, "-m", "tsuzuri", "audiences", "build", "--root", str(demo_repo), "-f", str(demo_repo / "mkdocs.yml"), "-d",
        str(site)
    ], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return demo_repo, site


def _texts(tracker: Tracker, root: Path) -> list[str]:
    """Every piece of text people wrote in the tracker, item by item."""
    out = []
    for issue in tracker.issues.values():
        out += [issue.title, issue.body, *(c.body for c in issue.comments), *(a.name for a in issue.attachments)]
        out += [(root / a.path).read_text(encoding="utf-8", errors="ignore") for a in issue.attachments]
    for minutes in tracker.minutes:
        out += [minutes.title, minutes.body]
    for plan in tracker.wbs.values():
        out += [item.title for item in plan.walk()]
    for shared in tracker.shared:
        out += [shared.name, (root / shared.path).read_text(encoding="utf-8", errors="ignore")]
    return out


def _fragments(texts: list[str]) -> set[str]:
    """Split texts into phrases of five or more characters that hold Japanese (ASCII words are file names, markup)."""
    return {part for text in texts for part in _SPLIT.split(text) if len(part) >= 5 and _JAPANESE.search(part)}


def _common_words() -> str:
    """The words every site may hold whatever its audience: the docs, the site's own words, the tracker's settings."""
    from tsuzuri.messages import CATALOG

    docs = [(REPO / "docs" / p).read_text(encoding="utf-8") for p in os.listdir(REPO / "docs") if p.endswith(".md")]
    return "\n".join([*docs, *CATALOG["ja"].values(), (REPO / "tsuzuri.yml").read_text(encoding="utf-8")])


def _site_text(site: Path) -> str:
    parts = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".woff", ".woff2", ".ico", ".gz"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        parts.append(html.unescape(text))
    return "\n".join(parts)


def test_every_audience_of_the_demo_has_a_site(audience_sites):
    root, site = audience_sites
    config = load(root).tracker.config
    assert {p.name for p in site.iterdir() if p.is_dir()} == {a.id for a in audiences_of(config)}
    assert len(audiences_of(config)) == len(config.organizations)


def test_no_site_holds_a_word_of_what_its_audience_may_not_see(audience_sites):
    root, site = audience_sites
    tracker = load(root).tracker
    everyone = _common_words()
    checked = {}
    for audience in audiences_of(tracker.config):
        view = tracker_for(tracker, audience)
        # A phrase of a hidden item that is also part of what the audience may see proves nothing.
        seen = "\n".join(_texts(view, root)) + everyone
        hidden = Tracker(tracker.config,
                         {k: i for k, i in tracker.issues.items() if k not in view.issues},
                         tuple(m for m in tracker.minutes if m.path not in {v.path for v in view.minutes}), {},
                         tuple(f for f in tracker.shared if f not in view.shared))
        unseen_texts = _texts(hidden, root)
        # Hidden comments and attachments of issues the audience does see, and hidden WBS items.
        for key, issue in view.issues.items():
            full = tracker.issues[key]
            unseen_texts += [c.body for c in full.comments if c not in issue.comments]
            for a in full.attachments:
                if a not in issue.attachments:
                    unseen_texts += [a.name, (root / a.path).read_text(encoding="utf-8", errors="ignore")]
        for key, plan in tracker.wbs.items():
            shown = {item.id: item.title for item in view.wbs[key].walk()} if key in view.wbs else {}
            unseen_texts += [item.title for item in plan.walk() if shown.get(item.id) != item.title]
        secret = {f for f in _fragments(unseen_texts) if f not in seen}
        text = _site_text(site / audience.id)
        leaked = sorted(f for f in secret if f in text)
        assert leaked == [], (audience.id, leaked[:10])
        checked[audience.id] = len(secret)
    assert checked["office"] == 0  # the office sees everything
    assert all(checked[a] > 20 for a in checked if a != "office"), checked  # and every other audience misses something


def test_a_vendor_site_holds_its_projects_shared_files_and_none_of_the_others(audience_sites):
    root, site = audience_sites
    tracker = load(root).tracker
    assert {f.project for f in tracker.shared} == {p.key for p in tracker.config.projects}  # the demo shares files in every project
    for audience in audiences_of(tracker.config):
        folder = site / audience.id
        text = _site_text(folder)
        files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        for shared in tracker.shared:
            published = f"tracker/{shared.path}"
            stem = shared.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            content = (root / shared.path).read_bytes()
            if audience.sees_project(shared.project):
                assert files.get(published) == content, (audience.id, published)
                assert stem in text
            else:
                assert published not in files, (audience.id, published)
                assert stem not in text, (audience.id, stem)
                assert not any(content in data for data in files.values()), (audience.id, shared.path)
