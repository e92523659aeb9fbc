"""Served by a real nginx with its stock MIME types: no attachment of the hostile site comes back as a page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = Path("/etc/nginx/mime.types")
RUNS = {
    "text/html", "application/xhtml+xml", "image/svg+xml", "application/xml", "text/xml", "text/javascript", "application/javascript",
    "text/markdown"
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(hostile_site, tmp_path_factory):
    if not Path(NGINX).exists() or not MIME_TYPES.is_file():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing, and CI must run this test")
        pytest.skip("nginx is not installed (apt-get install nginx); CI runs this test")
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private folders
    (prefix / "nginx.conf").write_text(f"""{user}worker_processes 1;
error_log {prefix}/error.log;
pid {prefix}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
    server {{ listen 127.0.0.1:{port}; root {hostile_site.site}; }}
}}
""", encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        raise AssertionError(proc.stderr.read().decode(errors="replace"))
    yield f"http://127.0.0.1:{port}/"
    proc.terminate()
    proc.wait(timeout=10)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_every_published_attachment_is_served_as_data_or_an_inert_type(nginx, hostile_site):
    folder = hostile_site.site / "tracker" / "files" / "SEC-2"
    served = {p.name: _get(nginx + f"tracker/files/SEC-2/{urllib.request.pathname2url(p.name)}") for p in sorted(folder.iterdir())}
    assert served and all(status == 200 for status, _ in served.values()), served
    for name, (_, media) in served.items():
        assert media not in RUNS, (name, media)
        if name.endswith(".bin"):
            assert media == "application/octet-stream", name
    assert served["shot-2.png"][1] == "image/png"


def test_the_original_names_of_active_attachments_are_not_on_the_site(nginx):
    for name in ("evil.html", "evil.svg", "evil.xhtml", "evil.md", "evil.js", "evil/"):
        assert _get(nginx + f"tracker/files/SEC-2/{name}")[0] == 404, name
