"""A small tracker on disk for the Git, authoring and history tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

CONFIG = """\
language: ja
timezone: Asia/Tokyo
organizations:
  - {id: office, name: 見本省, role: office}
  - {id: vendor-a, name: A社, role: vendor}
members:
  - {id: yamada, name: 山田 太郎, org: office, email: yamada@example.go.jp}
  - {id: sato, name: 佐藤 花子, org: office, email: sato@example.go.jp}
  - {id: tanaka, name: 田中 一郎, org: vendor-a, email: tanaka@vendor-a.example, aliases: [ichiro@home.example]}
  - {id: hayashi, name: 林 次郎, org: vendor-a, email: hayashi@vendor-a.example}
projects:
  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a]}
statuses:
  - {id: open, label: 未対応}
  - {id: in_progress, label: 処理中}
  - {id: resolved, label: 処理済み}
  - {id: closed, label: 完了, done: true}
types:
  - {id: task, label: タスク}
  - {id: inquiry, label: 問い合わせ}
priorities:
  - {id: high, label: 高}
  - {id: normal, label: 中}
milestones: [{id: v1.0, project: HOJO, date: 2026-12-25}]
categories: [{id: form, project: HOJO, label: 申請フォーム}]
authority:
  - {fields: [due, milestone], organizations: [office]}
"""

ISSUE_1 = """\
---
# 申請フォームの件 (a comment a person wrote)
title: 申請フォームの入力チェック
type: inquiry
status: open          # 未対応
priority: high
assignee: tanaka
reporter: yamada
due: 2026-11-30
watchers:
  - sato
---
全角数字の扱いを確認してください。
"""

ISSUE_12 = """\
---
title: 認証方式
type: task
status: open
assignee: hayashi
parent: HOJO-1
links: {relates: [HOJO-1]}
---
HOJO-1 と関連。
"""

MINUTES = """\
---
title: 第1回 定例会議
date: 2026-11-20
project: HOJO
attendees: [yamada, tanaka]
---
## 決定事項
- HOJO-1 の回答どおりとする。

## アクションアイテム
- [ ] @tanaka 入力チェック仕様を設計書に反映する 期限:2026-11-27 HOJO-1
- [ ] @hayashi 認証方式の比較資料を作る 期限:2026-11-30
- [x] @yamada 議事録を送る
"""


def make_tracker(root: Path) -> Path:
    """Write the fixture tracker under ``root`` and return it."""
    files = {
        "tsuzuri.yml": CONFIG,
        "issues/HOJO/HOJO-1.md": ISSUE_1,
        "issues/HOJO/HOJO-12.md": ISSUE_12,
        "minutes/2026/2026-11-20-weekly.md": MINUTES,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def git(root: Path, *args: str, author: str = "yamada", check: bool = True) -> subprocess.CompletedProcess:
    """Run git in ``root`` as the given fixture member."""
    emails = {
        "yamada": "yamada@example.go.jp", "sato": "sato@example.go.jp", "tanaka": "tanaka@vendor-a.example",
        "hayashi": "hayashi@vendor-a.example"
    }
    env = {
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": emails[author],
        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": emails[author],
        "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    return subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=check)


def make_repo(root: Path) -> Path:
    """Write the fixture tracker and commit it on ``main``."""
    make_tracker(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the tracker")
    return root
