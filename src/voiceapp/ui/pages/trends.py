"""Trends: themes and sentiment over quarters, themes by service area, and emerging themes, with
drill-down from any bar, point or cell to the records behind it on the Feedback page.

Keyboard: F5 refresh; Enter or double-click on a table cell or emerging theme opens the records.
Board viewers see aggregated figures only: counts of 1 to 4 show as "<5" and drill-down (which
would show case text) is switched off, with a note saying why.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QPercentBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.domain.suppression import format_count
from voiceapp.services import trends as svc
from voiceapp.services.permissions import Permission, allowed

from ..context import UiContext

PALETTE = ["#0B4F6C", "#D1495B", "#EDAE49", "#00798C", "#8E5572", "#66A182", "#30638E",
           "#A05C34"]
SENTIMENT = (("positive", "Positive", "#1E7B34"), ("neutral", "Neutral", "#9AA5B1"),
             ("negative", "Negative", "#B3261E"))
DEFAULT_THEMES = 5
UP, DOWN = "\u25b2", "\u25bc"


# =============================================================================================
# Models
# =============================================================================================


class ThemeAreaModel(QAbstractTableModel):
    """Themes (rows) by service area (columns) for one quarter: "12 (\u25b23)" with the change
    on the previous quarter; a total column first. UserRole gives the count (for sorting),
    UserRole + 1 the (theme slug, area code) behind the cell."""

    KEY_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: svc.ThemeAreaTable | None = None
        self.suppress = False

    def set_table(self, table: svc.ThemeAreaTable | None, suppress: bool = False) -> None:
        self.beginResetModel()
        self.table = table
        self.suppress = suppress
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.themes)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.areas) + 1

    def _cell(self, row: int, col: int) -> tuple[svc.AreaCell, str, str | None]:
        slug = self.table.themes[row][0]
        if col == 0:
            return self.table.theme_totals.get(slug, svc.AreaCell(0, 0)), slug, None
        code = self.table.areas[col - 1][0]
        return self.table.cell(slug, code), slug, code

    def _count(self, n: int) -> str:
        return format_count(n) if self.suppress else f"{n:,}"

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        cell, slug, code = self._cell(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.count == 0 and cell.previous == 0:
                return "\u2013"
            text = self._count(cell.count)
            small = self.suppress and (0 < cell.count < 5 or 0 < cell.previous < 5)
            if cell.change and not small:
                arrow = UP if cell.change > 0 else DOWN
                text += f"  ({arrow}{abs(cell.change)})"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            area = "all service areas" if code is None else self.table.areas[
                index.column() - 1][1]
            name = self.table.themes[index.row()][1]
            return (f"{name}, {area}: {self._count(cell.count)} records in "
                    f"{self.table.label}, {self._count(cell.previous)} in "
                    f"{self.table.previous_label}.")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and cell.change and not self.suppress:
            return QBrush(QColor("#1A1A1A"))
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QBrush(QColor("#EEF3F6"))
        if role == Qt.ItemDataRole.UserRole:
            return cell.count
        if role == self.KEY_ROLE:
            return (slug, code)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or role not in (Qt.ItemDataRole.DisplayRole,
                                              Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == 0:
                return "All areas"
            if 0 < section <= len(self.table.areas):
                label = self.table.areas[section - 1][1]
                return label if role == Qt.ItemDataRole.ToolTipRole else _two_lines(label)
            return None
        if 0 <= section < len(self.table.themes):
            return self.table.themes[section][1]
        return None


def _two_lines(text: str, width: int = 16) -> str:
    """Break a long header label over two lines at a space near the middle."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


class EmergingModel(QAbstractTableModel):
    HEADERS = ("Theme", "Records", "Share of records", "Share, previous 4 quarters",
               "Rate ratio", "p-value")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[svc.EmergingTheme] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        e = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.name, f"{e.count:,}", f"{e.share:.1f}%", f"{e.baseline_share:.1f}%",
                    "\u2013" if e.rate_ratio is None else f"{e.rate_ratio:.2f}\u00d7",
                    "< 0.001" if e.p_value < 0.001 else f"{e.p_value:.3f}")[col]
        if role == Qt.ItemDataRole.UserRole:
            return e.slug
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None


# =============================================================================================
# The page
# =============================================================================================


