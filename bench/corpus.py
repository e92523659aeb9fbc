"""Generate a deterministic tracker of N issues with comments, minutes and WBS, for benchmarks.

Usage: python bench/corpus.py OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

JST = timezone(timedelta(hours=9))
PROJECTS = ("HOJO", "MIRA", "ENE")
WORDS = ("申請フォーム", "入力チェック", "帳票", "性能試験", "認証方式", "外部API", "ログ保管", "移行リハーサル",
         "アクセシビリティ", "セキュリティ診断", "画面設計", "データ連携", "バッチ処理", "運用手順", "障害対応")
VERBS = ("について", "の確認", "の修正", "の仕様検討", "の不具合", "の改善要望", "の見直し")
STATUSES = ("open", "in_progress", "resolved", "closed")
TYPES = ("task", "bug", "request", "inquiry", "other")
PRIORITIES = ("high", "normal", "low")


def config_text(n_members: int = 30) -> str:
    """Return a tsuzuri.yml for the generated corpus."""
    orgs = ["  - {id: office, name: 見本省 デジタル推進室, role: office}"]
    orgs += [f"  - {{id: vendor-{i}, name: ベンダー{i}株式会社, role: vendor}}" for i in range(1, 8)]
    members = []
    for i in range(n_members):
        org = "office" if i % 4 == 0 else f"vendor-{i % 7 + 1}"
        members.append(f"  - {{id: m{i:02d}, name: 利用者{i:02d}, org: {org}, email: m{i:02d}@example.jp}}")
    projects = [f"  - {{key: {p}, name: プロジェクト{p}, organizations: [office, vendor-1, vendor-2, vendor-3]}}" for p in PROJECTS]
    milestones = [f"  - {{id: v{v}, project: {p}, name: 第{v}版, date: 2027-0{v}-15}}" for p in PROJECTS for v in (1, 2, 3)]
    categories = [f"  - {{id: c{c}, project: {p}, label: 分類{c}}}" for p in PROJECTS for c in (1, 2, 3)]
    return "\n".join(
        [
            "title: ベンチマーク用トラッカー",
            "language: ja",
            "timezone: Asia/Tokyo",
            "organizations:", *orgs,
            "members:", *members,
            "projects:", *projects,
            "statuses:",
            "  - {id: open, label: 未対応}",
            "  - {id: in_progress, label: 処理中}",
            "  - {id: resolved, label: 処理済み}",
            "  - {id: closed, label: 完了, done: true}",
            "milestones:", *milestones,
            "categories:", *categories,
            "calendar: {holidays: JP, extra_holidays: [2026-12-29, 2026-12-30, 2026-12-31]}",
            "",
        ]
    )


def issue_text(rng: random.Random, project: str, number: int, n_members: int) -> str:
    """Return one issue file's text."""
    start = date(2026, 4, 1) + timedelta(days=rng.randrange(0, 300))
    due = start + timedelta(days=rng.randrange(1, 60))
    lines = [
        "---",
        f"title: {rng.choice(WORDS)}{rng.choice(VERBS)}({number})",
        f"type: {rng.choice(TYPES)}",
        f"status: {rng.choice(STATUSES)}",
        f"priority: {rng.choice(PRIORITIES)}",
        f"assignee: m{rng.randrange(n_members):02d}",
        f"reporter: m{rng.randrange(n_members):02d}",
        f"milestone: v{rng.randrange(1, 4)}",
        f"categories: [c{rng.randrange(1, 4)}]",
        f"start: {start.isoformat()}",
        f"due: {due.isoformat()}",
        f"estimate: {rng.randrange(1, 40)}",
    ]
    if number > 1 and rng.random() < 0.2:
        lines.append(f"parent: {project}-{rng.randrange(1, number)}")
    if number > 2 and rng.random() < 0.2:
        lines.append(f"links: {{relates: [{project}-{rng.randrange(1, number)}]}}")
    if rng.random() < 0.3:
        lines.append(f"watchers: [m{rng.randrange(n_members):02d}]")
    lines.append("---")
    lines.append(f"{rng.choice(WORDS)}{rng.choice(VERBS)}、ご確認をお願いします。")
    lines.append("")
    lines.append(f"- 対象画面: {rng.choice(WORDS)}")
    lines.append(f"- 関連: {project}-{rng.randrange(1, number + 1)}")
    return "\n".join(lines) + "\n"


def comment_text(rng: random.Random, when: datetime, author: str) -> str:
    """Return one comment file's text."""
    return f"---\nauthor: {author}\ndate: {when.isoformat()}\n---\n{rng.choice(WORDS)}の件、承知しました。対応いたします。\n"


def generate(root: Path, n_issues: int, seed: int = 0, comments_per_issue: float = 1.0, n_members: int = 30) -> dict:
    """Write a tracker with ``n_issues`` issues under ``root``; return counts of what was written."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "tsuzuri.yml").write_text(config_text(n_members), encoding="utf-8")
    per_project = {p: 0 for p in PROJECTS}
    n_comments = 0
    for index in range(n_issues):
        project = PROJECTS[index % len(PROJECTS)]
        per_project[project] += 1
        number = per_project[project]
        folder = root / "issues" / project
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{project}-{number}.md").write_text(issue_text(rng, project, number, n_members), encoding="utf-8")
        count = int(comments_per_issue) + (1 if rng.random() < comments_per_issue % 1 else 0)
        if count:
            cdir = folder / f"{project}-{number}" / "comments"
            cdir.mkdir(parents=True, exist_ok=True)
            for c in range(count):
                when = datetime(2026, 5, 1, 9, 0, tzinfo=JST) + timedelta(minutes=rng.randrange(0, 200_000))
                author = f"m{rng.randrange(n_members):02d}"
                (
                    cdir / f"{when.strftime('%Y%m%dT%H%M%S')}-{author}-{c + 1}.md"
                ).write_text(comment_text(rng, when, author), encoding="utf-8")
                n_comments += 1
    n_minutes = max(1, n_issues // 100)
    for m in range(n_minutes):
        day = date(2026, 4, 1) + timedelta(days=m % 365)
        project = PROJECTS[m % len(PROJECTS)]
        folder = root / "minutes" / str(day.year)
        folder.mkdir(parents=True, exist_ok=True)
        keys = " ".join(f"{project}-{rng.randrange(1, per_project[project] + 1)}" for _ in range(3))
        (folder / f"{day.isoformat()}-meeting-{m}.md").write_text(
            f"---\ntitle: 定例会議 {m}\ndate: {day.isoformat()}\nproject: {project}\nattendees: [m00, m01]\n---\n"
            f"## 決定事項\n- {keys} の対応方針を確認した。\n\n## アクションアイテム\n"
            f"- [ ] @m01 資料を更新する 期限:{(day + timedelta(days=7)).isoformat()} {project}-1\n",
            encoding="utf-8",
        )
    (root / "wbs").mkdir(exist_ok=True)
    for project in PROJECTS:
        items = ['items:']
        for phase in range(1, 6):
            items.append(f'  - id: "{phase}"\n    title: 工程{phase}\n    children:')
            for task in range(1, 5):
                after = f'["{phase}.{task - 1}"]' if task > 1 else (f'["{phase - 1}.4"]' if phase > 1 else "[]")
                items.append(f'      - {{id: "{phase}.{task}", title: 作業{phase}-{task}, duration: 5d, after: {after}}}')
        (root / "wbs" / f"{project}.yml").write_text("start: 2026-04-01\n" + "\n".join(items) + "\n", encoding="utf-8")
    return {"issues": n_issues, "comments": n_comments, "minutes": n_minutes}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(generate(args.out, args.n, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
