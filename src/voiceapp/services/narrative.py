"""Plain-English sentences written from the report's numbers (never typed in).

Every function here is pure: numbers in, a sentence out. The report and the Trends page call
them so that "Compliments rose by 18% on the previous quarter, to 124, mostly about
communication." is always true of the figures beside it.

Rules the sentences follow (DOMAIN.md sections 5 and 8, and the GOV.UK style guide):
- A count of 1 to 4 is never printed: it reads "fewer than five". A sentence never prints a
  count next to a total that would let a reader work out a hidden one, and never gives a
  percentage change when either count is hidden (that would reveal it).
- Zero reads "no ..." or "none"; equal numbers read "the same as".
- Percentage changes are only given when the earlier count is large enough for a percentage to
  mean something (MIN_BASE_FOR_PERCENT); below that the sentence says "from 6 to 9".
- Doubling and trebling are said in words; a change that rounds to 0% is "slightly".
- Percentages (shares) move in percentage points, and a move smaller than half a point is
  "much the same".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from voiceapp.domain.suppression import THRESHOLD, is_small

SMALL_WORDS = "fewer than five"
# Below this earlier count a percentage change misleads ("up 50%" for 4 -> 6), so the sentence
# gives the two numbers instead.
MIN_BASE_FOR_PERCENT = 20
# Shares that differ by less than this many percentage points are "much the same".
SAME_SHARE_POINTS = 0.5

__all__ = [
    "MIN_BASE_FOR_PERCENT",
    "SMALL_WORDS",
    "Noun",
    "about_phrase",
    "capitalise",
    "count_change",
    "count_phrase",
    "direction_word",
    "list_phrase",
    "number_text",
    "percent_text",
    "round_half_up",
    "sentiment_summary",
    "share_change",
    "share_words",
    "significance_clause",
    "theme_change",
    "theme_share_rise",
    "top_items",
]


@dataclass(frozen=True)
class Noun:
    """A countable thing: "compliment" / "compliments", "child or young person" / "children
    and young people"."""

    singular: str
    plural_form: str | None = None
    subject: str | None = None  # how a sentence starts about it ("attendance at events")

    @property
    def plural(self) -> str:
        return self.plural_form or self.singular + "s"

    def word(self, n: int) -> str:
        return self.singular if n == 1 else self.plural


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched ("iPad" stays, "communication" -> "C...")."""
    return text[:1].upper() + text[1:] if text else text


def list_phrase(items: Sequence[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b and c" (no serial comma, as in UK public-sector writing)."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def number_text(n: int) -> str:
    """A count as words for prose: "none", "fewer than five" or "1,234"."""
    if n == 0:
        return "none"
    if is_small(n):
        return SMALL_WORDS
    return f"{n:,}"


def count_phrase(n: int, noun: Noun) -> str:
    """"no compliments", "fewer than five compliments", "1,234 compliments"."""
    if n == 0:
        return f"no {noun.plural}"
    if is_small(n):
        return f"{SMALL_WORDS} {noun.plural}"
    return f"{n:,} {noun.word(n)}"


def round_half_up(value: float, decimals: int = 0) -> Decimal:
    """Round as people do (62.5 -> 63), not as Python's round() does (62.5 -> 62)."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def percent_text(value: float | None, decimals: int = 0) -> str:
    """"63%", "62.5%"; a trailing ".0" is dropped ("71%", not "71.0%")."""
    if value is None:
        return "no figure"
    text = str(round_half_up(value, decimals))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def about_phrase(top_name: str | None, top_share: float | None) -> str:
    """", mostly about communication" when one theme covers at least half; ", most often about
    communication" when it is only the largest; "" when there is nothing to say."""
    if not top_name or top_share is None or top_share <= 0:
        return ""
    if top_share >= 50:
        return f", mostly about {top_name}"
    return f", most often about {top_name}"


def _ratio_words(current: int, previous: int) -> str | None:
    if previous <= 0 or current <= previous:
        return None
    ratio = current / previous
    if ratio == 3:
        return "trebled"
    if ratio > 3:
        return "more than trebled"
    if ratio == 2:
        return "doubled"
    if ratio > 2:
        return "more than doubled"
    return None


