"""What may leave the app in an output: the one rule every report, export and summary uses.

- A quote appears in an output only if `quotable(row)`: the person consented to quotation, the
  text is not safeguarding-flagged, the record has not been anonymised by retention or
  erasure, and there is some text.
- A quote is always passed through `public_quote(text, names)`, which removes names (staff and
  respondents known to the database, from `known_names(db)`), emails, phone numbers, postcodes
  and other identifiers with voiceapp.analysis.redact.
- Anonymous records never show respondent details: `respondent_details(row)` returns None for
  them (and for anonymised records), whatever the name and contact columns hold, so no output
  can print a name the respondent asked us not to use. Board viewers never see names at all
  (permissions), and outputs for boards and the public never print respondent details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import Compliment, Feedback, User

# "Alex Morgan (administrator)" -> "Alex Morgan": staff display names may carry a job title.
_BRACKETED = re.compile(r"\s*\([^)]*\)\s*")
# Name parts too short or too common to redact on their own without destroying ordinary text.
_COMMON_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "cllr", "the", "and", "of", "de", "van", "von", "le", "la",
    "will", "may", "mark", "rose", "grace", "hope", "joy", "faith", "june", "april", "august",
    "bill", "pat", "sue", "art", "dawn", "summer", "young", "white", "black", "brown", "green",
    "long", "little", "day", "best", "hill", "wood", "field", "king", "cook", "baker", "page",
}


def _get(row: Any, name: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def quotable(row: Any) -> bool:
    """May this record's text be quoted in an output? `row` is a mapping or an object with
    `consent_quote`, `safeguarding_flag`, `anonymised_at` and `text`."""
    text = _get(row, "text") or ""
    return (bool(_get(row, "consent_quote", False))
            and not bool(_get(row, "safeguarding_flag", False))
            and _get(row, "anonymised_at") is None
            and bool(str(text).strip()))


def respondent_details(row: Any) -> dict | None:
    """Name and contact to show for a record, or None when they must not be shown (the
    respondent chose to be anonymous, or the record was anonymised)."""
    if bool(_get(row, "anonymous", False)) or _get(row, "anonymised_at") is not None:
        return None
    name, contact = _get(row, "respondent_name"), _get(row, "respondent_contact")
    if not name and not contact:
        return None
    return {"name": name, "contact": contact}


def public_quote(text: str, known_names: Iterable[str] = ()) -> str:
    """The text with names and identifying details removed, ready for an output."""
    from voiceapp.analysis import redact

    return redact(text or "", known_names=tuple(known_names))


def _name_variants(full: str) -> set[str]:
    full = " ".join(_BRACKETED.sub(" ", full or "").split())
    if len(full) < 2:
        return set()
    out = {full}
    for part in re.split(r"[\s]+", full):
        part = part.strip(".,'\"")
        if len(part) >= 3 and part.lower() not in _COMMON_WORDS and part[:1].isupper():
            out.add(part)
    return out


def distinct_values(s: Session, column) -> list[str]:
    """The distinct non-null values of an indexed column, by a loose index scan: a recursive
    query starts at the smallest value and repeatedly seeks the next value greater than the last.
    With an index on the column (ix_feedback_respondent_name, ix_compliment_praised_person) each
    step is one index seek, so the cost follows the number of distinct values, not of rows: 624
    names among a million records take milliseconds instead of reading every row. The same SQL
    runs on SQLite and PostgreSQL. `column` is a mapped column (trusted identifiers only)."""
    t, c = column.table.name, column.name
    sql = sql_text(
        f"WITH RECURSIVE hop(v) AS ("
        f" SELECT MIN({c}) FROM {t} WHERE {c} IS NOT NULL"
        f" UNION ALL"
        f" SELECT (SELECT MIN({c}) FROM {t} WHERE {c} > hop.v) FROM hop WHERE hop.v IS NOT NULL"
        f") SELECT v FROM hop WHERE v IS NOT NULL")
    return [v for (v,) in s.execute(sql)]


def known_names(db: Database) -> list[str]:
    """Names the database knows: staff display names, respondents' names and praised staff.

    Full names and their distinctive parts (a first name or surname on its own is how people
    write about a worker: "Jo was brilliant"), longest first so "Jo Whitfield" is matched
    before "Jo". Respondent and praised names are read with a loose index scan
    (`distinct_values`), so this does not grow with the number of records."""
    names: set[str] = set()
    with db.read_session() as s:
        values = list(s.scalars(select(User.display_name).distinct()))
        values += distinct_values(s, Feedback.respondent_name)
        values += distinct_values(s, Compliment.praised_person)
    for value in values:
        if value and len(value) > 1:
            names |= _name_variants(value)
    return sorted(names, key=lambda n: (-len(n), n))
