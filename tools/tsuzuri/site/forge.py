"""Where the tracker's files live on a forge (GitHub, GitLab, Gitea/Forgejo), and its editor URLs.

MkDocs names the repository with ``repo_url`` and the docs folder's editor with ``edit_uri``;
``forge:`` in tsuzuri.yml adds what MkDocs lacks (the forge's kind for a self-hosted host, the
branch, the tracker's folder inside the repository). Nothing here reads files or the network.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from posixpath import basename, dirname
from urllib.parse import quote, urlencode, urlsplit

KINDS = ("github", "gitlab", "gitea", "forgejo")
# The editor path segment each kind puts before the branch in its URLs.
_EDIT = {"github": "edit", "gitlab": "-/edit", "gitea": "_edit", "forgejo": "_edit"}


@dataclass(frozen=True, slots=True)
class Forge:
    """A repository on a forge: its kind, web address, branch and the tracker's folder in it."""

    kind: str
    url: str  # https://github.com/o/r, no trailing slash
    branch: str = "main"
    prefix: str = ""  # the tracker's folder inside the repository, "" or ending in "/"

    @property
    def prefills(self) -> bool:
        """Tell whether the forge's new-file page takes the content from the URL (GitLab's does not)."""
        return self.kind != "gitlab"

    def _path(self, path: str) -> str:
        return quote(self.prefix + path.lstrip("/"))

    def edit_url(self, path: str) -> str:
        """Return the forge's web editor for a file of the tracker (a path relative to its root)."""
        return f"{self.url}/{_EDIT[self.kind]}/{quote(self.branch)}/{self._path(path)}"

    def new_file_url(self, path: str, content: str = "") -> str:
        """Return the forge's new-file page for ``path``, prefilled with ``content`` where the forge allows."""
        full = self.prefix + path.lstrip("/")
        folder, name = dirname(full), basename(full)
        branch = quote(self.branch)
        if self.kind == "github":
            return f"{self.url}/new/{branch}?" + urlencode({"filename": full, "value": content}, quote_via=quote)
        if self.kind == "gitlab":
            return f"{self.url}/-/new/{branch}/{quote(folder)}?" + urlencode({"file_name": name}, quote_via=quote)
        return f"{self.url}/_new/{branch}/{quote(folder)}?" + urlencode({"filename": name, "value": content}, quote_via=quote)

    def as_json(self) -> dict[str, str]:
        """Return what the site's forms need to build the same URLs in the browser."""
        return {"kind": self.kind, "url": self.url, "branch": self.branch, "prefix": self.prefix}


def _guess_kind(url: str, edit_uri: str) -> str:
    host = urlsplit(url).hostname or ""
    if host == "github.com" or host.endswith(".github.com"):
        return "github"
    if "gitlab" in host or edit_uri.lstrip("/").startswith("-/"):
        return "gitlab"
    if host == "codeberg.org" or "forgejo" in host:
        return "forgejo"
    if "gitea" in host or edit_uri.lstrip("/").startswith(("_edit", "src/branch")):
        return "gitea"
    return "github"


def _from_edit_uri(edit_uri: str, docs_rel: str) -> tuple[str, str]:
    """Return (branch, tracker folder) read from an ``edit_uri`` such as ``edit/main/docs/``."""
    parts = [p for p in edit_uri.strip("/").split("/") if p]
    if parts[:1] == ["-"]:
        parts = parts[1:]
    if parts[:2] == ["src", "branch"]:
        parts = parts[2:]
    elif parts[:1] and parts[0] in ("edit", "blob", "_edit", "tree", "raw"):
        parts = parts[1:]
    else:
        return "", ""
    if not parts:
        return "", ""
    branch, rest = parts[0], parts[1:]
    docs = [p for p in docs_rel.strip("/").split("/") if p and p != "."]
    if docs and rest[-len(docs):] == docs:
        rest = rest[: -len(docs)]
    return branch, "".join(p + "/" for p in rest)


def resolve(settings: Mapping | None, repo_url: str = "", edit_uri: str = "", docs_rel: str = "docs") -> Forge | None:
    """Return the tracker's forge from tsuzuri.yml's ``forge:`` and MkDocs' ``repo_url``/``edit_uri``, or None.

    ``docs_rel`` is MkDocs' ``docs_dir`` relative to the tracker's folder: ``edit_uri`` points at the
    docs folder, and the tracker's files sit beside it.
    """
    settings = settings or {}
    url = str(settings.get("url") or repo_url or "").strip().rstrip("/")
    if url.endswith(".git"):
        url = url[:-4]
    if not url or urlsplit(url).scheme not in ("http", "https"):
        return None
    branch, prefix = _from_edit_uri(str(edit_uri or ""), docs_rel)
    kind = str(settings.get("kind") or _guess_kind(url, str(edit_uri or "")))
    if kind not in KINDS:
        return None
    branch = str(settings.get("branch") or branch or "main")
    path = settings.get("path")
    if path is not None:
        path = str(path).strip("/")
        prefix = f"{path}/" if path and path != "." else ""
    return Forge(kind, url, branch, prefix)
