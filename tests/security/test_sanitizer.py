"""The sanitizer on its own, fed every Markdown entry of the site corpus (fast: no site is built)."""

from __future__ import annotations

import pytest

from tsuzuri.site.markup import Renderer, is_outside

from .hostile import corpus

BODIES = [e for e in corpus() if e["field"] in ("issue.body", "comment.body", "minutes.body")]


def render(text: str) -> str:
    return Renderer(lambda key: None)(text)


@pytest.mark.parametrize("entry", [e for e in BODIES if e["expect"] == "dropped"], ids=lambda e: e["id"])
def test_what_could_run_leak_or_imitate_is_dropped(entry):
    html = render(entry["input"])
    for gone in entry["gone"]:
        assert gone not in html, html


@pytest.mark.parametrize("entry", [e for e in BODIES if e["expect"] == "kept"], ids=lambda e: e["id"])
def test_an_unclosed_raw_text_tag_hides_nothing(entry):
    html = render(entry["input"])
    for shown in entry["shown"]:
        assert shown in html, html


@pytest.mark.parametrize(
    "url", ["//evil.example/x.png", "/\\evil.example/x.png", "\\\\evil.example\\x.png", "/\t/evil.example/x", " //evil.example", "/\n/evil"]
)
def test_addresses_that_reach_another_host_count_as_outside(url):
    assert is_outside(url)
    assert "evil" not in render(f'<img src="{url}"> <a href="{url}">link</a>')


@pytest.mark.parametrize("url", ["x.png", "../files/HOJO-1/a.png", "/assets/a.png", "#top", "?q=1"])
def test_addresses_on_the_site_stay(url):
    assert not is_outside(url)
    assert f'src="{url}"' in render(f'<img src="{url}">')


def test_a_closed_script_is_dropped_with_its_content_and_the_rest_stays():
    assert render("前 <script>window.x = 1</script> 後") == "<p>前  後</p>"


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--<script>", "行\u2028段\u2029落", "a & b > c"])
def test_json_in_a_script_element_can_neither_end_nor_bend_it_and_reads_back(text):
    import json

    from tsuzuri.site.charts.embed import script_safe
    from tsuzuri.site.markers import plot_html

    embedded = plot_html({"title": text}).split('class="tsuzuri-plot">', 1)[1].rsplit("</script>", 1)[0]
    for data in (script_safe(json.dumps({"title": text}, ensure_ascii=False)), embedded):
        assert not any(bad in data for bad in ("<", ">", "&", "\u2028", "\u2029")), data
        assert json.loads(data) == {"title": text}
