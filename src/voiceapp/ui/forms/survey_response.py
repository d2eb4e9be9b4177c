"""Survey response: free text from a survey, linked to the survey edition it answered."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from voiceapp.services.feedback import FeedbackInput

from ..widgets.choice import OptionCombo
from .base import FeedbackForm


class SurveyResponseForm(FeedbackForm):
    kind = "survey_response"
    title = "New survey response"
    intro = ("A response to a survey, typed from a paper form or copied from an online tool "
             "(whole survey files come in through File > Import).")
    default_channel = "survey"

    def add_kind_fields(self) -> None:
        self.edition = OptionCombo("— survey not listed —")
        self.edition.setObjectName("survey_edition_id")
        self.edition.set_options((o.id, o.label) for o in self.ref.survey_editions)
        self._row("Survey", "survey_edition_id", self.edition)

    def kind_widgets(self) -> list[QWidget]:
        return [self.edition]

    def kind_values(self) -> dict:
        return dict(survey_edition_id=self.edition.value())

    def set_kind_values(self, inp: FeedbackInput) -> None:
        self.edition.set_value(inp.survey_edition_id)
