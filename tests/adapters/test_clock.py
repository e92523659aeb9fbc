"""One "today" for the CLI and the site: given, SOURCE_DATE_EPOCH, or the clock, in the tracker's time zone."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tsuzuri.adapters import clock
from tsuzuri.adapters.clock import BadDay, today

from ..site.conftest import FIXTURES

LATE_UTC = "1796081400"  # 2026-11-30 23:30 UTC = 2026-12-01 08:30 in Tokyo


def test_a_given_day_as_people_write_it():
    assert today("2026-01-02", "Asia/Tokyo") == date(2026, 1, 2)
    assert today("2026/11/25", "Asia/Tokyo") == date(2026, 11, 25)
    assert today(date(2026, 11, 25), None) == date(2026, 11, 25)  # `today: 2026-11-25` unquoted in mkdocs.yml
    assert today(datetime(2026, 11, 25, 23, 0, tzinfo=UTC), None) == date(2026, 11, 25)
    for bad in ("tomorrow", "2026-13-01", 20261125, True):
        with pytest.raises(BadDay) as caught:
            today(bad, "Asia/Tokyo", environ={"SOURCE_DATE_EPOCH": LATE_UTC})
        assert caught.value.value == bad


def test_source_date_epoch_is_read_in_the_trackers_time_zone():
    env = {"SOURCE_DATE_EPOCH": LATE_UTC}
    assert today(None, "Asia/Tokyo", env) == date(2026, 12, 1)
    assert today(None, None, env) == date(2026, 11, 30)
    assert today(None, "No/Such_Zone", env) == date(2026, 11, 30)
    assert today(None, "Asia/Tokyo", {"SOURCE_DATE_EPOCH": "soon"}, clock=lambda tz: datetime(2026, 5, 1, tzinfo=tz)) == date(2026, 5, 1)


def test_the_clock_is_asked_in_the_trackers_time_zone():
    late = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert today(None, "Asia/Tokyo", {}, clock=late.astimezone) == date(2026, 12, 1)


def tracker_with_today(tmp_path, written: str | None):
    """A copy of the small site fixture whose mkdocs.yml gives the plugin ``today: WRITTEN`` (or none)."""
    root = tmp_path / "tracker"
    shutil.copytree(FIXTURES / "small", root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    line = '      today: "2026-11-25"\n'
    assert line in text
    config.write_text(text.replace(line, f"      today: {written}\n" if written else "      history: true\n"), encoding="utf-8")
    return root


@pytest.mark.parametrize("written", ['"tomorrow"', '"2026-02-30"'])
def test_a_bad_today_in_mkdocs_yml_is_a_message_not_a_traceback(tmp_path, written):
    root = tracker_with_today(tmp_path, written)
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")], cwd=root, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    value = written.strip('"')
    assert "today" in done.stderr and value in done.stderr
    assert not (tmp_path / "site" / "index.html").exists()


USE_CASES = ("planning", "changes", "validate", "interchange", "authoring", "query.py", "model.py", "schema")


def _reads_the_clock_or_environment(source: str) -> list[int]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in {
                ("datetime", "now"), ("date", "today"), ("os", "environ"), ("os", "getenv"), ("datetime", "utcnow")
            }:
                found.append(node.lineno)
    return sorted(found)


def test_use_cases_never_read_the_clock_or_the_environment():
    assert _reads_the_clock_or_environment("import os\nx = os.environ.get('A')\ny = datetime.now(tz)\n") == [2, 3]
    package = Path(clock.__file__).resolve().parent.parent
    found = []
    for name in USE_CASES:
        for path in sorted((package / name).rglob("*.py")) if (package / name).is_dir() else [package / name]:
            found += [f"{path.relative_to(package)}:{n}" for n in _reads_the_clock_or_environment(path.read_text(encoding="utf-8"))]
    assert found == []
