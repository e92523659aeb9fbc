"""The message catalog: both languages complete, messages render in either language."""

from __future__ import annotations

import ast
import copy
import pickle
import re
import string
from pathlib import Path

import pytest

from tsuzuri import messages
from tsuzuri.messages import CATALOG, Message, choose, say

PACKAGE = Path(messages.__file__).parent.parent  # the whole tsuzuri package


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_both_languages_have_the_same_ids():
    assert set(CATALOG["ja"]) == set(CATALOG["en"])


@pytest.mark.parametrize("message_id", sorted(CATALOG["en"]))
def test_both_languages_take_the_same_placeholders(message_id):
    assert _placeholders(CATALOG["ja"][message_id]) == _placeholders(CATALOG["en"][message_id])


def test_japanese_entries_are_japanese():
    kana = re.compile("[\u3000-\u30ff\u4e00-\u9fff]")
    # ids whose words are the same in both languages (pure placeholders or command syntax)
    same = {
        "finding.with-hint", "cli.against", "diff.issue-fields", "diff.kind.wbs", "diff.list-separator", "show.change",
        "io.plan.step", "feed.changes", "change.phrase", "io.in-file", "io.backlog.http", "csv.schedule.id", "csv.schedule.yes",
        "mail.text.hint-quote", "mail.text.hint-separator", "mail.text.comment_by", "cli.schedule.table.id", "cli.schedule.table.marks",
        "cli.schedule.slip.id", "change.replaced", "change.separator", "change.link-kind", "site.file-kind.pdf", "chart.gantt.week_tick",
        "chart.gantt.day_tick"
    }
    assert [i for i, text in CATALOG["ja"].items() if i not in same and not kana.search(text)] == []


def test_every_id_the_code_uses_is_in_the_catalog():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        used.update(re.findall(r'Message\(\s*"([^"]+)"', source))
        used.update(re.findall(r'say\((?:[^,()]|\([^()]*\))+,\s*"([^"]+)"', source))
    assert len(used) > 100  # the scan found the producers
    assert sorted(used - set(CATALOG["en"])) == []


def test_a_message_reads_as_english_and_renders_in_japanese():
    message = Message("ref.member", value="yamda")
    assert message == "`yamda` is not a known member"
    assert message.render("ja") == "メンバー `yamda` は tsuzuri.yml に登録されていません"
    assert message.render("en") == str(message)


def test_a_message_can_read_in_the_configured_language():
    message = Message("wbs-cycle", lang="ja", cycle="1 -> 2 -> 1")
    assert message.startswith("先行関係が循環しています: 1 -> 2 -> 1")
    assert message.render("en") == "dependency cycle: 1 -> 2 -> 1; remove one of these `after` entries"


def test_a_message_keeps_its_id_when_copied_or_pickled():
    message = Message("schema.unknown-field", field="asignee")
    for twin in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert twin == message and twin.render("ja") == "不明な項目 `asignee` です"


def test_nested_messages_render_in_the_same_language():
    outer = Message(
        "finding.with-hint", message=Message("schema.required", field="title"), hint=Message("hint.did-you-mean", guess="title")
    )
    assert outer.render("ja") == "`title` は必須です(もしかして `title`?)"
    assert outer.render("en") == "`title` is required (did you mean `title`?)"


def test_say_formats_one_entry():
    assert say("ja", "cli.summary", errors=2, warnings=1) == "エラー 2 件、警告 1 件"
    assert say("en", "cli.summary", errors=2, warnings=1) == "2 errors, 1 warning"
    assert say("en", "cli.summary", errors=1, warnings=0) == "1 error, 0 warnings"


def test_the_option_beats_the_environment_which_beats_the_configuration():
    assert choose("en", {"TSUZURI_LANG": "ja"}, "ja") == "en"
    assert choose(None, {"TSUZURI_LANG": "en"}, "ja") == "en"
    assert choose(None, {"TSUZURI_LANG": "ja"}, "en") == "ja"
    assert choose(None, {}, "en") == "en"
    assert choose(None, {"TSUZURI_LANG": " "}, "en") == "en"
    assert choose(None, {}, None) == "ja"


def test_an_unknown_environment_language_is_refused_not_ignored():
    with pytest.raises(ValueError, match="TSUZURI_LANG"):
        choose(None, {"TSUZURI_LANG": "fr"}, "en")


