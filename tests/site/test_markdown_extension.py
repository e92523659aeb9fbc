"""The Markdown extension sets a generated page's HTML aside whole, and the page comes out as Python-Markdown would make it."""

from __future__ import annotations

import markdown
import pytest
from markdown.htmlparser import HTMLExtractor

from tsuzuri.site import markdown_extension
from tsuzuri.site.generated import PagePlan
from tsuzuri.site.output import page_markdown

HTML = (
    '<h1>HOJO-1 申請フォーム &amp; 入力チェック</h1>\n<div class="tsuzuri tsuzuri-issue" markdown="1">\n'
    '<p>*強調ではない* <a href="../members/m15.md">利用者15</a></p>\n<table><tr><td>1</td></tr></table>\n</div>'
)


def convert(text: str, path: str | None, monkeypatch) -> tuple[str, int]:
    """Convert ``text`` as the page at ``path`` (inside docs_dir); return the HTML and how many tags an HTML parser was fed."""
    monkeypatch.setattr(markdown_extension, "_current_page", lambda md: (path, None))
    fed = []
    real = HTMLExtractor.feed
    monkeypatch.setattr(HTMLExtractor, "feed", lambda self, data: (fed.append(data.count("<")), real(self, data))[1])
    md = markdown.Markdown(extensions=["md_in_html", "tables", "attr_list", markdown_extension.makeExtension()])
    return md.convert(text), sum(fed)


def body(plan_html: str) -> str:
    """A generated page's Markdown as a builder hands it to Python-Markdown: without its front matter."""
    text = page_markdown(PagePlan("issues/HOJO-1.md", "HOJO-1", lambda: plan_html), plan_html)
    return text.split("---\n\n", 1)[1]


def test_a_generated_page_is_set_aside_whole_and_comes_out_as_written(monkeypatch):
    html, fed = convert(body(HTML), "tracker/issues/HOJO-1.md", monkeypatch)
    assert fed == 0
    # The HTML as written: nothing in it read as Markdown, not even where it says markdown="1".
    assert html == '<div class="tsuzuri-page">\n' + HTML + "\n</div>"


def test_outside_the_folder_or_not_one_block_the_page_is_converted_as_ever(monkeypatch):
    plain = markdown.Markdown(extensions=["md_in_html", "tables", "attr_list"])
    hand_written = body(HTML)
    html, fed = convert(hand_written, "notes/HOJO-1.md", monkeypatch)
    assert fed > 0 and html == plain.reset().convert(hand_written)
    for text in (hand_written + "\n# 見出し\n", "前書き\n\n" + hand_written, hand_written.replace("</div>\n", "</div>\n\n*後書き*\n")):
        html, fed = convert(text, "tracker/issues/HOJO-1.md", monkeypatch)
        assert fed > 0 and html == plain.reset().convert(text)


@pytest.mark.parametrize("path", [None, "tracker-other/issues/HOJO-1.md", "trackerissues/HOJO-1.md"])
def test_a_page_the_builder_does_not_name_or_outside_the_folder_is_left_to_markdown(path, monkeypatch):
    _, fed = convert(body(HTML), path, monkeypatch)
    assert fed > 0
