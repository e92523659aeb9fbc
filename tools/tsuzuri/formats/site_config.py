"""Read the settings ``tsuzuri pages`` needs from a site's ``mkdocs.yml`` (MkDocs, ProperDocs and Zensical share it).

``mkdocs.yml`` is the builder's file, in the builder's YAML: ``!ENV`` tags are read as MkDocs reads
them, any other tag (``!!python/name:...`` for Markdown extensions) as no value, since nothing
tsuzuri needs is written that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tsuzuri.errors import TsuzuriError
from tsuzuri.formats.yamlsafe import load_builder_config


class SiteConfigProblem(TsuzuriError):
    """The file is not YAML, or not a mapping."""


@dataclass(frozen=True)
class SiteConfig:
    docs_dir: str = "docs"
    use_directory_urls: bool = True
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    nav: list | None = None
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    watch: tuple[str, ...] = ()
    markdown_extensions: tuple[str, ...] = ()
    plugin: dict | None = None  # the tsuzuri plugin's options; None: the plugin is not listed
    plugins: tuple[str, ...] = field(default=())


def _names(entries) -> list[tuple[str, object]]:
    """Return (name, options) of a plugin or extension list (``- name``, ``- name: {...}``) or mapping."""
    if isinstance(entries, dict):
        return list(entries.items())
    out = []
    for entry in entries or []:
        if isinstance(entry, str):
            out.append((entry, None))
        elif isinstance(entry, dict):
            out.extend(entry.items())
    return out


def parse(text: str) -> SiteConfig:
    """Return the settings of an ``mkdocs.yml``'s text."""
    try:
        data = load_builder_config(text)
    except ValueError as exc:
        raise SiteConfigProblem(str(exc)) from None
    if not isinstance(data, dict):
        raise SiteConfigProblem("not a mapping of settings")
    plugins = _names(data.get("plugins"))
    plugin = next((opts if isinstance(opts, dict) else {} for name, opts in plugins if name == "tsuzuri"), None)

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        return tuple(v if isinstance(v, str) else str((v or {}).get("path", "")) for v in value) if isinstance(value, list) else ()

    return SiteConfig(
        docs_dir=str(data.get("docs_dir") or "docs"),
        use_directory_urls=data.get("use_directory_urls", True) is not False,
        site_url=str(data.get("site_url") or ""),
        repo_url=str(data.get("repo_url") or ""),
        edit_uri=str(data.get("edit_uri") or ""),
        nav=data.get("nav") if isinstance(data.get("nav"), list) else None,
        extra_css=strings("extra_css"),
        extra_javascript=strings("extra_javascript"),
        watch=strings("watch"),
        markdown_extensions=tuple(name for name, _ in _names(data.get("markdown_extensions"))),
        plugin=plugin,
        plugins=tuple(name for name, _ in plugins),
    )


def nav_files(nav: list | None) -> list[str]:
    """Return every page path a nav names (not links to other sites)."""
    found: list[str] = []

    def walk(item):
        if isinstance(item, str):
            if "://" not in item and not item.startswith(("/", "#")):
                found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav or [])
    return found
