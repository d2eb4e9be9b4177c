"""The shared base of every capture form: the fields every feedback record has, validation as
you type (the same pure `validate_input` the service runs before saving), a sensible tab order,
and hooks for the kind-specific fields each subclass adds (one file per kind in this package).
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import AgeBand
from voiceapp.services.feedback import FeedbackInput, ReferenceData, validate_input

from ..widgets.choice import OptionCombo, YesNoChoice

CYP_ROLE_CODES = {"child_young_person", "care_leaver"}
AGE_LABELS = {AgeBand.UNDER_5: "Under 5", AgeBand.AGE_5_10: "5 to 10", AgeBand.AGE_11_15: "11 to 15",
              AgeBand.AGE_16_17: "16 or 17", AgeBand.AGE_18_25: "18 to 25"}
ERROR_STYLE = "color: #a4161a;"


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class FeedbackForm(QWidget):
    """Subclasses set `kind`, `title`, `intro` and may override `add_kind_fields`,
    `kind_values` and `set_kind_values`."""

    kind = "comment"
    title = "Feedback"
    intro = ""
    default_channel = ""  # channel code chosen for a new record of this kind

    changed = Signal()
    text_changed = Signal(str)
    validity_changed = Signal(bool)

    def __init__(self, ref: ReferenceData, parent: QWidget | None = None,
                 today: date | None = None, editing: bool = False) -> None:
        """`editing`: the form shows a saved record (the detail pane), without the intro."""
        super().__init__(parent)
        self.setObjectName(f"form_{self.kind}")
        self.ref = ref
        self.today = today or date.today()
        self._touched: set[str] = set()
        self._show_all = False
        self._valid: bool | None = None
        self.errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if self.intro and not editing:
            intro = QLabel(self.intro)
            intro.setWordWrap(True)
            intro.setStyleSheet("color: #444;")
            outer.addWidget(intro)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        outer.addLayout(self.form)
        outer.addStretch(1)

        self.received_on = QDateEdit()
        self.received_on.setObjectName("received_on")
        self.received_on.setCalendarPopup(True)
        self.received_on.setDisplayFormat("dd MMM yyyy")
        self.received_on.setMaximumDate(qdate(self.today))
        self.received_on.setDate(qdate(self.today))
        self._row("Date received *", "received_on", self.received_on)

        self.text = QPlainTextEdit()
        self.text.setObjectName("text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What they said, in their words. Ctrl+Enter saves.")
        self.text.setMinimumHeight(110)
        self._row("What they said *", "text", self.text)

        self.channel = OptionCombo()
        self.channel.setObjectName("channel_id")
        self.channel.set_options((o.id, o.label) for o in ref.channels if o.active)
        self._row("How it reached us *", "channel_id", self.channel)
        if self.default_channel:
            for o in ref.channels:
                if o.code == self.default_channel:
                    self.channel.set_value(o.id, emit=False)

        self.role = OptionCombo()
        self.role.setObjectName("respondent_role_id")
        self.role.set_options((o.id, o.label) for o in ref.respondent_roles if o.active)
        self._row("Who said it *", "respondent_role_id", self.role)

        self.age_band = OptionCombo("— not asked —")
        self.age_band.setObjectName("age_band")
        self.age_band.set_options((a.value, AGE_LABELS[a]) for a in AgeBand)
        self._row("Age band", "age_band", self.age_band)

        self.service_area = OptionCombo("— not known —")
        self.service_area.setObjectName("service_area_id")
        self.service_area.set_options((o.id, o.label) for o in ref.service_areas if o.active)
        self._row("Service area", "service_area_id", self.service_area)

        self.team = OptionCombo("— not known —")
        self.team.setObjectName("team_id")
        self._row("Team", "team_id", self.team)
        self._fill_teams()

        self.district = OptionCombo("— not known —")
        self.district.setObjectName("district_id")
        self.district.set_options((o.id, o.label) for o in ref.districts if o.active)
        self._row("District", "district_id", self.district)

        self.add_kind_fields()

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.form.addRow(line)
        self.anonymous = QCheckBox("They want to stay anonymous")
        self.anonymous.setObjectName("anonymous")
        self._row("", "anonymous", self.anonymous)
        self.respondent_name = QLineEdit()
        self.respondent_name.setObjectName("respondent_name")
        self._row("Their name", "respondent_name", self.respondent_name)
        self.respondent_contact = QLineEdit()
        self.respondent_contact.setObjectName("respondent_contact")
        self.respondent_contact.setPlaceholderText("Phone number or email address")
        self._row("Contact details", "respondent_contact", self.respondent_contact)
        self.consent_quote = YesNoChoice("Yes, may quote", "No")
        self.consent_quote.setObjectName("consent_quote")
        self.consent_quote.setToolTip("Quotes are only ever published without their name and "
                                      "with identifying details removed.")
        self._row("May we quote them? *", "consent_quote", self.consent_quote)
        self.consent_contact = YesNoChoice("Yes, may contact", "No")
        self.consent_contact.setObjectName("consent_contact")
        self._row("May we contact them? *", "consent_contact", self.consent_contact)

        self._wire()
        self._tab_order()
        self._update_role_fields()
        self.revalidate()

    # ------------------------------------------------------------------ building

    def _row(self, label: str, name: str, widget: QWidget) -> None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        self.errors[name] = error
        self.field_widgets[name] = widget
        if label:
            lab = QLabel(label)
            lab.setBuddy(widget)
            lab.setWordWrap(True)
            self.form.addRow(lab, holder)
        else:
            self.form.addRow(holder)

    def add_kind_fields(self) -> None:
        """Subclasses add their fields here with self._row(...)."""

    def kind_values(self) -> dict:
        return {}

    def set_kind_values(self, inp: FeedbackInput) -> None:
        pass

    def kind_widgets(self) -> list[QWidget]:
        return []

    def _wire(self) -> None:
        for name, w in self.field_widgets.items():
            signal = None
            if isinstance(w, QDateEdit):
                signal = w.dateChanged
            elif isinstance(w, QPlainTextEdit | QLineEdit):
                signal = w.textChanged
            elif isinstance(w, OptionCombo):
                signal = w.value_changed
            elif isinstance(w, YesNoChoice):
                signal = w.changed
            elif isinstance(w, QCheckBox):
                signal = w.toggled
            elif hasattr(w, "changed"):
                signal = w.changed
            if signal is not None:
                signal.connect(lambda *_a, n=name: self._field_changed(n))
        self.text.textChanged.connect(lambda: self.text_changed.emit(self.text.toPlainText()))
        self.service_area.value_changed.connect(lambda _v: self._fill_teams())
        self.role.value_changed.connect(lambda _v: self._update_role_fields())
        self.anonymous.toggled.connect(self._anonymous_toggled)

    def _tab_order(self) -> None:
        chain = [self.received_on, self.text, self.channel, self.role, self.age_band,
                 self.service_area, self.team, self.district, *self.kind_widgets(),
                 self.anonymous, self.respondent_name, self.respondent_contact,
                 self.consent_quote.yes, self.consent_quote.no, self.consent_contact.yes,
                 self.consent_contact.no]
        for a, b in pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _fill_teams(self) -> None:
        area = self.service_area.value()
        teams = [o for o in self.ref.teams if o.active and (area is None or o.parent_id == area)]
        self.team.set_options((o.id, o.label) for o in teams)
        self.team.setEnabled(bool(teams))

    def _update_role_fields(self) -> None:
        codes = {o.id: o.code for o in self.ref.respondent_roles}
        is_cyp = codes.get(self.role.value()) in CYP_ROLE_CODES
        self.age_band.setEnabled(is_cyp)
        if not is_cyp:
            self.age_band.set_value(None, emit=False)

    def _anonymous_toggled(self, on: bool) -> None:
        for w in (self.respondent_name, self.respondent_contact):
            w.setEnabled(not on)
            if on:
                w.clear()
        if on:
            self.consent_contact.set_value(False)

    # ------------------------------------------------------------------ value

    def value(self) -> FeedbackInput:
        d = self.received_on.date()
        return FeedbackInput(
            kind=self.kind, received_on=date(d.year(), d.month(), d.day()),
            text=self.text.toPlainText(), channel_id=self.channel.value(),
            respondent_role_id=self.role.value(), service_area_id=self.service_area.value(),
            team_id=self.team.value(), district_id=self.district.value(),
            age_band=self.age_band.value(), anonymous=self.anonymous.isChecked(),
            respondent_name=self.respondent_name.text(),
            respondent_contact=self.respondent_contact.text(),
            consent_quote=self.consent_quote.value(),
            consent_contact=self.consent_contact.value(), **self.kind_values())

    def set_value(self, inp: FeedbackInput) -> None:
        if inp.received_on:
            self.received_on.setDate(qdate(inp.received_on))
        self.text.setPlainText(inp.text)
        self.channel.set_value(inp.channel_id)
        self.role.set_value(inp.respondent_role_id)
        self.service_area.set_value(inp.service_area_id)
        self._fill_teams()
        self.team.set_value(inp.team_id)
        self.district.set_value(inp.district_id)
        self._update_role_fields()
        self.age_band.set_value(inp.age_band)
        self.anonymous.setChecked(inp.anonymous)
        self.respondent_name.setText(inp.respondent_name)
        self.respondent_contact.setText(inp.respondent_contact)
        self.consent_quote.set_value(inp.consent_quote)
        self.consent_contact.set_value(inp.consent_contact)
        self.set_kind_values(inp)
        self.revalidate()

    # ------------------------------------------------------------------ validation

    def _field_changed(self, name: str) -> None:
        self._touched.add(name)
        self.revalidate()
        self.changed.emit()

    def problems(self):
        return validate_input(self.value(), today=self.today)

    def revalidate(self) -> bool:
        """Show the problems of the fields already touched (all of them after a save attempt);
        return whether the record can be saved."""
        problems = self.problems()
        by_field: dict[str, str] = {}
        for p in problems:
            by_field.setdefault(p.field, p.message)
        for name, label in self.errors.items():
            message = by_field.get(name)
            visible = message is not None and (self._show_all or name in self._touched)
            label.setText(message or "")
            label.setVisible(visible)
            w = self.field_widgets[name]
            w.setProperty("invalid", visible)
            w.setStyleSheet("border: 1px solid #a4161a;" if visible and
                            not isinstance(w, YesNoChoice | QCheckBox) else "")
        valid = not problems
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
        return valid

    def show_all_problems(self) -> QWidget | None:
        """After a save attempt: show every problem and return the first field to fix."""
        self._show_all = True
        self.revalidate()
        for p in self.problems():
            w = self.field_widgets.get(p.field)
            if w is not None:
                return w
        return None

    def reset(self) -> None:
        """Clear for the next record (date and channel kept: the next one is usually alike)."""
        self.text.clear()
        self.role.set_value(None)
        self.age_band.set_value(None)
        self.anonymous.setChecked(False)
        self.respondent_name.clear()
        self.respondent_contact.clear()
        self.consent_quote.clear()
        self.consent_contact.clear()
        self._touched.clear()
        self._show_all = False
        self.revalidate()

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
