"""Users and sign-in: argon2-checked passwords, lock-out, the first administrator, user admin.

- `sign_in` checks a user name and password and audits success and failure alike. After
  `failures` wrong passwords in a row (5 by default) the account is locked for `minutes`
  (15 by default); both are stored in app_meta, so an administrator can change them.
- A new database has no users: `needs_first_administrator(db)` says so, and
  `create_first_administrator` creates one without anyone signed in (refused once any user
  exists, so it cannot be used to add a second administrator behind the first one's back).
- Administrators add, disable, enable, unlock and reset users and change roles; everyone can
  change their own password. The last active administrator can be neither disabled nor demoted.
- `is_demo_password` is set whenever someone signs in with the demo password, so the app can
  warn until it is changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import AppMeta, User
from voiceapp.domain.enums import UserRole
from voiceapp.errors import NotFound, PermissionDenied, ValidationError

from . import audit
from .context import Actor
from .passwords import hash_password, verify_password
from .permissions import Permission, require

DEMO_PASSWORD = "demo"
DEFAULT_LOCKOUT_FAILURES = 5
DEFAULT_LOCKOUT_MINUTES = 15
MIN_PASSWORD_LENGTH = 8
_LOCKOUT_KEYS = ("lockout_failures", "lockout_minutes")
# Passwords that pass the length rule but that anyone would guess first.
_GUESSABLE = {"password", "password1", "passw0rd", "12345678", "123456789", "1234567890",
              "qwertyuiop", "qwerty123", "voiceapp", "letmein1", "welcome1", "iloveyou",
              "administrator", "changeme", "wrenshire"}
# Compared against when the user name is unknown, so a wrong name costs the same time as a
# wrong password and timing does not reveal which user names exist.
_DUMMY_HASH = hash_password("not a real password, only spends the same time")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,39}$")


class AccountLocked(PermissionDenied):
    """Too many wrong passwords in a row; the account unlocks by itself later."""


class NoUsersYet(PermissionDenied):
    """The database has no users: the first administrator must be created."""


@dataclass(frozen=True)
class LockoutPolicy:
    failures: int = DEFAULT_LOCKOUT_FAILURES
    minutes: int = DEFAULT_LOCKOUT_MINUTES


@dataclass(frozen=True)
class UserInfo:
    """A user as the UI and command line see them (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: UserRole
    extra_roles: tuple[UserRole, ...]
    active: bool
    failed_logins: int
    locked_until: datetime | None
    must_change_password: bool
    is_demo_password: bool
    created_at: datetime | None
    last_login_at: datetime | None

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or _now())

    @property
    def roles_label(self) -> str:
        names = [self.role.value.replace("_", " ")]
        names += [r.value.replace("_", " ") for r in self.extra_roles]
        return ", ".join(names)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, UserRole(user.role),
                 frozenset(UserRole(r) for r in (user.extra_roles or [])))


def _info(u: User) -> UserInfo:
    return UserInfo(
        id=u.id, username=u.username, display_name=u.display_name, role=UserRole(u.role),
        extra_roles=tuple(UserRole(r) for r in (u.extra_roles or [])), active=bool(u.active),
        failed_logins=u.failed_logins or 0, locked_until=u.locked_until,
        must_change_password=bool(u.must_change_password),
        is_demo_password=bool(u.is_demo_password), created_at=u.created_at,
        last_login_at=u.last_login_at,
    )


def _snapshot(u: User) -> dict:
    """What the audit trail keeps about a user change (never a hash)."""
    return dict(username=u.username, display_name=u.display_name, role=u.role,
                extra_roles=list(u.extra_roles or []), active=bool(u.active),
                must_change_password=bool(u.must_change_password))


# --------------------------------------------------------------------------- lock-out policy


def lockout_policy(db: Database) -> LockoutPolicy:
    with db.read_session() as s:
        return _policy(s)


