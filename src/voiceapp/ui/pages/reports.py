"""Reports: the quarterly engagement report for boards, generated in the background with a
progress bar, previewed inside the app, then saved where the user chooses.

Keyboard: Ctrl+G generate, Ctrl+Shift+S save as, F5 reload the quarter and board lists.

The preview uses Qt PDF (QPdfDocument + QPdfView) when this PySide6 build includes it; otherwise
the pages are rasterised in the background with poppler's pdftoppm and shown as images; failing
both, the page says so and offers to open the file in the system's PDF reader.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
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


def rasterise(pdf: Path, folder: Path, dpi: int = 80) -> tuple[Path, ...]:
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


class PreviewPane(QStackedWidget):
    """Empty state, a PDF view (Qt PDF or page images) or a note for Word documents."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.empty = QLabel("Choose a quarter and press Generate (Ctrl+G).\n\n"
                            "The report will appear here so you can check it before saving.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("previewEmpty")
        self.addWidget(self.empty)
        self.document = None
        if HAVE_QTPDF:
            self.document = QPdfDocument(self)
            self.pdf_view = QPdfView(self)
            self.pdf_view.setDocument(self.document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.addWidget(self.pdf_view)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setObjectName("previewPages")
        self.pages_host = QWidget()
        self.pages_host.setStyleSheet("background: #6b6f73;")
        self.pages_layout = QVBoxLayout(self.pages_host)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(14)
        self.scroll.setWidget(self.pages_host)
        self.addWidget(self.scroll)
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
        self.addWidget(self.note)
        self._path: Path | None = None
        self._page_labels: list[QLabel] = []
        self.open_button.clicked.connect(self._open_external)

    def page_count(self) -> int:
        if self.currentWidget() is getattr(self, "pdf_view", None) and self.document is not None:
            return self.document.pageCount()
        if self.currentWidget() is self.scroll:
            return len(self._page_labels)
        return 0

    def clear(self) -> None:
        if self.document is not None:
            self.document.close()
        self._clear_pages()
        self.setCurrentWidget(self.empty)

    def _clear_pages(self) -> None:
        for lbl in self._page_labels:
            lbl.deleteLater()
        self._page_labels = []

    def show_report(self, result: GeneratedReport) -> None:
        self._path = result.path
        if result.fmt != "pdf":
            size = result.path.stat().st_size / 1024
            self.note_label.setText(
                f"The Word version of the {result.label} report is ready ({size:,.0f} KB).\n"
                "Word documents cannot be previewed here: choose PDF to preview, or use "
                "Save As and open it in Word.")
            self.setCurrentWidget(self.note)
            return
        if self.document is not None:
            self.document.load(str(result.path))
            self.setCurrentWidget(self.pdf_view)
            return
        self._clear_pages()
        if not result.pages:
            self.note_label.setText("This computer cannot show PDF previews inside voiceapp. "
                                    "Open the report in your PDF reader to check it.")
            self.setCurrentWidget(self.note)
            return
        for i, png in enumerate(result.pages, start=1):
            lbl = QLabel()
            lbl.setPixmap(QPixmap(str(png)))
            lbl.setAccessibleName(f"Page {i} of {len(result.pages)}")
            lbl.setFrameShape(QFrame.Shape.Box)
            lbl.setStyleSheet("background: white; border: 1px solid #333;")
            self.pages_layout.addWidget(lbl, 0, Qt.AlignmentFlag.AlignHCenter)
            self._page_labels.append(lbl)
        self.setCurrentWidget(self.scroll)

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
        self.status.setText(f"The {result.label} report for the {result.board} is ready. "
                            "Check it, then Save As.")

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
