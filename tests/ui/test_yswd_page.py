"""The You Said, We Did page, driven as a person would: create an action, link records, change
its status (the history grows), record telling people back, filter by owner, save with
Ctrl+S, meet an edit conflict, compare two as-at dates and produce the documents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog

from voiceapp.db.engine import open_database
from voiceapp.domain.enums import ActionStatus, ToldBackMethod
from voiceapp.services import actions as svc
from voiceapp.services.users import sign_in
from voiceapp.services.workspace import Workspace
from voiceapp.ui import context as ui_context
from voiceapp.ui.context import UiContext
from voiceapp.ui.dialogs import yswd_dialogs as dialogs
from voiceapp.ui.pages.yswd import OVERDUE_INK, ActionTableModel, YswdPage

TIMEOUT = 10000


@pytest.fixture(autouse=True)
def drain_pool():
    yield
    QThreadPool.globalInstance().waitForDone(10000)


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(ui_context, "show_error", lambda parent, error, title="": shown.append(error))
    return shown


@pytest.fixture
def db(demo_copy):
    database = open_database(demo_copy)
    yield database
    QThreadPool.globalInstance().waitForDone(10000)
    database.dispose()


def _sql(db, query: str, *params):
    from sqlalchemy import text

    with db.read_session() as s:
        return s.execute(text(query), dict(enumerate(params))).all() if params else \
            s.execute(text(query)).all()


@pytest.fixture
def page(qtbot, db, errors):
    actor = sign_in(db, "manager", "demo")
    ctx = UiContext(Workspace(db, actor))
    p = YswdPage(ctx)
    qtbot.addWidget(p)
    p.resize(1400, 860)
    p.show()
    qtbot.waitUntil(lambda: p.model.rowCount() > 0, timeout=TIMEOUT)
    return p


def _create(qtbot, page, said="Families said the short breaks form was too long.") -> int:
    page.start_new()
    page.said.setPlainText(said)
    page.did.setPlainText("We cut the form to one page, written with parents.")
    page.owner.setEditText("Short Breaks Manager")
    page.has_due.setChecked(True)
    page.due.setDate(dialogs.to_qdate(date.today() + timedelta(days=10)))
    page.save()
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.action.said_summary == said,
                    timeout=TIMEOUT)
    return page.detail.action.id


def test_models_pass_qt_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.model)
    page.select_action(page.model.actions[0].id)
    qtmodeltester.check(page.history_model)
    qtmodeltester.check(page.records_model)


def test_create_and_link_records_both_ways(qtbot, page, db, errors):
    before = _sql(db, "SELECT count(*) FROM yswd_action")[0][0]
    action_id = _create(qtbot, page)
    assert _sql(db, "SELECT count(*) FROM yswd_action")[0][0] == before + 1
    row = _sql(db, "SELECT reference, owner_role, current_status FROM yswd_action WHERE id = "
               f"{action_id}")[0]
    assert row[1] == "Short Breaks Manager" and row[2] == "not_yet_due"
    qtbot.waitUntil(lambda: page.model.row_of(action_id) >= 0, timeout=TIMEOUT)
    assert page.heading.text().startswith(row[0])
    # Due in ten days: the list says so in words and colour.
    r = page.model.row_of(action_id)
    due = page.model.index(r, ActionTableModel.DUE)
    assert "Due soon" in page.model.data(due)

    ids = [i for (i,) in _sql(db, "SELECT id FROM feedback ORDER BY id DESC LIMIT 3")]
    page.link_records(ids)
    qtbot.waitUntil(lambda: page.records_model.rowCount() == 3, timeout=TIMEOUT)
    assert "Linked records: 3" in page.records_label.text()
    linked = {i for (i,) in _sql(db, "SELECT feedback_id FROM yswd_action_feedback WHERE "
                                 f"action_id = {action_id}")}
    assert linked == set(ids)
    # The other way round: the record shows its action.
    assert [a.id for a in svc.actions_for_feedback(db, page.ctx.actor, ids[0])] == [action_id]

    page.records_view.selectRow(0)
    page.unlink_selected()
    qtbot.waitUntil(lambda: page.records_model.rowCount() == 2, timeout=TIMEOUT)

    page.theme_choice.setCurrentIndex(page.theme_choice.findText("Travel and transport"))
    page.add_theme()
    qtbot.waitUntil(lambda: page.themes_model.rowCount() == 1, timeout=TIMEOUT)
    assert page.themes_model.rows[0][0] == "Travel and transport"
    assert not errors


def test_status_change_keeps_history(qtbot, page, db, monkeypatch, errors):
    action_id = _create(qtbot, page)
    assert page.history_model.rowCount() == 1

    def accept(self):
        self.status.setCurrentIndex(dialogs.STATUS_MENU_ORDER.index(ActionStatus.AMBER))
        self.as_at.setDate(dialogs.to_qdate(date.today()))
        self.comment.setText("Printing delayed")
        assert self.history_model.rowCount() == 1  # the history is shown in the dialog
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.StatusDialog, "exec", accept)
    page.change_status()
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 2, timeout=TIMEOUT)
    assert page.history_model.rows[1][1] == "Amber"
    assert page.history_model.rows[1][2] == "Printing delayed"
    assert page.status_badge.text().startswith("Amber")
    page.apply_status(ActionStatus.GREEN, date.today())
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 3, timeout=TIMEOUT)
    rows = _sql(db, f"SELECT status FROM yswd_status WHERE action_id = {action_id} ORDER BY id")
    assert [r[0] for r in rows] == ["not_yet_due", "amber", "green"]
    # The list shows the status as a word on its colour.
    r = page.model.row_of(action_id)
    qtbot.waitUntil(lambda: page.model.actions[page.model.row_of(action_id)].status
                    == ActionStatus.GREEN, timeout=TIMEOUT)
    r = page.model.row_of(action_id)
    cell = page.model.index(r, ActionTableModel.STATUS)
    assert page.model.data(cell) == "Green"
    assert page.model.data(cell, Qt.ItemDataRole.BackgroundRole).color() == QColor(
        svc.STATUS_COLOURS[ActionStatus.GREEN][0])
    assert not errors


def test_told_back_and_not_yet_told(qtbot, page, db, monkeypatch, errors):
    action_id = _create(qtbot, page)
    ids = [i for (i,) in _sql(db, "SELECT id FROM feedback WHERE consent_contact AND NOT "
                              "anonymous AND anonymised_at IS NULL ORDER BY id LIMIT 3")]
    page.link_records(ids)
    qtbot.waitUntil(lambda: page.waiting_model.rowCount() == 3, timeout=TIMEOUT)
    assert "Not yet told" in page.waiting_label.text()

    chosen = []

    def accept(self):
        self.method.setCurrentIndex(self.method.findData(ToldBackMethod.INDIVIDUAL.value))
        self.people.selectRow(0)
        chosen.extend(self.selected_ids())
        self.note.setText("Phoned")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(dialogs.ToldBackDialog, "exec", accept)
    page.record_told_back()
    qtbot.waitUntil(lambda: page.waiting_model.rowCount() == 2, timeout=TIMEOUT)
    assert page.told_model.rowCount() == 1
    assert page.told_model.rows[0][1] == "Individual contact"
    rows = _sql(db, f"SELECT method, feedback_id FROM yswd_told_back WHERE action_id = "
                f"{action_id}")
    assert len(chosen) == 1 and chosen[0] in ids
    assert rows == [("individual", chosen[0])]
    assert chosen[0] not in {r.feedback_id for r in page.waiting_model.payload}

    page.save_told_back(date.today(), ToldBackMethod.NEWSLETTER, [], "Winter newsletter")
    qtbot.waitUntil(lambda: page.told_model.rowCount() == 2, timeout=TIMEOUT)
    assert page.waiting_model.rowCount() == 2  # a newsletter is not personal contact
    assert not errors


def test_individual_told_back_needs_people(qtbot, page):
    _create(qtbot, page)
    dialog = dialogs.ToldBackDialog("YSWD-X", [], page)
    dialog.method.setCurrentIndex(dialog.method.findData(ToldBackMethod.INDIVIDUAL.value))
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "needs the people" in dialog.error.text()


def test_owner_filter_overdue_highlight_and_search(qtbot, page):
    overdue = [a for a in page.model.actions if a.overdue]
    assert overdue, "the demo has overdue actions"
    r = page.model.row_of(overdue[0].id)
    due = page.model.index(r, ActionTableModel.DUE)
    assert "Overdue" in page.model.data(due)
    assert page.model.data(due, Qt.ItemDataRole.ForegroundRole).color() == QColor(OVERDUE_INK)

    owner = overdue[0].owner_role
    page.owner_filter.setCurrentIndex(page.owner_filter.findData(owner))
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and all(
        a.owner_role == owner for a in page.model.actions), timeout=TIMEOUT)
    page.owner_filter.setCurrentIndex(0)
    page.due_filter.setCurrentIndex(page.due_filter.findData("overdue"))
    qtbot.waitUntil(lambda: page.model.rowCount() == len(overdue) and all(
        a.overdue for a in page.model.actions), timeout=TIMEOUT)
    page.due_filter.setCurrentIndex(0)
    page.search.setText("zzzz nothing matches")
    page.search.returnPressed.emit()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=TIMEOUT)
    assert page.empty.isVisible()


def test_ctrl_s_saves_and_conflict_is_shown(qtbot, page, db, monkeypatch, errors):
    action_id = _create(qtbot, page)
    page.did.setPlainText("We cut the form to one page.")
    assert "Unsaved" in page.edit_state.text()
    page.did.setFocus()
    qtbot.keyClick(page.did, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.detail.action.we_did == "We cut the form to one page.",
                    timeout=TIMEOUT)

    # Someone else saves while this editor is open.
    other = sign_in(db, "officer", "demo")
    theirs = svc.get_action(db, other, action_id).action
    svc.update_action(db, other, action_id, theirs.version,
                      svc.ActionDraft(theirs.said_summary, "Their version of events.",
                                      theirs.owner_role, due_on=theirs.due_on))
    seen = {}

    def keep(self):
        seen["dialog"] = self
        self.choice = self.KEEP
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(dialogs.ActionConflictDialog, "exec", keep)
    monkeypatch.setattr("voiceapp.ui.pages.yswd.ActionConflictDialog.exec", keep)
    page.did.setPlainText("My version of events.")
    page.save()
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=TIMEOUT)
    assert "someone else saved first" in page.edit_state.text()
    assert page.did.toPlainText() == "My version of events."  # nothing of mine is lost
    assert _sql(db, f"SELECT we_did FROM yswd_action WHERE id = {action_id}")[0][0] == \
        "Their version of events."
    # Saving again replaces theirs, knowingly.
    page.save()
    qtbot.waitUntil(lambda: _sql(db, f"SELECT we_did FROM yswd_action WHERE id = {action_id}")
                    [0][0] == "My version of events.", timeout=TIMEOUT)
    assert not errors


def test_navigate_from_feedback_selection_and_to_an_action(qtbot, page, db):
    ids = [i for (i,) in _sql(db, "SELECT id FROM feedback ORDER BY id LIMIT 2")]
    page.navigate_to(create_from_feedback_ids=ids)
    assert page.banner.isVisible() and "2 selected" in page.banner.text()
    page.said.setPlainText("Two families said the same thing.")
    page.owner.setEditText("Head of SEND")
    page.save()
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.record_total == 2,
                    timeout=TIMEOUT)
    first = page.model.actions[-1].id
    page.navigate_to(action_id=first)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.action.id == first,
                    timeout=TIMEOUT)


def test_direction_of_travel_view(qtbot, page, monkeypatch):
    monkeypatch.setattr(dialogs.DirectionDialog, "exec", lambda self: 0)
    page.open_direction()
    qtbot.waitUntil(lambda: getattr(page, "direction_dialog", None) is not None
                    and page.direction_dialog.model.rowCount() > 0, timeout=TIMEOUT)
    summary = page.direction_dialog.summary.text()
    assert "actions:" in summary and "improved" in summary
    directions = {row[5].split(" ", 1)[1] for row in page.direction_dialog.model.rows}
    assert directions <= {"Improved", "Same", "Deteriorated", "New", "Completed"}


def test_documents_are_produced(qtbot, page, tmp_path, errors):
    target = tmp_path / "summary.docx"
    page.make_document(tracker=False, path=str(target))
    qtbot.waitUntil(lambda: target.exists() and "Saved" in page.message.text(), timeout=30000)
    tracker = tmp_path / "tracker.pdf"
    page.make_document(tracker=True, path=str(tracker))
    qtbot.waitUntil(lambda: tracker.exists() and str(tracker) in page.message.text(),
                    timeout=30000)
    assert tracker.read_bytes().startswith(b"%PDF")
    assert not errors


def test_record_number_parsing():
    assert dialogs.parse_record_numbers("12, 15 20-22") == [12, 15, 20, 21, 22]
    with pytest.raises(ValueError, match="not a record number"):
        dialogs.parse_record_numbers("12, abc")
