"""Remove personal data before text is quoted or published.

Placeholders: [NAME] [EMAIL] [PHONE] [POSTCODE] [ADDRESS] [NHS_NUMBER] [DOB] [SCHOOL].

* EMAIL: anything shaped like local@domain.tld.
* PHONE: UK numbers starting 0, +44, 0044 or (0..., with spaces, dashes, dots or brackets,
  10 or 11 digits in national form (07700 900123, +44 (0)1632 960123, 020 7946 0018).
* NHS_NUMBER: ten digits as 3-3-4 (spaces, dashes or none) that are not a phone number.
* POSTCODE: UK postcode shape (any case, with or without the space) whose area letters are a
  real UK postcode area, so "KS2 3RD" or "Y6 2ND" are left alone.
* ADDRESS: a house number (and optional "Flat 3,") followed by up to three street-name words and
  a street type (Road, Street, Lane, Close ...); "Flat 12, Marsh Court" also counts.
* DOB: a date after a cue ("DOB", "d.o.b", "date of birth", "born (on)", "birthday"); the cue
  stays, the date goes. Other dates are ordinary text and stay.
* NAME: ``known_names`` (always, case-insensitive, whole words, and each part of a multi-word
  name); a title and what follows (Mr/Mrs/Ms/Miss/Mx/Dr Okafor); words after a cue ("my son",
  "our social worker", "called", "named", "thanks to", "staff member", "Dear"); common given
  names (``names.GIVEN_NAMES``, about 2,600 across the communities of England and Wales) and the
  capitalised surname that follows; a capitalised word just before a found name, in the same
  sentence ("around Harjot Islam" when "Islam" is a known name); the partner of a name in
  "A and B"; "X's mum"; "X from the transport team"; an age after a word ("Holly (5)",
  "Kabir is 7 and has ...", "Hao is 15, in Year 11"); an ambiguous name starting a sentence
  with a person's verb ("Poppy has been open to SEND"); sign-offs, on their own line ("Kind
  regards,\\nJo") or the same line ("... was brilliant. Thank you, Abimbola") and a short
  signature ending the text ("... appreciate her. Thu").
  Ordinary capitalised words (sentence starts, "Local Offer", "EHC", months, "Mum", "Dad") and
  the county's places ("Saltby Marsh", even when "Marsh" is a known name) are kept:
  ``names.NOT_NAMES``, ``names.PLACE_WORDS`` and the capitalisation rules decide.
* SCHOOL: a named educational setting, which with a district can identify a child: capitalised
  name words ("St Anne's", "Corrigan Heath", "Our Lady of Lourdes") and optional qualifiers
  ("C of E", "RC", "Catholic", "Community", "Day") before a setting word (School, Primary
  School, High School, Academy, College, Sixth Form (College), Nursery, Pre-school, Pupil
  Referral Unit, PRU, and the bare "X Primary", "X High", "X Infants", "X Juniors"). Generic
  mentions ("the school", "a special school", "SEND School", "Primary school places"), services
  and programmes ("the Virtual School", "Forest School", "Summer School"), street names
  ("Hallowmere High Street") and job titles ("Head of School", "School Nurse") are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from voiceapp.analysis.names import (
    AMBIGUOUS_NAMES,
    DATE_NAMES,
    GIVEN_NAMES,
    NOT_NAMES,
    PLACE_WORDS,
    PLACES,
    START_NAMES,
)

PLACEHOLDERS = ("NAME", "EMAIL", "PHONE", "POSTCODE", "ADDRESS", "NHS_NUMBER", "DOB", "SCHOOL")
# Overlapping spans take the most specific kind. SCHOOL beats NAME (the NAME rules take "Anne"
# in "St Anne's C of E Primary" for a given name) and loses to ADDRESS ("4 College Court").
_PRIORITY = {"EMAIL": 8, "PHONE": 7, "NHS_NUMBER": 6, "DOB": 5, "POSTCODE": 4, "ADDRESS": 3,
             "SCHOOL": 2, "NAME": 1}


@dataclass(frozen=True, slots=True)
class RedactionSpan:
    kind: str  # one of PLACEHOLDERS
    start: int
    end: int
    text: str


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------------- patterns
_EMAIL_RE = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
                       r"\.[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*")
_PHONE_RE = re.compile(
    r"(?<![\w+])(?:\+\s?44\s?(?:\(0\)\s?)?|0044\s?(?:\(0\)\s?)?|\(0|0)(?:\d[\s().-]{0,2}){8,11}\d"
    r"(?!\d)"
)
_NHS_RE = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
_POSTCODE_RE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2})(\d[A-Za-z\d]?) ?(\d[A-Za-z]{2})"
                          r"(?![A-Za-z0-9])")
_POSTCODE_AREAS = _word_set("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS
LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP
SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
""")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTH},?"
         rf" \d{{2,4}}|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{2,4}}|\d{{1,2}}(?:st|nd|rd|th)?"
         rf"(?: of)? {_MONTH}|{_MONTH},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})")
