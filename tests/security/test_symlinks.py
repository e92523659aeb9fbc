"""Symbolic links committed to a tracker, in a real clone: reported, never followed, never written through."""

from __future__ import annotations

import json
import os
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main

from .hostile import corpus, git

CANARY = "tsuzuri-canary-8f3a1c"  # in this process's environment: /proc/self/environ must never be published
SECRETS = ("root:x:0:0", "repositoryformatversion", CANARY)
LINKS = corpus("corpus_links.yaml")

CONFIG = """\
language: en
organizations:
  - {id: office, name: Office, role: office}
  - {id: vendor-a, name: Vendor A, role: vendor}
members:
  - {id: yamada, name: Yamada, org: office, email: yamada@example.go.jp}
  - {id: tanaka, name: Tanaka, org: vendor-a, email: tanaka@vendor-a.example}
projects:
  - {key: SEC, name: Security, organizations: [office, vendor-a]}
  - {key: IMP, name: Imports, organizations: [office, vendor-a]}
statuses: [{id: open, label: Open}, {id: closed, label: Closed, done: true}]
types: [{id: task, label: Task}]
priorities: [{id: normal, label: Normal}]
mail: {from: tracker@example.go.jp, inbound_address: tracker@example.go.jp, smtp_host: 127.0.0.1}
"""
MKDOCS = """\
site_name: links
docs_dir: docs
theme: {name: material, font: false}
plugins: [search, {tsuzuri: {today: "2026-11-25"}}]
"""
ISSUE = "---\ntitle: Issue {n}\ntype: task\nstatus: open\n---\nBody.\n"


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """A tracker whose every corpus link was committed, cloned so that Git itself made the links."""
    origin = tmp_path_factory.mktemp("links") / "origin"
    files = {"tsuzuri.yml": CONFIG, "mkdocs.yml": MKDOCS, "docs/index.md": "# Home\n", ".github/workflows/ci.yml": "on: push\n",
             "issues/SEC/SEC-1/files/real.txt": "a real attachment\n", "issues/IMP/.keep": ""}
    files.update({f"issues/SEC/SEC-{n}.md": ISSUE.format(n=n) for n in (1, 2, 4, 5)})
    for rel, text in files.items():
        (origin / rel).parent.mkdir(parents=True, exist_ok=True)
        (origin / rel).write_text(text, encoding="utf-8")
    for entry in LINKS:
        link = origin / entry["link"]
        if link.is_dir() and not link.is_symlink():
            for child in link.iterdir():
                child.unlink()
            link.rmdir()
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(entry["target"], link)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "A pull request with links")
    checkout = origin.parent / "checkout"
    git(origin.parent, "clone", "-q", str(origin), str(checkout))
    for entry in LINKS:
        assert (checkout / entry["link"]).is_symlink(), entry["link"]
    return checkout


@pytest.fixture(autouse=True)
def canary(monkeypatch):
    monkeypatch.setenv("TSUZURI_LEAK_CANARY", CANARY)
    monkeypatch.setenv("TSUZURI_LANG", "en")


def _workflows(clone: Path) -> list[str]:
    return sorted(p.relative_to(clone).as_posix() for p in (clone / ".github").rglob("*"))


def test_the_corpus_has_a_link_for_every_folder(clone):
    linked = " ".join(e["link"] for e in LINKS)
    for where in ("/files/", "/comments/", "issues/SEC/SEC-3.md", "minutes/", "wbs/", "docs/"):
        assert where in linked
    assert any(e["link"].endswith("/files") for e in LINKS)  # a whole linked files/ folder


def test_validate_reports_every_link_at_its_path_and_reads_nothing_through_it(clone, capsys):
    assert main(["validate", "--root", str(clone), "--format", "json"]) == 1
    out = capsys.readouterr().out
    findings = json.loads(out)
    findings = findings["findings"] if isinstance(findings, dict) else findings
    linked = {f["path"] for f in findings if f["code"] == "symlink"}
    expected = {e["link"] for e in LINKS if not e["link"].startswith("docs/")}
    assert linked == expected
    assert all(f["severity"] == "error" for f in findings if f["code"] == "symlink")
    for secret in SECRETS:
        assert secret not in out
    assert main(["validate", "--root", str(clone)]) == 1
    text = capsys.readouterr()
    assert "issues/SEC/SEC-1/files/env.txt" in text.out + text.err and "symbolic link" in text.out + text.err


