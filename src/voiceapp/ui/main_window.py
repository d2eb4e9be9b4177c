"""The main window: a navigation sidebar, one page per area of work, menus, status bar.

Pages are listed in voiceapp.ui.pages.PAGES and built the first time they are shown. Shortcuts
follow desktop conventions: Ctrl+N new record, Ctrl+F search, F5 refresh, Ctrl+Q quit, Ctrl+1..9
go to a page. Window size and position, and the splitters, are restored from the last session
(settings_store.WindowState); a first start gets a sensible size for the screen."""

from __future__ import annotations

import importlib
import importlib.util
from importlib import resources

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from voiceapp import __version__
from voiceapp.services.permissions import Permission, allowed

from .context import UiContext
from .pages import PAGES, PageSpec
from .settings_store import WindowState

DEFAULT_SIZE = QSize(1360, 860)


def app_icon() -> QIcon:
    ref = resources.files("voiceapp.resources") / "voiceapp.svg"
    return QIcon(str(ref)) if ref.is_file() else QIcon()


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


class ComingSoonPage(QWidget):
    """Shown for a page whose feature is still being built: says so, instead of a blank."""

    def __init__(self, spec: PageSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(spec.title)
        title.setObjectName("comingSoonTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 20pt; font-weight: 600;")
        body = QLabel(f"{spec.summary}\n\nThis page is coming in this release.")
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.setWordWrap(True)
        body.setStyleSheet("color: #555; font-size: 12pt;")
        layout.addWidget(title)
        layout.addWidget(body)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = WindowState()
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"voiceapp – {ctx.workspace.description}")
        self.setWindowIcon(app_icon())
        self.specs = [s for s in PAGES if s.permission is None or allowed(ctx.actor, s.permission)]
        self.pages: dict[str, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(190)
        self.nav.setMaximumWidth(300)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 11pt; border: none; background: #f1f3f6; }"
            "QListWidget::item { padding: 8px 6px; }"
            "QListWidget::item:selected { background: #1f3b73; color: white; }")
        self.nav.setIconSize(QSize(20, 20))
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
        self.db_label.setObjectName("statusDatabase")
        user = ctx.actor
        self.user_label = QLabel(f"Signed in: {user.username} "
                                 f"({user.role.value.replace('_', ' ')})")
        self.user_label.setObjectName("statusUser")
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

        self.nav.currentRowChanged.connect(self._show_row)
        ctx.navigate_requested.connect(self.navigate)
        ctx.data_changed.connect(self._data_changed)
        self._restore()
        if self.nav.currentRow() < 0 and self.specs:
            self.nav.setCurrentRow(0)
        self._update_badges()

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
        self._update_badges()

    # ------------------------------------------------------------------ menus

    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = QAction("&New record…", self)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(lambda: self._page_call("feedback", "new_record"))
        self.new_action.setEnabled(allowed(self.ctx.actor, Permission.CAPTURE))
        self.event_action = QAction("&Event mode…", self)
        self.event_action.setShortcut(QKeySequence("Ctrl+E"))
        self.event_action.triggered.connect(lambda: self._page_call("feedback",
                                                                    "open_event_mode"))
        self.event_action.setEnabled(allowed(self.ctx.actor, Permission.CAPTURE))
        self.find_action = QAction("&Search…", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        self.find_action.triggered.connect(lambda: self._page_call("feedback", "focus_search"))
        self.refresh_action = QAction("&Refresh", self)
        self.refresh_action.setShortcuts([QKeySequence(Qt.Key.Key_F5),
                                          QKeySequence.StandardKey.Refresh])
        self.refresh_action.triggered.connect(self.refresh_current)
        self.import_action = QAction("&Import…", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self._open_dialog(
            "voiceapp.ui.dialogs.import_wizard", "ImportDialog"))
        self.import_action.setEnabled(allowed(self.ctx.actor, Permission.IMPORT))
        self.export_action = QAction("E&xport…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.triggered.connect(self._export)
        self.export_action.setEnabled(allowed(self.ctx.actor, Permission.EXPORT_REDACTED))
        for name, action in (("import_wizard", self.import_action),
                             ("export_dialog", self.export_action)):
            if not _module_exists(f"voiceapp.ui.dialogs.{name}"):
                action.setEnabled(False)
                action.setToolTip("Coming in this release")
        self.quit_action = QAction("&Quit", self)
        # Explicit: some platform themes define no standard Quit key (Ctrl is Cmd on macOS).
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        for action in (self.new_action, self.event_action, self.find_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.file_menu = file_menu
        go = bar.addMenu("&Go")
        self.go_actions: list[QAction] = []
        for i, spec in enumerate(self.specs):
            action = QAction(spec.title, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, k=spec.key: self.show_page(k))
            go.addAction(action)
            self.go_actions.append(action)
        view = bar.addMenu("&View")
        reset = QAction("Reset window layout", self)
        reset.triggered.connect(self.reset_layout)
        view.addAction(reset)
        help_menu = bar.addMenu("&Help")
        keys = QAction("&Keyboard shortcuts", self)
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self._shortcuts)
        help_menu.addAction(keys)
        about = QAction("&About voiceapp", self)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _page_call(self, key: str, method: str):
        if not any(s.key == key for s in self.specs):
            return None
        page = self.show_page(key)
        fn = getattr(page, method, None)
        return fn() if fn is not None else None

    def _open_dialog(self, module_name: str, cls: str, **kwargs) -> QWidget | None:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            QMessageBox.information(self, "voiceapp", "This is coming in this release.")
            return None
        dialog = getattr(module, cls)(self.ctx, self, **kwargs)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _export(self) -> None:
        filters = None
        page = self.pages.get("feedback")
        if page is not None and self.current_page() is page and hasattr(page, "export_filters"):
            filters = page.export_filters()
        self._open_dialog("voiceapp.ui.dialogs.export_dialog", "ExportDialog", filters=filters)

    def _shortcuts(self) -> None:
        QMessageBox.information(
            self, "Keyboard shortcuts",
            "Ctrl+N  New record\nCtrl+E  Event mode\nCtrl+F  Search feedback\nF5  Refresh\n"
            "Ctrl+I  Import…\nCtrl+Shift+E  Export…\nCtrl+1 … Ctrl+9  Go to a page\n"
            "Ctrl+Q  Quit\n\nIn a capture form: Enter saves (Ctrl+Enter in the text box).\n"
            "In event mode: Ctrl+Enter saves and clears; F11 full screen.\n"
            "In the review queue: Y accept, N reject, J/K next/previous theme, A add a theme,\n"
            "1/2/3 negative/neutral/positive, 0 agree with the analyser, Enter confirm and next,"
            "\nS skip.")

    def _about(self) -> None:
        QMessageBox.about(
            self, "About voiceapp",
            f"voiceapp {__version__}\n\nWhat families, children and young people tell "
            f"children's services: captured, themed, acted on and reported.\n\n"
            f"Database: {self.ctx.workspace.description}")

    # ------------------------------------------------------------------ badges

    def _data_changed(self, what: str) -> None:
        if what in ("safeguarding", "feedback"):
            self._update_badges()

    def _update_badges(self) -> None:
        if not any(s.key == "safeguarding" for s in self.specs):
            return
        from voiceapp.services import safeguarding as sg_service

        self.ctx.run(sg_service.open_flag_count, self.ctx.db, self.ctx.actor,
                     on_result=self._set_safeguarding_badge, on_error=lambda *_: None)

    def _set_safeguarding_badge(self, n: int) -> None:
        for row, spec in enumerate(self.specs):
            if spec.key == "safeguarding":
                item = self.nav.item(row)
                item.setText(f"{spec.title} ({n})" if n else spec.title)
                item.setForeground(Qt.GlobalColor.darkRed if n else
                                   self.nav.palette().text().color())
                item.setToolTip(f"{n} flag(s) waiting for a manager's decision" if n
                                else spec.summary)

    # ------------------------------------------------------------------ window state

    def _restore(self) -> None:
        geometry = self.state.get_bytes("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            size = DEFAULT_SIZE
            if screen is not None:
                avail = screen.availableGeometry()
                size = QSize(min(size.width(), int(avail.width() * 0.92)),
                             min(size.height(), int(avail.height() * 0.9)))
            self.resize(size)
        state = self.state.get_bytes("splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([210, max(600, self.width() - 210)])
        row = self.state.get_int("page", 0)
        if 0 <= row < len(self.specs):
            self.nav.setCurrentRow(row)

    def save_state(self) -> None:
        self.state.set_bytes("geometry", self.saveGeometry())
        self.state.set_bytes("splitter", self.splitter.saveState())
        self.state.set_int("page", self.nav.currentRow())

    def reset_layout(self) -> None:
        self.state.clear()
        self.resize(DEFAULT_SIZE)
        self.splitter.setSizes([210, max(600, self.width() - 210)])

    def closeEvent(self, event) -> None:
        self.save_state()
        for page in self.pages.values():
            if hasattr(page, "shutdown"):
                page.shutdown()
        self.state.sync()
        super().closeEvent(event)
