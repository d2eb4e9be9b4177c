"""Capture forms: one screen per record kind, sharing FeedbackForm (base.py)."""

from __future__ import annotations

from .base import FeedbackForm
from .comment import CommentForm
from .complaint import ComplaintForm
from .compliment import ComplimentForm
from .consultation_response import ConsultationResponseForm
from .event_note import EventNoteForm
from .question import QuestionForm
from .suggestion import SuggestionForm
from .survey_response import SurveyResponseForm

FORMS: dict[str, type[FeedbackForm]] = {
    form.kind: form
    for form in (ComplimentForm, ComplaintForm, SurveyResponseForm, CommentForm, SuggestionForm,
                 QuestionForm, ConsultationResponseForm, EventNoteForm)
}


def form_for(kind: str) -> type[FeedbackForm]:
    return FORMS[kind]


__all__ = ["FORMS", "FeedbackForm", "form_for"]
