"""The Reports page: choose a quarter, generate with a progress bar, preview, save as.

The preview has two implementations: Qt PDF (QPdfDocument + QPdfView) when the installed PySide6
has it, and page images from poppler's pdftoppm otherwise. Both are tested whichever PySide6 is
installed (the image preview by switching Qt PDF off), and a separate test fails when the PySide6
that pyproject.toml asks for lacks Qt PDF, so the Qt PDF test cannot quietly skip itself away.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import tomllib
from datetime import date
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from PySide6.QtCore import Qt, QThreadPool

from voiceapp.db.engine import open_database
from voiceapp.domain.enums import UserRole
from voiceapp.services.context import Actor
from voiceapp.services.trends import latest_complete_quarter
from voiceapp.services.workspace import Workspace
from voiceapp.ui.context import UiContext
from voiceapp.ui.pages import reports
from voiceapp.ui.pages.reports import ReportsPage

MANAGER = Actor(None, "manager", UserRole.MANAGER)
ROOT = Path(__file__).resolve().parents[2]
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def drain_pool():
    yield
    QThreadPool.globalInstance().waitForDone(20000)


@pytest.fixture
def db(demo_copy):
    # A private copy of the demo_sqlite database: generating and saving write audit entries.
    database = open_database(demo_copy)
    yield database
    database.dispose()


def _page(qtbot, db) -> ReportsPage:
    page = ReportsPage(UiContext(Workspace(db, MANAGER)))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    qtbot.waitUntil(lambda: page.quarter.count() > 0, timeout=10000)
    return page


def _pdfinfo_pages(path: Path) -> int:
    """The page count poppler reads from the file: independent of Qt."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler's pdfinfo is not installed")
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                         text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE).group(1))


def _generate(qtbot, page: ReportsPage) -> list[int]:
    """Generate a finished quarter's PDF with a mouse click; the progress values seen."""
    q = next(page.quarter.itemData(i) for i in range(page.quarter.count())
             if page.quarter.itemData(i).end < date(2026, 11, 1))
    page.quarter.setCurrentIndex(page.quarter.findData(q))
    seen: list[int] = []
    page.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    assert not page.generate_button.isEnabled()
    qtbot.waitUntil(lambda: page.result is not None, timeout=60000)
    assert any(0 < v < 1000 for v in seen), "the bar moved before the end"
    assert page.progress.value() == 1000
    assert page.save_button.isEnabled()
    assert q.label in page.status.text()
    return seen


def _audit_actions(path: Path) -> list[str]:
    QThreadPool.globalInstance().waitForDone(10000)
    con = sqlite3.connect(str(path))
    try:
        return [r[0] for r in con.execute(
            "SELECT action FROM audit_log WHERE entity = 'quarterly_report'")]
    finally:
        con.close()


def _activate(qtbot, page: ReportsPage) -> None:
    """Show the page in an active window: QShortcut only fires there."""
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)


def test_lists_load_with_the_last_complete_quarter_first(qtbot, db):
    page = _page(qtbot, db)
    assert page.board.count() >= 1
    chosen = page.quarter.currentData()
    wanted = latest_complete_quarter()
    codes = [page.quarter.itemData(i) for i in range(page.quarter.count())]
    assert chosen == (wanted if wanted in codes else codes[0])
    assert page.preview.page_count() == 0
    assert page.preview.currentWidget() is page.preview.empty
    assert not page.preview.toolbar.isVisibleTo(page)
    assert not page.save_button.isEnabled()


def test_the_declared_pyside6_has_qt_pdf():
    """pyproject.toml's PySide6-Addons requirement must give Qt PDF (the in-app preview).

    Fails while the requirement admits a build without it (PySide6-Addons 6.12.0 on this
    project's package index has no QtPdf); skips, saying why, if the environment does not match
    the requirement (reinstall with `pip install -e .[test]`).
    """
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    req = next(Requirement(d) for d in deps if Requirement(d).name.lower() == "pyside6-addons")
    installed = Version(version("PySide6-Addons"))
    if not req.specifier.contains(installed, prereleases=True):
        pytest.skip(f"installed PySide6-Addons {installed} does not satisfy pyproject's "
                    f"'{req}': reinstall the environment")
    assert version("PySide6-Essentials") == str(installed), "Essentials and Addons must match"
    assert reports.HAVE_QTPDF, (
        f"PySide6-Addons {installed} (allowed by pyproject's '{req}') has no QtPdf/QtPdfWidgets, "
        "so the Reports page falls back to page images: pin PySide6-Essentials, PySide6-Addons "
        "and shiboken6 to a release that ships Qt PDF (6.11.3)")


