"""Adapters: the command line and the MkDocs plugin; thin shims over the use cases."""
