"""Sign-in at start-up. (Issue 9 replaces this placeholder with the real sign-in dialog:
argon2-checked passwords, lock-out, first-run administrator.)"""

from __future__ import annotations

import getpass

from voiceapp.domain.enums import UserRole
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace


def sign_in(workspace: Workspace, parent=None) -> Actor | None:
    """Return the signed-in actor, or None if the user cancelled."""
    return Actor(user_id=None, username=getpass.getuser(), role=UserRole.MANAGER)
