"""Someone else saved the record first: show both versions side by side and let the user choose
field by field (and combine the text), so neither person's work is lost."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from voiceapp.services.feedback import FeedbackDetail, FeedbackInput, ReferenceData

from ..models.feedback_table import FACES

FIELD_LABELS = {
    "received_on": "Date received", "channel_id": "Channel", "respondent_role_id": "Who said it",
    "service_area_id": "Service area", "team_id": "Team", "district_id": "District",
    "age_band": "Age band", "anonymous": "Anonymous", "respondent_name": "Name",
    "respondent_contact": "Contact details", "consent_quote": "May quote",
    "consent_contact": "May contact", "rating": "Faces", "event_id": "Event",
    "consultation_id": "Consultation", "survey_edition_id": "Survey",
    "praised_person": "Person praised", "praised_team_id": "Team praised",
    "sentiment_override": "Officer's sentiment",
}
_SKIP = {"kind", "text", "accepted_theme_ids", "rejected_theme_ids"}


def differences(theirs: FeedbackInput, yours: FeedbackInput) -> list[str]:
    """Names of the fields (other than the text) that differ."""
    return [f.name for f in fields(FeedbackInput) if f.name not in _SKIP
            and getattr(theirs, f.name) != getattr(yours, f.name)]


class ConflictDialog(QDialog):
    def __init__(self, theirs: FeedbackDetail, yours: FeedbackInput, ref: ReferenceData | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle("Someone else saved this record first")
        self.resize(900, 620)
        self.theirs_detail = theirs
        self.theirs = theirs.as_input()
        self.yours = yours
        self.ref = ref
        who = theirs.updated_by or "Someone else"
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{who}</b> saved record {theirs.id} at {theirs.updated_at:%H:%M on %d %b %Y}, "
            "after you opened it. Both versions are below; nothing has been lost. Choose what "
            "to keep, then save.")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.choices: dict[str, QButtonGroup] = {}
        diffs = differences(self.theirs, yours)
        if diffs:
            box = QGroupBox("Details that differ")
            grid = QGridLayout(box)
            grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
            grid.addWidget(QLabel(f"<b>{who}'s version</b>"), 0, 1)
            grid.addWidget(QLabel("<b>Your version</b>"), 0, 2)
            for row, name in enumerate(diffs, start=1):
                grid.addWidget(QLabel(FIELD_LABELS.get(name, name)), row, 0)
                theirs_b = QRadioButton(self._show(name, getattr(self.theirs, name)))
                mine_b = QRadioButton(self._show(name, getattr(yours, name)))
                theirs_b.setObjectName(f"theirs_{name}")
                mine_b.setObjectName(f"mine_{name}")
                mine_b.setChecked(True)
                group = QButtonGroup(self)
                group.addButton(theirs_b, 0)
                group.addButton(mine_b, 1)
                self.choices[name] = group
                grid.addWidget(theirs_b, row, 1)
                grid.addWidget(mine_b, row, 2)
            layout.addWidget(box)

        texts = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(f"<b>{who}'s text</b> (as saved)"))
        self.their_text = QPlainTextEdit(theirs.text)
        self.their_text.setObjectName("theirText")
        self.their_text.setReadOnly(True)
        left.addWidget(self.their_text)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Text to save</b> (starts as yours; edit freely)"))
        self.result_text = QPlainTextEdit(yours.text)
        self.result_text.setObjectName("resultText")
        right.addWidget(self.result_text)
        row = QHBoxLayout()
        for label, name, fn in (
                ("Use their text", "useTheirs", lambda: self.result_text.setPlainText(
                    theirs.text)),
                ("Use my text", "useMine", lambda: self.result_text.setPlainText(yours.text)),
                ("Combine both", "combine", self._combine)):
            b = QPushButton(label)
            b.setObjectName(name)
            b.clicked.connect(fn)
            row.addWidget(b)
        row.addStretch(1)
        right.addLayout(row)
        texts.addLayout(left)
        texts.addLayout(right)
        layout.addLayout(texts, 1)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save this version",
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveChosen")
        buttons.addButton("Keep editing", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _combine(self) -> None:
        theirs, mine = self.theirs_detail.text.strip(), self.yours.text.strip()
        if theirs == mine or not theirs:
            self.result_text.setPlainText(mine)
        elif not mine or mine in theirs:
            self.result_text.setPlainText(theirs)
        else:
            self.result_text.setPlainText(f"{theirs}\n\n{mine}")

    def _show(self, name: str, value) -> str:
        if value is None or value == "":
            return "(empty)"
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if name == "rating":
            return FACES.get(value, str(value))
        if name.endswith("_id") and self.ref is not None:
            if name == "event_id":
                return self.ref.event_label(value) or str(value)
            return self.ref.label(value) or str(value)
        if hasattr(value, "strftime"):
            return value.strftime("%d %b %Y")
        return str(value)

    def result_input(self) -> FeedbackInput:
        """The version to save: per field the chosen side, and the edited text."""
        changes = {name: getattr(self.theirs if group.checkedId() == 0 else self.yours, name)
                   for name, group in self.choices.items()}
        return replace(self.yours, text=self.result_text.toPlainText(), **changes)

    @property
    def base_version(self) -> int:
        """Save against their version (the one now in the database)."""
        return self.theirs_detail.version
