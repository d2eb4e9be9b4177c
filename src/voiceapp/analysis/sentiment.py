"""Sentiment for what families and young people say about children's services.

Base: VADER (Hutto and Gilbert 2014), a lexicon and rule model. Plain VADER misreads this domain:
service words such as "support", "care" and "help" count as praise, British and teenage words are
missing ("gutted", "lush", "chuffed", "organised"), and complaints are often written politely or
as facts ("still waiting", "it has been eleven weeks", "nobody rang back").

What voiceapp adds (all documented in docs/analysis.md):

1. A domain lexicon laid over VADER's on a private analyser instance (VADER's own module-level
   lexicon is never changed, so plain VADER elsewhere in the process is unaffected).
2. Phrase rules: regular expressions with a weight on VADER's -4..+4 scale. A rule may
   *override* the VADER words inside its match (e.g. "I would be grateful if someone could
   finally ..." is a complaint, so "grateful" no longer counts). Rules marked negatable are
   flipped (x -0.74, VADER's factor) when "not", "never", "didn't" ... come just before them.
3. Sentence-level scoring, then an aggregate: the mean of the opinionated sentences
   (|compound| >= 0.05); when any sentence is clearly negative (<= -0.30) the text is treated as
   complaint-like and the aggregate is the average of that mean and the most negative sentence.
4. Labels from the aggregate: positive if >= POSITIVE_THRESHOLD, negative if <=
   NEGATIVE_THRESHOLD, otherwise neutral.
5. Drivers: every word, phrase or rule that moved the score, with its weight, for officers.
"""

from __future__ import annotations

import re
import string
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from vaderSentiment import vaderSentiment as _vs

from voiceapp.analysis._prefilter import FilteredPattern, RuleIndex
from voiceapp.analysis._text import constructor, normalise

POSITIVE_THRESHOLD = 0.20
NEGATIVE_THRESHOLD = -0.10
PLAIN_VADER_THRESHOLD = 0.05  # VADER's own documented thresholds, used for comparison only
OPINION_MIN = 0.05  # a sentence with |compound| below this carries no opinion
COMPLAINT_SENTENCE = -0.30  # a sentence at or below this makes the text complaint-like
_NEGATION_FACTOR = _vs.N_SCALAR  # -0.74


@dataclass(frozen=True, slots=True)
class Driver:
    """A word, phrase or rule that moved the score. ``weight`` is on VADER's -4..+4 scale."""

    text: str
    weight: float
    rule: str


@dataclass(frozen=True, slots=True)
class SentenceScore:
    text: str
    start: int
    end: int
    compound: float


@dataclass(frozen=True, slots=True)
class SentimentResult:
    compound: float
    label: str
    drivers: list[Driver] = field(default_factory=list)
    sentences: list[SentenceScore] = field(default_factory=list)


_new_driver = constructor(Driver)
_new_sentence = constructor(SentenceScore)
_new_result = constructor(SentimentResult)


def label_for(compound: float) -> str:
    """voiceapp's label for an aggregate compound score (see the module docstring)."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def plain_vader_label(compound: float) -> str:
    """Label with VADER's standard +/-0.05 thresholds (the baseline in the evaluation)."""
    if compound >= PLAIN_VADER_THRESHOLD:
        return "positive"
    if compound <= -PLAIN_VADER_THRESHOLD:
        return "negative"
    return "neutral"


# --------------------------------------------------------------------------------------------
# Domain lexicon (VADER scale: -4 extremely negative .. +4 extremely positive)
# --------------------------------------------------------------------------------------------

#: Service and topic words that plain VADER scores as praise or blame but that, in children's
#: services, mostly just name the subject ("children's social care", "support worker",
#: "special school", "child protection", "wishes and feelings", "stay and play").
_NEUTRALISED: dict[str, float] = {
    "support": 0.3, "supports": 0.3, "supporting": 0.5, "care": 0.2, "cares": 1.0,
    "help": 0.6, "helping": 0.8, "special": 0.0, "benefit": 0.3, "benefits": 0.0,
    "protect": 0.5, "protected": 0.8, "protection": 0.0, "share": 0.0, "free": 0.5,
    "freedom": 1.0, "wish": 0.0, "wishes": 0.0, "hope": 1.0, "entitled": 0.0, "legal": 0.0,
    "play": 0.5, "playing": 0.3, "party": 0.5, "interest": 0.5, "yes": 0.5, "agree": 0.5,
    "agreed": 0.4, "true": 0.5, "please": 0.0, "like": 0.0, "honestly": 0.0, "promise": 0.0,
    "promised": -0.5, "fine": 0.3, "ok": 0.6, "okay": 0.5, "clear": 0.8, "friends": 1.2,
    "friend": 1.0, "vulnerable": -0.3, "positive": 1.6, "joke": -1.5, "jokes": 0.0,
    "kind": 1.8, "fair": 1.0, "want": 0.0, "safe": 1.2, "emergency": -0.5, "ill": -0.8,
    "illness": -0.6, "sorry": -0.3, "cut": -0.8, "hard": -0.6, "miss": -0.8,
    "holiday": 0.5, "holidays": 0.5, "bother": 0.0, "bothered": 0.0,
}

