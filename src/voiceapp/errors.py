"""Errors a user can act on. Every message is plain English: what is wrong, then what to do.

The command line prints `str(error)` on one line and exits non-zero; the desktop app shows the
same text in a dialog. Nothing that raises one of these has changed any data.
"""

from __future__ import annotations


class VoiceappError(Exception):
    """Base class: `message` says what is wrong, `hint` what to do about it."""

    exit_code = 2

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class DatabaseError(VoiceappError):
    """The database cannot be opened or used."""


class NotAVoiceappDatabase(DatabaseError):
    pass


class CorruptDatabase(DatabaseError):
    pass


class NewerDatabase(DatabaseError):
    pass


class ServerUnreachable(DatabaseError):
    pass


class ReadOnlyLocation(DatabaseError):
    pass


class DatabaseLocked(DatabaseError):
    pass


class PermissionDenied(VoiceappError):
    """The acting user's role does not allow this."""


class ValidationError(VoiceappError):
    """Input that cannot be saved as it is; `field` names the field when there is one."""

    def __init__(self, message: str, hint: str = "", field: str | None = None) -> None:
        super().__init__(message, hint)
        self.field = field


class ConcurrentEditError(VoiceappError):
    """Someone else saved this record after you opened it. `theirs` and `yours` hold both
    versions so the user can choose, and nothing is lost."""

    def __init__(self, message: str, hint: str = "", theirs=None, yours=None) -> None:
        super().__init__(message, hint)
        self.theirs = theirs
        self.yours = yours


class NotFound(VoiceappError):
    pass
