"""tsuzuri: a docs-as-code project tracker kept as plain files in Git."""

__version__ = "0.1.0"
