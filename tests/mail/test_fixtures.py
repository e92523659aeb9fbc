"""Public mail samples (tests/fixtures/mail) ingested as they are: the text kept is compared word for word."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tsuzuri.adapters.cli.main import main
from tsuzuri.store import load

from .conftest import write
from .mails import utf8_mail

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
INDEX = yaml.safe_load((SAMPLES / "samples.yml").read_text(encoding="utf-8"))

# The samples' senders become members, and each sample's To an inquiry address of its own project.
CONFIG = """\
language: ja
title: 見本トラッカー
organizations:
  - {id: office, name: 見本省, role: office}
members:
  - {id: tanaka, name: 田中 一郎, org: office, email: tanaka@vendor-a.example}
  - {id: mikel, name: Mikel Lindsaar, org: office, email: raasdnil@gmail.com}
  - {id: docomo, name: 携帯の人, org: office, email: xxxxxxx@docomo.ne.jp}
  - {id: atsushi, name: Atsushi Yoshida, org: office, email: atsushi@example.com}
  - {id: fwd, name: Forwarder, org: office, email: xxxxxxxxx.xxxxxxx@gmail.com}
projects:
  - {key: MIRA, name: 見本, organizations: [office]}
  - {key: JA, name: 一, organizations: [office], inquiry_address: raasdnil@gmail.com}
  - {key: SJIS, name: 二, organizations: [office], inquiry_address: unknown@example.com}
  - {key: FOLD, name: 三, organizations: [office], inquiry_address: rudeboyjet@gmail.com}
  - {key: ATT, name: 四, organizations: [office], inquiry_address: xxxxx@xxxxxxxxx.com}
mail:
  from: tracker@example.go.jp
  inbound_address: tracker@example.go.jp
"""
ISSUE = "---\ntitle: 見本\ntype: task\nstatus: open\n---\n"


def test_the_readme_names_every_sample():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".eml", ".txt"))
    assert sorted(s["file"] for s in INDEX) == files
    assert all(f"`{name}`" in readme for name in files)


@pytest.mark.parametrize("sample", INDEX, ids=[s["file"] for s in INDEX])
def test_each_sample_keeps_its_text_word_for_word(tmp_path, sample):
    root = tmp_path / "tracker"
    write(root, "tsuzuri.yml", CONFIG)
    write(root, "issues/MIRA/MIRA-12.md", ISSUE)
    data = (SAMPLES / sample["file"]).read_bytes()
    if sample["kind"] == "text":
        data = utf8_mail("tanaka@vendor-a.example", "tracker+MIRA-12@example.go.jp", "Re: 見本", data.decode("utf-8"),
                         "<sample@vendor-a.example>").as_bytes()
    elif data.startswith(b"From "):
        data = data.split(b"\n", 1)[1]  # the mbox separator line, as an mbox reader drops it
    (tmp_path / "in.eml").write_bytes(data)
    assert main(["mail", "ingest", "--root", str(root), "--eml", str(tmp_path / "in.eml")]) == 0
    tracker = load(root).tracker
    if sample["kind"] == "text":
        [comment] = tracker.issues["MIRA-12"].comments
        assert comment.body.rstrip("\n") == sample["expected"]
    else:
        [issue] = [i for i in tracker.issues.values() if i.key != "MIRA-12"]
        assert issue.title == sample["title"]
        assert issue.body.rstrip("\n") == sample["expected"].format(key=issue.key)
