"""Theme and sentiment trends over financial quarters, for the Trends page and the board report.

Definitions (the report's appendix quotes them)
-----------------------------------------------
* A record **mentions a theme** when it carries a suggested or confirmed link to the theme or to
  one of its sub-codes (rejected links never count). Counts are of records, so a record tagged
  with a theme and one of its sub-codes counts once under the theme.
* **Sentiment** is the officer's override when there is one, otherwise the analyser's label.
* **Emerging theme**: a theme whose rate (records mentioning it per record received) this quarter
  is higher than over the previous four quarters together, judged by an exact one-sided Poisson
  rate test (conditional binomial: given the records mentioning the theme in both periods, how
  likely is a split at least this uneven if the rate had not changed) with p < 0.05, and with at
  least MIN_COUNT records this quarter so that a handful of records can never be "emerging".
  The report's "real rise" flag uses the same test against the previous quarter alone.

Every figure is a GROUP BY over the quarters asked for (the received_on index bounds each scan);
nothing here loops over records in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import Feedback, FeedbackTheme, ReferenceItem, Theme
from voiceapp.domain.enums import ReferenceList, SentimentLabel, ThemeLinkStatus
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.errors import ValidationError

from .context import Actor
from .parallel import reading, run_parallel
from .permissions import Permission, require

__all__ = [
    "ALPHA",
    "MIN_COUNT",
    "TEST_DESCRIPTION",
    "TEST_NAME",
    "AreaCell",
    "EmergingTheme",
    "RiseTest",
    "SentimentPoint",
    "ThemeAreaTable",
    "ThemeSeries",
    "ThemeTrends",
    "latest_complete_quarter",
    "quarters_available",
    "rate_rise_test",
    "theme_by_service_area",
    "theme_trends",
]

ALPHA = 0.05
MIN_COUNT = 10
TEST_NAME = "Poisson rate test"
TEST_DESCRIPTION = (
    "exact one-sided Poisson rate test (conditional binomial), p < 0.05, with at least "
    f"{MIN_COUNT} records this quarter")
MAX_QUARTERS = 16


# =============================================================================================
# The test
# =============================================================================================


@dataclass(frozen=True)
class RiseTest:
    count: int
    exposure: int  # records received in the period tested
    base_count: int
    base_exposure: int  # records received in the baseline period
    rate_ratio: float | None  # this period's rate / the baseline's (None: no baseline rate)
    p_value: float | None  # one-sided: chance of a rise at least this large if nothing changed
    significant: bool


def rate_rise_test(count: int, exposure: int, base_count: int, base_exposure: int, *,
                   alpha: float = ALPHA, min_count: int = MIN_COUNT) -> RiseTest:
    """Is `count` out of `exposure` records a real rise on `base_count` out of `base_exposure`?

    Exact conditional test for two Poisson rates: under "no change", each of the
    count + base_count records falls in this period with probability
    exposure / (exposure + base_exposure), so the p-value is P(X >= count) for that binomial."""
    if min(count, exposure, base_count, base_exposure) < 0:
        raise ValueError("counts and exposures cannot be negative")
    if exposure == 0 or base_exposure == 0:
        return RiseTest(count, exposure, base_count, base_exposure, None, None, False)
    rate, base_rate = count / exposure, base_count / base_exposure
    ratio = rate / base_rate if base_count else None
    n = count + base_count
    if n == 0:
        return RiseTest(count, exposure, base_count, base_exposure, ratio, 1.0, False)
    from scipy.special import bdtrc  # binomial upper tail; scipy ships with scikit-learn

    share = exposure / (exposure + base_exposure)
    p = 1.0 if count == 0 else float(bdtrc(count - 1, n, share))
    significant = count >= min_count and rate > base_rate and p < alpha
    return RiseTest(count, exposure, base_count, base_exposure, ratio, p, significant)


# =============================================================================================
# Shared SQL helpers (the reporting service uses these too)
# =============================================================================================


def effective_sentiment():
    """The officer's override, else the analyser's label."""
    return func.coalesce(Feedback.sentiment_override, Feedback.sentiment_label)


def bucket_case(quarters: Sequence[FinancialQuarter], column=Feedback.received_on):
    """SQL: the index of the quarter (in `quarters`) that `column` falls in."""
    return case(*[(and_(column >= q.start, column <= q.end), i)
                  for i, q in enumerate(quarters)], else_=-1)


def in_quarters(quarters: Iterable[FinancialQuarter], column=Feedback.received_on):
    """SQL: `column` falls in one of `quarters` (one range when they are consecutive)."""
    qs = sorted(set(quarters))
    if not qs:
        return column.is_(None) & column.is_not(None)
    ranges: list[list[date]] = []
    for q in qs:
        if ranges and (q.start - ranges[-1][1]).days == 1:
            ranges[-1][1] = q.end
        else:
            ranges.append([q.start, q.end])
    conds = [and_(column >= a, column <= b) for a, b in ranges]
    return conds[0] if len(conds) == 1 else or_(*conds)


@dataclass(frozen=True)
class TopTheme:
    id: int
    slug: str
    name: str
    sort_order: int


def top_themes(s: Session) -> tuple[dict[int, int], dict[int, TopTheme]]:
    """(theme id -> id of its top-level theme, top-level id -> TopTheme). The codebook is small;
    the mapping is applied in SQL with a CASE so sub-codes count towards their parent."""
    rows = s.execute(select(Theme.id, Theme.parent_id, Theme.slug, Theme.name,
                            Theme.sort_order)).all()
    parent = {r.id: r.parent_id for r in rows}

    def top(i: int) -> int:
        seen = set()
        while parent.get(i) is not None and i not in seen:
            seen.add(i)
            i = parent[i]
        return i

    mapping = {r.id: top(r.id) for r in rows}
    tops = {r.id: TopTheme(r.id, r.slug, r.name, r.sort_order) for r in rows
            if mapping[r.id] == r.id}
    return mapping, tops


def top_theme_column(mapping: dict[int, int]):
    """SQL: the top-level theme id of FeedbackTheme.theme_id."""
    moved = {k: v for k, v in mapping.items() if k != v}
    if not moved:
        return FeedbackTheme.theme_id
    return case(moved, value=FeedbackTheme.theme_id, else_=FeedbackTheme.theme_id)


def theme_counts(s: Session, quarters: Sequence[FinancialQuarter], mapping: dict[int, int], *,
                 by_sentiment: bool = False, by_area: bool = False
                 ) -> list[tuple]:
    """Rows of (bucket, top theme id, [sentiment], [service area id], records): one query per
    quarter (a single range scan each; a CASE over dates costs more per row than the scan).
    status IN (suggested, confirmed) rather than != rejected lets each lookup use the covering
    index (feedback_id, status, theme_id)."""
    top = top_theme_column(mapping).label("top")
    cols = [top]
    if by_sentiment:
        cols.append(effective_sentiment().label("sentiment"))
    if by_area:
        cols.append(Feedback.service_area_id.label("area"))
    live = FeedbackTheme.status.in_([ThemeLinkStatus.SUGGESTED.value,
                                     ThemeLinkStatus.CONFIRMED.value])
    out: list[tuple] = []
    for b, q in enumerate(quarters):
        stmt = (select(*cols, func.count(func.distinct(Feedback.id)))
                .select_from(Feedback)
                .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
                .where(in_quarters([q]), live).group_by(*cols))
        out.extend((b, *tuple(r)) for r in s.execute(stmt).all())
    return out


def _quarter_theme_counts(s: Session, quarter: FinancialQuarter, bucket: int,
                          mapping: dict[int, int], **kw) -> list[tuple]:
    """theme_counts for one quarter, its rows labelled with `bucket` (a part run in parallel)."""
    return [(bucket, *row[1:]) for row in theme_counts(s, [quarter], mapping, **kw)]


def _area_totals(s: Session, quarter: FinancialQuarter, bucket: int) -> list[tuple]:
    """(bucket, service area id, records with a live theme): distinct records, so a record
    with two themes counts once in its area."""
    live = FeedbackTheme.status.in_([ThemeLinkStatus.SUGGESTED.value,
                                     ThemeLinkStatus.CONFIRMED.value])
    return [(bucket, area, n) for area, n in s.execute(
        select(Feedback.service_area_id, func.count(func.distinct(Feedback.id)))
        .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
        .where(in_quarters([quarter]), live).group_by(Feedback.service_area_id)).all()]


def record_counts(s: Session, quarters: Sequence[FinancialQuarter], *extra) -> list[tuple]:
    """Rows of (bucket, *extra columns, records) for records received in `quarters`, one
    range scan per quarter."""
    out: list[tuple] = []
    for b, q in enumerate(quarters):
        stmt = select(*extra, func.count()).select_from(Feedback).where(in_quarters([q]))
        if extra:
            stmt = stmt.group_by(*extra)
        out.extend((b, *tuple(r)) for r in s.execute(stmt).all())
    return out


def quarter_window(end: FinancialQuarter, n: int) -> list[FinancialQuarter]:
    """`n` quarters ending with `end`, oldest first."""
    out = [end]
    while len(out) < n:
        out.append(out[-1].previous())
    return out[::-1]


# =============================================================================================
# Quarters
# =============================================================================================


def latest_complete_quarter(today: date | None = None) -> FinancialQuarter:
    return FinancialQuarter.containing(today or date.today()).previous()


def quarters_available(db: Database, actor: Actor) -> list[FinancialQuarter]:
    """Quarters from the first record to the last, newest first (empty when there are none)."""
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        first, last = s.execute(select(func.min(Feedback.received_on),
                                       func.max(Feedback.received_on))).one()
    if first is None:
        return []
    out, q = [], FinancialQuarter.containing(last)
    stop = FinancialQuarter.containing(first)
    while q >= stop:
        out.append(q)
        q = q.previous()
    return out


# =============================================================================================
# The Trends page
# =============================================================================================


@dataclass(frozen=True)
class ThemeSeries:
    slug: str
    name: str
    counts: tuple[int, ...]  # per quarter, oldest first
    latest: int
    previous: int
    change_pct: float | None  # latest on previous, percent; None when previous is 0

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class SentimentPoint:
    quarter: str  # code
    label: str
    positive: int
    neutral: int
    negative: int
    not_analysed: int

    @property
    def analysed(self) -> int:
        return self.positive + self.neutral + self.negative

    def share(self, which: str) -> float | None:
        n = self.analysed
        return None if n == 0 else round(100.0 * getattr(self, which) / n, 1)


@dataclass(frozen=True)
class EmergingTheme:
    slug: str
    name: str
    count: int
    baseline_count: int  # the previous four quarters together
    baseline_mean: float  # per quarter
    rate_ratio: float | None
    p_value: float
    share: float  # percent of this quarter's records
    baseline_share: float  # percent of the previous four quarters' records


@dataclass(frozen=True)
class ThemeTrends:
    quarters: tuple[str, ...]  # codes, oldest first ("2025-26-Q3")
    labels: tuple[str, ...]  # "2025-26 Q3"
    records: tuple[int, ...]  # all records received, per quarter
    themes: tuple[ThemeSeries, ...]  # most mentioned in the latest quarter first
    sentiment: tuple[SentimentPoint, ...]
    emerging: tuple[EmergingTheme, ...]  # strongest evidence first
    test: str  # how "emerging" was judged, for the page to show

    @property
    def latest(self) -> str:
        return self.quarters[-1]


def _check_window(end: FinancialQuarter | None, quarters: int) -> FinancialQuarter:
    if not 2 <= quarters <= MAX_QUARTERS:
        raise ValidationError(f"Show between 2 and {MAX_QUARTERS} quarters, not {quarters}.",
                              field="quarters")
    return end or latest_complete_quarter()


def theme_trends(db: Database, actor: Actor, end: FinancialQuarter | None = None,
                 quarters: int = 8) -> ThemeTrends:
    """Themes and sentiment over `quarters` quarters ending with `end` (default: the last
    complete quarter), and themes emerging in `end` against the four quarters before it."""
    require(actor, Permission.VIEW_AGGREGATES)
    end = _check_window(end, quarters)
    shown = quarter_window(end, quarters)
    # The emerging-theme test needs the four quarters before `end` even when fewer are shown.
    window = quarter_window(end, max(quarters, 5))
    offset = len(window) - len(shown)
    with db.read_session() as s:
        mapping, tops = top_themes(s)
    # One part per quarter (each a join over that quarter's records) on two threads.
    parts = [(f"q{b}", "Themes", reading(db, _quarter_theme_counts, q, b, mapping))
             for b, q in enumerate(window)]
    parts.append(("sentiment", "Sentiment",
                  reading(db, record_counts, window, effective_sentiment())))
    got = run_parallel(parts)
    theme_rows = [row for b in range(len(window)) for row in got[f"q{b}"]]
    sent_rows = got["sentiment"]
    n = len(window)
    records = [0] * n
    sentiment = [{k: 0 for k in ("positive", "neutral", "negative", None)} for _ in range(n)]
    for b, label, cnt in sent_rows:
        if b < 0:
            continue
        records[b] += cnt
        key = label if label in ("positive", "neutral", "negative") else None
        sentiment[b][key] += cnt
    by_theme: dict[int, list[int]] = {t: [0] * n for t in tops}
    for b, top, cnt in theme_rows:
        if b >= 0 and top in by_theme:
            by_theme[top][b] += cnt
    series = []
    for tid, counts in by_theme.items():
        t = tops[tid]
        latest, prev = counts[-1], counts[-2]
        change = None if prev == 0 else round(100.0 * (latest - prev) / prev, 1)
        series.append((t, ThemeSeries(t.slug, t.name, tuple(counts[offset:]), latest, prev,
                                      change)))
    series.sort(key=lambda ts: (-ts[1].latest, -ts[1].total, ts[0].sort_order, ts[1].name))
    emerging = []
    for tid, counts in by_theme.items():
        base = sum(counts[-5:-1])
        test = rate_rise_test(counts[-1], records[-1], base, sum(records[-5:-1]))
        if test.significant:
            t = tops[tid]
            base_records = sum(records[-5:-1])
            emerging.append(EmergingTheme(
                t.slug, t.name, counts[-1], base, round(base / 4, 1), test.rate_ratio,
                float(test.p_value), round(100.0 * counts[-1] / records[-1], 1),
                round(100.0 * base / base_records, 1)))
    emerging.sort(key=lambda e: (e.p_value, -e.count))
    points = tuple(SentimentPoint(q.code, q.label, sentiment[i + offset]["positive"],
                                  sentiment[i + offset]["neutral"],
                                  sentiment[i + offset]["negative"], sentiment[i + offset][None])
                   for i, q in enumerate(shown))
    return ThemeTrends(
        quarters=tuple(q.code for q in shown), labels=tuple(q.label for q in shown),
        records=tuple(records[offset:]), themes=tuple(s for _, s in series), sentiment=points,
        emerging=tuple(emerging),
        test=f"{TEST_NAME} against the previous four quarters: {TEST_DESCRIPTION}")


@dataclass(frozen=True)
class AreaCell:
    count: int
    previous: int

    @property
    def change(self) -> int:
        return self.count - self.previous


@dataclass(frozen=True)
class ThemeAreaTable:
    quarter: str  # code
    label: str
    previous_label: str
    themes: tuple[tuple[str, str], ...]  # (slug, name), most mentioned first
    areas: tuple[tuple[str, str], ...]  # (code, label), in the list's order
    cells: dict  # (slug, area code) -> AreaCell
    theme_totals: dict  # slug -> AreaCell (records with the theme and a recorded service area)
    area_totals: dict  # area code -> AreaCell (records in the area with any theme)

    def cell(self, slug: str, area: str) -> AreaCell:
        return self.cells.get((slug, area), AreaCell(0, 0))


def theme_by_service_area(db: Database, actor: Actor,
                          quarter: FinancialQuarter | None = None) -> ThemeAreaTable:
    """Records mentioning each theme in each service area, in `quarter` and the one before."""
    require(actor, Permission.VIEW_AGGREGATES)
    quarter = quarter or latest_complete_quarter()
    window = [quarter.previous(), quarter]
    with db.read_session() as s:
        mapping, tops = top_themes(s)
        areas = s.execute(select(ReferenceItem.id, ReferenceItem.code, ReferenceItem.label)
                          .where(ReferenceItem.list_name == ReferenceList.SERVICE_AREA.value)
                          .order_by(ReferenceItem.sort_order, ReferenceItem.label)).all()
    got = run_parallel(
        [(f"themes{b}", "Themes", reading(db, _quarter_theme_counts, q, b, mapping,
                                          by_area=True)) for b, q in enumerate(window)]
        + [(f"areas{b}", "Areas", reading(db, _area_totals, q, b))
           for b, q in enumerate(window)])
    rows = [r for b in range(len(window)) for r in got[f"themes{b}"]]
    area_rows = [r for b in range(len(window)) for r in got[f"areas{b}"]]
    area_code = {a.id: a.code for a in areas}
    cells: dict[tuple[str, str], list[int]] = {}
    theme_tot: dict[str, list[int]] = {t.slug: [0, 0] for t in tops.values()}
    for b, top, area, cnt in rows:
        if b < 0 or top not in tops or area not in area_code:
            continue
        slug = tops[top].slug
        cells.setdefault((slug, area_code[area]), [0, 0])[b] += cnt
        theme_tot[slug][b] += cnt
    area_tot: dict[str, list[int]] = {a.code: [0, 0] for a in areas}
    for b, area, cnt in area_rows:
        if b >= 0 and area in area_code:
            area_tot[area_code[area]][b] += cnt
    order = sorted(tops.values(), key=lambda t: (-theme_tot[t.slug][1], t.sort_order, t.name))
    return ThemeAreaTable(
        quarter=quarter.code, label=quarter.label, previous_label=quarter.previous().label,
        themes=tuple((t.slug, t.name) for t in order),
        areas=tuple((a.code, a.label) for a in areas),
        cells={k: AreaCell(v[1], v[0]) for k, v in cells.items()},
        theme_totals={k: AreaCell(v[1], v[0]) for k, v in theme_tot.items()},
        area_totals={k: AreaCell(v[1], v[0]) for k, v in area_tot.items()})


def sentiment_values() -> tuple[str, ...]:
    return tuple(s.value for s in SentimentLabel)
