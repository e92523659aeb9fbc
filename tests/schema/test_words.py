"""The schema's words live in the catalog: every field is described there, and nothing there is left over."""

from __future__ import annotations

from tsuzuri.messages import CATALOG
from tsuzuri.schema.declare import Field, check, doc_id, label_id
from tsuzuri.schema.jsonschema import to_json_schema
from tsuzuri.schema.kinds import ISSUE, KINDS, MINUTES, WBS
from tsuzuri.schema.reference import kind_markdown


def _objects() -> list[Field]:
    """Every object field of every kind, once (the WBS item is its own children's shape)."""
    found: dict[int, Field] = {}

    def walk(f: Field) -> None:
        if f.type == "object" and id(f) not in found:
            found[id(f)] = f
            for child in f.fields:
                walk(child)
        if f.items is not None:
            walk(f.items)

    for kind in KINDS.values():
        walk(kind.root)
    return list(found.values())


def test_every_field_of_every_kind_is_described_in_the_catalog():
    missing = [doc_id(parent, f) for parent in _objects() for f in parent.fields if doc_id(parent, f) not in CATALOG["en"]]
    assert missing == []
    assert [f"schema.kind.{k}" for k in KINDS if f"schema.kind.{k}" not in CATALOG["en"]] == []


def test_the_catalog_describes_no_field_that_is_not_declared():
    declared = {doc_id(parent, f) for parent in _objects() for f in parent.fields}
    declared |= {f"schema.kind.{k}" for k in KINDS}
    labels = {label_id(parent, f) for parent in _objects() for f in parent.fields if parent.name != "issue"}
    described = {i for i in CATALOG["en"] if i.startswith(("schema.doc.", "schema.kind."))}
    other_labels = {i for i in CATALOG["en"] if i.startswith("field.") and i.count(".") == 2}
    assert sorted(described - declared) == []
    assert sorted(other_labels - labels) == []


def test_an_issue_field_has_the_one_label_pages_and_mail_use():
    assert label_id(ISSUE.root, ISSUE.root.by_name["watchers"]) == "field.watchers"
    assert "| `watchers` (ウォッチ) |" in kind_markdown(ISSUE, "ja")
    assert "| `title` (会議名) |" in kind_markdown(MINUTES, "ja")


def test_the_editor_schema_and_the_reference_speak_the_chosen_language():
    ja, en = to_json_schema(WBS, "ja"), to_json_schema(WBS, "en")
    assert ja["properties"]["baseline"]["description"] == CATALOG["ja"]["schema.doc.wbs.baseline"]
    assert en["properties"]["baseline"]["description"] == CATALOG["en"]["schema.doc.wbs.baseline"]
    assert CATALOG["en"]["schema.doc.wbs.baseline"] != CATALOG["ja"]["schema.doc.wbs.baseline"]
    assert ja["description"] == CATALOG["ja"]["schema.kind.wbs"] and en["description"] == CATALOG["en"]["schema.kind.wbs"]
    item = ja["definitions"]["item"]["properties"]
    assert item["progress"]["description"] == CATALOG["ja"]["schema.doc.item.progress"]
    reference = kind_markdown(WBS, "ja")
    assert CATALOG["ja"]["schema.doc.item.progress"] in reference and "| 項目 | 型 | 必須 | 意味 | 例 |" in reference


def test_a_field_written_under_its_label_is_named_back_in_either_language():
    for word in ("会議名", "出席者"):
        problem = check(MINUTES, {"title": "定例", "date": "2026-11-20", word: "x"}).problems[0]
        assert problem.code == "unknown-field" and problem.hint.id == "hint.did-you-mean"
    checked = check(ISSUE, {"title": "t", "type": "task", "status": "open", "ウォッチ": ["sato"], "last updated by": "x"})
    assert sorted(p.hint.params["guess"] for p in checked.problems) == ["updated_by", "watchers"]
    assert check(WBS, {"items": [{"id": "1", "作業名": "x"}]}).problems[0].hint.params["guess"] == "title"
