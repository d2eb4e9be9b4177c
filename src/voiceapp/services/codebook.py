"""The codebook of themes: a tree with counts; add, rename, move, merge, retire.

Only administrators edit it (Permission.MANAGE_CODEBOOK). History is preserved: every change is
an audit entry with before and after; a merged code keeps its row (retired, `merged_into_id` set)
so old reports and audit entries still name it; a retired code stays on old records but is never
suggested again. Slugs are stable identifiers and never change on rename or move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, delete, func, select, update
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import ActionThemeLink, FeedbackTheme, Theme
from voiceapp.domain.enums import ThemeLinkStatus
from voiceapp.errors import NotFound, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, require

ENTITY = "theme"


@dataclass(frozen=True)
class CodeNode:
    id: int
    slug: str
    name: str
    description: str
    parent_id: int | None
    retired: bool
    merged_into_id: int | None
    sort_order: int
    version: int
    records: int  # records tagged with this code itself (suggested or confirmed)
    confirmed: int  # of which confirmed by an officer
    total: int  # this code and all its sub-codes (a record counted once per code it carries)


def _counts(s: Session) -> dict[int, tuple[int, int]]:
    rows = s.execute(
        select(FeedbackTheme.theme_id, func.count(),
               func.sum(case((FeedbackTheme.status == ThemeLinkStatus.CONFIRMED.value, 1),
                             else_=0)))
        .where(FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
        .group_by(FeedbackTheme.theme_id)).all()
    return {tid: (int(n), int(c or 0)) for tid, n, c in rows}


def codebook_tree(db: Database, actor: Actor, with_counts: bool = True) -> list[CodeNode]:
    """Every code (retired and merged ones too, marked), parents before children, with counts
    from one GROUP BY query."""
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        themes = s.execute(select(Theme.id, Theme.slug, Theme.name, Theme.description,
                                  Theme.parent_id, Theme.retired, Theme.merged_into_id,
                                  Theme.sort_order, Theme.version)
                           .order_by(Theme.sort_order, Theme.name)).all()
        counts = _counts(s) if with_counts else {}
    children: dict[int | None, list] = {}
    for t in themes:
        children.setdefault(t.parent_id, []).append(t)
    totals: dict[int, int] = {}

    def total(t) -> int:
        if t.id not in totals:
            totals[t.id] = counts.get(t.id, (0, 0))[0] + sum(
                total(c) for c in children.get(t.id, ()))
        return totals[t.id]

    out: list[CodeNode] = []

    def walk(parent: int | None) -> None:
        for t in children.get(parent, ()):
            n, c = counts.get(t.id, (0, 0))
            out.append(CodeNode(t.id, t.slug, t.name, t.description or "", t.parent_id,
                                bool(t.retired), t.merged_into_id, t.sort_order, t.version,
                                n, c, total(t)))
            walk(t.id)

    walk(None)
    return out


def _slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return slug[:60] or "code"


def _get(s: Session, theme_id: int) -> Theme:
    theme = s.get(Theme, theme_id)
    if theme is None:
        raise NotFound(f"Theme {theme_id} does not exist.", "Refresh the codebook.")
    return theme


def _check_name(s: Session, name: str, parent_id: int | None, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the theme a name.", field="name")
    if len(name) > 120:
        raise ValidationError("The name is too long (120 characters at most).", field="name")
    clash = s.scalar(select(Theme.id).where(
        func.lower(Theme.name) == name.lower(), Theme.retired.is_(False),
        Theme.parent_id.is_(None) if parent_id is None else Theme.parent_id == parent_id,
        Theme.id != (exclude or 0)))
    if clash is not None:
        raise ValidationError(f"There is already a theme called {name!r} here.",
                              "Choose another name, or merge the two themes.", field="name")
    return name


def _snapshot(t: Theme) -> dict:
    return dict(slug=t.slug, name=t.name, parent_id=t.parent_id, retired=t.retired,
                merged_into_id=t.merged_into_id, description=t.description)


def add_code(db: Database, actor: Actor, name: str, parent_id: int | None = None,
             description: str = "") -> CodeNode:
    require(actor, Permission.MANAGE_CODEBOOK)
    with db.session() as s:
        parent = _get(s, parent_id) if parent_id is not None else None
        if parent is not None and parent.retired:
            raise ValidationError(f"{parent.name!r} is retired: new themes cannot go under it.",
                                  "Choose a current theme as the parent.")
        name = _check_name(s, name, parent_id)
        base = (parent.slug + "." if parent else "") + _slugify(name)
        slug, n = base, 2
        while s.scalar(select(Theme.id).where(Theme.slug == slug)) is not None:
            slug, n = f"{base}_{n}", n + 1
        order = (s.scalar(select(func.max(Theme.sort_order))) or 0) + 1
        t = Theme(slug=slug, name=name, description=description.strip(), parent_id=parent_id,
                  sort_order=order)
        s.add(t)
        s.flush()
        where = f" under {parent.name!r}" if parent else " at the top level"
        audit.record(s, actor, "create", ENTITY, t.id, summary=f"Added theme {name!r}{where}",
                     after=_snapshot(t))
        tid = t.id
    return _node(db, actor, tid)


def _node(db: Database, actor: Actor, theme_id: int) -> CodeNode:
    return next(n for n in codebook_tree(db, actor, with_counts=False) if n.id == theme_id)


def rename_code(db: Database, actor: Actor, theme_id: int, name: str,
                description: str | None = None) -> CodeNode:
    require(actor, Permission.MANAGE_CODEBOOK)
    with db.session() as s:
        t = _get(s, theme_id)
        name = _check_name(s, name, t.parent_id, exclude=t.id)
        before = _snapshot(t)
        old = t.name
        t.name = name
        if description is not None:
            t.description = description.strip()
        if before == _snapshot(t):
            return _node(db, actor, theme_id)
        s.flush()
        audit.record(s, actor, "rename", ENTITY, t.id,
                     summary=f"Renamed theme {old!r} to {name!r}" if old != name
                     else f"Changed the description of {name!r}",
                     before=before, after=_snapshot(t))
    return _node(db, actor, theme_id)


def _ancestors(s: Session, theme_id: int | None) -> list[int]:
    parents = dict(s.execute(select(Theme.id, Theme.parent_id)).all())
    out, seen = [], set()
    while theme_id is not None and theme_id not in seen:
        seen.add(theme_id)
        out.append(theme_id)
        theme_id = parents.get(theme_id)
    return out


def move_code(db: Database, actor: Actor, theme_id: int, new_parent_id: int | None) -> CodeNode:
    """Move a code (with its sub-codes) under another parent, or to the top level (None).
    Refused if it would put a code under itself or one of its own sub-codes."""
    require(actor, Permission.MANAGE_CODEBOOK)
    with db.session() as s:
        t = _get(s, theme_id)
        if new_parent_id == t.parent_id:
            return _node(db, actor, theme_id)
        if new_parent_id is not None:
            parent = _get(s, new_parent_id)
            if theme_id in _ancestors(s, new_parent_id):
                raise ValidationError(
                    f"{t.name!r} cannot go under {parent.name!r}: that is {t.name!r} itself or "
                    "one of its own sub-themes.", "Choose a parent outside this branch.")
            if parent.retired:
                raise ValidationError(f"{parent.name!r} is retired: themes cannot move under it.")
        _check_name(s, t.name, new_parent_id, exclude=t.id)
        before = _snapshot(t)
        old_parent = s.get(Theme, t.parent_id).name if t.parent_id else "the top level"
        t.parent_id = new_parent_id
        s.flush()
        new_parent = s.get(Theme, new_parent_id).name if new_parent_id else "the top level"
        audit.record(s, actor, "move", ENTITY, t.id,
                     summary=f"Moved theme {t.name!r} from {old_parent!r} to {new_parent!r}",
                     before=before, after=_snapshot(t))
    return _node(db, actor, theme_id)


def merge_codes(db: Database, actor: Actor, source_id: int, target_id: int) -> CodeNode:
    """Merge `source` into `target`: its record and action links move to the target (where a
    record carries both, one link is kept, the strongest: confirmed > suggested > rejected), its
    sub-codes move under the target, and the source is retired with `merged_into_id` set.
    All in one transaction, in SQL (no per-record loop)."""
    require(actor, Permission.MANAGE_CODEBOOK)
    if source_id == target_id:
        raise ValidationError("Choose two different themes to merge.")
    with db.session() as s:
        src, tgt = _get(s, source_id), _get(s, target_id)
        if tgt.retired:
            raise ValidationError(f"{tgt.name!r} is retired: merge into a current theme.")
        if source_id in _ancestors(s, target_id):
            raise ValidationError(
                f"{src.name!r} cannot be merged into its own sub-theme {tgt.name!r}.",
                "Merge the sub-theme into it instead, or move the sub-theme out first.")
        before_src, before_tgt = _snapshot(src), _snapshot(tgt)
        both = select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == target_id)
        rank = {ThemeLinkStatus.CONFIRMED.value: 3, ThemeLinkStatus.SUGGESTED.value: 2,
                ThemeLinkStatus.REJECTED.value: 1}
        # Records carrying both codes: upgrade the target's link where the source's was stronger.
        for status in (ThemeLinkStatus.CONFIRMED.value, ThemeLinkStatus.SUGGESTED.value):
            weaker = [k for k, v in rank.items() if v < rank[status]]
            stronger = select(FeedbackTheme.feedback_id).where(
                FeedbackTheme.theme_id == source_id, FeedbackTheme.status == status)
            s.execute(update(FeedbackTheme).where(
                FeedbackTheme.theme_id == target_id, FeedbackTheme.status.in_(weaker),
                FeedbackTheme.feedback_id.in_(stronger)).values(status=status)
                .execution_options(synchronize_session=False))
        duplicates = int(s.scalar(select(func.count()).select_from(FeedbackTheme).where(
            FeedbackTheme.theme_id == source_id, FeedbackTheme.feedback_id.in_(both))) or 0)
        s.execute(delete(FeedbackTheme).where(
            FeedbackTheme.theme_id == source_id, FeedbackTheme.feedback_id.in_(both))
            .execution_options(synchronize_session=False))
        moved = s.execute(update(FeedbackTheme).where(FeedbackTheme.theme_id == source_id)
                          .values(theme_id=target_id)
                          .execution_options(synchronize_session=False)).rowcount
        act_both = select(ActionThemeLink.action_id).where(ActionThemeLink.theme_id == target_id)
        s.execute(delete(ActionThemeLink).where(and_(
            ActionThemeLink.theme_id == source_id, ActionThemeLink.action_id.in_(act_both)))
            .execution_options(synchronize_session=False))
        s.execute(update(ActionThemeLink).where(ActionThemeLink.theme_id == source_id)
                  .values(theme_id=target_id).execution_options(synchronize_session=False))
        children = list(s.scalars(select(Theme).where(Theme.parent_id == source_id)))
        for child in children:
            child.parent_id = target_id
        src.retired = True
        src.merged_into_id = target_id
        s.flush()
        audit.record(s, actor, "merge", ENTITY, src.id,
                     summary=f"Merged theme {src.name!r} into {tgt.name!r}: {moved} record "
                             f"link(s) moved, {duplicates} duplicate(s) resolved, "
                             f"{len(children)} sub-theme(s) moved",
                     before=before_src, after=_snapshot(src))
        audit.record(s, actor, "merge", ENTITY, tgt.id,
                     summary=f"Theme {src.name!r} merged into this theme", before=before_tgt,
                     after=_snapshot(tgt))
    return _node(db, actor, target_id)


def retire_code(db: Database, actor: Actor, theme_id: int, retired: bool = True) -> CodeNode:
    """Retire a code (kept on old records, no longer suggested or offered), or reinstate it."""
    require(actor, Permission.MANAGE_CODEBOOK)
    with db.session() as s:
        t = _get(s, theme_id)
        if t.retired == retired:
            return _node(db, actor, theme_id)
        if not retired and t.merged_into_id is not None:
            target = s.get(Theme, t.merged_into_id)
            raise ValidationError(f"{t.name!r} was merged into "
                                  f"{target.name if target else 'another theme'!r}; its records "
                                  "are there now.", "Add a new theme instead.")
        if not retired and t.parent_id is not None and s.get(Theme, t.parent_id).retired:
            raise ValidationError("Its parent theme is retired: reinstate the parent first, or "
                                  "move this theme.")
        before = _snapshot(t)
        t.retired = retired
        s.flush()
        audit.record(s, actor, "retire" if retired else "reinstate", ENTITY, t.id,
                     summary=f"{'Retired' if retired else 'Reinstated'} theme {t.name!r}",
                     before=before, after=_snapshot(t))
    return _node(db, actor, theme_id)


@dataclass(frozen=True)
class CodeHistory:
    at: datetime
    username: str
    action: str
    summary: str


def code_history(db: Database, actor: Actor, theme_id: int) -> list[CodeHistory]:
    require(actor, Permission.VIEW_AGGREGATES)
    from voiceapp.db.models import AuditEntry

    with db.read_session() as s:
        return [CodeHistory(*r) for r in s.execute(
            select(AuditEntry.at, AuditEntry.username, AuditEntry.action, AuditEntry.summary)
            .where(AuditEntry.entity == ENTITY, AuditEntry.entity_id == str(theme_id))
            .order_by(AuditEntry.id)).all()]
