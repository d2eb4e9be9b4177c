"""The main window: pages in order per role, menus and shortcuts, status bar, restored layout."""

from __future__ import annotations

import importlib.util

from _feedback_ui import ctx_for, demo_db, errors, isolated_settings  # noqa: F401
from PySide6.QtCore import QSize
from PySide6.QtGui import QKeySequence

from voiceapp.ui.main_window import ComingSoonPage, MainWindow

ORDER = ["Feedback", "Complaints", "You Said We Did", "Trends", "Reports", "Safeguarding",
         "Codebook", "Settings"]


def window(qtbot, db, user: str) -> MainWindow:
    w = MainWindow(ctx_for(db, user))
    qtbot.addWidget(w)
    return w


def titles(w: MainWindow) -> list[str]:
    return [s.title for s in w.specs]


def test_pages_in_order_for_each_role(qtbot, demo_db):  # noqa: F811
    assert titles(window(qtbot, demo_db, "manager")) == [*ORDER, "Audit trail"]
    assert titles(window(qtbot, demo_db, "officer")) == [t for t in ORDER if t not in
                                                         ("Reports",)]
    viewer = titles(window(qtbot, demo_db, "viewer"))
    assert "Feedback" not in viewer and "Safeguarding" not in viewer and "Trends" in viewer


def test_shortcuts_and_menus(qtbot, demo_db):  # noqa: F811
    w = window(qtbot, demo_db, "manager")
    assert w.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert w.find_action.shortcut() == QKeySequence("Ctrl+F")
    assert QKeySequence("F5") in w.refresh_action.shortcuts()
    assert w.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert [a.shortcut().toString() for a in w.go_actions[:3]] == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]
    for module, action in (("import_wizard", w.import_action),
                           ("export_dialog", w.export_action)):
        exists = importlib.util.find_spec(f"voiceapp.ui.dialogs.{module}") is not None
        assert action.isEnabled() == exists
    assert not w.windowIcon().isNull()


def test_status_bar_names_database_and_user(qtbot, demo_db, demo_copy):  # noqa: F811
    w = window(qtbot, demo_db, "officer")
    assert str(demo_copy) in w.db_label.text()
    assert "officer" in w.user_label.text()


def test_ctrl_n_and_ctrl_f_reach_the_feedback_page(qtbot, demo_db):  # noqa: F811
    w = window(qtbot, demo_db, "manager")
    w.show_page("codebook")
    w.find_action.trigger()
    assert w.current_page() is w.pages["feedback"]
    page = w.pages["feedback"]
    qtbot.waitUntil(lambda: page.ref is not None, timeout=10000)
    w.new_action.trigger()
    assert page.dialog is not None and page.dialog.isVisible()
    page.dialog.reject()


def test_pages_still_being_built_say_so(qtbot, demo_db):  # noqa: F811
    w = window(qtbot, demo_db, "manager")
    for key, module in (("trends", "trends"), ("reports", "reports")):
        page = w.show_page(key)
        exists = importlib.util.find_spec(f"voiceapp.ui.pages.{module}") is not None
        assert isinstance(page, ComingSoonPage) != exists
    for key in ("feedback", "safeguarding", "codebook"):
        assert not isinstance(w.show_page(key), ComingSoonPage)


def test_window_size_position_and_page_are_restored(qtbot, demo_db):  # noqa: F811
    first = window(qtbot, demo_db, "manager")
    first.show()
    first.resize(701, 523)  # (the offscreen test screen is small)
    first.splitter.setSizes([230, 471])
    first.show_page("codebook")
    first.close()
    second = window(qtbot, demo_db, "manager")
    assert second.size() == QSize(701, 523)
    assert second.splitter.sizes()[0] == 230
    assert second.current_page() is second.pages["codebook"]
    second.reset_layout()
    third = window(qtbot, demo_db, "manager")
    assert third.current_page() is third.pages["feedback"]


def test_first_start_gets_a_sensible_size(qtbot, demo_db):  # noqa: F811
    from PySide6.QtGui import QGuiApplication

    w = window(qtbot, demo_db, "manager")
    avail = QGuiApplication.primaryScreen().availableGeometry()
    assert w.width() == min(1360, int(avail.width() * 0.92))
    assert w.height() == min(860, int(avail.height() * 0.9))
    assert w.nav.minimumWidth() >= 190


def test_run_latest_drops_a_superseded_result(qtbot):
    """Two quick filter changes: the first query's late answer must not replace the second's."""
    import threading

    from voiceapp.ui.context import UiContext

    ctx = UiContext.__new__(UiContext)
    UiContext.__init__(ctx, workspace=None)
    release_first = threading.Event()
    seen: list[str] = []

    def slow() -> str:
        release_first.wait(5)
        return "first"

    ctx.run_latest("list", slow, on_result=seen.append)
    ctx.run_latest("list", lambda: "second", on_result=seen.append)
    qtbot.waitUntil(lambda: seen == ["second"], timeout=5000)
    release_first.set()
    qtbot.wait(300)
    assert seen == ["second"]
