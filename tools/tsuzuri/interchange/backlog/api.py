"""A small Backlog API v2 client that respects the rate limit, and a resumable fetch into a folder."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from tsuzuri.errors import TsuzuriError
from tsuzuri.interchange.progress import Progress, no_progress
from tsuzuri.messages import Message
from tsuzuri.model import KEY_RE

PAGE = 100  # Backlog's largest `count`


class BacklogError(TsuzuriError):
    """Talking to Backlog failed; the message never contains the API key."""


def space_url(space: str) -> str:
    """Return the base URL of a Backlog space given as a URL or a host name."""
    space = space.strip().rstrip("/")
    if "://" not in space:
        space = "https://" + space
    parsed = urllib.parse.urlsplit(space)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BacklogError(Message("io.backlog.space", space=space))
    return f"{parsed.scheme}://{parsed.netloc}"


def space_name(space: str) -> str:
    """Return the space id used in origins: the first label of the host (example.backlog.jp -> example)."""
    host = urllib.parse.urlsplit(space if "://" in space else "https://" + space).hostname or space
    return host.split(".")[0]


class Client:
    """GET JSON and files from Backlog API v2 with the key as ``apiKey`` and polite waiting."""

    def __init__(self, base_url: str, api_key: str, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, retries: int = 6, max_wait: float = 600.0):
        self.base = base_url.rstrip("/")
        self.key = api_key
        self.sleep, self.clock = sleep, clock
        self.retries, self.max_wait = retries, max_wait
        self.requests = 0

    def get_json(self, path: str, params: list[tuple[str, object]] | None = None):
        """Return the decoded JSON of a GET request."""
        return json.loads(self._get(path, params).decode("utf-8"))

    def get_bytes(self, path: str) -> bytes:
        """Return the body of a GET request (an attachment)."""
        return self._get(path, None)

    def _get(self, path: str, params) -> bytes:
        query = urllib.parse.urlencode([("apiKey", self.key), *(params or [])])
        url = f"{self.base}/api/v2/{path.lstrip('/')}?{query}"
        for attempt in range(self.retries + 1):
            self.requests += 1
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    body = response.read()
                    self._respect(response.headers)
                    return body
            except urllib.error.HTTPError as exc:
                if exc.code == 429 or exc.code >= 500:
                    if attempt == self.retries:
                        break
                    self.sleep(self._wait(exc.headers, attempt))
                    continue
                detail = exc.read()[:300].decode("utf-8", "replace")
                hint = Message(f"io.backlog.http-{exc.code}") if exc.code in (401, 403, 404) else ""
                raise BacklogError(Message("io.backlog.http", path=path, code=exc.code, hint=hint, detail=detail)) from None
            except (urllib.error.URLError, OSError) as exc:
                if attempt == self.retries:
                    raise BacklogError(f"GET /api/v2/{path}: {getattr(exc, 'reason', exc)}") from None
                self.sleep(min(2 ** attempt, 60))
        raise BacklogError(Message("io.backlog.retries", path=path, retries=self.retries))

    def _respect(self, headers) -> None:
        remaining = headers.get("X-RateLimit-Remaining")
        if remaining is not None and remaining.strip() == "0":
            self.sleep(self._until_reset(headers) or 1.0)

    def _until_reset(self, headers) -> float | None:
        reset = headers.get("X-RateLimit-Reset")
        if reset and reset.strip().isdigit():
            return max(0.0, min(self.max_wait, int(reset) - self.clock()))
        return None

    def _wait(self, headers, attempt: int) -> float:
        retry_after = headers.get("Retry-After") if headers else None
        if retry_after and retry_after.strip().isdigit():
            return min(self.max_wait, float(retry_after))
        until = self._until_reset(headers) if headers else None
        return until if until else min(self.max_wait, 2.0 ** attempt)


class Fetcher:
    """Copy a Backlog project into a folder of API responses, resuming where a run stopped.

    ``state.json`` lists every response already saved, so a second run after an
    interruption asks Backlog only for what is missing.
    """

    def __init__(self, client: Client, folder: Path, progress: Progress = no_progress):
        self.client, self.folder, self.progress = client, Path(folder), progress
        self.state_path = self.folder / "state.json"
        self.state = json.loads(self.state_path.read_text(encoding="utf-8")) if self.state_path.exists() else {"fetched": [], "issues": []}
        self._fetched = set(self.state["fetched"])
        self._issues = set(self.state["issues"])

    def fetch(self, project: str, attachments: bool = True) -> None:
        """Fetch the project's settings, users, issues, comments and attachments."""
        self._json("priorities.json", "priorities")
        self._json("resolutions.json", "resolutions")
        base = f"projects/{project}"
        info = self._json(f"{base}/project.json", f"projects/{project}")
        for name, path in (("issueTypes", "issueTypes"), ("statuses", "statuses"), ("categories", "categories"),
                           ("versions", "versions"), ("users", "users"), ("customFields", "customFields")):
            self._json(f"{base}/{name}.json", f"projects/{project}/{path}")
        issues = self._issue_pages(base, info["id"])
        self._wiki(project, base, attachments)
        for done, issue in enumerate(issues, 1):
            self.progress("fetch", done, len(issues))
            key = issue["issueKey"]
            if not KEY_RE.match(key):  # it names folders below, so it must be a plain key
                raise BacklogError(Message("io.backlog.bad-key", key=key))
            if key in self._issues:
                continue
            self._issue_parts(base, key, issue, attachments)
            self._issues.add(key)
            self.state["issues"].append(key)
            self._save_state()

    def _issue_pages(self, base: str, project_id) -> list[dict]:
        """Every issue of the project, oldest first, a page at a time (each page saved as it comes)."""
        offset, issues = 0, []
        while True:
            page = self._json(f"{base}/issues/{offset:06d}.json", "issues", [
                ("projectId[]", project_id), ("count", PAGE), ("offset", offset), ("sort", "created"), ("order", "asc")])
            issues.extend(page)
            if len(page) < PAGE:
                return issues
            offset += PAGE

    def _issue_parts(self, base: str, key: str, issue: dict, attachments: bool) -> None:
        """Save an issue's comments, and its attachments unless told not to."""
        comments, min_id = [], None
        while True:
            params = [("count", PAGE), ("order", "asc")] + ([("minId", min_id)] if min_id else [])
            page = self.client.get_json(f"issues/{key}/comments", params)
            comments.extend(page)
            if len(page) < PAGE:
                break
            min_id = page[-1]["id"] + 1
        self._save(f"{base}/comments/{key}.json", comments)
        if not attachments:
            return
        for a in issue.get("attachments") or []:
            if not isinstance(a.get("id"), int):
                raise BacklogError(f"{key}: attachment id {a.get('id')!r} is not a number")
            target = self.folder / base / "attachments" / key / str(a["id"])
            if not target.exists():
                _write(target, self.client.get_bytes(f"issues/{key}/attachments/{a['id']}"))

    def _wiki(self, project: str, base: str, attachments: bool) -> None:
        """Save the project's wiki pages (and their files); a space without the wiki has none."""
        rel = f"{base}/wikis.json"
        try:
            pages = self._json(rel, "wikis", [("projectIdOrKey", project)])
        except BacklogError:  # no wiki in this project: remember it, so a resumed run does not ask again
            self._save(rel, [])
            self._fetched.add(rel)
            self.state["fetched"].append(rel)
            self._save_state()
            return
        for page in pages:
            if not isinstance(page.get("id"), int):
                continue
            detail = self._json(f"{base}/wiki/{page['id']}.json", f"wikis/{page['id']}")
            for a in (detail.get("attachments") or []) if attachments else []:
                target = self.folder / base / "wiki-attachments" / str(page["id"]) / str(a.get("id"))
                if isinstance(a.get("id"), int) and not target.exists():
                    _write(target, self.client.get_bytes(f"wikis/{page['id']}/attachments/{a['id']}"))

    def _json(self, rel: str, path: str, params=None):
        target = self.folder / rel
        if rel in self._fetched and target.exists():
            return json.loads(target.read_text(encoding="utf-8"))
        data = self.client.get_json(path, params)
        self._save(rel, data)
        self._fetched.add(rel)
        self.state["fetched"].append(rel)
        self._save_state()
        return data

    def _save(self, rel: str, data) -> None:
        _write(self.folder / rel, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def _save_state(self) -> None:
        _write(self.state_path, json.dumps(self.state, ensure_ascii=False, indent=1).encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
