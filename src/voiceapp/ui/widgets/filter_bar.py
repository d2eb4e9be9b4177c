"""The filter bar above the browse table: free-text search, kind, financial quarter or date
range, service area, team, district, who said it, theme (including its sub-themes), sentiment,
safeguarding, consent to quote and review state; combined with AND, each choice showing how many
records it would give, and saved by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import RecordKind
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.services.feedback import FacetCounts, FeedbackFilter, ReferenceData, SavedFilterView

from .flow_layout import FlowLayout

ANY = "Any"
NO_DATE = QDate(1900, 1, 1)
SEARCH_DEBOUNCE_MS = 300


class FacetCombo(QComboBox):
    """A combo whose entries can show a count: "Compliment (1,234)"."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._labels: list[str] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(9)

    def set_items(self, items: Sequence[tuple[object, str]]) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self._labels = []
        self.addItem(ANY, None)
        self._labels.append(ANY)
        for value, label in items:
            self.addItem(label, value)
            self._labels.append(label)
        i = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(0, i))
        self.blockSignals(False)

    def set_counts(self, counts: dict | None) -> None:
        for i in range(1, self.count()):
            label = self._labels[i]
            if counts is None:
                self.setItemText(i, label)
            else:
                self.setItemText(i, f"{label} ({counts.get(self.itemData(i), 0):,})")

    def value(self):
        return self.currentData()

    def set_value(self, value) -> None:
        i = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(0, i))


