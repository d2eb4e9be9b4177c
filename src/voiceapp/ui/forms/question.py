"""Question: something someone asked, including public questions to committees."""

from __future__ import annotations

from ._event_link import EventLinkedForm


class QuestionForm(EventLinkedForm):
    kind = "question"
    title = "New question"
    intro = "Something someone asked us, including public questions to a committee or board."
    default_channel = "email"
