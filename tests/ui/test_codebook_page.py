"""The Codebook page: tree with counts; add, rename, move by drag and drop, merge, retire."""

from __future__ import annotations

from _feedback_ui import ctx_for, demo_db, errors, isolated_settings, sql, sql_one  # noqa: F401
from PySide6.QtCore import QByteArray, QMimeData, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from voiceapp.services import codebook as cb
from voiceapp.services.users import sign_in
from voiceapp.ui.models.codebook import MIME, CodebookModel
from voiceapp.ui.pages.codebook import CodebookPage


def page_for(qtbot, db, user) -> CodebookPage:
    p = CodebookPage(ctx_for(db, user))
    qtbot.addWidget(p)
    qtbot.waitUntil(lambda: p.model.rowCount() > 0, timeout=15000)
    return p


def node(p: CodebookPage, slug: str):
    return next(n for n in p.nodes if n.slug == slug)


def test_model_passes_qtmodeltester(qtmodeltester, demo_db):  # noqa: F811
    model = CodebookModel()
    model.editable = True
    model.set_nodes(cb.codebook_tree(demo_db, sign_in(demo_db, "admin", "demo")))
    qtmodeltester.check(model)


def test_tree_counts_match_sql(qtbot, demo_db, demo_copy):  # noqa: F811
    p = page_for(qtbot, demo_db, "manager")
    counts = dict(sql(demo_copy, "SELECT theme_id, count(*) FROM feedback_theme WHERE status "
                                 "<> 'rejected' GROUP BY theme_id"))
    top = node(p, "communication")
    ix = p.model.index_of(top.id)
    assert p.model.index(ix.row(), 1, ix.parent()).data() == f"{counts.get(top.id, 0):,}"
    assert top.total == sum(counts.get(n.id, 0) for n in p.nodes
                            if n.id == top.id or n.parent_id == top.id)
    # Not an administrator: looks, cannot change.
    assert not any(b.isVisible() for b in p.buttons.values())
    assert not p.model.flags(ix) & Qt.ItemFlag.ItemIsDragEnabled


def test_admin_add_rename_retire(qtbot, demo_db, demo_copy, monkeypatch, errors):  # noqa: F811
    p = page_for(qtbot, demo_db, "admin")
    p.tree.setCurrentIndex(p.model.index_of(node(p, "activities").id))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Holiday clubs", True))
    p.add()
    qtbot.waitUntil(lambda: any(n.slug == "activities.holiday_clubs" for n in p.nodes),
                    timeout=10000)
    new = node(p, "activities.holiday_clubs")
    assert new.parent_id == node(p, "activities").id
    qtbot.waitUntil(lambda: p.current() is not None and p.current().id == new.id, timeout=5000)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Holiday activities", True))
    p.rename()
    qtbot.waitUntil(lambda: node(p, "activities.holiday_clubs").name == "Holiday activities",
                    timeout=10000)
    p.toggle_retired()
    qtbot.waitUntil(lambda: node(p, "activities.holiday_clubs").retired, timeout=10000)
    assert sql_one(demo_copy, "SELECT retired FROM theme WHERE slug = "
                              "'activities.holiday_clubs'") == 1
    assert not errors


def test_drag_and_drop_moves_a_theme(qtbot, demo_db, demo_copy):  # noqa: F811
    p = page_for(qtbot, demo_db, "admin")
    moving, target = node(p, "transport"), node(p, "education")
    data = QMimeData()
    data.setData(MIME, QByteArray(str(moving.id).encode()))
    parent = p.model.index_of(target.id)
    # Cannot drop a theme into its own branch.
    own = p.model.index_of(node(p, "safety.bullying").id)
    bad = QMimeData()
    bad.setData(MIME, QByteArray(str(node(p, "safety").id).encode()))
    assert not p.model.canDropMimeData(bad, Qt.DropAction.MoveAction, -1, 0, own)
    assert p.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, parent) is False
    qtbot.waitUntil(lambda: node(p, "transport").parent_id == target.id, timeout=10000)
    assert sql_one(demo_copy, "SELECT parent_id FROM theme WHERE slug = 'transport'") == \
        target.id


def test_merge_from_the_page(qtbot, demo_db, demo_copy, monkeypatch):  # noqa: F811
    p = page_for(qtbot, demo_db, "admin")
    source, target = node(p, "safety.community"), node(p, "safety.bullying")
    links = sql_one(demo_copy, "SELECT count(*) FROM feedback_theme WHERE theme_id IN (?, ?) "
                               "AND status <> 'rejected'", source.id, target.id)
    both = sql_one(demo_copy, "SELECT count(*) FROM feedback_theme a JOIN feedback_theme b ON "
                              "a.feedback_id = b.feedback_id WHERE a.theme_id = ? AND "
                              "b.theme_id = ?", source.id, target.id)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    p.merge_into(source.id, target.id)
    qtbot.waitUntil(lambda: node(p, "safety.community").merged_into_id == target.id,
                    timeout=10000)
    assert node(p, "safety.community").retired
    after = sql_one(demo_copy, "SELECT count(*) FROM feedback_theme WHERE theme_id = ? AND "
                               "status <> 'rejected'", target.id)
    assert sql_one(demo_copy, "SELECT count(*) FROM feedback_theme WHERE theme_id = ?",
                   source.id) == 0
    assert after <= links and after >= links - both
    ix = p.model.index_of(source.id)
    assert "merged into" in ix.data()
