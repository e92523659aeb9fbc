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


# --- the flat reader: one ``key: value`` a line, read without libyaml ---------------------------

_TRICKY = [
    "1,000円", "予算[一般]", "{a: b}", "a, b", "[x]", "a: b", "a:b", "key:", "# c", "a #b", "a#b", "- item", "-", "-1", "--- ", "...",
    "? q", "?x", "&anchor", "*alias", "!tag", "!!str x", "%YAML", "@user", "`code`", "|", ">", "'", '"', "''", '"x"', "'x'",
    '"a\\"b"', '"a\\nb"', "\\", "\\n", "no", "off", "yes", "true", "False", "0123", "0o17", "0x1F", "12:30", "1:2:3", "1e3", "1.5e3",
    "1_000", ".5", "+1", "1.", ".inf", ".nan", "~", "null", "NULL", "", " ", "  lead", "trail  ", "\u3000全角\u3000", "：全角コロン",
    "2026-11-30", "2026-11-30T09:00:00+09:00", "https://example.jp/a?b=c#d", "=SUM(A1)", "<<", "\ufeffbom", "a\u2028b", "a\u0085b",
    "tab\tin", "cr\rlf", "esc\x1b[31m", "del\x7f", "x\udcff", "\U0001f600", "\ufffe", "[a, b]", "[]", "[ a ]", "[a,b]", '["x", y]',
    "[a:b]", "[1, 2.5, null, ~]", "[x, [y]]", "a  b", "a: ", "課題 1: 画面50の確認", "it's", 'say "hi"', "a\\b", "a'b", "x:",
]
_KEYS = st.sampled_from(["title", "type", "due", "a_b", "x1", "true", "null", "No", "1", "_", "key name", "ｔｉｔｌｅ"])
_SEPARATORS = st.sampled_from([": ", ": ", ": ", ":", ":  ", ":\t", " : "])
# Characters that matter to YAML beside ones that do not, so most generated lines are close calls
_CLOSE_CALLS = st.text(st.sampled_from(list("ab1.-:#,[]{}\"'\\ !&*?|>%@`~=\t\u3000\u0085\u2028\ufeff課題")), max_size=10)
_VALUE = st.sampled_from(_TRICKY) | st.text(max_size=12) | _CLOSE_CALLS | _CLOSE_CALLS.map(lambda v: f"[{v}]") | _CLOSE_CALLS.map(
    lambda v: f'"{v}"'
)
_LINE = st.one_of(
    st.tuples(st.sampled_from(["title", "due", "a_b", "x1", "_"]), st.just(": "), _VALUE).map("".join),  # well formed but for the value
    st.tuples(_KEYS, _SEPARATORS, _VALUE).map("".join),
)


def _typed(value):
    """A value with every type and written text spelt out, so 1 and 1.0 and True never compare equal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value, yamlsafe.source_text(value))


def _agrees(text: str) -> bool:
    """Check that the flat reader either hands ``text`` over or reads exactly what libyaml reads; tell which."""
    flat = yamlsafe._flat_values(text)
    if flat is yamlsafe._NOT_FLAT:
        return False
    assert _typed(flat) == _typed(yamlsafe.load(text)[0])  # libyaml reads it, and reads the same
    return True


@settings(max_examples=2000, deadline=None)
@given(_LINE, st.sampled_from(["\n", ""]))
def test_the_flat_reader_reads_each_line_as_libyaml_does_or_hands_it_over(line, end):
    _agrees(line + end)


@settings(max_examples=500, deadline=None)
@given(st.lists(_LINE | st.sampled_from(["title: a", "b: [x, y]", 'c: "q: r"', "d: 12:30"]), min_size=1, max_size=5),
       st.sampled_from(["\n", "", "\n\n"]))
def test_the_flat_reader_reads_whole_texts_as_libyaml_does_or_hands_them_over(lines, end):
    _agrees("\n".join(lines) + end)


def test_the_flat_reader_takes_what_it_can_and_hands_over_the_rest():
    taken = ["title: a", "title: 12:30", "a: https://example.jp/x", 'a: "b: c # d"', "a: [x, \"y, z\", 1]", "a: []", "a: it's", "a: ~"]
    handed = ["a: b # c", "a: x:", "a: 'q'", "true: 1", "a: 1\na: 2", "a: \"x\\ny\"", "a:  b", "a: b ", "a: {b: c}", " a: b", "a: -1"]
    assert [_agrees(t) for t in taken] == [True] * len(taken)
    assert [_agrees(t) for t in handed] == [False] * len(handed)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["title", "status", "assignee", "due", "estimate", "categories", "watchers", "origin", "custom"]),
    st.one_of(
        st.sampled_from(_TRICKY), st.text(max_size=15), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
        st.lists(st.sampled_from(_TRICKY) | st.text(max_size=6), max_size=3), st.dictionaries(st.sampled_from(["k"]), st.text(max_size=4)),
    ),
    min_size=1,
))
def test_front_matter_the_store_writes_reads_the_same_either_way(fields):
    from tsuzuri.store.writer import front_matter

    inner = front_matter(fields).removeprefix("---\n").removesuffix("---\n")
    if not inner:
        return
    assert _typed(yamlsafe.load_values(inner)) == _typed(yamlsafe.load(inner)[0])


def test_the_files_an_import_writes_take_the_flat_path():
    from tsuzuri.store.writer import front_matter

    fields = {"title": "課題 1: 画面50の確認", "type": "bug", "status": "open", "priority": "high", "assignee": "m07",
              "start": "2026-09-13", "due": "2026-10-01", "estimate": 2.5, "actual": 1,
              "categories": ["form", "デザイン"], "origin": "vendor-a/課題一覧/4"}
    inner = front_matter(fields).removeprefix("---\n").removesuffix("---\n")
    flat = yamlsafe._flat_values(inner)
    assert flat is not yamlsafe._NOT_FLAT
    assert _typed(flat) == _typed(yamlsafe.load(inner)[0]) and flat["estimate"] == 2.5 and type(flat["actual"]) is yamlsafe.SourceInt
