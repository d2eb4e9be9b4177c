"""Helpers shared by the feedback, review, safeguarding and codebook service tests."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from voiceapp.db.models import ReferenceItem, User
from voiceapp.domain.enums import UserRole
from voiceapp.services import feedback as fb
from voiceapp.services.users import actor_for

SAFE_TEXT = "The coffee morning was lovely and the staff were kind and helpful."
RISK_TEXT = "My daughter says she wants to kill herself and she is not safe at home."


def make_actor(db, username: str, role: UserRole):
    with db.session() as s:
        user = s.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, display_name=username.title(), role=role.value,
                        extra_roles=[])
            s.add(user)
            s.flush()
        return actor_for(user)


def ref_ids(db) -> dict[tuple[str, str], int]:
    """(list_name, code) -> id for every reference item."""
    with db.read_session() as s:
        return {(r.list_name, r.code): r.id for r in s.scalars(select(ReferenceItem))}


def make_input(db, **over) -> fb.FeedbackInput:
    ids = ref_ids(db)
    base = dict(kind="comment", received_on=date.today() - timedelta(days=1), text=SAFE_TEXT,
                channel_id=ids[("channel", "email")],
                respondent_role_id=ids[("respondent_role", "parent_carer")],
                service_area_id=ids[("service_area", "send_ehc")],
                district_id=ids[("district", "wrenfold")], consent_quote=True,
                consent_contact=False)
    base.update(over)
    return fb.FeedbackInput(**base)
