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

from sqlalchemy import func, select

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


def known_names(db: Database) -> list[str]:
    """Names the database knows: staff display names, respondents' names and praised staff.

    Full names and their distinctive parts (a first name or surname on its own is how people
    write about a worker: "Jo was brilliant"), longest first so "Jo Whitfield" is matched
    before "Jo". Names and the respondent_name column are read with DISTINCT in SQL."""
    names: set[str] = set()
    with db.read_session() as s:
        sources = [
            select(User.display_name).distinct(),
            select(Feedback.respondent_name).where(Feedback.respondent_name.is_not(None),
                                                   func.length(Feedback.respondent_name) > 1)
            .distinct(),
            select(Compliment.praised_person).where(Compliment.praised_person.is_not(None))
            .distinct(),
        ]
        for q in sources:
            for (value,) in s.execute(q):
                names |= _name_variants(value)
    return sorted(names, key=lambda n: (-len(n), n))
