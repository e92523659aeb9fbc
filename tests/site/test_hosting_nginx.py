"""docs/hosting.md's closed-network recipe, for real: Debian's nginx on 127.0.0.1, two audiences.

Vendor A's user fetches A's pages, search index and files and gets nothing of vendor B's;
an unknown user and a wrong password get nothing at all.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_samples import site_tracker

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = [
    pytest.mark.slow, pytest.mark.skipif(not Path(NGINX).is_file(), reason="Debian's nginx is not installed (.ci/run installs it)")
]

USERS = {"tanaka": ("vendor-a", "a-pass-1234"), "kimura": ("vendor-b", "b-pass-5678")}


def _ssha(password: str) -> str:
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("nginx")
    root = site_tracker(base / "tracker")
    site = base / "site"
    built = subprocess.run([sys.executable, "-m", "tsuzuri", "audiences", "build", "--root", str(root), "-f", str(root / "mkdocs.yml"),
                            "-d", str(site), "--only", "vendor-a", "--only", "vendor-b"], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    conf = base / "conf"
    conf.mkdir()
    (conf / "tracker.htpasswd").write_text("".join(f"{user}:{_ssha(pw)}\n" for user, (_, pw) in USERS.items()), encoding="utf-8")
    (conf / "tracker-audiences.map").write_text("".join(f"{user}  {aud};\n" for user, (aud, _) in USERS.items()), encoding="utf-8")
    port = _free_port()
    # The server block of docs/hosting.md, recipe 2, on loopback without TLS.
    (conf / "nginx.conf").write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
error_log {base}/error.log;
pid {base}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {base}/tmp; proxy_temp_path {base}/tmp; fastcgi_temp_path {base}/tmp;
    uwsgi_temp_path {base}/tmp; scgi_temp_path {base}/tmp;
    map $remote_user $audience {{
        default nobody;
        include {conf}/tracker-audiences.map;
    }}
    server {{
        listen 127.0.0.1:{port};
        auth_basic "tracker";
        auth_basic_user_file {conf}/tracker.htpasswd;
        location / {{
            root {site}/$audience;
            try_files $uri $uri/ =404;
            add_header Cache-Control "private, no-store";
        }}
    }}
}}
""", encoding="utf-8")
    (base / "tmp").mkdir()
    server = subprocess.Popen([NGINX, "-p", str(base), "-c", str(conf / "nginx.conf"), "-g", "daemon off;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(
                        f"nginx did not start: {server.stderr.read().decode()} "
                        f"{(base / 'error.log').read_text() if (base / 'error.log').exists() else ''}"
                    )
                time.sleep(0.1)
        yield url, site
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(url: str, user: str | None = None, password: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if user:
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_vendor_a_fetches_its_pages_search_index_and_files(served):
    url, _ = served
    status, page = _get(f"{url}/tracker/issues/HOJO-3/", "tanaka", "a-pass-1234")
    assert status == 404 and "C社との契約条件".encode() not in page  # HOJO-3 is vendor-c's: not on A's site
    status, page = _get(f"{url}/tracker/issues/HOJO-1/", "tanaka", "a-pass-1234")
    assert status == 200 and "申請フォームの入力チェック".encode() in page
    status, index = _get(f"{url}/search/search_index.json", "tanaka", "a-pass-1234")
    assert status == 200 and b"HOJO-1" in index
    status, data = _get(f"{url}/tracker/issues.json", "tanaka", "a-pass-1234")
    assert status == 200 and b"HOJO-12" in data


def test_vendor_a_gets_nothing_of_vendor_b(served):
    url, site = served
    b_only = [p.relative_to(site / "vendor-b").as_posix() for p in (site / "vendor-b").rglob("*") if p.is_file()]
    assert "tracker/issues/MIRA-1/index.html" in b_only and "search/search_index.json" in b_only
    for rel in b_only:
        status, body = _get(f"{url}/{rel}", "tanaka", "a-pass-1234")
        own = site / "vendor-a" / rel
        if own.is_file():
            assert body == own.read_bytes(), rel  # the same path serves A's own file, never B's
        else:
            assert status == 404, rel
    for guess in ("/vendor-b/", "/vendor-b/tracker/issues/MIRA-1/", "/../vendor-b/issues.json", "/%2e%2e/vendor-b/issues.json"):
        status, body = _get(url + guess, "tanaka", "a-pass-1234")
        assert status in (400, 404) and "ポータルの件".encode() not in body, guess
    status, index = _get(f"{url}/search/search_index.json", "tanaka", "a-pass-1234")
    assert "ポータルの件".encode() not in index and b"MIRA-1" not in index
    status, page = _get(f"{url}/tracker/issues/MIRA-1/", "kimura", "b-pass-5678")
    assert status == 200 and "ポータルの件".encode() in page  # B's user does get it


def test_no_credentials_wrong_password_or_unknown_user_get_nothing(served):
    url, _ = served
    assert _get(f"{url}/tracker/issues/HOJO-1/")[0] == 401
    assert _get(f"{url}/tracker/issues/HOJO-1/", "tanaka", "b-pass-5678")[0] == 401
    assert _get(f"{url}/tracker/issues/HOJO-1/", "stranger", "a-pass-1234")[0] == 401
    assert _get(f"{url}/search/search_index.json")[0] == 401