def _policy(s: Session) -> LockoutPolicy:
    rows = dict(s.execute(select(AppMeta.key, AppMeta.value)
                          .where(AppMeta.key.in_(_LOCKOUT_KEYS))).all())
    try:
        failures = int(rows.get("lockout_failures", DEFAULT_LOCKOUT_FAILURES))
        minutes = int(rows.get("lockout_minutes", DEFAULT_LOCKOUT_MINUTES))
    except ValueError:
        return LockoutPolicy()
    return LockoutPolicy(max(1, failures), max(1, minutes))


def set_lockout_policy(db: Database, actor: Actor, failures: int, minutes: int) -> LockoutPolicy:
    require(actor, Permission.MANAGE_USERS)
    if not 3 <= failures <= 20:
        raise ValidationError("Lock-out must happen after between 3 and 20 wrong passwords.",
                              field="failures")
    if not 1 <= minutes <= 24 * 60:
        raise ValidationError("An account can be locked for between 1 minute and 24 hours.",
                              field="minutes")
    with db.session() as s:
        before = _policy(s)
        s.merge(AppMeta(key="lockout_failures", value=str(failures)))
        s.merge(AppMeta(key="lockout_minutes", value=str(minutes)))
        audit.record(s, actor, "update", "settings", "lockout",
                     summary=f"Lock-out set to {failures} failures, {minutes} minutes",
                     before=before.__dict__, after=dict(failures=failures, minutes=minutes))
    return LockoutPolicy(failures, minutes)


# --------------------------------------------------------------------------- sign-in


def sign_in(db: Database, username: str, password: str) -> Actor:
    """Check a user name and password; audit success and failure alike.

    Raises NoUsersYet on a database without users, AccountLocked while an account is locked
    (or when this failure locks it), and PermissionDenied otherwise. The same message is
    given for an unknown user and a wrong password.

    The deliberately slow argon2 check runs outside any transaction (on SQLite a write
    transaction holds the database's write lock); the outcome is then recorded in one short
    write, re-reading the account there so concurrent failures all count."""
    username = (username or "").strip()
    by_name = func.lower(User.username) == username.lower()
    with db.read_session() as s:
        any_users = s.scalar(select(func.count()).select_from(User)) > 0
        stored = s.scalar(select(User.password_hash).where(by_name)) if any_users else None
    if not any_users:
        raise NoUsersYet("This database has no users yet.",
                         "Create the first administrator: open the desktop app, or run "
                         "'voiceapp users add --role administrator'.")
    # An unknown name costs the same time as a wrong password (no user-name probing by timing).
    password_ok = verify_password(stored or _DUMMY_HASH, password) and stored is not None
    now = _now()
    locked_now = False
    locked_until: datetime | None = None
    problem: str | None = None
    with db.session() as s:
        user = s.scalar(select(User).where(by_name).with_for_update())
        if user is None:
            audit.record(s, Actor(None, username[:40], UserRole.OFFICER), "sign-in failed",
                         "user", None, summary=f"Failed sign-in: unknown user {username!r}")
            problem = "wrong"
        else:
            who = actor_for(user)
            if user.password_hash != stored:  # the password changed while we checked
                password_ok = verify_password(user.password_hash, password)
            if user.locked_until is not None and user.locked_until > now:
                audit.record(s, who, "sign-in failed", "user", user.id,
                             summary=f"Sign-in refused for {user.username}: account locked")
                problem, locked_until = "locked", user.locked_until
            elif not password_ok:
                policy = _policy(s)
                user.failed_logins = (user.failed_logins or 0) + 1
                summary = f"Failed sign-in for {user.username} ({user.failed_logins} in a row)"
                if user.failed_logins >= policy.failures:
                    user.locked_until = now + timedelta(minutes=policy.minutes)
                    user.failed_logins = 0
                    locked_now, locked_until = True, user.locked_until
                    summary += f"; account locked for {policy.minutes} minutes"
                audit.record(s, who, "sign-in failed", "user", user.id, summary=summary)
                problem = "locked" if locked_now else "wrong"
            elif not user.active:
                audit.record(s, who, "sign-in failed", "user", user.id,
                             summary=f"Sign-in refused for {user.username}: account disabled")
                problem = "disabled"
            else:
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = now
                user.is_demo_password = password == DEMO_PASSWORD
                audit.record(s, who, "sign-in", "user", user.id,
                             summary=f"{user.username} signed in")
    if problem is None:
        return who
    if problem == "locked":
        until = locked_until.strftime("%H:%M")
        first = ("That was one wrong password too many: the account is locked"
                 if locked_now else f"The account {username!r} is locked after repeated "
                 "wrong passwords")
        raise AccountLocked(f"{first} until {until}.",
                            "Wait and try again, or ask an administrator to unlock it.")
    if problem == "disabled":
        raise PermissionDenied(f"The account {username!r} has been disabled.",
                               "Ask an administrator if you still need access.")
    raise PermissionDenied("The user name or password is not right.",
                           "Check them and try again, or ask an administrator to reset it.")


