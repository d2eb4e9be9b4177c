"""The import and export dialogs, driven like a person would (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from sqlalchemy import func, select

from voiceapp.db.models import Feedback, SurveyResponse, User
from voiceapp.domain.enums import UserRole
from voiceapp.services.context import Actor
from voiceapp.services.importers import Field
from voiceapp.services.workspace import Workspace
from voiceapp.ui import context as ui_context
from voiceapp.ui.context import UiContext
from voiceapp.ui.dialogs import export_dialog, import_wizard
from voiceapp.ui.dialogs.export_dialog import ExportDialog
from voiceapp.ui.dialogs.import_wizard import ImportDialog

DATA = Path(__file__).parents[1] / "data" / "imports"


@pytest.fixture(autouse=True)
def settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    QSettings().clear()
    yield
    QThreadPool.globalInstance().waitForDone(20000)


@pytest.fixture
def errors(monkeypatch):
    shown: list[BaseException] = []
    for module in (ui_context, import_wizard, export_dialog):
        monkeypatch.setattr(module, "show_error",
                            lambda parent, error, title="": shown.append(error))
    return shown


def ctx_for(db, role: UserRole) -> UiContext:
    return UiContext(Workspace(db, Actor(None, role.value, role)))


def count(db, model) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_pick_a_file_see_the_preview_import_and_see_the_summary(qtbot, sqlite_db, errors,
                                                                qtmodeltester):
    dialog = ImportDialog(ctx_for(sqlite_db, UserRole.OFFICER))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No file chosen" in dialog.detected.text()
    assert not dialog.import_button.isEnabled()

    dialog.load_file(DATA / "google_forms_youth_voice_2025.csv")
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=20000)
    assert "Google Forms export" in dialog.detected.text() and "25 rows" in dialog.detected.text()
    assert dialog.preview_model.rowCount() == 20
    assert dialog.preview_model.headerData(0, Qt.Orientation.Vertical) == "2"  # file row 2
    assert "Date received" in dialog.preview_model.headerData(0, Qt.Orientation.Horizontal)
    assert dialog.mapping_model.rowCount() == 7
    assert dialog.survey_edit.text() == "Google forms youth voice" and \
        dialog.edition_edit.text() == "2025"
    for model in (dialog.mapping_model, dialog.preview_model):
        qtmodeltester.check(model)

    # Change what a column imports as, through the model as the delegate does.
    row = [c.column for c in dialog.mapping_model.mapping.columns].index("Where do you live?")
    assert dialog.mapping_model.setData(dialog.mapping_model.index(row, 1), Field.IGNORE.value)
    assert dialog.mapping_model.mapping.columns[row].field is Field.IGNORE
    assert "Do not import" in dialog.preview_model.headerData(row, Qt.Orientation.Horizontal)

    dialog.survey_edit.setText("Youth voice")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Check:" in dialog.summary.text() and not dialog._busy,
                    timeout=20000)
    assert "25 new rows ready" in dialog.summary.text()
    assert count(sqlite_db, Feedback) == 0  # checking writes nothing

    with qtbot.waitSignal(dialog.imported, timeout=60000) as signal:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20000)
    result = signal.args[0]
    assert "Done: imported 25, duplicates skipped 0, errors 0" in dialog.summary.text()
    assert count(sqlite_db, SurveyResponse) == 25 == result.imported
    with sqlite_db.read_session() as s:
        districts = s.scalar(select(func.count()).select_from(Feedback)
                             .where(Feedback.district_id.is_not(None)))
    assert districts == 0  # the column the person switched off
    assert errors == []

    # Importing again: nothing duplicated, and the dialog says so.
    with qtbot.waitSignal(dialog.imported, timeout=60000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20000)
    assert "duplicates skipped 25" in dialog.summary.text()
    assert count(sqlite_db, SurveyResponse) == 25


def test_check_shows_the_row_report(qtbot, sqlite_db, errors, qtmodeltester):
    dialog = ImportDialog(ctx_for(sqlite_db, UserRole.OFFICER))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_file(DATA / "malformed_wrong_types.csv")
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=20000)
    assert not dialog.report_box.isVisible()
    dialog._check()
    qtbot.waitUntil(lambda: dialog.report_box.isVisible() and not dialog._busy, timeout=20000)
    model = dialog.report_model
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == \
        ["3", "4", "5", "6", "7"]
    assert "next Tuesday" in model.index(0, 3).data()
    assert "5 problems" in dialog.report_label.text()
    assert "1 row ready to import" in dialog.summary.text()


def test_unreadable_file_is_explained(qtbot, sqlite_db, errors):
    dialog = ImportDialog(ctx_for(sqlite_db, UserRole.OFFICER))
    qtbot.addWidget(dialog)
    dialog.load_file(DATA / "binary_renamed.csv")
    qtbot.waitUntil(lambda: bool(errors) and not dialog._busy, timeout=20000)
    assert "binary data" in errors[0].message
    assert dialog.preview is None and not dialog.import_button.isEnabled()


def test_download_template(qtbot, sqlite_db, tmp_path):
    dialog = ImportDialog(ctx_for(sqlite_db, UserRole.OFFICER))
    qtbot.addWidget(dialog)
    saved = dialog.save_template_to(tmp_path / "template.csv")
    header = saved.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",")[:3] == ["kind", "received_on", "channel"]
    assert "Template saved" in dialog.status.text()


def test_export_dialog_unredacted_only_for_managers(qtbot, sqlite_db, tmp_path, errors):
    with sqlite_db.session() as s:
        s.add(User(username="x", display_name="Kerry Maddox", role="officer"))
    from voiceapp.services import imports

    imports.import_file(sqlite_db, Actor(None, "o", UserRole.OFFICER),
                        DATA / "voiceapp_template_sample.csv")
    officer = ExportDialog(ctx_for(sqlite_db, UserRole.OFFICER),
                           filters={"kind": "compliment", "from": "2024-01-01"})
    qtbot.addWidget(officer)
    assert not officer.unredacted.isEnabled()
    assert "manager" in officer.unredacted_note.text()
    assert officer.kind.currentData() == "compliment" and officer.use_from.isChecked()
    out = tmp_path / "compliments.xlsx"
    officer.out_edit.setText(str(out))
    with qtbot.waitSignal(officer.exported, timeout=30000) as signal:
        qtbot.mouseClick(officer.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not officer._busy, timeout=10000)
    assert signal.args[0].records == 1 and "Exported 1 redacted" in officer.result_label.text()
    ws = openpyxl.load_workbook(out)["Records"]
    assert "[NAME]" in ws["K2"].value and "Kerry" not in ws["K2"].value

    manager = ExportDialog(ctx_for(sqlite_db, UserRole.MANAGER))
    qtbot.addWidget(manager)
    assert manager.unredacted.isEnabled()
    manager.fmt.setCurrentIndex(manager.fmt.findData("csv"))
    assert manager.out_edit.text().endswith(".csv")
    assert errors == []
