"""Complaint: what the person complained about. The statutory stages, working-day clocks and
outcomes are handled on the Complaints page once the record is saved."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from .base import FeedbackForm


class ComplaintForm(FeedbackForm):
    kind = "complaint"
    title = "New complaint"
    intro = ("A complaint starts a statutory clock. Record what was said here; after saving, "
             "the complaint opens on the Complaints page to choose the procedure, acknowledge it "
             "and track its stages.")
    default_channel = "email"

    def add_kind_fields(self) -> None:
        self.open_in_complaints = QCheckBox("Open it on the Complaints page after saving")
        self.open_in_complaints.setObjectName("open_in_complaints")
        self.open_in_complaints.setChecked(True)
        self._row("", "open_in_complaints", self.open_in_complaints)

    def kind_widgets(self) -> list[QWidget]:
        return [self.open_in_complaints]