def count_change(noun: Noun, current: int, previous: int | None, *,
                 comparator: str = "the previous quarter", about: str = "",
                 period: str = "this quarter") -> str:
    """One sentence comparing a count with an earlier one, safe for small numbers.

    >>> count_change(Noun("compliment"), 124, 105, about=", mostly about communication")
    'Compliments rose by 18% on the previous quarter, to 124, mostly about communication.'
    """
    c, p = int(current), previous
    pl = noun.plural
    lead = capitalise(noun.subject or pl)
    if c < 0 or (p is not None and p < 0):
        raise ValueError("counts cannot be negative")
    if p is None:
        if c == 0:
            return f"There were no {pl} {period}{about}."
        return (f"There were {count_phrase(c, noun)} {period}{about}; there is no figure for "
                f"{comparator} to compare with.")
    p = int(p)
    if c == 0 and p == 0:
        return f"There were no {pl} {period} or in {comparator}."
    if c == 0:
        earlier = SMALL_WORDS if is_small(p) else f"{p:,}"
        linker = "compared with" if is_small(p) else "down from"
        return f"There were no {pl} {period}, {linker} {earlier} in {comparator}."
    if is_small(c):
        if p == 0:
            return f"There were {SMALL_WORDS} {pl} {period}{about}, and none in {comparator}."
        if is_small(p):
            return f"There were {SMALL_WORDS} {pl} {period}{about}, as in {comparator}."
        return (f"{lead} fell to {SMALL_WORDS} {period}, from {p:,} in "
                f"{comparator}{about}.")
    # c is 5 or more from here on.
    if p == 0:
        return f"There were {c:,} {noun.word(c)} {period}{about}, and none in {comparator}."
    if is_small(p):
        return (f"{lead} rose to {c:,} {period}, from {SMALL_WORDS} in "
                f"{comparator}{about}.")
    if c == p:
        return f"There were {c:,} {pl} {period}, the same as in {comparator}{about}."
    verb = "rose" if c > p else "fell"
    if p < MIN_BASE_FOR_PERCENT:
        return f"{lead} {verb} from {p:,} in {comparator} to {c:,} {period}{about}."
    ratio = _ratio_words(c, p)
    if ratio:
        return f"{lead} {ratio} on {comparator}, to {c:,}{about}."
    pct = int(round_half_up(abs(c - p) / p * 100))
    if pct == 0:
        return f"{lead} {verb} slightly on {comparator}, to {c:,}{about}."
    return f"{lead} {verb} by {pct}% on {comparator}, to {c:,}{about}."


def share_change(subject: str, current: float | None, previous: float | None, *,
                 comparator: str = "the previous quarter", decimals: int = 0,
                 period: str = "this quarter") -> str:
    """One sentence comparing two percentages (shares), in percentage points.

    >>> share_change("the share of complaints answered on time", 71.0, 62.5)
    'The share of complaints answered on time rose from 63% in the previous quarter to 71%.'
    """
    subj = capitalise(subject)
    if current is None:
        return f"{subj} cannot be given {period}: there was nothing to count."
    now = percent_text(current, decimals)
    if previous is None:
        return f"{subj} was {now} {period}; there is no figure for {comparator} to compare with."
    before = percent_text(previous, decimals)
    if abs(current - previous) < SAME_SHARE_POINTS or now == before:
        return f"{subj} was {now} {period}, much the same as in {comparator} ({before})."
    verb = "rose" if current > previous else "fell"
    return f"{subj} {verb} from {before} in {comparator} to {now}."


def direction_word(current: float | None, previous: float | None) -> str | None:
    """"up", "down", "same", or None when either figure is missing."""
    if current is None or previous is None:
        return None
    if current > previous:
        return "up"
    if current < previous:
        return "down"
    return "same"


_FRACTIONS = (
    (10.0, "one in ten"), (20.0, "one in five"), (25.0, "a quarter"), (100 / 3, "a third"),
    (40.0, "two in five"), (50.0, "half"), (60.0, "three in five"), (200 / 3, "two thirds"),
    (75.0, "three quarters"), (80.0, "four in five"), (90.0, "nine in ten"),
)


def share_words(pct: float) -> str:
    """A share in words where one fits closely ("just over half", "about a third"), else the
    percentage ("43%"). Used at the start of a sentence after capitalise()."""
    if pct >= 99.5:
        return "all" if pct >= 100 else "almost all"
    if pct <= 0:
        return "none"
    value, words = min(_FRACTIONS, key=lambda f: abs(f[0] - pct))
    gap = pct - value
    if abs(gap) <= 1.0:
        return f"about {words}"
    if 0 < gap <= 3.0:
        return f"just over {words}"
    if -3.0 <= gap < 0:
        return f"just under {words}"
    return f"{round_half_up(pct)}%"


