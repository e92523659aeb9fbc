"""Arbitrary bytes and arbitrary YAML never make the loader raise: they become findings."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsuzuri.findings import Finding
from tsuzuri.schema.kinds import KINDS
from tsuzuri.store.documents import read

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20) | st.dates().map(str),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def _read(tmp_path, kind: str, data: bytes) -> list[Finding]:
    name = {
        "issue": "issues/MIRA/MIRA-1.md", "comment": "issues/MIRA/MIRA-1/comments/x.md", "minutes": "minutes/2026/2026-01-01-a.md",
        "wbs": "wbs/MIRA.yml", "config": "tsuzuri.yml"
    }[kind]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    findings: list[Finding] = []
    doc = read(tmp_path, name, KINDS[kind], findings)
    assert doc.ok or findings, "a file that could not be read must say why"
    for f in findings:
        assert f.path == name and f.line >= 1 and f.col >= 1 and f.message
        assert f.words("ja") and f.words("en")  # every finding can be said in both languages
    return findings


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), data=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path, kind, data):
    _read(tmp_path, kind, data)


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), text=st.text(max_size=300))
def test_arbitrary_text(tmp_path, kind, text):
    _read(tmp_path, kind, (
        "---\n" + text + "\n---\nbody\n"
    ).encode("utf-8", "surrogatepass") if kind not in ("wbs", "config") else text.encode("utf-8", "surrogatepass"))


@FAST
@given(kind=st.sampled_from(sorted(KINDS)), value=yaml_values)
def test_arbitrary_yaml(tmp_path, kind, value):
    text = yaml.safe_dump(value, allow_unicode=True)
    data = ("---\n" + text + "---\n").encode("utf-8") if kind not in ("wbs", "config") else text.encode("utf-8")
    _read(tmp_path, kind, data)


@FAST
@given(kind=st.sampled_from(["issue", "wbs"]), fields=st.dictionaries(st.sampled_from([
    "title", "type", "status", "due", "start", "estimate", "links", "custom", "items", "after", "children", "id", "duration", "parent",
    "watchers"
]), yaml_values, max_size=8))
def test_known_fields_with_arbitrary_values(tmp_path, kind, fields):
    text = yaml.safe_dump(fields, allow_unicode=True)
    data = ("---\n" + text + "---\n").encode("utf-8") if kind == "issue" else text.encode("utf-8")
    _read(tmp_path, kind, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(issue=st.dictionaries(
    st.sampled_from(["title", "type", "status", "due", "start", "parent", "links", "custom", "milestone", "categories", "assignee"]),
    yaml_values, max_size=8), wbs=st.dictionaries(st.sampled_from(["start", "items", "baseline"]), yaml_values, max_size=3))
def test_whole_tracker_with_fuzzed_files(tmp_path_factory, fixtures_dir, issue, wbs):
    import shutil

    from tsuzuri.validate import validate

    root = tmp_path_factory.mktemp("t") / "minimal"
    shutil.copytree(fixtures_dir / "minimal", root)
    (root / "issues/MIRA/MIRA-9.md").write_text("---\n" + yaml.safe_dump(issue, allow_unicode=True) + "---\n", encoding="utf-8")
    (root / "wbs/MIRA.yml").write_text(yaml.safe_dump(wbs, allow_unicode=True), encoding="utf-8")
    validate(root)  # must not raise
