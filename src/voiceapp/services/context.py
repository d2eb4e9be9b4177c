"""Who is acting. Every service function takes an Actor, so permissions and the audit trail
live in the service layer, not in the UI."""

from __future__ import annotations

from dataclasses import dataclass, field

from voiceapp.domain.enums import UserRole


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: UserRole
    extra_roles: frozenset[UserRole] = field(default_factory=frozenset)

    def has(self, *roles: UserRole) -> bool:
        return self.role in roles or bool(self.extra_roles.intersection(roles))


# Used by the command line's administrative commands (migrate, demo) and by seeding, where no
# person is signed in; audit entries name it so they are never anonymous.
SYSTEM = Actor(user_id=None, username="system", role=UserRole.ADMINISTRATOR)
