"""Event-mode drafts: what is on the screen, saved to a small JSON file as it is typed, so a
crash or a power cut loses nothing. The desktop app writes after each pause in typing (about
300 ms); the file is replaced atomically (write a temporary file, fsync, rename), so it is always
either the old draft or the new one, never half of each. Cleared when the entry is saved.

Drafts live in the user's data directory (platformdirs), one file per database and purpose, and
are readable only by that user (they hold what someone said)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

ENV_DIR = "VOICEAPP_DRAFTS_DIR"  # tests and kiosks may point drafts elsewhere


def drafts_dir() -> Path:
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("voiceapp", appauthor=False)) / "drafts"


class DraftStore:
    """Drafts for one database (`scope`, e.g. the database URL) in `directory`."""

    def __init__(self, scope: str, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else drafts_dir()
        self.scope = hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]

    def path(self, key: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in key)
        return self.directory / f"{safe}-{self.scope}.json"

    def save(self, key: str, data: dict[str, Any]) -> Path:
        """Replace the draft atomically."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.path(key)
        payload = json.dumps({"saved_at": datetime.now().isoformat(timespec="seconds"),
                              "data": data}, ensure_ascii=False, default=str)
        fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def load(self, key: str) -> dict[str, Any] | None:
        """The saved draft, or None. A damaged file is set aside (renamed), never fatal."""
        target = self.path(key)
        try:
            raw = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError:
            return None
        try:
            doc = json.loads(raw)
            data = doc["data"]
            if not isinstance(data, dict):
                raise ValueError("draft is not an object")
            return data
        except (ValueError, KeyError, TypeError):
            target.replace(target.with_suffix(".damaged"))
            return None

    def clear(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)
