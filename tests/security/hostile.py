"""Build a tracker with every hostile input of a corpus in its field, in a real Git repository.

Fields an entry may name:
  issue.title, inquiry.title, issue.body, issue.custom, comment.body, member.name,
  organization.name, project.name, milestone.name, milestone.description, minutes.title,
  minutes.body, category.label, wbs.title, status.label, config.title, mail.subject
  (a mail to the inquiry address, ingested with `tsuzuri mail ingest`), attachment
  ({name, content}: a file under one issue's files/), commit.author ({name, email}: a
  commit by someone who is not a member).
"""

from __future__ import annotations

import json
import subprocess
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-25"
MEMBER = ("山田 太郎", "yamada@example.go.jp")
ATTACHMENTS = 2  # SEC-1 is a plain issue; SEC-2 holds the attachments


def corpus(name: str = "corpus_site.yaml") -> list[dict]:
    """Return the entries of a corpus file in this folder."""
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def q(value: str) -> str:
    """Quote a value for YAML (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(value, ensure_ascii=False)


def git(root: Path, *args: str, author: tuple[str, str] = MEMBER) -> str:
    name, email = author
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(root), "PATH": "/usr/bin:/bin",
           "GIT_AUTHOR_DATE": "2026-11-20T10:00:00+09:00", "GIT_COMMITTER_DATE": "2026-11-20T10:00:00+09:00"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def _write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _issue_src(key: str) -> str:
    return f"issues/{key}.md"


def _minutes_src(n: int) -> str:
    return f"minutes/2026/2026-11-{n + 10:02d}-meeting{n}.md"


class _Tracker:
    def __init__(self) -> None:
        self.title = "検査用トラッカー"
        self.orgs = [("office", "見本省", "office"), ("vendor-a", "A社", "vendor")]
        self.members = [
            ("yamada", "山田 太郎", "office", "yamada@example.go.jp"), ("tanaka", "田中 一郎", "vendor-a", "tanaka@vendor-a.example")
        ]
        self.projects = [("SEC", "安全性検査")]
        self.statuses = [("open", "未対応", False), ("in_progress", "処理中", False), ("closed", "完了", True)]
        self.milestones: list[tuple[str, str, str, str]] = []
        self.categories: list[tuple[str, str]] = []
        self.issues: list[dict] = []
        self.comments: list[tuple[str, str]] = []  # (key, body)
        self.minutes: list[tuple[str, str]] = []  # (title, body)
        self.wbs: list[str] = []
        self.files: list[tuple[str, bytes]] = []
        self.mails: list[str] = []
        self.outsiders: list[tuple[str, str]] = []
        self.pages: dict[str, str] = {}  # entry id -> source path of the page its input shows on
        for n in range(ATTACHMENTS):
            self.issue("添付ファイルの検査" if n == ATTACHMENTS - 1 else "検査用の課題")

    def issue(self, title: str = "検査用の課題", body: str = "本文", project: str = "SEC", **fields) -> str:
        number = sum(1 for i in self.issues if i["project"] == project) + 1
        key = f"{project}-{number}"
        self.issues.append({"project": project, "key": key, "title": title, "body": body, **fields})
        return key

    def add(self, entry: dict) -> None:
        self.pages[entry["id"]] = self._add(entry["field"], entry["input"])

    def _add(self, field: str, value) -> str:
        """Put one input in its field; return the source path of the page it shows on."""
        put = self._PUT.get(field.split(".")[0])
        page = put(self, field, value) if put else None
        if page is None:
            raise ValueError(f"unknown corpus field {field!r}")
        return page

    def _put_issue(self, field: str, value) -> str | None:
        if field == "issue.title":
            return _issue_src(self.issue(value, assignee="tanaka", due="2026-11-20"))
        if field == "issue.body":
            return _issue_src(self.issue(body=value))
        if field == "issue.custom":
            return _issue_src(self.issue(custom=value))
        return None

    def _put_inquiry(self, field: str, value) -> str | None:
        return _issue_src(self.issue(value, type="inquiry", reporter="tanaka")) if field == "inquiry.title" else None

    def _put_comment(self, field: str, value) -> str | None:
        if field != "comment.body":
            return None
        key = self.issue()
        self.comments.append((key, value))
        return _issue_src(key)

    def _put_member(self, field: str, value) -> str | None:
        if field != "member.name":
            return None
        ident = f"m{len(self.members)}"
        self.members.append((ident, value, "vendor-a", ""))
        self.issue(assignee=ident)
        return f"members/{ident}.md"

    def _put_organization(self, field: str, value) -> str | None:
        if field != "organization.name":
            return None
        ident = f"o{len(self.orgs)}"
        self.orgs.append((ident, value, "vendor"))
        self.members.append((f"{ident}m", "組織の人", ident, ""))
        self.issue(assignee=f"{ident}m", type="inquiry", reporter=f"{ident}m")
        return f"organizations/{ident}.md"

    def _put_project(self, field: str, value) -> str | None:
        if field != "project.name":
            return None
        key = f"P{len(self.projects)}"
        self.projects.append((key, value))
        self.issue(project=key)
        return f"boards/{key}.md"

    def _put_milestone(self, field: str, value) -> str | None:
        if field not in ("milestone.name", "milestone.description"):
            return None
        ident = f"ms{len(self.milestones)}"
        name, desc = (value, "") if field == "milestone.name" else ("節目", value)
        self.milestones.append((ident, name, desc, "2026-12-25"))
        self.issue(milestone=ident)
        return f"milestones/SEC/{ident}.md"

    def _put_category(self, field: str, value) -> str | None:
        if field != "category.label":
            return None
        ident = f"c{len(self.categories)}"
        self.categories.append((ident, value))
        return _issue_src(self.issue(categories=[ident]))

    def _put_minutes(self, field: str, value) -> str | None:
        if field not in ("minutes.title", "minutes.body"):
            return None
        self.minutes.append(
            (value, "## 決定事項\n- SEC-1 のとおり。\n") if field == "minutes.title" else ("定例会議", value + "\n\nSEC-1 について。\n")
        )
        return _minutes_src(len(self.minutes) - 1)

    def _put_wbs(self, field: str, value) -> str | None:
        if field != "wbs.title":
            return None
        self.wbs.append(value)
        return "gantt/SEC.md"

    def _put_status(self, field: str, value) -> str | None:
        if field != "status.label":
            return None
        ident = f"s{len(self.statuses)}"
        self.statuses.insert(1, (ident, value, False))
        self.issue(status=ident)
        return "boards/SEC.md"

    def _put_config(self, field: str, value) -> str | None:
        if field != "config.title":
            return None
        self.title = value
        return "index.md"

    def _put_mail(self, field: str, value) -> str | None:
        if field != "mail.subject":
            return None
        self.mails.append(value)
        return "inquiries.md"

    def _put_attachment(self, field: str, value) -> str | None:
        if field != "attachment":
            return None
        self.files.append((value["name"], value["content"].encode("utf-8")))
        return _issue_src(f"SEC-{ATTACHMENTS}")

    def _put_commit(self, field: str, value) -> str | None:
        if field != "commit.author":
            return None
        self.outsiders.append((value["name"], value["email"]))
        return "activity.md"

    _PUT = {
        "issue": _put_issue, "inquiry": _put_inquiry, "comment": _put_comment, "member": _put_member,
        "organization": _put_organization, "project": _put_project, "milestone": _put_milestone, "category": _put_category,
        "minutes": _put_minutes, "wbs": _put_wbs, "status": _put_status, "config": _put_config, "mail": _put_mail,
        "attachment": _put_attachment, "commit": _put_commit,
    }

    def config(self) -> str:
        lines = [f"title: {q(self.title)}", "language: ja", "timezone: Asia/Tokyo", "organizations:"]
        lines += [f"  - {{id: {i}, name: {q(name)}, role: {role}}}" for i, name, role in self.orgs]
        lines.append("members:")
        lines += [
            f"  - {{id: {i}, name: {q(name)}, org: {org}" + (f", email: {email}}}" if email else "}")
            for i, name, org, email in self.members
        ]
        lines.append("projects:")
        lines += [f"  - {{key: {k}, name: {q(name)}, organizations: [office, vendor-a]"
                  + (", inquiry_address: toiawase@example.go.jp}" if k == "SEC" else "}") for k, name in self.projects]
        lines.append("statuses:")
        lines += [f"  - {{id: {i}, label: {q(label)}" + (", done: true}" if done else "}") for i, label, done in self.statuses]
        lines.append("types: [{id: task, label: タスク}, {id: inquiry, label: 問い合わせ}]")
        lines.append("priorities: [{id: high, label: 高}, {id: normal, label: 中}]")
        if self.milestones:
            lines.append("milestones:")
            lines += [
                f"  - {{id: {i}, project: SEC, name: {q(name)}, date: {day}" + (f", description: {q(desc)}}}" if desc else "}")
                for i, name, desc, day in self.milestones
            ]
        if self.categories:
            lines.append("categories:")
            lines += [f"  - {{id: {i}, project: SEC, label: {q(label)}}}" for i, label in self.categories]
        lines.append("custom_fields: [{id: note, project: SEC, type: text, label: 備考}]")
        lines.append("mail: {from: tracker@example.go.jp, inbound_address: tracker@example.go.jp, smtp_host: 127.0.0.1}")
        return "\n".join(lines) + "\n"

    def write(self, root: Path) -> None:
        _write(root, "tsuzuri.yml", self.config())
        _write(root, "mkdocs.yml", MKDOCS)
        _write(root, "docs/index.md", "# ダッシュボード\n\n<!-- tsuzuri:dashboard -->\n")
        for i in self.issues:
            fields = [f"title: {q(i['title'])}", f"type: {i.get('type', 'task')}", f"status: {i.get('status', 'open')}", "priority: normal"]
            for name in ("assignee", "reporter", "milestone", "due"):
                if i.get(name):
                    fields.append(f"{name}: {i[name]}")
            if i.get("categories"):
                fields.append(f"categories: [{', '.join(i['categories'])}]")
            if i.get("custom"):
                fields.append(f"custom:\n  note: {q(i['custom'])}")
            _write(root, f"issues/{i['project']}/{i['key']}.md", "---\n" + "\n".join(fields) + "\n---\n" + i["body"] + "\n")
        for n, (key, body) in enumerate(self.comments):
            _write(
                root, f"issues/SEC/{key}/comments/20261121T{n:06d}-tanaka.md",
                f"---\nauthor: tanaka\ndate: 2026-11-21T09:30:00+09:00\n---\n{body}\n"
            )
        for n, (title, body) in enumerate(self.minutes):
            _write(
                root, _minutes_src(n),
                f"---\ntitle: {q(title)}\ndate: 2026-11-{n + 10:02d}\nproject: SEC\nattendees: [yamada, tanaka]\n---\n{body}"
            )
        for name, data in self.files:
            _write(root, f"issues/SEC/SEC-{ATTACHMENTS}/files/{name}", data)
        items = [
            f'  - {{id: "{n + 1}", title: {q(t)}, start: 2026-11-02, end: 2026-11-30, issues: [SEC-1]}}' for n, t in enumerate(self.wbs)
        ]
        items.append('  - {id: "99", title: 通常の作業, start: 2026-11-02, end: 2026-11-30, issues: [SEC-2]}')
        _write(root, "wbs/SEC.yml", "items:\n" + "\n".join(items) + "\n")


MKDOCS = f"""\
site_name: 検査
docs_dir: docs
theme:
  name: material
  language: ja
  font: false
  features:
    - navigation.instant
    - navigation.tracking
    - navigation.path
    - search.highlight
