"""Findings about links in issues, comments and minutes that point into a project's shared folder."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tsuzuri.findings import Finding
from tsuzuri.layout import SHARED_FILE_RE, SHARED_FOLDER, linked_path
from tsuzuri.messages import Message
from tsuzuri.store import Loaded
from tsuzuri.validate.references import held_projects

TEXT_KINDS = ("issue", "comment", "minutes")

# The address of a Markdown link or image, `[words](address "title")` or `(<address with spaces>)`,
# and of an HTML link or image written in the text.
_MARKDOWN_LINK_RE = re.compile(r"\]\(\s*(?:<([^>\n]*)>|([^)\s]+))")
_HTML_LINK_RE = re.compile(r"""<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*["']([^"'\n]*)["']""", re.IGNORECASE)
# Code is text, not links: blocks and spans are blanked, line breaks kept, before searching.
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1[^\n]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN_RE = re.compile(r"(`+)[^\n]*?\1")


def check(loaded: Loaded) -> Iterator[Finding]:
    """Yield a finding for each link to a shared file or folder that does not exist, or that the readers of the text cannot open."""
    tracker = loaded.tracker
    files = {f.path for f in tracker.shared}
    folders = {f.path.rsplit("/", 1)[0] for f in tracker.shared}
    folders |= {"/".join(folder.split("/")[:n]) for folder in folders for n in range(2, folder.count("/") + 1)}
    projects = {p.key for p in tracker.config.projects}
    # A checkout of some projects only (`subset: true`) cannot check the shared folders it does not hold.
    held = held_projects(tracker, loaded.documents) | {f.project for f in tracker.shared} if tracker.config.subset else None
    owner = {m.path: m.project for m in tracker.minutes if m.project}  # the project whose text it is
    owner.update({doc.path: doc.path.split("/")[1] for doc in loaded.documents.values() if doc.kind in ("issue", "comment")})
    for doc in loaded.documents.values():
        if doc.kind not in TEXT_KINDS or not doc.ok or SHARED_FOLDER + "/" not in doc.body:
            continue
        for line_no, target in text_links(doc.body):
            path = linked_path(target, doc.path)
            match = SHARED_FILE_RE.match(path or "") or (re.fullmatch(rf"{SHARED_FOLDER}/([^/]+)", path or ""))
            if not match:
                continue
            project = match.group(1)
            if path in files or path in folders or (path == f"{SHARED_FOLDER}/{project}" and project in projects):
                # It exists (a project's folder itself, files or not); but a text of one project linking
                # another's file leads nowhere for those who see only the first.
                own = owner.get(doc.path)
                if own and own != project and own in projects and project in projects:
                    yield Finding(doc.path, doc.body_line + line_no, 1, "warning", "shared-link-project",
                                  Message("shared.link-other-project", target=target, project=project, own=own),
                                  Message("shared.link-other-project.hint", project=project, own=own))
                continue
            if held is not None and project not in held:
                continue
            yield Finding(doc.path, doc.body_line + line_no, 1, "error", "shared-link",
                          Message("shared.link-missing", target=target, path=path),
                          Message("shared.link-missing.hint", project=project))


def text_links(body: str) -> Iterator[tuple[int, str]]:
    """Yield (line within the body, from 0; address) for every link and image address in Markdown text."""
    text = _FENCE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)
    text = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), text)
    for pattern in (_MARKDOWN_LINK_RE, _HTML_LINK_RE):
        for m in pattern.finditer(text):
            target = next(g for g in m.groups() if g is not None)
            yield text.count("\n", 0, m.start()), target
