"""Event mode: comment after comment at a busy event.

- Pick the event once (or record a new one), then each comment is: type what they said, tap who
  said it (and their age band and a five-face rating for children and young people), answer
  "may we quote you?", and press Ctrl+Enter: it is saved and the screen is clear for the next
  person. Large, touch-friendly controls.
- Drafts are saved continuously (after each pause in typing, ~300 ms) to a file in the user's
  data directory and restored on the next start, so a crash or power cut loses nothing.
- An idle reset clears the screen after a configurable time, so the next person never sees the
  previous person's words; anything unsaved is set aside (not shown) and can be brought back.
- Comments taken here are anonymous: no names or contact details are asked for.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import AgeBand, RecordKind
from voiceapp.services import feedback as feedback_service
from voiceapp.services.drafts import DraftStore
from voiceapp.services.feedback import EventOption, FeedbackInput, ReferenceData

from .context import UiContext
from .forms.base import AGE_LABELS, CYP_ROLE_CODES
from .settings_store import MIN_IDLE_RESET_SECONDS, Preferences
from .widgets.analysis_panel import SafeguardingBanner
from .widgets.choice import YesNoChoice
from .widgets.face_rating import FaceRating

DRAFT_KEY = "event-mode"
PARKED_KEY = "event-mode-parked"
AUTOSAVE_MS = 300
SAFEGUARD_MS = 500
# The roles shown as big buttons, in this order (the commonest at events).
EVENT_ROLES = ("parent_carer", "child_young_person", "care_leaver", "foster_carer",
               "family_member", "school_setting", "other_professional", "member_of_public")
EVENT_KINDS = (RecordKind.COMMENT, RecordKind.SUGGESTION, RecordKind.QUESTION,
               RecordKind.COMPLIMENT)
BIG = "font-size: 15pt;"
TOGGLE_STYLE = ("QPushButton { font-size: 13pt; padding: 10px 14px; min-height: 34px; "
                "border: 1px solid #8a8a8a; border-radius: 8px; background: #f7f7f7; }"
                "QPushButton:checked { background: #1f3b73; color: white; "
                "border: 2px solid #1f3b73; }")


class ToggleRow(QWidget):
    """A row (or grid) of big exclusive toggle buttons; value() is the chosen data or None."""

    changed = Signal(object)

    def __init__(self, options, columns: int = 4, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(8)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: list[tuple[object, QPushButton]] = []
        for i, (value, label) in enumerate(options):
            b = QPushButton(label)
            b.setCheckable(True)
            b.setStyleSheet(TOGGLE_STYLE)
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.group.addButton(b, i)
            self.buttons.append((value, b))
            grid.addWidget(b, i // columns, i % columns)
        self.group.idClicked.connect(self._clicked)
        self._value = None

    def _clicked(self, i: int) -> None:
        value = self.buttons[i][0]
        self.set_value(None if value == self._value else value)

    def value(self):
        return self._value

    def set_value(self, value) -> None:
        changed = value != self._value
        self._value = value
        for v, b in self.buttons:
            b.setChecked(v == value and value is not None)
        if changed:
            self.changed.emit(value)

    def button_for(self, value) -> QPushButton | None:
        return next((b for v, b in self.buttons if v == value), None)


class EventModeWindow(QWidget):
    ready = Signal()  # lists loaded (and any draft restored)
    closed = Signal()
    saved = Signal(object)  # FeedbackDetail
    idle_reset = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None,
                 drafts: DraftStore | None = None, idle_seconds: int | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("eventMode")
        self.setWindowTitle("voiceapp – Event mode")
        self.resize(1100, 800)
        self.ctx = ctx
        self.prefs = Preferences()
        self.drafts = drafts or DraftStore(str(ctx.db.url))
        self.idle_seconds = idle_seconds or self.prefs.idle_reset_seconds
        self._idle = QTimer(self)
        self.ref: ReferenceData | None = None
        self.event: EventOption | None = None
        self.count = 0
        self.restored = False
        self._saving = False
        self._restoring = False
        self._safeguard_seq = 0

        self.stack = QStackedWidget()
        # The picker scrolls if the window is smaller than it (a small laptop at 150%); the
        # entry screen scrolls its questions itself.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self._build_picker())
        self.stack.addWidget(scroll)
        self.stack.addWidget(self._build_entry())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._idle.setSingleShot(True)
        self._idle.setInterval(self.idle_seconds * 1000)
        self._idle.timeout.connect(self.reset_for_next_person)
        self._safeguard_timer = QTimer(self)
        self._safeguard_timer.setSingleShot(True)
        self._safeguard_timer.setInterval(SAFEGUARD_MS)
        self._safeguard_timer.timeout.connect(self._check_safeguarding)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.save_entry)
        QShortcut(QKeySequence("Escape"), self, activated=self._escape)
        QShortcut(QKeySequence("F11"), self, activated=self._toggle_fullscreen)
        self._load()

    # ------------------------------------------------------------------ building

    def _build_picker(self) -> QWidget:
        page = QWidget()
        page.setObjectName("eventPicker")
        lay = QVBoxLayout(page)
        lay.setContentsMargins(60, 40, 60, 40)
        title = QLabel("Event mode")
        title.setStyleSheet("font-size: 24pt; font-weight: 700;")
        lay.addWidget(title)
        intro = QLabel("Choose the event once; then record comment after comment, pressing "
                       "Ctrl+Enter after each. Comments here are anonymous.")
        intro.setWordWrap(True)
        intro.setStyleSheet(BIG)
        lay.addWidget(intro)
        lay.addSpacing(16)
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("eventCombo")
        self.event_combo.setStyleSheet(BIG + " padding: 6px;")
        self.event_combo.setMinimumContentsLength(40)
        lab = QLabel("Which event are you at?")
        lab.setStyleSheet(BIG + " font-weight: 600;")
        lay.addWidget(lab)
        lay.addWidget(self.event_combo)
        self.start_button = QPushButton("Start taking comments")
        self.start_button.setObjectName("startEvent")
        self.start_button.setStyleSheet("font-size: 16pt; padding: 12px;")
        self.start_button.clicked.connect(self._start_chosen)
        lay.addWidget(self.start_button)
        lay.addSpacing(24)
        new = QLabel("Or record a new event:")
        new.setStyleSheet(BIG + " font-weight: 600;")
        lay.addWidget(new)
        form = QFormLayout()
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newEventName")
        self.new_name.setPlaceholderText("e.g. Parent carer coffee morning")
        self.new_date = QDateEdit()
        self.new_date.setObjectName("newEventDate")
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("dd MMM yyyy")
        today = date.today()
        self.new_date.setDate(QDate(today.year, today.month, today.day))
        self.new_date.setMaximumDate(QDate(today.year, today.month, today.day))
        self.new_venue = QLineEdit()
        self.new_venue.setObjectName("newEventVenue")
        self.new_district = QComboBox()
        self.new_district.setObjectName("newEventDistrict")
        for w in (self.new_name, self.new_date, self.new_venue, self.new_district):
            w.setStyleSheet(BIG)
        form.addRow("Name", self.new_name)
        form.addRow("Date", self.new_date)
        form.addRow("Venue", self.new_venue)
        form.addRow("District", self.new_district)
        lay.addLayout(form)
        self.create_button = QPushButton("Record this event and start")
        self.create_button.setObjectName("createEvent")
        self.create_button.setStyleSheet(BIG + " padding: 8px;")
        self.create_button.clicked.connect(self._create_event)
        lay.addWidget(self.create_button)
        lay.addSpacing(24)
        idle = QHBoxLayout()
        idle_label = QLabel("Clear the screen after this long without use:")
        idle_label.setStyleSheet(BIG)
        self.idle_spin = QSpinBox()
        self.idle_spin.setObjectName("idleSeconds")
        self.idle_spin.setRange(MIN_IDLE_RESET_SECONDS, 3600)
        self.idle_spin.setSingleStep(15)
        self.idle_spin.setSuffix(" seconds")
        self.idle_spin.setStyleSheet(BIG)
        self.idle_spin.setValue(max(MIN_IDLE_RESET_SECONDS, self.idle_seconds))
        self.idle_spin.valueChanged.connect(self._idle_changed)
        idle.addWidget(idle_label)
        idle.addWidget(self.idle_spin)
        idle.addStretch(1)
        lay.addLayout(idle)
        lay.addStretch(1)
        return page

    def _idle_changed(self, seconds: int) -> None:
        self.idle_seconds = seconds
        self.prefs.idle_reset_seconds = seconds
        self._idle.setInterval(seconds * 1000)

    def _build_entry(self) -> QWidget:
        page = QWidget()
        page.setObjectName("eventEntry")
        lay = QVBoxLayout(page)
        lay.setContentsMargins(24, 12, 24, 12)
        head = QHBoxLayout()
        self.event_title = QLabel()
        self.event_title.setObjectName("eventTitle")
        self.event_title.setStyleSheet("font-size: 16pt; font-weight: 700;")
        self.event_title.setWordWrap(True)
        self.counter = QLabel()
        self.counter.setObjectName("entryCounter")
        self.counter.setStyleSheet("font-size: 16pt; font-weight: 700; color: #1f3b73; "
                                   "background: #e8eef9; padding: 6px 14px; border-radius: 8px;")
        change = QPushButton("Change event")
        change.setObjectName("changeEvent")
        change.setStyleSheet(BIG + " padding: 8px 14px;")
        change.clicked.connect(self._change_event)
        head.addWidget(self.event_title, 1)
        head.addWidget(self.counter)
        head.addWidget(change)
        lay.addLayout(head)

        self.notice = QLabel()
        self.notice.setObjectName("eventNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("font-size: 13pt; color: #1b6e2d;")
        lay.addWidget(self.notice)
        self.banner = SafeguardingBanner()
        lay.addWidget(self.banner)
        # The questions scroll on a small screen; the header and the Save button never do.
        outer = lay
        content = QWidget()
        lay = QVBoxLayout(content)
        lay.setContentsMargins(0, 0, 8, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        self.kind = ToggleRow([(k.value, k.label) for k in EVENT_KINDS], columns=4)
        self.kind.setObjectName("eventKind")
        self.kind.set_value(RecordKind.COMMENT.value)
        lay.addWidget(self.kind)
        q = QLabel("What did they say?")
        q.setStyleSheet(BIG + " font-weight: 600;")
        lay.addWidget(q)
        self.text = QPlainTextEdit()
        self.text.setObjectName("eventText")
        self.text.setStyleSheet("font-size: 17pt;")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Type their words here. Ctrl+Enter saves and clears "
                                     "the screen for the next person.")
        self.text.setMinimumHeight(110)
        lay.addWidget(self.text, 1)

        who = QLabel("Who is speaking?")
        who.setStyleSheet(BIG + " font-weight: 600;")
        lay.addWidget(who)
        self.role = ToggleRow([], columns=4)
        self.role_host = QVBoxLayout()
        self.role_host.addWidget(self.role)
        lay.addLayout(self.role_host)

        self.age_label = QLabel("How old are they?")
        self.age_label.setStyleSheet(BIG)
        lay.addWidget(self.age_label)
        self.age = ToggleRow([(a.value, AGE_LABELS[a]) for a in AgeBand], columns=5)
        self.age.setObjectName("eventAge")
        lay.addWidget(self.age)
        self.face_label = QLabel("How do they feel about it? (optional)")
        self.face_label.setStyleSheet(BIG)
        lay.addWidget(self.face_label)
        self.faces = FaceRating(size=78)
        lay.addWidget(self.faces)

        consent_row = QHBoxLayout()
        cq = QLabel("May we quote them (without their name)?")
        cq.setStyleSheet(BIG + " font-weight: 600;")
        self.consent = YesNoChoice("Yes", "No", large=True)
        self.consent.setObjectName("eventConsent")
        consent_row.addWidget(cq)
        consent_row.addWidget(self.consent, 1)
        lay.addLayout(consent_row)

        lay = outer
        self.problem = QLabel()
        self.problem.setObjectName("eventProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("font-size: 13pt; color: #a4161a; font-weight: 600;")
        lay.addWidget(self.problem)
        bottom = QHBoxLayout()
        self.parked_button = QPushButton()
        self.parked_button.setObjectName("parkedButton")
        self.parked_button.clicked.connect(self.restore_parked)
        self.parked_button.hide()
        self.clear_button = QPushButton("Clear screen")
        self.clear_button.setObjectName("clearScreen")
        self.clear_button.setStyleSheet(BIG + " padding: 10px;")
        self.clear_button.clicked.connect(self._clear_clicked)
        self.save_button = QPushButton("Save and next   (Ctrl+Enter)")
        self.save_button.setObjectName("saveNext")
        self.save_button.setStyleSheet("font-size: 17pt; font-weight: 700; padding: 14px 28px; "
                                       "background: #1f3b73; color: white; border-radius: 8px;")
        self.save_button.clicked.connect(self.save_entry)
        bottom.addWidget(self.parked_button)
        bottom.addStretch(1)
        bottom.addWidget(self.clear_button)
        bottom.addWidget(self.save_button)
        lay.addLayout(bottom)

        self.text.textChanged.connect(self._content_changed)
        self.kind.changed.connect(lambda _v: self._content_changed())
        self.age.changed.connect(lambda _v: self._content_changed())
        self.faces.changed.connect(lambda _v: self._content_changed())
        self.consent.changed.connect(lambda _v: self._content_changed())
        self._show_cyp(False)
        return page

    def _set_roles(self) -> None:
        assert self.ref is not None
        by_code = {o.code: o for o in self.ref.respondent_roles if o.active}
        options = [(by_code[c].id, by_code[c].label) for c in EVENT_ROLES if c in by_code]
        self.role_host.removeWidget(self.role)
        self.role.deleteLater()
        self.role = ToggleRow(options, columns=4)
        self.role.setObjectName("eventRole")
        self.role_host.addWidget(self.role)
        self._cyp_ids = {by_code[c].id for c in CYP_ROLE_CODES if c in by_code}
        self.role.changed.connect(self._role_changed)

    # ------------------------------------------------------------------ loading

    def _load(self) -> None:
        ctx = self.ctx

        def load():
            return feedback_service.reference_data(ctx.db, ctx.actor)

        ctx.run(load, on_result=self._loaded,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "Event mode could not start"))

    def _loaded(self, ref: ReferenceData) -> None:
        self.ref = ref
        self._set_roles()
        self.event_combo.clear()
        for ev in ref.events[:300]:
            self.event_combo.addItem(ev.label, ev.id)
        self.new_district.clear()
        self.new_district.addItem("— not recorded —", None)
        for o in ref.districts:
            self.new_district.addItem(o.label, o.id)
        last = self.prefs.last_event_id
        if last is not None and self.event_combo.findData(last) >= 0:
            self.event_combo.setCurrentIndex(self.event_combo.findData(last))
        self.start_button.setEnabled(self.event_combo.count() > 0)
        self._restore_draft()
        self._update_parked()
        self.ready.emit()

    # ------------------------------------------------------------------ events

    def _start_chosen(self) -> None:
        if self.ref is None:
            return
        eid = self.event_combo.currentData()
        ev = next((e for e in self.ref.events if e.id == eid), None)
        if ev is not None:
            self.start_event(ev)

    def _create_event(self) -> None:
        d = self.new_date.date()
        ctx = self.ctx
        ctx.run(feedback_service.create_event, ctx.db, ctx.actor, self.new_name.text(),
                date(d.year(), d.month(), d.day()), self.new_venue.text(),
                self.new_district.currentData(),
                on_result=self._event_created,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "The event was not recorded"))

    def _event_created(self, ev: EventOption) -> None:
        if self.ref is not None:
            self.ref = replace(self.ref, events=(ev, *self.ref.events))
        self.event_combo.insertItem(0, ev.label, ev.id)
        self.start_event(ev)

    def start_event(self, ev: EventOption, count: int | None = None) -> None:
        self.event = ev
        self.prefs.last_event_id = ev.id
        self.event_title.setText(ev.label)
        self.stack.setCurrentIndex(1)
        self.count = count or 0
        self._show_count()
        if count is None:
            self.ctx.run(feedback_service.event_entry_count, self.ctx.db, self.ctx.actor, ev.id,
                         on_result=self._count_loaded, on_error=lambda *_: None)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, lambda: self.text.setFocus(Qt.FocusReason.OtherFocusReason))
        self._idle.start()

    def _count_loaded(self, n: int) -> None:
        self.count = max(self.count, n)
        self._show_count()

    def _show_count(self) -> None:
        self.counter.setText(f"Entries: {self.count}")
        self.counter.setToolTip(f"{self.count} comments recorded for this event")

    def _change_event(self) -> None:
        if self.has_content():
            self.park_current()
        self.clear_screen()
        self.event = None
        self.drafts.clear(DRAFT_KEY)
        self.stack.setCurrentIndex(0)

    # ------------------------------------------------------------------ entry

    def _role_changed(self, _value) -> None:
        self._show_cyp(self.role.value() in getattr(self, "_cyp_ids", set()))
        self._content_changed()

    def _show_cyp(self, on: bool) -> None:
        for w in (self.age_label, self.age):
            w.setVisible(on)
        if not on:
            self.age.set_value(None)
        self.face_label.setText("How do they feel about it?" if on else
                                "How do they feel about it? (optional)")

    def _content_changed(self) -> None:
        if self._restoring:
            return
        self.problem.clear()
        self._autosave.start()
        self._safeguard_timer.start()

    def has_content(self) -> bool:
        return bool(self.text.toPlainText().strip()) or self.faces.value() is not None \
            or self.consent.value() is not None

    def state(self) -> dict:
        return dict(event_id=self.event.id if self.event else None,
                    event=dict(id=self.event.id, name=self.event.name,
                               held_on=self.event.held_on.isoformat(), venue=self.event.venue,
                               district_id=self.event.district_id) if self.event else None,
                    count=self.count, kind=self.kind.value(), text=self.text.toPlainText(),
                    role_id=self.role.value(), age_band=self.age.value(),
                    rating=self.faces.value(), consent_quote=self.consent.value())

    def value(self) -> FeedbackInput:
        assert self.ref is not None and self.event is not None
        channel = next((o.id for o in self.ref.channels if o.code == "event"), None)
        ev = self.event
        return FeedbackInput(
            kind=self.kind.value() or RecordKind.COMMENT.value, received_on=ev.held_on,
            text=self.text.toPlainText(), channel_id=channel,
            respondent_role_id=self.role.value(),
            district_id=ev.district_id, age_band=self.age.value(), anonymous=True,
            consent_quote=self.consent.value(), consent_contact=False,
            rating=self.faces.value(), event_id=ev.id)

    def save_entry(self) -> None:
        if self._saving or self.event is None or self.ref is None:
            return
        inp = self.value()
        problems = feedback_service.validate_input(inp)
        if problems:
            self.problem.setText(" ".join(p.message for p in problems[:3]))
            first = problems[0].field
            target = {"text": self.text, "respondent_role_id": self.role,
                      "consent_quote": self.consent}.get(first)
            if target is not None:
                target.setFocus()
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.ctx.run(feedback_service.create_feedback, self.ctx.db, self.ctx.actor, inp,
                     on_result=self._saved, on_error=self._save_failed)

    def _saved(self, detail) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.count += 1
        self._show_count()
        self.clear_screen()
        self.drafts.clear(DRAFT_KEY)
        note = " It has been flagged for a manager's safeguarding review." \
            if detail.safeguarding_flag else ""
        self.notice.setText(f"Saved (record {detail.id}).{note} Ready for the next person.")
        self.saved.emit(detail)
        self.ctx.data_changed.emit("feedback")
        if detail.safeguarding_flag:
            self.ctx.data_changed.emit("safeguarding")

    def _save_failed(self, exc: BaseException, *_tb) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.problem.setText("Not saved (what was typed is kept).")
        self.ctx.show_error(self, exc, "The comment was not saved")

    def clear_screen(self) -> None:
        """Empty every field (the event and the count stay)."""
        self._restoring = True
        self.text.clear()
        self.kind.set_value(RecordKind.COMMENT.value)
        self.role.set_value(None)
        self.age.set_value(None)
        self.faces.clear()
        self.consent.clear()
        self.problem.clear()
        self.banner.hide()
        self._show_cyp(False)
        self._restoring = False
        self._autosave.stop()
        self._safeguard_seq += 1
        self.text.setFocus()

    def _clear_clicked(self) -> None:
        if self.text.toPlainText().strip():
            answer = QMessageBox.question(self, "Clear the screen?",
                                          "Throw away what has been typed? It will not be saved.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.clear_screen()
        self.drafts.clear(DRAFT_KEY)

    # ------------------------------------------------------------------ safeguarding preview

    def _check_safeguarding(self) -> None:
        text = self.text.toPlainText()
        self._safeguard_seq += 1
        seq = self._safeguard_seq
        if not text.strip():
            self.banner.hide()
            return
        self.ctx.run(feedback_service.preview_analysis, self.ctx.db, self.ctx.actor, text,
                     on_result=lambda p: self._safeguarding_result(seq, p),
                     on_error=lambda *_: None)

    def _safeguarding_result(self, seq: int, preview) -> None:
        if seq != self._safeguard_seq:
            return
        if preview.safeguarding:
            self.banner.show_reasons([f"{r.category.replace('_', ' ')} (“{r.matched_text}”)"
                                      for r in preview.safeguarding_reasons])
        else:
            self.banner.hide()

    # ------------------------------------------------------------------ drafts

    def save_draft(self) -> None:
        """Write what is on screen to the draft file (atomic)."""
        if self.event is None:
            return
        try:
            self.drafts.save(DRAFT_KEY, self.state())
        except OSError as exc:
            self.problem.setText(f"Warning: the draft could not be saved ({exc.strerror}).")

    def _restore_draft(self) -> None:
        data = self.drafts.load(DRAFT_KEY)
        if not data or not data.get("event"):
            return
        e = data["event"]
        try:
            ev = EventOption(int(e["id"]), e["name"], date.fromisoformat(e["held_on"]),
                             e.get("venue", ""), e.get("district_id"))
        except (KeyError, TypeError, ValueError):
            return
        known = {x.id for x in self.ref.events} if self.ref else set()
        if ev.id not in known:
            return
        self.start_event(ev, count=None)
        self._restoring = True
        self.kind.set_value(data.get("kind") or RecordKind.COMMENT.value)
        self.text.setPlainText(data.get("text") or "")
        self.role.set_value(data.get("role_id"))
        self._show_cyp(self.role.value() in getattr(self, "_cyp_ids", set()))
        self.age.set_value(data.get("age_band"))
        self.faces.set_value(data.get("rating"))
        self.consent.set_value(data.get("consent_quote"))
        self._restoring = False
        cursor = self.text.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.text.setTextCursor(cursor)
        if (data.get("text") or "").strip():
            self.restored = True
            self.notice.setText("Restored what was being typed when voiceapp last closed. "
                                "Check it, then save.")
            self._safeguard_timer.start()

    # ------------------------------------------------------------------ idle reset

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, QWidget) and \
                self.isAncestorOf(obj) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+Enter saves wherever the focus is in this window (the QShortcut covers the
            # rest; whichever sees the key first handles it, never both).
            self._idle.start()
            self.save_entry()
            return True
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                            QEvent.Type.TouchBegin, QEvent.Type.Wheel) and \
                isinstance(obj, QWidget) and (obj is self or self.isAncestorOf(obj)) and \
                self.event is not None:
            self._idle.start()
        return False

    def reset_for_next_person(self) -> None:
        """Idle too long: clear the screen so the next person sees nothing of the last one.
        Unsaved words are set aside, not lost."""
        if self.event is None:
            return
        if self.has_content():
            self.park_current()
        self.clear_screen()
        self.drafts.clear(DRAFT_KEY)
        self.notice.setText("The screen was cleared after a quiet spell. Ready for the next "
                            "person.")
        self.idle_reset.emit()

    def park_current(self) -> None:
        parked = (self.drafts.load(PARKED_KEY) or {}).get("entries", [])
        parked.append(self.state())
        self.drafts.save(PARKED_KEY, {"entries": parked})
        self._update_parked()

    def _update_parked(self) -> None:
        entries = (self.drafts.load(PARKED_KEY) or {}).get("entries", [])
        n = len(entries)
        self.parked_button.setVisible(n > 0)
        self.parked_button.setText(f"{n} unfinished entr{'y' if n == 1 else 'ies'} set aside "
                                   "– bring back")

    def restore_parked(self) -> None:
        entries = (self.drafts.load(PARKED_KEY) or {}).get("entries", [])
        if not entries:
            return
        if self.has_content():
            self.park_current()
            entries = (self.drafts.load(PARKED_KEY) or {}).get("entries", [])
        entry = entries.pop(0)
        self.drafts.save(PARKED_KEY, {"entries": entries})
        self._restoring = True
        self.kind.set_value(entry.get("kind") or RecordKind.COMMENT.value)
        self.text.setPlainText(entry.get("text") or "")
        self.role.set_value(entry.get("role_id"))
        self._show_cyp(self.role.value() in getattr(self, "_cyp_ids", set()))
        self.age.set_value(entry.get("age_band"))
        self.faces.set_value(entry.get("rating"))
        self.consent.set_value(entry.get("consent_quote"))
        self._restoring = False
        self._update_parked()
        self.save_draft()

    # ------------------------------------------------------------------ window

    def _escape(self) -> None:
        if self.isFullScreen():
            self.showNormal()

    def _toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event) -> None:
        if self.event is not None and self.has_content():
            self.save_draft()  # kept: restored next time event mode opens
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
        self.closed.emit()

    def showEvent(self, event) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # (again, if it was closed and reopened)
        super().showEvent(event)


__all__ = ["EventModeWindow", "ToggleRow"]