plugins:
  - search:
      lang: ja
  - tsuzuri:
      today: "{TODAY}"
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - toc:
      permalink: true
nav:
  - ダッシュボード: index.md
  - 最近の更新: activity.md
  - 課題一覧: issues.md
  - ボード: boards.md
  - 問い合わせ管理: inquiries.md
  - 議事録: minutes.md
  - マイルストーン: milestones.md
  - ガント: gantt.md
  - 担当者: members.md
  - 組織: organizations.md
"""


def _subject_mail(subject: str, n: int) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "tanaka@vendor-a.example"
    msg["To"] = "toiawase@example.go.jp"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 23 Nov 2026 10:15:00 +0900"
    msg["Message-ID"] = f"<hostile-{n}@vendor-a.example>"
    msg.set_content("件名の検査です。\n")
    return msg.as_bytes()


def build_tracker(root: Path, entries: list[dict]) -> dict[str, str]:
    """Write a tracker holding every entry's input in its field, commit it and ingest its mails.

    Return, for each entry id, the source path of the page its input shows on.
    """
    from tsuzuri.adapters.cli.main import main

    t = _Tracker()
    for entry in entries:
        t.add(entry)
    t.write(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the tracker")
    mail_ids = [e["id"] for e in entries if e["field"] == "mail.subject"]
    for n, subject in enumerate(t.mails):
        eml = root.parent / f"hostile-{n}.eml"
        eml.write_bytes(_subject_mail(subject, n))
        before = set((root / "issues/SEC").glob("*.md"))
        code = main(["mail", "ingest", "--root", str(root), "--eml", str(eml)])
        made = set((root / "issues/SEC").glob("*.md")) - before
        if code != 0 or len(made) != 1:
            raise AssertionError(f"ingesting the mail with subject {subject!r} made no inquiry (exit {code})")
        t.pages[mail_ids[n]] = f"issues/SEC/{made.pop().name}".replace("issues/SEC/", "issues/")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Ingest an inquiry")
    for name, email in t.outsiders:
        path = root / "issues/SEC/SEC-1.md"
        path.write_text(path.read_text(encoding="utf-8").replace("status: open", "status: in_progress"), encoding="utf-8")
        git(root, "commit", "-q", "-am", "Change a status", author=(name, email))
    return t.pages
