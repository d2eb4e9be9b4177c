"""Comment: anything else someone said about our services."""

from __future__ import annotations

from ._event_link import EventLinkedForm


class CommentForm(EventLinkedForm):
    kind = "comment"
    title = "New comment"
    intro = "Anything someone said about our services that is not a complaint or a compliment."
