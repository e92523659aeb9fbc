"""``python -m tsuzuri``."""

from tsuzuri.adapters.cli.main import run

run()