class FilterBar(QWidget):
    filter_changed = Signal(object)  # FeedbackFilter
    save_requested = Signal()
    delete_requested = Signal(int)  # saved filter id
    saved_chosen = Signal(object)  # SavedFilterView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._emit_blocked = False
        self._saved: list[SavedFilterView] = []

        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText("Search what people said…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        self.kind = FacetCombo("filterKind")
        self.kind.set_items([(k.value, k.label) for k in RecordKind])
        self.quarter = FacetCombo("filterQuarter")
        self.date_from = self._date_edit("filterFrom")
        self.date_to = self._date_edit("filterTo")
        self.service_area = FacetCombo("filterServiceArea")
        self.service_area.setMinimumContentsLength(14)
        self.team = FacetCombo("filterTeam")
        self.district = FacetCombo("filterDistrict")
        self.role = FacetCombo("filterRole")
        self.role.setMinimumContentsLength(12)
        self.theme = FacetCombo("filterTheme")
        self.theme.setMinimumContentsLength(14)
        self.sentiment = FacetCombo("filterSentiment")
        self.sentiment.set_items([("positive", "Positive"), ("neutral", "Neutral"),
                                  ("negative", "Negative")])
        self.safeguarding = FacetCombo("filterSafeguarding")
        self.safeguarding.set_items([(True, "Flagged"), (False, "Not flagged")])
        self.consent = FacetCombo("filterConsent")
        self.consent.set_items([(True, "May quote"), (False, "May not quote")])
        self.review = FacetCombo("filterReview")
        self.review.set_items([(True, "To review"), (False, "Reviewed")])

        # The filters wrap onto more rows when the window is narrow (flow layout).
        grid = FlowLayout(spacing=8)
        cells = [
            ("Kind", self.kind), ("Quarter", self.quarter), ("From", self.date_from),
            ("To", self.date_to), ("Sentiment", self.sentiment), ("Theme", self.theme),
            ("Service area", self.service_area), ("Team", self.team),
            ("District", self.district), ("Who", self.role), ("Safeguarding", self.safeguarding),
            ("Quotes", self.consent), ("Review", self.review),
        ]
        for label, w in cells:
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(1)
            lab = QLabel(label)
            lab.setBuddy(w)
            lab.setStyleSheet("color: #444; font-size: 9pt;")
            box.addWidget(lab)
            box.addWidget(w)
            grid.addWidget(cell)
        self.filters_host = QWidget()
        self.filters_host.setLayout(grid)

        self.count_label = QLabel("")
        self.count_label.setObjectName("countLabel")
        self.count_label.setStyleSheet("font-weight: 600;")
        self.saved_combo = QComboBox()
        self.saved_combo.setObjectName("savedFilters")
        self.saved_combo.setMinimumContentsLength(12)
        self.saved_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved_combo.activated.connect(self._saved_activated)
        self.save_button = QPushButton("Save filter…")
        self.save_button.setObjectName("saveFilter")
        self.save_button.clicked.connect(self.save_requested)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteFilter")
        self.delete_button.setToolTip("Delete the saved filter chosen on the left")
        self.delete_button.clicked.connect(self._delete_clicked)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear)

        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.saved_combo, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filters_host)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        layout.addLayout(bottom)

        for combo in (self.kind, self.quarter, self.service_area, self.team, self.district,
                      self.role, self.theme, self.sentiment, self.safeguarding, self.consent,
                      self.review):
            combo.currentIndexChanged.connect(lambda _i: self._changed())
        self.service_area.currentIndexChanged.connect(lambda _i: self._fill_teams())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self._changed())
        self.ref: ReferenceData | None = None
        self._fill_saved()

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("any date")
        edit.setDate(NO_DATE)
        return edit

    # ------------------------------------------------------------------ choices

    def set_reference(self, ref: ReferenceData, quarters: Sequence[FinancialQuarter]) -> None:
        self.ref = ref
        self._emit_blocked = True
        self.quarter.set_items([(q.code, q.label) for q in quarters])
        self.service_area.set_items([(o.id, o.label) for o in ref.service_areas])
        self.district.set_items([(o.id, o.label) for o in ref.districts])
        self.role.set_items([(o.id, o.label) for o in ref.respondent_roles])
        children: dict[int | None, list] = {}
        for t in ref.themes:
            if not t.retired:
                children.setdefault(t.parent_id, []).append(t)
        items: list[tuple[int, str]] = []

        def walk(parent, depth):
            for t in children.get(parent, ()):
                items.append((t.id, "    " * depth + t.name))
                walk(t.id, depth + 1)

        walk(None, 0)
        self.theme.set_items(items)
        self._fill_teams()
        self._emit_blocked = False

    def _fill_teams(self) -> None:
        if self.ref is None:
            return
        area = self.service_area.value()
        self.team.set_items([(o.id, o.label) for o in self.ref.teams
                             if area is None or o.parent_id == area])
        self.team.setEnabled(self.team.count() > 1)

    def set_saved_filters(self, saved: Sequence[SavedFilterView]) -> None:
        self._saved = list(saved)
        self._fill_saved()

    def _fill_saved(self) -> None:
        self.saved_combo.blockSignals(True)
        self.saved_combo.clear()
        self.saved_combo.addItem("Saved filters…" if self._saved else "No saved filters", None)
        for sf in self._saved:
            self.saved_combo.addItem(sf.name, sf.id)
        self.saved_combo.blockSignals(False)
        self.delete_button.setEnabled(False)

    def _saved_activated(self, index: int) -> None:
        fid = self.saved_combo.itemData(index)
        self.delete_button.setEnabled(fid is not None)
        for sf in self._saved:
            if sf.id == fid:
                self.set_filter(sf.filter)
                self.saved_chosen.emit(sf)

    def _delete_clicked(self) -> None:
        fid = self.saved_combo.currentData()
        if fid is not None:
            self.delete_requested.emit(int(fid))

    def select_saved(self, name: str) -> None:
        i = self.saved_combo.findText(name)
        if i >= 0:
            self.saved_combo.setCurrentIndex(i)
            self.delete_button.setEnabled(True)

    # ------------------------------------------------------------------ value

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._changed()

    def _changed(self) -> None:
        if not self._emit_blocked:
            self.filter_changed.emit(self.filter())

    @staticmethod
    def _date(edit: QDateEdit) -> date | None:
        d = edit.date()
        if d == NO_DATE:
            return None
        return date(d.year(), d.month(), d.day())

    def filter(self) -> FeedbackFilter:
        one = lambda v: () if v is None else (v,)  # noqa: E731
        return FeedbackFilter(
            kinds=one(self.kind.value()), quarter=self.quarter.value(),
            date_from=self._date(self.date_from), date_to=self._date(self.date_to),
            service_area_ids=one(self.service_area.value()), team_ids=one(self.team.value()),
            district_ids=one(self.district.value()),
            respondent_role_ids=one(self.role.value()), theme_ids=one(self.theme.value()),
            sentiments=one(self.sentiment.value()), safeguarding=self.safeguarding.value(),
            consent_quote=self.consent.value(), needs_review=self.review.value(),
            search=self.search.text().strip())

    def set_filter(self, flt: FeedbackFilter) -> None:
        """Show `flt` (a saved filter, a drill-down from another page) and emit it once."""
        first = lambda t: t[0] if t else None  # noqa: E731
        self._emit_blocked = True
        self._search_timer.stop()
        self.search.setText(flt.search)
        self._search_timer.stop()
        self.kind.set_value(first(flt.kinds))
        if flt.quarter and self.quarter.findData(flt.quarter) < 0:
            try:
                q = FinancialQuarter.parse(flt.quarter)
                self.quarter.addItem(q.label, q.code)
                self.quarter._labels.append(q.label)
            except ValueError:
                pass
        self.quarter.set_value(flt.quarter)
        for edit, value in ((self.date_from, flt.date_from), (self.date_to, flt.date_to)):
            edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        self.service_area.set_value(first(flt.service_area_ids))
        self._fill_teams()
        self.team.set_value(first(flt.team_ids))
        self.district.set_value(first(flt.district_ids))
        self.role.set_value(first(flt.respondent_role_ids))
        self.theme.set_value(first(flt.theme_ids))
        self.sentiment.set_value(first(flt.sentiments))
        self.safeguarding.set_value(flt.safeguarding)
        self.consent.set_value(flt.consent_quote)
        self.review.set_value(flt.needs_review)
        self._emit_blocked = False
        self._changed()

    def clear(self) -> None:
        self.set_filter(FeedbackFilter())
        self.saved_combo.setCurrentIndex(0)
        self.delete_button.setEnabled(False)

    # ------------------------------------------------------------------ counts

    def set_total(self, total: int | None, loading: bool = False) -> None:
        if total is None:
            self.count_label.setText("Counting…" if loading else "")
        else:
            self.count_label.setText(f"{total:,} record{'s' if total != 1 else ''} match"
                                     f"{'es' if total == 1 else ''}")

    def set_facets(self, facets: FacetCounts | None) -> None:
        if facets is None:
            for combo in (self.kind, self.sentiment, self.service_area, self.district, self.role,
                          self.safeguarding, self.consent):
                combo.set_counts(None)
            return
        self.kind.set_counts(facets.kind)
        self.sentiment.set_counts(facets.sentiment)
        self.service_area.set_counts(facets.service_area)
        self.district.set_counts(facets.district)
        self.role.set_counts(facets.respondent_role)
        self.safeguarding.set_counts(facets.safeguarding)
        self.consent.set_counts(facets.consent_quote)
        self.set_total(facets.total)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
