"""The MkDocs adapter's own duties: watching the tracker under `mkdocs serve`, links, nav."""

from __future__ import annotations

from pathlib import Path

from tsuzuri.adapters.mkdocs_plugin import TsuzuriPlugin

from .conftest import FIXTURES


class RecordingServer:
    def __init__(self):
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_tracker_files():
    from mkdocs.config import load_config

    config = load_config(config_file=str(FIXTURES / "small" / "mkdocs.yml"))
    plugin = config.plugins["tsuzuri"]
    assert isinstance(plugin, TsuzuriPlugin)
    plugin.on_config(config)
    server = RecordingServer()
    plugin.on_serve(server, config, None)
    names = sorted(Path(p).name for p in server.watched)
    assert names == ["issues", "minutes", "tsuzuri.yml", "wbs"]


def test_a_theme_that_loads_web_fonts_is_warned_about(tmp_path, caplog):
    import shutil

    from mkdocs.config import load_config

    shutil.copytree(FIXTURES / "small", tmp_path / "t")
    yml = tmp_path / "t" / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  font: false\n", ""), encoding="utf-8")
    config = load_config(config_file=str(yml))
    with caplog.at_level("WARNING"):
        config.plugins["tsuzuri"].on_config(config)
    assert "font: false" in caplog.text
