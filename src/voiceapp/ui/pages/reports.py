"""Reports: the quarterly engagement report for boards, generated in the background with a
progress bar, previewed inside the app, then saved where the user chooses.

Keyboard: Ctrl+G generate, Ctrl+Shift+S save as, F5 reload the quarter and board lists; in the
preview Ctrl++ / Ctrl+- zoom, Ctrl+0 fit width, Ctrl+Page Up / Ctrl+Page Down previous / next page.

The preview uses Qt PDF (QPdfDocument + QPdfView) when this PySide6 build includes it
(PySide6-Addons 6.8 to 6.11 do; the 6.12.0 wheels on our package index have no QtPdf in Addons
or WebEngine, hence the exact pin in pyproject.toml). Otherwise the pages are rasterised in the
background with poppler's pdftoppm and shown as images, with the same zoom and page controls;
failing both, the page says so and offers to open the file in the PDF reader.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QMargins, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.errors import VoiceappError
from voiceapp.services import reporting

from ..context import UiContext

try:  # Qt PDF ships with some PySide6 builds only
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    HAVE_QTPDF = True
except ImportError:  # pragma: no cover - depends on the installed PySide6
    QPdfDocument = QPdfView = None
    HAVE_QTPDF = False

# Resolution of the page images when there is no Qt PDF: sharp at "fit width" on a wide pane.
RASTER_DPI = 120


@dataclass(frozen=True)
class GeneratedReport:
    path: Path
    fmt: str
    label: str  # "2026-27 Q2"
    board: str
    quarter: FinancialQuarter
    pages: tuple[Path, ...] = ()  # page images when Qt PDF is not available


def generate_report(db, actor, quarter: FinancialQuarter, board: str | None, fmt: str,
                    options, folder: Path, *, task=None) -> GeneratedReport:
    """Background job: gather the figures, write the file into `folder`, and (without Qt PDF)
    rasterise the pages for the preview. Runs on the thread pool, never the GUI thread."""
    from voiceapp.reports.quarterly import write_quarterly_report

    def progress(fraction: float, text: str) -> None:
        if task is not None:
            task.check()
            task.progress(fraction * 0.75, text)

    report = reporting.quarterly_report_data(db, actor, quarter, board=board, progress=progress)
    if task is not None:
        task.check()
        task.progress(0.78, "Laying out the document\u2026")
    path = folder / f"Quarterly engagement report {quarter.code}.{fmt}"
    write_quarterly_report(report, path, options, fmt)
    pages: tuple[Path, ...] = ()
    if fmt == "pdf" and not HAVE_QTPDF:
        if task is not None:
            task.progress(0.92, "Preparing the preview\u2026")
        pages = rasterise(path, folder / "preview")
    if task is not None:
        task.progress(1.0, "Done")
    return GeneratedReport(path, fmt, report.label, report.board, quarter, pages)


def rasterise(pdf: Path, folder: Path, dpi: int = RASTER_DPI) -> tuple[Path, ...]:
    """PNG images of each page with pdftoppm, or () if poppler is not installed."""
    exe = shutil.which("pdftoppm")
    if not exe:
        return ()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    try:
        subprocess.run([exe, "-png", "-r", str(dpi), str(pdf), str(folder / "page")],
                       check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted(folder.glob("page-*.png")))


class PreviewPane(QWidget):
    """A toolbar (zoom, "Page X of Y", open in the PDF reader) over a stack of: the empty
    state, the Qt PDF view, the page images (without Qt PDF) and a note (Word, no preview).

    Zoom is either a fit mode ("width", "page") or a factor where 1.0 is the printed size on
    this screen, the same meaning for both previews.
    """

    ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)
    FIT = (("Fit width", "width"), ("Whole page", "page"))
    MARGIN = 12  # around the pages, in pixels

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._page_labels: list[QLabel] = []
        self._pixmaps: list[QPixmap] = []
        self._zoom: str | float = "width"
        self._nav_page = 0  # the page jumped to last, which the Qt PDF view shows at the top
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(60)
        self._fit_timer.timeout.connect(self._scale_images)

        # Toolbar
        self.toolbar = QWidget()
        self.toolbar.setObjectName("previewToolbar")
        self.zoom_out_button = self._tool("\u2212", "Zoom out (Ctrl+\u2212)", "zoomOut")
        self.zoom_in_button = self._tool("+", "Zoom in (Ctrl++)", "zoomIn")
        self.zoom_box = QComboBox()
        self.zoom_box.setObjectName("zoom")
        self.zoom_box.setAccessibleName("Zoom")
        self.zoom_box.setToolTip("Fit width (Ctrl+0), the whole page, or a set size")
        for text, mode in self.FIT:
            self.zoom_box.addItem(text, mode)
        for z in self.ZOOMS:
            self.zoom_box.addItem(f"{z:.0%}", z)
        self.zoom_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.prev_button = self._tool("\u25b2", "Previous page (Ctrl+Page Up)", "previousPage")
        self.next_button = self._tool("\u25bc", "Next page (Ctrl+Page Down)", "nextPage")
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("page")
        self.page_spin.setAccessibleName("Page")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.setRange(1, 1)
        self.page_spin.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons)
        self.page_spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_spin.setMinimumWidth(self.page_spin.fontMetrics().horizontalAdvance("0000") + 16)
        self.page_total = QLabel("of 1")
        self.page_total.setObjectName("pageTotal")
        page_label = QLabel("&Page")
        page_label.setBuddy(self.page_spin)
        self.external_button = QPushButton("Open in PDF reader")
        self.external_button.setToolTip("Open the generated report in this computer's PDF reader")
        tl = QHBoxLayout(self.toolbar)
        tl.setContentsMargins(0, 0, 0, 4)
        tl.addWidget(self.zoom_out_button)
        tl.addWidget(self.zoom_box)
        tl.addWidget(self.zoom_in_button)
        tl.addSpacing(16)
        tl.addWidget(page_label)
        tl.addWidget(self.page_spin)
        tl.addWidget(self.page_total)
        tl.addWidget(self.prev_button)
        tl.addWidget(self.next_button)
        tl.addStretch(1)
        tl.addWidget(self.external_button)

        self.stack = QStackedWidget()
        self.empty = QLabel("Choose a quarter and press Generate (Ctrl+G).\n\n"
                            "The report will appear here so you can check it before saving.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("previewEmpty")
        self.stack.addWidget(self.empty)
        self.document = None
        self.pdf_view = None
        if HAVE_QTPDF:
            self.document = QPdfDocument(self)
            self.pdf_view = QPdfView(self)
            self.pdf_view.setObjectName("pdfView")
            self.pdf_view.setDocument(self.document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.pdf_view.setDocumentMargins(QMargins(*(self.MARGIN,) * 4))
            self.pdf_view.setPageSpacing(self.MARGIN)
            self.pdf_view.setAccessibleName("Report preview")
            self.pdf_view.pageNavigator().currentPageChanged.connect(self._pdf_page_changed)
            self.stack.addWidget(self.pdf_view)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setObjectName("previewPages")
        self.scroll.setAccessibleName("Report preview")
        self.pages_host = QWidget()
        self.pages_host.setObjectName("previewPagesHost")
        self.pages_host.setStyleSheet("#previewPagesHost { background: #6b6f73; }")
        self.pages_layout = QVBoxLayout(self.pages_host)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setContentsMargins(*(self.MARGIN,) * 4)
        self.pages_layout.setSpacing(self.MARGIN)
        self.scroll.setWidget(self.pages_host)
        self.scroll.verticalScrollBar().valueChanged.connect(self._image_scrolled)
        self.scroll.viewport().installEventFilter(self)
        self.stack.addWidget(self.scroll)
        self.note = QWidget()
        nl = QVBoxLayout(self.note)
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton("Open in another program")
        nl.addStretch(1)
        nl.addWidget(self.note_label)
        nl.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignHCenter)
        nl.addStretch(1)
        self.stack.addWidget(self.note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self.toolbar.setVisible(False)

        self.open_button.clicked.connect(self._open_external)
        self.external_button.clicked.connect(self._open_external)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_box.activated.connect(lambda i: self.set_zoom(self.zoom_box.itemData(i)))
        self.page_spin.valueChanged.connect(lambda n: self.go_to_page(n - 1))
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        # Page-wide shortcuts: QShortcut only fires while this page is showing.
        for keys, slot in ((("Ctrl++", "Ctrl+="), self.zoom_in), (("Ctrl+-",), self.zoom_out),
                           (("Ctrl+0",), lambda: self.set_zoom("width")),
                           (("Ctrl+PgUp",), lambda: self.go_to_page(self.current_page() - 1)),
                           (("Ctrl+PgDown",), lambda: self.go_to_page(self.current_page() + 1))):
            for key in keys:
                QShortcut(QKeySequence(key), self, activated=slot)

    @staticmethod
    def _tool(text: str, tip: str, name: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip.split(" (")[0])
        b.setObjectName(name)
        b.setAutoRaise(True)
        b.setMinimumWidth(28)
        return b

    # ------------------------------------------------------------------ state

    def currentWidget(self) -> QWidget:  # Qt-style name, like QStackedWidget's
        return self.stack.currentWidget()

    def _show(self, widget: QWidget) -> None:
        self.stack.setCurrentWidget(widget)
        self.toolbar.setVisible(widget is self.pdf_view or widget is self.scroll)

    def page_count(self) -> int:
        if self.pdf_view is not None and self.currentWidget() is self.pdf_view:
            return self.document.pageCount()
        if self.currentWidget() is self.scroll:
            return len(self._page_labels)
        return 0

    def current_page(self) -> int:
        """The page at the top of the preview, counting from 0."""
        if self.pdf_view is not None and self.currentWidget() is self.pdf_view:
            return self.pdf_view.pageNavigator().currentPage()
        if self.currentWidget() is self.scroll and self._page_labels:
            top = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 3
            return max(0, sum(1 for lbl in self._page_labels if lbl.y() <= top) - 1)
        return 0

    def clear(self) -> None:
        if self.document is not None:
            self.document.close()
        self._clear_pages()
        self._show(self.empty)

    def _clear_pages(self) -> None:
        for lbl in self._page_labels:
            lbl.deleteLater()
        self._page_labels = []
        self._pixmaps = []

    def show_report(self, result: GeneratedReport) -> None:
        self._path = result.path
        if result.fmt != "pdf":
            size = result.path.stat().st_size / 1024
            self.note_label.setText(
                f"The Word version of the {result.label} report is ready ({size:,.0f} KB).\n"
                "Word documents cannot be previewed here: choose PDF to preview, or use "
                "Save As and open it in Word.")
            self._show(self.note)
            return
        if self.document is not None:
            error = self.document.load(str(result.path))
            if error != QPdfDocument.Error.None_ or self.document.pageCount() == 0:
                self.note_label.setText("The report was written but cannot be shown here. "
                                        "Open it in your PDF reader to check it.")
                self._show(self.note)
                return
            self._show(self.pdf_view)
            self._pages_changed()
            self._apply_zoom()
            self.go_to_page(0)
            return
        self._clear_pages()
        if not result.pages:
            self.note_label.setText("This computer cannot show PDF previews inside voiceapp. "
                                    "Open the report in your PDF reader to check it.")
            self._show(self.note)
            return
        for i, png in enumerate(result.pages, start=1):
            lbl = QLabel()
            self._pixmaps.append(QPixmap(str(png)))
            lbl.setAccessibleName(f"Page {i} of {len(result.pages)}")
            lbl.setStyleSheet("background: white; border: 1px solid #333;")
            self.pages_layout.addWidget(lbl, 0, Qt.AlignmentFlag.AlignHCenter)
            self._page_labels.append(lbl)
        self._show(self.scroll)
        self._pages_changed()
        self._scale_images()
        self.scroll.verticalScrollBar().setValue(0)

    def _pages_changed(self) -> None:
        n = self.page_count()
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, max(1, n))
        self.page_spin.setValue(1)
        self.page_spin.blockSignals(False)
        self.page_total.setText(f"of {n}")
        self._update_page_buttons(0)

    def _update_page_buttons(self, page: int) -> None:
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count() - 1)

    def _page_shown(self, page: int) -> None:
        if self.page_spin.value() != page + 1:
            self.page_spin.blockSignals(True)
            self.page_spin.setValue(page + 1)
            self.page_spin.blockSignals(False)
        self._update_page_buttons(page)

    def _pdf_page_changed(self, page: int) -> None:
        if self.currentWidget() is self.pdf_view:
            self._page_shown(page)

    def _image_scrolled(self, _value: int) -> None:
        if self.currentWidget() is self.scroll:
            self._page_shown(self.current_page())

    # ------------------------------------------------------------------ navigation

    def go_to_page(self, page: int) -> None:
        """Scroll so that `page` (from 0) is at the top of the preview."""
        n = self.page_count()
        if n == 0:
            return
        page = max(0, min(n - 1, page))
        if self.currentWidget() is self.pdf_view:
            nav = self.pdf_view.pageNavigator()
            nav.jump(page, QPointF(0, 0), nav.currentZoom())
        else:
            self.scroll.verticalScrollBar().setValue(
                self._page_labels[page].y() - self.pages_layout.spacing())
        self._page_shown(page)

    # ------------------------------------------------------------------ zoom

    def zoom(self) -> str | float:
        """"width", "page" or the zoom factor (1.0 is the printed size)."""
        return self._zoom

    def effective_zoom(self) -> float:
        """The factor the pages are shown at now, in a fit mode too."""
        if isinstance(self._zoom, float):
            return self._zoom
        width, height = self._page_size_at_100()
        if width <= 0:
            return 1.0
        vw, vh = self._room()
        fit = vw / width
        if self._zoom == "page":
            fit = min(fit, vh / max(1.0, height))
        return fit

    def _room(self) -> tuple[float, float]:
        view = self.pdf_view if self.currentWidget() is self.pdf_view else self.scroll
        vp = view.viewport()
        # The vertical scroll bar takes width away from "fit width" in the image preview.
        bar = 0
        if view is self.scroll and not self.scroll.verticalScrollBar().isVisible():
            bar = self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        return (vp.width() - 2 * self.MARGIN - bar - 2, vp.height() - 2 * self.MARGIN - 2)

    def _page_size_at_100(self) -> tuple[float, float]:
        """The first page's size in screen pixels at the printed size."""
        dpi = self.logicalDpiX() or 96
        if self.currentWidget() is self.pdf_view and self.document.pageCount():
            size = self.document.pagePointSize(0)
            return size.width() * dpi / 72, size.height() * dpi / 72
        if self._pixmaps:
            pm = self._pixmaps[0]
            return pm.width() * dpi / RASTER_DPI, pm.height() * dpi / RASTER_DPI
        return 0.0, 0.0

    def set_zoom(self, zoom: str | float) -> None:
        if isinstance(zoom, (int, float)):
            zoom = float(max(self.ZOOMS[0], min(self.ZOOMS[-1], zoom)))
        self._zoom = zoom
        i = self.zoom_box.findData(zoom)
        if i < 0:
            self.zoom_box.addItem(f"{zoom:.0%}", zoom)
            i = self.zoom_box.count() - 1
        self.zoom_box.setCurrentIndex(i)
        self._apply_zoom()

    def zoom_in(self) -> None:
        now = self.effective_zoom()
        self.set_zoom(next((z for z in self.ZOOMS if z > now * 1.02), self.ZOOMS[-1]))

    def zoom_out(self) -> None:
        now = self.effective_zoom()
        self.set_zoom(next((z for z in reversed(self.ZOOMS) if z < now / 1.02), self.ZOOMS[0]))

    def _apply_zoom(self) -> None:
        page = self.current_page()
        if self.pdf_view is not None and self.currentWidget() is self.pdf_view:
            if self._zoom == "width":
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            elif self._zoom == "page":
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
            else:
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
                self.pdf_view.setZoomFactor(self._zoom)
        elif self.currentWidget() is self.scroll:
            self._scale_images()
        self.zoom_in_button.setEnabled(self.effective_zoom() < self.ZOOMS[-1] * 0.99)
        self.zoom_out_button.setEnabled(self.effective_zoom() > self.ZOOMS[0] * 1.01)
        # Keep the same page in view, once the views have laid the pages out at the new size.
        QTimer.singleShot(0, self, lambda: self.go_to_page(page))

    def _scale_images(self) -> None:
        if not self._pixmaps:
            return
        factor = self.effective_zoom()
        dpr = self.devicePixelRatioF()
        for pm, lbl in zip(self._pixmaps, self._page_labels, strict=True):
            width = max(50, round(pm.width() * factor * (self.logicalDpiX() or 96) / RASTER_DPI))
            scaled = pm.scaledToWidth(round(width * dpr),
                                      Qt.TransformationMode.SmoothTransformation)
            scaled.setDevicePixelRatio(dpr)
            lbl.setPixmap(scaled)
            lbl.setFixedSize(scaled.deviceIndependentSize().toSize())
        # Lay the pages out now rather than on a later event, so that the scroll range and the
        # page positions are right for go_to_page straight away.
        self.pages_layout.activate()
        self.pages_host.resize(self.pages_host.sizeHint().expandedTo(
            self.scroll.viewport().size()))

    def eventFilter(self, watched, event) -> bool:  # Qt API name
        # Fit modes follow the window size in the image preview (QPdfView does this itself).
        if (watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize
                and isinstance(self._zoom, str) and self._pixmaps):
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def _open_external(self) -> None:
        if self._path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._path)))


