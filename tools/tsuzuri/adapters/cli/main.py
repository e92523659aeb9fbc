"""The ``tsuzuri`` command group. Every module in ``tsuzuri.adapters.cli.commands`` adds one verb."""

from __future__ import annotations

import importlib
import pkgutil
import signal
import sys
import threading

import click

from tsuzuri import __version__
from tsuzuri.adapters.cli import commands
from tsuzuri.adapters.cli.invocation import language
from tsuzuri.errors import EXIT_BUG, EXIT_DATA, EXIT_INTERRUPTED, TsuzuriError
from tsuzuri.messages import say
from tsuzuri.store.symlinks import SymlinkRefused


def _discover(group: click.Group) -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            group.add_command(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tsuzuri")
def cli() -> None:
    """tsuzuri (綴り): issues, minutes and WBS as plain files in Git."""


_discover(cli)


class Terminated(BaseException):
    """SIGTERM arrived (a cancelled CI job): unwind like Ctrl-C, so open transactions roll back."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 ok, 1 data problem, 2 usage, 3 bug)."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return _run(argv)
    except Terminated:
        click.echo("tsuzuri: " + say(_language(), "cli.terminated"), err=True)
        return 128 + signal.SIGTERM
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def _run(argv: list[str] | None) -> int:
    try:
        code = cli.main(args=argv, prog_name="tsuzuri", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo(say(_language(), "cli.aborted"), err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SymlinkRefused as exc:
        click.echo("tsuzuri: " + say(_language(), "cli.symlink-refused", path=exc.filename), err=True)
        return exc.exit_code
    except TsuzuriError as exc:  # the one error tree (tsuzuri/errors.py) carries its exit code
        click.echo(f"tsuzuri: {exc.text(_language())}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except OSError as exc:
        if exc.filename is None or not exc.strerror:
            return _bug()
        # A path that cannot be written or read (no such folder, no permission, a full disk,
        # a file open in Excel) is the machine's state, not a bug: name the path.
        click.echo("tsuzuri: " + say(_language(), "cli.os-error", path=exc.filename, reason=exc.strerror), err=True)
        return EXIT_DATA
    except Exception:  # noqa: BLE001 - the last line of defence: say it is our bug
        return _bug()
    return code if isinstance(code, int) else 0


def _bug() -> int:
    import traceback

    traceback.print_exc()
    click.echo("tsuzuri: " + say(_language(), "cli.internal-error"), err=True)
    return EXIT_BUG


def _language() -> str:
    # Before any tracker is read only TSUZURI_LANG (or the default) can say which language.
    try:
        return language()
    except TsuzuriError:
        return "en"


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
