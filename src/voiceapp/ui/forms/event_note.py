"""Event note: an officer's note of what was said at an engagement event (for comment after
comment at a busy event, use Event mode instead)."""

from __future__ import annotations

from ._event_link import EventLinkedForm


class EventNoteForm(EventLinkedForm):
    kind = "event_note"
    title = "New event note"
    intro = ("A note of what was said at an engagement event. At a busy event, Event mode is "
             "quicker: comment after comment with one keystroke.")
    default_channel = "event"
    event_required = True
