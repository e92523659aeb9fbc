"""A Python-Markdown extension that fills markers in hand-written pages for builders without the tsuzuri plugin.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin; it does run the Markdown extensions listed
there. ``tsuzuri pages`` writes the finished HTML of every marker into the folder's
``markers.json``; this extension puts it in place of each marker and its fallback text. Where the
file is missing or the page has changed since, the fallback text stays, telling the reader to
run ``tsuzuri pages``. Under MkDocs and ProperDocs the plugin has filled the markers before
Markdown runs, so there is nothing left here to do.

    markdown_extensions:
      - tsuzuri            # or, with another folder: - tsuzuri: {folder: generated}
"""

from __future__ import annotations

import json
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from tsuzuri.site import markers
from tsuzuri.site.links import FOLDER
from tsuzuri.site.output import MARKERS_FILE, PAGE_END, PAGE_START

_loaded: dict[Path, tuple[float, dict]] = {}


def _markers_of(path: Path) -> dict:
    """Return the markers file's pages, read again only when it changed."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return {}
    cached = _loaded.get(path)
    if cached is None or cached[0] != stamp:
        try:
            pages = json.loads(path.read_text(encoding="utf-8")).get("pages", {})
        except (OSError, ValueError, AttributeError):
            pages = {}
        _loaded[path] = cached = (stamp, pages if isinstance(pages, dict) else {})
    return cached[1]


def _current_page(md) -> tuple[str | None, Path | None]:
    """Return the page being rendered (its path inside docs_dir) and docs_dir, where the builder says."""
    page = next((p.page for p in md.preprocessors if getattr(p, "page", None) is not None and hasattr(p.page, "path")), None)
    if page is None:
        return None, None
    try:
        from zensical.config import get_config  # the builder that runs no plugins tells its config here

        config = get_config()
        docs_dir = Path(config["root_dir"], config["docs_dir"]).resolve()
    except Exception:  # noqa: BLE001 - any other builder: leave the fallback text
        return None, None
    return str(page.path).replace("\\", "/"), docs_dir


def _matches(written, found: list[markers.Found]) -> bool:
    """Tell whether the markers file has this page's markers as they are now."""
    if not isinstance(written, list) or len(written) != len(found):
        return False
    return all(
        isinstance(entry, dict)
        and entry.get("name") == marker.name
        and entry.get("params") == marker.params
        and isinstance(entry.get("html"), str)
        for entry, marker in zip(written, found, strict=True)
    )


class _FillMarkers(Preprocessor):
    def __init__(self, md, folder: str):
        super().__init__(md)
        self.folder = folder

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        found = markers.find(text)
        if not found:
            return lines
        path, docs_dir = _current_page(self.md)
        if path is None:
            return lines
        written = _markers_of(docs_dir / self.folder / MARKERS_FILE).get(path)
        if not _matches(written, found):
            return lines  # not written for this page as it is now: the fallback text shows
        parts, last = [], 0
        for marker, entry in zip(found, written, strict=True):
            parts += [text[last:marker.start], "\n\n" + self.md.htmlStash.store(str(entry["html"])) + "\n\n"]
            last = marker.end
        return ("".join(parts) + text[last:]).split("\n")


class _KeepGeneratedPage(Preprocessor):
    """Set a generated page's finished HTML aside as one raw block, so no HTML parser walks through it.

    ``tsuzuri pages`` writes each page of the folder as one ``<div class="tsuzuri-page">`` block that
    nothing in Markdown may change (MkDocs gets the same HTML after Markdown ran). Python-Markdown
    would set the block aside anyway, but only after parsing every tag of it (``md_in_html`` too),
    the largest cost of a Zensical build of those pages.
    """

    def __init__(self, md, folder: str):
        super().__init__(md)
        self.folder = folder.strip("/") + "/"

    def run(self, lines: list[str]) -> list[str]:
        if not lines or lines[0] != PAGE_START:
            return lines
        end = len(lines)
        while end and not lines[end - 1].strip():
            end -= 1
        if not end or lines[end - 1] != PAGE_END or any(line.strip() for line in lines[end:]):
            return lines
        path, _ = _current_page(self.md)
        if path is None or not path.startswith(self.folder):
            return lines  # only in the folder `tsuzuri pages` writes
        return ["", "", self.md.htmlStash.store("\n".join(lines[:end])), "", ""]  # a block of its own, not a paragraph


class TsuzuriExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"folder": [FOLDER, "the folder of generated pages inside docs_dir (as for `tsuzuri pages --out`)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's name
        # Before raw HTML is set aside (priority 20), so the marker comments are still there.
        md.preprocessors.register(_FillMarkers(md, self.getConfig("folder")), "tsuzuri_markers", 25)
        md.preprocessors.register(_KeepGeneratedPage(md, self.getConfig("folder")), "tsuzuri_generated_page", 24)


def makeExtension(**kwargs) -> TsuzuriExtension:  # noqa: N802 - Python-Markdown's name
    return TsuzuriExtension(**kwargs)
