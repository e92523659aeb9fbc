"""Pages written from the cache on a thread of their own: every file as MkDocs writes it, what cannot be read named, errors handed over."""

from __future__ import annotations

import errno

import pytest

from tsuzuri.store import finished_pages
from tsuzuri.store.finished_pages import FinishedPages, Job


def split(entry: str):
    head, _, rest = entry.partition("|")
    return (head, [{"location": head}], rest) if rest else None


def test_each_page_is_finished_and_written_where_mkdocs_writes_it(tmp_path):
    entries = {"a": "a/|<html>あ\ud800</html>", "b": "b/|<html>い</html>", "gone": "broken", "blank": "c/|  \n"}
    jobs = [Job(src, src, f"{src}/", str(tmp_path / "site" / src / "index.html")) for src in ("a", "b", "missing", "gone", "blank")]
    writer = FinishedPages(jobs, entries.get, split, lambda text, url: text.replace("<html>", f'<html data-url="{url}">'))
    written = writer.wait()
    # UTF-8, a character it cannot encode as a character reference, as MkDocs writes a page.
    assert (tmp_path / "site/a/index.html").read_bytes() == '<html data-url="a/">あ&#55296;</html>'.encode()
    assert (tmp_path / "site/b/index.html").read_text(encoding="utf-8") == '<html data-url="b/">い</html>'
    assert not (tmp_path / "site/blank").exists()  # an empty page is not written, as MkDocs skips one
    assert written.failed == ["missing", "gone"]  # not in the cache, or no longer an entry: the build lays them out
    assert written.entries == {"a": [{"location": "a/"}], "b": [{"location": "b/"}], "blank": [{"location": "c/"}]}


def test_a_file_that_cannot_be_written_stops_the_writer_and_is_named(tmp_path, monkeypatch):
    real = finished_pages.os.makedirs

    def full(path, exist_ok=False):
        if path.endswith("b"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, exist_ok=exist_ok)

    monkeypatch.setattr(finished_pages.os, "makedirs", full)
    jobs = [Job(src, src, src, str(tmp_path / src / "index.html")) for src in ("a", "b", "c")]
    writer = FinishedPages(jobs, lambda key: f"{key}|<p>{key}</p>", split, lambda text, url: text)
    with pytest.raises(OSError) as caught:
        writer.wait()
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(tmp_path / "b" / "index.html")
    assert (tmp_path / "a/index.html").is_file() and not (tmp_path / "c").exists()  # it stopped at the first


def test_a_bug_in_finishing_a_page_reaches_the_build():
    writer = FinishedPages([Job("a", "a", "a/", "unused")], lambda key: "a|<p>", split, lambda text, url: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        writer.wait()
