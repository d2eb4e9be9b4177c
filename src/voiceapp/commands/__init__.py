"""Command-line subcommands, one module per feature.

Each module defines `register(subparsers) -> None`, which adds its parser(s) and sets
`handler=<function(args) -> int>` with `set_defaults`. cli.py discovers the modules here, so a
feature adds a command without editing a shared file. Handlers import their services lazily so
`voiceapp --help` stays fast."""

from __future__ import annotations

import importlib
import pkgutil


def register_all(subparsers) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(subparsers)
