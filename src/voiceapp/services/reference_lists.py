"""Administrator-editable reference lists: channels, respondent roles, service areas, districts
and teams (teams belong to a service area).

Items are never deleted, because records point at them: an item no longer used is deactivated
(it disappears from pick lists but old records keep their label). Renaming changes the label
only; the code is a stable identifier used by imports and the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from voiceapp.db.engine import Database
from voiceapp.db.models import Feedback, ReferenceItem
from voiceapp.domain.enums import ReferenceList
from voiceapp.errors import NotFound, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, require

LIST_LABELS = {
    ReferenceList.CHANNEL: "Channels",
    ReferenceList.RESPONDENT_ROLE: "Respondent roles",
    ReferenceList.SERVICE_AREA: "Service areas",
    ReferenceList.DISTRICT: "Districts",
    ReferenceList.TEAM: "Teams",
}
# Which feedback column points at each list (for the "used by" counts).
_USAGE_COLUMN = {
    ReferenceList.CHANNEL: Feedback.channel_id,
    ReferenceList.RESPONDENT_ROLE: Feedback.respondent_role_id,
    ReferenceList.SERVICE_AREA: Feedback.service_area_id,
    ReferenceList.DISTRICT: Feedback.district_id,
    ReferenceList.TEAM: Feedback.team_id,
}


@dataclass(frozen=True)
class ReferenceEntry:
    id: int
    list_name: ReferenceList
    code: str
    label: str
    active: bool
    sort_order: int
    parent_id: int | None
    parent_label: str | None
    records: int  # feedback records that use it


def _list(list_name: ReferenceList | str) -> ReferenceList:
    try:
        return ReferenceList(list_name)
    except ValueError as exc:
        raise ValidationError(f"There is no reference list called {list_name!r}.",
                              "Lists are: " + ", ".join(r.value for r in ReferenceList)) from exc


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError("Give a name for the item.", field="label")
    if len(label) > 120:
        raise ValidationError("That name is too long (120 characters at most).", field="label")
    return label


def _code_for(label: str) -> str:
    code = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:36]
    return code or "item"


def list_items(db: Database, actor: Actor, list_name: ReferenceList | str,
               include_inactive: bool = True) -> list[ReferenceEntry]:
    """The items of one list in display order, with how many records use each (one GROUP BY)."""
    require(actor, Permission.VIEW_AGGREGATES)
    ln = _list(list_name)
    col = _USAGE_COLUMN[ln]
    with db.read_session() as s:
        usage = dict(s.execute(select(col, func.count()).where(col.is_not(None)).group_by(col))
                     .all())
        q = select(ReferenceItem).where(ReferenceItem.list_name == ln.value)
        if not include_inactive:
            q = q.where(ReferenceItem.active.is_(True))
        items = s.scalars(q.order_by(ReferenceItem.sort_order, ReferenceItem.label)).all()
        parents = {}
        pids = {i.parent_id for i in items if i.parent_id}
        if pids:
            parents = dict(s.execute(select(ReferenceItem.id, ReferenceItem.label)
                                     .where(ReferenceItem.id.in_(pids))).all())
        return [ReferenceEntry(i.id, ln, i.code, i.label, bool(i.active), i.sort_order,
                               i.parent_id, parents.get(i.parent_id), usage.get(i.id, 0))
                for i in items]


def add_item(db: Database, actor: Actor, list_name: ReferenceList | str, label: str,
             parent_id: int | None = None) -> ReferenceEntry:
    require(actor, Permission.MANAGE_REFERENCE)
    ln = _list(list_name)
    label = _clean_label(label)
    with db.session() as s:
        clash = s.scalar(select(ReferenceItem.id).where(
            ReferenceItem.list_name == ln.value, func.lower(ReferenceItem.label) == label.lower()))
        if clash is not None:
            raise ValidationError(f"{LIST_LABELS[ln]} already has {label!r}.",
                                  "Reactivate or rename the existing item instead.",
                                  field="label")
        parent_label = None
        if ln is ReferenceList.TEAM:
            parent = s.get(ReferenceItem, parent_id) if parent_id is not None else None
            if parent is None or parent.list_name != ReferenceList.SERVICE_AREA.value:
                raise ValidationError("A team belongs to a service area: choose one.",
                                      field="parent")
            parent_label = parent.label
        elif parent_id is not None:
            raise ValidationError("Only teams belong to another item.", field="parent")
        base = code = _code_for(label)
        taken = set(s.scalars(select(ReferenceItem.code).where(
            ReferenceItem.list_name == ln.value, ReferenceItem.code.like(f"{base}%"))))
        n = 2
        while code in taken:
            code, n = f"{base}_{n}", n + 1
        order = (s.scalar(select(func.max(ReferenceItem.sort_order))
                          .where(ReferenceItem.list_name == ln.value)) or 0) + 1
        item = ReferenceItem(list_name=ln.value, code=code, label=label, parent_id=parent_id,
                             sort_order=order, active=True)
        s.add(item)
        s.flush()
        audit.record(s, actor, "create", "reference_item", item.id,
                     summary=f"{LIST_LABELS[ln]}: added {label!r}",
                     after=dict(list=ln.value, code=code, label=label, parent_id=parent_id))
        return ReferenceEntry(item.id, ln, code, label, True, order, parent_id, parent_label, 0)


def _item(s, item_id: int) -> ReferenceItem:
    item = s.get(ReferenceItem, item_id)
    if item is None:
        raise NotFound(f"There is no reference list item with id {item_id}.")
    return item


def rename_item(db: Database, actor: Actor, item_id: int, label: str) -> None:
    require(actor, Permission.MANAGE_REFERENCE)
    label = _clean_label(label)
    with db.session() as s:
        item = _item(s, item_id)
        clash = s.scalar(select(ReferenceItem.id).where(
            ReferenceItem.list_name == item.list_name, ReferenceItem.id != item.id,
            func.lower(ReferenceItem.label) == label.lower()))
        if clash is not None:
            raise ValidationError(f"Another item in this list is already called {label!r}.",
                                  field="label")
        before = item.label
        item.label = label
        audit.record(s, actor, "update", "reference_item", item.id,
                     summary=f"Renamed {before!r} to {label!r}",
                     before=dict(label=before), after=dict(label=label))


def set_item_active(db: Database, actor: Actor, item_id: int, active: bool) -> None:
    """Deactivate (hide from pick lists, keep on old records) or reactivate an item."""
    require(actor, Permission.MANAGE_REFERENCE)
    with db.session() as s:
        item = _item(s, item_id)
        if bool(item.active) == active:
            return
        item.active = active
        audit.record(s, actor, "enable" if active else "disable", "reference_item", item.id,
                     summary=f"{'Reactivated' if active else 'Deactivated'} {item.label!r}",
                     before=dict(active=not active), after=dict(active=active))
