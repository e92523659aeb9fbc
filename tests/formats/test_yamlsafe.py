"""The safe YAML reader: plain values as written, hostile input refused in bounded time."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsuzuri.formats import yamlsafe
from tsuzuri.messages import localized


def test_plain_scalars_resolve_like_a_person_means():
    value, _ = yamlsafe.load("a: no\nb: 0123\nc: 12:30\nd: 2026-11-30\ne: 1\nf: 1.5\ng: true\nh: ~\ni: 'yes'\n")
    assert value == {"a": "no", "b": "0123", "c": "12:30", "d": "2026-11-30", "e": 1, "f": 1.5, "g": True, "h": None, "i": "yes"}


def test_numbers_remember_their_text():
    value, _ = yamlsafe.load("id: 1.10\n")
    assert value["id"] == 1.1 and yamlsafe.source_text(value["id"]) == "1.10"


def test_positions_are_recorded_with_offset():
    _, positions = yamlsafe.load("a: 1\nb:\n  - x\n  - {c: d}\n", line_offset=1)
    assert positions.line_col(("a",)) == (2, 1)
    assert positions.line_col(("a", "<value>")) == (2, 4)
    assert positions.line_col(("b", 1)) == (5, 5)
    assert positions.line_col(("b", 1, "c")) == (5, 6)


@pytest.mark.parametrize(
    "text, code, line",
    [
        ("a: 1\na: 2\n", "duplicate-key", 2),
        ("a: &x 1\nb: *x\n", "yaml-anchor", 1),
        ("a: !!python/object:os.system x\n", "yaml-tag", 1),
        ("a: [1\n", "yaml-syntax", 1),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2),
        ("? [a]\n: 1\n", "yaml-key", 1),
    ],
)
def test_refused_input(text, code, line):
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load(text)
    assert info.value.code == code and info.value.line == line


def test_billion_laughs_is_refused_at_once():
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    started = time.perf_counter()
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load(lol)
    assert info.value.code in ("yaml-anchor", "yaml-alias")
    assert time.perf_counter() - started < 1.0


def test_deep_nesting_is_refused():
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load("a: " + "[" * 100_000 + "]" * 100_000)
    assert info.value.code == "yaml-too-deep"


def test_oversized_yaml_is_refused():
    with pytest.raises(yamlsafe.YamlProblem) as info:
        yamlsafe.load("a: '" + "x" * (yamlsafe.MAX_BYTES + 10) + "'\n")
    assert info.value.code == "yaml-too-large"



_yaml_words = st.sampled_from([
    "a: 1\n", "b: [x, y]\n", "- 1\n", "c: {d: e}\n", "&x ", "*x", "a: 2\n", "!!str ", "  ", "e:\n  - f\n", "'q'", "---\n", "? k\n", ": v\n",
    "[", "]", "{", "}"
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_yaml_words, max_size=12).map("".join))
def test_fast_reader_agrees_with_the_full_reader(text):
    try:
        full = yamlsafe.load(text)[0]
    except yamlsafe.YamlProblem as problem:
        with pytest.raises(yamlsafe.YamlProblem) as info:
            yamlsafe.load_values(text)
        assert (info.value.code, info.value.line) == (problem.code, problem.line)
    else:
        assert yamlsafe.load_values(text) == full


def test_libyaml_s_words_are_explained_in_japanese():
    with pytest.raises(yamlsafe.YamlProblem) as raised:
        yamlsafe.load("title: 議事録: 第1回\n")
    message = raised.value.message
    assert message == "YAML syntax error: mapping values are not allowed in this context"
    assert message.render("ja").startswith("YAML の書き方に誤りがあります: ここに `:` は書けません。")


def test_a_tab_indent_is_explained_in_japanese_at_its_line():
    with pytest.raises(yamlsafe.YamlProblem) as caught:
        yamlsafe.load("title: x\n\tstatus: open\n", line_offset=1)
    problem = caught.value
    assert (problem.code, problem.line) == ("yaml-syntax", 3)
    assert "タブ" in localized(problem.message, "ja") and "violates" not in localized(problem.message, "ja")
    assert "spaces" in localized(problem.message, "en")


@pytest.mark.parametrize(("text", "line"), [
    ("title: x\ntype: [task\nstatus: open\n", 2),
    ("links: {blocks: [A-1]\nstatus: open\n", 1),
    ('title: "abc\nstatus: open\n', 1),
    ("a: [1, 2]]\n", 1),
])
def test_an_unclosed_bracket_or_quote_is_reported_where_it_opened(text, line):
    with pytest.raises(yamlsafe.YamlProblem) as caught:
        yamlsafe.load(text)
    assert caught.value.line == line
