"""The detail pane beside the browse table: the full record (editable in place with the same
form used to capture it), its themes and sentiment, safeguarding handling, linked You Said, We
Did actions and its history from the audit trail.

Saving uses optimistic locking: if someone else saved first, a dialog shows both versions and
the user chooses what to keep; nothing is lost.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from voiceapp.errors import ConcurrentEditError
from voiceapp.services import feedback as feedback_service
from voiceapp.services.feedback import FeedbackDetail, FeedbackInput, ReferenceData
from voiceapp.services.permissions import Permission, allowed

from ..context import UiContext
from ..dialogs.feedback_conflict import ConflictDialog
from ..forms import FORMS, FeedbackForm
from ..models.feedback_table import kind_label

STATUS_MARK = {"confirmed": "✓ confirmed", "suggested": "? suggested", "rejected": "✗ rejected"}
DECISIONS = {"referred_front_door": "Referred to the front door / MASH",
             "already_known": "Already known to the service", "no_action": "No action needed"}


class FeedbackDetailPane(QWidget):
    saved = Signal(object)  # FeedbackDetail after an edit

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.ctx = ctx
        self.ref: ReferenceData | None = None
        self.detail: FeedbackDetail | None = None
        self.form: FeedbackForm | None = None
        self._request = 0
        self._dirty = False

        self.stack = QStackedWidget()
        empty = QLabel("Select a record to see it in full, edit it, and see its history.")
        empty.setObjectName("detailEmpty")
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setStyleSheet("color: #666; font-size: 11pt; padding: 24px;")
        self.stack.addWidget(empty)

        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.flag = QLabel()
        self.flag.setObjectName("detailFlag")
        self.flag.setWordWrap(True)
        lay.addWidget(self.flag)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)

        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        record = QWidget()
        rlay = QVBoxLayout(record)
        rlay.setContentsMargins(0, 0, 0, 0)
        rlay.addWidget(self.form_scroll, 1)
        self.edit_note = QLabel()
        self.edit_note.setWordWrap(True)
        self.edit_note.setStyleSheet("color: #555;")
        rlay.addWidget(self.edit_note)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save changes")
        self.save_button.setObjectName("detailSave")
        self.discard_button = QPushButton("Discard changes")
        self.discard_button.setObjectName("detailDiscard")
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self._discard)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.save_button)
        rlay.addLayout(buttons)
        self.tabs.addTab(record, "Record")

        self.analysis = QLabel()
        self.analysis.setObjectName("detailAnalysis")
        self.analysis.setWordWrap(True)
        self.analysis.setTextFormat(Qt.TextFormat.RichText)
        self.analysis.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.analysis)
        self.tabs.addTab(scroll, "Themes and sentiment")

        self.actions_tree = QTreeWidget()
        self.actions_tree.setObjectName("detailActions")
        self.actions_tree.setHeaderLabels(["Action", "What was said", "Status"])
        self.actions_tree.setRootIsDecorated(False)
        self.tabs.addTab(self.actions_tree, "Actions")

        self.history = QTreeWidget()
        self.history.setObjectName("detailHistory")
        self.history.setHeaderLabels(["When", "Who", "What"])
        self.history.setRootIsDecorated(False)
        self.history.setColumnWidth(0, 130)
        self.history.setColumnWidth(1, 90)
        self.tabs.addTab(self.history, "History")
        self.stack.addWidget(body)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._set_dirty(False)

    # ------------------------------------------------------------------ loading

    def set_reference(self, ref: ReferenceData) -> None:
        self.ref = ref

    def clear(self) -> None:
        self._request += 1
        self.detail = None
        self.stack.setCurrentIndex(0)

    def show_record(self, feedback_id: int) -> None:
        if self.detail is not None and self.detail.id == feedback_id and not self._dirty:
            return
        self._request += 1
        request = self._request
        self.ctx.run(feedback_service.get_feedback, self.ctx.db, self.ctx.actor, feedback_id,
                     on_result=lambda d: self._loaded(request, d),
                     on_error=lambda exc, *_: self._load_failed(request, exc))

    def _load_failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.ctx.show_error(self, exc, "The record could not be shown")

    def _loaded(self, request: int, detail: FeedbackDetail) -> None:
        if request != self._request or self.ref is None:
            return
        self.set_detail(detail)

    def set_detail(self, d: FeedbackDetail) -> None:
        self.detail = d
        self.stack.setCurrentIndex(1)
        self.title.setText(f"{kind_label(d.kind)} {d.id} · received {d.received_on:%d %b %Y}")
        open_flag = d.open_safeguarding
        if open_flag:
            self.flag.setText("⚠ Safeguarding flag waiting for a manager's decision: "
                              + "; ".join(r for s in d.safeguarding if s.decision is None
                                          for r in s.reasons))
            self.flag.setStyleSheet("background: #a4161a; color: white; padding: 6px; "
                                    "font-weight: 600; border-radius: 4px;")
            self.flag.show()
        elif d.safeguarding:
            last = d.safeguarding[-1]
            self.flag.setText(f"Safeguarding flag decided: {DECISIONS.get(last.decision or '')}"
                              f" by {last.decided_by or 'a manager'}"
                              + (f" ({last.referral_reference})" if last.referral_reference
                                 else ""))
            self.flag.setStyleSheet("background: #eee; padding: 6px; border-radius: 4px;")
            self.flag.show()
        else:
            self.flag.hide()
        assert self.ref is not None
        form = FORMS[d.kind](self.ref, editing=True)
        form.set_value(d.as_input())
        if hasattr(form, "open_in_complaints"):
            form.open_in_complaints.hide()
        form.changed.connect(lambda: self._set_dirty(True))
        self.form = form
        self.form_scroll.setWidget(form)
        can_edit = allowed(self.ctx.actor, Permission.EDIT_ANY_RECORD) or (
            allowed(self.ctx.actor, Permission.CAPTURE) and d.created_by == self.ctx.actor.username)
        form.setEnabled(can_edit)
        who = d.created_by or "an import"
        note = f"Entered by {who} on {d.created_at:%d %b %Y %H:%M}"
        if d.updated_by and d.updated_at != d.created_at:
            note += f"; last changed by {d.updated_by} on {d.updated_at:%d %b %Y %H:%M}"
        if not can_edit:
            note += ". Only the person who entered it or a manager can change it."
        self.edit_note.setText(note + ".")
        self._set_dirty(False)
        self._fill_analysis(d)
        self._fill_actions(d)
        self._fill_history(d)

    def _fill_analysis(self, d: FeedbackDetail) -> None:
        parts = []
        label = (d.effective_sentiment or "not analysed").capitalize()
        if d.sentiment_override:
            who = d.sentiment_override_by or "an officer"
            parts.append(f"<p><b>Sentiment:</b> {label} (set by {who}; the analyser said "
                         f"{d.sentiment_label})</p>")
        else:
            score = f" ({d.sentiment_score:+.2f})" if d.sentiment_score is not None else ""
            parts.append(f"<p><b>Sentiment:</b> {label}{score}</p>")
        if d.sentiment_drivers:
            drivers = ", ".join(f"“{_esc(x.text)}” ({x.weight:+.1f})" for x in d.sentiment_drivers)
            parts.append(f"<p>Driven by: {drivers}</p>")
        parts.append("<p><b>Themes</b></p>")
        if d.themes:
            items = []
            for t in d.themes:
                ev = ", ".join(f"“{_esc(e)}”" for e in t.evidence[:3])
                retired = " (retired code)" if t.retired else ""
                items.append(f"<li>{_esc(t.name)}{retired} – {STATUS_MARK.get(t.status, t.status)}"
                             + (f"<br/><span style='color:#666'>matched {ev}</span>" if ev else "")
                             + "</li>")
            parts.append("<ul>" + "".join(items) + "</ul>")
        else:
            parts.append("<p style='color:#666'>No themes.</p>")
        if d.needs_review:
            parts.append("<p style='color:#8a5a00'>Waiting in the review queue.</p>")
        self.analysis.setText("".join(parts))

    def _fill_actions(self, d: FeedbackDetail) -> None:
        self.actions_tree.clear()
        for a in d.actions:
            QTreeWidgetItem(self.actions_tree, [a.reference, a.summary, a.status])
        if not d.actions:
            item = QTreeWidgetItem(self.actions_tree, ["", "Not linked to any You Said, We Did "
                                                       "action yet (select it in the table and "
                                                       "use Selected > Link to action).", ""])
            item.setDisabled(True)

    def _fill_history(self, d: FeedbackDetail) -> None:
        self.history.clear()
        for h in reversed(d.history):
            QTreeWidgetItem(self.history, [h.at.strftime("%d %b %Y %H:%M"), h.username, h.summary])

    # ------------------------------------------------------------------ editing

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _discard(self) -> None:
        if self.detail is not None:
            self.set_detail(self.detail)

    def edited_input(self) -> FeedbackInput:
        assert self.form is not None and self.detail is not None
        return replace(self.form.value(), sentiment_override=self.detail.sentiment_override)

    def save(self) -> None:
        if self.detail is None or self.form is None:
            return
        if not self.form.revalidate():
            first = self.form.show_all_problems()
            if first is not None:
                first.setFocus()
            return
        self._submit(self.detail.version, self.edited_input())

    def _submit(self, version: int, inp: FeedbackInput) -> None:
        assert self.detail is not None
        self.save_button.setEnabled(False)
        self.ctx.run(feedback_service.update_feedback, self.ctx.db, self.ctx.actor,
                     self.detail.id, version, inp, on_result=self._saved,
                     on_error=self._save_failed)

    def _saved(self, d: FeedbackDetail) -> None:
        self.set_detail(d)
        self.saved.emit(d)
        self.ctx.data_changed.emit("feedback")

    def _save_failed(self, exc: BaseException, *_tb) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConcurrentEditError) and exc.theirs is not None:
            self.resolve_conflict(exc)
            return
        self.ctx.show_error(self, exc, "Your changes were not saved")

    def resolve_conflict(self, exc: ConcurrentEditError) -> ConflictDialog:
        """Show both versions; saving the chosen one goes against their version."""
        dialog = ConflictDialog(exc.theirs, exc.yours, self.ref, self)
        self.last_conflict = dialog
        dialog.finished.connect(lambda code: self._conflict_done(dialog, code))
        dialog.open()
        return dialog

    def _conflict_done(self, dialog: ConflictDialog, code: int) -> None:
        if code == QDialog.DialogCode.Accepted:
            self.detail = dialog.theirs_detail
            self._submit(dialog.base_version, dialog.result_input())


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
