"""The site corpus built into a site: what each hostile input became, read from the built files."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background", "cite"}
NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# What Material's search keeps of a page's markup in its index (material/plugins/search).
SEARCH_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sup"}
BODIES = ("tsuzuri-body", "tsuzuri-comment-body")


class Page(HTMLParser):
    """Every start tag, every text and the sanitized bodies of one HTML document."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.bodies: list[str] = []  # start tags and text inside contributor bodies, as source-like text
        self._stack: list[str] = []
        self._body_depth: list[int] = []
        self._script: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.tags.append((tag, attrs_d))
        if self._body_depth:
            shown = "".join(f' {k}="{v}"' if v is not None else f" {k}" for k, v in attrs)
            self.bodies[-1] += f"<{tag}{shown}>"
        if tag == "script":
            self._script = attrs_d
        if tag in ("br", "img", "input", "hr", "meta", "link", "source", "wbr", "area", "col", "embed", "param", "track"):
            return
        self._stack.append(tag)
        if any(c in (attrs_d.get("class") or "").split() for c in BODIES):
            self._body_depth.append(len(self._stack))
            self.bodies.append("")

    def handle_endtag(self, tag):
        while self._stack:
            top = self._stack.pop()
            if self._body_depth and self._body_depth[-1] > len(self._stack):
                self._body_depth.pop()
            if top == tag:
                break
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._script is not None:
            self.scripts.append((self._script, data))
        if self._body_depth:
            self.bodies[-1] += data


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def entries(hostile, expect: str) -> list[dict]:
    return [e for e in hostile.entries if e["expect"] == expect]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _outside(url: str) -> bool:
    bare = re.sub(r"[\x00-\x20]", "", url).lower()
    return bare.startswith(("//", "javascript:", "data:", "vbscript:")) or "\\" in bare


def test_the_corpus_has_an_entry_for_every_site_class(hostile_site):
    fields = {e["field"] for e in hostile_site.entries}
    assert len(hostile_site.entries) >= 30
    assert len({e["id"] for e in hostile_site.entries}) == len(hostile_site.entries)
    for needed in ("issue.title", "inquiry.title", "mail.subject", "member.name", "organization.name", "project.name",
                   "milestone.name", "minutes.title", "issue.body", "comment.body", "attachment", "commit.author"):
        assert needed in fields


def test_no_page_carries_markup_a_writer_chose(hostile_site):
    for rel, html in pages(hostile_site.site).items():
        page = Page(html)
        for tag, attrs in page.tags:
            assert tag not in NEVER, (rel, tag)
            for name, value in attrs.items():
                assert not name.startswith("on"), (rel, tag, name, value)
                if name in URL_ATTRIBUTES and value:
                    assert not _outside(value), (rel, tag, name, value)
                    if name == "src":
                        assert not value.startswith(("http:", "https:")), (rel, tag, value)  # the site loads nothing from elsewhere
            if tag == "form":
                # the theme's search and the site's own forms (issue filters, writing a comment)
                assert attrs.get("class") == "md-search__form" or (attrs.get("class") or "").startswith("tsuzuri-"), rel
            if tag == "meta":
                assert "http-equiv" not in attrs, rel
        for attrs, text in page.scripts:
            if attrs.get("type") == "application/json":
                json.loads(text)  # data that reads back, not code
            else:
                assert "__pwned" not in text and "alert(" not in text, (rel, text[:200])


@pytest.mark.parametrize("field", ["issue.title", "member.name", "project.name", "minutes.title"])
def test_titles_are_text_in_the_title_header_and_h1(hostile_site, field):
    # The site's name in every <title> and header is the tracker's title (a payload of its own, st01).
    site_name = next(e["input"] for e in hostile_site.entries if e["field"] == "config.title")
    for entry in (e for e in hostile_site.entries if e["field"] == field):
        page = Page(hostile_site.html(hostile_site.pages[entry["id"]]))
        title = next(t for t in page.texts if t.strip().endswith(" - " + site_name))
        assert entry["input"] in title, entry["id"]
        header = "".join(page.texts)
        assert header.count(entry["input"]) >= 3, entry["id"]  # <title>, the header and the page's <h1>


