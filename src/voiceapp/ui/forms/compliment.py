"""Compliment: who or which team was praised (thanks are passed on from the Complaints page)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from voiceapp.services.feedback import FeedbackInput

from ..widgets.choice import OptionCombo
from .base import FeedbackForm


class ComplimentForm(FeedbackForm):
    kind = "compliment"
    title = "New compliment"
    intro = ("Thanks and praise. Record who or which team was praised so the thanks can be "
             "passed on.")
    default_channel = "email"

    def add_kind_fields(self) -> None:
        self.praised_person = QLineEdit()
        self.praised_person.setObjectName("praised_person")
        self.praised_person.setPlaceholderText("e.g. the named worker (kept out of published "
                                               "quotes)")
        self._row("Person praised", "praised_person", self.praised_person)
        self.praised_team = OptionCombo("— no particular team —")
        self.praised_team.setObjectName("praised_team_id")
        self.praised_team.set_options((o.id, o.label) for o in self.ref.teams if o.active)
        self._row("Team praised", "praised_team_id", self.praised_team)

    def kind_widgets(self) -> list[QWidget]:
        return [self.praised_person, self.praised_team]

    def kind_values(self) -> dict:
        return dict(praised_person=self.praised_person.text(),
                    praised_team_id=self.praised_team.value())

    def set_kind_values(self, inp: FeedbackInput) -> None:
        self.praised_person.setText(inp.praised_person)
        self.praised_team.set_value(inp.praised_team_id)

    def reset(self) -> None:
        super().reset()
        self.praised_person.clear()
        self.praised_team.set_value(None)
