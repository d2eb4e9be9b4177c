"""Keyword rules for the starter codebook.

Each entry is ``slug -> ((phrase, weight), ...)``. A phrase is one or more lower-case words
separated by spaces; a word ending in ``*`` matches any word starting with it ("delay*" matches
delay, delays, delayed). Text is split into words at anything that is not a letter or digit, so
"co-production" is the two words "co production" and "son's" is "son s". Weights: 1.0 a clear
signal, 0.5 suggestive, 0.3 weak (common words that only help alongside others).

A match on a sub-code also counts for its parent (see ``themes.ThemeRules``). Codes an officer
adds later get rules made from their own name and description (``cold_start_phrases``).
"""

from __future__ import annotations

from typing import Final

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "christmas", "easter", "half term",
           "the summer", "the spring", "last year", "last term")

Phrases = tuple[tuple[str, float], ...]


def _p(*items: str | tuple[str, float]) -> Phrases:
    return tuple((i, 1.0) if isinstance(i, str) else i for i in items)


THEME_RULES: Final[dict[str, Phrases]] = {
    # ---------------------------------------------------------------- communication
    "communication": _p(
        "communicat*", ("email*", 0.6), ("e mail*", 0.6), ("letter*", 0.5), ("phone*", 0.5),
        ("call*", 0.3), ("rang", 0.5), ("ring", 0.4), ("rings", 0.4), ("text me", 0.6),
        ("texts", 0.4), ("contacting", 0.5), "get hold of", "got hold of", "auto reply",
        "out of office", ("told", 0.3), ("no one told", 1.0), ("nobody told", 1.0),
        "keep in touch", ("decision", 0.3), ("hear back", 0.8), ("heard back", 0.8),
        ("replied", 0.8), ("contact me", 0.8), ("contact us", 0.6),
        "correspondence", ("complaint", 0.4), ("complaints", 0.4),
    ),
    "communication.response_times": _p(
        "call back", "call me back", "called back", "ring back", "ring me back", "rang back",
        "rings back", "rings me back", "calls back", "return* my call*", "returned call*",
        "reply", "replies", "replied", "no reply", "respond*", "response", "unanswered",
        "answer* the phone", "picks up the phone", "picked up the phone", "voicemail*",
        "rings out", "never rang", "got back to", "get back to", "same day", ("duty line", 0.6),
    ),
    "communication.kept_informed": _p(
        "kept informed", "keep* us informed", "keep* me informed", "informed", "in the loop",
        "update*", "chas*", "no one told", "nobody told", "not told", "wasn t told",
        "weren t told", "found out when", "found out through", "found out from",
        "let me know", "let us know", "been moved", "keep* us updated", "progress",
    ),
    "communication.clarity": _p(
        "explain*", "jargon", "plain english", "clear explanation*", "confusing", "confused",
        "no explanation", ("letter*", 0.5), "understand the letter", "what it means",
        "what the decision means", "make sense",
    ),
    # ---------------------------------------------------------------- information
    "information": _p(
        "information", ("info", 0.8), "advice", "advis*", "leaflet*", "sendiass", "iass",
        "signpost*", "newsletter*", "factsheet*", "guide", "find out", "found out about",
        "didn t know", "didnt know", "did not know", "no idea", ("know about", 0.6),
        "how do i", "how to apply", "where to go", "right to appeal", ("rights", 0.6),
        "information evening", "drop in", ("website", 0.8), ("facebook", 0.6),
        ("questions", 0.4), ("request for information", 1.0),
    ),
    "information.local_offer": _p(
        "local offer", "website", "directory", "online directory", ("web page*", 0.8),
    ),
    "information.who_to_contact": _p(
        "who to contact", "who to ring", "who to call", "who to speak to", "who to talk to",
        "named contact", "named officer", "point of contact", "contact details",
        "passed from", "passed around", "passed between", "pillar to post", "switchboard",
        "who is responsible", "who is actually responsible", "no one could tell",
        "nobody could tell", ("named", 0.3),
    ),
    # ---------------------------------------------------------------- timeliness
    "timeliness": _p(
        ("wait*", 0.8), "still waiting", "delay*", ("late", 0.8), "overdue", "drift*",
        "backlog", "on hold", ("so long", 0.8), ("too long", 1.0), ("weeks", 0.4),
        ("months", 0.5), ("years", 0.3), ("finally", 0.4), ("yet", 0.3), ("still no", 0.8),
        ("quick*", 0.6), ("prompt*", 0.6), ("timely", 1.0), ("straight away", 0.5),
        ("took", 0.3), ("since", 0.3), ("chasing", 0.5), *((f"since {m}", 0.8) for m in _MONTHS),
    ),
    "timeliness.waiting_lists": _p(
        "waiting list*", "waitlist*", "wait list*", "wait time*", "waiting time*",
        "on the list", "triage", ("referral", 0.5), ("the wait", 0.8), ("wait for", 0.8),
        ("waiting for", 0.8), ("been seen", 0.6),
    ),
    "timeliness.statutory_deadlines": _p(
        "20 week*", "twenty week*", "deadline*", "timescale*", "time limit*", "statutory",
        "legal duty", "working days", "within 20 weeks", ("due in", 0.6), ("was due", 0.8),
    ),
    # ---------------------------------------------------------------- assessments and plans
    "assessment_plans": _p(
        "ehc*", "education health and care", ("assessment*", 0.8), ("assess", 0.8),
        ("plan", 0.6), ("plans", 0.6), "care plan", "draft plan", "final plan",
        "section a", "section b", "section e", "section f", "section i", ("panel", 0.6),
        ("report", 0.5), ("reports", 0.4), ("ep", 0.6), "educational psycholog*",
        "education psycholog*", ("outcomes", 0.6), ("targets", 0.6), "pep", "peps",
        "child protection conference", ("minutes", 0.5), ("paperwork", 0.6),
        ("review", 0.6), ("reviews", 0.6), "annual review*", ("iro", 0.5),
    ),
    "assessment_plans.ehc_needs_assessment": _p(
        "needs assessment*", "request for assessment", "request an assessment",
        "refused an assessment", "refused to assess", "agreed to assess", "decision to assess",
        "refusal to assess", ("assess", 0.8), ("refus*", 0.5), ("educational psycholog*", 0.5),
        ("ep service", 0.6), ("assessments", 0.5),
    ),
    "assessment_plans.plan_quality": _p(
        "plan quality", "vague", "specific", "out of date", "copied and pasted",
        "copy and paste*", "cut and paste*", "wrong name", "draft plan",
        "accurate", "inaccurate", "not specific",
        ("outcomes", 0.5), ("section f", 0.6),
    ),
    "assessment_plans.annual_review": _p(
        "annual review*", "review meeting*", "amended plan", "amendment*", "amend*",
        "transition review", "early review", "paperwork after", ("review", 0.5),
    ),
    # ---------------------------------------------------------------- provision
    "provision": _p(
        "provision", ("specialist", 0.8), "special school", "resourced provision",
        ("placement", 0.5), ("school place", 1.0), ("place", 0.4), ("places", 0.5),
        "respite", "short break*", "tuition", "unmet", "not in place", "needs met",
        "meet his needs", "meet her needs", "meet their needs", "meet my child s needs",
        "direct payment*", "personal assistant*", ("equipment", 0.6), "denial of need",
        ("fight for", 0.6), ("funding", 0.6), ("banding", 0.6), ("tribunal", 0.6),
        ("mediation", 0.4), ("mainstream", 0.6), "alternative provision",
        ("1 1", 0.8), ("one to one", 0.8), ("support", 0.3), ("outreach", 0.6),
    ),
    "provision.specialist_places": _p(
        "specialist place*", "specialist setting*", "specialist school*", "special school*",
        "resourced provision", "resource base", ("specialist", 0.6), ("unit", 0.4),
        ("mainstream", 0.5),
    ),
    "provision.respite": _p(
        "respite", "short break*", "overnight stay*", "overnights", "holiday scheme*",
        "play scheme*", "playscheme*", "sitting service", "short breaks club",
        "disabled children s team", "summer holiday scheme",
    ),
    "provision.unmet_needs": _p(
        "unmet", "not in place", "wasn t in place", "never had it", "not delivered",
        "not being delivered", "not getting", "isn t getting", "not receiving",
        "meet his needs", "meet her needs", "meet their needs", "legal duty",
        ("no support", 0.8), ("section f", 0.6),
    ),
    # ---------------------------------------------------------------- listening
    "listening": _p(
        "listen*", ("heard", 0.8), "unheard", ("views", 0.8), ("voice", 0.6),
        "wishes and feelings", "have a say", "have my say", "have her say", "have his say",
        "have their say", "have our say", "more say", "say in", "involved in",
        "involve*", ("asked what", 1.0), ("asked me", 0.6), ("asked my", 0.6),
        ("asked how", 0.6), ("nobody asked", 1.0), ("no one asked", 1.0), ("ignored", 0.8),
        ("dismissed", 0.6), ("believe*", 0.6), "tell our story", "tell my story",
        "re tell", "retell", ("repeat*", 0.8), ("again and again", 0.6),
        ("square one", 0.8), ("in the room", 0.8), ("choose", 0.8), ("chose", 0.6),
        ("choice*", 0.6), ("decisions about", 0.8), ("never get to", 0.6),
        ("already been decided", 0.8), ("no one listens", 1.0),
    ),
    "listening.tell_it_once": _p(
        "tell our story", "tell my story", "told our story", "re tell", "retell",
        "repeat*", "again and again", "same questions", "same documents", "from the start",
        "square one", "start again", "every time a new", "history again",
        "hasn t read", "haven t read",
    ),
    "listening.child_voice": _p(
        "wishes and feelings", "child s views", "her views", "his views", "my views",
        "their views", "views were", "what he wanted", "what she wanted",
        "asked my son", "asked my daughter", "asked me", "my say", "her say", "his say",
        "in the room", "advocate", "advocacy", ("iro", 0.6), ("where i live", 0.8),
        ("choose", 0.6), ("my review", 0.6), ("her review", 0.6), ("his review", 0.6),
    ),
    # ---------------------------------------------------------------- co-production
    "coproduction": _p(
        "co production", "coproduction", "coproduc*", "co produc*", "co design*",
        "partnership", "working together", "work together", "worked together",
        "joined up", "multi agency", "multiagency", "forum", "parent carer forum",
        "parent rep*", "representative*", ("workshop*", 0.8), "consult*",
        "collaborat*", "round one table", "round the table", ("together", 0.5),
        "working group", "steering group", ("coffee morning", 0.6), ("engagement", 0.6),
        "involved in rewriting", ("interview", 0.6), ("training", 0.4), ("liais*", 0.8),
    ),
    "coproduction.parent_forum": _p(
        "forum", "parent carer forum", "parent rep*", "representative group*",
        "coffee morning*", "workshop*", "consult*", ("newsletter", 0.5),
    ),
    "coproduction.multi_agency": _p(
        "multi agency", "multiagency", "joined up", "working together", "round one table",
        "round the table", "talk to each other", "liais*", "agencies", ("health and care", 0.4),
    ),
    # ---------------------------------------------------------------- staff
    "staff": _p(
        "social worker*", "caseworker*", "case worker*", "case officer*", ("worker", 0.6),
        ("workers", 0.6), ("staff", 0.5), ("team", 0.3), ("manager", 0.4), "kindness",
        ("kind", 0.6), ("patient", 0.8), ("professional*", 0.6), "attitude", "rude",
        "judg*", ("respect*", 0.6), ("caring", 0.6), ("friendly", 0.5), ("lovely", 0.3),
        "above and beyond", ("thank you to", 0.8), ("thanks to", 0.8), ("praise", 0.8),
        ("shout out", 0.8), ("pass on", 0.6), "receptionist", "supervising social worker",
        ("pa", 0.6), ("mentor", 0.6), "key worker", "keyworker", "youth worker*",
        ("personal adviser", 0.8), ("senco", 0.4), ("ta", 0.4), ("escort", 0.3),
        ("nurse", 0.3),
    ),
    "staff.praise": _p(
        "thank you to", "thanks to", "praise", "shout out", "above and beyond",
        "pass on our thanks", "pass on my thanks", "pass on thanks", "compliment*",
        ("fab", 0.4), ("amazing", 0.4), ("brilliant", 0.4), ("wonderful", 0.4),
        ("lovely", 0.3),
    ),
    "staff.change_of_worker": _p(
        "change of worker", "changes of worker", "change* of caseworker",
        "change* of social worker",
        "new worker", "new social worker", "new caseworker", "keeps changing", "kept changing",
        "changed three times", "changed twice", "agency staff", "agency worker*", "turnover",
        "different workers", ("leaving", 0.6), ("left", 0.4),
        ("has left", 0.8),
    ),
    "staff.attitude": _p(
        "attitude", "rude", "judg*", "dismissive", "respect*", "patronis*", "blamed",
        "bad parents", "bad parent", "made us feel", "made me feel", ("kind", 0.6),
        ("kindness", 0.8), ("patient", 0.8), ("understanding", 0.6), ("caring", 0.6),
    ),
    # ---------------------------------------------------------------- education
    "education": _p(
        ("school", 0.6), ("schools", 0.5), "teacher*", ("senco", 0.6), ("ta", 0.4),
        "classroom", "lesson*", "exclu*", "suspen*", "part time timetable",
        "reduced timetable", "attendance", "inclusion", ("mainstream", 0.6),
        ("secondary", 0.5), ("primary", 0.5), ("academy", 0.8), ("nursery", 0.8),
        "education", "head teacher", "headteacher", "detention*", "sent out",
        ("isolation", 0.6), "virtual school", ("pep", 0.6), ("tuition", 0.6),
        "home educat*", "off rolled", "learning", "exam*", "gcse*", "homework",
        "curriculum", ("lunchtime*", 0.5), ("pupil*", 0.6), ("early years", 0.6),
        ("out of school", 1.0), ("school place", 0.8), ("restraint", 0.6),
    ),
    "education.exclusion": _p(
        "exclu*", "suspen*", "part time timetable", "reduced timetable", "sent home",
        "sent out", "isolation", "off rolled", "managed move", ("detention*", 0.5),
    ),
    "education.school_placement": _p(
        "school placement", "named school", "new school", "settled in", ("school place", 0.8),
        ("school has been", 0.8), ("academy", 0.5),
    ),
    # ---------------------------------------------------------------- health and wellbeing
    "health_wellbeing": _p(
        "camhs", "mental health", "anxiety", ("anxious", 0.6), "depress*", "counsel*",
        "therap*", "speech and language", "salt", "occupational therap*", ("ot", 0.8),
        "physio*", "diagnos*", "autism", "autistic", "asd", "adhd", "paediatric*",
        "pediatric*", ("nurse", 0.6), ("gp", 0.8), ("health visitor", 0.5),
        ("hospital", 0.6), "medication", "wellbeing", "well being", ("emotional", 0.8),
        ("self esteem", 0.8), ("sleep", 0.4), "epilepsy", ("health", 0.5), ("unwell", 0.8),
        ("neurodevelopmental", 1.0),
    ),
    "health_wellbeing.mental_health": _p(
        "camhs", "mental health", "anxiety", "depress*", "counsel*", "wellbeing",
        "well being", "emotional", "self esteem", "low mood", "panic attack*", "mhst",
    ),
    "health_wellbeing.therapies": _p(
        "speech and language", "salt", "speech therap*", "occupational therap*", ("ot", 0.8),
        "physio*", ("therap*", 0.6), "sensory",
    ),
    "health_wellbeing.diagnosis": _p(
        "diagnos*", "autism assessment", "asd assessment", "adhd assessment",
        ("pathway", 0.4), ("asd", 0.6), ("adhd", 0.6), "neurodevelopmental",
        "paediatrician", ("autism", 0.6),
    ),
    # ---------------------------------------------------------------- safety
    "safety": _p(
        "bully*", "bullied", ("safe", 0.8), ("safer", 0.8), "safety", "unsafe",
        ("scared", 0.6), ("scary", 0.6), ("frightened", 0.6), "threat*", ("fights", 0.8),
        ("fight", 0.4), "antisocial", "anti social", "harass*", "dangerous", "danger",
        ("lights", 0.5), ("street light*", 0.8), ("estate", 0.4), ("restraint", 0.8),
        ("hurt", 0.4), ("attack*", 0.6), ("racis*", 0.8), ("homophob*", 0.8),
        ("picking on", 1.0), ("picked on", 1.0), ("calling me names", 1.0),
        ("called names", 1.0),
    ),
    "safety.bullying": _p(
        "bully*", "bullied", "picking on", "picked on", "calling me names", "called names",
        "names", "cyber*", "online bullying", "taking my stuff", "anti bullying",
    ),
    "safety.community": _p(
        ("park", 0.5), ("walking home", 0.8), ("estate", 0.6),
        ("street*", 0.5), ("lights", 0.6), ("out and about", 0.8), ("shops", 0.5),
        ("town centre", 0.6), ("at night", 0.6),
        ("on the bus", 0.6), ("traffic", 0.6), ("road", 0.3),
    ),
    # ---------------------------------------------------------------- transitions
    "transitions": _p(
        "transition*", "moving to secondary", "move to secondary", "moved to secondary",
        "moving school*", "post 16", "preparing for adulthood", "pfa", "adulthood",
        "adult services", "adult social care", ("college", 0.8), "apprenticeship*",
        "supported internship*", "internship*", ("job*", 0.6), "employment",
        "work experience", ("university", 0.8), ("sixth form", 0.8), ("year 9", 0.6),
        ("year 11", 0.6), ("turn* 18", 0.8), ("turn* 19", 0.8), "leaving care",
        "care leaver*", "pathway plan", "personal adviser", ("pa", 0.6), ("independen*", 0.6),
        "supported living", ("flat", 0.5), ("housing", 0.6), ("hostel", 0.6),
        ("tenancy", 0.8), ("neet", 1.0), ("moving out", 0.8), ("moving on", 0.5),
        ("move on", 0.4), ("leaving school", 0.8), ("secondary", 0.6),
    ),
    "transitions.post16": _p(
        "post 16", ("college", 0.8), "apprenticeship*", "internship*", "employment",
        ("job*", 0.6), "sixth form", "university", "adult services", "neet",
        "preparing for adulthood",
    ),
    "transitions.leaving_care": _p(
        "leaving care", "care leaver*", "pathway plan", "personal adviser", ("pa", 0.8),
        ("housing", 0.6), ("flat", 0.5), ("tenancy", 0.8), ("hostel", 0.6), "staying put",
        "independent living", ("turned 18", 0.8), ("council tax", 0.8), ("moving out", 0.6),
    ),
    # ---------------------------------------------------------------- activities
    "activities": _p(
        "club*", "activit*", "youth club", "youth centre", "youth service", "holiday club*",
        "holiday scheme*", "summer scheme", "play scheme*", "trip*", "day out", "outing*",
        "football", "footy", "swimming", "drama", ("dance", 0.8), ("art", 0.4), "music",
        "sport*", ("gym", 0.8), "climbing", "cinema", "bowling", ("park", 0.4), "skate park",
        ("friends", 0.5), ("mates", 0.6), ("social", 0.3), ("fun", 0.5), "leisure",
        "hobb*", "scouts", "guides", "brownies", "residential", ("beach", 0.8),
        "girls group", "boys group", "youth group", ("group", 0.3), ("nothing to do", 1.0),
        ("bored", 0.8), ("boring", 0.6), ("holiday*", 0.6), ("half term", 0.5),
        ("stay and play", 0.6), ("things to do", 1.0),
    ),
    # ---------------------------------------------------------------- transport
    "transport": _p(
        "transport", "taxi*", ("bus", 0.8), "buses", "bus pass", ("driver*", 0.8),
        ("escort*", 0.8), "passenger assistant*", ("travel", 0.8), "travel training",
        ("route*", 0.8), ("pick up", 0.4), ("picks him up", 0.8), ("picks her up", 0.8),
        "minibus", "home to school transport", ("journey*", 0.6), ("fare*", 0.6),
        ("train", 0.5), ("lift", 0.3), ("walk to school", 0.8), ("walking distance", 0.8),
        ("miles", 0.6), ("pavement", 0.6), "mileage", "personal travel budget",
        ("car", 0.3), ("arrive*", 0.3),
    ),
    # ---------------------------------------------------------------- family support
    "family_support": _p(
        "early help", "family support", "family hub", "children s centre", "childrens centre",
        "parenting", "support for parents", "help for parents", ("foster carer*", 0.8),
        ("foster*", 0.6), "kinship", "special guardian*", "sgo",
        "supervising social worker", ("respite", 0.4), ("sibling*", 0.8), ("brother*", 0.5),
        ("sister*", 0.5), ("contact", 0.3), "family time", "contact centre",
        ("my mum", 0.5), ("my dad", 0.5), "peer support", ("support group", 0.8),
        "young carer*", ("stay and play", 0.8), ("carers", 0.5), ("allowance", 0.8),
        "placement breaking down", ("out of hours", 0.6), "therapeutic parenting",
        ("routine", 0.4), ("children s home", 0.8),
        ("childrens home", 0.8),
    ),
    "family_support.early_help": _p(
        "early help", "family support worker*", "family hub", "children s centre",
        "childrens centre", "parenting course*", "parenting programme*", "stay and play",
        "team around the family", ("parenting", 0.8), ("routine", 0.4),
    ),
    "family_support.foster_carer_support": _p(
        "foster carer*", "fostering", "kinship", "special guardian*", "supervising social worker",
        "allowance", "out of hours", "placement breaking down", "therapeutic parenting",
        ("support group", 0.5), ("foster*", 0.6), ("carers", 0.5), ("look after", 0.4),
        ("supervision", 0.6), ("supervising", 0.6),
    ),
    "family_support.contact": _p(
        "contact centre", "family time", "sibling*", ("brothers", 0.8), ("sisters", 0.8),
        "see my mum", "see my dad", "talk to my mum", "talk to my dad", "phone my mum",
        "contact with", "contact weekends", "see each other", "sibling contact",
        ("my mum", 0.5),
    ),
}

def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words too common to be evidence on their own when building cold-start rules.
STOPWORDS: Final[frozenset[str]] = _word_set("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves e g eg etc whether how
including include includes whether s t also use used using via get got new old one two
support service services help families family child children young people parents parent
carers things thing other others""")


def cold_start_phrases(name: str, description: str) -> Phrases:
    """Rules for a code nobody has written rules for: its name as a phrase, plus its content
    words (stemmed loosely by a trailing ``*``) from the name (weight 0.8) and description
    (weight 0.5)."""
    out: dict[str, float] = {}
    name_words = _words(name)
    if len(name_words) > 1:
        out[" ".join(name_words)] = 1.5
    for words, weight in ((name_words, 0.8), (_words(description), 0.5)):
        for w in words:
            if w in STOPWORDS or len(w) < 3 or w.isdigit():
                continue
            key = (w[:-1] if w.endswith("s") and len(w) > 4 else w)
            key = key + "*" if len(key) >= 5 else key
            out[key] = max(out.get(key, 0.0), weight)
    return tuple(out.items())


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[a-z0-9]+", text.lower())
