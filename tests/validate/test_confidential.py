"""`tsuzuri validate` refuses confidential data in every file kind and attachment, at its line."""

from __future__ import annotations

import json
import subprocess
import sys

from guard_samples import pdf_with_lines, with_check_digit, wrong_check_digit
from tracker_fixture import CONFIG, make_tracker
from tsuzuri.validate import validate

NUMBER = with_check_digit("12345678901")
ORDER = wrong_check_digit("12345678901")
GUARD = """\
guard:
  markers: [秘, 取扱注意]
"""


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _tracker(tmp_path, extra_config=""):
    root = make_tracker(tmp_path)
    _write(root, "tsuzuri.yml", CONFIG + GUARD + extra_config)
    _write(
        root, "issues/HOJO/HOJO-2.md",
        f"---\ntitle: 申請者からの問い合わせ\ntype: inquiry\nstatus: open\n---\n申請者の番号は {NUMBER} です。\n"
        f"注文番号 {ORDER} は問題ありません。\n"
    )
    _write(
        root, "issues/HOJO/HOJO-2/comments/20261121T093000-yamada.md",
        "---\nauthor: yamada\ndate: 2026-11-21T09:30:00+09:00\nmessage_id: <abc.def@mail.example>\n---\n折り返しは 090-1234-5678 まで。\n"
    )
    _write(root, "issues/HOJO/HOJO-2/files/明細.pdf", pdf_with_lines(["Invoice"], ["card 4111 1111 1111 1111"]))
    _write(
        root, "minutes/2026/2026-11-21-uchiawase.md",
        "---\ntitle: 【秘】 予算打合せ\ndate: 2026-11-21\nproject: HOJO\n---\n秘匿処理の方針を確認した。\n"
    )
    _write(
        root, "wbs/HOJO.yml",
        "items:\n  - {id: \"1\", title: 外部委託 contact@outside.example と調整, start: 2026-12-01, end: 2026-12-04}\n"
    )
    return root


def _short(findings):
    return [f"{f.path}:{f.line}: {f.code}" for f in findings if f.code.startswith("guard-")]


def test_every_kind_of_file_and_attachment_is_checked_at_its_line(tmp_path):
    root = _tracker(tmp_path)
    _, findings = validate(root)
    assert _short(findings) == [
        "issues/HOJO/HOJO-2.md:6: guard-mynumber",
        "issues/HOJO/HOJO-2/comments/20261121T093000-yamada.md:6: guard-phone",
        "issues/HOJO/HOJO-2/files/明細.pdf:1: guard-card",
        "minutes/2026/2026-11-21-uchiawase.md:2: guard-marker",
        "wbs/HOJO.yml:2: guard-email",
    ]
    assert all(f.severity == "error" for f in findings if f.code.startswith("guard-"))
    # The wrong check digit (ORDER, line 7), 秘匿 and the comment's Message-ID are not findings.


def test_the_message_never_repeats_the_number_and_names_the_way_out(tmp_path):
    root = _tracker(tmp_path)
    _, findings = validate(root)
    mynumber = next(f for f in findings if f.code == "guard-mynumber")
    assert NUMBER not in mynumber.text("ja") and NUMBER not in mynumber.text("en")
    assert "マイナンバー" in mynumber.text("ja")
    assert "guard.allow" in mynumber.text("en") and "tsuzuri:allow mynumber" in mynumber.text("en")
    card = next(f for f in findings if f.code == "guard-card")
    assert "p.2" in card.text("en") and "tsuzuri:allow" not in card.text("en")  # an attachment cannot carry a marker


def test_reviewed_findings_are_allowed_by_fingerprint_or_inline_marker(tmp_path):
    root = _tracker(tmp_path)
    _, findings = validate(root)
    fingerprints = sorted(f.hint.params["fingerprint"] for f in findings if f.code in ("guard-card", "guard-email"))
    root = _tracker(tmp_path, "  allow:\n" + "".join(f"    - \"{fp}\"\n" for fp in fingerprints))
    comment = root / "issues/HOJO/HOJO-2/comments/20261121T093000-yamada.md"
    comment.write_text(comment.read_text(encoding="utf-8").replace("まで。", "まで。 <!-- tsuzuri:allow phone -->"), encoding="utf-8")
    _, findings = validate(root)
    assert _short(findings) == ["issues/HOJO/HOJO-2.md:6: guard-mynumber", "minutes/2026/2026-11-21-uchiawase.md:2: guard-marker"]


def test_a_mistyped_fingerprint_is_a_finding_of_its_own(tmp_path):
    root = _tracker(tmp_path, "  allow: [phone-123]\n")
    _, findings = validate(root)
    assert any(f.path == "tsuzuri.yml" and f.code == "format" for f in findings), [f.text() for f in findings]


def test_an_encrypted_attachment_is_a_warning_to_look_at_it_and_a_damaged_one_is_not(tmp_path):
    from pypdf import PdfWriter

    root = _tracker(tmp_path)
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secret")
    with open(root / "issues/HOJO/HOJO-2/files/暗号化.pdf", "wb") as handle:
        writer.write(handle)
    _write(root, "issues/HOJO/HOJO-2/files/壊れた.docx", b"PK\x03\x04 broken")
    _, findings = validate(root)
    [warning] = [f for f in findings if f.code == "guard-unreadable"]
    assert warning.severity == "warning" and warning.path.endswith("暗号化.pdf")
    assert "encrypted" in warning.text("en")


def test_the_command_fails_and_prints_no_confidential_value(tmp_path):
    root = _tracker(tmp_path)
    result = subprocess.run([sys.executable, "-m", "tsuzuri", "validate", str(root)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "issues/HOJO/HOJO-2.md:6:" in result.stdout and "guard-mynumber" in result.stdout
    assert NUMBER not in result.stdout + result.stderr and "090-1234-5678" not in result.stdout



# Run in a child: keeping parsed files (as `mkdocs serve` does) is for the whole process from then on.
KEPT_CHILD = r"""
import json, sys
from pathlib import Path
from tsuzuri.store import documents
from tsuzuri.validate import validate
root = Path(sys.argv[1])
def guard():
    return sorted(f"{f.path}:{f.line}: {f.code}" for f in validate(root)[1] if f.code.startswith("guard-"))
documents.keep_parsed()
first = guard()
assert guard() == first
comment = root / "issues/HOJO/HOJO-2/comments/20261121T093000-yamada.md"
comment.write_text(comment.read_text(encoding="utf-8").replace("090-1234-5678", "内線"), encoding="utf-8")
edited = guard()
config = root / "tsuzuri.yml"
words = config.read_text(encoding="utf-8").replace("markers: [秘, 取扱注意]", "markers: [秘, 取扱注意, 申請者]")
config.write_text(words, encoding="utf-8")
marked = guard()
documents._PARSED.clear()
assert marked == guard(), "a fresh read finds the same"
print(json.dumps([first, edited, marked]))
"""


def test_a_rebuild_in_one_process_scans_again_what_changed_and_what_new_rules_find(tmp_path):
    root = _tracker(tmp_path)
    out = subprocess.run([sys.executable, "-c", KEPT_CHILD, str(root)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    first, edited, marked = json.loads(out.stdout)
    phone = "issues/HOJO/HOJO-2/comments/20261121T093000-yamada.md:6: guard-phone"
    assert phone in first
    assert edited == [line for line in first if line != phone]  # the edited comment scanned again; the rest as before
    # New marker words: the unchanged issue that holds one is found under the new rules.
    assert set(marked) - set(edited) == {"issues/HOJO/HOJO-2.md:2: guard-marker", "issues/HOJO/HOJO-2.md:6: guard-marker"}
