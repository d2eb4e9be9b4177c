"""What each role may do, enforced in the service layer (hidden buttons are only a courtesy).

- officer: capture; edit own records; see case text; export redacted text only
- manager: all records, safeguarding decisions, complaint outcomes, reports, exports
- board viewer: reports and aggregated trends only; never free text, never names
- administrator: users, codebook, reference lists, retention; not case text unless also manager

Every service function calls `require(actor, Permission.X)` before it reads or writes.
"""

from __future__ import annotations

from enum import StrEnum

from voiceapp.domain.enums import UserRole
from voiceapp.errors import PermissionDenied

from .context import Actor


class Permission(StrEnum):
    CAPTURE = "capture"
    VIEW_CASE_TEXT = "view case text"
    EDIT_ANY_RECORD = "edit any record"
    REVIEW_THEMES = "review themes and sentiment"
    SAFEGUARDING_DECIDE = "record safeguarding decisions"
    MANAGE_COMPLAINTS = "manage complaints"
    COMPLAINT_OUTCOME = "record complaint outcomes"
    MANAGE_ACTIONS = "manage You Said, We Did actions"
    VIEW_AGGREGATES = "view aggregated figures"
    RUN_REPORTS = "produce reports"
    EXPORT_REDACTED = "export redacted records"
    EXPORT_UNREDACTED = "export unredacted records"
    IMPORT = "import files"
    MANAGE_USERS = "manage users"
    MANAGE_CODEBOOK = "edit the codebook"
    MANAGE_REFERENCE = "edit reference lists and procedures"
    MANAGE_RETENTION = "apply retention and erasure"
    VIEW_AUDIT = "view the audit trail"
    BACKUP = "back up and restore"


_O, _M, _B, _A = UserRole.OFFICER, UserRole.MANAGER, UserRole.BOARD_VIEWER, UserRole.ADMINISTRATOR

GRANTS: dict[Permission, frozenset[UserRole]] = {
    Permission.CAPTURE: frozenset({_O, _M}),
    Permission.VIEW_CASE_TEXT: frozenset({_O, _M}),
    Permission.EDIT_ANY_RECORD: frozenset({_M}),
    Permission.REVIEW_THEMES: frozenset({_O, _M}),
    Permission.SAFEGUARDING_DECIDE: frozenset({_M}),
    Permission.MANAGE_COMPLAINTS: frozenset({_O, _M}),
    Permission.COMPLAINT_OUTCOME: frozenset({_M}),
    Permission.MANAGE_ACTIONS: frozenset({_O, _M}),
    Permission.VIEW_AGGREGATES: frozenset({_O, _M, _B, _A}),
    Permission.RUN_REPORTS: frozenset({_M, _B}),
    Permission.EXPORT_REDACTED: frozenset({_O, _M}),
    Permission.EXPORT_UNREDACTED: frozenset({_M}),
    Permission.IMPORT: frozenset({_O, _M}),
    Permission.MANAGE_USERS: frozenset({_A}),
    Permission.MANAGE_CODEBOOK: frozenset({_A}),
    Permission.MANAGE_REFERENCE: frozenset({_A}),
    Permission.MANAGE_RETENTION: frozenset({_A}),
    Permission.VIEW_AUDIT: frozenset({_A, _M}),
    Permission.BACKUP: frozenset({_A}),
}

_ROLE_NAMES = {_O: "an officer", _M: "a manager", _B: "a board viewer", _A: "an administrator"}


def allowed(actor: Actor, permission: Permission) -> bool:
    roles = GRANTS[permission]
    return actor.role in roles or bool(actor.extra_roles & roles)


def require(actor: Actor, permission: Permission) -> None:
    """Raise PermissionDenied, in plain English, unless the actor's role allows `permission`."""
    if allowed(actor, permission):
        return
    who = " or ".join(sorted(_ROLE_NAMES[r] for r in GRANTS[permission]))
    raise PermissionDenied(
        f"{actor.username} is signed in as {_ROLE_NAMES[actor.role]}, which cannot "
        f"{permission.value}.",
        f"Ask {who} to do this, or ask an administrator to change your role.",
    )
