"""Backlog migration: saved API responses, a local API server, re-imports and resumed fetches."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tsuzuri.adapters.cli.main import main
from tsuzuri.interchange.backlog.api import BacklogError, Client
from tsuzuri.interchange.backlog.migration import fetch
from tsuzuri.store import load

FIXTURES = Path(__file__).parent / "fixtures" / "backlog"
JST = timezone(timedelta(hours=9))


def _map_file(tmp_path: Path) -> Path:
    path = tmp_path / "backlog-map.yml"
    path.write_text("values:\n  status: {レビュー待ち: resolved}\n", encoding="utf-8")
    return path


def _import(tracker: Path, folder: Path, tmp_path: Path, *extra: str) -> int:
    return main(["import", "backlog", "--space", "https://mira-demo.backlog.jp", "--project", "MIRA", "--from-dir", str(folder),
                 "--map-file", str(_map_file(tmp_path)), "--root", str(tracker), *extra])


def test_dry_run_writes_nothing_and_reports_the_plan(tracker, tmp_path, capsys):
    assert _import(tracker, FIXTURES, tmp_path) == 0
    out = capsys.readouterr().out
    assert "create MIRA-3 (Backlog MIRA-3)" in out and "create MIRA-12" in out and "create MIRA-13" in out
    assert "3 to create, 0 to update" in out
    assert "dry run: nothing written" in out
    assert list((tracker / "issues" / "MIRA").iterdir()) == []


def test_import_keeps_keys_and_every_field(tracker, tmp_path, capsys):
    assert _import(tracker, FIXTURES, tmp_path, "--apply") == 0
    assert "wrote" in capsys.readouterr().out
    issues = load(tracker).tracker.issues
    assert sorted(issues) == ["MIRA-12", "MIRA-13", "MIRA-3"]
    i = issues["MIRA-12"]
    assert (i.title, i.type, i.status, i.priority) == ("申請フォームの入力チェック仕様について", "inquiry", "resolved", "high")
    assert (i.assignee, i.reporter, i.milestone, i.categories) == ("yamada", "tanaka", "v1.0", ("form", "design"))
    assert (i.start, i.due, i.estimate, i.actual, i.parent) == (date(2026, 11, 20), date(2026, 11, 30), 4, 1.5, "MIRA-3")
    assert i.origin == "backlog:mira-demo:9002"
    assert i.created == datetime(2026, 11, 20, 9, 30, tzinfo=JST)
    assert i.body.rstrip("\n") == "郵便番号欄の全角数字を受け付けるかご確認ください。"
    assert dict(i.custom) == {}
    assert [a.name for a in i.attachments] == ["入力チェック一覧.xlsx"]
    assert (tracker / i.attachments[0].path).read_bytes() == b"PK-checklist"
    # who attached the file, when and its size, as a comment by that person; then the two comments
    assert [(c.author, c.date) for c in i.comments] == [
        ("tanaka", datetime(2026, 11, 20, 9, 31, tzinfo=JST)), ("yamada", datetime(2026, 11, 21, 9, 30, tzinfo=JST)),
        ("tanaka", datetime(2026, 11, 21, 9, 45, tzinfo=JST))
    ]
    assert i.comments[0].body.rstrip("\n") == "添付ファイル `入力チェック一覧.xlsx` を追加しました(11 バイト)"
    assert i.comments[2].body.rstrip("\n") == "- 状態: 処理中 → レビュー待ち\n- 担当者: 田中 一郎 → 山田 太郎"
    docs = load(tracker).documents
    assert docs[i.comments[1].path].data["origin"] == "backlog:mira-demo:comment-7002"
    first = issues["MIRA-3"]
    assert dict(first.custom) == {"cost_center": "設計", "pages": 12}
    assert first.body.rstrip("\n") == "要件定義書を作成する。\n- 業務フロー\n- 画面一覧"
    assert (first.estimate, first.actual, first.status) == (40, 32.5, "in_progress")
    assert first.comments[0].body.rstrip("\n") == "着手しました。\n\n- 状態: 未対応 → 処理中"
    assert issues["MIRA-13"].reporter == "sato"  # matched through the member's alias (Backlog user id)
    assert issues["MIRA-13"].assignee == ""
    assert main(["validate", str(tracker)]) == 0


def test_second_import_updates_instead_of_duplicating(tracker, tmp_path, capsys):
    assert _import(tracker, FIXTURES, tmp_path, "--apply") == 0
    capsys.readouterr()
    assert _import(tracker, FIXTURES, tmp_path, "--apply") == 0
    assert "0 to create, 0 to update, 3 unchanged" in capsys.readouterr().out
    changed = tmp_path / "changed"
    shutil.copytree(FIXTURES, changed)
    page = changed / "projects/MIRA/issues/000000.json"
    data = json.loads(page.read_text(encoding="utf-8"))
    data[2]["summary"] = "トップページのロゴが右にずれる"
    data[2]["status"] = {"id": 4, "projectId": 11, "name": "完了", "color": "#b0be3c", "displayOrder": 4000}
    page.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    comments = changed / "projects/MIRA/comments/MIRA-13.json"
    comments.write_text(json.dumps([{
        "id": 7010, "content": "修正しました。", "changeLog": [], "createdUser": data[2]["createdUser"], "created": "2026-11-23T01:00:00Z",
        "updated": "2026-11-23T01:00:00Z", "stars": [], "notifications": []
    }], ensure_ascii=False), encoding="utf-8")
    assert _import(tracker, changed, tmp_path, "--apply") == 0
    out = capsys.readouterr().out
    assert "update MIRA-13 (Backlog MIRA-13): changes title, status; adds 1 comment" in out
    issues = load(tracker).tracker.issues
    assert len(issues) == 3
    assert (issues["MIRA-13"].title, issues["MIRA-13"].status) == ("トップページのロゴが右にずれる", "closed")
    assert len(issues["MIRA-13"].comments) == 1 and len(issues["MIRA-12"].comments) == 3
    assert len(list((tracker / "issues/MIRA/MIRA-12/files").iterdir())) == 1


def test_a_status_the_tracker_lacks_is_declared_in_backlog_order(tracker, capsys):
    code = main(
        ["import", "backlog", "--space", "mira-demo.backlog.com", "--project", "MIRA", "--from-dir", str(FIXTURES), "--root", str(tracker)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("update (tsuzuri.yml): tsuzuri.yml: adds statuses +1 (レビュー待ち)\n")
    assert "unknown status" not in out and "left out" not in out
    assert "(tsuzuri.yml)" in out and (tracker / "tsuzuri.yml").read_text(encoding="utf-8").count("レビュー待ち") == 0  # a dry run


def test_backlog_plan_in_japanese(tracker, capsys, monkeypatch):
    monkeypatch.delenv("TSUZURI_LANG")  # the tracker says language: ja
    code = main(
        ["import", "backlog", "--space", "mira-demo.backlog.com", "--project", "MIRA", "--from-dir", str(FIXTURES), "--root", str(tracker)]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("更新 (tsuzuri.yml): tsuzuri.yml に追加: statuses +1 (レビュー待ち)\n")
    assert "作成 MIRA-12 (Backlog MIRA-12): コメント 3 件を追加; 添付ファイル 1 件を追加" in out
    assert "\n試行のみ: 何も書き込んでいません(書き込むには --apply を付けてください)\n" in out


# --- the API path -----------------------------------------------------------------


class FakeBacklog:
    """Serve the fixture folder as Backlog API v2 on 127.0.0.1, with rate-limit headers."""

    def __init__(self, folder: Path, reset_at: int):
        self.folder, self.reset_at = folder, reset_at
        self.log: list[str] = []
        self.keys: set[str] = set()
        self.fail_429 = {"/api/v2/issues/MIRA-12/comments"}
        self.broken: set[str] = set()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                fake.keys.update(query.get("apiKey", []))
                fake.log.append(url.path)
                status, body, ctype = fake.answer(url.path, query)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("X-RateLimit-Limit", "150")
                self.send_header("X-RateLimit-Remaining", "0" if url.path.endswith("/statuses") else "120")
                self.send_header("X-RateLimit-Reset", str(fake.reset_at))
                if status == 429:
                    self.send_header("Retry-After", "3")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, query: dict):
        if path in self.fail_429:
            self.fail_429.discard(path)
            return 429, b'{"errors":[{"message":"Too Many Requests","code":0}]}', "application/json"
        if path in self.broken:
            return 404, b'{"errors":[{"message":"No such issue.","code":6}]}', "application/json"
        parts = path.split("/")[3:]
        base = self.folder / "projects" / "MIRA"
        if parts in (["priorities"], ["resolutions"]):
            file = self.folder / f"{parts[0]}.json"
        elif parts == ["projects", "MIRA"]:
            file = base / "project.json"
        elif parts[:2] == ["projects", "MIRA"] and len(parts) == 3:
            file = base / f"{parts[2]}.json"
        elif parts == ["issues"]:
            assert query["projectId[]"] == ["11"]
            file = base / "issues" / f"{int(query['offset'][0]):06d}.json"
        elif len(parts) == 3 and parts[2] == "comments":
            file = base / "comments" / f"{parts[1]}.json"
        elif len(parts) == 4 and parts[2] == "attachments":
            return 200, (base / "attachments" / parts[1] / parts[3]).read_bytes(), "application/octet-stream"
        else:
            return 404, b"{}", "application/json"
        return 200, file.read_bytes(), "application/json"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def api():
    server = FakeBacklog(FIXTURES, reset_at=1_800_000_060)
    yield server
    server.close()


def test_api_fetch_respects_rate_limits_and_imports_the_same_files(tracker, tmp_path, api, capsys):
    waits: list[float] = []
    client = Client(api.url, "test-key", sleep=waits.append, clock=lambda: 1_800_000_000)
    cache = tmp_path / "cache"
    fetch(client, cache, "MIRA")
    assert api.keys == {"test-key"}
    assert 3.0 in waits  # the 429 reply's Retry-After
    assert 60.0 in waits  # X-RateLimit-Remaining: 0 waits until X-RateLimit-Reset
    assert api.log.count("/api/v2/issues/MIRA-12/comments") == 2
    assert "/api/v2/issues/MIRA-12/attachments/601" in api.log
    from_api = tmp_path / "from-api"
    from_dir = tmp_path / "from-dir"
    for target, folder in ((from_api, cache), (from_dir, FIXTURES)):
        shutil.copytree(tracker, target)
        assert _import(target, folder, tmp_path, "--apply") == 0
    files = sorted(p.relative_to(from_dir).as_posix() for p in from_dir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(from_api).as_posix() for p in from_api.rglob("*") if p.is_file())
    for rel in files:
        assert (from_api / rel).read_bytes() == (from_dir / rel).read_bytes(), rel


def test_interrupted_fetch_resumes_without_asking_again(tmp_path, api):
    cache = tmp_path / "cache"
    api.broken.add("/api/v2/issues/MIRA-13/comments")
    client = Client(api.url, "k", sleep=lambda s: None, clock=lambda: 1_800_000_000)
    with pytest.raises(BacklogError, match="HTTP 404") as refused:
        fetch(client, cache, "MIRA")
    assert "HTTP 404 (check --space and --project)" in str(refused.value)
    assert "HTTP 404 (--space と --project を確かめてください)" in refused.value.args[0].render("ja")
    state = json.loads((cache / "state.json").read_text(encoding="utf-8"))
    assert state["issues"] == ["MIRA-3", "MIRA-12"]
    assert "projects/MIRA/issues/000000.json" in state["fetched"]
    api.broken.clear()
    api.log.clear()
    fetch(client, cache, "MIRA")
    assert api.log == ["/api/v2/issues/MIRA-13/comments"]
    assert json.loads((cache / "state.json").read_text(encoding="utf-8"))["issues"] == ["MIRA-3", "MIRA-12", "MIRA-13"]


def test_api_key_missing_is_a_usage_error(tracker, monkeypatch, capsys):
    monkeypatch.delenv("BACKLOG_API_KEY", raising=False)
    assert main(["import", "backlog", "--space", "https://x.backlog.jp", "--project", "MIRA", "--root", str(tracker)]) == 2
    assert "BACKLOG_API_KEY" in capsys.readouterr().err


def test_rejected_key_names_the_fix_without_leaking_it(tmp_path, api):
    api.broken.add("/api/v2/priorities")
    client = Client(api.url, "secret-key-123", sleep=lambda s: None)
    with pytest.raises(BacklogError) as info:
        fetch(client, tmp_path / "c", "MIRA")
    assert "secret-key-123" not in str(info.value)


BACKLOG_CSV = (
    "ID,プロジェクトID,プロジェクト名,キーID,キー,種別ID,種別,カテゴリーID,カテゴリー名,発生バージョンID,発生バージョン,マイルストーンID,マイルストーン,"
    "状態ID,状態,優先度ID,優先度,担当者ID,担当者,件名,詳細,予定時間,実績時間,開始日,期限日,登録者ID,登録者,登録日,最終更新者ID,最終更新者,最終更新日,親課題キー\n"
    '9001,11,情報発信サイト,3,MIRA-3,201,タスク,301,申請フォーム,,,401,初回リリース,2,処理中,3,中,102,田中 '
    '一郎,要件定義書の作成,"要件定義書を作成する。\n- 業務フロー",40,32.5,2026/10/01,2026/10/31,101,山田 太郎,2026/09/20 10:00:00,101,山田 '
    '太郎,2026/10/30 17:00:00,\n'
    "9002,11,情報発信サイト,12,MIRA-12,203,問い合わせ,,,,,,,1,未対応,2,高,101,山田 "
    "太郎,申請フォームの入力チェック仕様について,,,,,2026/11/30,102,田中 一郎,2026/11/20 09:30:00,102,田中 一郎,2026/11/21 "
    "09:30:00,MIRA-3\n"
)


@pytest.mark.parametrize("encoding", ["cp932", "utf-8"])
def test_backlog_csv_export_keeps_keys_and_origins(tracker, tmp_path, encoding, capsys):
    path = tmp_path / "Backlog-Issues.csv"
    path.write_bytes(BACKLOG_CSV.encode(encoding))
    args = [
        "import", "backlog", "--space", "mira-demo.backlog.jp", "--project", "MIRA", "--csv", str(path), "--root", str(tracker), "--apply"
    ]
    assert main(args) == 0
    issues = load(tracker).tracker.issues
    assert sorted(issues) == ["MIRA-12", "MIRA-3"]
    three, twelve = issues["MIRA-3"], issues["MIRA-12"]
    assert (
        three.status, three.assignee, three.reporter, three.milestone, three.categories
    ) == ("in_progress", "tanaka", "yamada", "v1.0", ("form",))
    assert (three.start, three.due, three.estimate, three.actual) == (date(2026, 10, 1), date(2026, 10, 31), 40, 32.5)
    assert three.body.rstrip("\n") == "要件定義書を作成する。\n- 業務フロー"
    assert three.updated == datetime(2026, 10, 30, 17, 0, tzinfo=JST)
    assert (twelve.type, twelve.parent, twelve.origin) == ("inquiry", "MIRA-3", "backlog:mira-demo:9002")
    capsys.readouterr()
    assert main(args) == 0
    assert "0 to create, 0 to update, 2 unchanged" in capsys.readouterr().out


def test_attachments_with_one_name_are_both_kept(tracker, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(FIXTURES, changed)
    page = changed / "projects/MIRA/issues/000000.json"
    data = json.loads(page.read_text(encoding="utf-8"))
    data[1]["attachments"].append(dict(data[1]["attachments"][0], id=602))
    page.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (changed / "projects/MIRA/attachments/MIRA-12/602").write_bytes(b"second version")
    assert _import(tracker, changed, tmp_path, "--apply") == 0
    assert _import(tracker, changed, tmp_path, "--apply") == 0
    files = sorted(p.name for p in (tracker / "issues/MIRA/MIRA-12/files").iterdir())
    assert files == ["入力チェック一覧-2.xlsx", "入力チェック一覧.xlsx"]
    assert (tracker / "issues/MIRA/MIRA-12/files/入力チェック一覧-2.xlsx").read_bytes() == b"second version"


def test_import_command_fetches_through_the_api_into_its_cache(tracker, tmp_path, monkeypatch, capsys):
    import time

    server = FakeBacklog(FIXTURES, reset_at=int(time.time()))
    server.fail_429.clear()
    try:
        monkeypatch.setenv("BACKLOG_API_KEY", "cli-key")
        cache = tmp_path / "cache"
        args = ["import", "backlog", "--space", server.url, "--project", "MIRA", "--cache", str(cache),
                "--map-file", str(_map_file(tmp_path)), "--root", str(tracker), "--apply"]
        assert main(args) == 0
        assert "3 to create" in capsys.readouterr().out
        assert server.keys == {"cli-key"}
        assert (cache / "state.json").exists()
        asked = len(server.log)
        assert main(args) == 0  # the cache answers everything already fetched
        assert len(server.log) == asked
        assert "3 unchanged" in capsys.readouterr().out
    finally:
        server.close()