_DOB_RE = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\.?|date of birth|birth ?date|born(?: on| in)?|birthday(?: is)?"
    rf"(?: on)?|dob is)\s*(?:is\s*|was\s*)?[:\-–]?\s*(?:the\s+)?({_DATE})",
    re.IGNORECASE,
)
_STREET_STRONG = (r"(?:road|rd|street|st|avenue|ave|lane|ln|close|drive|crescent|cres|gardens|"
                  r"gdns|terrace|mews|grove|way|court|place)")
_STREET_TITLE = (r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Crescent|"
                 r"Cres|Place|Pl|Court|Ct|Gardens|Gdns|Grove|Terrace|Hill|Park|View|Mews|Row|"
                 r"Walk|Square|Sq|Green|Rise|Parade|Vale|Meadows?|Fields?|Wharf|Yard|Approach|"
                 r"Boulevard|Lea|End|Gate|Bank|Croft|Chase|Heights|Side|Hollow|Paddock|Wynd)")
_ADDRESS_RE = re.compile(
    rf"(?<![\w£$.,/-])(?:(?:Flat|flat|Apartment|apartment|Apt|apt|Unit|unit)\s+\d+[A-Za-z]?,?\s+)?"
    rf"\d{{1,4}}[A-Za-z]?,?\s+(?:(?:The\s+)?(?:[A-Z][\w'’-]+\s+){{1,3}}{_STREET_TITLE}\b|"
    rf"(?:[a-z][\w'’-]+\s+){{1,3}}{_STREET_STRONG}\b)"
    rf"|\b(?:Flat|flat|Apartment|apartment|Apt|apt)\s+\d+[A-Za-z]?,?\s+(?:[A-Z][\w'’-]+\s+)"
    rf"{{1,3}}(?:Court|House|Lodge|Tower|Mansions|Buildings|Heights|Point|Place|Road|Street|Lane|"
    rf"Close|Way|Gardens|Terrace)\b"
)
# Cheap tests that must pass before the structured-data patterns are worth running (each is
# implied by every match of the pattern it guards, so results are unchanged).
_NUMBER_RUN_RE = re.compile(r"\d(?:[\s().-]{0,2}\d){8}")  # PHONE and NHS_NUMBER: 9+ digits
_LETTER_DIGIT_RE = re.compile(r"[A-Za-z]\d")  # POSTCODE
_DOB_HINT_RE = re.compile(r"birth|born|d\.?\s?o\.?\s?b", re.IGNORECASE)  # DOB cues
_FLAT_BUILDINGS = "Court House Lodge Tower Mansions Buildings Heights Point Place"
# ADDRESS: every match ends with one of these words (any case)
_STREET_WORDS = frozenset(
    form.lower()
    for w in re.findall(r"[A-Za-z]+\??", f"{_STREET_STRONG} {_STREET_TITLE} {_FLAT_BUILDINGS}")
    for form in ((w[:-2], w[:-1]) if w.endswith("?") else (w,)))  # "Meadows?": both forms
_WORD_RE = re.compile(r"\w+")

_SIGN_OFF_RE = re.compile(
    r"(?:^|\n)\s*(?:kind regards|best regards|warm regards|regards|many thanks|thanks|thank you|"
    r"best wishes|best|love|cheers|sincerely|yours sincerely|yours faithfully|from|ta|thx|"
    r"with thanks|all the best)\s*[,.!-]?\s*\n+\s*([^\n]{1,60})\s*$",
    re.IGNORECASE,
)
_LAST_LINE_RE = re.compile(r"\n\s*(?:[-–—]\s*)?([^\n]{1,40})\s*$")
# A sign-off on the same line, starting a sentence: "... was brilliant. Thank you, Abimbola".
# The word after it is a name when the text, line or clause ends after it (or after one more
# capitalised word: "Regards, Mehmet Yildiz", "Thanks, Leanne Ellison (SENCO)").
_INLINE_SIGN_OFF_RE = re.compile(
    r"(?:^|[.!?]\s+)(?i:kind regards|best regards|warm regards|regards|many thanks|thanks|"
    r"thank you|thank you all|best wishes|cheers|with thanks|all the best)(?i: again)?,[ \t]*"
    r"(?=[^\W\d_])")
_END_SIGNATURE_RE = re.compile(r"[.!?][ \t]+([^\W\d_][\w'’-]+(?:[ \t][^\W\d_][\w'’-]+)?)\s*$")
_SIGN_OFF_HINT_RE = re.compile(r"regards|thank|wishes|cheers|the best", re.IGNORECASE)
_AFTER_SIGNATURE_RE = re.compile(
    r"[ \t]*(?:$|[,(\n–—-]|[ \t]+[^\W\d_a-z][\w'’-]*[ \t]*(?:$|[,(\n]))")