class ReportsPage(QWidget):
    FORMATS = (("PDF (for the board pack)", "pdf"), ("Word (.docx, on request)", "docx"))

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: GeneratedReport | None = None
        self.task = None
        self._tmp = tempfile.TemporaryDirectory(prefix="voiceapp-report-")
        self._run = 0

        title = QLabel("Quarterly engagement report")
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        intro = QLabel("What children, young people and families told us in a quarter, for a "
                       "board. Every figure is compared with the previous quarter and the same "
                       "quarter last year; small numbers are shown as \u201c<5\u201d.")
        intro.setWordWrap(True)

        self.quarter = QComboBox()
        self.quarter.setObjectName("quarter")
        self.board = QComboBox()
        self.board.setObjectName("board")
        self.format = QComboBox()
        self.format.setObjectName("format")
        for text, value in self.FORMATS:
            self.format.addItem(text, value)
        self.large_print = QCheckBox("Large print (16 pt)")
        self.draft = QCheckBox("Mark as draft")
        self.author = QLineEdit()
        self.author.setPlaceholderText("e.g. Head of Participation and Engagement")
        self.author.setText(ctx.actor.username if ctx.actor else "")
        self.meeting = QDateEdit()
        self.meeting.setCalendarPopup(True)
        self.meeting.setDisplayFormat("d MMMM yyyy")
        self.meeting.setDate(QDate.currentDate().addDays(21))

        form = QFormLayout()
        form.addRow("&Quarter", self.quarter)
        form.addRow("&Board", self.board)
        form.addRow("&Format", self.format)
        form.addRow("Report &by", self.author)
        form.addRow("&Meeting date", self.meeting)
        form.addRow("", self.large_print)
        form.addRow("", self.draft)
        box = QGroupBox("Report settings")
        box.setLayout(form)

        self.generate_button = QPushButton("&Generate")
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.setToolTip("Gather the figures and lay out the report (Ctrl+G)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.save_button = QPushButton("&Save As\u2026")
        self.save_button.setObjectName("saveAs")
        self.save_button.setEnabled(False)
        self.save_button.setToolTip("Save the generated report (Ctrl+Shift+S)")
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.status = QLabel("")
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(title)
        ll.addWidget(intro)
        ll.addWidget(box)
        ll.addLayout(buttons)
        ll.addWidget(self.progress)
        ll.addWidget(self.status)
        ll.addStretch(1)
        left.setMinimumWidth(340)
        left.setMaximumWidth(460)

        self.preview = PreviewPane()
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split)

        self.generate_button.clicked.connect(self.generate)
        self.cancel_button.clicked.connect(self._cancel)
        self.save_button.clicked.connect(self.save_as)
        self.format.currentIndexChanged.connect(self._options_changed)
        self.large_print.toggled.connect(self._options_changed)
        self.quarter.currentIndexChanged.connect(self._options_changed)
        self.board.currentIndexChanged.connect(self._options_changed)
        QShortcut(QKeySequence("Ctrl+G"), self, activated=self.generate)
        QShortcut(QKeySequence("Ctrl+Shift+S"), self, activated=self.save_as)
        for a, b in ((self.quarter, self.board), (self.board, self.format),
                     (self.format, self.author), (self.author, self.meeting),
                     (self.meeting, self.large_print), (self.large_print, self.draft),
                     (self.draft, self.generate_button),
                     (self.generate_button, self.save_button)):
            QWidget.setTabOrder(a, b)
        self.refresh()

    # ------------------------------------------------------------------ lists

    def refresh(self) -> None:
        """Load the quarters that have records and the boards (F5)."""
        self.status.setText("Loading quarters and boards\u2026")

        def work():
            quarters, default = reporting.report_quarters(self.ctx.db, self.ctx.actor)
            return (quarters, default, reporting.board_names(self.ctx.db, self.ctx.actor),
                    reporting.author_name(self.ctx.db, self.ctx.actor))

        self.ctx.run(work, on_result=self._lists_loaded, on_error=self._failed)

    def _lists_loaded(self, result) -> None:
        quarters, default, boards, author = result
        if not self.author.text().strip() or self.author.text() == self.ctx.actor.username:
            self.author.setText(author)
        keep_q, keep_b = self.quarter.currentData(), self.board.currentText()
        self.quarter.blockSignals(True)
        self.board.blockSignals(True)
        self.quarter.clear()
        for q in quarters:
            complete = q.end < date.today()
            self.quarter.addItem(f"{q.label} ({q.start:%b}\u2013{q.end:%b %Y})"
                                 + ("" if complete else ", not finished"), q)
        target = keep_q or default
        if target is not None:
            i = next((n for n, q in enumerate(quarters) if q == target), 0)
            self.quarter.setCurrentIndex(i)
        self.board.clear()
        self.board.addItems(boards)
        if keep_b in boards:
            self.board.setCurrentText(keep_b)
        self.quarter.blockSignals(False)
        self.board.blockSignals(False)
        if not quarters:
            self.generate_button.setEnabled(False)
            self.status.setText("There are no feedback records yet, so there is nothing to "
                                "report. Capture or import records on the Feedback page.")
        else:
            self.generate_button.setEnabled(True)
            self.status.setText("")

    # ------------------------------------------------------------------ generate

    def options(self):
        from voiceapp.reports.quarterly import ReportOptions

        qd = self.meeting.date()
        return ReportOptions(board=self.board.currentText() or None,
                             meeting_date=date(qd.year(), qd.month(), qd.day()),
                             author=self.author.text().strip(),
                             large_print=self.large_print.isChecked(),
                             draft=self.draft.isChecked())

    def generate(self) -> None:
        if self.task is not None or not self.generate_button.isEnabled():
            return
        quarter = self.quarter.currentData()
        if quarter is None:
            self.status.setText("Choose a quarter first.")
            return
        fmt = self.format.currentData()
        self._run += 1
        folder = Path(self._tmp.name) / f"run{self._run}"
        folder.mkdir(parents=True, exist_ok=True)
        self.progress.setValue(0)
        self.status.setText(f"Generating the {quarter.label} report\u2026")
        self.generate_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.save_button.setEnabled(False)
        self.task = self.ctx.run(
            generate_report, self.ctx.db, self.ctx.actor, quarter,
            self.board.currentText() or None, fmt, self.options(), folder, pass_task=True,
            on_result=self._generated, on_error=self._generate_failed,
            on_progress=self._progress, on_cancelled=self._cancelled)

    def _progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if text:
            self.status.setText(text)

    def _generated(self, result: GeneratedReport) -> None:
        self.task = None
        self.result = result
        self.progress.setValue(1000)
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.save_button.setEnabled(True)
        self.preview.show_report(result)
        pages = self.preview.page_count()
        length = f" ({pages} pages)" if pages else ""
        self.status.setText(f"The {result.label} report for the {result.board} is "
                            f"ready{length}. Check it, then Save As.")

    def _generate_failed(self, exc, _tb: str = "") -> None:
        self.task = None
        self.progress.setValue(0)
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(exc.message if isinstance(exc, VoiceappError) else
                            "The report could not be generated.")
        self.ctx.show_error(self, exc)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling\u2026")

    def _cancelled(self) -> None:
        self.task = None
        self.progress.setValue(0)
        self.generate_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText("Cancelled. Nothing was saved.")

    def _options_changed(self, *_args) -> None:
        if self.result is not None:
            self.status.setText("Settings changed: press Generate to update the report.")

    def _failed(self, exc, _tb: str = "") -> None:
        self.status.setText("")
        self.ctx.show_error(self, exc)

    # ------------------------------------------------------------------ save

    def suggested_name(self) -> str:
        r = self.result
        if r is None:
            return ""
        return f"Quarterly engagement report {r.quarter.code} - {r.board}.{r.fmt}"

    def save_as(self, target: str | None = None) -> Path | None:
        """Copy the generated report to a file the user chooses (or `target`, for tests)."""
        r = self.result
        if r is None:
            self.status.setText("Generate the report first.")
            return None
        if not target:
            kind = "PDF files (*.pdf)" if r.fmt == "pdf" else "Word documents (*.docx)"
            start = str(Path.home() / self.suggested_name())
            target, _ = QFileDialog.getSaveFileName(self, "Save the report", start, kind)
            if not target:
                return None
        path = Path(target)
        if path.suffix.lower() != f".{r.fmt}":
            path = path.with_name(path.name + f".{r.fmt}")
        try:
            shutil.copyfile(r.path, path)
        except OSError as exc:
            self.ctx.show_error(self, VoiceappError(
                f"voiceapp could not save {path} ({exc.strerror or exc}).",
                "Choose a folder you can write to, and close the file if it is open."))
            return None
        self.ctx.run(reporting.record_report_written, self.ctx.db, self.ctx.actor, r.quarter,
                     str(path), r.fmt, on_error=self._failed)
        self.status.setText(f"Saved to {path}.")
        return path

    def closeEvent(self, event) -> None:  # Qt API name
        self._tmp.cleanup()
        super().closeEvent(event)