#: British spellings, UK and teenage slang, and how families describe services.
_DOMAIN_WORDS: dict[str, float] = {
    # praise
    "brilliant": 2.9, "lush": 2.3, "mint": 1.8, "ace": 2.0, "chuffed": 2.4, "buzzing": 2.0,
    "buzzin": 2.0, "fab": 2.5, "fabulous": 2.8, "incredible": 2.6, "godsend": 2.8,
    "lifeline": 2.4, "lifesaver": 2.6, "life-changing": 2.6, "lifechanging": 2.6,
    "supportive": 2.0, "listened": 1.5, "listens": 1.3, "understanding": 1.5,
    "understood": 0.8, "approachable": 1.8, "informative": 1.5, "patient": 1.3,
    "thorough": 1.5, "responsive": 1.6, "proactive": 1.5, "knowledgeable": 1.6,
    "professional": 1.0, "organised": 1.6, "well-organised": 2.2, "helped": 1.5,
    "reassured": 1.6, "relieved": 1.6, "gr8": 2.5, "luv": 2.8, "amazin": 2.8, "gud": 1.9,
    "smashed": 1.5, "banging": 1.8, "bangin": 1.8, "peng": 1.8, "class": 0.0,
    "decent": 1.3, "cheers": 2.1, "ta": 1.2, "thx": 1.9, "thanx": 1.9, "ty": 1.5,
    "accessible": 1.0, "welcoming": 2.0, "backed": 1.2, "valued": 1.9, "heard": 0.6,
    "involved": 0.4, "included": 0.8, "wonders": 1.5,
    # criticism
    "gutted": -2.2, "rubbish": -1.9, "naff": -1.2, "gash": -1.5, "minging": -2.0,
    "shambles": -2.4, "shambolic": -2.4, "diabolical": -2.8, "disgraceful": -2.6,
    "appalling": -2.5, "shocking": -2.2, "atrocious": -2.8, "dreadful": -2.4,
    "chasing": -1.4, "chased": -1.2, "chase": -1.1, "delays": -1.4, "delay": -1.4,
    "delayed": -1.2, "overdue": -1.3, "unanswered": -1.6, "drift": -0.8, "drifting": -1.0,
    "excuses": -1.4, "pointless": -1.8, "non-existent": -2.0, "nonexistent": -2.0,
    "unlawful": -2.2, "unmet": -1.2, "insufficient": -1.5, "lacking": -1.3, "late": -0.9,
    "unresponsive": -1.8, "unprofessional": -2.2, "dismissive": -2.0, "patronising": -2.0,
    "patronizing": -2.0, "judgemental": -2.0, "judgmental": -2.0, "judged": -1.6,
    "unheard": -1.8, "fobbed": -2.0, "dumped": -1.8, "gatekeeping": -1.8,
    "box-ticking": -1.5, "tick-box": -1.5, "vague": -1.2, "outdated": -1.2,
    "inaccurate": -1.5, "incorrect": -1.3, "nightmare": -2.3, "dreading": -1.5,
    "dreaded": -1.4, "disorganised": -1.8, "disorganized": -1.8, "unsustainable": -1.8,
    "unfit": -1.8, "tribunal": -0.8, "exhausted": -1.8, "knackered": -1.6, "drained": -1.5,
    "scandalous": -2.5, "farce": -2.3, "farcical": -2.3, "useless": -2.2, "waiting": -0.5,
    "cancelled": -1.2, "cancelling": -1.2, "refused": -1.5, "rushed": -1.2,
    "neet": -1.0, "excluded": -1.4, "unfair": -2.1, "ignoring": -1.6, "soz": -0.3,
    "borin": -1.3, "rank": -1.0, "peak": 0.0, "impossible": -1.5,
}

#: American spellings in VADER whose British form should score the same.
_BRITISH_SPELLING_SUFFIXES = (("ize", "ise"), ("ized", "ised"), ("izes", "ises"),
                              ("izing", "ising"), ("ization", "isation"))
_BRITISH_OUR = ("favor", "favorable", "favorably", "favorite", "favorites", "favored",
                "honor", "honorable", "honored", "humor", "humorous", "humorless", "glamor",
                "splendor", "valor", "vigor", "ardor", "rumor", "rumors", "harbor", "clamor")
_BRITISH_OTHER = {"skeptical": "sceptical", "skeptic": "sceptic", "judgment": "judgement",
                  "defense": "defence", "offense": "offence", "defenseless": "defenceless",
                  "offensive": "offensive", "enroll": "enrol", "fulfill": "fulfil"}