def share_of(pct: float, plural: str, *, the: bool = False) -> str:
    """share_words with its noun, grammatically: "about two in five complaints", "just under
    half of complaints", "43% of the records", "all complaints", "none of the complaints"."""
    words = share_words(pct)
    article = "the " if the else ""
    if words == "none":
        return f"none of the {plural}"
    if words in ("all", "almost all"):
        return f"{words} {article}{plural}"
    if " in " in words:  # "two in five complaints", never "two in five of complaints"
        return f"{words} {plural}"
    return f"{words} of {article}{plural}"


def top_items(items: Sequence[tuple[str, int]], noun: Noun, *, limit: int = 3) -> str:
    """"communication (412 records), timeliness (301) and provision (250)"; small counts read
    "fewer than five"."""
    parts = []
    for i, (name, n) in enumerate(items[:limit]):
        shown = SMALL_WORDS if is_small(n) else f"{n:,}"
        parts.append(f"{name} ({shown} {noun.word(n)})" if i == 0 else f"{name} ({shown})")
    return list_phrase(parts)


def significance_clause(significant: bool, p_value: float | None, test: str) -> str:
    """"; a rise this large is unlikely to be chance (Poisson test, p = 0.003)"."""
    if not significant or p_value is None:
        return ""
    shown = "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"
    return f"; a rise this large is unlikely to be chance ({test}, {shown})"


def theme_change(name: str, current: int, previous: int | None, *, significant: bool = False,
                 p_value: float | None = None, test: str = "Poisson rate test",
                 comparator: str = "the previous quarter") -> str:
    """A sentence about one theme: records mentioning it now and before, with the significance
    of a rise when the test found one."""
    noun = Noun(f"record about {name}", f"records about {name}")
    sentence = count_change(noun, current, previous, comparator=comparator)
    clause = significance_clause(significant and previous is not None and current > previous,
                                 p_value, test)
    return sentence[:-1] + clause + "." if clause else sentence


def theme_share_rise(name: str, share: float, previous_share: float, *, p_value: float,
                     test: str = "Poisson rate test",
                     comparator: str = "the previous quarter") -> str:
    """A real rise in how often a theme comes up, told as shares of all records (the count can
    fall while the share rises, when fewer records came in overall).

    >>> theme_share_rise("transport", 6.2, 4.1, p_value=0.004)
    'Transport came up in 6% of records, up from 4% in the previous quarter: a rise unlikely to be chance (Poisson rate test, p = 0.004).'
    """
    decimals = 0 if abs(round(share) - round(previous_share)) >= 1 else 1
    shown = "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"
    return (f"{capitalise(name)} came up in {percent_text(share, decimals)} of records, up "
            f"from {percent_text(previous_share, decimals)} in {comparator}: a rise unlikely "
            f"to be chance ({test}, {shown}).")


def sentiment_summary(positive: float | None, neutral: float | None, negative: float | None, *,
                      previous_positive: float | None = None,
                      previous_negative: float | None = None,
                      comparator: str = "the previous quarter",
                      what: str = "what people told us") -> str:
    """"Of what people told us this quarter, 45% was positive, 22% neutral and 33% negative:
    more positive than the previous quarter (40% positive, 35% negative)." Shares are 0-100."""
    if positive is None or negative is None:
        return f"There was nothing to analyse for sentiment this quarter in {what}."
    neu = "" if neutral is None else f", {percent_text(neutral)} neutral"
    first = (f"Of {what} this quarter, {percent_text(positive)} was positive{neu} and "
             f"{percent_text(negative)} negative")
    if previous_positive is None or previous_negative is None:
        return first + "."
    net_now = positive - negative
    net_before = previous_positive - previous_negative
    before = (f"({percent_text(previous_positive)} positive, "
              f"{percent_text(previous_negative)} negative)")
    if abs(net_now - net_before) < 2.0:
        return f"{first}: much the same as in {comparator} {before}."
    tone = "more positive" if net_now > net_before else "less positive"
    return f"{first}: {tone} than in {comparator} {before}."


def threshold_note() -> str:
    return (f"Numbers from 1 to {THRESHOLD - 1} are written as \u201c{SMALL_WORDS}\u201d so "
            "that nobody can be identified.")