# A person's age or a person's verb straight after a word: "Holly (5)", "Ruby is 14",
# "Poppy has been ...", "Kabir is 7 and has cerebral palsy", "Hao is 15, in Year 11".
_AGE_RE = re.compile(
    r"[ \t]*\(\d{1,2}\)|,? (?:is|was|turned|turns|aged|who is) (?:now |just |only )?\d{1,2}\b"
    r"(?! ?(?:%|/|(?:out of|of|hours?|minutes?|times|weeks?|months?|days?)\b))")
_CHILD_AGE_RE = re.compile(
    r" (?:is|was|turned|turns) (?:now |just |only )?\d{1,2}(?: years? old)?"
    r"(?:,? (?:and )?(?:in|at) (?:[Yy]ear|[Rr]eception|[Nn]ursery|college|sixth form)\b"
    r"| and (?:has|is|was|goes|attends|needs|lives|loves|autistic|disabled|deaf|blind)\b"
    r"| years? old\b)")
_PERSON_VERB_RE = re.compile(
    r" (?:is|was|has|had|gets|got|needs|loves|likes|hates|started|starts|goes|went|attends|"
    r"attended|wants|said|says|told|asked|cried|came|comes|can't|cannot|won't|doesn't|didn't|"
    r"isn't|wasn't|hasn't|lives|lived|struggles|struggled|refuses|refused|became|seems)\b")

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "master"})

#: Words after which a capitalised word is taken for a name ("my son Tyler").
_ROLE_NOUNS = _word_set("""
son daughter child boy girl grandson granddaughter nephew niece brother sister stepson
stepdaughter baby partner husband wife fiance fiancé ex friend mate carer worker caseworker
keyworker pa teacher ta senco mentor advocate iro therapist nurse manager head headteacher
psychologist ep officer coordinator paediatrician doctor gp consultant driver escort twin twins
cousin boyfriend girlfriend grandma grandad nan
""")
_ROLE_PHRASES = ("social worker", "case worker", "key worker", "support worker", "youth worker",
                 "family support worker", "personal adviser", "personal advisor",
                 "foster carer", "foster son", "foster daughter", "little one", "staff member",
                 "member of staff", "team manager", "case officer", "head teacher",
                 "little boy", "little girl", "eldest", "youngest", "middle one")
_NAME_CUES = frozenset({"called", "named", "calls", "name's", "names", "known", "dear", "thanks",
                        "thank", "praise", "hi", "hello", "hiya", "love", "ask", "spoke", "speak",
                        "spoken", "talked", "this", "i'm", "im", "am", "tell", "told", "with",
                        "and", "to", "from", "by", "for", "is", "was", "met", "see", "saw", "miss"})
_STRONG_CUES = ("called", "named", "name is", "name's", "names are", "known as", "dear",
                "thanks to", "thank you to", "praise for", "shout out to", "i'm", "i am",
                "this is", "hi", "hello", "hiya", "ask for", "speak to", "spoke to",
                "spoken to", "talk to", "talked to", "staff member")
_FAMILY_AFTER = re.compile(r"^['’]s\s+(?:mum|dad|mother|father|nan|nana|grandad|grandma|carer|"
                           r"foster carer|sister|brother|teacher|worker|social worker|key worker|"
                           r"plan|school|review|needs|class|keyworker|PA|TA)\b", re.IGNORECASE)
_FROM_TEAM = re.compile(r"^\s+(?:from|at|in|on) (?:the |our |your )?(?:[\w-]+ ){0,3}(?:team|"
                        r"school|office|service|centre|center|hub|unit|college|nursery|council|"
                        r"group|club|desk|reception|ward|clinic|department|surgery|forum)\b",
                        re.IGNORECASE)


_CUE_SET = frozenset(_STRONG_CUES) | frozenset(_ROLE_PHRASES)
_ROLE_OWNERS = frozenset({"my", "our", "his", "her", "their", "your", "the", "a", "new", "old",
                          "lovely", "foster", "little", "older", "younger", "big", "twin", "step",
                          "amazing"})
_DIGIT_RE = re.compile(r"\d")


class _Tok:
    __slots__ = ("cap", "end", "low", "start", "upper", "word")

    def __init__(self, start: int, word: str) -> None:
        self.start = start
        self.end = start + len(word)
        self.word = word
        self.low = word.lower()
        self.cap = word[0].isupper()
        self.upper = self.cap and len(word) > 1 and word.isupper()


# The character class comes first so the regex engine can skip straight to candidates; the
# look-behind (two characters wide, on the first letter) then checks what precedes the word.
_CAP_TOKEN_RE = re.compile(r"[^\W\d_a-z](?<![\w'’-].)[\w'’-]*")
_LOWER_WORD_RE = re.compile(r"[a-z]+")


