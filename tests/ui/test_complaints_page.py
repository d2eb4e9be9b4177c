"""The Complaints page driven like a complaints officer would: log a complaint, acknowledge it,
record the response, read the status colours and words, filter, pass thanks on for a
compliment. Runs against a fresh SQLite database with a fixed "today"."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt, QThreadPool
from PySide6.QtGui import QColor
from sqlalchemy import select

from voiceapp.db.models import Complaint, Feedback, ReferenceItem, User
from voiceapp.domain.enums import RecordKind, UserRole
from voiceapp.services import complaints as svc
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace
from voiceapp.ui import context as ui_context
from voiceapp.ui.context import UiContext
from voiceapp.ui.dialogs import complaints_forms as forms
from voiceapp.ui.pages import PAGES
from voiceapp.ui.pages.complaints import (
    STATUS_COLOURS,
    ComplaintsPage,
    ComplaintTableModel,
    ComplimentTableModel,
)

TODAY = date(2024, 3, 20)  # a Wednesday
WAIT = 15000


@pytest.fixture(autouse=True)
def drain_pool():
    yield
    QThreadPool.globalInstance().waitForDone(10000)


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    monkeypatch.setattr(ui_context, "show_error",
                        lambda parent, error, title="": shown.append(error))
    return shown


@pytest.fixture
def people(sqlite_db):
    with sqlite_db.session() as s:
        users = [User(username="mani", display_name="Mani Kerr", role="manager"),
                 User(username="olive", display_name="Olive Marsh", role="officer")]
        s.add_all(users)
        s.flush()
        return {"manager": Actor(users[0].id, "mani", UserRole.MANAGER),
                "officer": Actor(users[1].id, "olive", UserRole.OFFICER)}


def make_page(qtbot, db, actor) -> ComplaintsPage:
    ctx = UiContext(Workspace(db, actor))
    page = ComplaintsPage(ctx, clock=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    qtbot.waitUntil(lambda: page.options is not None, timeout=WAIT)
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.refresh_list()
    return page


def area_id(db, code: str) -> int:
    with db.read_session() as s:
        return s.scalar(select(ReferenceItem.id).where(ReferenceItem.code == code))


def feedback(db, kind=RecordKind.COMMENT, received=date(2024, 3, 1), area="send_ehc",
             text="Nobody has called me back about the plan.") -> int:
    with db.session() as s:
        fb = Feedback(kind=kind.value, received_on=received, text=text,
                      service_area_id=area_id(db, area))
        s.add(fb)
        s.flush()
        return fb.id


def logged(db, actor, received: date, procedure="statutory_csc", area="send_ehc", **kw):
    fid = feedback(db, received=received, area=area)
    return svc.log_complaint_from_feedback(db, actor, fid, procedure_code=procedure,
                                           today=TODAY, **kw)


def set_date(edit, d: date) -> None:
    edit.setDate(QDate(d.year, d.month, d.day))


def press_ok(qtbot, page, dialog) -> None:
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_page_is_registered():
    spec = next(p for p in PAGES if p.key == "complaints")
    assert (spec.module, spec.cls) == ("complaints", "ComplaintsPage")


def test_log_acknowledge_and_respond(qtbot, sqlite_db, people, errors):
    page = make_page(qtbot, sqlite_db, people["manager"])
    assert page.list_stack.currentWidget() is page.list_empty
    assert "There are no open complaints" in page.list_empty.text()
    qtbot.mouseClick(page.log_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, forms.LogComplaintDialog)
    press_ok(qtbot, page, dialog)  # nothing typed yet
    assert dialog.error.isVisible() and "Write what the complainant said" in dialog.error.text()
    dialog.text.setPlainText("The short breaks were cut without telling us. I want an answer.")
    set_date(dialog.received, date(2024, 3, 11))
    dialog.area.setCurrentIndex(dialog.area.findData(area_id(sqlite_db, "fostering")))
    assert dialog.procedure.currentData() == "statutory_csc"  # suggested from the service area
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        press_ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=WAIT)
    assert page.model.rowCount() == 1
    d = page.detail.detail
    assert page.detail.title.text() == d.reference
    assert d.current_stage.due == date(2024, 3, 25)
    row = page.model.row_at(0)
    assert (row.status, row.days_remaining) == ("due_soon", 3)
    with sqlite_db.read_session() as s:
        fb = s.get(Feedback, d.feedback_id)
        assert (fb.kind, fb.sentiment_label is not None) == ("complaint", True)

    # Responding before acknowledging is refused with the reason on the button.
    assert not page.detail.buttons["respond"].isEnabled()
    assert "has not been acknowledged" in page.detail.buttons["respond"].toolTip()
    qtbot.mouseClick(page.detail.buttons["acknowledge"], Qt.MouseButton.LeftButton)
    ack = page.active_dialog
    assert isinstance(ack, forms.AcknowledgeDialog)
    set_date(ack.on, date(2024, 3, 12))
    press_ok(qtbot, page, ack)
    qtbot.waitUntil(lambda: page.detail.detail.current_stage.acknowledged_on is not None,
                    timeout=WAIT)
    assert page.detail.detail.current_stage.acknowledged_on == date(2024, 3, 12)
    assert page.detail.buttons["respond"].isEnabled()

    qtbot.mouseClick(page.detail.buttons["respond"], Qt.MouseButton.LeftButton)
    resp = page.active_dialog
    press_ok(qtbot, page, resp)
    assert "Choose the outcome" in resp.error.text()
    resp.outcome.setCurrentIndex(resp.outcome.findData("partially_upheld"))
    resp.remedy.setPlainText("Apology; short breaks reinstated.")
    set_date(resp.on, date(2024, 3, 19))
    press_ok(qtbot, page, resp)
    qtbot.waitUntil(lambda: not page.detail.detail.is_open and page.model.rowCount() == 0,
                    timeout=WAIT)
    stage = page.detail.detail.current_stage
    assert (stage.outcome, stage.remedy, stage.status) == (
        "partially_upheld", "Apology; short breaks reinstated.", "closed_in_time")
    assert page.model.rowCount() == 0  # no longer open
    assert page.detail.chip.text() == "Closed in time"
    assert any("response sent: Partially upheld" in page.detail.timeline.item(i).text()
               for i in range(page.detail.timeline.count()))
    assert errors == []


def test_a_broken_rule_shows_in_the_dialog_and_keeps_what_was_typed(qtbot, sqlite_db, people,
                                                                     errors):
    d = logged(sqlite_db, people["officer"], date(2024, 3, 11))
    page = make_page(qtbot, sqlite_db, people["officer"])
    page.select_complaint(d.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=WAIT)
    qtbot.mouseClick(page.detail.buttons["extend"], Qt.MouseButton.LeftButton)
    ext = page.active_dialog
    assert isinstance(ext, forms.ExtendDialog)
    assert ext.to.date().toPython() == d.current_stage.max_due  # offered the latest allowed
    press_ok(qtbot, page, ext)
    assert "Give a reason" in ext.error.text()
    ext.reason.setPlainText("Awaiting records from the health visitor")
    set_date(ext.to, date(2024, 4, 30))  # beyond 20 working days
    press_ok(qtbot, page, ext)
    qtbot.waitUntil(lambda: ext.error.isVisible() and "too late" in ext.error.text(),
                    timeout=WAIT)
    assert ext.isVisible() and ext.ok.isEnabled()
    assert ext.reason.toPlainText() == "Awaiting records from the health visitor"
    set_date(ext.to, d.current_stage.max_due)
    press_ok(qtbot, page, ext)
    qtbot.waitUntil(lambda: page.detail.detail.current_stage.extended_to is not None,
                    timeout=WAIT)
    assert page.detail.detail.current_stage.extended_to == d.current_stage.max_due
    assert page.active_dialog is None  # closed once saved
    assert errors == []


def test_officer_sees_why_outcomes_need_a_manager(qtbot, sqlite_db, people):
    d = logged(sqlite_db, people["officer"], date(2024, 3, 11))
    svc.acknowledge_stage(sqlite_db, people["officer"], d.id, d.version, date(2024, 3, 12),
                          today=TODAY)
    page = make_page(qtbot, sqlite_db, people["officer"])
    page.select_complaint(d.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=WAIT)
    button = page.detail.buttons["respond"]
    assert not button.isEnabled() and button.toolTip() == "Recording an outcome needs a manager."
    assert page.detail.buttons["acknowledge"].toolTip().endswith("already acknowledged on "
                                                                 "Tuesday 12 March 2024.")
    assert not page.procedures_button.isVisible()


def test_status_colours_words_and_filters(qtbot, sqlite_db, people):
    officer, manager = people["officer"], people["manager"]
    overdue = logged(sqlite_db, officer, date(2024, 2, 1))  # due 15 Feb
    due_soon = logged(sqlite_db, officer, date(2024, 3, 11), area="fostering")  # due 25 Mar
    on_track = logged(sqlite_db, manager, date(2024, 3, 19), procedure="corporate_send",
                      handler_id=manager.user_id)
    paused = logged(sqlite_db, officer, date(2024, 3, 18), procedure="corporate_send")
    svc.pause_stage(sqlite_db, officer, paused.id, paused.version, date(2024, 3, 19),
                    "Waiting for the complainant", today=TODAY)
    page = make_page(qtbot, sqlite_db, officer)
    model = page.model
    by_ref = {model.row_at(r).reference: r for r in range(model.rowCount())}
    assert len(by_ref) == 4

    def cell(complaint, col, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(by_ref[complaint.reference], col), role)

    days, status = ComplaintTableModel.DAYS, ComplaintTableModel.STATUS
    bg = Qt.ItemDataRole.BackgroundRole
    assert cell(overdue, days) == "24 working days overdue"
    assert cell(overdue, status) == "Overdue"
    assert cell(overdue, days, bg).color() == QColor(STATUS_COLOURS["overdue"][1])
    assert cell(due_soon, days) == "3 working days left"
    assert cell(due_soon, status) == "Due soon"
    assert cell(due_soon, days, bg).color() == QColor(STATUS_COLOURS["due_soon"][1])
    assert cell(on_track, status) == "On track"
    assert cell(on_track, days, bg).color() == QColor(STATUS_COLOURS["open"][1])
    assert cell(paused, days) == "Paused (clock stopped)"
    # Most urgent first, in the view's order.
    first = page.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    assert first == overdue.id
    assert "1 overdue" in page.counts.text() and "1 due soon" in page.counts.text()

    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.status_filter.setCurrentIndex(page.status_filter.findData("due_soon"))
    assert [model.row_at(r).id for r in range(model.rowCount())] == [due_soon.id]
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.status_filter.setCurrentIndex(0)
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.handler_filter.setCurrentIndex(page.handler_filter.findData(manager.user_id))
    assert [model.row_at(r).id for r in range(model.rowCount())] == [on_track.id]
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.handler_filter.setCurrentIndex(0)
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.area_filter.setCurrentIndex(page.area_filter.findData(area_id(sqlite_db,
                                                                           "fostering")))
    assert [model.row_at(r).id for r in range(model.rowCount())] == [due_soon.id]
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        page.stage_filter.setCurrentIndex(page.stage_filter.findData(2))
    assert model.rowCount() == 0 and "No complaints match" in page.list_empty.text()
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        qtbot.mouseClick(page.clear_filters, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 4


def test_log_from_a_feedback_record_via_navigation(qtbot, sqlite_db, people, errors):
    fid = feedback(sqlite_db, kind=RecordKind.COMMENT, received=date(2024, 3, 14),
                   text="I want to complain about the transport that never turned up.")
    page = make_page(qtbot, sqlite_db, people["officer"])
    page.navigate_to(feedback_id=fid)
    qtbot.waitUntil(lambda: isinstance(page.active_dialog, forms.LogComplaintDialog),
                    timeout=WAIT)
    dialog = page.active_dialog
    assert "transport that never turned up" in dialog.findChild(
        type(dialog.error), "feedbackText").text()
    assert dialog.received.date().toPython() == date(2024, 3, 14)
    assert dialog.procedure.currentData() == "corporate_send"
    with qtbot.waitSignal(page.list_loaded, timeout=WAIT):
        press_ok(qtbot, page, dialog)
    with sqlite_db.read_session() as s:
        assert s.get(Feedback, fid).kind == "complaint"
        cid = s.scalar(select(Complaint.id).where(Complaint.feedback_id == fid))
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == cid,
                    timeout=WAIT)
    # Navigating again to the same record shows the complaint instead of a second one.
    page.active_dialog = None
    page.navigate_to(feedback_id=fid)
    qtbot.waitUntil(lambda: page.selected_id == cid and page.scope.currentData() == "all",
                    timeout=WAIT)
    assert page.active_dialog is None
    assert errors == []


def test_learning_point_becomes_an_action_in_one_click(qtbot, sqlite_db, people, errors):
    manager = people["manager"]
    d = logged(sqlite_db, manager, date(2024, 3, 11))
    svc.add_learning_point(sqlite_db, manager, d.id, "Tell families before short breaks change",
                           stage_number=1)
    page = make_page(qtbot, sqlite_db, manager)
    page.select_complaint(d.id)
    qtbot.waitUntil(lambda: page.detail.detail is not None, timeout=WAIT)
    page.detail.learning.setCurrentRow(0)
    assert page.detail.lp_action.isEnabled()
    qtbot.mouseClick(page.detail.lp_action, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.detail.learning_points[0].action_id is not None,
                    timeout=WAIT)  # message so far: page.detail.lp_message.text()
    lp = page.detail.detail.learning_points[0]
    assert lp.action_reference and lp.action_reference.startswith("YSWD-")
    assert lp.action_reference in page.detail.lp_message.text()
    assert lp.action_reference in page.detail.learning.item(0).text()
    page.detail.learning.setCurrentRow(0)
    assert not page.detail.lp_action.isEnabled()
    assert errors == []


def test_compliments_thanks_passed_on(qtbot, sqlite_db, people, errors):
    a = feedback(sqlite_db, kind=RecordKind.COMPLIMENT, received=date(2024, 3, 4),
                 text="XX was so kind and kept us informed.")
    feedback(sqlite_db, kind=RecordKind.COMPLIMENT, received=date(2024, 3, 5),
             text="The transport team sorted it in a day.")
    page = make_page(qtbot, sqlite_db, people["officer"])
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.comp_model.rowCount() == 2, timeout=WAIT)
    assert page.tabs.tabText(1) == "Compliments (2 awaiting thanks)"
    assert not page.thanks_button.isEnabled()
    row = next(r for r in range(page.comp_proxy.rowCount())
               if page.comp_proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) == a)
    page.comp_table.selectRow(row)
    assert page.thanks_button.isEnabled()
    assert page.comp_proxy.index(row, ComplimentTableModel.THANKS).data() == "Awaiting thanks"
    qtbot.mouseClick(page.thanks_button, Qt.MouseButton.LeftButton)
    dialog = page.active_dialog
    assert isinstance(dialog, forms.ThanksDialog)
    set_date(dialog.on, date(2024, 3, 6))
    with qtbot.waitSignal(page.compliments_loaded, timeout=WAIT):
        press_ok(qtbot, page, dialog)
    qtbot.waitUntil(lambda: page.comp_model.rowCount() == 1, timeout=WAIT)
    assert page.tabs.tabText(1) == "Compliments (1 awaiting thanks)"
    with qtbot.waitSignal(page.compliments_loaded, timeout=WAIT):
        page.awaiting_only.setChecked(False)
    texts = {page.comp_model.row_at(r).feedback_id:
             page.comp_model.data(page.comp_model.index(r, ComplimentTableModel.THANKS))
             for r in range(page.comp_model.rowCount())}
    assert texts[a] == "Wed 6 Mar 2024 by Olive Marsh"
    assert errors == []


def test_models_pass_the_model_tester(qtmodeltester, sqlite_db, people):
    officer = people["officer"]
    logged(sqlite_db, officer, date(2024, 2, 1))
    logged(sqlite_db, officer, date(2024, 3, 11), procedure="corporate_send")
    rows = svc.list_complaints(sqlite_db, officer, today=TODAY).rows
    model = ComplaintTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    empty = ComplaintTableModel()
    qtmodeltester.check(empty)
    feedback(sqlite_db, kind=RecordKind.COMPLIMENT)
    from voiceapp.services import compliments as comp

    cmodel = ComplimentTableModel()
    cmodel.set_rows(comp.list_compliments(sqlite_db, officer).rows)
    qtmodeltester.check(cmodel)


def test_procedure_editor_validates_and_saves(qtbot, sqlite_db, people, errors):
    admin = Actor(people["manager"].user_id, "mani", UserRole.MANAGER,
                  frozenset({UserRole.ADMINISTRATOR}))
    page = make_page(qtbot, sqlite_db, admin)
    assert page.procedures_button.isVisible()
    qtbot.mouseClick(page.procedures_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.active_dialog is not None, timeout=WAIT)
    editor = page.active_dialog
    assert editor.choice.currentData() == "statutory_csc"
    table = editor.table
    assert table.rowCount() == 3 and table.item(0, 1).text() == "10"
    assert "Review panel convened: 30" in table.item(2, 6).text()
    table.item(0, 2).setText("5")  # shorter than the response time
    table.item(1, 1).setText("ten")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.error.isVisible() and "'Response (working days)' must be a whole number" in \
        editor.error.text()
    table.item(1, 1).setText("25")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "shorter than the response time" in editor.error.text()
    table.item(0, 1).setText("12")
    table.item(0, 2).setText("24")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.status.text().startswith("Saved"), timeout=WAIT)
    saved = svc.load_procedure(sqlite_db, admin, "statutory_csc")
    assert (saved.template.stages[0].response_days,
            saved.template.stages[0].max_extended_days) == (12, 24)
    assert errors == []
