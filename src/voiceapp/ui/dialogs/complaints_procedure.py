"""Edit a complaints procedure's timescales (administrators).

The stages of each procedure are shown in a table: name, response time, the most an extension
may give, the acknowledgement time, whether the clock may be paused, and the escalation window.
Blank means "none" (cannot be extended, no acknowledgement deadline, no window). Milestones (the
statutory review panel) are shown but follow the regulations. Saving validates the whole template
and lists every problem; complaints already running keep the dates they started with.

Open it from anywhere with `open_procedure_editor(ctx, parent)`."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.complaint_rules import ProcedureTemplate, RuleViolation, StageTemplate
from voiceapp.services import complaints as svc

from .complaints_forms import ERROR_STYLE, error_text

COLUMNS = ("Stage name", "Response (working days)", "Most with extension",
           "Acknowledge within", "Pause allowed", "Escalation window", "Milestones")
TIP = ("Working days. Leave blank for none: no extension possible, no acknowledgement deadline, "
       "or no time limit to ask for the next stage.")


class ProcedureEditor(QDialog):
    def __init__(self, ctx, records: list[svc.ProcedureRecord],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records = {r.code: r for r in records}
        self.setObjectName("procedureEditor")
        self.setWindowTitle("Complaints procedures")
        self.setStyleSheet(ERROR_STYLE)
        self.resize(980, 460)
        layout = QVBoxLayout(self)
        intro = QLabel("Timescales are in working days (weekends, bank holidays, Christmas Day, "
                       "Boxing Day and Good Friday never count). Complaints already running keep "
                       "the dates they started with; changes apply to stages started from now.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        top = QHBoxLayout()
        self.choice = QComboBox()
        self.choice.setObjectName("procedure")
        for r in records:
            self.choice.addItem(r.name, r.code)
        top.addWidget(QLabel("Procedure"))
        top.addWidget(self.choice, 1)
        top.addWidget(QLabel("Name"))
        self.name = QLineEdit()
        self.name.setObjectName("name")
        top.addWidget(self.name, 2)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("stages")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        for i in range(1, 6):
            self.table.horizontalHeaderItem(i).setToolTip(TIP)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        for i in range(1, 6):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setDefaultSectionSize(30)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setObjectName("openCount")
        layout.addWidget(self.status)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choice.currentIndexChanged.connect(self._show)
        self._show()

    @property
    def record(self) -> svc.ProcedureRecord:
        return self.records[self.choice.currentData()]

    def _show(self) -> None:
        rec = self.record
        t = rec.template
        self.name.setText(t.name)
        self.table.setRowCount(len(t.stages))
        for row, st in enumerate(t.stages):
            values = [st.name, st.response_days, st.max_extended_days, st.acknowledge_days,
                      None, st.escalation_window_days]
            for col, value in enumerate(values):
                if col == 4:
                    item = QTableWidgetItem("Yes" if st.pause_allowed else "No")
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(Qt.CheckState.Checked if st.pause_allowed
                                       else Qt.CheckState.Unchecked)
                else:
                    item = QTableWidgetItem("" if value is None else str(value))
                self.table.setItem(row, col, item)
            ms = "; ".join(f"{m.label}: {m.days}" for m in st.milestones) or "None"
            ms_item = QTableWidgetItem(ms)
            ms_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            ms_item.setToolTip("Set by the regulations; the response time must equal their sum.")
            self.table.setItem(row, 6, ms_item)
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(f"Stage {st.number}"))
        self.table.resizeRowsToContents()
        self.status.setText(f"{rec.open_complaints} open complaint(s) use this procedure; their "
                            "clocks will not move.")
        self.error.hide()

    def template(self) -> ProcedureTemplate:
        """The template as edited; raises RuleViolation for a cell that is not a number."""
        t = self.record.template
        stages: list[StageTemplate] = []
        problems: list[str] = []
        for row, st in enumerate(t.stages):
            def number(col: int, optional: bool, st=st, row=row) -> int | None:
                text = (self.table.item(row, col).text() or "").strip()
                if not text and optional:
                    return None
                try:
                    return int(text)
                except ValueError:
                    problems.append(f"Stage {st.number}: '{COLUMNS[col]}' must be a whole number "
                                    f"of working days{' or blank' if optional else ''}, "
                                    f"not '{text}'.")
                    return 0
            stages.append(replace(
                st, name=self.table.item(row, 0).text().strip(),
                response_days=number(1, False), max_extended_days=number(2, True),
                acknowledge_days=number(3, True),
                pause_allowed=self.table.item(row, 4).checkState() == Qt.CheckState.Checked,
                escalation_window_days=number(5, True)))
        if problems:
            raise RuleViolation(" ".join(problems), problems=problems)
        return replace(t, name=self.name.text().strip(), stages=tuple(stages))

    def save(self) -> None:
        try:
            template = self.template().validate()
        except RuleViolation as exc:
            self._failed(exc)
            return
        self.save_button.setEnabled(False)
        self.ctx.run(svc.save_procedure, self.ctx.db, self.ctx.actor, template,
                     self.record.version, on_result=self._saved, on_error=self._failed)

    def _saved(self, record: svc.ProcedureRecord) -> None:
        self.save_button.setEnabled(True)
        self.records[record.code] = record
        i = self.choice.currentIndex()
        self.choice.setItemText(i, record.name)
        self._show()
        self.status.setText(f"Saved. {record.open_complaints} open complaint(s) keep their dates.")
        self.ctx.data_changed.emit("complaint_procedure")

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, RuleViolation) and len(exc.problems) > 1:
            text = "This cannot be saved yet:\n• " + "\n• ".join(exc.problems)
        else:
            text = error_text(exc)
        self.error.setText(text)
        self.error.show()


def open_procedure_editor(ctx, parent: QWidget | None = None) -> None:
    """Load the procedures in the background, then show the editor (for Settings too)."""
    def show(records: list[svc.ProcedureRecord]) -> None:
        editor = ProcedureEditor(ctx, records, parent)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if parent is not None and hasattr(parent, "active_dialog"):
            parent.active_dialog = editor
        editor.open()

    ctx.run(svc.list_procedures, ctx.db, ctx.actor, on_result=show,
            on_error=lambda exc, _tb="": ctx.show_error(parent, exc))
