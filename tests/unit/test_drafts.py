"""Event-mode drafts: atomic replace, restore, damaged files set aside, per-database scope."""

from __future__ import annotations

import json

from voiceapp.services.drafts import DraftStore


def test_save_load_clear(tmp_path):
    store = DraftStore("sqlite:///a.sqlite", tmp_path)
    assert store.load("event-mode") is None
    store.save("event-mode", {"text": "Café was great – ünïcode kept", "rating": 4})
    assert store.load("event-mode") == {"text": "Café was great – ünïcode kept", "rating": 4}
    store.save("event-mode", {"text": "second"})
    assert store.load("event-mode") == {"text": "second"}
    assert not list(tmp_path.glob(".draft-*")), "no temporary files left behind"
    assert (store.path("event-mode").stat().st_mode & 0o777) == 0o600
    store.clear("event-mode")
    assert store.load("event-mode") is None
    store.clear("event-mode")  # clearing twice is fine


def test_drafts_are_per_database(tmp_path):
    a = DraftStore("sqlite:///a.sqlite", tmp_path)
    b = DraftStore("postgresql://server/voiceapp", tmp_path)
    a.save("event-mode", {"text": "a"})
    assert b.load("event-mode") is None


def test_damaged_draft_is_set_aside_not_fatal(tmp_path):
    store = DraftStore("x", tmp_path)
    store.path("event-mode").write_text("{not json", encoding="utf-8")
    assert store.load("event-mode") is None
    assert store.path("event-mode").with_suffix(".damaged").exists()
    store.path("event-mode").write_text(json.dumps({"data": [1, 2]}), encoding="utf-8")
    assert store.load("event-mode") is None