def sign_out(db: Database, actor: Actor) -> None:
    with db.session() as s:
        audit.record(s, actor, "sign-out", "user", actor.user_id,
                     summary=f"{actor.username} signed out")


def my_account(db: Database, actor: Actor) -> UserInfo:
    """The signed-in user's own account (any role may read its own)."""
    with db.read_session() as s:
        user = s.get(User, actor.user_id) if actor.user_id is not None else None
        if user is None:
            raise NotFound(f"There is no user account for {actor.username}.")
        return _info(user)


# --------------------------------------------------------------------------- first run


def needs_first_administrator(db: Database) -> bool:
    """True when the database has no users at all (a new installation)."""
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(User)) == 0


def create_first_administrator(db: Database, username: str, display_name: str,
                               password: str) -> Actor:
    """Create the first administrator of a database with no users, and sign them in."""
    username, display_name = _check_identity(username, display_name)
    check_password_rules(password, username)
    with db.session() as s:
        if s.get_bind().dialect.name == "postgresql":
            # Two first-run windows at once: only one may create the administrator.
            s.execute(text("SELECT pg_advisory_xact_lock(727002)"))
        if s.scalar(select(func.count()).select_from(User)):
            raise PermissionDenied(
                "This database already has users, so the first administrator already exists.",
                "Sign in, and ask an administrator to add you.")
        user = User(username=username, display_name=display_name,
                    role=UserRole.ADMINISTRATOR.value, extra_roles=[],
                    password_hash=hash_password(password), active=True, failed_logins=0,
                    must_change_password=False, is_demo_password=False,
                    last_login_at=_now())
        s.add(user)
        s.flush()
        who = actor_for(user)
        audit.record(s, who, "create", "user", user.id,
                     summary=f"First administrator {username} created", after=_snapshot(user))
        audit.record(s, who, "sign-in", "user", user.id, summary=f"{username} signed in")
    return who


# --------------------------------------------------------------------------- rules


def check_password_rules(password: str, username: str = "") -> None:
    """Raise ValidationError (field 'password') unless `password` is acceptable."""
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
            "A few unrelated words together make a strong password that is easy to remember.",
            field="password")
    if password.strip() != password:
        raise ValidationError("A password cannot start or end with a space.", field="password")
    low = password.lower()
    if (low == DEMO_PASSWORD or low in _GUESSABLE
            or (len(username) >= 3 and username.lower() in low)):
        raise ValidationError("That password is too easy to guess.",
                              "Avoid the user name and common passwords.", field="password")
    if len(set(password)) < 4:
        raise ValidationError("That password is too easy to guess (too few different "
                              "characters).", field="password")


