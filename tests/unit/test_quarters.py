from datetime import date

import pytest

from voiceapp.domain.quarters import FinancialQuarter


@pytest.mark.parametrize(("day", "label"), [
    (date(2022, 4, 1), "2022-23 Q1"), (date(2022, 6, 30), "2022-23 Q1"),
    (date(2022, 7, 1), "2022-23 Q2"), (date(2022, 10, 15), "2022-23 Q3"),
    (date(2022, 12, 31), "2022-23 Q3"), (date(2023, 1, 1), "2022-23 Q4"),
    (date(2023, 3, 31), "2022-23 Q4"),
])
def test_quarter_containing(day, label):
    assert FinancialQuarter.containing(day).label == label


def test_domain_example_q3_is_october_to_december():
    q = FinancialQuarter.parse("2022-23 Q3")
    assert (q.start, q.end) == (date(2022, 10, 1), date(2022, 12, 31))


@pytest.mark.parametrize("text", ["2023-24-Q2", "2023-24 Q2", "2023/24 Q2", "Q2 2023-24", "2023-24q2"])
def test_parse_spellings(text):
    assert FinancialQuarter.parse(text) == FinancialQuarter(2023, 2)


@pytest.mark.parametrize("text", ["2023-25-Q2", "2023-24-Q5", "last quarter", ""])
def test_parse_rejects_with_plain_message(text):
    with pytest.raises(ValueError, match=r"2023-24|financial"):
        FinancialQuarter.parse(text)


def test_previous_next_and_year_earlier_cross_year_boundaries():
    q4 = FinancialQuarter(2022, 4)
    assert q4.next() == FinancialQuarter(2023, 1)
    assert FinancialQuarter(2023, 1).previous() == q4
    assert q4.year_earlier() == FinancialQuarter(2021, 4)
    assert q4.start == date(2023, 1, 1) and q4.end == date(2023, 3, 31)
    assert q4.code == "2022-23-Q4"
