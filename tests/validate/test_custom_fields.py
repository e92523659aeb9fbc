"""Custom fields: what tsuzuri.yml declares is checked, and an issue's values must fit their field's type."""

from __future__ import annotations

from pathlib import Path

from tsuzuri.adapters.cli.main import main
from tsuzuri.authoring.scaffold import init
from tsuzuri.validate import validate

FIELDS = """\
custom_fields:
  - {id: memo, project: PRJ, type: text, label: メモ, options: [a, b]}
  - {id: cost, project: PRJ, type: number, label: 費用, other: true}
  - {id: area, project: PRJ, type: choice, label: 地域, options: [東京, 大阪, 東京]}
  - {id: areas, project: PRJ, type: choices, label: 地域, options: [東京, 大阪]}
  - {id: kind, project: PRJ, type: choice, label: 区分}
  - {id: when, project: PRJ, type: date, label: 日付}
  - {id: answer, project: PRJ, type: choice, label: 回答, options: [はい], other: true}
"""


def _tracker(tmp_path: Path, custom: str) -> Path:
    root = tmp_path / "t"
    init(root)
    (root / "tsuzuri.yml").write_text((root / "tsuzuri.yml").read_text(encoding="utf-8") + FIELDS, encoding="utf-8")
    (root / "issues" / "PRJ").mkdir(parents=True, exist_ok=True)
    (root / "issues/PRJ/PRJ-1.md").write_text(f"---\ntitle: t\ntype: task\nstatus: open\ncustom:\n{custom}---\n", encoding="utf-8")
    return root


def _found(root: Path) -> list[tuple[str, int, str, str, str]]:
    lines = {p: (root / p).read_text(encoding="utf-8").splitlines() for p in ("tsuzuri.yml", "issues/PRJ/PRJ-1.md")}
    return sorted((f.path, f.severity, f.code, lines[f.path][f.line - 1].strip(), f.words("en")) for f in validate(root)[1])


def test_a_declaration_says_what_its_values_can_be_once(tmp_path):
    root = _tracker(tmp_path, "  when: 2026/4/1\n")
    assert _found(root) == [
        (
            "tsuzuri.yml",
            "error",
            "required",
            "- {id: kind, project: PRJ, type: choice, label: 区分}",
            "choice field `kind` needs `options`",
        ),
        (
            "tsuzuri.yml",
            "warning",
            "duplicate",
            "- {id: area, project: PRJ, type: choice, label: 地域, options: [東京, 大阪, 東京]}",
            "`東京` is listed twice in the options of `area`",
        ),
        (
            "tsuzuri.yml",
            "warning",
            "duplicate",
            "- {id: areas, project: PRJ, type: choices, label: 地域, options: [東京, 大阪]}",
            "custom fields `area` and `areas` of one project have the same label `地域`: "
            "a sheet column or a Backlog field of that name could be either",
        ),
        (
            "tsuzuri.yml",
            "warning",
            "unused",
            "- {id: cost, project: PRJ, type: number, label: 費用, other: true}",
            "`cost` is a `number` field, so `other` is not used: it is for `choice` and `choices` fields",
        ),
        (
            "tsuzuri.yml",
            "warning",
            "unused",
            "- {id: memo, project: PRJ, type: text, label: メモ, options: [a, b]}",
            "`memo` is a `text` field, so its `options` are not used: make it `choice` or `choices`, or leave them out",
        ),
    ]
    assert main(["validate", "--strict", str(root)]) == 1


def test_each_value_fits_its_fields_type(tmp_path):
    root = _tracker(
        tmp_path,
        "  memo: [x, y]\n  cost: 1,000\n  area: [東京, 大阪]\n  areas: [東京, 京都]\n  when: 4月1日ごろ\n  answer: いいえ\n  bogus: 1\n",
    )
    issue = [f[1:] for f in _found(root) if f[0] == "issues/PRJ/PRJ-1.md"]
    assert issue == [
        (
            "error",
            "broken-reference",
            "bogus: 1",
            "`bogus` is not a known custom field of PRJ (declare it under `custom_fields` in tsuzuri.yml)",
        ),
        ("error", "date", "when: 4月1日ごろ", "custom field `when` must be a date like 2026-11-30, not `4月1日ごろ`"),
        (
            "error",
            "type",
            "area: [東京, 大阪]",
            "custom field `area` takes one option (its type is `choice`), not a list: keep one, or make the field `choices`",
        ),
        ("error", "type", "cost: 1,000", "custom field `cost` must be a number, not `1,000`"),
        ("error", "type", "memo: [x, y]", "custom field `memo` holds one text, not a list: write it on one line (or as a block with `|`)"),
        ("error", "value", "areas: [東京, 京都]", "`京都` is not a known option of `areas` (allowed: 東京, 大阪)"),
    ]  # `answer: いいえ` is the field's other answer: no finding


def test_values_that_fit_are_clean(tmp_path):
    # an other answer where the field allows one; a date as people write it; several options of a choices field
    root = _tracker(
        tmp_path, "  memo: 見積は別紙\n  cost: 1200\n  area: 大阪\n  areas: [東京, 大阪]\n  when: 令和8年4月1日\n  answer: いいえ\n"
    )
    assert [f for f in _found(root) if f[0] == "issues/PRJ/PRJ-1.md"] == []
