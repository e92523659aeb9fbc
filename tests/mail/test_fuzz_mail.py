"""Hypothesis-generated mails: whatever arrives, ingest returns an outcome, and what it writes reads back."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tsuzuri.mail.ingest import Router
from tsuzuri.mail.sources import Incoming
from tsuzuri.store import load

from .conftest import make_tracker

MEMBERS = ["tanaka@vendor-a.example", "yamada@example.go.jp", "TANAKA@Vendor-A.example", "x@elsewhere.example"]
TO = ["tracker@example.go.jp", "tracker+MIRA-12@example.go.jp", "tracker+MIRA-12.00ff@example.go.jp", "toiawase@example.go.jp",
      "tracker+HOJO-99@example.go.jp", "other@example.net"]
CHARSETS = ["utf-8", "iso-2022-jp", "shift_jis", "euc-jp", "x-unknown", "utf-8*ja", "", "us-ascii"]

raw_bytes = st.binary(max_size=40)
text = st.text(max_size=40)


@st.composite
def encoded_word(draw) -> bytes:
    charset = draw(st.sampled_from(CHARSETS))
    kind = draw(st.sampled_from("BbQq"))
    if draw(st.booleans()):
        payload = draw(st.text(alphabet="!?=_*+/AZaz09 \t", max_size=12))
    elif kind in "Bb":
        payload = base64.b64encode(draw(raw_bytes)).decode()
    else:
        payload = "".join(f"={b:02X}" for b in draw(raw_bytes))
    return f"=?{charset}?{kind}?{payload}?=".encode("ascii", "replace")


header_value = st.one_of(
    raw_bytes.map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    text.map(lambda t: t.encode("utf-8", "surrogatepass").replace(b"\r", b"").replace(b"\n", b"")),
    st.lists(encoded_word(), max_size=3).map(b" ".join),
    st.sampled_from(MEMBERS).map(str.encode),
    st.tuples(encoded_word(), st.sampled_from(MEMBERS)).map(lambda p: p[0] + b" <" + p[1].encode() + b">"),
)

header_names = st.sampled_from([b"From", b"To", b"Cc", b"Subject", b"Sender", b"Return-Path", b"Message-ID", b"In-Reply-To",
                                b"References", b"Date", b"Authentication-Results", b"Auto-Submitted", b"X-Whatever", b"Content-Type"])


@st.composite
def leaf(draw) -> bytes:
    media = draw(st.sampled_from([b"text/plain", b"text/html", b"application/pdf", b"message/rfc822", b"image/svg+xml", b"x/\xff"]))
    charset = draw(st.sampled_from(CHARSETS)).encode()
    cte = draw(st.sampled_from([b"7bit", b"8bit", b"base64", b"quoted-printable", b"x-uuencode"]))
    disposition = draw(st.sampled_from([b"", b"inline", b"attachment"]))
    name = draw(st.one_of(st.just(b""), raw_bytes, encoded_word(), st.just(b"a." + b"x" * 300), st.just(b"../../.github/workflows/ci.yml")))
    head = b"Content-Type: " + media + b"; charset=" + charset + b"\r\nContent-Transfer-Encoding: " + cte + b"\r\n"
    if disposition or name:
        head += b"Content-Disposition: " + (disposition or b"attachment") + b'; filename="' + name.replace(b'"', b"") + b'"\r\n'
    body = draw(st.one_of(raw_bytes, text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
    if cte == b"base64" and draw(st.booleans()):
        body = base64.encodebytes(body)
    return head + b"\r\n" + body


def multipart(children: st.SearchStrategy) -> st.SearchStrategy:
    @st.composite
    def build(draw) -> bytes:
        boundary = draw(st.sampled_from([b"b1", b"b2", b"==x==", b""]))
        parts = draw(st.lists(children, max_size=4))
        body = b"".join(b"--" + boundary + b"\r\n" + p + b"\r\n" for p in parts) + b"--" + boundary + b"--\r\n"
        return b"Content-Type: multipart/mixed; boundary=\"" + boundary + b"\"\r\n\r\n" + body
    return build()


mime = st.recursive(leaf(), multipart, max_leaves=8)


@st.composite
def mails(draw) -> bytes:
    headers = draw(st.lists(st.tuples(header_names, header_value), max_size=8))
    fixed = [(b"From", draw(st.sampled_from([*MEMBERS, ""]).map(str.encode))), (b"To", draw(st.sampled_from(TO)).encode()),
             (b"Subject", draw(st.sampled_from([b"Re: [MIRA-12] x", b"[HOJO] q", b"", b"Re: [MIRA-99] y"])))]
    head = b"".join(n + b": " + v + b"\r\n" for n, v in (*fixed, *headers))
    return head + b"MIME-Version: 1.0\r\n" + draw(mime)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=mails())
def test_any_mail_gets_an_outcome_and_what_is_written_reads_back(tmp_path_factory, raw):
    root = _tracker(tmp_path_factory)
    before = _files(root)
    router = Router(root, datetime(2026, 11, 23, tzinfo=UTC))
    outcome = router.handle(Incoming("fuzz", raw))
    assert outcome.kind in ("comment", "issue", "quarantined", "duplicate")
    event(f"{outcome.kind} {outcome.reason}")
    added = _files(root) - before
    if outcome.kind in ("quarantined", "duplicate"):
        assert added == set()  # nothing of a refused mail stays in the tracker
        if outcome.kind == "quarantined":
            assert outcome.reason and outcome.detail
            # Refused for a reason of its own, never by the catch-all for our own mistakes.
            assert outcome.reason != "cannot-store" and not outcome.detail.startswith("メールを読めません")
        return
    assert outcome.path in added
    assert all(p == outcome.path or "/files/" in p or p.endswith(f"{outcome.key}.md") for p in added)
    loaded = load(root)
    assert [f for f in loaded.findings if f.severity == "error" and f.path in added] == []


_ROOTS: dict[str, Path] = {}


def _tracker(factory) -> Path:
    if "root" not in _ROOTS:
        _ROOTS["root"] = make_tracker(factory.mktemp("fuzz") / "tracker")
    return _ROOTS["root"]


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in (root / "issues").rglob("*") if p.is_file()}
