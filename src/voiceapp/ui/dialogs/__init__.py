"""Dialogs (one file per dialog)."""