def test_ids_the_code_builds_at_run_time_are_in_the_catalog():
    from tsuzuri.schema.kinds import ISSUE

    built = [f"diff.document.{s}" for s in "ADM"] + [f"feed.document.{s}" for s in "ADM"]
    built += [f"diff.kind.{k}" for k in ("minutes", "wbs", "settings")] + [f"io.plan.{a}" for a in ("create", "update", "skip")]
    built += [f"mail.where.{w}" for w in ("plus-address", "references", "subject")] + ["cli.mail.comment", "cli.mail.issue"]
    kinds = ("user", "status", "type", "priority", "milestone", "category", "custom-field")
    built += [f"io.backlog.{part}.{k}" for part in ("kind", "hint") for k in kinds]
    built += [f"io.backlog.http-{code}" for code in (401, 403, 404)]
    built += [f"io.stage.{s}" for s in ("export", "fetch", "move", "plan", "read", "validate", "write")]
    # every issue field a change can name has a word (links and custom are shown whole)
    built += [f"field.{f.name}" for f in ISSUE.root.fields if f.name not in ("created_by", "origin")]
    assert [i for i in built if i not in CATALOG["en"]] == []


def test_field_words_follow_the_language():
    assert messages.field_label("ja", "assignee") == "担当者"
    assert messages.field_label("en", "assignee") == "assignee"
    assert messages.field_label("ja", "created_by") == "created_by"  # no word: the name as written


LANGUAGE_CODES = {"ja", "en"}
# a name that holds one language's words beside another's (doc_ja=..., label_en): words kept outside the catalog
PER_LANGUAGE_NAME = re.compile(r"_(?:ja|en)$")


def _names_a_language(node) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in LANGUAGE_CODES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_a_language(n) for n in node.elts)
    return False


def _names(node) -> list[str]:
    if isinstance(node, ast.keyword):
        return [node.arg or ""]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, (ast.Name, ast.arg)):
        return [node.id if isinstance(node, ast.Name) else node.arg]
    return []


def _language_switches(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_names_a_language(n) for n in (node.left, *node.comparators)):
            lines.append(node.lineno)  # if lang == "ja": ... / "ja" if language in ("ja",) else ...
        elif isinstance(node, ast.Dict) and any(isinstance(k, ast.Constant) and k.value in LANGUAGE_CODES for k in node.keys):
            lines.append(node.lineno)  # a table of words per language: {"en": ..., "ja": ...}
        elif any(PER_LANGUAGE_NAME.search(name) for name in _names(node)):
            lines.append(node.lineno)  # Field(..., doc_ja="...") / field.label_ja
    return sorted(lines)


def test_the_switch_finder_finds_switches():
    assert _language_switches('x = "A" if lang == "ja" else "B"\ny = {"en": 1, "ja": 2}\nz = lang in ("en",)\n') == [1, 2, 3]
    assert _language_switches('say(lang, "cli.ok")\nLANGUAGES = ("ja", "en")\n') == []
    assert _language_switches('Field("title", "string",\n      doc_ja="件名")\nx = f.label_ja\n') == [2, 3]


def test_no_code_outside_the_catalog_picks_words_by_language():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith("messages/"):
            continue
        found += [f"{rel}:{line}" for line in _language_switches(path.read_text(encoding="utf-8"))]
    assert found == []


def test_plural_choices_follow_the_count():
    assert say("en", "cli.export.done", count=1, out="a.csv") == "exported 1 issue to a.csv"
    assert say("en", "cli.export.done", count=3, out="a.csv") == "exported 3 issues to a.csv"
    assert say("ja", "cli.export.done", count=1, out="a.csv") == say("ja", "cli.export.done", count=1, out="a.csv")
    assert not [i for i, text in CATALOG["en"].items() if "(s)" in text]


def test_one_fallback_rule_a_missing_language_reads_in_english():
    assert say("fr", "cli.ok") == say("en", "cli.ok")
    assert messages.phrases("fr", "site")["issues"] == messages.phrases("en", "site")["issues"] == "Issues"


def test_the_site_and_mail_use_the_one_set_of_field_labels():
    from tsuzuri.site.context import site_words

    for lang in ("ja", "en"):
        words = site_words(lang)
        assert words["watchers"] == messages.heading(messages.field_label(lang, "watchers"))
    assert site_words("ja")["watchers"] == "ウォッチ"
    assert not [i for i in CATALOG["en"] if i.startswith("site.") and i[5:] in ("watchers", "title", "status", "due")]
