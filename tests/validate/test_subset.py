"""A vendor's repository holding only its projects: split off and merged back with ordinary Git.

The recipe of docs/vendor-repositories.md, step by step, on real repositories.
"""

from __future__ import annotations

from tracker_fixture import CONFIG, git, make_repo
from tsuzuri.validate import validate

OFFICE_CONFIG = CONFIG.replace(
    "  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a]}\n",
    "  - {key: HOJO, name: 補助金申請システム, organizations: [office, vendor-a]}\n"
    "  - {key: MIRA, name: 情報発信ポータル, organizations: [office]}\n",
)


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _errors(root):
    return [f.text() for f in validate(root)[1] if f.severity == "error"]


def _office(tmp_path):
    root = make_repo(tmp_path / "office")
    _write(root, "tsuzuri.yml", OFFICE_CONFIG)
    _write(root, "issues/MIRA/MIRA-1.md", "---\ntitle: ポータルの件\ntype: task\nstatus: open\nlinks: {relates: [HOJO-1]}\n---\n")
    _write(
        root, "issues/HOJO/HOJO-12.md",
        (root / "issues/HOJO/HOJO-12.md").read_text(encoding="utf-8").replace("relates: [HOJO-1]", "relates: [HOJO-1, MIRA-1]")
    )
    _write(root, "minutes/2026/2026-11-20-weekly.md", (root / "minutes/2026/2026-11-20-weekly.md").read_text(encoding="utf-8")
           + "\nMIRA-1 の状況も共有した。[ポータルの配色案](/files/MIRA/配色案.txt) と [申請項目](/files/HOJO/申請項目.csv) を配布。\n")
    _write(root, "files/MIRA/配色案.txt", "ポータルの配色案\n")
    _write(root, "files/HOJO/申請項目.csv", "項目,必須\r\n申請者区分,必須\r\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add the MIRA project")
    assert _errors(root) == []
    return root


def _split(office):
    """The office's side of the split: a branch with HOJO only, recorded on main as merged without its deletions."""
    git(office, "switch", "-q", "-c", "vendor-a", "main")
    git(office, "rm", "-q", "-r", "issues/MIRA", "files/MIRA")
    _write(office, "tsuzuri.yml", OFFICE_CONFIG + "subset: true\n")
    git(office, "add", "tsuzuri.yml")
    git(office, "commit", "-q", "-m", "Keep only HOJO for vendor A")
    git(office, "switch", "-q", "main")
    git(office, "merge", "-q", "-s", "ours", "-m", "Record vendor A's repository as split off", "vendor-a")


def test_a_subset_validates_without_the_projects_it_does_not_hold(tmp_path):
    office = _office(tmp_path)
    _split(office)
    vendor = tmp_path / "vendor"
    git(tmp_path, "clone", "-q", "--branch", "vendor-a", str(office), str(vendor))
    assert not (vendor / "issues/MIRA").exists() and not (vendor / "files/MIRA").exists()
    assert (vendor / "files/HOJO/申請項目.csv").is_file()
    assert _errors(vendor) == []  # HOJO-12's link to MIRA-1, the minutes' MIRA-1 and MIRA's shared file are not errors here
    # A link to a shared file of a project it does hold is still checked.
    _write(
        vendor, "minutes/2026/2026-11-27-weekly.md",
        "---\ntitle: 第2回\ndate: 2026-11-27\nproject: HOJO\n---\n[資料](/files/HOJO/ない資料.pdf)\n"
    )
    assert [e for e in _errors(vendor) if "ない資料.pdf" in e]
    (vendor / "minutes/2026/2026-11-27-weekly.md").unlink()
    # A reference into a project it does hold is still checked.
    _write(vendor, "issues/HOJO/HOJO-13.md", "---\ntitle: 新しい件\ntype: task\nstatus: open\nparent: HOJO-99\n---\n")
    assert [e for e in _errors(vendor) if "HOJO-99" in e]
    # Without subset: true the same checkout is broken, as a copy of the office's repository would be.
    (vendor / "issues/HOJO/HOJO-13.md").unlink()
    _write(vendor, "tsuzuri.yml", OFFICE_CONFIG)
    assert any("MIRA-1" in e for e in _errors(vendor)) and any("配色案.txt" in e for e in _errors(vendor))


