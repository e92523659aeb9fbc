"""The look that decides whether detect-secrets reads a line never hides a secret from it."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tsuzuri.guard import Guard
from tsuzuri.guard.secrets import PLUGINS, _detectors, fold, secrets, worth_scanning
from tsuzuri.model import Config

GUARD = Guard(Config())


def seen_by_detect_secrets(line: str) -> list[tuple[str, str]]:
    """Every detector on the line, with no look first."""
    found = (s for d in _detectors() for s in d.analyze_line(filename="tracker.yml", line=line, line_number=1))
    return sorted((s.type, s.secret_value or "") for s in found)


def seen_through_the_look(line: str) -> list[tuple[str, str]]:
    return sorted((value.partition("\0")[0], value.partition("\0")[2]) for _rule, _col, value in secrets(line))


# The shortest secret each shape stands for: several are shorter than 16 characters, or broken up.
SHORT = {
    "Slack": "xoxb-1-a",
    "npm": "//a/:_authToken= npm_x",
    "Artifactory AP": "APA12345678",
    "Artifactory AKC": "id AKC1234567890 x",
    "JSON Web Token": "eyJhIjoxfQ.MQ",
    "Square": "sq0csp-" + "a\\" * 21 + "a",
    "a keyword with a dotless i": "cl_pass = " + "ı" * 24,
    "a keyword with a dotted capital I": "apİ_key: abcd",
    "a keyword in capitals": "API_KEY = hunter2",
    "a URL's credentials": "https://admin:s3cretpass@stg.example.jp/",
}


@pytest.mark.parametrize("line", SHORT.values(), ids=SHORT.keys())
def test_short_and_broken_up_secrets_reach_the_detectors(line):
    assert seen_by_detect_secrets(unicodedata.normalize("NFKC", line))  # detect-secrets does find it
    assert [h.rule for h in GUARD.text(line)] == ["secret"]
    assert GUARD.may_find("課題の説明", line)


@pytest.mark.parametrize("line", ["  - {key: HOJO, name: プロジェクトHOJO}", "Api-Key の発行手順", "秘密鍵は別途", "https://example.jp/a"])
def test_a_project_key_or_a_word_about_keys_does_not_load_detect_secrets(line):
    assert not worth_scanning(fold(unicodedata.normalize("NFKC", line)))
    assert seen_by_detect_secrets(line) == []


# Pieces of what the detectors look for, glued in any order: prefixes, separators, token characters.
_PIECES = st.sampled_from([
    "xox", "b-", "1-", "a", "A", "ı", "İ", "K", "ſ", "_", "-", ".", ":", "=", " ", '"', "'", "\\", "/", "//", "@", "://", "eyJ",
    "hIjoxfQ", "MQ", "AKC", "AP", "0123456789", "abcdef", "sq0csp-", "_authToken=", "npm_", "api", "key", "Key", "pass", "pwd",
    "secret", "contraseña", "PRIVATE KEY", "BEGIN ", "cl", "sl", "ibm", "AKIA", "ghp_", "glpat-", "SG.", "sk_live_", "AC", "-us1",
    "パスワード", "全角", "ｋｅｙ",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=24), st.text(max_size=12))
def test_a_line_the_look_passes_over_holds_nothing_detect_secrets_would_find(pieces, noise):
    line = unicodedata.normalize("NFKC", "".join(pieces) + noise)
    assert seen_through_the_look(line) == seen_by_detect_secrets(line)


_EDITS = st.lists(st.tuples(st.floats(0, 1), st.integers(0, 3), st.one_of(_PIECES, st.text(max_size=3))), max_size=4)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(sorted(SHORT.values())), _EDITS)
def test_near_a_short_secret_the_look_and_the_detectors_agree(line, edits):
    # The short secrets with a few characters cut out or put in: the lines most likely to slip past.
    for where, cut, piece in edits:
        at = int(where * len(line))
        line = line[:at] + piece + line[at + cut:]
    line = unicodedata.normalize("NFKC", line)
    assert seen_through_the_look(line) == seen_by_detect_secrets(line)


def test_the_detectors_are_those_detect_secrets_lists_under_those_names():
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    listed = {cls.__name__: cls for cls in get_mapping_from_secret_type_to_class().values()}
    assert [type(d) for d in _detectors()] == [listed[name] for name in PLUGINS]


# The shapes in tsuzuri.guard.secrets.SHAPES were read from these patterns. When detect-secrets
# changes them, read them again, adjust SHAPES and the short secrets above, then this digest.
PATTERNS_DIGEST = "5874d7796723007356c99728489b3ffbd6c9e0c67a4462ad28c66231ee242bf8"


def test_the_detectors_patterns_are_the_ones_the_shapes_were_read_from():
    from detect_secrets.plugins import keyword

    h = hashlib.sha256()
    for detector in _detectors():
        h.update(type(detector).__name__.encode() + b"\0")
        for pattern in getattr(detector, "denylist", ()):
            h.update(f"{pattern.pattern}\0{pattern.flags}\0".encode())
    h.update("\0".join(keyword.DENYLIST).encode())
    for table in keyword.REGEX_BY_FILETYPE.values():
        for pattern in table:
            h.update(f"{pattern.pattern}\0{pattern.flags}\0".encode())
    assert h.hexdigest() == PATTERNS_DIGEST


def test_a_tracker_with_nothing_secret_shaped_is_checked_without_loading_detect_secrets(tmp_path):
    from tsuzuri.authoring.scaffold import init

    init(tmp_path / "t")
    code = "import sys; from tsuzuri.validate import validate; validate(sys.argv[1]); print('detect_secrets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "t")], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    (tmp_path / "t" / "issues" / "PRJ" / "PRJ-1.md").open("a", encoding="utf-8").write("\n検証用 token: xoxb-1-a\n")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "t")], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
