from tsuzuri.site.markup import Renderer, link_keys

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
