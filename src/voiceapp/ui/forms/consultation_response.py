"""Consultation response: linked to the consultation it responds to."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from voiceapp.services.feedback import FeedbackInput

from ..widgets.choice import OptionCombo
from .base import FeedbackForm


class ConsultationResponseForm(FeedbackForm):
    kind = "consultation_response"
    title = "New consultation response"
    intro = "A response to one of our consultations."
    default_channel = "online_form"

    def add_kind_fields(self) -> None:
        self.consultation = OptionCombo("— choose the consultation —")
        self.consultation.setObjectName("consultation_id")
        self.consultation.set_options((o.id, o.label) for o in self.ref.consultations)
        self._row("Consultation *", "consultation_id", self.consultation)

    def kind_widgets(self) -> list[QWidget]:
        return [self.consultation]

    def kind_values(self) -> dict:
        return dict(consultation_id=self.consultation.value())

    def set_kind_values(self, inp: FeedbackInput) -> None:
        self.consultation.set_value(inp.consultation_id)
