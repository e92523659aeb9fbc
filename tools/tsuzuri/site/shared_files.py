"""Where a project's shared files are published, and how issues and minutes link to them.

A project's folder ``files/<PROJECT>/`` is published at the same path in the site
(``tracker/files/HOJO/設計/基本設計書.xlsx``), under the rules of attachments (see
site/attachments.py): controls and format characters leave the shown name, path syntax
leaves every part, only inert types keep their name and every other file is saved, never
shown, under a neutral ``.bin`` name. A file of which the build found only a Git LFS
pointer is listed, not published.

Text links to a shared file the way it already works in the repository's web view and in
editors: a Markdown link to the file's path, from the top of the repository
(``/files/HOJO/設計/基本設計書.xlsx``) or relative to the file that holds the text
(``../../files/HOJO/設計/基本設計書.xlsx``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from tsuzuri.layout import SHARED_FILE_RE, SHARED_FOLDER, linked_path
from tsuzuri.model import SharedFile
from tsuzuri.site.attachments import display_name, publish_name, safe_part

PAGE_FOLDER = "shared"
INDEX_PAGE = "shared.md"
"""The list of every project's shared folder (in the navigation); each project's page is ``shared/<PROJECT>.md``."""


@dataclass(frozen=True, slots=True)
class PublishedFile:
    """One shared file as the site shows it."""

    file: SharedFile
    path: str  # the site path inside the generated folder, "" when it is not published (an LFS pointer)
    name: str  # the name shown, inside the project's folder ("設計/基本設計書.xlsx"), without controls
    download: bool  # True when opening the link must save the file rather than show it

    @property
    def href(self) -> str:
        """Return the site path percent-encoded, for a link ("" when not published)."""
        return quote(self.path) if self.path else ""

    @property
    def saved_as(self) -> str:
        """Return the name a browser saves the file under (the last part of the shown name)."""
        return self.name.rsplit("/", 1)[-1]


def page_src(project: str) -> str:
    """Return the generated source path of a project's shared files page."""
    return f"{PAGE_FOLDER}/{project}.md"


def publish(files: Iterable[SharedFile]) -> dict[str, PublishedFile]:
    """Return where each shared file is published, by its tracker path; names never clash, whatever their case."""
    files = sorted(files, key=lambda f: f.path)
    # A folder's published name is fixed first, so that no file can take a name a folder needs.
    folders: dict[str, str] = {}
    for f in files:
        _folder_path(f, folders)
    taken: dict[str, set[str]] = {}  # published folder (lower case) -> names used in it (lower case)
    for published_folder in folders.values():
        parent, _, name = published_folder.lower().rpartition("/")
        taken.setdefault(parent, set()).add(name)
    result = {}
    for f in files:
        parts = f.name.split("/")
        folder = _folder_path(f, folders)
        shown_name = display_name(parts[-1])
        candidate, inert = publish_name(shown_name, taken.setdefault(folder.lower(), set()))
        shown = "/".join([*(display_name(p) for p in parts[:-1]), shown_name])
        result[f.path] = PublishedFile(f, "" if f.lfs else f"{folder}/{candidate}", shown, download=not inert or candidate != shown_name)
    return result


def _folder_path(f: SharedFile, folders: dict[str, str]) -> str:
    """Return the published folder of a file (``files/HOJO/設計``), naming each folder once."""
    parts = f.name.split("/")[:-1]
    out = f"{SHARED_FOLDER}/{f.project}"
    source = out
    for part in parts:
        source = f"{source}/{part}"
        if source not in folders:
            folders[source] = f"{out}/{safe_part(display_name(part)) or '_'}"
        out = folders[source]
    return out


def target_path(href: str, source: str) -> str | None:
    """Return the tracker path a link in the text of ``source`` names, when it lies in a project's shared folder."""
    path = linked_path(href, source)
    return path if path is not None and SHARED_FILE_RE.match(path) else None
