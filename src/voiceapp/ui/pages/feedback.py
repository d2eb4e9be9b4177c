"""The Feedback page: browse every record (a million stays smooth), capture new ones, review
suggested themes and sentiment, and start event mode.

- Browse: filter bar (counts beside each choice, saved filters), a lazily fetched table whose
  sorting and filtering run in SQL, columns chosen from the header's context menu, a detail pane
  with the full record (edit in place), its history and linked actions; bulk actions on the
  selection (add or remove a theme, set service area, link to a You Said, We Did action,
  export).
- Review queue: the keyboard-driven queue of unconfirmed suggestions.
"""

from __future__ import annotations

import importlib
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import RecordKind
from voiceapp.services import feedback as feedback_service
from voiceapp.services.feedback import FeedbackFilter, ReferenceData
from voiceapp.services.permissions import Permission, allowed

from ..context import UiContext
from ..dialogs.feedback_bulk import BulkPickDialog
from ..dialogs.feedback_entry import FeedbackEntryDialog
from ..models.feedback_table import COLUMN_KEYS, COLUMNS, DEFAULT_COLUMNS, FeedbackTableModel
from ..settings_store import Preferences, WindowState
from ..widgets.analysis_panel import theme_paths
from ..widgets.feedback_detail import FeedbackDetailPane
from ..widgets.filter_bar import FilterBar
from ..widgets.review_queue import ReviewQueueWidget

FACET_DELAY_MS = 250
DETAIL_DELAY_MS = 120


class FeedbackPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ref: ReferenceData | None = None
        self.prefs = Preferences()
        self.window_state = WindowState()
        self._facet_task = None
        self._pending_navigation: dict | None = None
        self._select_after_load: int | None = None
        self.event_window = None
        self.dialog: FeedbackEntryDialog | None = None
        self._stale = False
        self._pending_new: str | None = None

        # ---------------------------------------------------------------- toolbar
        self.new_button = QToolButton()
        self.new_button.setObjectName("newRecord")
        self.new_button.setText("New record")
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.new_button.setToolTip("Record new feedback (Ctrl+N)")
        menu = QMenu(self.new_button)
        for kind in RecordKind:
            act = menu.addAction(kind.label + "…")
            act.triggered.connect(partial(self.new_record, kind.value))
        self.new_button.setMenu(menu)
        self.new_button.clicked.connect(lambda: self.new_record())
        self.event_button = QPushButton("Event mode…")
        self.event_button.setObjectName("eventMode")
        self.event_button.setToolTip("Comment after comment at a busy event, one keystroke each")
        self.event_button.clicked.connect(self.open_event_mode)
        self.bulk_button = QToolButton()
        self.bulk_button.setObjectName("bulkActions")
        self.bulk_button.setText("Selected records")
        self.bulk_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.bulk_menu = QMenu(self.bulk_button)
        self.bulk_actions: dict[str, QAction] = {}
        for key, text, fn in (("add_theme", "Add a theme…", self.bulk_add_theme),
                              ("remove_theme", "Remove a theme…", self.bulk_remove_theme),
                              ("service_area", "Set service area…", self.bulk_service_area),
                              ("link_action", "Link to a You Said, We Did action…",
                               self.bulk_link_action),
                              ("export", "Export…", self.export)):
            act = self.bulk_menu.addAction(text)
            act.triggered.connect(fn)
            self.bulk_actions[key] = act
        self.bulk_button.setMenu(self.bulk_menu)
        self.selection_label = QLabel("")
        self.selection_label.setObjectName("selectionLabel")
        can_capture = allowed(ctx.actor, Permission.CAPTURE)
        self.new_button.setEnabled(can_capture)
        self.event_button.setEnabled(can_capture)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.event_button)
        bar.addSpacing(16)
        bar.addWidget(self.bulk_button)
        bar.addWidget(self.selection_label)
        bar.addStretch(1)

        # ---------------------------------------------------------------- browse tab
        self.filter_bar = FilterBar()
        self.filter_bar.filter_changed.connect(self._filter_changed)
        self.filter_bar.save_requested.connect(self.save_filter)
        self.filter_bar.delete_requested.connect(self.delete_filter)

        self.model = FeedbackTableModel(
            lambda flt, sort, desc, offset, limit: feedback_service.browse(
                ctx.db, ctx.actor, flt, sort, desc, offset, limit), ctx.run)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.load_failed.connect(lambda exc: ctx.show_error(self, exc,
                                                                  "The records could not load"))
        self.model.loading_changed.connect(self._loading_changed)
        self.table = QTableView()
        self.table.setObjectName("feedbackTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSortIndicator(COLUMN_KEYS.index("received_on"),
                                                       Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, col.width)
        header.setSectionResizeMode(COLUMN_KEYS.index("text"), QHeaderView.ResizeMode.Interactive)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.bulk_menu.exec(self.table.viewport().mapToGlobal(pos)))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.table.doubleClicked.connect(lambda _ix: self.detail.tabs.setCurrentIndex(0))

        self.empty = QLabel()
        self.empty.setObjectName("browseEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 12pt; padding: 40px;")
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty)

        self.detail = FeedbackDetailPane(ctx)
        self.detail.saved.connect(self.model.update_from_detail)
        self.splitter = QSplitter()
        self.splitter.setObjectName("feedbackSplitter")
        self.splitter.addWidget(self.table_stack)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([700, 420])

        browse = QWidget()
        bl = QVBoxLayout(browse)
        bl.setContentsMargins(0, 4, 0, 0)
        bl.addWidget(self.filter_bar)
        bl.addWidget(self.splitter, 1)

        # ---------------------------------------------------------------- review tab
        self.review = ReviewQueueWidget(ctx)
        self.review.count_changed.connect(self._review_count)
        self.review.reviewed.connect(lambda _fid: self._schedule_facets())

        self.tabs = QTabWidget()
        self.tabs.setObjectName("feedbackTabs")
        self.tabs.addTab(browse, "Browse")
        self.tabs.addTab(self.review, "Review queue")
        self.tabs.currentChanged.connect(self._tab_changed)
        if not allowed(ctx.actor, Permission.REVIEW_THEMES):
            self.tabs.setTabEnabled(1, False)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self._facet_timer = QTimer(self)
        self._facet_timer.setSingleShot(True)
        self._facet_timer.setInterval(FACET_DELAY_MS)
        self._facet_timer.timeout.connect(self._load_facets)
        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(DETAIL_DELAY_MS)
        self._detail_timer.timeout.connect(self._show_current_detail)

        self._restore_layout()
        self._selection_changed()
        self._show_message("Loading…")
        ctx.data_changed.connect(self._data_changed)
        # The newest records and the reference lists load side by side; the table appears when
        # both are in (labels come from the lists).
        self.model.set_query(FeedbackFilter())
        self.load_reference()

    # ------------------------------------------------------------------ start-up

    def load_reference(self) -> None:
        ctx = self.ctx

        def load():
            ref = feedback_service.reference_data(ctx.db, ctx.actor)
            quarters = feedback_service.quarters_with_records(ctx.db, ctx.actor)
            saved = feedback_service.saved_filters(ctx.db, ctx.actor)
            return ref, quarters, saved

        ctx.run(load, on_result=self._reference_loaded,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "The Feedback page could "
                                                        "not load"))

    def _reference_loaded(self, result) -> None:
        ref, quarters, saved = result
        first = self.ref is None
        self.ref = ref
        self.model.set_reference(ref)
        self.detail.set_reference(ref)
        self.review.set_themes(list(ref.themes))
        self.filter_bar.set_reference(ref, quarters)
        self.filter_bar.set_saved_filters(saved)
        if first:
            if self._pending_navigation is not None:
                kwargs, self._pending_navigation = self._pending_navigation, None
                self.navigate_to(**kwargs)
            else:
                self._schedule_facets()
                if not self.model.loading:
                    self._page_loaded(self.model.rowCount(), 0.0)
            self.review.refresh()
            if self._pending_new is not None:
                kind, self._pending_new = self._pending_new, None
                self.new_record(kind)

    # ------------------------------------------------------------------ table

    def _filter_changed(self, flt: FeedbackFilter) -> None:
        if self.ref is None:
            return
        self.detail.clear()
        self.filter_bar.set_total(None, loading=True)
        self.filter_bar.set_facets(None)
        self.model.set_query(flt)
        self._schedule_facets()

    def _sort_indicator_changed(self, column: int, _order) -> None:
        if COLUMNS[column].sort_key is None:
            # Not sortable: put the indicator back where the data is sorted.
            for i, col in enumerate(COLUMNS):
                if col.sort_key == self.model.sort_key:
                    order = (Qt.SortOrder.DescendingOrder if self.model.descending
                             else Qt.SortOrder.AscendingOrder)
                    header = self.table.horizontalHeader()
                    header.blockSignals(True)
                    header.setSortIndicator(i, order)
                    header.blockSignals(False)
                    break

    def _loading_changed(self, loading: bool) -> None:
        if loading and self.model.rowCount() == 0:
            self._show_message("Loading…")

    def _page_loaded(self, rows: int, _seconds: float) -> None:
        if self.ref is None:
            return  # shown once the reference lists are in (_reference_loaded)
        if rows == 0:
            flt = self.model.filter
            if flt.is_empty():
                self._show_message("No feedback has been recorded yet.\n\nPress Ctrl+N (or "
                                   "New record) to record the first, use Event mode at an event, "
                                   "or import a file with File > Import.")
            else:
                self._show_message("No records match these filters.\n\nChange or clear the "
                                   "filters (Clear filters) to see more.")
        else:
            self.table_stack.setCurrentIndex(0)
        if self._select_after_load is not None:
            row = self.model.row_of(self._select_after_load)
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                self._select_after_load = None
            elif self.model.has_more and rows < 5000:
                self.model.fetchMore()
            else:
                self._select_after_load = None

    def _show_message(self, text: str) -> None:
        self.empty.setText(text)
        self.table_stack.setCurrentIndex(1)

    def _schedule_facets(self) -> None:
        self._facet_timer.start()

    def _load_facets(self) -> None:
        if self._facet_task is not None:
            self._facet_task.cancel()
        flt = self.model.filter
        ctx = self.ctx
        task_box: dict = {}

        def done(facets) -> None:
            if task_box.get("task") is self._facet_task and flt == self.model.filter:
                self.filter_bar.set_facets(facets)

        self.filter_bar.set_total(None, loading=True)
        self._facet_task = ctx.run(feedback_service.facet_counts, ctx.db, ctx.actor, flt,
                                   pass_task=True, background=True, on_result=done,
                                   on_error=lambda *_: self.filter_bar.set_total(None))
        task_box["task"] = self._facet_task

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        n = len(ids)
        self.bulk_button.setEnabled(n > 0)
        self.selection_label.setText(f"{n:,} selected" if n > 1 else "")
        actor = self.ctx.actor
        self.bulk_actions["add_theme"].setEnabled(allowed(actor, Permission.REVIEW_THEMES))
        self.bulk_actions["remove_theme"].setEnabled(allowed(actor, Permission.REVIEW_THEMES))
        self.bulk_actions["service_area"].setEnabled(allowed(actor, Permission.CAPTURE))
        self.bulk_actions["link_action"].setEnabled(allowed(actor, Permission.MANAGE_ACTIONS))
        self._detail_timer.start()

    def _show_current_detail(self) -> None:
        index = self.table.currentIndex()
        ids = self.selected_ids()
        if not index.isValid() or not ids:
            self.detail.clear()
            return
        if self.detail.dirty:
            return  # never throw away edits in progress; the user saves or discards first
        self.detail.show_record(self.model.row(index.row()).id)

    def selected_ids(self) -> list[int]:
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()})
        return self.model.ids(rows)

    # ------------------------------------------------------------------ columns

    def visible_columns(self) -> list[str]:
        return [c.key for i, c in enumerate(COLUMNS) if not self.table.isColumnHidden(i)]

    def set_visible_columns(self, keys: list[str]) -> None:
        keys = [k for k in keys if k in COLUMN_KEYS] or list(DEFAULT_COLUMNS)
        for i, col in enumerate(COLUMNS):
            self.table.setColumnHidden(i, col.key not in keys)
        self.prefs.browse_columns = keys

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addSection("Columns to show")
        visible = set(self.visible_columns())
        for col in COLUMNS:
            act = menu.addAction(col.title)
            act.setCheckable(True)
            act.setChecked(col.key in visible)
            act.toggled.connect(partial(self._toggle_column, col.key))
        menu.addSeparator()
        menu.addAction("Reset to the default columns",
                       lambda: self.set_visible_columns(list(DEFAULT_COLUMNS)))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _toggle_column(self, key: str, on: bool) -> None:
        keys = set(self.visible_columns())
        if on:
            keys.add(key)
        elif len(keys) > 1:
            keys.discard(key)
        self.set_visible_columns([k for k in COLUMN_KEYS if k in keys])

    def _restore_layout(self) -> None:
        state = self.window_state.get_bytes("feedback/header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)
        split = self.window_state.get_bytes("feedback/splitter")
        if split is not None:
            self.splitter.restoreState(split)
        self.set_visible_columns(self.prefs.browse_columns or list(DEFAULT_COLUMNS))
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(COLUMN_KEYS.index("received_on"), Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)

    def shutdown(self) -> None:
        """Called by the main window on close: keep the layout; retrain after a review session."""
        self.window_state.set_bytes("feedback/header", self.table.horizontalHeader().saveState())
        self.window_state.set_bytes("feedback/splitter", self.splitter.saveState())
        self.review.retrain()
        if self.event_window is not None:
            self.event_window.close()

    # ------------------------------------------------------------------ main window hooks

    def refresh(self) -> None:
        """F5: reload lists, the table (same filter and sort) and the counts."""
        self.load_reference()
        if self.ref is not None:
            self.model.reload()
            self._schedule_facets()
            self.review.refresh()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.filter_bar.focus_search()

    def new_record(self, kind: str | None = None) -> FeedbackEntryDialog | None:
        if not allowed(self.ctx.actor, Permission.CAPTURE):
            return None
        if self.ref is None:
            self._pending_new = kind or RecordKind.COMMENT.value  # opens once the lists load
            return None
        dialog = FeedbackEntryDialog(self.ctx, self.ref, kind or RecordKind.COMMENT.value, self)
        dialog.saved.connect(self._record_saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _record_saved(self, detail) -> None:
        self._select_after_load = detail.id
        self.model.reload()
        self._schedule_facets()
        self.review.refresh()

    def navigate_to(self, **kwargs) -> None:
        """Drill down from another page, e.g. navigate_to(theme="communication",
        quarter="2025-26-Q2", sentiment="negative") or navigate_to(feedback_id=123)."""
        if self.ref is None:
            self._pending_navigation = kwargs
            return
        self.tabs.setCurrentIndex(0)
        by_slug = {t.slug: t.id for t in self.ref.themes}
        by_code = {o.code: o.id for group in (self.ref.service_areas, self.ref.districts,
                                               self.ref.respondent_roles) for o in group}

        def ids(value, lookup=None):
            if value is None:
                return ()
            values = value if isinstance(value, list | tuple) else (value,)
            out = []
            for v in values:
                if isinstance(v, str) and lookup is not None:
                    v = lookup.get(v)
                if v is not None:
                    out.append(int(v))
            return tuple(out)

        flt = FeedbackFilter(
            kinds=(kwargs["kind"],) if kwargs.get("kind") else (),
            quarter=kwargs.get("quarter"), date_from=kwargs.get("date_from"),
            date_to=kwargs.get("date_to"),
            service_area_ids=ids(kwargs.get("service_area", kwargs.get("service_area_id")),
                                 by_code),
            district_ids=ids(kwargs.get("district", kwargs.get("district_id")), by_code),
            respondent_role_ids=ids(kwargs.get("respondent_role"), by_code),
            theme_ids=ids(kwargs.get("theme", kwargs.get("theme_id")), by_slug),
            sentiments=(kwargs["sentiment"],) if kwargs.get("sentiment") else (),
            safeguarding=kwargs.get("safeguarding"), consent_quote=kwargs.get("consent_quote"),
            needs_review=kwargs.get("needs_review"), search=kwargs.get("search", ""))
        if kwargs.get("feedback_id"):
            self._select_after_load = int(kwargs["feedback_id"])
            self.detail.show_record(int(kwargs["feedback_id"]))
        if kwargs.get("review"):
            self.tabs.setCurrentIndex(1)
        self.filter_bar.set_filter(flt)

    def open_event_mode(self):
        from ..event_mode import EventModeWindow

        if self.event_window is None:
            self.event_window = EventModeWindow(self.ctx)
            self.event_window.destroyed.connect(lambda *_: setattr(self, "event_window", None))
            # Comments saved at the event appear in the table when event mode is closed.
            self.event_window.saved.connect(lambda _d: setattr(self, "_stale", True))
            self.event_window.closed.connect(self._event_mode_closed)
        self.event_window.show()
        self.event_window.raise_()
        self.event_window.activateWindow()
        return self.event_window

    def _event_mode_closed(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.review.list.setFocus()
        else:
            self.review.retrain()

    def _review_count(self, n: int) -> None:
        self.tabs.setTabText(1, f"Review queue ({n:,})" if n else "Review queue")

    def _data_changed(self, what: str) -> None:
        if what in ("codebook", "reference"):
            self.load_reference()
        elif what == "feedback" and not self.isVisible():
            # Changed on another page (an import, a complaint): refresh when shown again.
            self._stale = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # ------------------------------------------------------------------ saved filters

    def save_filter(self) -> None:
        name, ok = QInputDialog.getText(self, "Save filter", "Name for these filters:")
        if ok and name.strip():
            self.save_filter_as(name.strip())

    def save_filter_as(self, name: str) -> None:
        ctx = self.ctx
        flt = self.filter_bar.filter()

        def done(_view) -> None:
            ctx.run(feedback_service.saved_filters, ctx.db, ctx.actor,
                    on_result=lambda saved: (self.filter_bar.set_saved_filters(saved),
                                             self.filter_bar.select_saved(name)))

        ctx.run(feedback_service.save_filter, ctx.db, ctx.actor, name, flt, on_result=done,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "The filter was not saved"))

    def delete_filter(self, filter_id: int) -> None:
        ctx = self.ctx
        ctx.run(feedback_service.delete_saved_filter, ctx.db, ctx.actor, filter_id,
                on_result=lambda _r: ctx.run(feedback_service.saved_filters, ctx.db, ctx.actor,
                                             on_result=self.filter_bar.set_saved_filters),
                on_error=lambda exc, *_: ctx.show_error(self, exc))

    # ------------------------------------------------------------------ bulk actions

    def _pick(self, title: str, prompt: str, options, allow_none: str | None = None):
        dialog = BulkPickDialog(title, prompt, options, self, allow_none=allow_none)
        self.pick_dialog = dialog
        if dialog.exec() != BulkPickDialog.DialogCode.Accepted:
            return False, None
        return True, dialog.value()

    def _run_bulk(self, label: str, fn, *args) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        ctx = self.ctx

        def done(result) -> None:
            self.selection_label.setText(result.summary)
            ctx.data_changed.emit("feedback")
            self.model.reload()
            self._schedule_facets()

        ctx.run_with_progress(self, label, fn, ctx.db, ctx.actor, ids, *args, on_result=done)

    def bulk_add_theme(self) -> None:
        if self.ref is None:
            return
        ok, tid = self._pick("Add a theme", f"Tag the {len(self.selected_ids()):,} selected "
                             "record(s) with:", theme_paths(self.ref.themes))
        if ok and tid is not None:
            self._run_bulk("Adding the theme…", feedback_service.bulk_add_theme, int(tid))

    def bulk_remove_theme(self) -> None:
        if self.ref is None:
            return
        ok, tid = self._pick("Remove a theme", "Remove this theme from the selected records:",
                             theme_paths(self.ref.themes))
        if ok and tid is not None:
            self._run_bulk("Removing the theme…", feedback_service.bulk_remove_theme, int(tid))

    def bulk_service_area(self) -> None:
        if self.ref is None:
            return
        ok, area = self._pick("Set service area", "Set the service area of the selected "
                              "records to:", [(o.id, o.label) for o in self.ref.service_areas
                                              if o.active], allow_none="(none: not known)")
        if ok:
            self._run_bulk("Setting the service area…", feedback_service.bulk_set_service_area,
                           area)

    def bulk_link_action(self) -> None:
        ctx = self.ctx

        def chosen(actions) -> None:
            if not actions:
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.information(self, "No actions yet",
                                        "There are no You Said, We Did actions to link to yet. "
                                        "Create one on the You Said We Did page first.")
                return
            ok, aid = self._pick("Link to an action", "Link the selected records to:",
                                 [(a.id, f"{a.reference} – {a.summary[:80]} ({a.status})")
                                  for a in actions])
            if ok and aid is not None:
                self._run_bulk("Linking…", feedback_service.bulk_link_action, int(aid))

        ctx.run(feedback_service.action_choices, ctx.db, ctx.actor, on_result=chosen,
                on_error=lambda exc, *_: ctx.show_error(self, exc))

    def export_filters(self) -> dict:
        """The current filters in the export service's terms (codes and slugs)."""
        flt = self.filter_bar.filter()
        out: dict = {}
        if flt.quarter:
            out["quarter"] = flt.quarter
        if flt.date_from:
            out["date_from"] = flt.date_from.isoformat()
        if flt.date_to:
            out["date_to"] = flt.date_to.isoformat()
        if flt.kinds:
            out["kind"] = flt.kinds[0]
        if flt.sentiments:
            out["sentiment"] = flt.sentiments[0]
        if self.ref is not None:
            if flt.service_area_ids:
                codes = {o.id: o.code for o in self.ref.service_areas}
                out["service_area"] = codes.get(flt.service_area_ids[0])
            if flt.theme_ids:
                slugs = {t.id: t.slug for t in self.ref.themes}
                out["theme"] = slugs.get(flt.theme_ids[0])
        return {k: v for k, v in out.items() if v}

    def export_also(self) -> FeedbackFilter:
        """The current filters the export dialog has no fields for (team, district, role,
        safeguarding, consent, review state, search): the export applies them too."""
        flt = self.filter_bar.filter()
        return FeedbackFilter(team_ids=flt.team_ids, district_ids=flt.district_ids,
                              respondent_role_ids=flt.respondent_role_ids,
                              safeguarding=flt.safeguarding, consent_quote=flt.consent_quote,
                              needs_review=flt.needs_review, event_id=flt.event_id,
                              search=flt.search)

    def describe_also(self, also: FeedbackFilter) -> str:
        ref = self.ref
        if ref is None:
            return also.describe(lambda _i: "", lambda _i: "", lambda _i: "")
        return also.describe(ref.label, ref.theme_name, ref.event_label)

    def export(self) -> None:
        try:
            module = importlib.import_module("voiceapp.ui.dialogs.export_dialog")
        except ModuleNotFoundError:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Export", "Export is coming in this release.")
            return
        also = self.export_also()
        dialog = module.ExportDialog(self.ctx, self, filters=self.export_filters(), also=also,
                                     also_text=self.describe_also(also),
                                     selected_ids=self.selected_ids())
        dialog.open()
