"""Defaults every new database starts with: reference lists, the starter codebook, complaint
procedures, boards and retention rules. Idempotent: it adds what is missing and changes nothing
an administrator has edited."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from voiceapp import __version__
from voiceapp.domain import reference
from voiceapp.domain.codebook import iter_codes
from voiceapp.domain.complaint_rules import default_procedures
from voiceapp.domain.enums import RecordKind, ReferenceList

from .models import AppMeta, Board, ComplaintProcedure, ReferenceItem, RetentionRule, Theme

if TYPE_CHECKING:
    from .engine import Database

DEFAULT_BOARDS = [
    ("SEND Partnership Board", "quarterly"),
    ("Children and Young People's Partnership", "quarterly"),
    ("Corporate Parenting Board", "quarterly"),
    ("Improvement Board", "monthly"),
    ("Children's Services Overview and Scrutiny Committee", "quarterly"),
]

# Years personal data is kept (DOMAIN.md section 5): complaints 6 years after closure, other
# feedback 3 years after it was received. Administrators change these in Settings.
DEFAULT_RETENTION = {kind: (3, False) for kind in RecordKind} | {RecordKind.COMPLAINT: (6, True)}


def seed_defaults(database: Database) -> None:
    with database.session() as s:
        if s.get(AppMeta, "seeded_at") is not None:
            return
        _seed_reference(s)
        _seed_codebook(s)
        _seed_procedures(s)
        for name, frequency in DEFAULT_BOARDS:
            if s.scalar(select(Board.id).where(Board.name == name)) is None:
                s.add(Board(name=name, frequency=frequency))
        for kind, (years, from_closure) in DEFAULT_RETENTION.items():
            if s.get(RetentionRule, kind.value) is None:
                s.add(RetentionRule(kind=kind.value, years=years, from_closure=from_closure))
        s.merge(AppMeta(key="seeded_at", value=datetime.now().isoformat(timespec="seconds")))
        s.merge(AppMeta(key="created_by_version", value=__version__))


def _seed_reference(s) -> None:
    lists = {
        ReferenceList.CHANNEL: reference.CHANNELS,
        ReferenceList.RESPONDENT_ROLE: reference.RESPONDENT_ROLES,
        ReferenceList.SERVICE_AREA: reference.SERVICE_AREAS,
        ReferenceList.DISTRICT: reference.DISTRICTS,
    }
    existing = {(r.list_name, r.code) for r in s.scalars(select(ReferenceItem))}
    for list_name, items in lists.items():
        for order, (code, label) in enumerate(items):
            if (list_name.value, code) not in existing:
                s.add(
                    ReferenceItem(list_name=list_name.value, code=code, label=label, sort_order=order)
                )
    s.flush()


def _seed_codebook(s) -> None:
    by_slug = {t.slug: t for t in s.scalars(select(Theme))}
    for order, (code, parent_slug) in enumerate(iter_codes()):
        if code.slug in by_slug:
            continue
        parent = by_slug.get(parent_slug) if parent_slug else None
        theme = Theme(
            slug=code.slug,
            name=code.name,
            description=code.description,
            parent_id=parent.id if parent else None,
            sort_order=order,
        )
        s.add(theme)
        s.flush()
        by_slug[code.slug] = theme


def _seed_procedures(s) -> None:
    have = set(s.scalars(select(ComplaintProcedure.code)))
    for proc in default_procedures():
        if proc.code not in have:
            s.add(
                ComplaintProcedure(
                    code=proc.code, kind=proc.kind.value, name=proc.name, definition=proc.to_dict()
                )
            )
