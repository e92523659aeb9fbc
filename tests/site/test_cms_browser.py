"""The CMS under admin/ in Debian's chromium, against a real Git repository through Decap's local backend.

decap-server (npm, pinned in tests/site/package.json) plays the forge: in its Git mode each save
is a commit on a `cms/…` branch, as the editorial workflow makes a pull request; the CMS reaches it
through `OneAtATime`. The test creates an issue through the CMS's own form, merges that branch as a
reviewer would and validates strictly.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import Request, urlopen

import pytest
import yaml

from tsuzuri.store import load

from .cms_driver import expect_draft, open_new_entry, pick, save, sign_in, watch_store
from .conftest import FIXTURES, mkdocs_build, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SERVER = Path(__file__).parent / "node_modules" / "decap-server" / "dist" / "index.js"


class Tracker(type(Path())):
    """The tracker's folder, and the backend serving it to the CMS."""

    backend: subprocess.Popen


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length"}


class OneAtATime(http.server.ThreadingHTTPServer):
    """Hand the CMS's requests to decap-server one at a time, each once the one before is answered.

    decap-server answers one request at a time, and fails with a 500 any request that has waited 3 s
    for its turn (a fixed timeout on its lock). The CMS sends several at once (a collection's entries,
    its pull requests and the media together); on a loaded machine the Git commands behind them are
    slow enough for the last to wait longer than that. The queue is kept here instead, where nothing
    times out; decap-server would have answered them in the same turns anyway.
    """

    daemon_threads = True

    def __init__(self, backend_port: int):
        super().__init__(("127.0.0.1", 0), _Forward)
        self.backend_port = backend_port
        self.turn = threading.Lock()


class _Forward(http.server.BaseHTTPRequestHandler):
    server: OneAtATime

    def forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        with self.server.turn:
            connection = http.client.HTTPConnection("127.0.0.1", self.server.backend_port)
            try:
                connection.request(self.command, self.path, body, headers)
                response = connection.getresponse()
                data = response.read()
            finally:
                connection.close()
        self.send_response(response.status, response.reason)
        for k, v in response.getheaders():
            if k.lower() not in HOP_BY_HOP:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_OPTIONS = forward

    def log_message(self, *args):
        pass


def wait_until_answering(port: int, proc: subprocess.Popen, log: Path) -> None:
    """Wait until decap-server answers the CMS's first question: it listens before its Git routes exist."""
    deadline = time.monotonic() + 120
    while True:
        try:
            request = Request(f"http://127.0.0.1:{port}/api/v1", data=b'{"action": "info"}', headers={"Content-Type": "application/json"})
            with urlopen(request, timeout=10) as response:
                if json.load(response).get("type") == "local_git":
                    return
        except OSError:  # not listening yet (refused), or its route not there yet (404)
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail("decap-server did not start:\n" + log.read_text(encoding="utf-8", errors="replace"))
        time.sleep(0.1)


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    if not SERVER.exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("decap-server is missing: .ci/run installs it with `npm ci --prefix tests/site`")
        pytest.skip("decap-server is not installed (npm ci --prefix tests/site); CI runs this test")
    port = free_port()
    root = Tracker(tmp_path_factory.mktemp("cms") / "tracker")
    forwarding = OneAtATime(port)
    shutil.copytree(FIXTURES / "small", root)
    with (root / "tsuzuri.yml").open("a", encoding="utf-8") as f:
        backend = f"http://127.0.0.1:{forwarding.server_address[1]}/api/v1"
        f.write(f'forge: {{kind: github, url: "https://github.example/o/r", cms: {{local_backend: "{backend}"}}}}\n')
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "CMS")
    git(root, "config", "user.email", "cms@example.jp")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Start the tracker")
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": str(root), "PORT": str(port), "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    log = root.parent / "decap-server.log"  # a file, not a pipe nobody reads: a full pipe would stop the server
    with log.open("wb") as out:
        proc = subprocess.Popen(["node", str(SERVER)], env=env, stdout=out, stderr=subprocess.STDOUT)
    root.backend = proc  # the test stops it before it reads the repository itself
    thread = threading.Thread(target=forwarding.serve_forever, daemon=True)
    thread.start()
    try:
        wait_until_answering(port, proc, log)
        yield root
    finally:
        forwarding.shutdown()
        forwarding.server_close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(repo, tmp_path_factory):
    site = mkdocs_build(repo, tmp_path_factory.mktemp("cms-site"))
    with serving(site) as url:
        yield url


def test_cms_config_comes_from_the_schema_and_tsuzuri_yml(server, repo):
    site_config = yaml.safe_load(urlopen_text(server + "tracker/admin/config.yml"))
    names = [c["name"] for c in site_config["collections"]]
    assert names == ["tsuzuri-settings", "issues-HOJO", "comments-HOJO", "issues-KIBAN", "comments-KIBAN", "minutes"]
    issues = next(c for c in site_config["collections"] if c["name"] == "issues-HOJO")
    assert (issues["folder"], issues["slug"]) == ("issues/HOJO", "{{fields.key}}")
    fields = {f["name"]: f for f in issues["fields"]}
    config = load(repo).tracker.config
    assert [o["value"] for o in fields["status"]["options"]] == [s.id for s in config.statuses]
    assert [o["value"] for o in fields["type"]["options"]] == [t.id for t in config.types]
    assert [o["value"] for o in fields["priority"]["options"]] == [p.id for p in config.priorities]
    assert fields["assignee"]["widget"] == "relation" and fields["assignee"]["value_field"] == "members.*.id"
    assert fields["key"]["default"] == "HOJO-4" and fields["title"]["required"] is True
    assert site_config["publish_mode"] == "editorial_workflow"


def urlopen_text(url: str) -> str:
    with urlopen(url) as response:
        return response.read().decode("utf-8")


def test_an_issue_created_in_the_cms_lands_in_the_repository_and_validates(browser, server, repo):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    hosts: set[str] = set()

    def route(r):
        host = urlparse(r.request.url).hostname
        hosts.add(host)
        r.continue_() if host == "127.0.0.1" else r.abort()

    context.route("**/*", route)
    watch_store(context)
    page = context.new_page()
    page.set_default_timeout(60_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    sign_in(page, server)
    open_new_entry(page, server, "issues-HOJO")
    title = "CMS から登録: 郵便番号 [全角] #1 {a: b}"
    page.get_by_label("件名", exact=True).fill(title)
    pick(page, "担当者 (任意)", "田中", "田中 一郎")
    page.get_by_label("期限日 (任意)").fill("2026-12-20")
    expect_draft(page, {"key": "HOJO-4", "title": title, "assignee": "tanaka", "due": "2026-12-20"})
    save(page)
    context.close()
    # The backend checks branches out while it answers the CMS: let it finish before Git is read here.
    repo.backend.terminate()
    repo.backend.wait(timeout=10)

    branch = "cms/issues-HOJO/HOJO-4"
    assert branch in git(repo, "branch", "--list", branch)
    assert git(repo, "show", "--name-only", "--format=", branch).split() == ["issues/HOJO/HOJO-4.md"]
    git(repo, "merge", "-q", "--no-ff", "-m", "Merge the CMS's pull request", branch)  # a reviewer merges it
    result = subprocess.run([sys.executable, "-m", "tsuzuri", "validate", "--strict", "--root", str(repo)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    issue = load(repo).tracker.issues["HOJO-4"]
    assert (issue.title, issue.assignee, str(issue.due), issue.type, issue.status) == (title, "tanaka", "2026-12-20", "task", "open")
    assert errors == [] and hosts == {"127.0.0.1"}
