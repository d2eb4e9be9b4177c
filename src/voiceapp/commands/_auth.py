"""Sign-in for command-line use: VOICEAPP_USER / VOICEAPP_PASSWORD, else a prompt."""

from __future__ import annotations

import getpass
import os
import sys

from voiceapp.errors import PermissionDenied
from voiceapp.services.context import Actor


def cli_actor(db) -> Actor:
    """Sign in for a command that reads or changes data, and return who is acting."""
    from voiceapp.services.users import sign_in

    username = os.environ.get("VOICEAPP_USER")
    password = os.environ.get("VOICEAPP_PASSWORD")
    if not username or password is None:
        if not sys.stdin.isatty():
            raise PermissionDenied(
                "This command needs you to sign in.",
                "Set VOICEAPP_USER and VOICEAPP_PASSWORD, or run it in a terminal to be asked.")
        username = username or input("voiceapp user: ").strip()
        password = getpass.getpass("password: ")
    return sign_in(db, username, password)
