"""Rebuilds in one process parse again only the files whose bytes changed, and load the same tracker as a fresh read."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a child: keeping parsed files is for the whole process from then on.
CHILD = r"""
import sys
from pathlib import Path
from tsuzuri.store import documents, load
root = Path(sys.argv[1])
fresh = load(root)
documents.keep_parsed()
first = load(root)
again = load(root)
assert again.tracker == fresh.tracker == first.tracker
assert again.findings == fresh.findings
issue = root / "issues" / "HOJO" / "HOJO-1.md"
issue.write_text(issue.read_text(encoding="utf-8").replace("title: ", "title: 改訂 ", 1), encoding="utf-8")
(root / "issues" / "HOJO" / "HOJO-2.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
edited, reread = load(root), None
documents._PARSED.clear()
reread = load(root)
assert edited.tracker == reread.tracker and edited.findings == reread.findings
assert edited.tracker.issues["HOJO-1"].title.startswith("改訂 ")
assert any(f.path == "issues/HOJO/HOJO-2.md" for f in edited.findings)
kept = documents._PARSED[(str(root / "issues" / "HOJO" / "HOJO-3.md"), "issue")][1]
assert load(root).tracker.issues["HOJO-3"] == reread.tracker.issues["HOJO-3"]
print("ok", len(documents._PARSED), kept.path)
"""


def test_a_file_is_parsed_again_only_when_its_bytes_change(tmp_path):
    root = tmp_path / "t"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "build", "site", ".venv", "node_modules", ".tsuzuri-cache", "tests",
                                                              "tools", "bench", "docs"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("ok ")
