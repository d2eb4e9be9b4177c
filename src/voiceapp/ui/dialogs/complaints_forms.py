"""The Complaints page's dialogs: one small form per complaint transition, logging a complaint,
learning points, joint handling, and the compliment steps.

Every dialog works the same way: the fields are checked as far as the form can (a reason is
there, an outcome is chosen); then the service is called in the background; if a rule or a
permission says no, the plain-English message appears in the dialog, in red, and everything typed
stays put so nothing is lost. A dialog closes only when the change has been saved. Dialogs are
opened with `open()` (window-modal, not blocking), which keeps the GUI responsive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.working_days import format_date
from voiceapp.errors import ConcurrentEditError, VoiceappError
from voiceapp.services import complaints as svc
from voiceapp.services import compliments as comp

ERROR_STYLE = ("QLabel#formError { color: #a4161a; background: #fbe0e0; border: 1px solid #e3a5a5;"
               " border-radius: 4px; padding: 6px; }")
NOTE_STYLE = "color: palette(window-text); background: palette(alternate-base); padding: 6px;"


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def date_edit(value: date, name: str, *, latest: date | None = None) -> QDateEdit:
    """A date field with a calendar pop-up, in the letter format officers use."""
    edit = QDateEdit(qdate(value))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    edit.setMinimumWidth(170)
    return edit


def text_edit(name: str, placeholder: str = "", text: str = "", lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(lines * edit.fontMetrics().lineSpacing() + 12)
    return edit


def combo(name: str, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for label, value in items:
        box.addItem(label, value)
    if current is not None:
        i = box.findData(current)
        if i >= 0:
            box.setCurrentIndex(i)
    return box


def to_date(edit: QDateEdit) -> date:
    return edit.date().toPython()


def error_text(exc: BaseException) -> str:
    if isinstance(exc, VoiceappError):
        return f"{exc.message} {exc.hint}".strip()
    return ("voiceapp hit an unexpected problem and did not save this change "
            f"({type(exc).__name__}: {exc}). Try again; if it keeps happening, tell your "
            "administrator.")


class ServiceDialog(QDialog):
    """A form whose OK button runs one service call in the background.

    Subclasses add rows with `add_row`, may override `check()` (return a message when the form
    cannot be sent) and implement `call()` returning ``(function, args, kwargs)``."""

    saved = Signal(object)
    conflict = Signal(object)  # ConcurrentEditError: the page reloads and updates `version`

    def __init__(self, ctx, title: str, intro: str = "", ok_text: str = "Save",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setObjectName("complaintDialog")
        self.setMinimumWidth(520)
        self.setStyleSheet(ERROR_STYLE)
        layout = QVBoxLayout(self)
        if intro:
            self.intro = QLabel(intro)
            self.intro.setObjectName("intro")
            self.intro.setWordWrap(True)
            self.intro.setTextFormat(Qt.TextFormat.RichText)
            layout.addWidget(self.intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setObjectName("ok")
        self.ok.setText(ok_text)
        self.ok_text = ok_text
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_value: Any = None
        self.busy = False

    def add_row(self, label: str, widget: QWidget) -> QWidget:
        if isinstance(widget, QComboBox):
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.form.addRow(label, widget)
        lab = self.form.labelForField(widget)
        if isinstance(lab, QLabel):
            lab.setBuddy(widget)
        return widget

    def note(self, text: str, name: str = "note") -> QLabel:
        lab = QLabel(text)
        lab.setObjectName(name)
        lab.setWordWrap(True)
        lab.setStyleSheet(NOTE_STYLE)
        self.form.addRow(lab)
        return lab

    # -- to override ---------------------------------------------------------------------------

    def check(self) -> str | None:
        return None

    def call(self) -> tuple[Callable, tuple, dict]:
        raise NotImplementedError

    # -- running ---------------------------------------------------------------------------------

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def submit(self) -> None:
        if self.busy:
            return
        problem = self.check()
        if problem:
            self.show_problem(problem)
            return
        fn, args, kwargs = self.call()
        self.busy = True
        self.ok.setEnabled(False)
        self.ok.setText("Saving…")
        self.error.hide()
        self.ctx.run(fn, *args, on_result=self._done, on_error=self._failed, **kwargs)

    def _done(self, result: Any) -> None:
        self.busy = False
        self.result_value = result
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException, _tb: str = "") -> None:
        self.busy = False
        self.ok.setEnabled(True)
        self.ok.setText(self.ok_text)
        text = error_text(exc)
        if isinstance(exc, ConcurrentEditError):
            text += (" The complaint has been reloaded behind this window; what you typed is "
                     "still here. Check it and press the button again to apply it.")
            self.conflict.emit(exc)
        self.show_problem(text)


# =============================================================================================
# Transitions on one complaint
# =============================================================================================


class ComplaintDialog(ServiceDialog):
    """A dialog acting on one complaint at the version the user is looking at."""

    def __init__(self, ctx, detail: svc.ComplaintDetail, title: str, intro: str = "",
                 ok_text: str = "Save", parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, intro, ok_text, parent)
        self.detail = detail
        self.version = detail.version
        self.today = detail.today

    @property
    def stage(self) -> svc.StageView:
        return self.detail.current_stage

    def update_detail(self, detail: svc.ComplaintDetail) -> None:
        """The page reloaded the complaint (after a conflict): act on the new version."""
        self.detail = detail
        self.version = detail.version

    def base(self) -> tuple:
        return (self.ctx.db, self.ctx.actor, self.detail.id, self.version)


class AcknowledgeDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        stage = detail.current_stage
        due = (f"It is due by <b>{format_date(stage.acknowledge_due)}</b>."
               if stage.acknowledge_due else "This stage has no acknowledgement deadline.")
        super().__init__(ctx, detail, f"Acknowledge {detail.reference}",
                         f"Record when {stage.label} was acknowledged. {due}", "Acknowledge",
                         parent)
        self.on = self.add_row("Acknowledged on", date_edit(detail.today, "on",
                                                            latest=detail.today))

    def call(self):
        return svc.acknowledge_stage, (*self.base(), to_date(self.on)), {"today": self.today}


class ExtendDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        stage = detail.current_stage
        latest = stage.max_due
        limit = (f"The most this stage allows is {stage.max_extended_days} working days, so the "
                 f"latest date is <b>{format_date(latest)}</b>." if latest else "")
        super().__init__(ctx, detail, f"Extend {detail.reference}",
                         f"{stage.label} is due on <b>{format_date(stage.due)}</b>. {limit} "
                         "The reason is recorded and shown to the complainant and the "
                         "Ombudsman.", "Extend", parent)
        self.to = self.add_row("New response date", date_edit(latest or stage.due, "to"))
        self.reason = self.add_row("Reason", text_edit(
            "reason", "For example: awaiting health records; the family agreed in writing."))
        self.agreed = self.add_row("Agreed on", date_edit(detail.today, "agreed_on",
                                                          latest=detail.today))

    def check(self):
        if not self.reason.toPlainText().strip():
            return "Give a reason for the extension: it is recorded and shown to the Ombudsman."
        return None

    def call(self):
        return (svc.extend_stage,
                (*self.base(), to_date(self.to), self.reason.toPlainText().strip()),
                {"agreed_on": to_date(self.agreed), "today": self.today})


class PauseDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        super().__init__(ctx, detail, f"Pause {detail.reference}",
                         "The clock stops from this date until you resume it; each working day "
                         "paused moves the due date on by one.", "Pause the clock", parent)
        self.start = self.add_row("Paused from", date_edit(detail.today, "start",
                                                           latest=detail.today))
        self.reason = self.add_row("Reason", text_edit(
            "reason", "For example: waiting for the complainant to agree the statement."))

    def check(self):
        if not self.reason.toPlainText().strip():
            return "Give a reason for pausing the clock."
        return None

    def call(self):
        return (svc.pause_stage,
                (*self.base(), to_date(self.start), self.reason.toPlainText().strip()),
                {"today": self.today})


class ResumeDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        p = detail.current_stage.pauses[-1]
        super().__init__(ctx, detail, f"Resume {detail.reference}",
                         f"Paused since {format_date(p.start)}: {p.reason}", "Resume the clock",
                         parent)
        self.on = self.add_row("Resumed on", date_edit(detail.today, "on", latest=detail.today))

    def call(self):
        return svc.resume_stage, (*self.base(), to_date(self.on)), {"today": self.today}


class RespondDialog(ComplaintDialog):
    def __init__(self, ctx, detail, outcomes: tuple[tuple[str, str], ...], parent=None) -> None:
        stage = detail.current_stage
        super().__init__(ctx, detail, f"Record the response to {detail.reference}",
                         f"Response due by <b>{format_date(stage.due)}</b> ({stage.label}).",
                         "Record response", parent)
        self.on = self.add_row("Response sent on", date_edit(detail.today, "on",
                                                             latest=detail.today))
        self.outcome = self.add_row("Outcome", combo(
            "outcome", [("Choose the outcome…", None), *[(lab, v) for v, lab in outcomes]]))
        self.remedy = self.add_row("Remedy", text_edit(
            "remedy", "What was put right: apology, payment, action taken (optional)."))

    def check(self):
        if self.outcome.currentData() is None:
            return ("Choose the outcome (upheld, partially upheld, not upheld, withdrawn or not "
                    "accepted).")
        return None

    def call(self):
        return (svc.respond_to_stage,
                (*self.base(), to_date(self.on), self.outcome.currentData(), self.remedy.toPlainText().strip()),
                {"today": self.today})


class MilestoneDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        stage = detail.current_stage
        pending = [m for m in stage.milestones[:-1] if m.done is None]
        super().__init__(ctx, detail, f"Record a milestone for {detail.reference}",
                         f"{stage.label}: record when each step happened; the next step's "
                         "deadline counts from it.", "Record", parent)
        self.milestone = self.add_row("Milestone", combo(
            "milestone", [(f"{m.label} (due {format_date(m.due)})", m.key) for m in pending]))
        self.on = self.add_row("Happened on", date_edit(detail.today, "on", latest=detail.today))

    def call(self):
        return (svc.record_stage_milestone,
                (*self.base(), self.milestone.currentData(), to_date(self.on)),
                {"today": self.today})


class EscalateDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        esc = detail.escalation
        closes = (f" The escalation window closes on <b>{format_date(esc.window_closes)}</b>; a "
                  "later request can still be accepted, with the reason recorded."
                  if esc.window_closes else "")
        super().__init__(ctx, detail, f"Escalate {detail.reference}",
                         f"Open {esc.next_stage_label or 'the next stage'} at the complainant's "
                         f"request.{closes}", "Escalate", parent)
        self.requested = self.add_row("Request made on", date_edit(detail.today, "requested_on",
                                                                   latest=detail.today))
        self.starts_later = QCheckBox("The stage clock starts on a later date (for example when "
                                      "the statement of complaint is agreed)")
        self.starts_later.setObjectName("starts_later")
        self.form.addRow(self.starts_later)
        self.starts = self.add_row("Clock starts on", date_edit(detail.today, "clock_starts"))
        self.starts.setEnabled(False)
        self.starts_later.toggled.connect(self.starts.setEnabled)
        self.reason = self.add_row("Reason for a late request", text_edit(
            "reason", "Needed only after the escalation window has closed.", lines=3))
        self.investigator = self.add_row("Investigator", QLineEdit())
        self.investigator.setObjectName("investigator")
        self.investigator.setPlaceholderText("For stage 2: the independent investigator "
                                             "(optional)")

    def check(self):
        esc = self.detail.escalation
        if (esc.window_closes and to_date(self.requested) > esc.window_closes
                and not self.reason.toPlainText().strip()):
            return (f"The request came after the escalation window closed on "
                    f"{format_date(esc.window_closes)}. Record why it is being accepted.")
        return None

    def call(self):
        return (svc.escalate_complaint, (*self.base(), to_date(self.requested)),
                {"reason": self.reason.toPlainText().strip(),
                 "clock_starts": to_date(self.starts) if self.starts_later.isChecked() else None,
                 "investigator": self.investigator.text().strip(), "today": self.today})


class WithdrawDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        super().__init__(ctx, detail, f"Withdraw {detail.reference}",
                         "The complainant withdrew the complaint. An open stage closes with the "
                         "outcome withdrawn, and the complaint cannot then be escalated.",
                         "Withdraw complaint", parent)
        self.on = self.add_row("Withdrawn on", date_edit(detail.today, "on", latest=detail.today))
        self.reason = self.add_row("Reason (optional)", text_edit(
            "reason", "For example: resolved informally with the team.", lines=3))

    def call(self):
        return (svc.withdraw_complaint, (*self.base(), to_date(self.on)),
                {"reason": self.reason.toPlainText().strip(), "today": self.today})


class OmbudsmanReferralDialog(ComplaintDialog):
    def __init__(self, ctx, detail, parent=None) -> None:
        final = (detail.current_stage.responded_on is not None
                 and detail.escalation.next_stage_label is None)
        intro = ("The complainant went to the Local Government and Social Care Ombudsman."
                 + ("" if final else " The procedure has not been completed, so add a note "
                    "saying why the referral went early (the Ombudsman usually refers such "
                    "complaints back as premature)."))
        super().__init__(ctx, detail, f"Ombudsman referral for {detail.reference}", intro,
                         "Record referral", parent)
        self.final = final
        self.on = self.add_row("Referred on", date_edit(detail.today, "on", latest=detail.today))
        self.reference = self.add_row("Ombudsman reference", QLineEdit())
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText("For example 23 012 345 (optional)")
        self.premature = self.add_row("Why it went early", text_edit("premature_note", lines=3))
        self.premature.setEnabled(not final)

    def check(self):
        if not self.final and not self.premature.toPlainText().strip():
            return ("The procedure has not been completed: add a note saying why the referral "
                    "went to the Ombudsman early.")
        return None

    def call(self):
        return (svc.refer_to_ombudsman, (*self.base(), to_date(self.on)),
                {"reference": self.reference.text().strip(),
                 "premature_note": self.premature.toPlainText().strip(), "today": self.today})


class OmbudsmanDecisionDialog(ComplaintDialog):
    def __init__(self, ctx, detail, decisions: tuple[tuple[str, str], ...], parent=None) -> None:
        super().__init__(ctx, detail, f"Ombudsman decision on {detail.reference}",
                         f"Referred on {format_date(detail.ombudsman_referred_on)}."
                         if detail.ombudsman_referred_on else "", "Record decision", parent)
        self.decision = self.add_row("Decision", combo(
            "decision", [("Choose the decision…", None), *[(lab, v) for v, lab in decisions]]))
        self.on = self.add_row("Decided on", date_edit(detail.today, "on", latest=detail.today))
        self.remedy = self.add_row("Remedy asked for", text_edit(
            "remedy", "For example: apology, £300 for distress, review of procedure.", lines=3))

    def check(self):
        if self.decision.currentData() is None:
            return "Choose the Ombudsman's decision."
        return None

    def call(self):
        return (svc.record_ombudsman_decision,
                (*self.base(), self.decision.currentData(), to_date(self.on)),
                {"remedy": self.remedy.toPlainText().strip(), "today": self.today})


class HandlingDialog(ComplaintDialog):
    def __init__(self, ctx, detail, options: svc.FormOptions, parent=None) -> None:
        super().__init__(ctx, detail, f"Handling of {detail.reference}",
                         "Who handles the complaint, joint handling with a school or a health "
                         "service, and whether an advocate is involved.", "Save", parent)
        self.handler = self.add_row("Handler", combo(
            "handler", [("Not assigned", None), *[(o.label, o.id) for o in options.handlers]],
            detail.handler_id))
        self.joint_school = QCheckBox("Also concerns a school (joint handling)")
        self.joint_school.setObjectName("joint_school")
        self.joint_school.setChecked(detail.joint_school)
        self.joint_health = QCheckBox("Also concerns a health service (joint handling)")
        self.joint_health.setObjectName("joint_health")
        self.joint_health.setChecked(detail.joint_health)
        self.form.addRow("Joint handling", self.joint_school)
        self.form.addRow("", self.joint_health)
        self.notes = self.add_row("Joint handling notes", text_edit(
            "joint_notes", "Who leads, who else responds, agreed timescales.",
            detail.joint_notes, lines=3))
        self.advocate = QCheckBox("An advocate is involved")
        self.advocate.setObjectName("advocate")
        self.advocate.setChecked(detail.advocate_involved)
        self.form.addRow("Advocate", self.advocate)
        self.investigator = self.add_row("Investigator", QLineEdit(
            detail.current_stage.investigator or ""))
        self.investigator.setObjectName("investigator")

    def call(self):
        return (svc.update_handling, self.base(),
                {"handler_id": self.handler.currentData(),
                 "joint_school": self.joint_school.isChecked(),
                 "joint_health": self.joint_health.isChecked(),
                 "joint_notes": self.notes.toPlainText(),
                 "advocate_involved": self.advocate.isChecked(),
                 "investigator": self.investigator.text(), "today": self.today})


class LearningPointDialog(ComplaintDialog):
    """Add a learning point, or edit one (``point`` given)."""

    def __init__(self, ctx, detail, point: svc.LearningPointView | None = None,
                 parent=None) -> None:
        super().__init__(ctx, detail, ("Edit learning point" if point else "Add a learning point")
                         + f" – {detail.reference}",
                         "What the service will do differently because of this complaint. Each "
                         "learning point can become a You Said, We Did action.",
                         "Save", parent)
        self.point = point
        stages = [("The complaint as a whole", None)] + [(s.label, s.number)
                                                        for s in detail.stages]
        self.stage_box = self.add_row("Learned at", combo(
            "stage", stages, point.stage_number if point else detail.current_stage.number))
        self.stage_box.setEnabled(point is None)
        self.text = self.add_row("Learning point", text_edit(
            "text", "For example: return calls within two working days.",
            point.text if point else ""))

    def check(self):
        if not self.text.toPlainText().strip():
            return "Write the learning point."
        return None

    def call(self):
        body = self.text.toPlainText().strip()
        if self.point is None:
            return (svc.add_learning_point,
                    (self.ctx.db, self.ctx.actor, self.detail.id, body),
                    {"stage_number": self.stage_box.currentData(), "today": self.today})
        return (svc.edit_learning_point, (self.ctx.db, self.ctx.actor, self.point.id, body),
                {"expected_text": self.point.text, "today": self.today})


# =============================================================================================
# Logging a complaint
# =============================================================================================


class LogComplaintDialog(ServiceDialog):
    """Log a complaint directly (the feedback record is created with it) or from an existing
    feedback record (``summary`` given)."""

    def __init__(self, ctx, options: svc.FormOptions, today: date,
                 summary: svc.FeedbackSummary | None = None, parent=None) -> None:
        intro = ("A complaint starts a working-day clock on the day it is received (day 1 is the "
                 "next working day).")
        super().__init__(ctx, "Log a complaint" if summary is None
                         else f"Log feedback record {summary.id} as a complaint",
                         intro, "Log complaint", parent)
        self.options = options
        self.summary = summary
        self.today = today
        self.setMinimumWidth(640)
        if summary is not None:
            text = " ".join(summary.text.split())
            shown = text if len(text) < 600 else text[:600] + "…"
            lab = self.note(f"<b>{summary.kind_label}</b> received "
                            f"{format_date(summary.received_on)}"
                            f"{' · ' + summary.service_area if summary.service_area else ''}"
                            f"<br>{_html(shown)}", "feedbackText")
            lab.setTextFormat(Qt.TextFormat.RichText)
            if summary.kind != "complaint":
                self.note(f"Its kind will change from {summary.kind_label.lower()} to "
                          "complaint.", "kindNote")
            self.text = None
        else:
            self.text = self.add_row("What they said", text_edit(
                "text", "The complaint in the complainant's words (or a summary).", lines=5))
        received = summary.received_on if summary else today
        self.received = self.add_row("Received on", date_edit(received, "received_on",
                                                              latest=today))
        if summary is None:
            self.channel = self.add_row("Channel", self._ref_combo("channel", options.channels))
            self.role = self.add_row("Who complained", self._ref_combo(
                "respondent_role", options.respondent_roles))
            self.area = self.add_row("Service area", self._ref_combo(
                "service_area", options.service_areas))
            self.team = self.add_row("Team", self._ref_combo("team", options.teams))
            self.district = self.add_row("District", self._ref_combo("district",
                                                                     options.districts))
            self.anonymous = QCheckBox("Anonymous (no name or contact details kept)")
            self.anonymous.setObjectName("anonymous")
            self.form.addRow("", self.anonymous)
            self.name = self.add_row("Name", QLineEdit())
            self.name.setObjectName("respondent_name")
            self.contact = self.add_row("Contact details", QLineEdit())
            self.contact.setObjectName("respondent_contact")
            self.consent_contact = QCheckBox("Agreed to be contacted about this")
            self.consent_contact.setObjectName("consent_contact")
            self.consent_quote = QCheckBox("Agreed that their words may be quoted (anonymised)")
            self.consent_quote.setObjectName("consent_quote")
            self.form.addRow("Consent", self.consent_contact)
            self.form.addRow("", self.consent_quote)
            self.anonymous.toggled.connect(self._anonymous)
            self.area.currentIndexChanged.connect(self._suggest_procedure)
        self.procedure = self.add_row("Procedure", combo(
            "procedure", [(o.label, o.code) for o in options.procedures],
            summary.suggested_procedure if summary else "corporate_send"))
        self.start_stage = QSpinBox()
        self.start_stage.setObjectName("start_stage")
        self.start_stage.setRange(1, 3)
        self.start_stage.setToolTip("Start at a later stage only when importing a complaint "
                                    "already in progress.")
        self.add_row("Start at stage", self.start_stage)
        self.handler = self.add_row("Handler", combo(
            "handler", [("Not assigned", None), *[(o.label, o.id) for o in options.handlers]],
            ctx.actor.user_id))
        self.joint_school = QCheckBox("Also concerns a school")
        self.joint_school.setObjectName("joint_school")
        self.joint_health = QCheckBox("Also concerns a health service")
        self.joint_health.setObjectName("joint_health")
        self.advocate = QCheckBox("An advocate is involved")
        self.advocate.setObjectName("advocate")
        self.form.addRow("Joint handling", self.joint_school)
        self.form.addRow("", self.joint_health)
        self.form.addRow("Advocate", self.advocate)
        if self.text is not None:
            self.text.setFocus()

    def _ref_combo(self, name: str, items) -> QComboBox:
        return combo(name, [("Not recorded", None), *[(o.label, o.id) for o in items]])

    def _anonymous(self, on: bool) -> None:
        for w in (self.name, self.contact, self.consent_contact):
            w.setEnabled(not on)

    def _suggest_procedure(self) -> None:
        area = self.area.currentData()
        code = "statutory_csc" if area in self.options.social_care_area_ids else "corporate_send"
        i = self.procedure.findData(code)
        if i >= 0:
            self.procedure.setCurrentIndex(i)

    def check(self):
        if self.text is not None and not self.text.toPlainText().strip():
            return "Write what the complainant said (or a summary)."
        if self.procedure.currentData() is None:
            return "Choose the complaints procedure."
        return None

    def call(self):
        common = dict(handler_id=self.handler.currentData(),
                      start_stage=self.start_stage.value(),
                      joint_school=self.joint_school.isChecked(),
                      joint_health=self.joint_health.isChecked(),
                      advocate_involved=self.advocate.isChecked())
        if self.summary is not None:
            return (svc.log_complaint_from_feedback,
                    (self.ctx.db, self.ctx.actor, self.summary.id),
                    dict(procedure_code=self.procedure.currentData(),
                         received_on=to_date(self.received),
                         expected_feedback_version=self.summary.version, today=self.today,
                         **common))
        anonymous = self.anonymous.isChecked()
        new = svc.NewComplaint(
            text=self.text.toPlainText().strip(), received_on=to_date(self.received),
            procedure_code=self.procedure.currentData(),
            service_area_id=self.area.currentData(), channel_id=self.channel.currentData(),
            respondent_role_id=self.role.currentData(), team_id=self.team.currentData(),
            district_id=self.district.currentData(), anonymous=anonymous,
            respondent_name="" if anonymous else self.name.text(),
            respondent_contact="" if anonymous else self.contact.text(),
            consent_quote=self.consent_quote.isChecked(),
            consent_contact=self.consent_contact.isChecked() and not anonymous, **common)
        return svc.log_complaint, (self.ctx.db, self.ctx.actor, new), {"today": self.today}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# =============================================================================================
# Compliments
# =============================================================================================


class ThanksDialog(ServiceDialog):
    def __init__(self, ctx, row: comp.ComplimentRow, options: svc.FormOptions, today: date,
                 parent=None) -> None:
        who = ", ".join(x for x in (row.praised_person, row.team) if x) or "the staff praised"
        super().__init__(ctx, "Thanks passed on",
                         f"Record that the thanks in compliment {row.feedback_id} were passed on "
                         f"to {_html(who)}.", "Record", parent)
        self.row = row
        self.today = today
        self.on = self.add_row("Passed on", date_edit(today, "on", latest=today))
        self.by = self.add_row("By", combo(
            "by", [(o.label, o.id) for o in options.handlers], ctx.actor.user_id))

    def call(self):
        return (comp.pass_on_thanks, (self.ctx.db, self.ctx.actor, self.row.feedback_id,
                                      to_date(self.on)),
                {"passed_by_id": self.by.currentData(), "today": self.today})


class PraiseDialog(ServiceDialog):
    def __init__(self, ctx, row: comp.ComplimentRow, options: svc.FormOptions,
                 parent=None) -> None:
        super().__init__(ctx, "Who was praised",
                         f"Compliment {row.feedback_id}: {_html(row.summary[:200])}", "Save",
                         parent)
        self.row = row
        self.person = self.add_row("Person praised", QLineEdit(row.praised_person or ""))
        self.person.setObjectName("praised_person")
        self.team = self.add_row("Team praised", combo(
            "team", [("Not recorded", None), *[(o.label, o.id) for o in options.teams]],
            row.team_id))

    def call(self):
        return (comp.record_praise, (self.ctx.db, self.ctx.actor, self.row.feedback_id),
                {"praised_person": self.person.text(), "praised_team_id": self.team.currentData()})


class LogComplimentDialog(ServiceDialog):
    def __init__(self, ctx, options: svc.FormOptions, today: date, parent=None) -> None:
        super().__init__(ctx, "Log a compliment", "Record the compliment and who it praised, so "
                         "the thanks can be passed on.", "Log compliment", parent)
        self.today = today
        self.text = self.add_row("What they said", text_edit("text", lines=5))
        self.received = self.add_row("Received on", date_edit(today, "received_on",
                                                              latest=today))
        self.area = self.add_row("Service area", combo(
            "service_area", [("Not recorded", None),
                             *[(o.label, o.id) for o in options.service_areas]]))
        self.team = self.add_row("Team praised", combo(
            "team", [("Not recorded", None), *[(o.label, o.id) for o in options.teams]]))
        self.person = self.add_row("Person praised", QLineEdit())
        self.person.setObjectName("praised_person")
        self.role = self.add_row("Who said it", combo(
            "respondent_role", [("Not recorded", None),
                                *[(o.label, o.id) for o in options.respondent_roles]]))
        self.consent_quote = QCheckBox("Agreed that their words may be quoted (anonymised)")
        self.consent_quote.setObjectName("consent_quote")
        self.form.addRow("Consent", self.consent_quote)

    def check(self):
        if not self.text.toPlainText().strip():
            return "Write what was said."
        return None

    def call(self):
        new = comp.NewCompliment(
            text=self.text.toPlainText().strip(), received_on=to_date(self.received),
            service_area_id=self.area.currentData(), team_id=self.team.currentData(),
            praised_person=self.person.text(), respondent_role_id=self.role.currentData(),
            consent_quote=self.consent_quote.isChecked())
        return comp.log_compliment, (self.ctx.db, self.ctx.actor, new), {"today": self.today}


__all__ = [
    "AcknowledgeDialog", "EscalateDialog", "ExtendDialog", "HandlingDialog",
    "LearningPointDialog", "LogComplaintDialog", "LogComplimentDialog", "MilestoneDialog",
    "OmbudsmanDecisionDialog", "OmbudsmanReferralDialog", "PauseDialog", "PraiseDialog",
    "RespondDialog", "ResumeDialog", "ServiceDialog", "ThanksDialog", "WithdrawDialog",
]
