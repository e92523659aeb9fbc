"""The JSON Schema and the docs' field reference come from the one declaration and agree with the validator."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from tsuzuri.adapters.cli.commands.schema import reference_page
from tsuzuri.schema.jsonschema import to_json_schema, write_all
from tsuzuri.schema.kinds import KINDS
from tsuzuri.validate import validate

REPO = Path(__file__).resolve().parents[2]


def test_field_reference_page_is_current():
    committed = (REPO / "docs" / "fields.md").read_text(encoding="utf-8")
    assert committed == reference_page(), "docs/fields.md is stale: run `tsuzuri schema --reference docs/fields.md`"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_json_schema_is_valid_draft7(kind):
    schema = to_json_schema(KINDS[kind])
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"


def _front(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:]) if path.suffix == ".md" else yaml.safe_load(text)


def _json_ready(value):
    # safe_load turns dates into date objects; JSON Schema sees the text the person wrote.
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_demo_files_satisfy_the_json_schema(tmp_path):
    write_all(tmp_path)
    schemas = {k: json.loads((tmp_path / f"{k}.schema.json").read_text(encoding="utf-8")) for k in KINDS}
    files = {"config": [REPO / "tsuzuri.yml"], "issue": sorted((REPO / "issues").glob("*/*.md"))[:40],
             "comment": sorted((REPO / "issues").glob("*/*/comments/*.md"))[:40],
             "minutes": sorted((REPO / "minutes").glob("*/*.md")), "wbs": sorted((REPO / "wbs").glob("*.yml"))}
    for kind, paths in files.items():
        assert paths
        for path in paths:
            jsonschema.validate(_json_ready(_front(path)), schemas[kind])


def test_schemas_from_tsuzuri_yml_allow_its_statuses_types_priorities_and_members(tmp_path, capsys):
    from tsuzuri.adapters.cli.main import main
    from tsuzuri.store import load

    assert main(["schema", "--out", str(tmp_path), "--root", str(REPO)]) == 0
    schema = json.loads((tmp_path / "issue.schema.json").read_text(encoding="utf-8"))
    config = load(REPO).tracker.config
    props = schema["properties"]
    assert props["status"]["enum"][:2] == [config.statuses[0].id, config.statuses[0].label]
    assert set(props["type"]["enum"]) >= {t.id for t in config.types} and "task" in props["type"]["enum"]
    assert config.members[0].id in props["assignee"]["enum"] and config.members[0].name in props["assignee"]["enum"]
    assert props["watchers"]["anyOf"][0]["items"]["enum"] == props["assignee"]["enum"]
    assert props["watchers"]["anyOf"][1]["enum"] == props["assignee"]["enum"]
    for path in sorted((REPO / "issues").glob("*/*.md"))[:60]:  # the demo's own files pass
        jsonschema.validate(_json_ready(_front(path)), schema)
    for wrong in ({"status": "opne"}, {"type": "bugg"}, {"priority": "urgent!"}, {"assignee": "nobody"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"title": "x", "type": "task", "status": "open", **wrong}, schema)


def test_json_schema_rejects_what_the_validator_rejects():
    schema = to_json_schema(KINDS["issue"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "type": "task", "status": "open", "asignee": "y"}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "x", "type": "task", "status": "open", "due": "来週"}, schema)
    # ...and accepts the dates the validator reads as people write them
    for due in ("2026/11/30", "2026/4/1", "令和8年11月30日", "２０２６－１１－３０"):
        jsonschema.validate({"title": "x", "type": "task", "status": "open", "due": due}, schema)


ONE_ALONE = (
    ("issue", {"title": "x", "type": "task", "status": "open", "visibility": "internal"}, "visibility: internal\n"),
    ("issue", {"title": "x", "type": "task", "status": "open", "watchers": "sato"}, "watchers: sato\n"),
    ("comment", {"author": "sato", "date": "2026-11-21T09:30:00+09:00", "visibility": "internal"}, None),
    ("minutes", {"title": "m", "date": "2026-11-20", "visibility": "aoba"}, None),
)


@pytest.mark.parametrize(("kind", "front", "issue_lines"), ONE_ALONE)
def test_one_value_alone_is_a_list_of_one_for_the_schema_and_the_validator(tmp_path, kind, front, issue_lines):
    schema = to_json_schema(KINDS[kind])
    jsonschema.validate(front, schema)
    list_form = {k: [v] if k in ("visibility", "watchers") else v for k, v in front.items()}
    jsonschema.validate(list_form, schema)
    with pytest.raises(jsonschema.ValidationError):  # still a list of the right things, not any mapping
        jsonschema.validate({**front, "visibility": {"internal": True}}, schema)
    if issue_lines is None:
        return
    # The validator reads the same issue with no finding, and the value as a list of one.
    root = tmp_path / "t"
    (root / "issues" / "MIRA").mkdir(parents=True)
    (root / "tsuzuri.yml").write_text(
        "organizations:\n  - {id: office, name: 事務局, role: office}\n"
        "members:\n  - {id: sato, name: 佐藤, org: office}\n"
        "projects:\n  - {key: MIRA, name: M, organizations: [office]}\n", encoding="utf-8")
    (root / "issues/MIRA/MIRA-1.md").write_text(f"---\ntitle: x\ntype: task\nstatus: open\n{issue_lines}---\n", encoding="utf-8")
    loaded, findings = validate(root)
    assert [f.text() for f in findings] == []
    issue = loaded.tracker.issues["MIRA-1"]
    assert issue.visibility == (("internal",) if "visibility" in issue_lines else ())
    assert issue.watchers == (("sato",) if "watchers" in issue_lines else ())


def test_field_reference_says_one_value_may_stand_alone():
    page = reference_page()
    row = next(line for line in page.splitlines() if line.startswith("| `visibility`"))
    assert "list of" in row and "or one alone" in row


def test_format_page_examples_validate(tmp_path):
    """Every example file in docs/format.md, put together, is a tracker with no findings."""
    page = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = re.findall(r'```(?:yaml|markdown) title="([^"]+)"\n(.*?)```', page, re.DOTALL)
    assert len(blocks) >= 5
    root = tmp_path / "t"
    for name, text in blocks:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    for key in ("MIRA-3", "MIRA-8", "MIRA-20"):  # issues the examples point at
        (root / f"issues/MIRA/{key}.md").write_text(f"---\ntitle: {key}\ntype: task\nstatus: open\n---\n", encoding="utf-8")
    loaded, findings = validate(root)
    assert [f.text() for f in findings] == []
    assert loaded.tracker.issues["MIRA-12"].status == "open"
    assert loaded.tracker.minutes[0].actions[0].issue == "MIRA-12"
    shutil.rmtree(root)
