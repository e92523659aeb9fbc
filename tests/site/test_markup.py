from hypothesis import given, settings
from hypothesis import strategies as st

from tsuzuri.site.markup import Renderer, link_keys, plain_paragraphs

HOSTILE = """<script>alert("x")</script>
<img src="x.png" onerror="alert(1)">
[click](javascript:alert(2))
<iframe src="https://evil.example/"></iframe>
<a href="#" onclick="alert(3)">hi</a>
![remote](https://evil.example/track.png)
[外部リンク](https://example.org/ok)
"""


def render(text: str) -> str:
    return Renderer(lambda key: f"@issues/{key}.md" if key.startswith("HOJO") else None)(text)


def test_hostile_markup_is_neutralised():
    html = render(HOSTILE)
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "evil.example"):
        assert bad not in html
    assert '<a href="https://example.org/ok"' in html
    assert '<img src="x.png">' in html


def test_keys_become_links_but_not_inside_code_or_links():
    html = render("See HOJO-4 and `HOJO-5` and [HOJO-6](https://example.org) but not MIRA-1.")
    assert '<a class="tsuzuri-key" href="@issues/HOJO-4.md">HOJO-4</a>' in html
    assert "<code>HOJO-5</code>" in html
    assert 'href="@issues/HOJO-6.md"' not in html
    assert "MIRA-1" in html and "@issues/MIRA-1.md" not in html


def test_link_keys_skips_attributes():
    html = link_keys('<p title="HOJO-1">HOJO-1</p>', lambda k: "@x")
    assert html == '<p title="HOJO-1"><a class="tsuzuri-key" href="@x">HOJO-1</a></p>'

_PROSE = st.text(alphabet="あいう漢字、。ー：HOJO-12 abc.()-:\n", max_size=80)


@settings(max_examples=300, deadline=None)
@given(_PROSE)
def test_plain_text_shortcut_matches_markdown(text):
    shortcut = plain_paragraphs(text)
    if shortcut is None or not text.strip():
        return
    full = Renderer(lambda key: None)._md.reset().convert(text)
    assert shortcut == full


def test_markdown_syntax_takes_the_full_path():
    for text in ("- item", "見出し\n---", "1. one", "> quote", "a  \nb", "**b**", "    code", "x & y"):
        assert plain_paragraphs(text) is None
    assert plain_paragraphs("一行目\n二行目\n\n次の段落") == "<p>一行目\n二行目</p>\n<p>次の段落</p>"
