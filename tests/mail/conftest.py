"""A small tracker in a real Git repository, shared by the mail tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

CONFIG = """\
language: ja
title: 見本トラッカー
site_url: https://tracker.example.go.jp/
organizations:
  - {id: office, name: 見本省 デジタル推進室, role: office}
  - {id: vendor-a, name: A社, role: vendor}
members:
  - {id: yamada, name: 山田 太郎, org: office, email: yamada@example.go.jp}
  - {id: tanaka, name: 田中 一郎, org: vendor-a, email: tanaka@vendor-a.example, aliases: [ichiro.tanaka@vendor-a.example]}
  - {id: sato, name: 佐藤 花子, org: office, email: sato@example.go.jp}
  - {id: suzuki, name: 鈴木 次郎, org: vendor-a}
projects:
  - {key: MIRA, name: 中小企業向け情報発信サイト構築, organizations: [office, vendor-a], inquiry_address: toiawase@example.go.jp}
  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a]}
mail:
  from: tracker@example.go.jp
  inbound_address: tracker@example.go.jp
  smtp_host: 127.0.0.1
  max_attachment_bytes: 2048
  authserv_id: mx.example.go.jp
"""

ISSUE = """\
---
title: 申請フォームの入力チェック仕様について
type: inquiry
status: open
priority: high
assignee: yamada
reporter: tanaka
due: 2026-11-30
watchers: [sato]
---
郵便番号欄の全角数字を受け付けるかご確認ください。
"""


def git(root: Path, *args: str, author: tuple[str, str] = ("山田 太郎", "yamada@example.go.jp")) -> str:
    """Run git in ``root`` as ``author`` and return its output."""
    name, email = author
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root), "PATH": "/usr/bin:/bin"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def write(root: Path, rel: str, text: str) -> None:
    """Write a tracker file."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_tracker(root: Path, config: str = CONFIG) -> Path:
    """Write a tracker with MIRA-12 and HOJO-1 at ``root`` and commit it once."""
    write(root, "tsuzuri.yml", config)
    write(root, "issues/MIRA/MIRA-12.md", ISSUE)
    write(root, "issues/HOJO/HOJO-1.md", "---\ntitle: 交付申請の様式\ntype: task\nstatus: open\nassignee: tanaka\nreporter: yamada\n---\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the tracker")
    return root


@pytest.fixture
def tracker(tmp_path) -> Path:
    """A tracker with MIRA-12 and HOJO-1, committed once."""
    return make_tracker(tmp_path / "tracker")
