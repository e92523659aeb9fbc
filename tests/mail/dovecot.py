"""A private Dovecot IMAP server on loopback, run as an ordinary user with a throwaway config."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "secret-for-tests"

CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = {ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{dir}/mail/%u
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _account() -> tuple[pwd.struct_passwd, bool]:
    # Dovecot refuses to run its login and mail processes as root; under root use nobody.
    if os.geteuid() == 0:
        return pwd.getpwnam("nobody"), True
    return pwd.getpwuid(os.getuid()), False


def start(tmp_path: Path, tls: tuple[Path, Path] | None = None):
    """Start Dovecot; return (port, process, folder). The caller stops it with ``stop``."""
    if not os.path.exists(DOVECOT):
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed but CI must run the IMAP tests (apt-get install dovecot-imapd)")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd) so the IMAP test cannot run")
    account, as_root = _account()
    # As root the unprivileged processes must reach the folder, and pytest's tmp_path is private.
    folder = Path(tempfile.mkdtemp(prefix="tsuzuri-dovecot-")) if as_root else tmp_path / "dovecot"
    folder.mkdir(exist_ok=True)
    os.chmod(folder, 0o755)
    (folder / "mail").mkdir()
    if as_root:
        os.chown(folder / "mail", account.pw_uid, account.pw_gid)
    port = _free_port()
    group = __import__("grp").getgrgid(account.pw_gid).gr_name
    (folder / "dovecot.conf").write_text(
        CONFIG.format(dir=folder, user=account.pw_name, group=group, uid=account.pw_uid, gid=account.pw_gid, port=port, password=PASSWORD,
                      ssl='required' if tls else 'no') + (f"ssl_cert = <{tls[0]}\nssl_key = <{tls[1]}\n" if tls else ""),
        encoding="utf-8",
    )
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(folder / "dovecot.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                if s.recv(100).startswith(b"* OK"):
                    return port, process, folder
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.05)
    stop(process, folder, tmp_path)
    log = (folder / "dovecot.log").read_text(errors="replace") if (folder / "dovecot.log").exists() else ""
    pytest.fail(f"dovecot did not start: {log[-2000:]}")


def stop(process: subprocess.Popen, folder: Path, tmp_path: Path) -> None:
    """Stop the server this fixture started and remove its folder."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stderr:
        process.stderr.close()
    if tmp_path not in folder.parents:
        shutil.rmtree(folder, ignore_errors=True)
