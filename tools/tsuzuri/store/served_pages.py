"""Under `mkdocs serve`, generated pages that cannot have changed are kept in the site folder from the last build.

MkDocs builds every page again on each change and empties the site folder first. A generated
page's finished file is a function of its laid-out page's key (everything the theme shows on it,
see ``layout_cache``) and of what the plugin adds after the theme. Before MkDocs empties the
folder, the generated folder's files of the last build are moved aside into a hidden folder,
which MkDocs does not clean; each page whose key is the same as then is taken out of the build
and moved back when the build ends, with its search index entries of the last build. Everything
else is built as ever; what was set aside and not moved back is deleted.

Kept only in the serving process, for one site folder, and only after a build that ended well.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass, field

KEPT = ".tsuzuri-kept"
"""The hidden folder in the site folder that holds the last build's generated folder during a build."""


@dataclass
class Served:
    """What the last build in this process published of its generated pages."""

    site_dir: str
    prefix: str  # the generated folder, with a slash: "tracker/"
    pages: dict[str, tuple[str, str, list]] = field(default_factory=dict)  # source path -> (key, file in the site, search entries)
    files: set[str] = field(default_factory=set)  # every file of the generated folder in the site, relative to the site folder


_last: Served | None = None


def served_key(layout_key: str, history: bool, title: str) -> str:
    """Return the key of a generated page's finished file: its laid-out page's, and what the plugin adds after the theme (the feed link)."""
    return hashlib.sha256(f"{layout_key}\x00{history}\x00{title}".encode("utf-8", "surrogatepass")).hexdigest()


def forget() -> None:
    """Trust nothing of the last build (it failed, or its site folder is not this one)."""
    global _last
    _last = None


def set_aside(site_dir: str, prefix: str) -> Served | None:
    """Before MkDocs empties ``site_dir``: move the last build's generated folder aside; return what it published.

    None where there is nothing to keep: no build before in this process, another site folder
    or generated folder, or the folder is gone.
    """
    global _last
    last, _last = _last, None
    kept = os.path.join(site_dir, KEPT)
    shutil.rmtree(kept, ignore_errors=True)
    if last is None or last.site_dir != site_dir or last.prefix != prefix:
        return None
    folder = os.path.join(site_dir, prefix.rstrip("/"))
    if not os.path.isdir(folder):
        return None
    os.makedirs(os.path.join(kept, os.path.dirname(prefix.rstrip("/"))), exist_ok=True)
    os.replace(folder, os.path.join(kept, prefix.rstrip("/")))
    return last


class Keeping:
    """One build's use of the last build's pages: which are kept, putting them back, remembering this build's."""

    def __init__(self, last: Served | None, site_dir: str, prefix: str):
        self.last = last
        self.served = Served(site_dir, prefix)
        self.kept: dict[str, str] = {}  # source path -> its file in the site, for the pages kept from the last build
        self._kept_dir = os.path.join(site_dir, KEPT)

    def unchanged(self, src: str, key: str, dest: str) -> bool:
        """Tell whether the page at ``src`` is the last build's file ``dest``, kept (and set it aside for this build)."""
        found = self.last.pages.get(src) if self.last is not None else None
        if found is None or found[0] != key or found[1] != dest or not os.path.isfile(os.path.join(self._kept_dir, dest)):
            return False
        self.kept[src] = dest
        self.served.pages[src] = found
        return True

    def entries(self, src: str) -> list:
        """Return the search index entries of a kept page, as the last build made them."""
        return self.served.pages[src][2]

    def built(self, src: str, key: str, dest: str, entries: list) -> None:
        """Remember a page this build made, for the next build."""
        self.served.pages[src] = (key, dest, entries)

    def put_back(self) -> None:
        """Put the kept pages back into the site folder beside what this build wrote; delete the rest of what was set aside.

        The few files this build wrote into the generated folder are moved into the folder set aside,
        which then takes its place: one move a file written, not one a page kept.
        """
        site_dir, prefix = self.served.site_dir, self.served.prefix.rstrip("/")
        folder, aside = os.path.join(site_dir, prefix), os.path.join(self._kept_dir, prefix)
        written = set(_files_under(site_dir, prefix))
        kept = set(self.kept.values())
        if kept:
            try:
                self._merge(written, kept, folder, aside)
            except OSError:  # a file where the folder set aside has a folder, or the other way round
                self._move_back(written | kept)
        shutil.rmtree(self._kept_dir, ignore_errors=True)
        self.served.files = written | kept

    def _merge(self, written: set[str], kept: set[str], folder: str, aside: str) -> None:
        site_dir = self.served.site_dir
        for rel in sorted(written):
            target = os.path.join(self._kept_dir, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(os.path.join(site_dir, rel), target)
        for rel in self.last.files - kept - written:  # the last build's, and neither kept nor made again
            path = os.path.join(self._kept_dir, rel)
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
            _remove_empty_folders(os.path.dirname(path), aside)
        shutil.rmtree(folder, ignore_errors=True)
        os.rename(aside, folder)

    def _move_back(self, wanted: set[str]) -> None:
        """Move each of ``wanted`` (kept, or written and moved aside already) into the site folder, where it is not there yet."""
        site_dir = self.served.site_dir
        for rel in sorted(wanted):
            source, target = os.path.join(self._kept_dir, rel), os.path.join(site_dir, rel)
            if os.path.isfile(source) and not os.path.exists(target):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                os.replace(source, target)

    def remember(self) -> None:
        """Let the next build in this process keep this build's pages (once this build has ended well)."""
        global _last
        _last = self.served

    def discard(self) -> None:
        """Give up what was set aside (the build failed)."""
        shutil.rmtree(self._kept_dir, ignore_errors=True)
        forget()


def _files_under(site_dir: str, prefix: str) -> list[str]:
    """Return every file under ``prefix`` in the site folder, relative to the site folder, with forward slashes."""
    found = []
    for folder, _, names in os.walk(os.path.join(site_dir, prefix)):
        rel = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        found.extend(f"{rel}/{name}" for name in names)
    return found


def _remove_empty_folders(folder: str, top: str) -> None:
    """Remove ``folder`` and each folder above it, up to ``top`` (kept), while they are empty."""
    while folder != top and folder.startswith(top + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)
