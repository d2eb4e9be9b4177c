"""An optional "said at an event" field shared by comments, suggestions and questions."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from voiceapp.services.feedback import FeedbackInput

from ..widgets.choice import OptionCombo
from .base import FeedbackForm


class EventLinkedForm(FeedbackForm):
    event_required = False

    def add_kind_fields(self) -> None:
        self.event = OptionCombo("— choose the event —" if self.event_required
                                 else "— not at an event —")
        self.event.setObjectName("event_id")
        self.event.set_options((e.id, e.label) for e in self.ref.events[:500])
        self._row("Event *" if self.event_required else "Said at an event", "event_id",
                  self.event)

    def kind_widgets(self) -> list[QWidget]:
        return [self.event]

    def kind_values(self) -> dict:
        return dict(event_id=self.event.value())

    def set_kind_values(self, inp: FeedbackInput) -> None:
        self.event.set_value(inp.event_id)
