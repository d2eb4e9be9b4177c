"""The Feedback page on a demo database: capture a compliment and see it in the table, each
filter against an independent SQL count, saved filters, columns, the detail pane's optimistic
locking conflict, bulk actions; the table model through qtmodeltester."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from _feedback_ui import ctx_for, demo_db, errors, isolated_settings, sql, sql_one  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.services import feedback as fb
from voiceapp.ui.dialogs.feedback_conflict import ConflictDialog
from voiceapp.ui.models.feedback_table import COLUMN_KEYS, FeedbackTableModel
from voiceapp.ui.pages.feedback import FeedbackPage
from voiceapp.ui.settings_store import Preferences


@pytest.fixture
def page(qtbot, demo_db, errors):  # noqa: F811
    ctx = ctx_for(demo_db, "manager")
    p = FeedbackPage(ctx)
    qtbot.addWidget(p)
    p.resize(1300, 800)
    qtbot.waitUntil(lambda: p.ref is not None and p.model.rowCount() > 0, timeout=15000)
    return p


def shown_total(p: FeedbackPage) -> int | None:
    m = re.match(r"([\d,]+) records? match", p.filter_bar.count_label.text())
    return int(m.group(1).replace(",", "")) if m else None


def wait_total(qtbot, p: FeedbackPage, expected: int) -> None:
    qtbot.waitUntil(lambda: shown_total(p) == expected and not p.model.loading, timeout=15000)


def test_model_passes_qtmodeltester(qtmodeltester, demo_db):  # noqa: F811
    from voiceapp.services.users import sign_in

    actor = sign_in(demo_db, "manager", "demo")
    model = FeedbackTableModel(lambda *a: fb.browse(demo_db, actor, *a), runner=None,
                               page_size=50)
    model.set_reference(fb.reference_data(demo_db, actor))
    model.set_query(fb.FeedbackFilter(kinds=("compliment",)))
    assert model.rowCount() == 50 and model.canFetchMore()
    qtmodeltester.check(model)  # (the tester itself fetches more pages)
    before = model.rowCount()
    model.fetchMore()
    assert model.rowCount() == before + 50
    model.sort(COLUMN_KEYS.index("kind"), Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_first_page_loads_in_the_background_then_more_on_demand(qtbot, page):
    size = page.model.page_size
    assert page.model.rowCount() == size and page.model.canFetchMore()
    page.model.fetchMore()
    # The query runs on the thread pool: the GUI thread returned at once, and asks no twice.
    assert page.model.loading and not page.model.canFetchMore()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 * size, timeout=10000)


def test_enter_a_compliment_and_see_it_in_the_table(qtbot, page, demo_copy):
    ref = page.ref
    before = sql_one(demo_copy, "SELECT count(*) FROM feedback WHERE kind = 'compliment'")
    dialog = page.new_record("compliment")
    qtbot.waitExposed(dialog)
    form = dialog.form
    words = "Thank you to the short breaks team, our son loved the holiday club."
    qtbot.keyClicks(form.text, words)
    assert not form.revalidate(), "channel, role and consent are still missing"
    form.channel.set_value(next(o.id for o in ref.channels if o.code == "email"))
    form.role.set_value(next(o.id for o in ref.respondent_roles if o.code == "parent_carer"))
    qtbot.keyClicks(form.praised_person, "the holiday club staff")
    form.consent_quote.yes.click()
    form.consent_contact.no.click()
    assert form.revalidate()
    qtbot.waitUntil(lambda: dialog.panel.preview is not None, timeout=10000)
    assert dialog.panel.preview.sentiment_label == "positive"
    # Ctrl+Enter in the multi-line text saves.
    qtbot.keyClick(form.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.last_saved is not None, timeout=10000)
    saved = dialog.last_saved
    assert sql_one(demo_copy, "SELECT count(*) FROM feedback WHERE kind = 'compliment'") == \
        before + 1
    assert sql(demo_copy, "SELECT text, consent_quote FROM feedback WHERE id = ?",
               saved.id) == [(words, 1)]
    assert sql(demo_copy, "SELECT praised_person FROM compliment WHERE feedback_id = ?",
               saved.id) == [("the holiday club staff",)]
    # It is in the table (newest first: today's date), selected, and shown in the detail pane.
    qtbot.waitUntil(lambda: page.model.row_of(saved.id) is not None, timeout=10000)
    row = page.model.row_of(saved.id)
    assert page.model.index(row, COLUMN_KEYS.index("text")).data() == words
    qtbot.waitUntil(lambda: page.selected_ids() == [saved.id], timeout=5000)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == saved.id,
                    timeout=5000)


def test_form_validates_as_you_type_and_enter_saves(qtbot, page, demo_copy, errors):  # noqa: F811
    dialog = page.new_record("comment")
    form = dialog.form
    assert form.received_on.maximumDate().toPython() == date.today()  # no future dates
    assert not form.errors["text"].isVisible()  # nothing shouted before anything is touched
    qtbot.keyClicks(form.text, "x")
    form.text.clear()
    assert form.errors["text"].text() == "Enter what they said."
    # Enter on the dialog with problems: nothing saved, every problem shown, focus moved.
    dialog.show()
    qtbot.keyClick(form.respondent_name, Qt.Key.Key_Return)
    assert dialog.last_saved is None and "missing" in dialog.message.text()
    assert form.errors["consent_quote"].isVisible()
    form.text.setPlainText("The Local Offer website is hard to search.")
    form.channel.set_value(page.ref.channels[0].id)
    form.role.set_value(page.ref.respondent_roles[0].id)
    form.consent_quote.no.click()
    form.consent_contact.no.click()
    qtbot.keyClick(form.respondent_name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: dialog.last_saved is not None, timeout=10000)
    assert not errors


def test_tab_order_follows_the_form(page):
    form = page.new_record("compliment").form
    fields = set(form.field_widgets.values())
    w, seen = form.received_on, []
    while len(seen) < 6:
        w = w.nextInFocusChain()
        if w in fields and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            seen.append(w)
    # Age band is skipped while disabled: it only applies to children and young people.
    assert seen == [form.text, form.channel, form.role, form.service_area, form.team,
                    form.district]


def test_safeguarding_warning_in_the_capture_form(qtbot, page):
    dialog = page.new_record("comment")
    dialog.form.text.setPlainText("He said he wants to kill himself and has a knife at home.")
    qtbot.waitUntil(lambda: dialog.panel.preview is not None, timeout=10000)
    assert dialog.panel.preview.safeguarding
    assert dialog.panel.banner.isVisibleTo(dialog)
    assert "kill" in dialog.panel.banner.reasons.text().lower() or \
        dialog.panel.banner.reasons.text()


def _independent_counts(path, q: FinancialQuarter):
    theme = sql_one(path, "SELECT id FROM theme WHERE slug = 'timeliness'")
    area = sql_one(path, "SELECT id FROM reference_item WHERE code = 'send_ehc'")
    district = sql_one(path, "SELECT id FROM reference_item WHERE code = 'hallowmere'")
    role = sql_one(path, "SELECT id FROM reference_item WHERE code = 'child_young_person'")
    team = sql_one(path, "SELECT team_id FROM feedback WHERE team_id IS NOT NULL "
                         "GROUP BY team_id ORDER BY count(*) DESC LIMIT 1")
    team_area = sql_one(path, "SELECT parent_id FROM reference_item WHERE id = ?", team)
    sub = [r[0] for r in sql(path, "SELECT id FROM theme WHERE slug = 'timeliness' OR slug LIKE "
                                   "'timeliness.%'")]
    subs = ",".join(map(str, sub))
    return [
        ("kind", lambda b: b.kind.set_value("complaint"), "kind = 'complaint'", ()),
        ("quarter", lambda b: b.quarter.set_value(q.code), "received_on BETWEEN ? AND ?",
         (q.start.isoformat(), q.end.isoformat())),
        ("service area", lambda b: b.service_area.set_value(area), "service_area_id = ?",
         (area,)),
        ("team", lambda b: (b.service_area.set_value(team_area), b.team.set_value(team)),
         "service_area_id = ? AND team_id = ?", (team_area, team)),
        ("district", lambda b: b.district.set_value(district), "district_id = ?", (district,)),
        ("who", lambda b: b.role.set_value(role), "respondent_role_id = ?", (role,)),
        ("theme incl. sub-themes", lambda b: b.theme.set_value(theme),
         f"EXISTS (SELECT 1 FROM feedback_theme t WHERE t.feedback_id = feedback.id AND "
         f"t.theme_id IN ({subs}) AND t.status <> 'rejected')", ()),
        ("sentiment", lambda b: b.sentiment.set_value("negative"),
         "COALESCE(sentiment_override, sentiment_label) = 'negative'", ()),
        ("safeguarding", lambda b: b.safeguarding.set_value(True), "safeguarding_flag = 1", ()),
        ("consent to quote", lambda b: b.consent.set_value(False), "consent_quote = 0", ()),
        ("review state", lambda b: b.review.set_value(True), "needs_review = 1", ()),
        ("free text", lambda b: b.search.setText("waiting"),
         "id IN (SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH '\"waiting\"')", ()),
        ("date range", lambda b: (b.date_from.setDate(q.start), b.date_to.setDate(q.end)),
         "received_on BETWEEN ? AND ?", (q.start.isoformat(), q.end.isoformat())),
        ("combined", lambda b: (b.kind.set_value("comment"), b.quarter.set_value(q.code),
                                b.sentiment.set_value("negative")),
         "kind = 'comment' AND received_on BETWEEN ? AND ? AND "
         "COALESCE(sentiment_override, sentiment_label) = 'negative'",
         (q.start.isoformat(), q.end.isoformat())),
    ]


def test_each_filter_and_its_count_match_sql(qtbot, page, demo_copy):
    bar = page.filter_bar
    q = FinancialQuarter.containing(date(2025, 10, 15))
    for name, apply, where, params in _independent_counts(demo_copy, q):
        bar.clear()
        apply(bar)
        expected = sql_one(demo_copy, f"SELECT count(*) FROM feedback WHERE {where}", *params)
        assert expected > 0, f"the demo data should exercise the {name} filter"
        wait_total(qtbot, page, expected)
        assert page.model.rowCount() == min(expected, page.model.page_size), name
        ids = sql(demo_copy, f"SELECT id FROM feedback WHERE {where} ORDER BY received_on DESC, "
                             f"id DESC LIMIT 20", *params)
        assert [page.model.row(i).id for i in range(min(20, expected))] == [i for (i,) in ids], \
            name
    # Counts beside the choices: each kind's count is what choosing it would give.
    bar.clear()
    total = sql_one(demo_copy, "SELECT count(*) FROM feedback")
    wait_total(qtbot, page, total)
    n = sql_one(demo_copy, "SELECT count(*) FROM feedback WHERE kind = 'suggestion'")
    assert bar.kind.itemText(bar.kind.findData("suggestion")) == f"Suggestion ({n:,})"


def test_no_match_shows_a_helpful_empty_state(qtbot, page):
    page.filter_bar.search.setText("zzqqxx")
    qtbot.waitUntil(lambda: shown_total(page) == 0, timeout=10000)
    assert page.table_stack.currentWidget() is page.empty
    assert "Clear filters" in page.empty.text()


def test_saved_filter(qtbot, page):
    bar = page.filter_bar
    bar.kind.set_value("complaint")
    bar.sentiment.set_value("negative")
    bar.search.setText("transport")
    wanted = bar.filter()
    page.save_filter_as("Transport complaints")
    qtbot.waitUntil(lambda: bar.saved_combo.findText("Transport complaints") > 0, timeout=10000)
    bar.clear()
    assert bar.filter().is_empty()
    i = bar.saved_combo.findText("Transport complaints")
    bar.saved_combo.setCurrentIndex(i)
    bar.saved_combo.activated.emit(i)
    assert bar.filter() == wanted
    qtbot.waitUntil(lambda: page.model.filter == wanted, timeout=5000)
    page.delete_filter(bar.saved_combo.currentData())
    qtbot.waitUntil(lambda: bar.saved_combo.findText("Transport complaints") < 0, timeout=10000)


def test_columns_chosen_by_the_user_are_remembered(qtbot, page, demo_db, errors):  # noqa: F811
    district = COLUMN_KEYS.index("district")
    assert page.table.isColumnHidden(district)
    page._toggle_column("district", True)
    page._toggle_column("themes", False)
    assert not page.table.isColumnHidden(district)
    assert "themes" not in Preferences().browse_columns
    again = FeedbackPage(ctx_for(demo_db, "manager"))
    qtbot.addWidget(again)
    assert not again.table.isColumnHidden(district)
    assert again.table.isColumnHidden(COLUMN_KEYS.index("themes"))


def test_sorting_happens_in_sql(qtbot, page, demo_copy):
    col = COLUMN_KEYS.index("kind")
    page.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: page.model.sort_key == "kind" and not page.model.loading
                    and page.model.rowCount() > 0, timeout=10000)
    first = sql_one(demo_copy, "SELECT id FROM feedback ORDER BY kind ASC, id ASC LIMIT 1")
    assert page.model.row(0).id == first


def test_concurrent_edit_shows_both_versions_and_loses_neither(qtbot, page, demo_db,  # noqa: F811
                                                               demo_copy):
    page.table.selectRow(0)
    rid = page.model.row(0).id
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == rid,
                    timeout=10000)
    opened = page.detail.detail
    # Someone else saves first.
    other = fb.update_feedback(demo_db, page.ctx.actor, rid, opened.version,
                               replace(opened.as_input(), text=opened.text + " THEIRS"))
    form = page.detail.form
    form.text.setPlainText(opened.text + " MINE")
    assert page.detail.save_button.isEnabled()
    page.detail.save()
    qtbot.waitUntil(lambda: getattr(page.detail, "last_conflict", None) is not None,
                    timeout=10000)
    dialog: ConflictDialog = page.detail.last_conflict
    assert dialog.their_text.toPlainText().endswith("THEIRS")
    assert dialog.result_text.toPlainText().endswith("MINE")
    dialog.findChild(QPushButton, "combine").click()
    combined = dialog.result_text.toPlainText()
    assert "THEIRS" in combined and "MINE" in combined
    dialog.accept()
    qtbot.waitUntil(lambda: "MINE" in sql_one(demo_copy, "SELECT text FROM feedback WHERE id=?",
                                              rid), timeout=10000)
    final = sql(demo_copy, "SELECT text, version FROM feedback WHERE id = ?", rid)[0]
    assert "THEIRS" in final[0] and "MINE" in final[0]
    assert final[1] == other.version + 1


def test_bulk_add_theme_to_selection(qtbot, page, demo_copy, monkeypatch):
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0), page.table.selectionModel().SelectionFlag.Select |
        page.table.selectionModel().SelectionFlag.Rows)
    ids = page.selected_ids()
    assert len(ids) == 2
    theme = sql_one(demo_copy, "SELECT id FROM theme WHERE slug = 'coproduction.parent_forum'")
    monkeypatch.setattr(page, "_pick", lambda *a, **k: (True, theme))
    page.bulk_add_theme()
    marks = ",".join(map(str, ids))
    qtbot.waitUntil(lambda: sql_one(demo_copy, f"SELECT count(*) FROM feedback_theme WHERE "
                                               f"theme_id = {theme} AND status = 'confirmed' AND "
                                               f"feedback_id IN ({marks})") == 2, timeout=10000)


def test_navigate_to_drills_down(qtbot, page, demo_copy):
    q = FinancialQuarter.containing(date(2025, 10, 15))
    page.navigate_to(theme="transport", quarter=q.code)
    flt = page.filter_bar.filter()
    tid = sql_one(demo_copy, "SELECT id FROM theme WHERE slug = 'transport'")
    assert flt.theme_ids == (tid,) and flt.quarter == q.code
    qtbot.waitUntil(lambda: page.model.filter == flt and not page.model.loading, timeout=10000)


def test_export_takes_the_pages_other_filters_and_the_selection(qtbot, page, demo_copy,
                                                                tmp_path, monkeypatch):
    """Export from the Feedback page: filters the export form has no field for (district,
    search) are shown and applied, and "only the selected records" exports just those."""
    import csv

    from voiceapp.ui.dialogs import export_dialog

    opened = []
    monkeypatch.setattr(export_dialog.ExportDialog, "open", lambda self: opened.append(self))
    district = sql_one(demo_copy, "SELECT id FROM reference_item WHERE code = 'hallowmere'")
    bar = page.filter_bar
    bar.kind.set_value("compliment")
    bar.district.set_value(district)
    expected = sql_one(demo_copy, "SELECT count(*) FROM feedback WHERE kind = 'compliment' "
                                  "AND district_id = ?", district)
    wait_total(qtbot, page, expected)
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0), page.table.selectionModel().SelectionFlag.Select |
        page.table.selectionModel().SelectionFlag.Rows)
    chosen = page.selected_ids()
    page.export()
    dialog = opened[-1]
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "compliment"
    assert not dialog.also_box.isHidden() and dialog.also_box.isChecked()
    assert "district Hallowmere" in dialog.also_box.text()
    assert not dialog.selected_only.isHidden() and not dialog.selected_only.isChecked()
    assert "2 selected records" in dialog.selected_only.text()

    def run(name: str) -> list[int]:
        out = tmp_path / name
        dialog.out_edit.setText(str(out))
        dialog.fmt.setCurrentIndex(dialog.fmt.findData("csv"))
        with qtbot.waitSignal(dialog.exported, timeout=30000):
            dialog._export()
        qtbot.waitUntil(lambda: not dialog._busy, timeout=10000)
        with open(out, encoding="utf-8-sig", newline="") as fh:
            return [int(r["record_id"]) for r in csv.DictReader(fh)]

    assert len(run("district.csv")) == expected > 2  # kind and district, as on the page
    dialog.selected_only.setChecked(True)
    assert sorted(run("selected.csv")) == sorted(chosen)
    dialog.selected_only.setChecked(False)
    dialog.also_box.setChecked(False)  # untick: every compliment
    assert len(run("all.csv")) == sql_one(
        demo_copy, "SELECT count(*) FROM feedback WHERE kind = 'compliment'") > expected