def _british_variants(lexicon: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for word, value in lexicon.items():
        for us, uk in _BRITISH_SPELLING_SUFFIXES:
            if word.endswith(us) and len(word) > len(us) + 2:
                out.setdefault(word[: -len(us)] + uk, value)
    for word in _BRITISH_OUR:
        if word in lexicon:
            out.setdefault(word.replace("or", "our", 1), lexicon[word])
    for us, uk in _BRITISH_OTHER.items():
        if us in lexicon:
            out.setdefault(uk, lexicon[us])
    # British words VADER already holds keep VADER's score (e.g. "apologise" 1.6, "criticise").
    return {k: v for k, v in out.items() if k not in lexicon}


# --------------------------------------------------------------------------------------------
# Phrase rules
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PhraseRule:
    """A regular expression (matched on lower-cased text) with a VADER-scale weight.

    ``override``: VADER words inside the match stop counting (the phrase replaces them).
    ``negatable``: a negator in the three words before the match flips the weight.
    """

    name: str
    pattern: str
    weight: float
    override: bool = True
    negatable: bool = False


_NUM = (r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"thirteen|fourteen|fifteen|sixteen|eighteen|twenty|thirty|forty|fifty|several|"
        r"a few|a couple of|many|so many)")
_PERIOD = r"(?:days?|weeks?|months?|years?|terms?)"
_NOBODY = r"(?:nobody|no one|noone|no-one|no body|not one person|not a single person)"

PHRASE_RULES: tuple[PhraseRule, ...] = (
    # ---- waiting, chasing, delay
    PhraseRule("still waiting", r"\b(?:still|been|kept|keep|left|now|currently) waiting\b", -1.8),
    PhraseRule("still no / still not", r"\bstill (?:no|not|nothing|haven'?t|hasn'?t|hadn'?t|"
               r"havent|hasnt|don'?t|doesn'?t|didn'?t|can'?t|waiting|chasing|without)\b", -1.6),
    PhraseRule("reduced timetable", r"\b(?:part[- ]time|reduced|partial|shortened) "
               r"timetables?\b|\bexcluded\b|\bexclusions?\b", -1.0),
    PhraseRule("time has passed", rf"\b(?:it'?s|it has|has|have|it is|it'?s now|that was) "
               rf"(?:now )?been (?:over |nearly |almost |more than |another )?{_NUM} {_PERIOD}\b",
               -1.4),
    PhraseRule("long wait", rf"\b(?:wait(?:ing)?(?: list| time)?|pathway|delay|backlog|took|"
               rf"taken|taking|takes)\b[^.!?]{{0,40}}?\b(?:over |nearly |almost |more than )?"
               rf"{_NUM}\s*{_PERIOD}\b", -1.3),
    PhraseRule("n-month wait",
               rf"\b{_NUM}[ -](?:day|week|month|year|term)s?[ -](?:long )?wait", -1.5),
    PhraseRule("periods of nothing", rf"\b{_PERIOD} (?:of|and) (?:nothing|no\b|waiting|chasing|"
               r"battling|fighting)", -2.0),
    PhraseRule("deadline missed", r"\b(?:deadline|timescale|time limit|20 weeks?|twenty weeks?)"
               r"[^.!?]{0,30}?\b(?:missed|passed|came and went|breached|not met|ran out)\b", -2.0),
    PhraseRule("came and went", r"\bcame and went\b", -1.5),
    PhraseRule("out of school", r"\b(?:out of school|without (?:a )?school place|no school place|"
               r"sat at home|no education|missing education)\b", -1.6),
    # ---- nobody responds / not listened to
    PhraseRule("nobody did it", rf"\b{_NOBODY} (?:\w+ ){{0,2}}?(?:listen\w*|cares?|cared|repl\w*|"
               r"rang|rings|ring|called|calls|came|comes|come|help\w*|told|tells|asked|asks|"
               r"explained|explains|knows?|knew|picked|got back|gets back|bother\w*|checked|"
               r"follow\w*|contacted|returned|responded|updated|did|does|turned up|showed|"
               r"seems?|took|takes|wants?|understands?|understood)\b", -2.0),
    PhraseRule("no reply", r"\b(?:no|not a single|not one|never (?:had|got|received) a|"
               r"without (?:a|any)) (?:reply|replies|response|responses|call ?back|phone call|"
               r"call|answer|update|updates|acknowledge?ment|explanation|decision|contact|"
               r"communication|follow[- ]up|word)\b", -1.8),
    PhraseRule("never did it", r"\bnever (?:came|happened|arrived|turned up|rang|rung|called|"
               r"replied|responded|got back|heard back|materiali[sz]ed|showed|followed up)\b",
               -1.6),
    PhraseRule("nothing as an answer", r"(?:^|[.!?]\s*)nothing\s*[.!?]", -1.8, override=False),
    PhraseRule("nothing changed", r"\bnothing (?:has |had |have |ever )?(?:actually |really )?"
               r"(?:changed|happened|improved|been done|moved|came of it)\b", -2.0),
    PhraseRule("nothing to do", r"\bnothing (?:to do|for (?:us|them|him|her|kids|teenagers|"
               r"young people|disabled))\b", -1.3),
    PhraseRule("passed around", r"\b(?:passed|pushed|bounced|sent|shunted) (?:from|around|"
               r"between|back and forth|pillar)\b", -1.8),
    PhraseRule("fobbed / brushed off", r"\b(?:fob\w*|brush\w*|palmed|shrugged|batted) off\b",
               -2.0),
    PhraseRule("had to fight", r"\b(?:had|have|having|has) to (?:fight|battle|chase|push|beg|"
               r"argue|shout|jump through|keep (?:chasing|asking|ringing|pushing))\b", -2.2),
    PhraseRule("it is a battle", r"\b(?:a (?:constant |real |daily )?(?:battle|fight|struggle)|"
               r"battling|fighting for|fight for)\b", -1.4),
    PhraseRule("denial of need", r"\bdenial of (?:need|needs|service|support)\b", -2.5),
    PhraseRule("not fit for purpose", r"\bnot fit for purpose\b", -3.0),
    PhraseRule("tell our story again", r"\b(?:re-?tell|retell|repeat|repeating|tell|telling|"
               r"explain|explaining|go over|going over)(?:ing)? (?:our|my|the|his|her|their) "
               r"(?:whole )?(?:story|history|story again)\b", -1.8),
    PhraseRule("back to square one", r"\b(?:back to|back at|start(?:ing)? (?:again|from)) "
               r"(?:square one|scratch|the (?:start|beginning))\b|\bback where we started\b|"
               r"\bstart again\b", -1.6),
    PhraseRule("end of tether", r"\b(?:end of (?:my|our) tether|(?:my|our) wits'? end|breaking "
               r"point|running on empty|at the end of (?:my|our) rope|can'?t cope|"
               r"cannot cope|on (?:my|our) knees)\b", -2.5),
    PhraseRule("shouting into a void", r"\b(?:shouting|talking|speaking|screaming) (?:into|to) "
               r"(?:a|the) (?:void|brick wall|wall)\b|\bblack hole\b", -2.2),
    PhraseRule("let down", r"\blet (?:\w+ )?down\b|\blet-?down\b", -2.0),
    PhraseRule("falls apart", r"\b(?:falls?|fell|falling|fallen) (?:apart|through)\b", -1.8),
    PhraseRule("cannot meet needs", r"\b(?:can'?t|cannot|couldn'?t|could not|not|doesn'?t|does "
               r"not|didn'?t|did not|won'?t|unable to) (?:meet|meeting) (?:his|her|their|my|"
               r"our|the child'?s|the)? ?needs\b", -2.0),
    PhraseRule("does not describe", r"\b(?:doesn'?t|does not|didn'?t|did not|don'?t) "
               r"(?:sound like|reflect|describe|look like|capture) (?:him|her|them|my|our|"
               r"the child)\b", -1.6),
    PhraseRule("copied and pasted", r"\b(?:cop(?:y|ied) and past(?:e|ed)|cut and past(?:e|ed)|"
               r"copy-?paste[d]?)\b", -1.6),
    PhraseRule("not worth the paper", r"\bnot worth the paper\b", -2.5),
    PhraseRule("should not have to", r"\b(?:shouldn'?t|should not|should never) (?:have to|"
               r"take|need|be this)\b", -1.6),
    PhraseRule("how are we supposed to", r"\b(?:how|what) (?:are|is|were|was|am) (?:we|i|"
               r"parents|families|carers|they|he|she) (?:supposed|meant|expected) to\b", -1.6),
    PhraseRule("why does it have to be", r"\bwhy (?:does|do|did|is|should) (?:it|this|everything|"
               r"we|i) (?:have to be|has to be|always|take so long)\b", -1.5),
    PhraseRule("wish someone had", r"\b(?:i|we) wish (?:someone|somebody|anyone|they|you|the "
               r"\w+) (?:had|would|could|did)\b", -1.4),
    PhraseRule("polite demand", r"\b(?:i|we)(?:'d| would) (?:really |very much )?(?:be (?:very "
               r"|really )?(?:grateful|thankful)|appreciate(?: it)?) if (?:someone|somebody|"
               r"anyone|you|the team|your team|a manager) (?:could|would|can|will) "
               r"(?:finally|actually|at least|at last|even|now|urgently)\b", -2.2),
    PhraseRule("polite request", r"\b(?:i|we)(?:'d| would) (?:really |very much )?(?:be (?:very "
               r"|really )?(?:grateful|thankful)|appreciate(?: it)?) if\b", -0.2),
    PhraseRule("suggestion", r"\b(?:it )?would (?:be )?(?:really |very |more |so much )?"
               r"(?:help|helpful|useful|good|nice|better|great) (?:if|to)\b", -0.2),
    PhraseRule("would like", r"\b(?:would|'d) (?:really )?like (?:to|a|an|the|more|some|"
               r"someone|somebody|information|info|details|copies|copy)\b", 0.0),
    PhraseRule("sign-off", r"\b(?:kind|best|warm|warmest) (?:regards|wishes)\b|"
               r"\bmany thanks\b|\bthanks in advance\b|\bthank you in advance\b", 0.0),
    PhraseRule("formal complaint", r"\b(?:formal complaint|want to complain|wish to complain|"
               r"writing to complain|make a complaint|raise a complaint|raised a complaint)\b",
               -1.5),
    PhraseRule("escalated to MP or ombudsman", r"\b(?:written|wrote|writing|complain(?:ed)?|gone|"
               r"going|went|escalat\w+) (?:to|with) (?:my|our|the) (?:mp|councillor|ombudsman|"
               r"lgsco|local paper|press|solicitor)\b|\b(?:go|gone|went|going) to tribunal\b",
               -1.6),
    PhraseRule("felt badly treated", r"\b(?:felt|feel|feels|feeling|made (?:me|us) feel) "
               r"(?:so |very |really |completely |totally )?(?:judged|dismissed|ignored|"
               r"patroni[sz]ed|blamed|belittled|fobbed off|let down|abandoned|alone|unheard|"
               r"invisible|like a nuisance|like a number|like we don'?t matter|like i don'?t "
               r"matter|like a bad parent|like bad parents|brushed aside|on (?:my|our) own)\b",
               -2.2,
               negatable=True),
    PhraseRule("felt well treated", r"\b(?:felt|feel|feels|feeling) (?:so |very |really |"
               r"properly |genuinely |actually )?(?:listened to|heard|supported|valued|"
               r"respected|understood|backed|included|involved|believed|safe|safer|welcome|"
               r"reassured|less alone|part of)\b", 2.0, negatable=True),
    PhraseRule("first time anyone", r"\b(?:first (?:time|one|person|worker|appointment)|only "
               r"(?:one|person|worker)) (?:who|that|where|to|in)\b", 0.8, override=False),
    PhraseRule("computer says no", r"\bcomputer says no\b|\banswer is (?:always )?no\b|"
               r"\bdefault answer is no\b", -2.2),
    PhraseRule("out of their depth", r"\bout of (?:their|our|my|his|her) depth\b", -1.5),
    PhraseRule("left to get on with it", r"\bleft (?:us |me |them )?to (?:get on with it|cope|"
               r"it|our own devices|fend)\b|\bleft (?:on our own|to our own)\b", -1.8),
    PhraseRule("thanks for nothing", r"\bthanks for nothing\b", -2.8),
    PhraseRule("no support", r"\b(?:no|zero|little|not enough|not any|lack of) (?:support|help|"
               r"provision|respite|service|services|tuition|therapy|school place|place|"
               r"education|contact|progress|improvement)\b", -1.6),
    PhraseRule("not enough", r"\b(?:isn'?t|is not|wasn'?t|was not|not|aren'?t|are not|never) "
               r"(?:nearly |near |anywhere near |good |\w+ )?enough\b", -1.6),
    PhraseRule("don't like", r"\b(?:don'?t|dont|do not|didn'?t|didnt|did not|doesn'?t|doesnt|"
               r"does not) (?:really |even )?(?:like|enjoy|want to go|feel listened)\b", -1.6),
    PhraseRule("given up", r"\b(?:gave|given|giving|give) up\b|\b(?:don'?t|dont|do not|no "
               r"longer|not) (?:even )?bother(?:ing)?\b", -1.4),
    PhraseRule("picked on", r"\b(?:call|calls|calling|called) (?:me|him|her|them|us) names\b|"
               r"\bpick(?:s|ed|ing)? on (?:me|him|her|them|us)\b", -2.0),
    PhraseRule("never get to", r"\bnever (?:get|got|gets|getting) to (?:meet|see|say|speak|have|"
               r"be|go|know)\b", -1.4),
    PhraseRule("already decided", r"\b(?:already|been) decided\b|\bdone deal\b|"
               r"\brubber[- ]stamp\w*|\bfait accompli\b|\btick(?:ing)? (?:a|the) box\w*", -1.5),
    PhraseRule("hard times past", r"\bwhen (?:i|we|he|she|they) (?:was|were|felt) (?:really |so "
               r"|at )?(?:struggling|at (?:my|our|his|her) lowest|in a bad place|in crisis|in "
               r"tears|desperate|lost)\b|\b(?:through|during) (?:a|such a|the|some) (?:really |"
               r"very )?(?:difficult|hard|tough|dark|horrible|awful|rough) (?:time|year|period|"
               r"patch|few months)\b", -0.3),
    PhraseRule("will miss you", r"\b(?:will|'ll|going to|gonna|really|all) miss (?:you|her|him|"
               r"them|everyone|the team|working)\b", 1.6),
    PhraseRule("working together", r"\b(?:working|work|worked|works) (?:together|in "
               r"partnership|jointly)\b|\bjoined[- ]up\b", 1.2, negatable=True),
    PhraseRule("turned down", r"\b(?:turned down|knocked back|refused|rejected|declined) "
               r"(?:for|an?|the|our|my)\b", -1.4),
    PhraseRule("cut back", r"\b(?:cut|reduced|slashed|cancelled|stopped|withdrawn|closed) "
               r"(?:to|back|down|at short notice|without)\b|\bcuts? to\b", -1.2),
    # ---- praise
    PhraseRule("above and beyond", r"\b(?:go|goes|went|gone|going) (?:well |way |far )?above "
               r"and beyond\b", 2.8),
    PhraseRule("can't praise enough", r"\b(?:can'?t|cannot|couldn'?t|could not) (?:praise|thank|"
               r"recommend|fault)\b[^.!?]{0,60}?\benough\b", 3.0),
    PhraseRule("couldn't fault", r"\b(?:can'?t|cannot|couldn'?t|could not) fault\b", 2.6),
    PhraseRule("couldn't have done it without", r"\b(?:couldn'?t|could not|can'?t|cannot|"
               r"wouldn'?t|would not) have (?:done|managed|coped|got through|faced|survived)"
               r"\b[^.!?]{0,40}?\b(?:without|on (?:my|our) own|alone)\b", 2.5),
    PhraseRule("made a difference", r"\b(?:made|makes|make|making) (?:such |a |the |all the |"
               r"an? )?(?:real |huge |big |massive |world of |enormous |positive )?difference\b",
               2.0, negatable=True),
    PhraseRule("done wonders", r"\b(?:done|did|doing|work(?:ed)?) wonders\b", 2.5),
    PhraseRule("breath of fresh air", r"\bbreath of fresh air\b", 2.5),
    PhraseRule("fought their corner", r"\b(?:fought|fights|fighting|batted|batting|bats) (?:in )?"
               r"(?:his|her|their|our|my|your) corner\b", 2.5),
    PhraseRule("shout out", r"\b(?:big |massive |huge )?shout[- ]?out\b", 1.8),
    PhraseRule("teen praise", r"\b(?:is|are|was|were|r|s|been|its|it'?s) (?:well |proper |dead |"
               r"so |really |actually |rly |sooo* |v )?(?:sound|class|mint|lush|ace|peng|decent|"
               r"banging|bangin|boss|quality|jokes|gr8)\b", 2.0),
    PhraseRule("dead good", r"\b(?:dead|well|proper|bare|mad|hella) (?:good|nice|fun|funny|"
               r"helpful|lovely|friendly|kind|happy|proud|excited|chuffed|good fun)\b", 2.2),
    PhraseRule("teen criticism", r"\b(?:is|are|was|were|r|its|it'?s|thats|that'?s) (?:well |"
               r"proper |so |really |dead )?(?:peak|long|dead|grim|rank|moist|cringe|dry)\s*"
               r"(?:$|[.!?,])", -1.5),
    PhraseRule("had a blast", r"\b(?:had|having|have) (?:a|an absolute|the) blast\b", 2.2),
    PhraseRule("no complaints", r"\b(?:no|zero|never (?:had )?any) (?:complaints|problems|"
               r"issues|worries)\b", 1.5),
    PhraseRule("couldn't ask for more", r"\b(?:couldn'?t|could not|can'?t) (?:ask for (?:more|"
               r"better|anything more)|be (?:happier|more grateful|more pleased))\b", 2.6),
    PhraseRule("nothing but praise", r"\bnothing but (?:praise|good|positive|kindness|"
               r"admiration)\b", 2.6),
    PhraseRule("thanks to", r"\b(?:huge|massive|big|special|heartfelt|sincere) thanks\b", 2.2),
    PhraseRule("pass on thanks", r"\bpass (?:on )?(?:my|our) (?:thanks|gratitude|appreciation)\b",
               1.5, override=False),
    PhraseRule("I like", r"\b(?:i|we|they|he|she|kids|children|my \w+) (?:really |do |"
               r"actually |all )?(?:like|liked|likes)\b", 1.6, negatable=True),
    PhraseRule("sorted", r"\b(?:got (?:it |everything |things )?sorted|sorted (?:it|everything|"
               r"out)|sorted (?:a|the|our|my)|for sorting)\b", 1.4),
    PhraseRule("kept in the loop", r"\b(?:kept|keeps|keep|keeping) (?:us|me|everyone|them) "
               r"(?:in the loop|informed|updated|up to date)\b", 1.8, negatable=True),
    PhraseRule("picks up the phone", r"\b(?:picks|picked) up the phone\b|\brings? (?:me |us )?"
               r"back (?:when|the same|straight)\b|\bget back to (?:me|us) (?:the same|quickly|"
               r"straight)\b|\breplies the same day\b", 1.6, negatable=True),
    PhraseRule("actually listens", r"\bactually (?:listen\w*|cares?|read|reads|helped|rang|"
               r"turned up|followed)\b", 1.0, override=False),
)


# --------------------------------------------------------------------------------------------
# The analyser
# --------------------------------------------------------------------------------------------

_NEGATE_SET = frozenset(_vs.NEGATE)  # VADER's negated([w]): w in NEGATE or "n't" in w


class _DomainVader(_vs.SentimentIntensityAnalyzer):
    """VADER with a given lexicon; skips VADER's per-instance file reading. It holds the
    merged lexicon and the emoji table; ``SentimentScorer`` does its own (equivalent, faster)
    scoring, and ``polarity_scores`` on this object is plain VADER over the domain lexicon."""

    def __init__(self, lexicon: dict[str, float], emojis: dict[str, str]) -> None:
        self.lexicon = lexicon
        self.emojis = emojis


_LOCK = threading.Lock()
_BASE: tuple[dict[str, float], dict[str, str]] | None = None
_DOMAIN: _DomainVader | None = None
_PLAIN: _vs.SentimentIntensityAnalyzer | None = None


def _base_lexicon() -> tuple[dict[str, float], dict[str, str]]:
    """VADER's lexicon and emoji table, read from disk once per process."""
    global _BASE, _PLAIN
    with _LOCK:
        if _BASE is None:
            _PLAIN = _vs.SentimentIntensityAnalyzer()
            _BASE = (_PLAIN.lexicon, _PLAIN.emojis)
        return _BASE


def plain_vader() -> _vs.SentimentIntensityAnalyzer:
    """The unmodified VADER analyser (shared, read-only): the baseline for evaluation."""
    _base_lexicon()
    assert _PLAIN is not None
    return _PLAIN


def domain_lexicon() -> dict[str, float]:
    """Every entry voiceapp adds to or changes in VADER's lexicon."""
    lexicon, _ = _base_lexicon()
    merged: dict[str, float] = {}
    merged.update(_british_variants(lexicon))
    merged.update(_NEUTRALISED)
    merged.update(_DOMAIN_WORDS)
    return merged


def _domain_vader() -> _DomainVader:
    global _DOMAIN
    if _DOMAIN is None:
        lexicon, emojis = _base_lexicon()
        extra = domain_lexicon()
        merged = dict(lexicon)
        merged.update(extra)
        with _LOCK:
            if _DOMAIN is None:
                _DOMAIN = _DomainVader(merged, emojis)
    return _DOMAIN


_RULE_INDEX: RuleIndex | None = None
_PATTERNS: list[FilteredPattern] | None = None


def _phrase_patterns() -> list[FilteredPattern]:
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = [FilteredPattern(rule.pattern) for rule in PHRASE_RULES]
    return _PATTERNS


def _rule_index() -> RuleIndex:
    global _RULE_INDEX
    if _RULE_INDEX is None:
        _RULE_INDEX = RuleIndex([rule.pattern for rule in PHRASE_RULES])
    return _RULE_INDEX


_NEGATORS = frozenset(_vs.NEGATE) | {"no", "dont", "didnt", "doesnt", "never", "not", "cant",
                                     "wasnt", "werent", "havent", "hasnt", "isnt", "wont"}
_TOKEN_RE = re.compile(r"\S+")
_WORD_BEFORE_RE = re.compile(r"[\w'’]+")
_DOMAIN_KEYS: frozenset[str] | None = None


_SENTENCE_RE = re.compile(r"(?:\d\.\d|[^.!?\n])+(?:[.!?]+[\"')\]]*)?")
# Without a full stop between two digits the same split needs no alternation per character.
_SENTENCE_SIMPLE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*)?")
_DIGIT_DOT_RE = re.compile(r"\d\.\d")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split after . ! ? (not inside numbers such as "7.45") and at line breaks."""
    if "." in text and _DIGIT_DOT_RE.search(text):
        regex = _SENTENCE_RE
    elif not ("." in text or "!" in text or "?" in text or "\n" in text):
        stripped = text.strip()  # one sentence: the common case for short comments
        if not stripped:
            return []
        start = text.index(stripped[0])
        return [(start, start + len(stripped))]
    else:
        regex = _SENTENCE_SIMPLE_RE
    spans: list[tuple[int, int]] = []
    for m in regex.finditer(text):
        start, end = m.span()
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            start += len(piece) - len(piece.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


_PUNCT = string.punctuation
_N_SCALAR = _vs.N_SCALAR
_C_INCR = _vs.C_INCR
_BOOSTERS = _vs.BOOSTER_DICT
_SPECIAL = _vs.SPECIAL_CASES
#: Every word of VADER's multi-word idioms and boosters: a sentence without any of these cannot
#: trigger ``_special_idioms_check``, so it is skipped (same result, less work).
_IDIOM_WORDS = frozenset(w for key in (*_SPECIAL, *_BOOSTERS) if " " in key for w in key.split())

# raw whitespace token -> (VADER word, lower case, all caps, scored by the lexicon loop)
_TokenInfo = tuple[str, str, bool, bool]
_TOKEN_CACHE: dict[str, _TokenInfo] = {}
_TOKEN_CACHE_MAX = 50_000


class SentimentScorer:
    """Scores text with the domain-extended VADER. Cheap to create; keeps no per-text state.

    The scoring follows VADER's ``polarity_scores`` step by step (tokens, lexicon look-up,
    boosters, negation, idioms, "least", "but", capitals, punctuation emphasis) with the same
    floating-point operations in the same order, so a sentence without domain words or phrase
    rules gets exactly VADER's compound; it is only restructured for speed (tokens are looked
    up once in a process-wide cache, and checks that cannot apply are skipped).
    """

    def __init__(self) -> None:
        shared = _domain_vader()
        self._vader = shared
        self._lex = shared.lexicon
        self._index_cache: RuleIndex | None = None
        global _DOMAIN_KEYS
        if _DOMAIN_KEYS is None:
            _DOMAIN_KEYS = frozenset(domain_lexicon())
        self._domain_keys = _DOMAIN_KEYS

    # -- public ---------------------------------------------------------------------------
    def score(self, text: str, *, lower: str | None = None,
              candidates: list[int] | None = None) -> SentimentResult:
        """Score ``text``. ``lower`` (``normalise(text)``) and ``candidates`` (phrase-rule
        indices from a shared literal scan) only save work; callers normally omit them."""
        if not text or text.isspace():
            return SentimentResult(0.0, "neutral", [], [])
        if lower is None:
            lower = normalise(text)
        phrase_hits = self._phrase_hits(lower, candidates)
        sentences: list[SentenceScore] = []
        drivers: list[Driver] = []
        for start, end in split_sentences(text):
            hits = [h for h in phrase_hits if start <= h[0] < end] if phrase_hits else phrase_hits
            compound = self._score_sentence(text, lower, start, end, hits, drivers)
            sentences.append(_new_sentence(text[start:end], start, end, compound))
        compound = aggregate([s.compound for s in sentences])
        if len(drivers) > 1:
            drivers.sort(key=_driver_strength)
        return _new_result(round(compound, 4), label_for(compound), drivers, sentences)

    @property
    def _index(self) -> RuleIndex:
        if self._index_cache is None:
            self._index_cache = _rule_index()
        return self._index_cache

    # -- internals ------------------------------------------------------------------------
    def _phrase_hits(self, lower: str, candidates: list[int] | None = None
                     ) -> list[tuple[int, int, PhraseRule]]:
        hits: list[tuple[int, int, PhraseRule]] = []
        if candidates is None:
            candidates = self._index.candidates(lower)
        if not candidates:
            return hits
        patterns = _phrase_patterns()
        for i in candidates:
            rule = PHRASE_RULES[i]
            for m in patterns[i].regex.finditer(lower):
                if m.end() > m.start():
                    hits.append((m.start(), m.end(), rule))
        return hits

    def _score_sentence(self, text: str, lower: str, start: int, end: int,
                        hits: list[tuple[int, int, PhraseRule]], drivers: list[Driver]) -> float:
        """The sentence's compound; its drivers are appended to ``drivers``."""
        sentence = text[start:end]
        offsets: list[tuple[int, int]] | None = None
        if not sentence.isascii():
            # emoji descriptions shift offsets, so phrase overrides are skipped for this sentence
            sentence = _replace_emojis(sentence, self._vader.emojis)
        elif hits and any(rule.override for _s, _e, rule in hits):
            offsets = [(m.start() + start, m.end() + start) for m in _TOKEN_RE.finditer(sentence)]
        lex = self._lex
        cache = _TOKEN_CACHE
        infos = [cache.get(t) or _token_info(t, lex) for t in sentence.split()]
        n = len(infos)
        sentiments = [0.0] * n
        scored = False
        if not n:
            words: tuple[str, ...] = ()
            lows: tuple[str, ...] = ()
        else:
            words, lows, ups, in_lex = zip(*infos, strict=True)
            if True in in_lex:
                caps = sum(ups)
                is_cap_diff = 0 < n - caps < n
                idioms = not _IDIOM_WORDS.isdisjoint(lows)
                last = n - 1
                # VADER's own loop, visiting only lexicon words (others always score 0)
                for i in [i for i, flag in enumerate(in_lex) if flag]:
                    if lows[i] == "kind" and i < last and lows[i + 1] == "of":
                        continue
                    sentiments[i] = _valence(lex, words, lows, i, is_cap_diff, idioms)
                    scored = True
                if scored and "but" in lows:
                    sentiments = _vs.SentimentIntensityAnalyzer._but_check(list(words),
                                                                           sentiments)

        # Phrase rules: drop overlapping duplicates, apply overrides and negation.
        phrase_weights: list[float] = []
        if hits:
            used: list[tuple[int, int]] = []
            for h_start, h_end, rule in sorted(hits, key=_hit_order):
                if any(h_start < u_end and u_start < h_end for u_start, u_end in used) and (
                        rule.weight == 0 or rule.override):
                    continue
                used.append((h_start, h_end))
                weight = rule.weight
                if rule.negatable and _negated_before(lower, start, h_start):
                    weight *= _NEGATION_FACTOR
                if rule.override and offsets is not None:
                    for k, (t_start, t_end) in enumerate(offsets):
                        if k < n and t_start < h_end and h_start < t_end:
                            sentiments[k] = 0.0
                if weight:
                    phrase_weights.append(weight)
                    drivers.append(_new_driver(text[h_start:h_end], weight,
                                               f"phrase: {rule.name}"))

        if not scored and not phrase_weights:
            return 0.0
        values: list[float] = []
        if scored:
            domain_keys = self._domain_keys
            for k, value in enumerate(sentiments):
                if value:
                    values.append(value)
                    low = lows[k]
                    base = lex.get(low, 0.0)
                    rule = "domain lexicon" if low in domain_keys else "VADER lexicon"
                    if base and (value > 0) != (base > 0):
                        rule += " (negated)"
                    drivers.append(_new_driver(words[k], round(value, 3), rule))
        if phrase_weights:
            values.extend(phrase_weights)
        if not values:
            return 0.0
        return _compound(values, sentence)


