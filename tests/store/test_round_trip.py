"""Every value any writer puts into a tracker file reads back through the store as the same value.

Hypothesis draws arbitrary Unicode and the characters YAML gives a meaning to (flow
punctuation, indicators, quotes, YAML 1.1 words, full-width and control characters) and
sends them through each way tsuzuri writes: a new issue, a field edit, a comment and an
import. Control characters other than tab and newline are removed, with a note.
"""

from __future__ import annotations

import shutil
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsuzuri.authoring.issues import add_comment, create_issue, set_fields
from tsuzuri.formats.textfile import split_front_matter
from tsuzuri.formats.yamlsafe import load as load_yaml
from tsuzuri.interchange.plan import Incoming, IncomingComment, apply_plan, build_plan
from tsuzuri.store import load, writer
from tsuzuri.store.edit import edit_front_matter
from tsuzuri.validate import validate

EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SPECIAL = [
    "1,000円", "予算[一般]", "{a: b}", "a, b", "[x]", "a: b", "a:b", "key:", "# not a comment", "a #b", "a#b",
    "- item", "-", "--- ", "...", "? q", "?x", "&anchor", "*alias", "!tag", "!!str x", "%YAML", "@user", "`code`",
    "|", ">", "'", '"', "''", '"x"', "'x'", "\\", "\\n", "no", "No", "off", "on", "yes", "y", "n", "true", "False",
    "0123", "0o17", "0x1F", "12:30", "1:2:3", "1e3", "1.5e3", "1_000", ".5", "+1", "-1", "1.", ".inf", "-.Inf", ".nan",
    "~", "null", "NULL", "", " ", "  lead", "trail  ", "\u3000全角スペース\u3000", "：全角コロン", "，、。", "［全角］｛括弧｝",
    "＃全角", "2026-11-30", "2026-11-30T09:00:00+09:00", "=SUM(A1)", "<<", "=", "\ufeffbom", "a\u2028b", "a\u2029b",
    "a\u0085b", "tab\tin", "new\nline", "cr\r\nlf", "lone\rcr", "esc\x1b[31m", "bel\x07", "nul\x00", "del\x7f", "c1\x9b",
    "\ud800", "x\udcff", "\U0001f600 emoji", "\ufffe\uffff", "RTLO\u202etxt.exe",
]

_any_char = st.characters(exclude_categories=())
text = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(_any_char, max_size=20),
    st.lists(st.sampled_from(SPECIAL) | st.text(_any_char, max_size=3), min_size=1, max_size=4).map("".join),
)
number = st.integers(min_value=0, max_value=10**6) | st.floats(min_value=0, max_value=1e12, allow_nan=False)
day = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def stored(value):
    """What the store keeps of a written string: no control characters but tab and newline."""
    if isinstance(value, list):
        return [stored(v) for v in value]
    if isinstance(value, dict):
        return {stored(k): stored(v) for k, v in value.items()}
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else "" if unicodedata.category(c) == "Cc" and c not in "\t\n" else c
                   for c in value)


def has_controls(value) -> bool:
    """Tell whether cleaning takes anything away (a CRLF or CR alone is a line end, not a loss)."""
    if isinstance(value, list):
        return any(has_controls(v) for v in value)
    if isinstance(value, dict):
        return any(has_controls(k) or has_controls(v) for k, v in value.items())
    return isinstance(value, str) and stored(value) != value.replace("\r\n", "\n").replace("\r", "\n")


def title_text():
    return text.filter(lambda t: stored(t).strip() != "")


def body_of(value: str) -> str:
    return stored(value).strip("\n")


MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "trackers" / "minimal"


@pytest.fixture
def fresh(tmp_path_factory):
    """Return a function giving a new copy of the minimal tracker (one per example keeps each fast)."""
    def copy() -> Path:
        root = tmp_path_factory.mktemp("round-trip") / "t"
        shutil.copytree(MINIMAL, root)
        return root
    return copy


def _front(root: Path, rel: str):
    return load_yaml(split_front_matter((root / rel).read_text(encoding="utf-8")).front)[0]


@EXAMPLES
@given(title=title_text(), cost=text, key=text.filter(lambda k: stored(k) != ""), value=text, lists=st.lists(text, max_size=3),
       due=day, estimate=number, body=text, origin=text)
def test_new_issue_through_the_store_writer(fresh, title, cost, key, value, lists, due, estimate, body, origin):
    tracker = fresh()
    fields = {"title": title, "type": "task", "status": "open", "custom": {"cost_center": cost, key: value},
              "categories": lists, "watchers": lists, "due": due, "estimate": estimate, "origin": origin}
    notes: list = []
    issue_key = writer.new_issue(tracker, "MIRA", fields, body, notes=notes)
    issue = load(tracker).tracker.issues[issue_key]
    custom = stored({"cost_center": cost, key: value})
    assert (issue.title, issue.due, issue.estimate) == (stored(title), due, estimate)
    assert dict(issue.custom) == custom
    kept = [v for v in stored(lists)]
    assert list(issue.categories) == kept and list(issue.watchers) == kept
    assert issue.origin == stored(origin)
    assert issue.body.strip("\n") == body_of(body)
    assert bool(notes) == has_controls([title, cost, key, value, lists, body, origin])


