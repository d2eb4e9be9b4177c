"""File > Import…: bring in a survey export or the voiceapp template.

Choose a file; voiceapp shows the layout and encoding it detected, the mapping of each column
(editable, with how sure it is), the first rows, and saved mappings for earlier editions.
"Check" validates every row and lists problems (nothing is written); "Import" runs in the
background with a progress bar and Cancel (which leaves the database as it was)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voiceapp.services import imports
from voiceapp.services.importers import FIELD_LABELS, Field, Mapping

from ..context import UiContext, show_error

AUTO = "(detected automatically)"
_FIELDS = list(Field)
LOW_CONFIDENCE = 0.7


# --------------------------------------------------------------------------- models


class MappingModel(QAbstractTableModel):
    """One row per column of the file: what it imports as (editable), its question key
    (editable for questions), how sure the detection is, and why."""

    HEADERS = ("Column in the file", "Imports as", "Question key", "Confidence", "Why")
    mapping_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.mapping: Mapping | None = None

    def set_mapping(self, mapping: Mapping | None) -> None:
        self.beginResetModel()
        self.mapping = mapping
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self.mapping is None else len(self.mapping.columns)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid() or self.mapping is None:
            return base
        col = self.mapping.columns[index.row()]
        if index.column() == 1 or (index.column() == 2 and col.is_question):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.mapping is None:
            return None
        c = self.mapping.columns[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return c.column
            if col == 1:
                label = FIELD_LABELS[c.field]
                if c.field is Field.RATING and c.scale_max:
                    label += f" (1–{c.scale_max})"
                return label if role == Qt.ItemDataRole.DisplayRole else c.field.value
            if col == 2:
                return c.key or ""
            if col == 3:
                return f"{c.confidence:.0%}"
            return c.reason
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{c.column}\n{FIELD_LABELS[c.field]}: {c.reason}" if c.reason else c.column
        if role == Qt.ItemDataRole.BackgroundRole and col in (1, 3) \
                and c.confidence < LOW_CONFIDENCE and c.field is not Field.IGNORE:
            return QBrush(QColor("#fff3cd"))  # amber: worth a look before importing
        if role == Qt.ItemDataRole.ForegroundRole and c.field is Field.IGNORE:
            return QBrush(QColor("#6c757d"))
        if role == Qt.ItemDataRole.UserRole:
            return c.confidence
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.mapping is None or role != Qt.ItemDataRole.EditRole:
            return False
        c = self.mapping.columns[index.row()]
        if index.column() == 1:
            try:
                field = Field(value)
            except ValueError:
                return False
            self.mapping = self.mapping.with_column(c.column, field)
        elif index.column() == 2 and c.is_question:
            key = "_".join(str(value).strip().lower().split())[:60]
            if not key:
                return False
            self.mapping = self.mapping.with_column(c.column, c.field, key=key)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 4))
        self.mapping_changed.emit()
        return True


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of voiceapp fields for the "Imports as" column."""

    def createEditor(self, parent, option, index):
        box = QComboBox(parent)
        for f in _FIELDS:
            box.addItem(FIELD_LABELS[f], f.value)
        return box

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as text, headings marked with what they import as."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = ()
        self.rows: tuple[tuple[str, ...], ...] = ()
        self.mapping: Mapping | None = None

    def set_preview(self, headers, rows, mapping, row_numbers=()) -> None:
        self.beginResetModel()
        self.headers, self.rows, self.mapping = tuple(headers), tuple(rows), mapping
        self.row_numbers = tuple(row_numbers)
        self.endResetModel()

    row_numbers: tuple[int, ...] = ()

    def set_mapping(self, mapping: Mapping | None) -> None:
        self.mapping = mapping
        if self.headers:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.headers):
            heading = self.headers[section]
            c = self.mapping.for_column(heading) if self.mapping else None
            if role == Qt.ItemDataRole.DisplayRole:
                short = heading if len(heading) <= 24 else heading[:23] + "…"
                return f"{short}\n→ {FIELD_LABELS[c.field]}" if c else short
            if role == Qt.ItemDataRole.ToolTipRole:
                return heading
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            # The file's own row numbers, as the check report and a spreadsheet show them.
            if section < len(self.row_numbers):
                return str(self.row_numbers[section])
            return str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return value if len(value) <= 120 else value[:118] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and len(value) > 40:
            return value[:2000]
        return None