def _token_info(token: str, lex: dict[str, float]) -> _TokenInfo:
    """VADER's word for a whitespace token (punctuation stripped unless that leaves two
    characters or fewer, which keeps emoticons), cached for the process."""
    stripped = token.strip(_PUNCT)
    word = token if len(stripped) <= 2 else stripped
    low = word.lower()
    info = (word, low, word.isupper(), low in lex and low not in _BOOSTERS)
    if len(_TOKEN_CACHE) >= _TOKEN_CACHE_MAX:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[token] = info
    return info


def _valence(lex: dict[str, float], words: Sequence[str], lows: Sequence[str], i: int,
             is_cap_diff: bool, idioms: bool) -> float:
    """VADER's ``sentiment_valence`` for the lexicon word at ``i`` (with ``scalar_inc_dec``,
    ``_negation_check``, ``_special_idioms_check`` and ``_least_check`` inlined; same
    operations in the same order, so the same floats)."""
    low = lows[i]
    valence = lex[low]
    if low == "no" and i != len(words) - 1 and lows[i + 1] in lex:
        valence = 0.0
    if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") or (
            i > 2 and lows[i - 3] == "no" and lows[i - 1] in ["or", "nor"]):
        valence = lex[low] * _N_SCALAR
    if is_cap_diff and words[i].isupper():
        if valence > 0:
            valence += _C_INCR
        else:
            valence -= _C_INCR
    # VADER's loop over the three words before (start_i 0, 1, 2), unrolled: booster or
    # dampener (scalar_inc_dec, scaled 1, 0.95, 0.9), then _negation_check, and for the third
    # word _special_idioms_check; a word that is itself in the lexicon is skipped.
    if i > 0:
        before = lows[i - 1]
        if before not in lex:
            s = 0.0
            if before in _BOOSTERS:
                s = _BOOSTERS[before]
                if valence < 0:
                    s *= -1
                if is_cap_diff and words[i - 1].isupper():
                    if valence > 0:
                        s += _C_INCR
                    else:
                        s -= _C_INCR
            valence = valence + s
            if before in _NEGATE_SET or "n't" in before:
                valence = valence * _N_SCALAR
        if i > 1:
            before = lows[i - 2]
            if before not in lex:
                s = 0.0
                if before in _BOOSTERS:
                    s = _BOOSTERS[before]
                    if valence < 0:
                        s *= -1
                    if is_cap_diff and words[i - 2].isupper():
                        if valence > 0:
                            s += _C_INCR
                        else:
                            s -= _C_INCR
                if s != 0:
                    s = s * 0.95
                valence = valence + s
                if before == "never" and lows[i - 1] in ("so", "this"):
                    valence = valence * 1.25
                elif before == "without" and lows[i - 1] == "doubt":
                    pass
                elif before in _NEGATE_SET or "n't" in before:
                    valence = valence * _N_SCALAR
            if i > 2:
                before = lows[i - 3]
                if before not in lex:
                    s = 0.0
                    if before in _BOOSTERS:
                        s = _BOOSTERS[before]
                        if valence < 0:
                            s *= -1
                        if is_cap_diff and words[i - 3].isupper():
                            if valence > 0:
                                s += _C_INCR
                            else:
                                s -= _C_INCR
                    if s != 0:
                        s = s * 0.9
                    valence = valence + s
                    if (before == "never" and lows[i - 2] in ("so", "this")) or \
                            lows[i - 1] in ("so", "this"):
                        valence = valence * 1.25
                    elif before == "without" and (lows[i - 2] == "doubt"
                                                  or lows[i - 1] == "doubt"):
                        pass
                    elif before in _NEGATE_SET or "n't" in before:
                        valence = valence * _N_SCALAR
                    if idioms:
                        valence = _special_idioms_check(valence, lows, i)
    # _least_check
    if i > 1 and lows[i - 1] not in lex and lows[i - 1] == "least":
        if lows[i - 2] != "at" and lows[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and lows[i - 1] not in lex and lows[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


def _special_idioms_check(valence: float, lows: Sequence[str], i: int) -> float:
    special = _SPECIAL
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if len(lows) - 1 > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lows) - 1 > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


def _compound(values: list[float], sentence: str) -> float:
    """VADER's ``score_valence(...)["compound"]``: sum, punctuation emphasis, normalise."""
    sum_s = float(sum(values))
    ep_count = sentence.count("!")
    if ep_count > 4:
        ep_count = 4
    ep_amplifier = ep_count * 0.292
    qm_count = sentence.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct = ep_amplifier + qm_amplifier
    if sum_s > 0:
        sum_s += punct
    elif sum_s < 0:
        sum_s -= punct
    return float(round(_vs.normalize(sum_s), 4))


def _driver_strength(driver: Driver) -> float:
    return -abs(driver.weight)


def _hit_order(hit: tuple[int, int, PhraseRule]) -> tuple[int, int]:
    return hit[0], hit[0] - hit[1]


def _negated_before(lower: str, sentence_start: int, at: int) -> bool:
    window = lower[max(sentence_start, at - 40):at]
    words = [w.replace("'", "").replace("’", "") for w in _WORD_BEFORE_RE.findall(window)][-3:]
    return any(w in _NEGATORS or (w.endswith("nt") and w[:-2] in {
        "don", "didn", "doesn", "wasn", "weren", "haven", "hasn", "isn", "couldn", "wouldn",
        "shouldn", "aren", "ca", "wo"}) for w in words)


def _replace_emojis(text: str, emojis: dict[str, str]) -> str:
    out: list[str] = []
    prev_space = True
    for ch in text:
        if ch in emojis:
            if not prev_space:
                out.append(" ")
            out.append(emojis[ch])
            prev_space = False
        else:
            out.append(ch)
            prev_space = ch == " "
    return "".join(out).strip()


def aggregate(compounds: list[float]) -> float:
    """Combine sentence scores (see the module docstring for the rule)."""
    opinion = [c for c in compounds if abs(c) >= OPINION_MIN]
    if not opinion:
        return 0.0
    mean = sum(opinion) / len(opinion)
    worst = min(opinion)
    if len(opinion) > 1 and worst <= COMPLAINT_SENTENCE:
        return (mean + worst) / 2.0
    return mean


def sentiment_to_dict(result: SentimentResult) -> dict[str, Any]:
    return {"compound": result.compound, "label": result.label}