def _check_identity(username: str, display_name: str) -> tuple[str, str]:
    username = (username or "").strip()
    display_name = " ".join((display_name or "").split())
    if not _USERNAME.match(username):
        raise ValidationError(
            "A user name needs 2 to 40 letters, digits, dots, dashes, underscores or @, "
            "starting with a letter or digit.", field="username")
    if not display_name:
        raise ValidationError("Give the person's name as colleagues know it.",
                              field="display_name")
    if len(display_name) > 120:
        raise ValidationError("The name is too long (120 characters at most).",
                              field="display_name")
    return username, display_name


def _roles(role: UserRole | str, extra_roles: Iterable[UserRole | str]) -> tuple[str, list[str]]:
    try:
        main = UserRole(role)
        extras = sorted({UserRole(r).value for r in extra_roles} - {main.value})
    except ValueError as exc:
        raise ValidationError(f"{exc}. Roles are: "
                              + ", ".join(r.value for r in UserRole) + ".", field="role") from exc
    return main.value, extras


def _get(s: Session, user_id: int) -> User:
    user = s.get(User, user_id, with_for_update=True)
    if user is None:
        raise NotFound(f"There is no user with id {user_id}.")
    return user


def _active_admins(s: Session) -> int:
    # Extra roles live in a JSON list; administrators are few, so count them in Python.
    users = s.execute(select(User.role, User.extra_roles).where(User.active.is_(True))).all()
    return sum(1 for role, extras in users
               if role == UserRole.ADMINISTRATOR.value
               or UserRole.ADMINISTRATOR.value in (extras or []))


def _is_admin(u: User) -> bool:
    return u.role == UserRole.ADMINISTRATOR.value or \
        UserRole.ADMINISTRATOR.value in (u.extra_roles or [])


# --------------------------------------------------------------------------- administration


def list_users(db: Database, actor: Actor, include_disabled: bool = True) -> list[UserInfo]:
    require(actor, Permission.MANAGE_USERS)
    with db.read_session() as s:
        q = select(User).order_by(func.lower(User.username))
        if not include_disabled:
            q = q.where(User.active.is_(True))
        return [_info(u) for u in s.scalars(q)]


def find_user(db: Database, actor: Actor, username: str) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    with db.read_session() as s:
        user = s.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
        if user is None:
            raise NotFound(f"There is no user called {username!r}.",
                           "List users with 'voiceapp users list'.")
        return _info(user)


def add_user(db: Database, actor: Actor, username: str, display_name: str,
             role: UserRole | str, password: str, extra_roles: Iterable[UserRole | str] = (),
             must_change_password: bool = True) -> UserInfo:
    """Add a user. By default they must choose their own password when they first sign in."""
    require(actor, Permission.MANAGE_USERS)
    username, display_name = _check_identity(username, display_name)
    main, extras = _roles(role, extra_roles)
    check_password_rules(password, username)
    try:
        with db.session() as s:
            taken = s.scalar(select(User.id).where(func.lower(User.username) == username.lower()))
            if taken is not None:
                raise ValidationError(f"There is already a user called {username!r}.",
                                      "Choose another user name.", field="username")
            user = User(username=username, display_name=display_name, role=main,
                        extra_roles=extras, password_hash=hash_password(password), active=True,
                        failed_logins=0, must_change_password=must_change_password,
                        is_demo_password=False)
            s.add(user)
            s.flush()
            audit.record(s, actor, "create", "user", user.id,
                         summary=f"User {username} added as {main.replace('_', ' ')}",
                         after=_snapshot(user))
            return _info(user)
    except IntegrityError as exc:  # two administrators adding the same name at once
        raise ValidationError(f"There is already a user called {username!r}.",
                              "Choose another user name.", field="username") from exc


