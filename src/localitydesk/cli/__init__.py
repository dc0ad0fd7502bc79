"""localitydesk-cli: scripted and batch work over the same services as the GUI.

Each command group lives in its own module exposing ``register(subparsers)``;
the module's handler receives the parsed arguments and an open database and
returns the process exit code. Errors a user can act on are printed in the
chosen language (``--lang``), never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from localitydesk.i18n import _, set_language

from .argparse_words import speak_our_language

EXIT_BROKEN_PIPE = 128 + 13  # what a shell reports for a process ended by SIGPIPE

# Modules of this package that are not command groups.
_NOT_COMMANDS = {"context", "arguments", "__main__"}


def command_modules() -> list[str]:
    """Every module here with a ``register`` function is a command group, so a
    new group is added by adding its module, without editing this file."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _NOT_COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="localitydesk-cli",
        description=_("LocalityDesk from the command line: the same work as the app, for scripts and batches."),
    )
    parser.add_argument("--db", type=Path, help=_("database file (default: the one in your user-data folder)"))
    parser.add_argument("--lang", choices=("cy", "en"), default=None, help=_("language for messages and reports"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in command_modules():
        module = importlib.import_module(f"localitydesk.cli.{name}")
        # Helper modules (argument parsing, subcommands shared by a group) have no register.
        if hasattr(module, "register"):
            module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    # The language must be set before --help text is built.
    language = _language_from(args_list)
    if language:
        set_language(language)
    speak_our_language()
    parser = build_parser()
    args = parser.parse_args(args_list)
    from localitydesk.cli.context import run_handler

    try:
        return run_handler(args)
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other Unix tools
        # do, with nothing more written to the closed pipe at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _language_from(argv: list[str]) -> str | None:
    """The global ``--lang``, which comes before the command; a command's own
    ``--lang`` (the language of a PDF, say) is not the language of messages."""
    words = iter(argv)
    for arg in words:
        if arg == "--lang":
            value = next(words, None)
            return value if value in ("cy", "en") else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("cy", "en") else None
        if arg == "--db":
            next(words, None)
        elif not arg.startswith("-"):
            return None  # the command: what follows is its own
    return None


if __name__ == "__main__":
    sys.exit(main())
