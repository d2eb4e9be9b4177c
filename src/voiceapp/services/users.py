"""Users and sign-in. (Issue 9 extends this: lock-out, first-run administrator, user admin.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from voiceapp.db.engine import Database
from voiceapp.db.models import User
from voiceapp.domain.enums import UserRole
from voiceapp.errors import PermissionDenied

from . import audit
from .context import Actor
from .passwords import verify_password


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, UserRole(user.role),
                 frozenset(UserRole(r) for r in (user.extra_roles or [])))


def sign_in(db: Database, username: str, password: str) -> Actor:
    """Check a user name and password; audit success and failure alike."""
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == username))
        ok = user is not None and user.active and verify_password(user.password_hash, password)
        who = actor_for(user) if user is not None else Actor(None, username, UserRole.OFFICER)
        if not ok:
            audit.record(s, who, "sign-in failed", "user", user.id if user else None,
                         summary=f"Failed sign-in for {username!r}")
        else:
            user.last_login_at = datetime.now().replace(microsecond=0)
            audit.record(s, who, "sign-in", "user", user.id, summary=f"{username} signed in")
    if not ok:
        raise PermissionDenied("The user name or password is not right.",
                               "Check them and try again, or ask an administrator to reset it.")
    return who