def _tokens(text: str, low_text: str) -> list[_Tok]:
    """Only the words that could be names: capitalised ones and given names in lower case."""
    given = GIVEN_NAMES
    matches = [m for m in _CAP_TOKEN_RE.finditer(text) if m.group()[0].isupper()]
    if given.intersection(_LOWER_WORD_RE.findall(text)):  # a given name written in lower case
        matches.extend(m for m in _TOKEN_RE.finditer(text) if not m.group()[0].isupper() and (
            m.group().lower() in given or _first_part(m.group().lower()) in given))
        matches.sort(key=lambda m: m.start())
    toks: list[_Tok] = []
    for m in matches:
        word = m.group()
        if word[-2:] in ("'s", "’s") and len(word) > 2:
            word = word[:-2]
        word = word.rstrip("'’-")
        if word:
            toks.append(_Tok(m.start(), word))
    return toks


def _sentence_start(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\"'(“‘[":
        k -= 1
    return k < 0 or text[k] in ".!?\n:;"


def _first_part(low: str) -> str:
    return re.split(r"[-'’]", low, maxsplit=1)[0]


def _is_given(tok: _Tok) -> bool:
    low = tok.low
    if low in GIVEN_NAMES:
        return True
    return "-" in low and _first_part(low) in GIVEN_NAMES


_LIST_JOINS = frozenset({"and", "&", ",", "or", ", and", "and also"})


def _given_or_ambiguous(tok: _Tok) -> bool:
    return _is_given(tok) or tok.low in AMBIGUOUS_NAMES or _first_part(tok.low) in AMBIGUOUS_NAMES


def _namelike(tok: _Tok) -> bool:
    """Capitalised, not all caps, not a known ordinary word or place: could be a name after a
    cue."""
    return tok.cap and not tok.upper and tok.low not in NOT_NAMES and len(tok.word) > 1 and \
        tok.low not in PLACE_WORDS


_CUE_TAIL_RE = re.compile(r"([\w'’.-]+)([ ,:(\t-]*)$")


def _cue_before(text: str, low_text: str, start: int) -> str | None:
    """'strong' when a role noun or naming cue comes just before ``start`` ("my son",
    "called", "our social worker"), 'weak' for a general cue word ("and", "to", "with" ...),
    else None. Only spaces and , : - ( may separate the cue from the name."""
    before = low_text[max(0, start - 40):start].replace("’", "'")
    tail = _CUE_TAIL_RE.search(before)
    if not tail:
        return None
    between = tail.group(2)
    words = [w.strip(",:-(.") for w in before[:tail.end(1)].split()[-5:]]
    words = [w for w in words if w]
    if not words:
        return None
    for k in range(1, min(4, len(words)) + 1):
        if " ".join(words[-k:]) in _CUE_SET:
            return "strong"
    if len(words) >= 2 and words[-1] in _ROLE_NOUNS and words[-2] in _ROLE_OWNERS:
        return "strong"
    if len(words) >= 2 and words[-1] in ("is", "was"):
        rest = words[:-1]
        if rest[-1] in _ROLE_NOUNS or any(" ".join(rest[-k:]) in _CUE_SET
                                          for k in range(1, min(3, len(rest)) + 1)):
            return "strong"
    if words[-1] in ("mum", "dad", "mother", "father", "nan", "carer") and "(" in between:
        return "strong"
    if words[-1] in _NAME_CUES:
        return "weak"
    return None


def _name_spans(text: str, known: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in known:
        spans.extend(m.span() for m in pattern.finditer(text))
    low_text = text.lower()
    toks = _tokens(text, low_text)
    n = len(toks)
    is_name = [False] * n
    any_name = False
    if spans:  # a known name that is part of a place ("Marsh" in "Saltby Marsh") is the place
        places = [m.span() for m in _PLACES_RE.finditer(text)]
        if places:
            spans = [sp for sp in spans if not any(p0 <= sp[0] and sp[1] <= p1
                                                   for p0, p1 in places)]
        # a known given name is a detected name, so the surname rule sees it ("Bo Tran")
        if spans and n:
            starts = {tok.start: k for k, tok in enumerate(toks)}
            for s0, e0 in spans:
                k = starts.get(s0)
                if k is not None and toks[k].end == e0 and _given_or_ambiguous(toks[k]):
                    is_name[k] = any_name = True
    signed = _signed_tokens(text, toks) if n and _SIGN_OFF_HINT_RE.search(text) else ()
    for i, tok in enumerate(toks):
        low = tok.low
        if not tok.cap:  # lower case: only an unambiguous given name ("my worker jess")
            if len(low) >= 3 and _is_given(tok) and low not in AMBIGUOUS_NAMES and \
                    _first_part(low) not in AMBIGUOUS_NAMES and low not in NOT_NAMES:
                is_name[i] = any_name = True
            continue
        if tok.upper or low in NOT_NAMES or len(tok.word) < 2 or low in PLACE_WORDS:
            if low in DATE_NAMES and not tok.upper and (
                    i in signed or _AGE_RE.match(text, tok.end) or
                    _cue_before(text, low_text, tok.start) == "strong"):
                is_name[i] = any_name = True  # "Kind regards, Thu", "Jun is 7", "my son May"
            continue
        if i > 0:
            prev = toks[i - 1]
            if prev.cap and prev.low in _TITLES and prev.end >= tok.start - 3 and \
                    text[prev.end:tok.start].strip(" .") == "":
                spans.append((prev.start, tok.end))
                is_name[i] = any_name = True
                continue
        given = _is_given(tok)
        ambiguous = low in AMBIGUOUS_NAMES or _first_part(low) in AMBIGUOUS_NAMES
        if given and not ambiguous:
            is_name[i] = any_name = True
            continue
        cue = _cue_before(text, low_text, tok.start)
        sent_start = _sentence_start(text, tok.start)
        possessive = text[tok.end:tok.end + 1] in "'’" and bool(
            _FAMILY_AFTER.match(text[tok.end:tok.end + 30]))  # "Alfie's mum"
        from_team = sent_start and (i + 1 >= n or not toks[i + 1].cap) and bool(
            _FROM_TEAM.match(text[tok.end:tok.end + 60]))  # "Gareth from the transport team"
        if ((given or ambiguous) and (not sent_start or cue)) or cue == "strong" or \
                possessive or from_team or i in signed:
            is_name[i] = any_name = True
            continue
        # a person's age or verb after the word: "Holly (5)", "Poppy has been open to SEND",
        # "For context, Kabir is 7 and has cerebral palsy"
        after = tok.end
        if (ambiguous and (_AGE_RE.match(text, after) or (
                (low in START_NAMES or _first_part(low) in START_NAMES)
                and _PERSON_VERB_RE.match(text, after)))) or (
                text[after:after + 1] == " " and _CHILD_AGE_RE.match(text, after)):
            is_name[i] = any_name = True

    def gap(a: int, b: int) -> str:
        return text[toks[a].end:toks[b].start]

    def extend_surnames() -> None:
        for i in range(n):
            if not is_name[i]:
                continue
            j = i + 1
            while j < n and j <= i + 2 and gap(j - 1, j) in (" ", "-") and \
                    _namelike(toks[j]) and not is_name[j]:
                is_name[j] = True
                j += 1

    def _listed(a: int, b: int) -> bool:
        return a >= 0 and b < n and gap(a, b).strip().lower() in _LIST_JOINS

    if any_name:
        # surnames: capitalised words straight after a name ("Priya Shah")
        extend_surnames()
        # coordination: "Gemma and Lewis", "Tom, Nadia and Sam"
        changed = True
        while changed:
            changed = False
            for i in range(n - 1):
                between = gap(i, i + 1).strip().lower()
                if between not in _LIST_JOINS:
                    continue
                a, b = i, i + 1
                # after a bare comma the word must be a given name or sit in a list itself:
                # "Tom, Nadia and Sam", but not "Marcus Mensah, Healthwatch Wrenshire"
                comma = between == ","
                if is_name[a] and not is_name[b] and _namelike(toks[b]) and (
                        not comma or _listed(b, b + 1) or _given_or_ambiguous(toks[b])):
                    is_name[b] = changed = True
                elif is_name[b] and not is_name[a] and _namelike(toks[a]) and \
                        not _sentence_start(text, toks[a].start) and (
                        not comma or _listed(a - 1, a) or _given_or_ambiguous(toks[a])):
                    is_name[a] = changed = True
            if changed:
                extend_surnames()

    # sign-off: the line after "Kind regards," or a short last line of capitalised words
    if "\n" in text:
        for m in (_SIGN_OFF_RE.search(text), _LAST_LINE_RE.search(text)):
            if not m:
                continue
            line_toks = [k for k, t in enumerate(toks) if m.start(1) <= t.start < m.end(1)]
            if not line_toks or len(line_toks) > 4:
                continue
            if m.re is _LAST_LINE_RE and not all(toks[k].cap for k in line_toks[:2]):
                continue
            first = toks[line_toks[0]]
            if (_namelike(first) and first.low not in PLACE_WORDS) or _is_given(first) or \
                    first.low in DATE_NAMES:
                is_name[line_toks[0]] = True
                for k in line_toks[1:3]:
                    if _namelike(toks[k]) and gap(k - 1, k) in (" ", "-"):
                        is_name[k] = True
                    else:
                        break

    # a signature closing the text after a sentence: "... appreciate her. Thu"
    m = _END_SIGNATURE_RE.search(text, max(0, len(text) - 60))
    if m:
        sig = [k for k in range(max(0, n - 2), n) if toks[k].start >= m.start(1)]
        first = toks[sig[0]] if sig else None
        if first is not None and first.start == m.start(1) and (
                (_namelike(first) and first.low not in _NAME_CUES) or first.low in DATE_NAMES):
            for k in sig:
                if _namelike(toks[k]) or toks[k].low in DATE_NAMES:
                    is_name[k] = any_name = True
    if spans or any_name:
        _join_preceding(text, toks, is_name, spans)
    spans.extend((t.start, t.end) for t, flag in zip(toks, is_name, strict=True) if flag)
    return spans


_PLACES_RE = re.compile("|".join(rf"\b{re.escape(p)}\b" for p in PLACES))


def _signed_tokens(text: str, toks: list[_Tok]) -> set[int]:
    """Tokens that sign a message on the same line: "Thanks, Vicky", "Regards, Mehmet Yildiz"."""
    starts = {tok.start: k for k, tok in enumerate(toks)}
    out: set[int] = set()
    for m in _INLINE_SIGN_OFF_RE.finditer(text):
        k = starts.get(m.end())
        if k is None or not toks[k].cap:
            continue
        tok = toks[k]
        if tok.upper or tok.low in PLACE_WORDS or (
                tok.low in NOT_NAMES and tok.low not in DATE_NAMES):
            continue
        if _AFTER_SIGNATURE_RE.match(text, tok.end):
            out.add(k)
    return out


def _join_preceding(text: str, toks: list[_Tok], is_name: list[bool],
                    spans: list[tuple[int, int]]) -> None:
    """A capitalised word just before a name, one space between, is part of it ("around Harjot
    Singh" when "Singh" was found). Not across a sentence start unless the word is a given name,
    and never an ordinary word, a cue word, a role word, a title or a place."""
    ends = {tok.end: k for k, tok in enumerate(toks)}
    todo = [s for s, _e in spans] + [t.start for t, flag in zip(toks, is_name, strict=True)
                                     if flag]
    while todo:
        start = todo.pop()
        if start < 2 or text[start - 1] != " ":
            continue
        k = ends.get(start - 1)
        if k is None or is_name[k]:
            continue
        tok = toks[k]
        low = tok.low
        if not _namelike(tok) or low in PLACE_WORDS or low in _NAME_CUES or \
                low in _ROLE_NOUNS or low in _TITLES:
            continue
        if _sentence_start(text, tok.start) and not _is_given(tok) and (
                low == "will" or low not in START_NAMES):  # "Rob Kershaw", not "Will Priya ...?"
            continue
        is_name[k] = True
        todo.append(tok.start)


# --------------------------------------------------------------------------------- SCHOOL
# One pattern finds a candidate: a run of capitalised words (with "of", "and", "&" allowed
# inside, checked below) ending at the first setting word that follows. The run is lazy so
# "Wrenfold School and Hallowmere Academy" gives two candidates. _school_start() then walks the
# run from the right: qualifiers ("C of E", "Catholic", "Day"), then name words until an
# ordinary word ("the", "our", "SEND", "Virtual", "Head" ...), and needs one name word.
_SCHOOL_WORD_REST = r"[\w'’]*(?:[-.][\w'’]+)*\.?"  # after the capital: "Anne's", "St.", "C.E."
_SCHOOL_WORD = rf"[A-Z]{_SCHOOL_WORD_REST}"
_SCHOOL_NOUN = (
    # type + school/academy/college, in any case: "Hallowmere primary school", "HIGH SCHOOL"
    r"(?ai:(?:primary|secondary|high|grammar|special|nursery|infants?|juniors?|middle|first|"
    r"community|prep|preparatory|free|village|church|day|catholic)[ \t]+"
    r"(?:school|academy|college))"
    # unambiguous setting words, in any case
    r"|(?ai:pupil[ \t]+referral[ \t]+unit|sixth[ \t]+form(?:[ \t]+college)?|academy|college|"
    r"nursery|pre-?school)"
    # words that are also ordinary English: only capitalised ("Corrigan Heath High")
    r"|School|SCHOOL|Primary|PRIMARY|High|HIGH|Infants|INFANTS|Juniors|JUNIORS|PRU"
)
_SCHOOL_RE = re.compile(
    # the capital comes first so the engine can skip to candidates (as in _CAP_TOKEN_RE)
    rf"(?P<run>[A-Z](?<![\w'’.-].){_SCHOOL_WORD_REST}"
    rf"(?:[ \t]+(?:(?:of|and|&)[ \t]+)?{_SCHOOL_WORD}){{0,8}}?)"
    rf"[ \t]+(?P<noun>{_SCHOOL_NOUN})(?!\w|-\w)"
    # not a street, a health service or a trust named after the setting
    r"(?![ \t]+(?ai:street|st|road|rd|lane|avenue|ave|close|drive|way|crescent|court|gardens|"
    r"grove|terrace|mews|place|row|walk|square|needs|care|hospital|trust)\b)"
)
# Every SCHOOL match contains one of these (lower case): the cheap test before the pattern.
_SCHOOL_HINTS = ("school", "academy", "college", "nursery", "primary", "high", "infants",
                 "juniors", "sixth", "pru", "referral")
_SCHOOL_HINT_WORDS = frozenset({"school", "preschool", "academy", "college", "nursery",
                                "primary", "high", "infants", "juniors", "sixth", "pru", "unit"})
#: Words that may stand between the name and the setting word.
_SCHOOL_QUALIFIERS = _word_set("""
c e ce c.e c.e. cofe rc r.c r.c. church england roman catholic methodist jewish muslim islamic
christian sikh hindu community foundation voluntary aided controlled va vc primary secondary
high grammar special nursery infant infants junior juniors middle first day prep preparatory
sixth form free federation academy school
""")
_SAINTS = frozenset({"st", "st.", "saint", "sts", "sts."})
# Capitalised words that are never part of a school's name, so the name starts after them:
# the ordinary words the NAME rules know (minus the place words that make up school names,
# "Orchard Rise", "Lowdrith Park"), types of setting, services and programmes that are not a
# setting ("Virtual School", "Forest School", "Summer School"), conditions and job titles.
_SCHOOL_GENERIC = (NOT_NAMES - _word_set("""
road street lane avenue close drive way crescent place court gardens grove terrace hill park
view mews row walk square green rise parade house station new old
""")) | _word_set("""
virtual forest summer holiday home hospital boarding residential independent private state
mainstream local faith specialist alternative provision nurture outdoor online driving music
dance drama business medical law football further fe multi mat autism autistic asd asc semh
mld sld pmld adhd send sen sencos ehcp ehc deputy principal assistant lead designated head
heads teacher teachers headteacher headteachers tutor staff pupils pupil students student
class reception year our at to in the a an my his her their your its this that every which
what no any all some royal excluded ofsted outstanding good inadequate requires improvement
went goes going attends attended started starts left moved joined chose choose named
""")
_PLAIN_SENTENCE_END_RE = re.compile(r"[a-z]{2,}\.$")  # "Wrenfold." but not "St." or "C.E."


def _school_start(text: str, m: re.Match[str]) -> int | None:
    """Start of the setting's name in a candidate match, or None when it names no setting."""
    noun = m.group("noun")
    lower_noun = noun[0].islower()
    if noun.isupper() and " " not in noun and noun not in ("ACADEMY", "PRU"):
        return None  # "HE LOVES SCHOOL": in capitals these are ordinary words
    run_start = m.start("run")
    toks = [(run_start + t.start(), t.group()) for t in re.finditer(r"\S+", m.group("run"))]
    lows = [w.lower() for _s, w in toks]
    k = len(toks) - 1
    while k >= 0 and (lows[k] in _SCHOOL_QUALIFIERS or (
            lows[k] == "of" and k > 0 and lows[k - 1] in ("c", "church"))):
        k -= 1
    start = None
    names = 0
    while k >= 0:
        word, low = toks[k][1], lows[k]
        right = lows[k + 1] if k + 1 < len(toks) else ""
        if low in _SAINTS:
            start = toks[k][0]
        elif low == "of":  # "Our Lady of Lourdes"; "C of E" among the name words
            if not (k > 0 and lows[k - 1] in ("lady", "c", "church") and start is not None):
                break
        elif low in ("and", "&"):  # "St Peter and St Paul"
            if right not in _SAINTS:
                break
        elif (low == "our" and right == "lady") or (
                low == "all" and right in ("saints", "souls", "hallows")):
            start = toks[k][0]
        else:
            base = low[:-2] if low.endswith(("'s", "’s")) else low.rstrip("'’")
            if base in _SCHOOL_GENERIC or base.split("-", 1)[0] in _SCHOOL_GENERIC or \
                    (word.endswith(".") and _PLAIN_SENTENCE_END_RE.search(word)):
                break
            if base != low and (lower_noun or noun.isupper()) and (
                    k == 0 or lows[k - 1] not in _SAINTS):
                break  # "Tyler's nursery" is a child's nursery, not a setting's name
            start = toks[k][0]
            names += 1
        k -= 1
    if not names or start is None:
        return None
    if lower_noun and names == 1 and _sentence_start(text, start):
        return None  # "Loved nursery", "Started college in September"
    return start


def _school_spans(text: str, words: Sequence[str] | None) -> list[tuple[int, int]]:
    if words is None:
        low = text.lower()
        if not any(hint in low for hint in _SCHOOL_HINTS):
            return []
    elif _SCHOOL_HINT_WORDS.isdisjoint(words):
        return []
    spans = []
    for m in _SCHOOL_RE.finditer(text):
        start = _school_start(text, m)
        if start is not None:
            spans.append((start, m.end()))
    return spans


def _known_patterns(known_names: Iterable[str]) -> list[re.Pattern[str]]:
    parts: set[str] = set()
    for name in known_names:
        name = (name or "").strip()
        if not name:
            continue
        parts.add(name)
        for piece in re.split(r"\s+", name):
            piece = piece.strip(".,")
            if len(piece) >= 2 and piece.lower() not in NOT_NAMES:
                parts.add(piece)
    if not parts:
        return []
    alternation = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return [re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)]


def redact_spans(text: str, known_names: Iterable[str] = ()) -> list[RedactionSpan]:
    """Personal data found in ``text``, as non-overlapping spans in order."""
    return _redact_spans(text, _known_patterns(known_names))


def _redact_spans(text: str, known: list[re.Pattern[str]],
                  words: Sequence[str] | None = None) -> list[RedactionSpan]:
    if not text:
        return []
    raw: list[tuple[int, int, str]] = []
    if "@" in text:
        raw.extend((*m.span(), "EMAIL") for m in _EMAIL_RE.finditer(text))
    has_digit = _DIGIT_RE.search(text) is not None
    long_number = has_digit and _NUMBER_RUN_RE.search(text) is not None
    if long_number:
        for m in _PHONE_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            national = digits[2:] if m.group().lstrip().startswith(("+", "0044")) else digits
            if national.startswith("44") and m.group().startswith("0044"):
                national = national[2:]
            national = national.lstrip("0")
            if 9 <= len(national) <= 10:
                raw.append((*m.span(), "PHONE"))
        for m in _NHS_RE.finditer(text):
            if m.group()[0] != "0" or "nhs" in text[max(0, m.start() - 20):m.start()].lower():
                raw.append((*m.span(), "NHS_NUMBER"))
    if has_digit:
        if _LETTER_DIGIT_RE.search(text):
            for m in _POSTCODE_RE.finditer(text):
                if m.group(1).upper() in _POSTCODE_AREAS:
                    raw.append((*m.span(), "POSTCODE"))
        if _DOB_HINT_RE.search(text):
            for m in _DOB_RE.finditer(text):
                raw.append((*m.span(1), "DOB"))
        if not _STREET_WORDS.isdisjoint(_WORD_RE.findall(text.lower()) if words is None
                                        else words):
            for m in _ADDRESS_RE.finditer(text):
                raw.append((*m.span(), "ADDRESS"))
    raw.extend((s, e, "SCHOOL") for s, e in _school_spans(text, words))
    raw.extend((s, e, "NAME") for s, e in _name_spans(text, known))
    return _merge(text, raw)


def _merge(text: str, raw: list[tuple[int, int, str]]) -> list[RedactionSpan]:
    """Overlapping spans become one, typed by the most specific kind among them."""
    raw.sort(key=lambda r: (r[0], -r[1]))
    merged: list[list] = []
    for start, end, kind in raw:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if _PRIORITY[kind] > _PRIORITY[last[2]]:
                last[2] = kind
        else:
            merged.append([start, end, kind])
    # "[NAME] [NAME]" -> one name when only spaces separate them
    out: list[list] = []
    for item in merged:
        if out and out[-1][2] == item[2] == "NAME" and text[out[-1][1]:item[0]].strip() == "":
            out[-1][1] = item[1]
        else:
            out.append(item)
    return [RedactionSpan(kind, s, e, text[s:e]) for s, e, kind in out]


def apply_spans(text: str, spans: Iterable[RedactionSpan]) -> str:
    pieces: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        pieces.append(text[pos:span.start])
        pieces.append(f"[{span.kind}]")
        pos = span.end
    pieces.append(text[pos:])
    return "".join(pieces)


def redact(text: str, known_names: Iterable[str] = ()) -> str:
    """``text`` with personal data replaced by typed placeholders such as [NAME]."""
    return apply_spans(text, redact_spans(text, known_names))


class Redactor:
    """Redaction with a fixed list of known names compiled once (for reuse across texts)."""

    def __init__(self, known_names: Iterable[str] = ()) -> None:
        self._known = _known_patterns(known_names)

    def spans(self, text: str, extra_names: Iterable[str] = (), *,
              words: Sequence[str] | None = None) -> list[RedactionSpan]:
        """``words``: the words of the lower-cased text (``\\w+``), if the caller has them."""
        known = self._known + _known_patterns(extra_names) if extra_names else self._known
        return _redact_spans(text, known, words)

    def redact(self, text: str, extra_names: Iterable[str] = (), *,
               words: Sequence[str] | None = None) -> str:
        return apply_spans(text, self.spans(text, extra_names, words=words))