def test_the_vendors_work_merges_back_and_the_offices_work_goes_out(tmp_path):
    office = _office(tmp_path)
    _split(office)
    vendor = tmp_path / "vendor"
    git(tmp_path, "clone", "-q", "--branch", "vendor-a", str(office), str(vendor))
    # The vendor works in its repository.
    _write(
        vendor, "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md",
        "---\nauthor: tanaka\ndate: 2026-11-25T10:00:00+09:00\n---\n対応しました。[回答書](/files/HOJO/回答書.txt)\n"
    )
    _write(vendor, "files/HOJO/回答書.txt", "回答書\n")
    git(vendor, "add", "-A")
    git(vendor, "commit", "-q", "-m", "Answer HOJO-1", author="tanaka")
    # The office merges it back with an ordinary merge: MIRA and tsuzuri.yml stay as they are.
    git(office, "fetch", "-q", str(vendor), "vendor-a:vendor-a-incoming")
    git(office, "merge", "-q", "--no-edit", "vendor-a-incoming")
    assert (office / "issues/HOJO/HOJO-1/comments/20261125T100000-tanaka.md").is_file() and (office / "files/HOJO/回答書.txt").is_file()
    assert (office / "files/MIRA/配色案.txt").is_file()
    assert (office / "issues/MIRA/MIRA-1.md").is_file() and "subset" not in (office / "tsuzuri.yml").read_text(encoding="utf-8")
    assert _errors(office) == []
    # The office's own changes go out: merge main into the vendor branch, dropping what it does not hold.
    _write(
        office, "issues/HOJO/HOJO-1.md",
        (office / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8").replace("status: open", "status: in_progress")
    )
    _write(office, "issues/MIRA/MIRA-2.md", "---\ntitle: 事務局の別件\ntype: task\nstatus: open\n---\n")
    git(office, "add", "-A")
    git(office, "commit", "-q", "-m", "Office work on HOJO and MIRA")
    git(office, "switch", "-q", "vendor-a-incoming")
    git(office, "merge", "-q", "--no-ff", "--no-commit", "main", check=False)
    git(office, "rm", "-q", "-r", "-f", "--ignore-unmatch", "issues/MIRA", "files/MIRA")
    git(office, "checkout", "vendor-a-incoming", "--", "tsuzuri.yml")
    git(office, "commit", "-q", "--no-edit")
    assert not (office / "issues/MIRA").exists() and not (office / "files/MIRA").exists()
    assert "subset: true" in (office / "tsuzuri.yml").read_text(encoding="utf-8")
    assert "status: in_progress" in (office / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8")
    assert _errors(office) == []
    git(vendor, "pull", "-q", "--no-rebase", str(office), "vendor-a-incoming")
    assert "status: in_progress" in (vendor / "issues/HOJO/HOJO-1.md").read_text(encoding="utf-8") and not (vendor / "issues/MIRA").exists()
    # The update, too, is recorded on main as merged without its deletions; then the vendor's next
    # commit merges back cleanly, again.
    git(office, "switch", "-q", "main")
    git(office, "merge", "-q", "-s", "ours", "-m", "Record the update of vendor A's repository", "vendor-a-incoming")
    _write(
        vendor, "issues/HOJO/HOJO-12.md",
        (vendor / "issues/HOJO/HOJO-12.md").read_text(encoding="utf-8").replace("status: open", "status: resolved")
    )
    git(vendor, "commit", "-q", "-am", "Resolve HOJO-12", author="hayashi")
    git(office, "fetch", "-q", str(vendor), "vendor-a:vendor-a-incoming-2")
    git(office, "merge", "-q", "--no-edit", "vendor-a-incoming-2")
    assert (office / "issues/MIRA/MIRA-2.md").is_file() and "subset" not in (office / "tsuzuri.yml").read_text(encoding="utf-8")
    assert "status: resolved" in (office / "issues/HOJO/HOJO-12.md").read_text(encoding="utf-8")
    assert _errors(office) == []
