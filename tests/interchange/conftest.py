"""A small tracker on disk for the import and export tests."""

from __future__ import annotations

from pathlib import Path

import pytest

CONFIG = """\
language: ja
timezone: Asia/Tokyo
organizations:
  - {id: office, name: 見本省 デジタル推進室, role: office}
  - {id: vendor-a, name: A社, role: vendor}
members:
  - {id: yamada, name: 山田 太郎, org: office, email: yamada@example.go.jp}
  - {id: tanaka, name: 田中 一郎, org: vendor-a, email: tanaka@vendor-a.example}
  - {id: sato, name: 佐藤 花子, org: office, email: sato@example.go.jp, aliases: [hsato]}
projects:
  - {key: MIRA, name: 中小企業向け情報発信サイト構築, organizations: [office, vendor-a]}
statuses:
  - {id: open, label: 未対応}
  - {id: in_progress, label: 処理中}
  - {id: resolved, label: 処理済み}
  - {id: closed, label: 完了, done: true}
types: [{id: task, label: タスク}, {id: bug, label: バグ}, {id: request, label: 要望}, {id: inquiry, label: 問い合わせ},
  {id: other, label: その他}]
priorities: [{id: high, label: 高}, {id: normal, label: 中}, {id: low, label: 低}]
milestones: [{id: v1.0, project: MIRA, name: 初回リリース, date: 2026-12-25}]
categories:
  - {id: form, project: MIRA, label: 申請フォーム}
  - {id: design, project: MIRA, label: デザイン}
custom_fields:
  - {id: cost_center, project: MIRA, type: text, label: 費用区分}
  - {id: pages, project: MIRA, type: number, label: ページ数}
"""


def make_tracker(root: Path) -> Path:
    """Create an empty tracker with the test configuration."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "tsuzuri.yml").write_text(CONFIG, encoding="utf-8")
    (root / "issues" / "MIRA").mkdir(parents=True)
    return root


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    return make_tracker(tmp_path / "tracker")


@pytest.fixture
def new_tracker():
    """Return the function that makes an empty tracker with the test configuration."""
    return make_tracker


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Pin the commands' words to English, which these tests read; test_io_language unsets it."""
    monkeypatch.setenv("TSUZURI_LANG", "en")
