"""What the site's theme shows of the tracker besides its pages: the site's name and the footer's words.

Material for MkDocs is the theme a tracker uses; its templates are extended, never copied: the
folder ``templates/theme`` (one partial, the footer's copyright line) goes before the theme's
own, and the words it prints come from the catalog.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape

from tsuzuri.messages import text
from tsuzuri.model import Config

OVERRIDES = Path(__file__).resolve().parent.parent / "templates" / "theme"
"""Templates that replace the theme's partials of the same name."""

MATERIAL_URL = "https://squidfunk.github.io/mkdocs-material/"

_UNTITLED = next(f.default for f in fields(Config) if f.name == "title")


def site_name(config: Config, written: str) -> str:
    """Return the name the site's header shows: ``title:`` of tsuzuri.yml, else the ``site_name`` written in mkdocs.yml.

    The title is escaped (themes print the site's name as it is, into every page); mkdocs.yml is the site owner's and left as written.
    """
    return escape(config.title) if config.title and config.title != _UNTITLED else written


def template_cache(folder: Path) -> FileSystemBytecodeCache | None:
    """Return a cache of the theme's compiled templates in ``folder`` (each named by its source's digest), or None if it cannot be made."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def made_with(lang: str) -> Markup:
    """Return the footer's "Made with Material for MkDocs" in the tracker's language, the theme's name a link."""
    link = Markup('<a href="{}" target="_blank" rel="noopener">Material for MkDocs</a>').format(MATERIAL_URL)
    return escape(text(lang, "site.made_with")).format(theme=link)
