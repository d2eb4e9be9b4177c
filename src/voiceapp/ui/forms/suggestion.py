"""Suggestion: an idea for doing things differently (often the start of a You Said, We Did)."""

from __future__ import annotations

from ._event_link import EventLinkedForm


class SuggestionForm(EventLinkedForm):
    kind = "suggestion"
    title = "New suggestion"
    intro = ("An idea for doing things differently. Suggestions often become You Said, We Did "
             "actions.")
