"""New record: the capture form for the chosen kind beside the live analysis panel.

Enter saves (Ctrl+Enter inside the multi-line text); "Save and new" keeps the date, channel and
service area for the next record. Saving runs in the background; errors come back as clear
dialogs and the form keeps everything typed.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import RecordKind
from voiceapp.errors import ValidationError
from voiceapp.services import feedback as feedback_service
from voiceapp.services.feedback import FeedbackDetail, FeedbackInput, ReferenceData

from ..context import UiContext
from ..forms import FORMS, FeedbackForm
from ..widgets.analysis_panel import AnalysisPanel


class FeedbackEntryDialog(QDialog):
    saved = Signal(object)  # FeedbackDetail

    def __init__(self, ctx: UiContext, ref: ReferenceData, kind: str = "comment",
                 parent: QWidget | None = None, initial: FeedbackInput | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ref = ref
        self.setObjectName("feedbackEntryDialog")
        self.setWindowTitle("New record")
        self.resize(1100, 720)
        self._saving = False
        self._again = False
        self.last_saved: FeedbackDetail | None = None

        top = QHBoxLayout()
        top.addWidget(QLabel("Kind of record:"))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kindCombo")
        for k in RecordKind:
            self.kind_combo.addItem(k.label, k.value)
        top.addWidget(self.kind_combo)
        top.addStretch(1)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")

        self.form_host = QScrollArea()
        self.form_host.setWidgetResizable(True)
        self.form_host.setMinimumWidth(460)
        self.panel = AnalysisPanel(
            lambda text: feedback_service.preview_analysis(ctx.db, ctx.actor, text), ctx.run)
        self.panel.set_catalogue(ref.themes)
        self.panel.setMinimumWidth(340)
        split = QSplitter()
        split.addWidget(self.form_host)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save this record (Enter, or Ctrl+Enter in the text box)")
        self.save_new_button = QPushButton("Save and new")
        self.save_new_button.setObjectName("saveNewButton")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.save_new_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(lambda: self.save(again=False))
        self.save_new_button.clicked.connect(lambda: self.save(again=True))
        self.message = QLabel()
        self.message.setObjectName("saveMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=lambda: self.save(again=False))
        self.save_new_button.setAutoDefault(False)
        self.save_button.setDefault(True)  # Enter saves (set once the dialog is its parent)

        self.form: FeedbackForm | None = None
        self.set_kind(kind, initial)
        self.kind_combo.currentIndexChanged.connect(
            lambda _i: self.set_kind(self.kind_combo.currentData(), self._carry()))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.save_button.setDefault(True)

    # ------------------------------------------------------------------ form

    def _carry(self) -> FeedbackInput | None:
        return self.form.value() if self.form is not None else None

    def set_kind(self, kind: str, initial: FeedbackInput | None = None) -> None:
        cls = FORMS[kind]
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.kind_combo.blockSignals(False)
        form = cls(self.ref)
        if initial is not None:
            form.set_value(replace(initial, kind=kind))
        self.form = form
        self.form_host.setWidget(form)
        self.heading.setText(cls.title)
        self.setWindowTitle(f"{cls.title} – voiceapp")
        form.text_changed.connect(self.panel.set_text)
        self.panel.set_text(form.text.toPlainText())
        form.focus_text()

    # ------------------------------------------------------------------ saving

    def value(self) -> FeedbackInput:
        assert self.form is not None
        return replace(self.form.value(), accepted_theme_ids=self.panel.accepted_ids(),
                       rejected_theme_ids=self.panel.rejected_ids(),
                       sentiment_override=self.panel.sentiment_override())

    def save(self, again: bool = False) -> None:
        if self._saving or self.form is None:
            return
        if not self.form.revalidate():
            first = self.form.show_all_problems()
            self.message.setText("Some details are missing or wrong: see the messages in red.")
            self.message.setStyleSheet("color: #a4161a;")
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._saving = True
        self._again = again
        self.save_button.setEnabled(False)
        self.save_new_button.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText("Saving…")
        self.ctx.run(feedback_service.create_feedback, self.ctx.db, self.ctx.actor, self.value(),
                     on_result=self._saved, on_error=self._failed)

    def _saved(self, detail: FeedbackDetail) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_new_button.setEnabled(True)
        self.last_saved = detail
        self.saved.emit(detail)
        self.ctx.data_changed.emit("feedback")
        if detail.open_safeguarding:
            self.ctx.data_changed.emit("safeguarding")
        form = self.form
        if detail.kind == RecordKind.COMPLAINT.value and form is not None and \
                getattr(form, "open_in_complaints", None) is not None and \
                form.open_in_complaints.isChecked():
            self.accept()
            self.ctx.navigate("complaints", feedback_id=detail.id)
            return
        if self._again and form is not None:
            form.reset()
            self.panel.reset()
            form.focus_text()
            note = " A manager will review the safeguarding flag." if detail.safeguarding_flag \
                else ""
            self.message.setText(f"Saved record {detail.id}.{note} Enter the next one.")
            return
        self.accept()

    def _failed(self, exc: BaseException, *_tb) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.save_new_button.setEnabled(True)
        self.message.setText("Not saved.")
        self.ctx.show_error(self, exc, "The record was not saved")
        if isinstance(exc, ValidationError) and exc.field and self.form is not None:
            w = self.form.field_widgets.get(exc.field)
            if w is not None:
                w.setFocus(Qt.FocusReason.OtherFocusReason)
