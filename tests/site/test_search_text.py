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
