"""Reusable widgets: analysis panel, five-face rating, filter bar, consent choice."""