def test_qt_pdf_preview_loads_the_report_and_save_as_writes_it(qtbot, db, tmp_path,
                                                                demo_copy):
    if not reports.HAVE_QTPDF:
        pytest.skip("this PySide6 has no Qt PDF (test_the_declared_pyside6_has_qt_pdf says "
                    "whether that is allowed)")
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    page = _page(qtbot, db)
    _activate(qtbot, page)
    _generate(qtbot, page)
    preview, result = page.preview, page.result
    assert result.pages == (), "no page images are made when Qt PDF shows the file"
    assert preview.currentWidget() is preview.pdf_view
    assert preview.pdf_view.document() is preview.document
    assert preview.document.status() == QPdfDocument.Status.Ready
    pages = _pdfinfo_pages(result.path)
    assert pages >= 10
    assert preview.document.pageCount() == pages == preview.page_count()
    assert preview.toolbar.isVisibleTo(page)
    assert preview.page_total.text() == f"of {pages}"
    assert preview.page_spin.value() == 1 and preview.page_spin.maximum() == pages
    assert f"({pages} pages)" in page.status.text()
    # Opens at fit width, the page filling the view across.
    assert preview.pdf_view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert preview.zoom_box.currentData() == "width"

    # Keyboard: zoom in from fit width goes to the next set size up, and Ctrl+0 goes back.
    fit = preview.effective_zoom()
    qtbot.keyClick(page, Qt.Key.Key_Equal, CTRL)
    assert preview.pdf_view.zoomMode() == QPdfView.ZoomMode.Custom
    assert preview.pdf_view.zoomFactor() == preview.zoom() > fit
    assert preview.zoom_box.currentText() == f"{preview.zoom():.0%}"
    qtbot.keyClick(page, Qt.Key.Key_Minus, CTRL)
    assert preview.pdf_view.zoomFactor() < fit * 1.02
    qtbot.keyClick(page, Qt.Key.Key_0, CTRL)
    assert preview.pdf_view.zoomMode() == QPdfView.ZoomMode.FitToWidth

    # Page X of Y follows the view: next page, a typed page number, the last page.
    qtbot.keyClick(page, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: preview.pdf_view.pageNavigator().currentPage() == 1)
    assert preview.page_spin.value() == 2
    preview.page_spin.setValue(5)
    qtbot.waitUntil(lambda: preview.pdf_view.pageNavigator().currentPage() == 4)
    bar = preview.pdf_view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: preview.page_spin.value() == pages)
    assert not preview.next_button.isEnabled() and preview.prev_button.isEnabled()

    saved = page.save_as(str(tmp_path / "board pack"))
    assert saved == tmp_path / "board pack.pdf"
    assert saved.read_bytes() == result.path.read_bytes()
    assert _pdfinfo_pages(saved) == pages
    actions = _audit_actions(demo_copy)
    assert "report" in actions and "export" in actions


def test_without_qt_pdf_the_pages_are_shown_as_images(qtbot, db, tmp_path, monkeypatch):
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler's pdftoppm is not installed")
    monkeypatch.setattr(reports, "HAVE_QTPDF", False)
    page = _page(qtbot, db)
    _activate(qtbot, page)
    _generate(qtbot, page)
    preview, result = page.preview, page.result
    pages = _pdfinfo_pages(result.path)
    assert preview.pdf_view is None and preview.document is None
    assert preview.currentWidget() is preview.scroll
    assert len(result.pages) == preview.page_count() == pages >= 10
    assert preview.page_total.text() == f"of {pages}"
    assert f"({pages} pages)" in page.status.text()

    # Fit width: the pages fill the viewport across, without a horizontal scroll bar.
    first = preview._page_labels[0]
    room = preview.scroll.viewport().width() - 2 * preview.MARGIN
    assert room * 0.9 < first.width() <= room
    assert preview.scroll.horizontalScrollBar().maximum() == 0
    # 100% is the printed size: an A4 page is 8.27 inches across.
    preview.set_zoom(1.0)
    assert abs(first.width() - 8.27 * preview.logicalDpiX()) <= 3
    qtbot.keyClick(page, Qt.Key.Key_Equal, CTRL)
    assert preview.zoom() == 1.25
    qtbot.keyClick(page, Qt.Key.Key_0, CTRL)
    assert preview.zoom() == "width"

    qtbot.keyClick(page, Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    assert preview.page_spin.value() == 2
    preview.page_spin.setValue(pages)
    qtbot.waitUntil(lambda: preview.current_page() == pages - 1)
    assert not preview.next_button.isEnabled()

    saved = page.save_as(str(tmp_path / "pack.pdf"))
    assert saved is not None and saved.read_bytes() == result.path.read_bytes()


def test_word_format_explains_there_is_no_preview(qtbot, db):
    page = _page(qtbot, db)
    page.format.setCurrentIndex(page.format.findData("docx"))
    page.large_print.setChecked(True)
    page.generate()
    qtbot.waitUntil(lambda: page.result is not None, timeout=60000)
    assert page.result.fmt == "docx"
    assert page.preview.currentWidget() is page.preview.note
    assert "Word" in page.preview.note_label.text()
    assert not page.preview.toolbar.isVisibleTo(page)


def test_a_failure_is_shown_and_the_page_recovers(qtbot, db, monkeypatch):
    page = _page(qtbot, db)
    shown = []
    monkeypatch.setattr(page.ctx, "show_error", lambda parent, exc, title="": shown.append(exc))
    page.board.addItem("A board nobody created")
    page.board.setCurrentIndex(page.board.count() - 1)
    page.generate()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "no board called" in str(shown[0])
    assert page.generate_button.isEnabled() and page.result is None
    assert page.progress.value() == 0