def test_values_are_shown_as_the_same_text_and_never_as_markup(hostile_site):
    for entry in entries(hostile_site, "text"):
        html = hostile_site.html(hostile_site.pages[entry["id"]])
        page = Page(html)
        values = "\n".join(page.texts) + "\n".join(v for _, a in page.tags for v in a.values() if v)
        # plotly reads the strings of a figure as its own small HTML: they must hold the text escaped
        plotted = [t for a, data in page.scripts if a.get("type") == "application/json" for t in _strings(json.loads(data))]
        assert not any(entry["input"] in t for t in plotted if "<" in entry["input"]), entry["id"]
        values += "\n".join(unescape(t) for t in plotted)
        assert entry["input"] in values, entry["id"]
        if re.search(r"[<&]", entry["input"]):  # quotes alone are harmless in text; attributes are checked above
            for rel, other in pages(hostile_site.site).items():
                assert entry["input"] not in other, (entry["id"], rel)


def test_the_search_index_holds_only_text(hostile_site):
    index = json.loads((hostile_site.site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = []
    for doc in index["docs"]:
        for part in (doc["title"], doc["text"]):
            page = Page(part)
            assert {t for t, _ in page.tags} <= SEARCH_TAGS, (doc["location"], part[:200])
            assert all(not a for _, a in page.tags), doc["location"]
        titles.append("".join(Page(doc["title"]).texts))
    for entry in entries(hostile_site, "text"):
        if entry["field"] in ("issue.title", "inquiry.title", "minutes.title", "mail.subject"):
            assert any(entry["input"] in t for t in titles), entry["id"]


def test_sanitizer_drops_what_could_run_leak_or_imitate(hostile_site):
    for entry in entries(hostile_site, "dropped"):
        page = Page(hostile_site.html(hostile_site.pages[entry["id"]]))
        assert page.bodies, entry["id"]
        body = "\n".join(page.bodies)
        for gone in entry["gone"]:
            assert gone not in body, (entry["id"], gone, body)


def test_an_unclosed_raw_text_tag_in_a_comment_hides_nothing(hostile_site):
    for entry in entries(hostile_site, "kept"):
        page = Page(hostile_site.html(hostile_site.pages[entry["id"]]))
        body = "\n".join(page.bodies)
        for shown in entry["shown"]:
            assert shown in body, (entry["id"], body)


def _attachment_links(hostile_site) -> dict[str, dict]:
    page = Page(hostile_site.html(hostile_site.pages["a01"]))
    links = {}
    inside = False
    for tag, attrs in page.tags:
        if tag == "ul":
            inside = "tsuzuri-attachments" in (attrs.get("class") or "")
        elif tag == "a" and inside:
            links[attrs["href"]] = attrs
    return links


def test_active_attachments_are_published_to_download_and_inert_ones_as_they_are(hostile_site):
    site, links = hostile_site.site, _attachment_links(hostile_site)
    folder = site / "tracker" / "files" / "SEC-2"
    published = sorted(p.name for p in folder.iterdir())
    by_name = {a.get("download"): href for href, a in links.items() if a.get("download")}
    for entry in entries(hostile_site, "download"):
        name = entry["input"]["name"].replace("\u202e", "")
        href = by_name[name]
        assert href.startswith("../../files/SEC-2/") and href.endswith(".bin") and href.count(".") == 5, (name, href)  # no dot but .bin's
        target = (site / "tracker/issues/SEC-2" / href).resolve()
        assert target.read_bytes() == entry["input"]["content"].encode("utf-8")
    for entry in entries(hostile_site, "inert"):
        name = entry["input"]["name"]
        found = [p for p in published if p.lower().rsplit(".", 1)[-1] == name.lower().rsplit(".", 1)[-1]
                 and (folder / p).read_bytes() == entry["input"]["content"].encode("utf-8")]
        assert len(found) == 1, (name, published)
    for name in published:
        assert name.endswith((".bin", ".png", ".PNG", ".pdf")), name
    # evil.md never became a page, and evil with evil.md, evil_html with evil.html did not collide
    assert not any(p.suffix == ".md" or p.name == "index.html" for p in (site / "tracker" / "files").rglob("*"))
    assert len(published) == len(entries(hostile_site, "download")) + len(entries(hostile_site, "inert"))


def test_a_committer_who_is_not_a_member_is_shown_by_name_only(hostile_site):
    site = hostile_site.site
    for entry in entries(hostile_site, "name-only"):
        activity = Page(hostile_site.html("activity.md"))
        assert entry["input"]["name"] in "".join(activity.texts)
        for path in [*site.rglob("*.html"), *site.rglob("*.json"), *site.rglob("*.xml"), *site.rglob("*.csv"), *site.rglob("*.ics")]:
            for gone in entry["gone"]:
                assert gone not in path.read_text(encoding="utf-8", errors="replace"), (entry["id"], path)
