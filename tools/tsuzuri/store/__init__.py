"""The one place that reads and writes the tracker's files."""

from tsuzuri.store.reader import CONFIG_FILE, FileHistory, Loaded, find_root, load

__all__ = ["CONFIG_FILE", "FileHistory", "Loaded", "find_root", "load"]