class _Chart(QChartView):
    def __init__(self, title: str, parent=None) -> None:
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)

    def reset(self) -> QChart:
        c = self.chart()
        c.removeAllSeries()
        for axis in list(c.axes()):
            c.removeAxis(axis)
        return c


class TrendsPage(QWidget):
    drilled = Signal(dict)  # the navigation asked for (also sent through ctx.navigate)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: svc.ThemeTrends | None = None
        self.area_table: svc.ThemeAreaTable | None = None
        self.can_drill = allowed(ctx.actor, Permission.VIEW_CASE_TEXT)
        self.suppress = not self.can_drill
        self._generation = 0
        self._checked: set[str] | None = None

        title = QLabel("Trends")
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarter")
        self.quarter.setMinimumWidth(220)
        self.span = QComboBox()
        self.span.setObjectName("span")
        for n in (4, 8, 12):
            self.span.addItem(f"{n} quarters", n)
        self.span.setCurrentIndex(1)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the figures again (F5)")
        self.status = QLabel("")
        self.status.setObjectName("status")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(QLabel("&Quarter", buddy=self.quarter))
        top.addWidget(self.quarter)
        top.addWidget(QLabel("&Show", buddy=self.span))
        top.addWidget(self.span)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.status)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setObjectName("drillNote")
        self.note.setText(
            "Click a bar, a point or a table cell to open the records behind it on the "
            "Feedback page." if self.can_drill else
            "You see aggregated figures only: numbers from 1 to 4 show as \u201c<5\u201d, and "
            "opening the records behind a figure is for officers and managers.")

        # Tab 1: themes over time + emerging
        self.theme_chart = _Chart("Records mentioning each theme, by quarter")
        self.theme_list = QListWidget()
        self.theme_list.setObjectName("themeList")
        self.theme_list.setMinimumWidth(300)
        self.theme_list.setMaximumWidth(360)
        self.theme_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.theme_list.setToolTip("Tick the themes to draw")
        self.emerging_model = EmergingModel(self)
        self.emerging = QTableView()
        self.emerging.setObjectName("emerging")
        self.emerging.setModel(self.emerging_model)
        self.emerging.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.emerging.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.emerging.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.emerging.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.emerging.verticalHeader().setVisible(False)
        self.emerging.setMaximumHeight(170)
        self.emerging_title = QLabel("Emerging themes")
        self.emerging_title.setStyleSheet("font-weight: 600;")
        self.emerging_test = QLabel()
        self.emerging_test.setObjectName("emergingTest")
        self.emerging_test.setWordWrap(True)
        self.emerging_empty = QLabel("No theme rose by more than chance would explain.")
        chart_row = QSplitter(Qt.Orientation.Horizontal)
        chart_row.addWidget(self.theme_chart)
        chart_row.addWidget(self.theme_list)
        chart_row.setStretchFactor(0, 1)
        t1 = QWidget()
        l1 = QVBoxLayout(t1)
        l1.addWidget(chart_row, 1)
        l1.addWidget(self.emerging_title)
        l1.addWidget(self.emerging_test)
        l1.addWidget(self.emerging)
        l1.addWidget(self.emerging_empty)

        # Tab 2: this quarter's themes with change
        self.bar_chart = _Chart("Themes this quarter and the previous quarter")
        # Tab 3: sentiment
        self.sentiment_chart = _Chart("Sentiment of records, by quarter")
        # Tab 4: theme x service area
        self.area_model = ThemeAreaModel(self)
        self.area_view = QTableView()
        self.area_view.setObjectName("areaTable")
        self.area_view.setModel(self.area_model)
        self.area_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.area_view.horizontalHeader().setDefaultSectionSize(130)
        self.area_view.horizontalHeader().setMinimumHeight(46)
        self.area_view.verticalHeader().setMinimumWidth(240)
        self.area_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.area_view.setWordWrap(False)
        self.area_caption = QLabel()
        self.area_caption.setWordWrap(True)
        t4 = QWidget()
        l4 = QVBoxLayout(t4)
        l4.addWidget(self.area_caption)
        l4.addWidget(self.area_view)

        self.tabs = QTabWidget()
        self.tabs.addTab(t1, "Themes over time")
        self.tabs.addTab(self.bar_chart, "Themes this quarter")
        self.tabs.addTab(self.sentiment_chart, "Sentiment")
        self.tabs.addTab(t4, "Themes by service area")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.tabs, 1)

        self.refresh_button.clicked.connect(self.refresh)
        self.quarter.currentIndexChanged.connect(self._quarter_changed)
        self.span.currentIndexChanged.connect(self._quarter_changed)
        self.theme_list.itemChanged.connect(self._theme_ticked)
        self.area_view.doubleClicked.connect(self._cell_activated)
        self.area_view.activated.connect(self._cell_activated)
        self.emerging.doubleClicked.connect(self._emerging_activated)
        self.emerging.activated.connect(self._emerging_activated)
        self._load_quarters()

    # ------------------------------------------------------------------ loading

    def _load_quarters(self) -> None:
        def done(quarters) -> None:
            self.quarter.blockSignals(True)
            self.quarter.clear()
            latest = svc.latest_complete_quarter()
            for q in quarters:
                self.quarter.addItem(f"{q.label} ({q.start:%b}\u2013{q.end:%b %Y})", q)
            i = next((n for n, q in enumerate(quarters) if q == latest), 0)
            self.quarter.setCurrentIndex(i)
            self.quarter.blockSignals(False)
            if not quarters:
                self.status.setText("No records yet: trends appear once feedback is captured.")
                return
            self.refresh()

        self.ctx.run(svc.quarters_available, self.ctx.db, self.ctx.actor, on_result=done,
                     on_error=self._failed)

    def current_quarter(self) -> FinancialQuarter | None:
        return self.quarter.currentData()

    def refresh(self) -> None:
        q = self.current_quarter()
        if q is None:
            return
        n = self.span.currentData() or 8
        self._generation += 1
        gen = self._generation
        self.status.setText("Reading the figures\u2026")

        def work():
            return (svc.theme_trends(self.ctx.db, self.ctx.actor, q, n),
                    svc.theme_by_service_area(self.ctx.db, self.ctx.actor, q))

        def done(result) -> None:
            if gen != self._generation:
                return
            self.data, self.area_table = result
            self._show()

        self.ctx.run(work, on_result=done, on_error=self._failed)

    def _quarter_changed(self, *_args) -> None:
        self.refresh()

    def _failed(self, exc, _tb: str = "") -> None:
        self.status.setText("")
        self.ctx.show_error(self, exc)

    # ------------------------------------------------------------------ drawing

    def _count(self, n: int) -> str:
        return format_count(n) if self.suppress else f"{n:,}"

    def _show(self) -> None:
        d = self.data
        total = d.records[-1]
        self.status.setText(f"{self._count(total)} records in {d.labels[-1]}")
        self.theme_list.blockSignals(True)
        self.theme_list.clear()
        wanted = self._checked or {t.slug for t in d.themes[:DEFAULT_THEMES]}
        for t in d.themes:
            item = QListWidgetItem(f"{t.name} ({self._count(t.latest)})")
            item.setData(Qt.ItemDataRole.UserRole, t.slug)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if t.slug in wanted else
                               Qt.CheckState.Unchecked)
            self.theme_list.addItem(item)
        self.theme_list.blockSignals(False)
        self._draw_theme_lines()
        self._draw_theme_bars()
        self._draw_sentiment()
        self.emerging_model.set_rows(d.emerging)
        self.emerging_title.setText(f"Emerging themes in {d.labels[-1]}")
        self.emerging_test.setText(f"Test used: {d.test}.")
        self.emerging.setVisible(bool(d.emerging))
        self.emerging_empty.setVisible(not d.emerging)
        t = self.area_table
        self.area_model.set_table(t, self.suppress)
        self.area_caption.setText(
            f"Records mentioning each theme in each service area in {t.label}, with the change "
            f"on {t.previous_label} in brackets (\u25b2 up, \u25bc down). A record can mention "
            "several themes.")

    def selected_themes(self) -> list[str]:
        out = []
        for i in range(self.theme_list.count()):
            item = self.theme_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _theme_ticked(self, _item) -> None:
        self._checked = set(self.selected_themes())
        self._draw_theme_lines()

    def _draw_theme_lines(self) -> None:
        d = self.data
        chart = self.theme_chart.reset()
        if d is None:
            return
        axis_x = QBarCategoryAxis()
        axis_x.append([lbl.replace(" ", "\n") for lbl in d.labels])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setTitleText("Records")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        top = 1
        by_slug = {t.slug: t for t in d.themes}
        for i, slug in enumerate(self.selected_themes()):
            t = by_slug.get(slug)
            if t is None:
                continue
            s = QLineSeries()
            s.setName(t.name)
            s.setPointsVisible(True)
            pen = s.pen()
            pen.setWidthF(2.5)
            pen.setColor(QColor(PALETTE[i % len(PALETTE)]))
            s.setPen(pen)
            for x, n in enumerate(t.counts):
                s.append(QPointF(x, n))
                top = max(top, n)
            chart.addSeries(s)
            s.attachAxis(axis_x)
            s.attachAxis(axis_y)
            s.clicked.connect(lambda point, slug=slug: self._point_clicked(slug, point))
        axis_y.setRange(0, top * 1.1)
        axis_y.applyNiceNumbers()

    def _draw_theme_bars(self) -> None:
        d = self.data
        chart = self.bar_chart.reset()
        themes = list(d.themes)[::-1]
        before, now = QBarSet(d.labels[-2] if len(d.labels) > 1 else "Previous"), \
            QBarSet(d.labels[-1])
        before.setColor(QColor("#9AA5B1"))
        now.setColor(QColor("#0B4F6C"))
        for t in themes:
            before.append(t.previous)
            now.append(t.latest)
        series = QHorizontalBarSeries()
        series.append(before)
        series.append(now)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        for bs in (before, now):
            bs.setLabelColor(QColor("#1A1A1A"))
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([t.name for t in themes])
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        axis_x.setRange(0, max([1, *(t.latest for t in themes), *(t.previous for t in themes)])
                        * 1.12)
        axis_x.applyNiceNumbers()
        slugs = [t.slug for t in themes]
        quarters = list(d.quarters)
        before.clicked.connect(lambda i: self.drill(theme=slugs[i], quarter=quarters[-2]))
        now.clicked.connect(lambda i: self.drill(theme=slugs[i], quarter=quarters[-1]))
        self.bar_sets = (before, now)
        self.bar_slugs = slugs

    def _draw_sentiment(self) -> None:
        d = self.data
        chart = self.sentiment_chart.reset()
        series = QPercentBarSeries()
        sets = []
        for key, label, colour in SENTIMENT:
            bs = QBarSet(label)
            bs.setColor(QColor(colour))
            for p in d.sentiment:
                bs.append(getattr(p, key))
            series.append(bs)
            sets.append((key, bs))
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([lbl.replace(" ", "\n") for lbl in d.labels])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d%%")
        axis_y.setRange(0, 100)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        quarters = list(d.quarters)
        for key, bs in sets:
            bs.clicked.connect(lambda i, key=key: self.drill(quarter=quarters[i], sentiment=key))
        self.sentiment_sets = dict(sets)

    # ------------------------------------------------------------------ drill-down

    def drill(self, **kwargs) -> bool:
        """Open the Feedback page filtered to the records behind a figure."""
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        if not self.can_drill:
            self.status.setText("Opening records is for officers and managers.")
            return False
        self.drilled.emit(kwargs)
        self.ctx.navigate("feedback", **kwargs)
        return True

    def _point_clicked(self, slug: str, point: QPointF) -> None:
        i = round(point.x())
        if self.data and 0 <= i < len(self.data.quarters):
            self.drill(theme=slug, quarter=self.data.quarters[i])

    def _cell_activated(self, index: QModelIndex) -> None:
        if not index.isValid() or self.area_table is None:
            return
        slug, code = index.data(ThemeAreaModel.KEY_ROLE)
        self.drill(theme=slug, quarter=self.area_table.quarter, service_area=code)

    def _emerging_activated(self, index: QModelIndex) -> None:
        if index.isValid() and self.data is not None:
            slug = self.emerging_model.data(index, Qt.ItemDataRole.UserRole)
            self.drill(theme=slug, quarter=self.data.latest)

    def navigate_to(self, **kwargs) -> None:
        """Show a given quarter, e.g. navigate_to(quarter="2026-27-Q2")."""
        code = kwargs.get("quarter")
        if code:
            q = FinancialQuarter.parse(code)
            for i in range(self.quarter.count()):
                if self.quarter.itemData(i) == q:
                    self.quarter.setCurrentIndex(i)
                    break
