"""``python -m tsuzuri``."""

from .cli.main import run

run()
