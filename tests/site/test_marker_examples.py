"""Markers shown as examples in code stay text; real markers are found."""

from __future__ import annotations

from tsuzuri.site.markers import find

PAGE = """# 例

```markdown
<!-- tsuzuri:board project=HOJO -->
```

インラインの `<!-- tsuzuri:issues status=open -->` も例です。

~~~
<!-- tsuzuri:dashboard -->
~~~

<!-- tsuzuri:board project=MIRA -->
"""


def test_only_the_marker_outside_code_is_found():
    found = find(PAGE)
    assert [(name, params) for name, params in ((f.name, f.params) for f in found)] == [("board", {"project": "MIRA"})]
    assert PAGE[found[0].start:].startswith("<!-- tsuzuri:board project=MIRA -->")


def test_a_marker_span_covers_its_fallback_text_up_to_the_closing_comment():
    page = (
        "# Home\n\n<!-- tsuzuri:dashboard -->\nrun `tsuzuri pages`\n<!-- /tsuzuri -->\n\nafter\n<!-- tsuzuri:board project=HOJO -->\n"
        "<!-- /tsuzuri -->\n"
    )
    first, second = find(page)
    assert page[first.start:first.end] == "<!-- tsuzuri:dashboard -->\nrun `tsuzuri pages`\n<!-- /tsuzuri -->"
    assert page[second.start:second.end] == "<!-- tsuzuri:board project=HOJO -->\n<!-- /tsuzuri -->"
    # Without a closing comment the marker is the comment alone; a later closing one is not borrowed.
    lone, board = find("<!-- tsuzuri:dashboard -->\ntext\n<!-- tsuzuri:board -->\nx\n<!-- /tsuzuri -->")
    assert (lone.name, lone.end) == ("dashboard", len("<!-- tsuzuri:dashboard -->"))
    assert board.name == "board"