class ReportModel(QAbstractTableModel):
    """The row-level report: row, column, problem, value (errors first)."""

    HEADERS = ("Row", "Column", "Problem", "Value")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.problems: list[imports.RowProblem] = []

    def set_problems(self, problems) -> None:
        self.beginResetModel()
        self.problems = sorted(problems, key=lambda p: (p.severity != "error", p.row))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        p = self.problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            problem = p.problem if p.severity == "error" else f"Warning: {p.problem}"
            return (str(p.row) if p.row else "file", p.column, problem, p.value)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return p.describe()
        if role == Qt.ItemDataRole.ForegroundRole and p.severity == "error":
            return QBrush(QColor("#a4161a"))
        if role == Qt.ItemDataRole.UserRole:
            return (p.severity, p.row)
        return None


# --------------------------------------------------------------------------- dialog


class ImportDialog(QDialog):
    """Import a survey export or the voiceapp template (see the module docstring)."""

    imported = Signal(object)  # ImportResult, after a successful import

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importDialog")
        self.setWindowTitle("Import survey or feedback file")
        self.resize(1180, 860)
        self.path: Path | None = None
        self.preview: imports.ImportPreview | None = None
        self.task = None
        self._busy = False
        self._build()
        self._set_state()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        file_row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("importFile")
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("Choose a CSV or Excel file exported from Microsoft "
                                          "Forms, Google Forms, SurveyMonkey, SmartSurvey, or "
                                          "the voiceapp template")
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.setObjectName("chooseFile")
        self.choose_button.setShortcut(QKeySequence.StandardKey.Open)
        self.choose_button.clicked.connect(self._choose)
        self.template_button = QPushButton("Download &template…")
        self.template_button.setObjectName("downloadTemplate")
        self.template_button.setToolTip("Save voiceapp's own import template (CSV) to fill in")
        self.template_button.clicked.connect(self._save_template)
        file_row.addWidget(QLabel("File:"))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.template_button)
        layout.addLayout(file_row)

        self.detected = QLabel()
        self.detected.setObjectName("detectedLabel")
        self.detected.setWordWrap(True)
        self.detected.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.detected)

        settings = QHBoxLayout()
        form_left = QFormLayout()
        self.mapping_combo = QComboBox()
        self.mapping_combo.setObjectName("savedMappings")
        self.mapping_combo.setMinimumWidth(240)
        self.mapping_combo.currentIndexChanged.connect(self._saved_mapping_chosen)
        self.save_mapping_button = QPushButton("&Save mapping…")
        self.save_mapping_button.setObjectName("saveMapping")
        self.save_mapping_button.setToolTip("Keep this mapping for the next edition of the survey")
        self.save_mapping_button.clicked.connect(self._save_mapping)
        mrow = QHBoxLayout()
        mrow.addWidget(self.mapping_combo, 1)
        mrow.addWidget(self.save_mapping_button)
        saved_label = QLabel("Saved &mapping:")
        saved_label.setBuddy(self.mapping_combo)
        form_left.addRow(saved_label, mrow)
        self.role_combo = QComboBox()
        self.role_combo.setObjectName("defaultRole")
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("defaultArea")
        for combo in (self.role_combo, self.area_combo):
            combo.currentIndexChanged.connect(self._defaults_changed)
        form_left.addRow("Respondent &role if not in the file:", self.role_combo)
        form_left.addRow("Service &area if not in the file:", self.area_combo)
        form_right = QFormLayout()
        self.survey_edit = QLineEdit()
        self.survey_edit.setObjectName("surveyName")
        self.survey_edit.setPlaceholderText("e.g. Parent carer survey")
        self.edition_edit = QLineEdit()
        self.edition_edit.setObjectName("editionName")
        self.edition_edit.setPlaceholderText("e.g. 2024")
        self.survey_edit.textEdited.connect(self._survey_typed)
        form_right.addRow("S&urvey:", self.survey_edit)
        form_right.addRow("&Edition:", self.edition_edit)
        settings.addLayout(form_left, 3)
        settings.addSpacing(16)
        settings.addLayout(form_right, 2)
        layout.addLayout(settings)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        self.mapping_model = MappingModel(self)
        self.mapping_model.mapping_changed.connect(self._mapping_edited)
        self.mapping_view = QTableView()
        self.mapping_view.setObjectName("mappingTable")
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(1, FieldDelegate(self.mapping_view))
        self.mapping_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.mapping_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.mapping_view.verticalHeader().hide()
        self.mapping_view.setAlternatingRowColors(True)
        h = self.mapping_view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.mapping_view.setColumnWidth(1, 220)
        self.mapping_view.setColumnWidth(2, 240)
        self.mapping_view.setColumnWidth(3, 90)
        mapping_box = QWidget()
        mb = QVBoxLayout(mapping_box)
        mb.setContentsMargins(0, 0, 0, 0)
        mlabel = QLabel("<b>Columns</b> — change <i>Imports as</i> where the guess is wrong "
                        "(amber = worth a look). Questions keep their key from edition to "
                        "edition.")
        mlabel.setWordWrap(True)
        mb.addWidget(mlabel)
        mb.addWidget(self.mapping_view)
        split.addWidget(mapping_box)

        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("previewTable")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setWordWrap(False)
        self.preview_view.horizontalHeader().setDefaultSectionSize(170)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_label = QLabel("<b>Preview</b> — the first rows (numbered as in the "
                                    "file), with what each column imports as")
        split.addWidget(_boxed(self.preview_label, self.preview_view))
        self.report_model = ReportModel(self)
        self.report_view = QTableView()
        self.report_view.setObjectName("reportTable")
        self.report_view.setModel(self.report_model)
        self.report_view.verticalHeader().hide()
        self.report_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rh = self.report_view.horizontalHeader()
        rh.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        rh.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        rh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        rh.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        self.report_view.setColumnWidth(1, 230)
        self.report_view.setColumnWidth(3, 200)
        self.report_label = QLabel()
        self.report_label.setObjectName("reportLabel")
        self.report_box = _boxed(self.report_label, self.report_view)
        self.report_box.hide()  # shown once a check or import has something to report
        split.addWidget(self.report_box)
        split.setSizes([300, 220, 200])
        self.split = split
        layout.addWidget(split, 1)

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)

        bottom = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("importStatus")
        bottom.addWidget(self.progress, 2)
        bottom.addWidget(self.status, 2)
        bottom.addStretch(1)
        self.check_button = QPushButton("C&heck")
        self.check_button.setObjectName("checkButton")
        self.check_button.setToolTip("Validate every row and list problems; nothing is written "
                                     "(Ctrl+K)")
        self.check_button.clicked.connect(self._check)
        self.import_button = QPushButton("&Import")
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        self.import_button.setToolTip("Import in one step; Cancel leaves the database as it was "
                                      "(Ctrl+Enter)")
        self.import_button.clicked.connect(self._import)
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.reject)
        for b in (self.check_button, self.import_button, self.cancel_button, self.close_button):
            bottom.addWidget(b)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self._check)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self._import)
        self.setTabOrder(self.choose_button, self.mapping_combo)
        self.setTabOrder(self.mapping_combo, self.survey_edit)
        self.setTabOrder(self.survey_edit, self.edition_edit)
        self.setTabOrder(self.edition_edit, self.mapping_view)
        self.setTabOrder(self.mapping_view, self.preview_view)
        self.setTabOrder(self.preview_view, self.report_view)
        self.setTabOrder(self.report_view, self.check_button)
        self.setTabOrder(self.check_button, self.import_button)
        self._load_choices()
        self._empty_state()

    def _load_choices(self) -> None:
        try:
            choices = imports.reference_choices(self.ctx.db, self.ctx.actor)
            saved = imports.saved_mappings(self.ctx.db, self.ctx.actor)
        except Exception as exc:  # shown to the user; the dialog stays usable
            show_error(self, exc)
            choices, saved = {}, []
        for combo, key in ((self.role_combo, "respondent_role"),
                           (self.area_combo, "service_area")):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(none)", None)
            for code, label in choices.get(key, []):
                combo.addItem(label, code)
            combo.blockSignals(False)
        self.mapping_combo.blockSignals(True)
        self.mapping_combo.clear()
        self.mapping_combo.addItem(AUTO, None)
        for m in saved:
            self.mapping_combo.addItem(m.name, m.name)
        self.mapping_combo.blockSignals(False)

    def _empty_state(self) -> None:
        self.detected.setText("<span style='color:#555'>No file chosen yet. Press <b>Choose "
                              "file…</b> (Ctrl+O). Not sure of the layout? <b>Download "
                              "template…</b> gives voiceapp's own CSV to fill in.</span>")

    # ------------------------------------------------------------------ state

    def _set_state(self) -> None:
        has = self.preview is not None
        for w in (self.check_button, self.import_button, self.save_mapping_button,
                  self.mapping_combo, self.mapping_view, self.role_combo, self.area_combo):
            w.setEnabled(has and not self._busy)
        survey = has and self.preview.is_survey
        for w in (self.survey_edit, self.edition_edit):
            w.setEnabled(survey and not self._busy)
        self.choose_button.setEnabled(not self._busy)
        self.cancel_button.setVisible(self._busy)
        self.close_button.setEnabled(not self._busy)
        self.progress.setVisible(self._busy)

    # ------------------------------------------------------------------ file

    def _choose(self) -> None:
        start = QSettings().value("import/last_folder", str(Path.home()))
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a file to import", start,
            "Survey exports (*.csv *.xlsx *.txt);;All files (*)")
        if name:
            QSettings().setValue("import/last_folder", str(Path(name).parent))
            self.load_file(name)

    def load_file(self, path: str | Path, mapping: str | None = None) -> None:
        """Read a file (in the background) and show its preview and mapping."""
        self.path = Path(path)
        self.file_edit.setText(str(self.path))
        self.summary.clear()
        self._hide_report()
        self._busy = True
        self._set_state()
        self.progress.setRange(0, 0)
        self.status.setText("Reading the file…")
        self.ctx.run(imports.preview_file, self.ctx.db, self.ctx.actor, self.path, mapping,
                     on_result=self._previewed, on_error=self._failed,
                     on_finished=self._idle)

    def _previewed(self, preview: imports.ImportPreview) -> None:
        self.preview = preview
        self.mapping_model.set_mapping(preview.mapping)
        m = preview.mapping
        if m.default_role or m.default_service_area:
            # A saved mapping brings its own defaults: show them.
            for combo, code in ((self.role_combo, m.default_role),
                                (self.area_combo, m.default_service_area)):
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(code)))
                combo.blockSignals(False)
        self._defaults_changed()
        self.preview_model.set_preview(preview.headers, preview.rows, preview.mapping,
                                       preview.row_numbers)
        self.preview_view.resizeRowsToContents()
        parts = [f"<b>{preview.layout_label}</b>", preview.encoding,
                 f"{preview.total_rows:,} rows"]
        text = " · ".join(parts)
        if preview.previously_imported:
            text += (f"<br><span style='color:#8a5a00'>This file was imported before "
                     f"({preview.previously_imported}); rows already in voiceapp will be "
                     "skipped.</span>")
        for note in preview.notes:
            text += f"<br><span style='color:#8a5a00'>{_escape(note)}</span>"
        self.detected.setText(text)
        if not self.survey_edit.text() or self._survey_was_default:
            self.survey_edit.setText(preview.suggested_survey)
            self.edition_edit.setText(preview.suggested_edition)
            self._survey_was_default = True

    _survey_was_default = True

    def _survey_typed(self, _text: str) -> None:
        self._survey_was_default = False  # keep what the person typed across reloads

    def _idle(self) -> None:
        self._busy = False
        self.progress.setRange(0, 1000)
        self.status.clear()
        self.task = None
        self._set_state()

    def _failed(self, exc: BaseException, _trace: str = "") -> None:
        self.status.clear()
        show_error(self, exc, "Import")

    def _saved_mapping_chosen(self, _index: int) -> None:
        if self.path is not None:
            self.load_file(self.path, self.mapping_combo.currentData())

    def _mapping_edited(self) -> None:
        self.preview_model.set_mapping(self.mapping_model.mapping)
        self._hide_report()

    def _hide_report(self) -> None:
        self.report_model.set_problems([])
        self.report_box.hide()

    def _defaults_changed(self, _index: int = 0) -> None:
        if self.mapping_model.mapping is not None:
            self.mapping_model.mapping = replace(
                self.mapping_model.mapping, default_role=self.role_combo.currentData(),
                default_service_area=self.area_combo.currentData())

    def _save_mapping(self) -> None:
        if self.mapping_model.mapping is None:
            return
        name, ok = QInputDialog.getText(self, "Save mapping", "Name for this mapping (use the "
                                        "survey's name so next year's edition finds it):",
                                        text=self.survey_edit.text())
        if not ok or not name.strip():
            return
        try:
            imports.save_mapping(self.ctx.db, self.ctx.actor, name, self.mapping_model.mapping)
        except Exception as exc:  # shown plainly
            show_error(self, exc, "Save mapping")
            return
        current = self.mapping_combo.currentData()
        self._load_choices()
        self.mapping_combo.blockSignals(True)
        self.mapping_combo.setCurrentIndex(max(0, self.mapping_combo.findData(name.strip())))
        self.mapping_combo.blockSignals(False)
        self.status.setText(f"Mapping saved as '{name.strip()}'." if current != name else "")

    def _save_template(self) -> None:
        dest, _ = QFileDialog.getSaveFileName(self, "Save the voiceapp import template",
                                              str(Path.home() / "voiceapp_import_template.csv"),
                                              "CSV (*.csv)")
        if dest:
            self.save_template_to(dest)

    def save_template_to(self, dest: str | Path) -> Path:
        try:
            shutil.copyfile(imports.template_path(), dest)
        except OSError as exc:
            QMessageBox.warning(self, "Template", f"voiceapp could not save the template to "
                                f"{dest} ({exc.strerror}). Choose another folder.")
            raise
        self.status.setText(f"Template saved to {dest}. Fill in one row per record; "
                            "see the column guide in the user guide.")
        return Path(dest)

    # ------------------------------------------------------------------ check and import

    def _kwargs(self) -> dict:
        return dict(mapping=self.mapping_model.mapping,
                    survey=self.survey_edit.text().strip() or None,
                    edition=self.edition_edit.text().strip() or None)

    def _check(self) -> None:
        if self.preview is None or self._busy:
            return
        self._busy = True
        self._set_state()
        self.progress.setRange(0, 0)
        self.status.setText("Checking every row…")
        self.ctx.run(imports.check_file, self.ctx.db, self.ctx.actor, self.path,
                     **self._kwargs(), on_result=self._checked, on_error=self._failed,
                     on_finished=self._idle)

    def _checked(self, result: imports.ImportResult) -> None:
        self._show_report(result)
        errors = sum(1 for p in result.problems if p.severity == "error")
        if errors:
            self.summary.setText(f"<b>Check:</b> {_n(result.imported, 'row')} ready to import; "
                                 f"{_n(result.errors, 'row')} with problems would be skipped "
                                 f"(see the report). {_dupes(result)}Nothing has been written.")
        else:
            self.summary.setText(f"<b>Check:</b> {_n(result.imported, 'new row')} ready to "
                                 f"import. {_dupes(result)}Nothing has been written.")

    def _show_report(self, result: imports.ImportResult) -> None:
        self.report_model.set_problems(result.problems)
        self.report_view.resizeRowsToContents()
        errors = sum(1 for p in result.problems if p.severity == "error")
        warnings = len(result.problems) - errors
        if not result.problems:
            self.report_box.hide()
            return
        parts = []
        if errors:
            parts.append(f"<span style='color:#a4161a'>{_n(errors, 'problem')} (those rows "
                         "are not imported)</span>")
        if warnings:
            parts.append(f"{_n(warnings, 'warning')} (rows imported, value left blank)")
        self.report_label.setText("<b>Check report</b> — " + "; ".join(parts))
        self.report_box.show()

    def _import(self) -> None:
        if self.preview is None or self._busy:
            return
        self._busy = True
        self._set_state()
        self.progress.setValue(0)
        self.status.setText("Starting…")
        self.task = self.ctx.run(imports.import_file, self.ctx.db, self.ctx.actor, self.path,
                                 **self._kwargs(), pass_task=True,
                                 on_result=self._imported, on_error=self._failed,
                                 on_progress=self._progress, on_cancelled=self._cancelled,
                                 on_finished=self._idle)

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(text)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling… nothing will be kept.")

    def _cancelled(self) -> None:
        self.summary.setText("<b>Import cancelled.</b> The database is as it was before.")

    def _imported(self, result: imports.ImportResult) -> None:
        self._show_report(result)
        line = _escape(result.summary_line)
        self.summary.setText(f"<b>Done: {line}.</b> {_escape(result.message)}")
        self.ctx.data_changed.emit("feedback")
        self.imported.emit(result)
        self.preview = replace(self.preview, previously_imported="just now")

    def reject(self) -> None:
        if self._busy:
            return  # Cancel first; closing mid-import would leave a worker running
        super().reject()


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _boxed(label: QLabel, view: QWidget) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 4, 0, 0)
    label.setWordWrap(True)
    lay.addWidget(label)
    lay.addWidget(view, 1)
    return box


def _dupes(result: imports.ImportResult) -> str:
    if not result.duplicates:
        return ""
    return (f"{result.duplicates:,} rows are already in voiceapp and will be skipped, so "
            "nothing is duplicated. ")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
