"""The Trends page: charts filled from the trends service, drill-down to the Feedback page with
the right filters, board viewers limited to aggregated figures, and the Qt models."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool

from voiceapp.db.engine import open_database
from voiceapp.domain.enums import UserRole
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.services import trends
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace
from voiceapp.ui.context import UiContext
from voiceapp.ui.pages.trends import EmergingModel, ThemeAreaModel, TrendsPage

MANAGER = Actor(None, "manager", UserRole.MANAGER)
VIEWER = Actor(None, "viewer", UserRole.BOARD_VIEWER)
QUARTER = FinancialQuarter.parse("2026-27-Q2")


@pytest.fixture(autouse=True)
def drain_pool():
    yield
    QThreadPool.globalInstance().waitForDone(10000)


@pytest.fixture(scope="module")
def db(demo_sqlite):
    database = open_database(demo_sqlite)
    yield database
    database.dispose()


def _page(qtbot, db, actor=MANAGER) -> TrendsPage:
    page = TrendsPage(UiContext(Workspace(db, actor)))
    qtbot.addWidget(page)
    page.resize(1300, 850)
    qtbot.waitUntil(lambda: page.quarter.count() > 0, timeout=10000)
    page.navigate_to(quarter=QUARTER.code)
    qtbot.waitUntil(lambda: page.data is not None and page.data.latest == QUARTER.code,
                    timeout=20000)
    return page


def test_charts_and_table_are_populated(qtbot, db):
    page = _page(qtbot, db)
    expected = trends.theme_trends(db, MANAGER, QUARTER, 8)
    assert page.data.quarters == expected.quarters
    lines = page.theme_chart.chart().series()
    assert len(lines) == min(5, len(expected.themes))
    first = expected.themes[0]
    assert lines[0].name() == first.name
    assert [round(p.y()) for p in lines[0].points()] == list(first.counts)
    _before, now = page.bar_sets
    assert now.count() == len(expected.themes)
    assert sorted(now.at(i) for i in range(now.count())) == sorted(t.latest for t in
                                                                  expected.themes)
    sentiment = page.sentiment_chart.chart().series()[0]
    assert [s.label() for s in sentiment.barSets()] == ["Positive", "Neutral", "Negative"]
    assert page.sentiment_sets["negative"].at(len(expected.quarters) - 1) == \
        expected.sentiment[-1].negative
    assert page.area_model.rowCount() == len(expected.themes)
    assert "Poisson" in page.emerging_test.text()
    # Unticking a theme removes its line.
    page.theme_list.item(0).setCheckState(page.theme_list.item(0).checkState().Unchecked)
    assert len(page.theme_chart.chart().series()) == len(lines) - 1


def test_drill_down_from_a_bar_a_cell_and_an_emerging_theme(qtbot, db):
    page = _page(qtbot, db)
    before, now = page.bar_sets
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=2000) as sig:
        now.clicked.emit(0)
    assert sig.args == ["feedback", {"theme": page.bar_slugs[0], "quarter": QUARTER.code}]
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=2000) as sig:
        before.clicked.emit(1)
    assert sig.args[1] == {"theme": page.bar_slugs[1], "quarter": QUARTER.previous().code}

    model = page.area_model
    slug = model.table.themes[0][0]
    col = next(c for c in range(1, model.columnCount())
               if model.table.cell(slug, model.table.areas[c - 1][0]).count)
    index = model.index(0, col)
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=2000) as sig:
        page.area_view.activated.emit(index)
    assert sig.args == ["feedback", {"theme": slug, "quarter": QUARTER.code,
                                     "service_area": model.table.areas[col - 1][0]}]
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=2000) as sig:
        page.sentiment_sets["negative"].clicked.emit(2)
    assert sig.args[1] == {"quarter": page.data.quarters[2], "sentiment": "negative"}
    if page.emerging_model.rowCount():
        with qtbot.waitSignal(page.ctx.navigate_requested, timeout=2000) as sig:
            page.emerging.activated.emit(page.emerging_model.index(0, 0))
        assert sig.args[1]["theme"] == page.emerging_model.rows[0].slug


def test_board_viewers_see_aggregates_only(qtbot, db):
    page = _page(qtbot, db, VIEWER)
    assert not page.can_drill
    assert "officers and managers" in page.note.text()
    emitted = []
    page.ctx.navigate_requested.connect(lambda *a: emitted.append(a))
    page.bar_sets[1].clicked.emit(0)
    assert emitted == []
    texts = {page.area_model.index(r, c).data() for r in range(page.area_model.rowCount())
             for c in range(page.area_model.columnCount())}
    small = {page.area_model.table.cell(s, a).count for s, _ in page.area_model.table.themes
             for a, _ in page.area_model.table.areas}
    if small & {1, 2, 3, 4}:
        assert any(t.startswith("<5") for t in texts)
    for t in texts:
        assert t.split()[0] not in {"1", "2", "3", "4"}


def test_models_pass_the_model_tester(qtmodeltester, db):
    area = ThemeAreaModel()
    area.set_table(trends.theme_by_service_area(db, MANAGER, QUARTER))
    qtmodeltester.check(area)
    emerging = EmergingModel()
    emerging.set_rows(trends.theme_trends(db, MANAGER, QUARTER, 8).emerging)
    qtmodeltester.check(emerging)
    empty = ThemeAreaModel()
    qtmodeltester.check(empty)
