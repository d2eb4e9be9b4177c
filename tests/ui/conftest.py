"""Shared set-up for the desktop app tests."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture(scope="package", autouse=True)
def gui_thread_garbage_collection(qapp):
    """As in the app (voiceapp.ui.app.make_application): cycles are collected on the GUI
    thread only, so no worker thread frees a widget. Automatic collection is restored for the
    test packages that run afterwards."""
    from voiceapp.ui.workers import GuiGarbageCollector, wait_for_all

    collector = GuiGarbageCollector()
    yield collector
    wait_for_all(10000)
    collector.stop()
    gc.collect()
