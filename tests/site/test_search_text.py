"""What the search index reads of an issue page: what the page says, not the forms and buttons to act on it."""

from datetime import date

from tsuzuri.site import build_pages
from tsuzuri.site.builder import SiteBuilder
from tsuzuri.site.context import SiteContext
from tsuzuri.site.forge import resolve
from tsuzuri.store import load

from .conftest import FIXTURES


def test_the_comment_form_and_the_edit_bar_are_not_searched():
    tracker = load(FIXTURES / "small").tracker
    forge = resolve({"kind": "github", "url": "https://github.com/example/tracker"}, "", "", "docs")
    ctx = SiteContext(tracker, date(2026, 11, 25), forge=forge)
    page = next(p.page() for p in SiteBuilder(ctx).plans() if p.path == "issues/HOJO-2.md")
    assert 'class="tsuzuri-compose"' in page.html and "tsuzuri-edit-bar" in page.html  # the page has them
    assert "郵便番号の自動補完" in page.search_html
    # 鈴木 花子 is on HOJO-2's page only as a choice of the comment form's author list.
    assert "鈴木 花子" in page.html and "鈴木 花子" not in page.search_html
    assert ctx.msg["form_submit"] not in page.search_html and ctx.msg["form_edit"] not in page.search_html
    assert build_pages(tracker, date(2026, 11, 25))  # and a site without a forge still builds


def test_a_hand_written_page_is_searched_by_its_own_words_not_what_its_markers_list(small_site):
    import json

    docs = json.loads((small_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    home = [d for d in docs if d["location"].split("#")[0] == ""]
    words = " ".join(d["title"] + " " + d["text"] for d in home)
    assert "今週の焦点は" in words and "HOJO ボード" in words  # what the author wrote, headings too
    home_html = (small_site / "index.html").read_text(encoding="utf-8")
    title = "郵便番号の自動補完"  # an issue the page's markers list (HOJO-2), said on the issue's own page
    assert title in home_html and title not in words
    assert any(title in d["title"] + d["text"] for d in docs if d["location"].startswith("tracker/issues/HOJO-2/"))
