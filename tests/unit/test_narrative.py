"""Sentences written from numbers: they must be true, read naturally, and never reveal a count
from 1 to 4 (directly or as a percentage change)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voiceapp.services import narrative as nv
from voiceapp.services.narrative import Noun

COMPLIMENT = Noun("compliment")


def test_the_issue_example_reads_as_written():
    s = nv.count_change(COMPLIMENT, 124, 105, about=", mostly about communication")
    assert s == "Compliments rose by 18% on the previous quarter, to 124, mostly about communication."


@pytest.mark.parametrize(("current", "previous", "expected"), [
    (0, 0, "There were no compliments this quarter or in the previous quarter."),
    (0, 12, "There were no compliments this quarter, down from 12 in the previous quarter."),
    (0, 3, "There were no compliments this quarter, compared with fewer than five in the "
           "previous quarter."),
    (3, 0, "There were fewer than five compliments this quarter, and none in the previous "
           "quarter."),
    (2, 4, "There were fewer than five compliments this quarter, as in the previous quarter."),
    (4, 30, "Compliments fell to fewer than five this quarter, from 30 in the previous quarter."),
    (30, 4, "Compliments rose to 30 this quarter, from fewer than five in the previous quarter."),
    (9, 0, "There were 9 compliments this quarter, and none in the previous quarter."),
    (40, 40, "There were 40 compliments this quarter, the same as in the previous quarter."),
    (9, 6, "Compliments rose from 6 in the previous quarter to 9 this quarter."),
    (6, 9, "Compliments fell from 9 in the previous quarter to 6 this quarter."),
    (80, 40, "Compliments doubled on the previous quarter, to 80."),
    (90, 40, "Compliments more than doubled on the previous quarter, to 90."),
    (120, 40, "Compliments trebled on the previous quarter, to 120."),
    (200, 40, "Compliments more than trebled on the previous quarter, to 200."),
    (1001, 1000, "Compliments rose slightly on the previous quarter, to 1,001."),
    (999, 1000, "Compliments fell slightly on the previous quarter, to 999."),
    (201, 200, "Compliments rose by 1% on the previous quarter, to 201."),
    (10, 100, "Compliments fell by 90% on the previous quarter, to 10."),
    (1234, 1000, "Compliments rose by 23% on the previous quarter, to 1,234."),
])
def test_count_changes(current, previous, expected):
    assert nv.count_change(COMPLIMENT, current, previous) == expected


def test_no_comparison_available():
    assert nv.count_change(COMPLIMENT, 14, None) == (
        "There were 14 compliments this quarter; there is no figure for the previous quarter "
        "to compare with.")
    assert nv.count_change(COMPLIMENT, 0, None) == "There were no compliments this quarter."
    assert "fewer than five" in nv.count_change(COMPLIMENT, 2, None)


def test_other_comparators_and_subjects():
    s = nv.count_change(COMPLIMENT, 55, 50, comparator="the same quarter last year")
    assert s == "Compliments rose by 10% on the same quarter last year, to 55."
    noun = Noun("attendance at events", "attendances at events", subject="attendance at events")
    assert nv.count_change(noun, 325, 225) == \
        "Attendance at events rose by 44% on the previous quarter, to 325."
    child = Noun("child or young person", "children and young people")
    assert nv.count_change(child, 0, 0).startswith("There were no children and young people")


def test_percentages_round_half_up_like_people_do():
    assert nv.percent_text(62.5) == "63%"
    assert nv.percent_text(0.5) == "1%"
    assert nv.percent_text(71.0, 1) == "71%"
    assert nv.percent_text(71.25, 1) == "71.3%"
    assert nv.percent_text(None) == "no figure"


@pytest.mark.parametrize(("cur", "prev", "expected"), [
    (71.0, 62.5, "The share answered on time rose from 63% in the previous quarter to 71%."),
    (50.0, 62.0, "The share answered on time fell from 62% in the previous quarter to 50%."),
    (50.2, 50.0, "The share answered on time was 50% this quarter, much the same as in the "
                 "previous quarter (50%)."),
    (None, 50.0, "The share answered on time cannot be given this quarter: there was nothing "
                 "to count."),
    (40.0, None, "The share answered on time was 40% this quarter; there is no figure for the "
                 "previous quarter to compare with."),
])
def test_share_changes(cur, prev, expected):
    assert nv.share_change("the share answered on time", cur, prev) == expected


@pytest.mark.parametrize(("pct", "words"), [
    (50.0, "about half"), (52.5, "just over half"), (48.0, "just under half"),
    (33.0, "about a third"), (26.0, "about a quarter"), (90.4, "about nine in ten"),
    (43.0, "just over two in five"), (45.0, "45%"), (100.0, "all"), (99.6, "almost all"),
    (0.0, "none"), (16.0, "16%"), (12.0, "just over one in ten"),
])
def test_share_words(pct, words):
    assert nv.share_words(pct) == words


def test_lists_and_top_items_use_no_serial_comma_and_hide_small_counts():
    assert nv.list_phrase([]) == ""
    assert nv.list_phrase(["a"]) == "a"
    assert nv.list_phrase(["a", "b"]) == "a and b"
    assert nv.list_phrase(["a", "b", "c"]) == "a, b and c"
    text = nv.top_items([("communication", 412), ("timeliness", 301), ("transport", 3)],
                        Noun("record"))
    assert text == "communication (412 records), timeliness (301) and transport (fewer than five)"


def test_about_phrase():
    assert nv.about_phrase("communication", 55) == ", mostly about communication"
    assert nv.about_phrase("communication", 30) == ", most often about communication"
    assert nv.about_phrase(None, 30) == ""
    assert nv.about_phrase("x", 0) == ""


def test_theme_change_names_the_test_only_for_a_real_rise():
    s = nv.theme_change("timeliness", 120, 80, significant=True, p_value=0.0031,
                        test="Poisson rate test")
    assert s == ("Records about timeliness rose by 50% on the previous quarter, to 120; a rise "
                 "this large is unlikely to be chance (Poisson rate test, p = 0.003).")
    assert "chance" not in nv.theme_change("timeliness", 120, 80, significant=False,
                                           p_value=0.2)
    assert "p < 0.001" in nv.theme_change("x", 500, 100, significant=True, p_value=1e-9)
    # A "significant" flag on a fall is never described as a rise.
    assert "chance" not in nv.theme_change("x", 80, 120, significant=True, p_value=0.01)


def test_theme_share_rise_speaks_of_shares():
    s = nv.theme_share_rise("communication and responsiveness", 21.6, 18.0, p_value=0.0004)
    assert s == ("Communication and responsiveness came up in 22% of records, up from 18% in "
                 "the previous quarter: a rise unlikely to be chance (Poisson rate test, "
                 "p < 0.001).")
    close = nv.theme_share_rise("transport", 3.3, 2.7, p_value=0.017)
    assert "3.3% of records, up from 2.7%" in close


def test_sentiment_summary():
    s = nv.sentiment_summary(45.0, 22.0, 33.0, previous_positive=40.0, previous_negative=38.0)
    assert s == ("Of what people told us this quarter, 45% was positive, 22% neutral and 33% "
                 "negative: more positive than in the previous quarter (40% positive, 38% "
                 "negative).")
    same = nv.sentiment_summary(45.0, 22.0, 33.0, previous_positive=45.0, previous_negative=34.0)
    assert "much the same" in same
    worse = nv.sentiment_summary(30.0, 20.0, 50.0, previous_positive=45.0, previous_negative=34.0)
    assert "less positive" in worse
    assert "nothing to analyse" in nv.sentiment_summary(None, None, None)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        nv.count_change(COMPLIMENT, -1, 3)


_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*)(?![\d%])")


@given(st.integers(0, 3000), st.one_of(st.none(), st.integers(0, 3000)))
def test_any_pair_gives_one_true_sentence_without_small_numbers(current, previous):
    s = nv.count_change(COMPLIMENT, current, previous)
    assert s[0].isupper() and s.endswith(".") and "  " not in s
    printed = {int(n.replace(",", "")) for n in _NUMBER.findall(s)}
    # No count from 1 to 4 is ever printed...
    assert not printed & {1, 2, 3, 4}
    # ...and every printed count is one of the two given.
    assert printed <= {current, previous or 0}
    # A percentage change is only given when both counts are printable.
    if "%" in s:
        assert current >= 5 and previous is not None and previous >= nv.MIN_BASE_FOR_PERCENT
    if previous is not None and current > previous and not (0 < current < 5):
        assert any(w in s for w in ("rose", "doubled", "trebled", "none in", "There were"))
    if previous is not None and current < previous and current >= 5:
        assert "fell" in s


def test_the_report_tables_round_count_changes_as_the_sentences_do():
    """A table cell beside a sentence must give the same percent: 328 after 375 is a 12.5%
    fall, which Python's round() prints as 12% and people (and the sentence) as 13%."""
    from voiceapp.reports.quarterly import count_change_pct

    assert count_change_pct(328, 375) == "13%"
    checked = 0
    for p in range(10, 400, 7):
        for c in range(5, 800, 13):
            sentence = nv.count_change(Noun("record"), c, p)
            m = re.search(r"by (\d+)% on", sentence)
            if m:
                assert count_change_pct(c, p) == f"{m.group(1)}%", (c, p, sentence)
                checked += 1
    assert checked > 500


@pytest.mark.parametrize(("pct", "plain", "with_the"), [
    (40.0, "about two in five complaints", "about two in five records"),
    (31.0, "just under a third of complaints", "just under a third of the records"),
    (50.4, "about half of complaints", "about half of the records"),
    (12.5, "just over one in ten complaints", "just over one in ten records"),
    (46.5, "47% of complaints", "47% of the records"),
    (100.0, "all complaints", "all the records"),
    (0.0, "none of the complaints", "none of the records"),
])
def test_shares_read_grammatically_with_their_noun(pct, plain, with_the):
    assert nv.share_of(pct, "complaints") == plain
    assert nv.share_of(pct, "records", the=True) == with_the
