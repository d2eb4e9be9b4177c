"""Sign-in for command-line use: VOICEAPP_USER / VOICEAPP_PASSWORD, else a prompt.

Passwords are never taken as command-line arguments (they would show in the process list and
shell history). Failures are audited and count towards lock-out, as in the desktop app."""

from __future__ import annotations

import getpass
import os
import sys

from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services.context import Actor


def cli_actor(db) -> Actor:
    """Sign in for a command that reads or changes data, and return who is acting."""
    from voiceapp.services.users import DEMO_PASSWORD, sign_in

    username, password = read_credentials()
    actor = sign_in(db, username, password)
    if password == DEMO_PASSWORD:
        print(f"WARNING: {actor.username} is using the demo password '{DEMO_PASSWORD}'. "
              "Never keep real data in a database with demo passwords.", file=sys.stderr)
    return actor


def read_credentials() -> tuple[str, str]:
    """User name and password from VOICEAPP_USER / VOICEAPP_PASSWORD, else a terminal prompt."""
    username = os.environ.get("VOICEAPP_USER")
    password = os.environ.get("VOICEAPP_PASSWORD")
    if not username or password is None:
        if not sys.stdin.isatty():
            raise PermissionDenied(
                "This command needs you to sign in.",
                "Set VOICEAPP_USER and VOICEAPP_PASSWORD, or run it in a terminal to be asked.")
        username = username or input("voiceapp user: ").strip()
        password = getpass.getpass("password: ")
    return username, password


def read_new_password(prompt: str = "new password", env: str = "VOICEAPP_NEW_PASSWORD") -> str:
    """A new password for someone: from `env`, else asked twice at a terminal."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise PermissionDenied(f"A new password is needed: set {env}, or run this in a terminal "
                               "to be asked.")
    first = getpass.getpass(f"{prompt}: ")
    again = getpass.getpass(f"{prompt} (again): ")
    if first != again:
        raise ValidationError("The two passwords were not the same; nothing was changed.",
                              field="password")
    return first
