"""Files an OS or an editor leaves beside issues are ignored, not warned about or attached."""

from tsuzuri.validate import validate

LITTER = ("Thumbs.db", "desktop.ini", "~$book.xlsx", "MIRA-1.md~", ".MIRA-1.md.swp", ".DS_Store")


def test_os_and_editor_litter_is_ignored(minimal):
    root = minimal
    files = root / "issues/MIRA/MIRA-1/files"
    for folder in (root / "issues", root / "issues/MIRA", files, root / "wbs"):
        folder.mkdir(parents=True, exist_ok=True)
        for name in LITTER:
            (folder / name).write_bytes(b"x")
    (root / "issues/MIRA/MIRA-1/files/report.xlsx").write_bytes(b"real")
    loaded, findings = validate(root)
    assert findings == []
    assert [a.name for a in loaded.tracker.issues["MIRA-1"].attachments] == ["report.xlsx"]


def test_a_real_stray_file_still_warns(minimal):
    (minimal / "issues/MIRA/notes.txt").write_text("x", encoding="utf-8")
    _, findings = validate(minimal)
    assert [(f.path, f.code) for f in findings] == [("issues/MIRA/notes.txt", "stray-file")]


def test_a_near_miss_issue_name_gets_the_name_to_use(minimal):
    text = (minimal / "issues/MIRA/MIRA-1.md").read_text(encoding="utf-8")
    for name in ("mira-31.md", "MIRA-032.md", "ＭＩＲＡ－３３.md"):
        (minimal / "issues/MIRA" / name).write_text(text, encoding="utf-8")
    _, findings = validate(minimal)
    hints = {f.path.rsplit("/", 1)[-1]: str(f.hint) for f in findings if f.code == "key-format"}
    assert hints == {
        "mira-31.md": "rename it to MIRA-31.md", "MIRA-032.md": "rename it to MIRA-32.md", "ＭＩＲＡ－３３.md": "rename it to MIRA-33.md"
    }