@EXAMPLES
@given(values=st.dictionaries(text, text | st.lists(text, max_size=3), max_size=4), kinds=st.lists(text, max_size=3))
def test_inside_custom_and_links_mappings(fresh, values, kinds):
    """Whatever the keys and values, a mapping written inside ``{...}`` is that mapping when read."""
    tracker = fresh()
    links = {"relates": kinds, "blocks": ["MIRA-1"]}
    rel = "issues/MIRA/" + writer.new_issue(tracker, "MIRA", {"title": "t", "type": "task", "status": "open",
                                                               "custom": values, "links": links}) + ".md"
    data = _front(tracker, rel)
    assert data.get("custom", {}) == stored(values)
    assert data["links"] == stored(links)


@EXAMPLES
@given(title=title_text(), cost=text, due=day, links=st.lists(st.sampled_from(["MIRA-1", "MIRA-2"]), min_size=1, max_size=2, unique=True))
def test_create_and_edit_through_authoring(fresh, title, cost, due, links):
    tracker = fresh()
    notes: list = []
    key = create_issue(tracker, "MIRA", {"title": title, "type": "task", "status": "open", "custom": {"cost_center": cost}}, cost, notes)
    issue = load(tracker).tracker.issues[key]
    assert issue.title == stored(title)
    assert dict(issue.custom) == {"cost_center": stored(cost)}
    rel = f"issues/MIRA/{key}.md"
    # a person's comment and layout in the front matter survive an edit of other fields
    path = tracker / rel
    path.write_text(path.read_text(encoding="utf-8").replace("type: task", "type: task   # 種別 (a person's note)"), encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    edited_notes: list = []
    set_fields(tracker, key, {"title": cost if stored(cost).strip() else title, "due": due, "links.relates": links}, edited_notes)
    issue = load(tracker).tracker.issues[key]
    assert issue.title == stored(cost if stored(cost).strip() else title)
    assert (issue.due, issue.links) == (due, {"relates": tuple(links)})
    after = path.read_text(encoding="utf-8").splitlines()
    assert "type: task   # 種別 (a person's note)" in after
    assert [line for line in after if not line.startswith(("title:", "due:", "links:"))] == \
           [line for line in before if not line.startswith(("title:", "due:", "links:"))]


@EXAMPLES
@given(body=text.filter(lambda b: stored(b).strip() != ""), message_id=text, hours=st.integers(0, 10**5))
def test_comments(fresh, body, message_id, hours):
    tracker = fresh()
    key = "MIRA-1"
    when = datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=9))) + timedelta(hours=hours)
    notes: list = []
    rel = add_comment(tracker, key, "yamada", when, body, notes)
    by_path = {c.path: c for c in load(tracker).tracker.issues[key].comments}
    assert by_path[rel].body.strip("\n") == body_of(body)
    assert bool(notes) == has_controls(body)
    rel = writer.new_comment(tracker, key, "tanaka", when, body, {"via": "mail", "message_id": message_id})
    comment = {c.path: c for c in load(tracker).tracker.issues[key].comments}[rel]
    assert comment.message_id == stored(message_id)


def _check(root: Path, known=None):
    return validate(root, known=known)[1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=title_text(), cost=text, body=text, comment=text.filter(lambda b: stored(b).strip() != ""))
def test_import(fresh, title, cost, body, comment):
    tracker = fresh()
    record = Incoming("row 1", "MIRA", {"title": title, "custom": {"cost_center": cost}}, body=body,
                      comments=[IncomingComment("", "yamada", datetime(2026, 1, 1, 9, tzinfo=UTC), comment)])
    loaded = load(tracker)
    plan = build_plan(loaded, [record])
    step = next(s for s in plan.steps if s.action == "create")
    assert any(str(r).startswith(("title:", "custom.", "body:")) for r in step.reasons) == has_controls([title, cost, body, comment])
    apply_plan(tracker, plan, _check)
    issue = load(tracker).tracker.issues[step.key]
    assert issue.title == stored(title)
    assert dict(issue.custom) == {"cost_center": stored(cost)}
    assert issue.body.strip("\n") == body_of(body)
    assert [c.body.strip("\n") for c in issue.comments] == [body_of(comment)]


@pytest.mark.parametrize("value", SPECIAL)
def test_every_special_value_in_a_flow_mapping_edit(value):
    """The line an edit writes is one value: ``custom: {cost: 1,000円}`` is never 1 and a stray key."""
    text = "---\ntitle: t\ncustom: {cost_center: x}   # 費用区分\n---\n"
    edited = edit_front_matter(text, {"custom": {"cost_center": value, "note": [value]}})
    data = load_yaml(split_front_matter(edited).front)[0]
    assert data["custom"] == stored({"cost_center": value, "note": [value]})
    assert edited.splitlines()[2].endswith("   # 費用区分")
