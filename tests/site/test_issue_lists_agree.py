"""`tsuzuri list` and the site's issue lists select the same issues from the demo tracker."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.site import SiteContext, markers
from tsuzuri.store import load

from .conftest import DEMO_DAY, serving

# (the CLI's options, the site's names): one filter each, as a user writes it in either place.
FILTERS = [
    (["--status", "open"], {"status": "open"}),
    (["--status", "done"], {"status": "done"}),
    (["--status", "処理中"], {"status": "in_progress"}),
    (["--status", "未対応"], {"status": "未対応"}),
    (["--project", "HOJO", "--status", "open", "--overdue"], {"project": "HOJO", "status": "open", "overdue": "1"}),
    (["--type", "問い合わせ", "--org", "office"], {"type": "inquiry", "organization": "office"}),
    (["--org", "aoba", "--due-from", "2026-12-01"], {"organization": "aoba", "due_from": "2026-12-01"}),
    (["--priority", "high", "--due-to", "2026-12-31"], {"priority": "high", "due_to": "2026-12-31"}),
    (["--milestone", "HOJO/release"], {"milestone": "HOJO/release"}),  # HOJO's 本番稼働, not MIRA's or ENE's `release`
    (["--milestone", "design"], {"milestone": "design"}),  # a bare id: HOJO's and MIRA's
]


def cli_keys(root, options, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["list", "--root", str(root), "--today", DEMO_DAY.isoformat(), *options]) == 0
    return [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]


def test_a_milestone_is_named_by_its_project(demo_repo, capsys):
    one = cli_keys(demo_repo, ["--milestone", "HOJO/release"], capsys)
    every = cli_keys(demo_repo, ["--milestone", "release"], capsys)
    assert one and {k.split("-")[0] for k in one} == {"HOJO"} and set(one) < set(every)


def test_open_means_not_done_in_the_terminal(demo_repo, capsys):
    tracker = load(demo_repo).tracker
    not_done = sorted((i for i in tracker.issues.values() if not i.is_done(tracker.config)), key=lambda i: (i.project, i.number))
    assert cli_keys(demo_repo, ["--status", "open"], capsys) == [i.key for i in not_done]
    # The status whose id is `open` is still there, by its label.
    assert set(cli_keys(demo_repo, ["--status", "未対応"], capsys)) == {i.key for i in not_done if i.status == "open"}
    assert len(not_done) > len([i for i in not_done if i.status == "open"]) > 0


@pytest.mark.parametrize(("options", "params"), FILTERS)
def test_a_static_issues_marker_lists_what_tsuzuri_list_lists(demo_repo, capsys, options, params):
    expected = cli_keys(demo_repo, options, capsys)
    assert expected, options  # every filter here selects something on the demo
    ctx = SiteContext(load(demo_repo).tracker, DEMO_DAY)
    html = markers.render(ctx, "issues", params)
    assert re.findall(r'<a class="tsuzuri-key" href="[^"]*">([^<]+)</a>', html) == expected


@pytest.mark.browser
@pytest.mark.slow
def test_the_interactive_issue_list_lists_what_tsuzuri_list_lists(demo_repo, demo_site, browser, capsys):
    with serving(demo_site) as url:
        page = browser.new_page()
        for options, params in FILTERS:
            expected = cli_keys(demo_repo, options, capsys)
            page.goto(url + "tracker/issues/#" + urlencode(params))
            page.reload()
            page.wait_for_selector(".tsuzuri-list[data-ready='1']")
            shown = page.eval_on_selector_all(".tsuzuri-issues tbody tr", "rows => rows.map(r => r.dataset.key)")
            assert shown == expected, options


def test_an_unreadable_date_is_a_message_in_both_places(demo_repo, capsys):
    capsys.readouterr()
    assert main(["list", "--root", str(demo_repo), "--due-from", "2026/12/01"]) == 2
    assert "--due-from の '2026/12/01' は日付になっていません" in capsys.readouterr().err
    ctx = SiteContext(load(demo_repo).tracker, DEMO_DAY)
    html = markers.render(ctx, "issues", {"due_to": "来週<b>"})
    assert html == '<p class="tsuzuri-note">マーカーの値を読めません: due_to=来週&lt;b&gt;</p>'
