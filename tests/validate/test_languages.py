"""Findings in Japanese and English: the same finding, rendered in either language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tsuzuri.findings import render
from tsuzuri.validate import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "trackers"


@pytest.fixture(scope="module")
def mistakes():
    # Validation only reads; the fixture tracker is not changed, so one run serves the module.
    _, findings = validate(FIXTURES / "mistakes")
    return {(f.path, f.line, f.code): f for f in findings}


@pytest.mark.parametrize("where, ja", [
    (("issues/MIRA/MIRA-4.md", 17, "unknown-field"), "不明な項目 `asignee` です(もしかして `assignee`?)"),
    (
        ("issues/MIRA/MIRA-4.md", 6, "broken-reference"),
        "メンバー `yamda` は tsuzuri.yml に登録されていません(もしかして `yamada`(山田 太郎)?)"
    ),
    (("issues/MIRA/MIRA-4.md", 10, "date"), "`2026-02-30` は存在しない日付です"),
    (
        ("issues/MIRA/MIRA-4.md", 11, "date"),
        "`start` の `11月1日ごろ` は日付になっていません(日付は 2026-11-30、2026/11/30、令和8年11月30日 のように書いてください)"
    ),
    (
        ("issues/MIRA/MIRA-7.md", 4, "duplicate-key"),
        "項目 `title` が2回書かれています(最初は 2 行目)。YAML では最後の値だけが使われ、前の値は黙って捨てられます"
    ),
    (
        ("issues/MIRA/MIRA-8.md", 3, "yaml-syntax"),
        "YAML の書き方に誤りがあります: `[` で始めたリストが `]` で閉じられていないか、区切りの `,` が抜けています"
    ),
    (
        ("issues/MIRA/MIRA-5.md", 7, "cycle"),
        "親課題の関係が循環しています: MIRA-5 -> MIRA-6 -> MIRA-5(これらの課題のどれか1つから `parent` を外してください)"
    ),
    (("wbs/MIRA.yml", 7, "wbs-cycle"), "先行関係が循環しています: 1.1 -> 1.2 -> 1.3 -> 1.1。いずれかの `after` を外してください"),
    (("minutes/2026/2026-11-27-review.md", 9, "date"), "アクションアイテムの期限 `2026-13-01` は 2026-11-30 のような日付になっていません"),
])
def test_representative_findings_read_naturally_in_japanese(mistakes, where, ja):
    assert mistakes[where].words("ja") == ja


def test_the_same_finding_prints_in_either_language(mistakes):
    typo = mistakes[("issues/MIRA/MIRA-4.md", 17, "unknown-field")]
    assert typo.text("en") == "issues/MIRA/MIRA-4.md:17:1: error[unknown-field] unknown field `asignee` (did you mean `assignee`?)"
    assert typo.text("ja") == "issues/MIRA/MIRA-4.md:17:1: error[unknown-field] 不明な項目 `asignee` です(もしかして `assignee`?)"
    assert typo.text() == typo.text("en")  # read without a language, a finding stays English


def test_a_wbs_finding_follows_the_chosen_language_not_only_the_configured_one(mistakes):
    cycle = mistakes[("wbs/MIRA.yml", 7, "wbs-cycle")]
    assert cycle.words("en") == "dependency cycle: 1.1 -> 1.2 -> 1.3 -> 1.1; remove one of these `after` entries"


def test_json_and_github_output_carry_the_chosen_language(mistakes):
    member = mistakes[("issues/MIRA/MIRA-4.md", 6, "broken-reference")]
    assert '"message": "メンバー `yamda` は tsuzuri.yml に登録されていません"' in render([member], "json", "ja")
    assert '"hint": "did you mean `yamada` (山田 太郎)?"' in render([member], "json", "en")
    assert render([member], "github", "ja").endswith(
        "::メンバー `yamda` は tsuzuri.yml に登録されていません(もしかして `yamada`(山田 太郎)?)"
    )


def test_every_finding_of_the_fixture_has_words_in_both_languages(mistakes):
    for finding in mistakes.values():
        ja, en = finding.words("ja"), finding.words("en")
        assert ja and en and ja != en, finding


@pytest.mark.parametrize("encoding, ja", [
    ("cp932", "ファイルが Shift_JIS/CP932 で保存されています。UTF-8 で保存し直してください"
              "(例: `iconv -f CP932 -t UTF-8 FILE > FILE.new`、またはエディターで UTF-8 を選んで保存)"),
    ("euc_jp", "ファイルが EUC-JP で保存されています。UTF-8 で保存し直してください(例: `iconv -f EUC-JP -t UTF-8`)"),
])
def test_encoding_findings_in_japanese(minimal, encoding, ja):
    (minimal / "issues" / "MIRA" / "MIRA-20.md").write_bytes(
        "---\ntitle: 文字コード\ntype: task\nstatus: open\n---\n本文です。\n".encode(encoding)
    )
    _, findings = validate(minimal)
    [finding] = findings
    assert (finding.code, finding.words("ja")) == ("encoding", ja)
