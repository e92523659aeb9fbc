"""Where things live in a tracker, and the one spelling of a project key and an issue key.

Every module that recognises a key or an issue's files takes the pattern from here.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

PROJECT_KEY = r"[A-Z][A-Z0-9_]*"
"""A project key: an upper-case letter, then upper-case letters, digits or underscores (``MIRA``)."""

ISSUE_NUMBER = r"[1-9][0-9]*"
ISSUE_KEY = rf"{PROJECT_KEY}-{ISSUE_NUMBER}"
"""An issue key: the project key, a hyphen and a number without a leading zero (``MIRA-12``)."""

PROJECT_KEY_RE = re.compile(rf"^{PROJECT_KEY}$")
KEY_RE = re.compile(rf"^({PROJECT_KEY})-({ISSUE_NUMBER})$")
KEY_IN_TEXT_RE = re.compile(rf"(?<![A-Za-z0-9_/.-])({ISSUE_KEY})(?![A-Za-z0-9_-])")
"""An issue key as it appears inside prose (not inside a word, a path or a URL)."""

BRACKETED_KEY_RE = re.compile(rf"\[({ISSUE_KEY})\]")
BRACKETED_PROJECT_RE = re.compile(rf"\[({PROJECT_KEY})\]")
"""``[MIRA-12]`` and ``[MIRA]`` in a mail subject."""

# An issue's files: issues/<PROJECT>/<KEY>.md, its comments and its attachments.
# Group 1 is the project key, group 2 the issue key (which must start with that project).
ISSUE_FILE_RE = re.compile(rf"^issues/({PROJECT_KEY})/(\1-{ISSUE_NUMBER})\.md$")
COMMENT_FILE_RE = re.compile(rf"^issues/({PROJECT_KEY})/(\1-{ISSUE_NUMBER})/comments/[^/]+\.md$")
ATTACHMENT_RE = re.compile(rf"^issues/({PROJECT_KEY})/(\1-{ISSUE_NUMBER})/files/")


# A project's shared files: files/<PROJECT>/<any folders>/<name>. Group 1 is the project key.
SHARED_FOLDER = "files"
SHARED_FILE_RE = re.compile(rf"^{SHARED_FOLDER}/({PROJECT_KEY})/(.+)$")


def issue_path(key: str) -> str:
    """Return the tracker-relative path of an issue's file (``issues/MIRA/MIRA-12.md``)."""
    return f"issues/{key.rsplit('-', 1)[0]}/{key}.md"


def linked_path(href: str, source: str) -> str | None:
    """Return the tracker path a link in the text of the file ``source`` names, or None when it names none.

    ``/files/...`` is read from the top of the repository (as the forges' web views read it),
    anything else relative to ``source``; a URL with a scheme or a query, an anchor alone, or a
    path that leaves the tracker names no tracker file.
    """
    bare = href.split("#", 1)[0].strip()
    if not bare or "?" in bare or bare.startswith("//") or ":" in bare.split("/", 1)[0]:
        return None
    bare = unquote(bare)
    joined = bare.lstrip("/") if bare.startswith("/") else posixpath.join(posixpath.dirname(source), bare)
    path = posixpath.normpath(joined)
    return None if path in (".", "..") or path.startswith("../") else path

def issue_files_dir(key: str) -> str:
    """Return the tracker-relative folder of an issue's attachments (``issues/MIRA/MIRA-12/files``)."""
    return f"issues/{key.rsplit('-', 1)[0]}/{key}/files"


ATTACHMENT_LINK_RE = re.compile(
    rf"^(?:\./|/|(?:\.\./)+)?(?:issues/(?P<project>{PROJECT_KEY})/(?=(?P=project)-))?(?:(?P<key>{ISSUE_KEY})/)?files/(?P<name>[^/]+)$"
)
"""A link to an attachment as people and tsuzuri write it in text: ``files/a.png`` and ``../files/a.png``
(the issue's own, from its description or a comment), ``MIRA-12/files/a.png`` and
``issues/MIRA/MIRA-12/files/a.png`` (any issue's). ``key`` is empty for the issue's own."""

KEY_OF_FILES_RE = re.compile(rf"(?<![A-Za-z0-9_-])({ISSUE_KEY})/files/")
"""The key of another issue whose attachment a text links (``MIRA-12/files/``)."""