def set_active(db: Database, actor: Actor, user_id: int, active: bool) -> UserInfo:
    """Disable or re-enable an account (disabled users cannot sign in; history is kept)."""
    require(actor, Permission.MANAGE_USERS)
    with db.session() as s:
        user = _get(s, user_id)
        if not active and user.id == actor.user_id:
            raise ValidationError("You cannot disable your own account.",
                                  "Ask another administrator to do it.")
        if not active and _is_admin(user) and user.active and _active_admins(s) <= 1:
            raise ValidationError(f"{user.username} is the last active administrator.",
                                  "Make someone else an administrator first.")
        if bool(user.active) == active:
            return _info(user)
        before = _snapshot(user)
        user.active = active
        if active:
            user.failed_logins, user.locked_until = 0, None
        audit.record(s, actor, "enable" if active else "disable", "user", user.id,
                     summary=f"User {user.username} {'enabled' if active else 'disabled'}",
                     before=before, after=_snapshot(user))
        return _info(user)


def disable_user(db: Database, actor: Actor, user_id: int) -> UserInfo:
    return set_active(db, actor, user_id, False)


def enable_user(db: Database, actor: Actor, user_id: int) -> UserInfo:
    return set_active(db, actor, user_id, True)


def unlock_user(db: Database, actor: Actor, user_id: int) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    with db.session() as s:
        user = _get(s, user_id)
        user.failed_logins, user.locked_until = 0, None
        audit.record(s, actor, "unlock", "user", user.id, summary=f"User {user.username} unlocked")
        return _info(user)


def reset_password(db: Database, actor: Actor, user_id: int, new_password: str,
                   must_change: bool = True) -> UserInfo:
    """An administrator sets a temporary password (the user changes it at next sign-in)."""
    require(actor, Permission.MANAGE_USERS)
    with db.session() as s:
        user = _get(s, user_id)
        check_password_rules(new_password, user.username)
        user.password_hash = hash_password(new_password)
        user.failed_logins, user.locked_until = 0, None
        user.must_change_password = must_change
        user.is_demo_password = False
        audit.record(s, actor, "reset password", "user", user.id,
                     summary=f"Password reset for {user.username}")
        return _info(user)


def set_roles(db: Database, actor: Actor, user_id: int, role: UserRole | str,
              extra_roles: Iterable[UserRole | str] = ()) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    main, extras = _roles(role, extra_roles)
    with db.session() as s:
        user = _get(s, user_id)
        before = _snapshot(user)
        was_admin = _is_admin(user)
        user.role, user.extra_roles = main, extras
        if was_admin and not _is_admin(user) and user.active and _active_admins(s) < 1:
            raise ValidationError(f"{user.username} is the last active administrator.",
                                  "Make someone else an administrator first.")
        audit.record(s, actor, "update", "user", user.id,
                     summary=f"Roles of {user.username} set to {', '.join([main, *extras])}",
                     before=before, after=_snapshot(user))
        return _info(user)


def change_own_password(db: Database, actor: Actor, old_password: str,
                        new_password: str) -> UserInfo:
    """Anyone may change their own password, after giving the current one."""
    if actor.user_id is None:
        raise PermissionDenied("Only a signed-in user can change their password.")
    with db.session() as s:
        user = _get(s, actor.user_id)
        if not verify_password(user.password_hash, old_password):
            audit.record(s, actor, "change password failed", "user", user.id,
                         summary=f"{user.username} gave a wrong current password")
            failed = True
        else:
            failed = False
            if new_password == old_password:
                raise ValidationError("The new password must be different from the current one.",
                                      field="password")
            check_password_rules(new_password, user.username)
            user.password_hash = hash_password(new_password)
            user.must_change_password = False
            user.is_demo_password = False
            audit.record(s, actor, "change password", "user", user.id,
                         summary=f"{user.username} changed their password")
            info = _info(user)
    if failed:
        raise PermissionDenied("Your current password is not right.",
                               "Type it again; nothing was changed.")
    return info


def demo_password_users(db: Database) -> list[str]:
    """User names still known to use the demo password (shown as a warning in the app)."""
    with db.read_session() as s:
        return list(s.scalars(select(User.username).where(User.is_demo_password.is_(True),
                                                          User.active.is_(True))
                              .order_by(User.username)))
