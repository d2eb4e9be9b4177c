"""File > Export…: filtered records to CSV or Excel for analysts.

Redacted by default. Unredacted records are offered only to roles allowed them (managers), and
the option says why it is unavailable otherwise. The anonymised analysis dataset has no
identifiers at all. The export runs in the background with progress and Cancel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from voiceapp.services import exports
from voiceapp.services.feedback import FeedbackFilter

from ..context import UiContext, show_error

ANY = "Any"


class ExportDialog(QDialog):
    exported = Signal(object)  # ExportResult

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 filters: dict | None = None, *, also: FeedbackFilter | None = None,
                 also_text: str = "", selected_ids: Sequence[int] = ()) -> None:
        """`filters`: the editable filters (quarter, dates, kind, service area, theme,
        sentiment). `also` (described by `also_text`): the Feedback page's other filters, which
        the export applies too unless the user unticks them. `selected_ids`: the records
        selected in the table, offered as "only the selected records"."""
        super().__init__(parent)
        self.ctx = ctx
        self._also = also if also is not None and not also.is_empty() else None
        self._also_text = also_text
        self._selected = list(selected_ids)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export records")
        self.resize(720, 600)
        self.task = None
        self._busy = False
        try:
            self.choices = exports.export_choices(ctx.db, ctx.actor)
        except Exception as exc:  # e.g. a board viewer: say why, show an empty dialog
            show_error(self, exc, "Export")
            self.choices = exports.ExportChoices([], [], [], [], [], False)
        self._build()
        self.set_filters(filters or {})
        self._format_changed()
        self._set_state()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        what = QGroupBox("What to export")
        wl = QVBoxLayout(what)
        self.redacted = QRadioButton("&Redacted records — names, contacts and identifying "
                                     "details removed (recommended)")
        self.redacted.setObjectName("redactedOption")
        self.unredacted = QRadioButton("&Unredacted records — full text and respondent "
                                       "details (audited)")
        self.unredacted.setObjectName("unredactedOption")
        self.anonymised = QRadioButton("&Anonymised analysis dataset — no identifiers, dates "
                                       "to the month")
        self.anonymised.setObjectName("anonymisedOption")
        self.kind_group = QButtonGroup(self)
        self.unredacted_note = QLabel()
        self.unredacted_note.setObjectName("unredactedNote")
        self.unredacted_note.setWordWrap(True)
        self.unredacted_note.setStyleSheet("color: #6c4a00; margin-left: 22px;")
        for b in (self.redacted, self.unredacted, self.anonymised):
            self.kind_group.addButton(b)
            wl.addWidget(b)
            if b is self.unredacted:
                wl.addWidget(self.unredacted_note)
        self.redacted.setChecked(True)
        if not self.choices.may_unredact:
            self.unredacted.setEnabled(False)
            role = self.ctx.actor.role.value.replace("_", " ")
            self.unredacted_note.setText(
                f"Not available to you: unredacted exports need a manager's role, and "
                f"{self.ctx.actor.username} is signed in as {_a(role)}. Ask a manager if you "
                "need names or contact details.")
        else:
            self.unredacted_note.setText("Unredacted files hold personal data: store them "
                                         "securely and delete them when done. Each one is "
                                         "recorded in the audit trail.")
        self.with_text = QCheckBox("Include redacted &text where the person agreed to be quoted")
        self.with_text.setObjectName("withText")
        self.with_text.setStyleSheet("margin-left: 22px;")
        wl.addWidget(self.with_text)
        for b in (self.redacted, self.unredacted, self.anonymised):
            b.toggled.connect(self._set_state)
        layout.addWidget(what)

        filt = QGroupBox("Which records")
        fl = QFormLayout(filt)
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarterFilter")
        self.quarter.addItem(ANY, None)
        for q in self.choices.quarters:
            self.quarter.addItem(q.replace("-Q", " Q"), q)
        fl.addRow("Financial &quarter:", self.quarter)
        dates = QHBoxLayout()
        self.use_from = QCheckBox("From")
        self.date_from = QDateEdit()
        self.use_to = QCheckBox("to")
        self.date_to = QDateEdit()
        for box, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
            dates.addWidget(box)
            dates.addWidget(edit)
        self.date_from.setObjectName("dateFrom")
        self.date_to.setObjectName("dateTo")
        dates.addStretch(1)
        fl.addRow(_buddy("&Received:", self.use_from), dates)
        self.kind = self._combo("kindFilter", self.choices.kinds)
        fl.addRow("&Kind:", self.kind)
        self.area = self._combo("areaFilter", self.choices.service_areas)
        fl.addRow("Service &area:", self.area)
        self.theme = self._combo("themeFilter", self.choices.themes)
        fl.addRow("T&heme:", self.theme)
        self.sentiment = self._combo("sentimentFilter",
                                     [(s, s.capitalize()) for s in self.choices.sentiments])
        fl.addRow("&Sentiment:", self.sentiment)
        # The page's other filters and its selection: applied unless unticked, so an export
        # never holds more records than the user was looking at.
        self.also_box = QCheckBox()
        self.also_box.setObjectName("alsoFilters")
        self.also_box.setChecked(self._also is not None)
        self.also_box.setVisible(self._also is not None)
        self.also_box.setText(f"A&lso as on the Feedback page: {self._also_text}")
        self.also_box.setToolTip("Filters set on the Feedback page that are not listed above. "
                                 "Untick to export without them.")
        fl.addRow(self.also_box)
        n = len(self._selected)
        self.selected_only = QCheckBox(
            f"Only the {'selected record' if n == 1 else f'{n:,} selected records'}")
        self.selected_only.setObjectName("selectedOnly")
        self.selected_only.setVisible(n > 0)
        fl.addRow(self.selected_only)
        layout.addWidget(filt)

        where = QGroupBox("Where")
        gl = QFormLayout(where)
        self.fmt = QComboBox()
        self.fmt.setObjectName("formatChoice")
        self.fmt.addItem("Excel workbook (.xlsx) — a sheet each for records, themes, actions",
                         "xlsx")
        self.fmt.addItem("CSV (.csv) — records only, opens in any program", "csv")
        self.fmt.currentIndexChanged.connect(self._format_changed)
        gl.addRow("&Format:", self.fmt)
        out = QHBoxLayout()
        self.out_edit = QLineEdit()
        self.out_edit.setObjectName("outFile")
        self.browse = QPushButton("Choose…")
        self.browse.clicked.connect(self._browse)
        out.addWidget(self.out_edit, 1)
        out.addWidget(self.browse)
        gl.addRow(_buddy("Save &to:", self.out_edit), out)
        layout.addWidget(where)

        self.result_label = QLabel()
        self.result_label.setObjectName("exportResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)
        layout.addStretch(1)

        bottom = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel()
        bottom.addWidget(self.progress, 2)
        bottom.addWidget(self.status, 2)
        bottom.addStretch(1)
        self.export_button = QPushButton("&Export")
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._export)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        for b in (self.export_button, self.cancel_button, self.close_button):
            bottom.addWidget(b)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._export)

    def _combo(self, name: str, items) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        box.addItem(ANY, None)
        for code, label in items:
            box.addItem(label, code)
        return box

    # ------------------------------------------------------------------ state

    def set_filters(self, filters: dict) -> None:
        """Fill the filters from the Feedback page's (kind, service_area, theme, sentiment,
        quarter, date_from/date_to or from/to)."""
        f = exports.ExportFilters.from_dict(filters)
        for combo, value in ((self.kind, f.kind), (self.area, f.service_area),
                             (self.theme, f.theme), (self.sentiment, f.sentiment),
                             (self.quarter, f.quarter)):
            i = combo.findData(value) if value else 0
            combo.setCurrentIndex(max(i, 0))
        for box, edit, value in ((self.use_from, self.date_from, f.date_from),
                                 (self.use_to, self.date_to, f.date_to)):
            box.setChecked(value is not None)
            if value:
                edit.setDate(QDate(value.year, value.month, value.day))

    def filters(self) -> dict:
        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return dict(
            quarter=self.quarter.currentData(), kind=self.kind.currentData(),
            service_area=self.area.currentData(), theme=self.theme.currentData(),
            sentiment=self.sentiment.currentData(),
            date_from=day(self.date_from) if self.use_from.isChecked() else None,
            date_to=day(self.date_to) if self.use_to.isChecked() else None)

    def _format_changed(self, _i: int = 0) -> None:
        ext = self.fmt.currentData()
        current = self.out_edit.text().strip()
        folder = QSettings().value("export/last_folder", str(Path.home()))
        if not current:
            stem = f"voiceapp_export_{date.today():%Y-%m-%d}"
            self.out_edit.setText(str(Path(folder) / f"{stem}.{ext}"))
        else:
            self.out_edit.setText(str(Path(current).with_suffix(f".{ext}")))

    def _set_state(self, *_args) -> None:
        self.with_text.setEnabled(self.anonymised.isChecked() and not self._busy)
        for w in (self.export_button, self.fmt, self.out_edit, self.browse, self.redacted,
                  self.anonymised, self.also_box, self.selected_only):
            w.setEnabled(not self._busy)
        self.unredacted.setEnabled(self.choices.may_unredact and not self._busy)
        self.cancel_button.setVisible(self._busy)
        self.close_button.setEnabled(not self._busy)
        self.progress.setVisible(self._busy)

    def _browse(self) -> None:
        ext = self.fmt.currentData()
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.out_edit.text(),
                                              f"{ext.upper()} (*.{ext})")
        if name:
            self.out_edit.setText(str(Path(name).with_suffix(f".{ext}")))

    # ------------------------------------------------------------------ export

    def _export(self) -> None:
        if self._busy:
            return
        out = self.out_edit.text().strip()
        if not out:
            self.status.setText("Choose where to save the file.")
            return
        QSettings().setValue("export/last_folder", str(Path(out).parent))
        self._busy = True
        self._set_state()
        self.result_label.clear()
        self.status.setText("Exporting…")
        self.task = self.ctx.run(
            exports.export_records, self.ctx.db, self.ctx.actor, out, self.filters(),
            also=self._also if self.also_box.isChecked() else None,
            record_ids=self._selected if self.selected_only.isChecked() else None,
            redacted=not self.unredacted.isChecked(), anonymised=self.anonymised.isChecked(),
            include_text=self.with_text.isChecked(), pass_task=True,
            on_result=self._done, on_error=self._failed, on_progress=self._progress,
            on_cancelled=self._cancelled, on_finished=self._idle)

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(text)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _cancelled(self) -> None:
        self.result_label.setText("Export cancelled; no file was written.")

    def _failed(self, exc: BaseException, _trace: str = "") -> None:
        show_error(self, exc, "Export")

    def _done(self, result: exports.ExportResult) -> None:
        self.result_label.setText(f"<b>{result.message}</b>")
        self.exported.emit(result)

    def _idle(self) -> None:
        self._busy = False
        self.task = None
        self.status.clear()
        self._set_state()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun
