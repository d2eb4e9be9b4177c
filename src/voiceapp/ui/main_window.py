"""The main window: a navigation sidebar, one page per area of work, menus, status bar.

Pages are listed in voiceapp.ui.pages.PAGES and built the first time they are shown."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from voiceapp import __version__
from voiceapp.services.permissions import allowed

from .context import UiContext
from .pages import PAGES, PageSpec


class ComingSoonPage(QWidget):
    """Shown for a page whose feature is still being built: says so, instead of a blank."""

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(spec.title)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        body = QLabel(f"{spec.summary}\n\nThis page is coming in this release.")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        body.setStyleSheet("color: palette(mid); font-size: 12pt;")
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"voiceapp – {ctx.workspace.description}")
        self.specs = [s for s in PAGES if s.permission is None or allowed(ctx.actor, s.permission)]
        self.pages: dict[str, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(170)
        self.nav.setMaximumWidth(260)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 7px; }")
        for spec in self.specs:
            icon = self.style().standardIcon(getattr(QStyle.StandardPixmap, spec.icon))
            item = QListWidgetItem(icon, spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(spec.summary)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        container = QWidget()
        lay = QHBoxLayout(container)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self.setCentralWidget(container)

        self._menus()
        self.db_label = QLabel(f"Database: {ctx.workspace.description}")
        user = ctx.actor
        self.user_label = QLabel(f"Signed in: {user.username} ({user.role.value.replace('_', ' ')})")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

        self.nav.currentRowChanged.connect(self._show_row)
        ctx.navigate_requested.connect(self.navigate)
        self._restore()
        if self.nav.currentRow() < 0 and self.specs:
            self.nav.setCurrentRow(0)

    # ------------------------------------------------------------------ pages

    def page(self, key: str) -> QWidget:
        if key not in self.pages:
            spec = next(s for s in self.specs if s.key == key)
            widget = self._build(spec)
            widget.setObjectName(f"page_{key}")
            self.pages[key] = widget
            self.stack.addWidget(widget)
        return self.pages[key]

    def _build(self, spec: PageSpec) -> QWidget:
        try:
            module = importlib.import_module(f"voiceapp.ui.pages.{spec.module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"voiceapp.ui.pages.{spec.module}":
                return ComingSoonPage(spec)
            raise
        return getattr(module, spec.cls)(self.ctx)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.stack.setCurrentWidget(self.page(self.specs[row].key))

    def show_page(self, key: str) -> QWidget:
        for row, spec in enumerate(self.specs):
            if spec.key == key:
                self.nav.setCurrentRow(row)
                return self.page(key)
        raise KeyError(key)

    def navigate(self, key: str, kwargs: dict) -> None:
        if not any(s.key == key for s in self.specs):
            return
        page = self.show_page(key)
        if hasattr(page, "navigate_to"):
            page.navigate_to(**kwargs)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, "refresh"):
            page.refresh()

    # ------------------------------------------------------------------ menus

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = QAction("&New record…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self._page_call("feedback", "new_record"))
        self.find_action = QAction("&Search…", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(lambda: self._page_call("feedback", "focus_search"))
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_current)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.new_action, self.find_action, self.refresh_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        go = bar.addMenu("&Go")
        for i, spec in enumerate(self.specs):
            action = QAction(spec.title, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, k=spec.key: self.show_page(k))
            go.addAction(action)
        help_menu = bar.addMenu("&Help")
        about = QAction("&About voiceapp", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _page_call(self, key: str, method: str) -> None:
        if not any(s.key == key for s in self.specs):
            return
        page = self.show_page(key)
        fn = getattr(page, method, None)
        if fn is not None:
            fn()

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self, "About voiceapp",
            f"voiceapp {__version__}\n\nWhat families, children and young people tell "
            f"children's services: captured, themed, acted on and reported.\n\n"
            f"Database: {self.ctx.workspace.description}")

    # ------------------------------------------------------------------ window state

    def _restore(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = settings.value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([200, 1080])
        row = settings.value("window/page", 0, type=int)
        if 0 <= row < len(self.specs):
            self.nav.setCurrentRow(row)

    def closeEvent(self, event) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/page", self.nav.currentRow())
        for page in self.pages.values():
            if hasattr(page, "shutdown"):
                page.shutdown()
        super().closeEvent(event)
