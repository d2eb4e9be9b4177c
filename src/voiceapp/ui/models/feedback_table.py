"""The browse table's model: one row per feedback record, fetched lazily a page at a time.

Filtering, sorting and paging happen in SQL (services.feedback.browse); this model only holds the
rows fetched so far. The first page and each further page are fetched in the background (the
`runner`, normally UiContext.run), so scrolling through a million records never blocks the GUI
thread: Qt's views call `canFetchMore()`/`fetchMore()` as the user nears the bottom, and rows
arrive with beginInsertRows/endInsertRows. A result from an out-of-date query (the filter
changed while it ran) is discarded by generation number.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from voiceapp.domain.enums import RecordKind
from voiceapp.services.feedback import (
    BrowsePage,
    FeedbackDetail,
    FeedbackFilter,
    FeedbackRow,
    ReferenceData,
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the FeedbackRow itself
ID_ROLE = Qt.ItemDataRole.UserRole  # the record id


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort_key: str | None  # services.feedback.SORTABLE key, None if not sortable
    default: bool  # shown until the user chooses otherwise
    width: int


COLUMNS: tuple[Column, ...] = (
    Column("id", "No.", "id", True, 70),
    Column("received_on", "Received", "received_on", True, 100),
    Column("kind", "Kind", "kind", True, 130),
    Column("text", "What they said", "text", True, 430),
    Column("sentiment", "Sentiment", "sentiment", True, 100),
    Column("themes", "Themes", None, True, 230),
    Column("service_area", "Service area", "service_area", True, 200),
    Column("respondent_role", "Who", "respondent_role", True, 150),
    Column("district", "District", "district", False, 120),
    Column("team", "Team", "team", False, 130),
    Column("channel", "Channel", "channel", False, 110),
    Column("age_band", "Age band", "age_band", False, 80),
    Column("event", "Event", "event", False, 180),
    Column("rating", "Faces", "rating", False, 70),
    Column("safeguarding", "Safeguarding", "safeguarding", True, 110),
    Column("consent_quote", "May quote", "consent_quote", False, 90),
    Column("needs_review", "To review", "needs_review", False, 90),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
DEFAULT_COLUMNS = tuple(c.key for c in COLUMNS if c.default)

_SENTIMENT_COLOURS = {"positive": QColor("#1b6e2d"), "negative": QColor("#a4161a"),
                      "neutral": QColor("#555555")}
_FLAG_BACKGROUND = QColor("#fde2e1")
FACES = {1: "very unhappy", 2: "unhappy", 3: "okay", 4: "happy", 5: "very happy"}

Fetch = Callable[[FeedbackFilter, str, bool, int, int], BrowsePage]


def kind_label(kind: str) -> str:
    try:
        return RecordKind(kind).label
    except ValueError:
        return kind


class FeedbackTableModel(QAbstractTableModel):
    loading_changed = Signal(bool)
    page_loaded = Signal(int, float)  # rows held now, seconds the page took
    load_failed = Signal(object)

    def __init__(self, fetch: Fetch, runner: Callable | None = None, page_size: int = 200,
                 parent: QObject | None = None) -> None:
        """`fetch(filter, sort, descending, offset, limit)` returns a BrowsePage; it runs in the
        background through `runner(fn, *args, on_result=, on_error=)` (None: synchronously,
        for tests and benchmarks)."""
        super().__init__(parent)
        self._fetch = fetch
        self._runner = runner
        self.page_size = page_size
        self._rows: list[FeedbackRow] = []
        self._index: dict[int, int] = {}
        self._ref: ReferenceData | None = None
        self.filter = FeedbackFilter()
        self.sort_key = "received_on"
        self.descending = True
        self._has_more = False
        self._loading = False
        self._generation = 0
        self._started = 0.0
        self._active = False  # becomes True with the first query

    # ------------------------------------------------------------------ query

    def set_reference(self, ref: ReferenceData) -> None:
        self._ref = ref
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    @property
    def reference(self) -> ReferenceData | None:
        return self._ref

    def set_query(self, flt: FeedbackFilter | None = None, sort: str | None = None,
                  descending: bool | None = None) -> None:
        """Start again from the first page with a new filter and/or sort."""
        if flt is not None:
            self.filter = flt
        if sort is not None:
            self.sort_key = sort
        if descending is not None:
            self.descending = descending
        self.reload()

    def reload(self) -> None:
        self._active = True
        self._generation += 1
        self.beginResetModel()
        self._rows, self._index = [], {}
        self._has_more = False
        self.endResetModel()
        self._load(0)

    @property
    def loading(self) -> bool:
        return self._loading

    def _set_loading(self, value: bool) -> None:
        if self._loading != value:
            self._loading = value
            self.loading_changed.emit(value)

    def _load(self, offset: int) -> None:
        generation = self._generation
        self._set_loading(True)
        self._started = time.perf_counter()
        args = (self.filter, self.sort_key, self.descending, offset, self.page_size)
        if self._runner is None:
            try:
                page = self._fetch(*args)
            except Exception as exc:  # surfaced to the page, which shows a dialog
                self._failed(generation, exc)
            else:
                self._arrived(generation, page)
            return
        self._runner(self._fetch, *args,
                     on_result=lambda page: self._arrived(generation, page),
                     on_error=lambda exc, *_: self._failed(generation, exc))

    def _arrived(self, generation: int, page: BrowsePage) -> None:
        if generation != self._generation:
            return  # an old query finished after the filter changed
        if page.offset != len(self._rows):
            self._set_loading(False)
            return
        # Still "loading" while rows go in: a view (or the model tester) reacting to the
        # insertion must not start another fetch in the middle of this one.
        self._has_more = page.has_more
        new = [r for r in page.rows if r.id not in self._index]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for r in new:
                self._index[r.id] = len(self._rows)
                self._rows.append(r)
            self.endInsertRows()
        self._set_loading(False)
        self.page_loaded.emit(len(self._rows), time.perf_counter() - self._started)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self._has_more = False
        self.load_failed.emit(exc)

    # ------------------------------------------------------------------ lazy fetching

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return self._has_more and not self._loading

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._has_more or self._loading:
            return
        self._load(len(self._rows))

    # ------------------------------------------------------------------ Qt model API

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            col = COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"Sort by {col.title.lower()}" if col.sort_key
                        else f"{col.title} (cannot be sorted)")
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column].sort_key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = COLUMNS[column].sort_key
        if not self._active:
            # Before the first query (the view applies its sort indicator as it is set up):
            # remember the order, fetch nothing yet.
            self.sort_key, self.descending = key, descending
            return
        if key == self.sort_key and descending == self.descending:
            return
        self.set_query(sort=key, descending=descending)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "text":
                return row.text
            if key == "themes":
                return "\n".join(self._theme_names(row))
            if key == "sentiment" and row.sentiment_overridden:
                return "Set by an officer (overrides the automatic label)"
            if key == "safeguarding" and row.safeguarding_flag:
                return "Flagged for a manager's safeguarding review"
            return None
        if role == Qt.ItemDataRole.ForegroundRole and key == "sentiment":
            colour = _SENTIMENT_COLOURS.get(row.sentiment or "")
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.BackgroundRole and key == "safeguarding" and \
                row.safeguarding_flag:
            return QBrush(_FLAG_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole:
            if key == "sentiment" and row.sentiment_overridden:
                font = QFont()
                font.setItalic(True)
                return font
            if key == "safeguarding" and row.safeguarding_flag:
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("id", "rating"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, key)
        return None

    def _theme_names(self, row: FeedbackRow) -> list[str]:
        if self._ref is None:
            return [str(t) for t in row.theme_ids]
        return [self._ref.theme_name(t) for t in row.theme_ids]

    def _display(self, row: FeedbackRow, key: str) -> str:
        ref = self._ref
        label = ref.label if ref is not None else (lambda i: "" if i is None else str(i))
        if key == "id":
            return str(row.id)
        if key == "received_on":
            return row.received_on.strftime("%d %b %Y")
        if key == "kind":
            return kind_label(row.kind)
        if key == "text":
            return " ".join(row.text.split())
        if key == "sentiment":
            text = (row.sentiment or "").capitalize()
            return f"{text} (officer)" if row.sentiment_overridden and text else text
        if key == "themes":
            return ", ".join(n for n in self._theme_names(row) if n)
        if key == "service_area":
            return label(row.service_area_id)
        if key == "respondent_role":
            return label(row.respondent_role_id)
        if key == "district":
            return label(row.district_id)
        if key == "team":
            return label(row.team_id)
        if key == "channel":
            return label(row.channel_id)
        if key == "age_band":
            return row.age_band or ""
        if key == "event":
            return ref.event_label(row.event_id) if ref is not None else ""
        if key == "rating":
            return FACES.get(row.rating, "") if row.rating else ""
        if key == "safeguarding":
            return "⚠ Flagged" if row.safeguarding_flag else ""
        if key == "consent_quote":
            return "Yes" if row.consent_quote else "No"
        if key == "needs_review":
            return "To review" if row.needs_review else "Reviewed"
        return ""

    # ------------------------------------------------------------------ access

    def row(self, i: int) -> FeedbackRow:
        return self._rows[i]

    def row_of(self, feedback_id: int) -> int | None:
        return self._index.get(feedback_id)

    def ids(self, rows: list[int]) -> list[int]:
        return [self._rows[r].id for r in rows if 0 <= r < len(self._rows)]

    @property
    def has_more(self) -> bool:
        return self._has_more

    def update_from_detail(self, d: FeedbackDetail) -> None:
        """Refresh one row after the record was edited in the detail pane."""
        i = self._index.get(d.id)
        if i is None:
            return
        self._rows[i] = FeedbackRow(
            id=d.id, version=d.version, kind=d.kind, received_on=d.received_on,
            channel_id=d.channel_id, respondent_role_id=d.respondent_role_id,
            service_area_id=d.service_area_id, team_id=d.team_id, district_id=d.district_id,
            age_band=d.age_band, text=d.text[:400], sentiment=d.effective_sentiment,
            sentiment_overridden=d.sentiment_override is not None,
            safeguarding_flag=d.safeguarding_flag, consent_quote=d.consent_quote,
            needs_review=d.needs_review, anonymous=d.anonymous, event_id=d.event_id,
            rating=d.rating,
            theme_ids=tuple(t.theme_id for t in d.themes if t.status != "rejected"))
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