def test_the_site_publishes_nothing_through_a_link(clone, tmp_path, caplog):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path / "site"
    config = load_config(config_file=str(clone / "mkdocs.yml"), site_dir=str(site))
    # As under `mkdocs serve`, build what can be read although the tracker has errors.
    plugin = config.plugins["tsuzuri"]
    plugin.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        plugin.on_startup(command="build", dirty=False)  # MkDocs keeps one plugin instance per process
    assert (site / "tracker/issues/SEC-1/index.html").is_file()
    assert sorted(p.name for p in (site / "tracker/files/SEC-1").iterdir()) == ["real.txt"]
    assert not (site / "tracker/files/SEC-2").exists() and not (site / "leak.txt").exists()
    assert "docs/leak.txt" in caplog.text
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in SECRETS:
                assert secret.encode() not in data, (path, secret)


def test_authoring_refuses_to_write_through_a_linked_folder(clone, capsys):
    before = _workflows(clone)
    assert main(["comment", "SEC-4", "--root", str(clone), "--author", "tanaka", "--body", "written through a link?"]) == 1
    assert "symbolic link" in capsys.readouterr().err
    assert _workflows(clone) == before


def test_mail_ingest_never_writes_an_attachment_through_a_linked_files_folder(clone, tmp_path):
    before = _workflows(clone)
    msg = EmailMessage(policy=SMTP)
    msg["From"], msg["To"], msg["Subject"] = "tanaka@vendor-a.example", "tracker@example.go.jp", "Re: [SEC-5] Issue 5"
    msg["Date"], msg["Message-ID"] = "Mon, 23 Nov 2026 10:15:00 +0900", "<link-1@vendor-a.example>"
    msg.set_content("See the attached workflow.\n")
    msg.add_attachment(
        b"on: push\njobs: {steal: {runs-on: ubuntu-latest, steps: [{run: env}]}}\n", maintype="text", subtype="plain", filename="evil.yml"
    )
    eml = tmp_path / "1.eml"
    eml.write_bytes(msg.as_bytes())
    code = main(["mail", "ingest", "--root", str(clone), "--eml", str(eml)])
    assert code in (0, 1)  # quarantined or refused with a message, never a crash
    assert _workflows(clone) == before
    assert not list((clone / ".github").rglob("evil*"))


def test_an_import_refuses_to_write_into_a_linked_project_folder(clone, tmp_path, capsys):
    before = _workflows(clone)
    sheet = tmp_path / "vendor.csv"
    sheet.write_text("件名,種別,状態\nworkflow,Task,Open\n", encoding="utf-8")
    code = main(["import", "sheet", str(sheet), "--project", "IMP", "--root", str(clone), "--apply"])
    assert code == 1
    assert "symbolic link" in capsys.readouterr().err
    assert _workflows(clone) == before


def test_the_writer_refuses_onto_a_link_and_through_a_linked_folder(tmp_path):
    from tsuzuri.store import transaction, writer
    from tsuzuri.store.symlinks import SymlinkRefused
    from tsuzuri.store.transaction import Transaction

    root = tmp_path / "tracker"
    (root / "issues/SEC").mkdir(parents=True)
    (root / "tsuzuri.yml").write_text(CONFIG, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.md").write_text("untouched\n", encoding="utf-8")
    os.symlink(outside / "victim.md", root / "issues/SEC/SEC-1.md")
    os.symlink(outside, root / "issues/SEC/SEC-2")
    with pytest.raises(SymlinkRefused):
        writer.atomic_write(root / "issues/SEC/SEC-1.md", "---\ntitle: x\n---\n")  # the tracker is found from the path
    with pytest.raises(SymlinkRefused):
        writer.free_attachment_path(root, "SEC-2", "evil.yml")
    with pytest.raises(SymlinkRefused):  # every staged write of a transaction (imports, mail, attach, renumber)
        with Transaction(root, "mail") as tx:
            tx.stage("issues/SEC/SEC-2/comments/x.md", "---\nauthor: tanaka\n---\nbody\n")
    assert transaction.leftovers(root) == []
    with pytest.raises(SymlinkRefused):
        writer.new_comment(root, "SEC-2", "tanaka", datetime(2026, 11, 21, 9, 30), "body")
    assert (outside / "victim.md").read_text(encoding="utf-8") == "untouched\n"
    assert sorted(p.name for p in outside.iterdir()) == ["victim.md"]
    assert (root / "issues/SEC/SEC-1.md").is_symlink()
