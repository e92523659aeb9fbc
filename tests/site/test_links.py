"""Where generated pages are served, and their links from any page, for each way a builder reads them."""

from __future__ import annotations

from tsuzuri.site.links import Layout, relative_url, url_of


def test_source_paths_map_to_the_urls_builders_give_them():
    assert url_of("issues/HOJO-1.md", True) == "issues/HOJO-1/"
    assert url_of("issues/HOJO-1.md", False) == "issues/HOJO-1.html"
    assert url_of("index.md", True) == ""
    assert url_of("boards/index.md", True) == "boards/"
    assert url_of("issues.csv", True) == "issues.csv"


def test_relative_urls_climb_out_of_the_page_folder():
    assert relative_url("tracker/issues/HOJO-2/", "tracker/issues/HOJO-1/") == "../HOJO-2/"
    assert relative_url("tracker/assets/tsuzuri.css", "") == "tracker/assets/tsuzuri.css"
    assert relative_url("", "tracker/issues/HOJO-1/") == "../../.."  # as MkDocs writes it
    assert relative_url("tracker/issues/HOJO-2.md", "tracker/issues/HOJO-1.md") == "HOJO-2.md"


def test_generated_pages_live_in_the_folder_unless_a_hand_written_page_replaces_them():
    layout = Layout("tracker/", True, frozenset({"index.md"}))
    assert layout.src("issues/HOJO-1.md") == "tracker/issues/HOJO-1.md"
    assert layout.src("index.md") == "index.md"
    html = '<a href="@issues/HOJO-2.md#comment-1">x</a><a href="@index.md">home</a>'
    assert layout.resolve(html, "tracker/issues/HOJO-1/") == '<a href="../HOJO-2/#comment-1">x</a><a href="../../..">home</a>'


def test_links_in_written_files_name_source_paths_but_data_attributes_stay_urls():
    layout = Layout("tracker/", True)
    html = (
        '<a href="@members/yamada.md">y</a><img src="@files/HOJO-1/a.png"><div data-json="@issues.json" '
        'data-issue-href="@issues/__KEY__.md">'
    )
    assert layout.resolve_in_file(html, "tracker/issues/HOJO-1.md") == (
        '<a href="../members/yamada.md">y</a><img src="../files/HOJO-1/a.png">'
        '<div data-json="../../issues.json" data-issue-href="../__KEY__/">'
    )
    assert layout.resolve_in_file('<a href="@issues/HOJO-1.md">', "index.md") == '<a href="tracker/issues/HOJO-1.md">'
