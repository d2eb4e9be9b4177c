"""Financial-year quarters (DOMAIN.md section 8): Q1 April-June, Q2 July-September,
Q3 October-December, Q4 January-March. "2022-23 Q3" is October-December 2022.

Accepted spellings when parsing: "2023-24-Q2", "2023-24 Q2", "2023/24 Q2", "Q2 2023-24"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_PATTERNS = [
    re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})\s*[- ]?\s*Q([1-4])\s*$", re.I),
    re.compile(r"^\s*Q([1-4])\s+(\d{4})\s*[-/]\s*(\d{2})\s*$", re.I),
]


@dataclass(frozen=True, order=True)
class FinancialQuarter:
    year_start: int  # the calendar year in which the financial year starts (2022 for 2022-23)
    number: int  # 1..4

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1 to 4, not {self.number}")

    @classmethod
    def containing(cls, d: date) -> FinancialQuarter:
        if d.month >= 4:
            return cls(d.year, (d.month - 4) // 3 + 1)
        return cls(d.year - 1, 4)

    @classmethod
    def parse(cls, text: str) -> FinancialQuarter:
        m = _PATTERNS[0].match(text)
        if m:
            y, y2, q = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _PATTERNS[1].match(text)
            if not m:
                raise ValueError(
                    f"{text!r} is not a financial quarter; write it like 2023-24-Q2 "
                    "(Q1 is April to June)"
                )
            q, y, y2 = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if (y + 1) % 100 != y2:
            raise ValueError(f"{text!r}: the financial year {y}-{y2:02d} should be {y}-{(y + 1) % 100:02d}")
        return cls(y, q)

    @property
    def fy_label(self) -> str:
        return f"{self.year_start}-{(self.year_start + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"{self.fy_label} Q{self.number}"

    @property
    def code(self) -> str:
        return f"{self.fy_label}-Q{self.number}"

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        return date(self.year_start + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def months_label(self) -> str:
        return f"{self.start:%B}–{self.end:%B %Y}"

    def next(self) -> FinancialQuarter:
        return FinancialQuarter(self.year_start + (self.number == 4), self.number % 4 + 1)

    def previous(self) -> FinancialQuarter:
        if self.number == 1:
            return FinancialQuarter(self.year_start - 1, 4)
        return FinancialQuarter(self.year_start, self.number - 1)

    def year_earlier(self) -> FinancialQuarter:
        return FinancialQuarter(self.year_start - 1, self.number)

    def __contains__(self, d: date) -> bool:
        return self.start <= d <= self.end

    def __str__(self) -> str:
        return self.label
