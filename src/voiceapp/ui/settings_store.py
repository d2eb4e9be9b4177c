"""Typed access to QSettings (Picard's pattern): user preferences kept apart from window state.

- `Preferences`: what the user chose (visible browse columns, event-mode idle reset, last event).
  Stored under "preferences/".
- `WindowState`: how windows were left (geometry, splitters, header layouts, last page). Stored
  under "window/"; "Reset window layout" clears only this, never the preferences.

Every getter returns a value of the right type whatever the platform backend stored (INI files
hand back strings, the Windows registry ints), falling back to the default on anything odd.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

DEFAULT_IDLE_RESET_SECONDS = 90
MIN_IDLE_RESET_SECONDS = 15


def _settings() -> QSettings:
    return QSettings()


def _as_int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _as_bool(value, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(value, int):
        return bool(value)
    return default


def _as_list(value) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [v for v in value.split(",") if v] if value else []
    try:
        return [str(v) for v in value]
    except TypeError:
        return None


class Preferences:
    """The user's choices."""

    PREFIX = "preferences/"

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or _settings()

    def _get(self, key: str, default=None):
        return self._s.value(self.PREFIX + key, default)

    def _set(self, key: str, value) -> None:
        self._s.setValue(self.PREFIX + key, value)

    # Browse table columns the user chose to show (None: the default set).
    @property
    def browse_columns(self) -> list[str] | None:
        return _as_list(self._get("browse_columns"))

    @browse_columns.setter
    def browse_columns(self, keys: list[str]) -> None:
        self._set("browse_columns", ",".join(keys))

    @property
    def idle_reset_seconds(self) -> int:
        value = _as_int(self._get("idle_reset_seconds"), DEFAULT_IDLE_RESET_SECONDS)
        return max(MIN_IDLE_RESET_SECONDS, value)

    @idle_reset_seconds.setter
    def idle_reset_seconds(self, seconds: int) -> None:
        self._set("idle_reset_seconds", max(MIN_IDLE_RESET_SECONDS, int(seconds)))

    @property
    def last_event_id(self) -> int | None:
        value = self._get("last_event_id")
        return _as_int(value, 0) or None

    @last_event_id.setter
    def last_event_id(self, event_id: int | None) -> None:
        self._set("last_event_id", int(event_id or 0))

    @property
    def event_mode_fullscreen(self) -> bool:
        return _as_bool(self._get("event_mode_fullscreen"), False)

    @event_mode_fullscreen.setter
    def event_mode_fullscreen(self, value: bool) -> None:
        self._set("event_mode_fullscreen", bool(value))

    @property
    def detail_pane_visible(self) -> bool:
        return _as_bool(self._get("detail_pane_visible"), True)

    @detail_pane_visible.setter
    def detail_pane_visible(self, value: bool) -> None:
        self._set("detail_pane_visible", bool(value))

    def sync(self) -> None:
        self._s.sync()


class WindowState:
    """Geometry and layout, keyed by a window or widget name."""

    PREFIX = "window/"

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or _settings()

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(self.PREFIX + key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._s.setValue(self.PREFIX + key, value)

    def get_int(self, key: str, default: int = 0) -> int:
        return _as_int(self._s.value(self.PREFIX + key), default)

    def set_int(self, key: str, value: int) -> None:
        self._s.setValue(self.PREFIX + key, int(value))

    def get_str(self, key: str, default: str = "") -> str:
        value = self._s.value(self.PREFIX + key)
        return str(value) if value is not None else default

    def set_str(self, key: str, value: str) -> None:
        self._s.setValue(self.PREFIX + key, value)

    def clear(self) -> None:
        """Forget all window layout (preferences are untouched)."""
        self._s.beginGroup(self.PREFIX.rstrip("/"))
        self._s.remove("")
        self._s.endGroup()

    def sync(self) -> None:
        self._s.sync()
