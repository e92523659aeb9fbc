"""Member pages list what a member raised and follows besides their own work."""

from __future__ import annotations

import re
import shutil
from datetime import date

from tsuzuri.site import build_pages
from tsuzuri.store import load

from .conftest import FIXTURES


def test_member_page_lists_reported_and_watched_open_issues(tmp_path):
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    path = root / "issues/HOJO/HOJO-2.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("assignee: tanaka\n", "assignee: tanaka\nwatchers: [yamada]\n", 1), encoding="utf-8"
    )
    tracker = load(root).tracker
    pages = {p.path: p.html for p in build_pages(tracker, date(2026, 11, 25))}

    def section_keys(html: str, title: str) -> list[str]:
        part = html.split(f">{title}</h2>", 1)
        return re.findall(r'class="tsuzuri-key" href="[^"]*">([A-Z]+-\d+)<', part[1].split("<h2", 1)[0]) if len(part) > 1 else []

    assert section_keys(pages["members/yamada.md"], "ウォッチしている課題") == ["HOJO-2"]
    reported = {i.key for i in tracker.issues.values() if i.reporter == "suzuki" and not i.is_done(tracker.config)}
    assert set(section_keys(pages["members/suzuki.md"], "登録した課題")) == reported != set()
    assert "ウォッチしている課題" not in pages["members/suzuki.md"]  # no empty section
