"""Realistic free text for the demo database: what families, children and professionals say.

The demo database is how users, reviewers and the test suite first see voiceapp, so its free text
has to read like people wrote it: varied, specific, mixed in sentiment and in the voice of whoever
is speaking (a parent chasing an EHC plan, a 14-year-old at youth club, a SENCO, a councillor).

Texts are assembled from many small hand-written parts (openers, situations per theme and voice,
consequences, asks, closers) filled with fictional names, places, dates and numbers. Everything is
fictional: the county of Wrenshire and its districts, schools, hubs and streets are invented;
phone numbers use Ofcom's drama ranges (07700 900xxx, 01632 960xxx); emails use example.org and
example.com; NHS numbers use the 999 test range with a valid check digit.

Ordinary texts never disclose risk (safeguarding=False) but do contain the benign near-misses
real feedback has ("missing from the plan", "tired of fighting for everything", "scared about
going to big school"), so triage can be tested for false alarms as well as for misses.

Standard library only. `compose` costs about 350 calls' worth of `random.random()` (roughly
10-15 microseconds on an ordinary machine): pools are indexed once at import, picks use one
`random()` each, and slots are filled lazily, only when a template uses them.
"""

from __future__ import annotations

import random
from bisect import bisect_right as _bisect
from dataclasses import dataclass

from voiceapp.domain.codebook import iter_codes
from voiceapp.domain.enums import RecordKind

__all__ = ["TONES", "DemoText", "TextFactory"]

TONES: tuple[str, ...] = ("positive", "neutral", "negative", "mixed")
_ALL_SLUGS: frozenset[str] = frozenset(code.slug for code, _ in iter_codes())


@dataclass(frozen=True)
class DemoText:
    """One generated piece of free text and what it is genuinely about.

    `themes` holds 1-3 codebook slugs (a sub-code such as "staff.praise" stands for itself; its
    parent is implied). `names` lists every personal name written into `text`, for redaction
    checks. `prompt` is the question, consultation title or event the text answers ("" when none);
    `praised` is the staff member or team thanked in a compliment ("" otherwise).
    """

    text: str
    themes: tuple[str, ...]
    tone: str
    safeguarding: bool
    names: tuple[str, ...]
    prompt: str = ""
    praised: str = ""


# ---------------------------------------------------------------------------------------------
# Places (all invented; the districts match voiceapp.domain.reference.DISTRICTS)
# ---------------------------------------------------------------------------------------------

_DISTRICTS = ("Wrenfold", "Hallowmere", "Corrigan Heath", "Saltby Marsh", "Pennock Vale", "Lowdrith")
_VILLAGES = (
    "Quillbeck", "Stannerley", "Kittlewick", "Brindlecombe", "Marrowfold", "Oakhallow Green",
    "Tarnholt", "Fennickford", "Ebbridge", "Collingmere", "Thurlby Cross", "Gannet's End",
)
_PLACES = _DISTRICTS + _VILLAGES
_STREETS = (
    "Marram Close", "Quarry Lane", "Stannerley Road", "Linnet Way", "Coldharbour Row",
    "Beckside Terrace", "Tanner Street", "Heron Drive", "Foundry Walk", "Mill Race Lane",
    "Orchard Rise", "Kestrel Avenue", "Saltings Road", "Pennock Street", "Chapel Fold",
    "Wrenfold Road", "Sandpiper Court", "Ropewalk", "Alder Grove", "Netherfield Crescent",
)
_HUBS = (
    "Hallowmere Family Hub", "Saltby Marsh Family Hub", "Corrigan Heath Family Hub",
    "Wrenfold Family Hub", "Lowdrith Children's Centre", "Pennock Vale Family Hub",
    "Kittlewick Children's Centre",
)
_YOUTH_CLUBS = (
    "The Den in Pennock Vale", "Kittlewick Youth Club", "the Hive in Wrenfold",
    "Saltby Marsh youth club", "the Boathouse in Lowdrith", "Corrigan Heath Youth Centre",
    "the Thursday group at Quillbeck Village Hall",
)
_NURSERIES = (
    "Little Wrens Nursery", "Thistledown Pre-school", "Hallowmere Nursery School",
    "Acorn Steps Day Nursery", "Saltby Marsh Community Pre-school",
)
_PRIMARIES = (
    "Hallowmere Primary", "Quillbeck CE Primary", "Lowdrith Park Infants", "Kittlewick Primary",
    "St Cuthbert's RC Primary, Wrenfold", "Saltby Marsh Primary Academy", "Orchard Rise Primary",
    "Stannerley Junior School", "Brindlecombe Church of England Primary", "Tarnholt Primary",
    "Pennock Vale Primary", "Linnet Way Primary",
)
_SECONDARIES = (
    "Corrigan Heath Academy", "Pennock Vale Community College", "Wrenfold High School",
    "Saltby Marsh Academy", "Lowdrith School", "Marrowfold Park Academy",
    "Hallowmere High", "Bishop Aldric CE Academy",
)
_SPECIALS = (
    "Brackenmoor School", "Heronsgate Academy", "Willowbank Special School",
    "Fennickford Centre", "Oakhallow School",
)
# Specialist places that are not schools in their own right (only named as a provision).
_BASES = (*_SPECIALS, "the resourced provision at Hallowmere Primary",
          "the ASC base at Wrenfold High", "the SEMH unit at Saltby Marsh Academy")
_COLLEGES = (
    "Wrenshire College", "Saltby Marsh Sixth Form", "Lowdrith College", "Pennock Vale College",
    "Wrenshire College (Corrigan Heath campus)",
)
_PRUS = ("the Lowdrith Learning Centre", "Wrenshire Pupil Referral Unit", "the Tarnholt Centre")
_ORGS = (
    "the Wrenshire Parent Carer Forum", "Wrenshire SENDIASS", "Healthwatch Wrenshire",
    "Wrenshire Advocacy for Young People", "the Children in Care Council",
    "Wrenshire Young Carers", "Saltby Marsh Autism Support Group",
)

_EVENTS_PARENTS = (
    ("Coffee morning", "Hallowmere Family Hub"),
    ("Coffee morning", "Saltby Marsh Family Hub"),
    ("Parent carer forum meeting", "Wrenfold Community Centre"),
    ("World Café: SEND strategy", "Corrigan Heath Library"),
    ("Drop-in for families", "Pennock Vale Family Hub"),
    ("Stay and play", "Lowdrith Children's Centre"),
    ("Dads' group", "Kittlewick Children's Centre"),
    ("Preparing for adulthood information evening", "Pennock Vale Community College"),
    ("SEND roadshow", "Stannerley Village Hall"),
)
_EVENTS_YP = (
    ("Youth forum", "The Den, Pennock Vale"),
    ("Children in Care Council", "County Hall, Wrenfold"),
    ("Youth club session", "Kittlewick Youth Club"),
    ("School visit: student council", "Corrigan Heath Academy"),
    ("Takeover Day", "County Hall, Wrenfold"),
    ("Young people's SEND group", "Saltby Marsh Academy"),
)
_EVENTS_LEAVERS = (
    ("Care leavers' drop-in", "The Hub, Wrenfold"),
    ("Care leavers' forum", "Lowdrith Library"),
)
_EVENTS_FOSTER = (
    ("Foster carer support group", "Corrigan Heath Family Hub"),
    ("Fostering coffee morning", "Quillbeck Village Hall"),
)
_EVENTS_PRO = (
    ("SENCO network meeting", "Wrenfold Teachers' Centre"),
    ("Multi-agency practitioner forum", "County Hall, Wrenfold"),
    ("Early help partnership meeting", "Hallowmere Family Hub"),
)
_EVENTS_CHILDREN = (
    ("Stay and play", "Lowdrith Children's Centre"),
    ("Primary school visit", "Kittlewick Primary"),
    ("Under-11s Children in Care group", "Hallowmere Family Hub"),
)
_EVENTS_MEMBERS = (
    ("Members' briefing", "County Hall, Wrenfold"),
    ("Community meeting", "Saltby Marsh Methodist Hall"),
)

# ---------------------------------------------------------------------------------------------
# Names: a diverse mix reflecting modern England (fictional combinations)
# weight, boys, girls, men, women, surnames
# ---------------------------------------------------------------------------------------------

_NAME_GROUPS: tuple[tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...],
                          tuple[str, ...], tuple[str, ...]], ...] = (
    (60,
     ("Oliver", "Harry", "Alfie", "Freddie", "Jack", "Charlie", "Noah", "Leo", "Oscar", "Archie",
      "Theo", "Jacob", "Riley", "Tyler", "Kai", "Mason", "Logan", "Ethan", "Callum", "Lewis",
      "Finley", "Reece", "Jayden", "Dylan", "Harrison", "Toby", "Ollie", "Connor", "Liam",
      "Declan", "Rhys", "Ewan", "Sonny", "Albie", "Louie", "Frankie", "Tommy", "Bobby", "Jenson"),
     ("Olivia", "Amelia", "Isla", "Ava", "Mia", "Poppy", "Lily", "Evie", "Ella", "Freya",
      "Isabella", "Sophie", "Ruby", "Millie", "Scarlett", "Chloe", "Keira", "Jessica", "Niamh",
      "Erin", "Megan", "Lacey", "Kayla", "Holly", "Maisie", "Darcey", "Phoebe", "Imogen", "Lexi",
      "Harriet", "Eliza", "Caitlin", "Bethany", "Ellie", "Esme", "Matilda", "Lola"),
     ("Paul", "Darren", "Lee", "Craig", "Steve", "Gareth", "Richard", "Dean", "Jamie", "Carl",
      "Neil", "Martin", "Scott", "Wayne", "Gary", "Simon", "Andy", "Chris", "Stuart", "Ryan",
      "Adam", "Sean", "Kieran", "Rob", "Phil", "Ian", "Graham", "Colin", "Dave", "Owen"),
     ("Sarah", "Claire", "Emma", "Joanne", "Lisa", "Kelly", "Gemma", "Rachel", "Nicola", "Donna",
      "Michelle", "Hayley", "Becky", "Laura", "Kirsty", "Leanne", "Vicky", "Stacey", "Jenny",
      "Helen", "Louise", "Zoe", "Natalie", "Charlotte", "Karen", "Tracey", "Sian", "Aoife",
      "Fiona", "Catherine", "Jo", "Lauren", "Siobhan", "Bev"),
     ("Walker", "Hughes", "Barker", "Fletcher", "Atkinson", "Pearson", "Holt", "Marsden",
      "Whitaker", "Doyle", "Gallagher", "Brennan", "Morgan", "Evans", "Reid", "Campbell",
      "Harris", "Cooper", "Turner", "Shaw", "Lawson", "Hartley", "Sutcliffe", "Kelly", "Murphy",
      "O'Neill", "McCarthy", "Jenkins", "Pritchard", "Buckley", "Ashworth", "Riley", "Booth",
      "Dixon", "Fraser", "Lloyd", "Bradshaw", "Kershaw", "Ellison", "Roberts", "Parry", "Mellor",
      "Thornton", "Hodgson", "Whittle", "Nolan", "Greenwood", "Ingham")),
    (12,
     ("Ayaan", "Zayn", "Ibrahim", "Yusuf", "Aarav", "Arjun", "Rohan", "Hamza", "Mohammed",
      "Rayyan", "Ishaan", "Zakariya", "Harjot", "Kabir", "Musa", "Aryan"),
     ("Aisha", "Maryam", "Zara", "Inaaya", "Anaya", "Amira", "Hafsa", "Simran", "Diya", "Eshal",
      "Khadija", "Riya", "Alisha", "Noor", "Manveer", "Zainab"),
     ("Imran", "Tariq", "Asif", "Rajesh", "Sandeep", "Nadeem", "Shahid", "Vikram", "Kamran",
      "Jaswinder", "Faisal", "Anil", "Waqar", "Sunil"),
     ("Nasreen", "Shazia", "Farhana", "Rubina", "Sunita", "Harpreet", "Priya", "Sadia", "Nusrat",
      "Reena", "Samina", "Anjali", "Kiran", "Shabana", "Meena"),
     ("Khan", "Hussain", "Ahmed", "Akhtar", "Patel", "Sharma", "Mistry", "Chowdhury", "Rahman",
      "Iqbal", "Malik", "Bains", "Sandhu", "Mahmood", "Islam", "Gill", "Parmar", "Qureshi")),
    (8,
     ("Tobi", "Daniel", "Samuel", "Kofi", "Malachi", "Elijah", "Joshua", "Ayo", "Jermaine",
      "Tyrese", "David", "Chidi", "Kwabena", "Isaac"),
     ("Amara", "Ifeoma", "Nia", "Zuri", "Chantelle", "Adaeze", "Abigail", "Shanice", "Tiwa",
      "Esther", "Keisha", "Temi", "Ayomide", "Kemi"),
     ("Emeka", "Olu", "Kwame", "Tunde", "Delroy", "Winston", "Michael", "Chinedu", "Kojo",
      "Marcus", "Femi", "Leroy"),
     ("Chidinma", "Funmi", "Abena", "Marcia", "Yvonne", "Adwoa", "Bisi", "Ngozi", "Sharon",
      "Efua", "Ama", "Paulette", "Yetunde"),
     ("Okafor", "Adeyemi", "Mensah", "Osei", "Francis", "Bailey", "Williams", "Adebayo", "Nwosu",
      "Boateng", "Asante", "Clarke", "Okoro", "Henry", "Douglas", "Oyelaran", "Campbell")),
    (8,
     ("Jakub", "Filip", "Oskar", "Szymon", "Antoni", "Matei", "Luca", "Dawid", "Mihai", "Nikola",
      "Kacper", "Tymon"),
     ("Zofia", "Lena", "Maja", "Wiktoria", "Alicja", "Natalia", "Daria", "Emilia", "Bianca",
      "Hanna", "Julia"),
     ("Tomasz", "Piotr", "Marek", "Andrei", "Bogdan", "Lukasz", "Adrian", "Pavel", "Ionut",
      "Krzysztof", "Florin"),
     ("Agnieszka", "Katarzyna", "Monika", "Ioana", "Elena", "Magda", "Justyna", "Alina", "Irina",
      "Oksana", "Beata", "Roxana"),
     ("Nowak", "Wojcik", "Popescu", "Ionescu", "Dumitru", "Horvath", "Kovacs", "Mazur",
      "Kaczmarek", "Petrov", "Balan", "Krol", "Zajac", "Radu")),
    (4,
     ("Lucas", "Jun", "Kevin", "Minh", "Jayden", "Ethan", "Hao"),
     ("Mei", "Jasmine", "Lin", "Hannah", "Vy", "Chloe", "Xin"),
     ("Wei", "Jun", "Kenneth", "Tuan", "Raymond", "Bo"),
     ("Mei", "Li Na", "Yan", "Ling", "Thu", "Xiu", "Huong"),
     ("Chen", "Wong", "Li", "Zhang", "Nguyen", "Tran", "Lam", "Cheung", "Liu")),
    (8,
     ("Omar", "Yusuf", "Emir", "Deniz", "Ali", "Karim", "Abdirahman", "Idris", "Mustafa",
      "Adam", "Bilal"),
     ("Layla", "Hana", "Elif", "Ayan", "Sara", "Yasmin", "Hamdi", "Zeynep", "Mariam", "Leen"),
     ("Mehmet", "Abdi", "Ahmed", "Hassan", "Khalid", "Tarek", "Osman", "Rashid", "Kemal"),
     ("Fatima", "Hodan", "Ayse", "Amal", "Leila", "Nour", "Sahra", "Dilan", "Rania", "Hawa"),
     ("Yilmaz", "Demir", "Ali", "Abdi", "Hassan", "Farah", "Mohamed", "Karimi", "Aydin", "Osman",
      "Haddad", "Jama", "Rahimi")),
)
_GROUP_CUM: tuple[int, ...] = tuple(
    sum(g[0] for g in _NAME_GROUPS[: i + 1]) for i in range(len(_NAME_GROUPS))
)

# ---------------------------------------------------------------------------------------------
# Service areas: how each one is referred to, and which themes people raise about it.
# svc: how families name the service; worker: the professional; plan/assessment: the documents;
# thing: something people wait for or ask about; themes: (slug, weight).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Area:
    code: str
    svc: tuple[str, ...]
    worker: tuple[str, ...]
    plan: tuple[str, ...]
    assessment: tuple[str, ...]
    thing: tuple[str, ...]
    teams: tuple[str, ...]
    themes: tuple[tuple[str, int], ...]


def _area(code, svc, worker, plan, assessment, thing, teams, themes) -> _Area:
    return _Area(code, svc, worker, plan, assessment, thing, teams, themes)


_AREAS: dict[str, _Area] = {a.code: a for a in (
    _area("send_ehc",
          ("the SEND team", "the SEND casework team", "SEND", "the 0-25 SEND service",
           "the EHC team"),
          ("caseworker", "SEND officer", "case officer"),
          ("EHC plan", "EHCP", "plan"),
          ("EHC needs assessment", "needs assessment", "EHCNA"),
          ("the final EHC plan", "the draft plan", "the amended plan", "the decision on the "
           "assessment", "the annual review paperwork", "a decision from panel",
           "an EP assessment"),
          ("Wrenfold SEND Team North", "Lowdrith SEND Team South", "Hallowmere SEND Team East",
           "Corrigan Heath SEND Team West", "SEND Annual Reviews Team", "SEND Assessment Team"),
          (("timeliness.statutory_deadlines", 5), ("assessment_plans.plan_quality", 3),
           ("assessment_plans.ehc_needs_assessment", 3), ("assessment_plans.annual_review", 3),
           ("communication.response_times", 4), ("communication.kept_informed", 3),
           ("communication.clarity", 1), ("provision.unmet_needs", 3),
           ("provision.specialist_places", 3), ("education.school_placement", 2),
           ("staff.change_of_worker", 2), ("staff.praise", 2), ("listening.child_voice", 1),
           ("coproduction.multi_agency", 2), ("transitions.post16", 1),
           ("information.who_to_contact", 1), ("listening.tell_it_once", 1))),
    _area("educational_psychology",
          ("the EP service", "educational psychology", "the EPs", "the psychology service"),
          ("EP", "educational psychologist"),
          ("EHC plan", "plan"),
          ("EP assessment", "psychology assessment", "EHC needs assessment"),
          ("the EP report", "an EP visit", "the psychology advice", "the EP's recommendations"),
          ("Educational Psychology Service", "Early Years Educational Psychology Team"),
          (("assessment_plans.ehc_needs_assessment", 3), ("timeliness.waiting_lists", 2),
           ("timeliness.statutory_deadlines", 2), ("listening.child_voice", 2),
           ("communication.clarity", 2), ("staff.praise", 3), ("coproduction.multi_agency", 2),
           ("education", 1), ("assessment_plans.plan_quality", 1))),
    _area("local_offer",
          ("the Local Offer", "the Local Offer team", "the Local Offer website"),
          ("Local Offer officer",),
          ("EHC plan", "plan"),
          ("needs assessment",),
          ("the holiday clubs list", "an updated list of clubs",
           "the short breaks information", "the preparing for adulthood pages"),
          ("Local Offer Team",),
          (("information.local_offer", 7), ("information.who_to_contact", 3), ("information", 2),
           ("activities", 2), ("coproduction.parent_forum", 1), ("communication.clarity", 1))),
    _area("short_breaks",
          ("the short breaks team", "short breaks", "the short breaks service"),
          ("short breaks officer", "worker", "social worker"),
          ("short breaks plan", "support plan"),
          ("short breaks assessment", "eligibility check"),
          ("the short breaks assessment", "a direct payment", "a place on the holiday scheme",
           "the overnight respite", "a decision on our short breaks"),
          ("Short Breaks Team", "Short Breaks and Direct Payments Team"),
          (("provision.respite", 6), ("activities", 3), ("timeliness.waiting_lists", 2),
           ("family_support", 2), ("communication.kept_informed", 1), ("staff.praise", 1),
           ("information", 1))),
    _area("children_with_disabilities",
          ("the disabled children's team", "the CWD team", "the disabilities team",
           "children's services"),
          ("social worker", "family support worker"),
          ("care plan", "child in need plan", "plan"),
          ("social care assessment", "carer's assessment", "assessment"),
          ("the carer's assessment", "the equipment we were promised", "an OT home visit",
           "a decision on the care package", "a social worker"),
          ("Disabled Children's Team North", "Disabled Children's Team South"),
          (("provision.respite", 3), ("staff.change_of_worker", 2), ("staff.praise", 2),
           ("family_support", 2), ("assessment_plans", 2), ("communication.response_times", 2),
           ("listening.child_voice", 1), ("health_wellbeing.therapies", 1),
           ("listening.tell_it_once", 1))),
    _area("early_help",
          ("early help", "the family hub", "the early help team", "the family support team"),
          ("family support worker", "early help worker", "family worker"),
          ("family plan", "early help plan"),
          ("early help assessment",),
          ("a family support worker", "the parenting course", "someone to come out",
           "the team around the family meeting"),
          ("Hallowmere Early Help Team", "Wrenfold Early Help Team", "Saltby Marsh Family Hub "
           "Team", "Pennock Vale Family Support Team"),
          (("family_support.early_help", 7), ("staff.praise", 3), ("listening", 2),
           ("information.who_to_contact", 1), ("health_wellbeing.mental_health", 1),
           ("education", 1), ("activities", 1), ("coproduction.multi_agency", 1))),
    _area("front_door",
          ("the front door", "the MASH", "children's services", "the duty team"),
          ("social worker", "duty worker"),
          ("plan", "safety plan"),
          ("assessment", "child and family assessment"),
          ("the outcome of the referral", "a call back from the duty team", "the assessment"),
          ("Wrenshire Front Door", "Wrenshire MASH"),
          (("communication.kept_informed", 3), ("information.who_to_contact", 3),
           ("staff.attitude", 2), ("listening.tell_it_once", 2), ("timeliness", 1),
           ("family_support", 1), ("communication.clarity", 1))),
    _area("child_protection",
          ("children's services", "social care", "the safeguarding team", "social services"),
          ("social worker",),
          ("child protection plan", "child in need plan", "plan"),
          ("child and family assessment", "parenting assessment", "assessment"),
          ("the conference minutes", "the core group notes", "the assessment",
           "a copy of the plan"),
          ("Wrenfold Child Protection Team", "Lowdrith Child in Need Team",
           "Corrigan Heath Safeguarding Team"),
          (("staff.attitude", 3), ("staff.change_of_worker", 3), ("staff.praise", 2),
           ("listening.tell_it_once", 2), ("listening.child_voice", 2),
           ("communication.clarity", 2), ("assessment_plans", 2), ("family_support.contact", 1),
           ("family_support", 1))),
    _area("cla_iro",
          ("the children in care team", "children's services", "the IRO service"),
          ("social worker", "IRO"),
          ("care plan", "plan"),
          ("review", "health assessment"),
          ("the review minutes", "the care plan", "a decision about family time",
           "pocket money being sorted", "a decision about the school trip"),
          ("Children in Care Team", "Independent Reviewing Service"),
          (("listening.child_voice", 4), ("family_support.contact", 3),
           ("staff.change_of_worker", 3), ("assessment_plans", 2), ("staff.praise", 2),
           ("activities", 1), ("education", 1), ("communication.kept_informed", 1))),
    _area("fostering",
          ("the fostering team", "fostering", "the placements team"),
          ("supervising social worker", "link worker", "child's social worker"),
          ("placement plan", "care plan"),
          ("foster carer review", "assessment"),
          ("the fostering allowance", "respite", "the placement planning meeting",
           "a reply about holiday funding", "the mileage payment", "the delegated authority "
           "form"),
          ("Fostering Support Team", "Fostering Recruitment and Assessment Team",
           "Kinship Care Team"),
          (("family_support.foster_carer_support", 6), ("communication.response_times", 2),
           ("provision.respite", 2), ("staff.praise", 2), ("information", 1),
           ("family_support.contact", 1), ("staff.change_of_worker", 1))),
    _area("care_leavers",
          ("the leaving care team", "the care leavers team", "leaving care"),
          ("personal adviser", "PA"),
          ("pathway plan",),
          ("pathway plan review", "needs assessment"),
          ("the setting up home allowance", "the pathway plan", "a flat", "the bursary",
           "help with rent"),
          ("Leaving Care Team", "Pennock Vale Leaving Care Team"),
          (("transitions.leaving_care", 6), ("staff.change_of_worker", 2), ("staff.praise", 2),
           ("information", 2), ("health_wellbeing.mental_health", 1), ("education", 1),
           ("transitions.post16", 1), ("communication.response_times", 1))),
    _area("adoption",
          ("the adoption team", "adoption support", "Adopt Wrenshire"),
          ("social worker", "adoption support worker"),
          ("adoption support plan", "support plan"),
          ("adoption support assessment", "assessment of need"),
          ("the therapy funding application", "the letterbox contact",
           "a post-adoption support visit", "the life story book"),
          ("Adoption Support Team", "Adopt Wrenshire"),
          (("family_support", 3), ("staff.praise", 2), ("communication.kept_informed", 2),
           ("timeliness", 2), ("health_wellbeing.mental_health", 1), ("information", 1),
           ("family_support.contact", 1))),
    _area("youth_services",
          ("the youth service", "the youth club", "youth work"),
          ("youth worker",),
          ("plan",),
          ("assessment",),
          ("the youth club reopening", "the trips", "the Friday session coming back"),
          ("Wrenfold Youth Service", "Detached Youth Work Team", "Saltby Marsh Youth Team"),
          (("activities", 7), ("safety.community", 2), ("coproduction", 1), ("staff.praise", 2),
           ("listening", 1), ("transitions.post16", 1), ("transport", 1))),
    _area("exploitation_missing",
          ("the Get Safe team", "Get Safe"),
          ("Get Safe worker", "key worker"),
          ("support plan", "plan"),
          ("assessment",),
          ("a Get Safe worker", "a call back from the Get Safe team", "the referral"),
          ("Get Safe Team",),
          (("staff.praise", 3), ("safety.community", 3), ("family_support", 2),
           ("education.exclusion", 1), ("listening", 1), ("communication.kept_informed", 1),
           ("activities", 1))),
    _area("education_inclusion",
          ("the inclusion team", "education inclusion", "the attendance team", "admissions"),
          ("inclusion officer", "education welfare officer", "attendance officer"),
          ("reintegration plan", "pastoral support plan", "support plan"),
          ("assessment",),
          ("a school place", "the in-year admission", "a decision about alternative provision",
           "tuition", "a reintegration meeting"),
          ("Inclusion Team", "Attendance and Welfare Team", "Virtual School"),
          (("education.exclusion", 5), ("education.school_placement", 3), ("education", 2),
           ("provision.unmet_needs", 1), ("coproduction.multi_agency", 1),
           ("safety.bullying", 1), ("timeliness", 1))),
    _area("school_transport",
          ("school transport", "the transport team", "passenger transport"),
          ("transport officer",),
          ("transport arrangement",),
          ("transport application",),
          ("a decision on the transport application", "the new route", "a bus pass",
           "the appeal result", "a new escort"),
          ("Home to School Transport Team", "Travel Training Team"),
          (("transport", 9), ("communication.response_times", 1), ("communication.clarity", 1),
           ("safety.bullying", 1))),
    _area("health_therapies",
          ("the therapy service", "speech and language therapy", "the children's therapy team",
           "community paediatrics"),
          ("therapist", "speech and language therapist", "OT", "physio"),
          ("therapy plan", "EHC plan"),
          ("therapy assessment", "OT assessment", "speech and language assessment"),
          ("speech and language therapy", "an OT assessment", "the wheelchair",
           "physio appointments", "the sensory assessment"),
          ("Children's Speech and Language Therapy", "Children's Occupational Therapy",
           "Community Paediatrics"),
          (("health_wellbeing.therapies", 6), ("health_wellbeing.diagnosis", 3),
           ("timeliness.waiting_lists", 3), ("coproduction.multi_agency", 1),
           ("provision.unmet_needs", 1), ("staff.praise", 1))),
    _area("emotional_wellbeing",
          ("CAMHS", "the emotional wellbeing service", "the mental health support team"),
          ("practitioner", "counsellor", "CAMHS worker", "wellbeing practitioner"),
          ("care plan", "support plan"),
          ("assessment", "CAMHS assessment"),
          ("a CAMHS appointment", "counselling", "the assessment", "a follow-up appointment"),
          ("Wrenshire CAMHS", "Mental Health Support Team (Schools)", "Emotional Wellbeing "
           "Service"),
          (("health_wellbeing.mental_health", 7), ("timeliness.waiting_lists", 3),
           ("listening", 1), ("education", 1), ("safety.bullying", 1), ("staff.praise", 1))),
    _area("youth_justice",
          ("the youth justice service", "the YJS", "youth justice"),
          ("case manager", "youth justice worker"),
          ("intervention plan", "plan"),
          ("assessment",),
          ("the reparation placement", "a college place", "the next appointment"),
          ("Youth Justice Service",),
          (("staff.praise", 3), ("education", 2), ("listening", 2), ("transitions.post16", 1),
           ("activities", 1), ("family_support", 1), ("safety.community", 1))),
)}
_DEFAULT_AREA = _AREAS["send_ehc"]
_PARTICIPATION_TEAM = "Participation and Engagement Team"


# ---------------------------------------------------------------------------------------------
# Fragment pools. One fragment a line: "<tone> <slug>[|<slug>] | <text>"; an indented line
# continues the one above. Tones: + positive, - negative, ~ neutral statement, ? question,
# > suggestion. {slots} are filled per text; a capitalised slot ({Kid}, {He}) is capitalised.
# {Kid}/{kid}/{kid_obj}/{kid_pos} name the child on first mention and use a pronoun after.
# ---------------------------------------------------------------------------------------------

# Parents, carers and family members, writing about their child.
_FAM = """
? transport | Can the escort be someone {kid} already knows? {He} won't get in with strangers.
? timeliness.statutory_deadlines | What date does the final plan have to be issued by?
? assessment_plans.plan_quality | Can the plan be changed if the school say they can't deliver it?
? provision.respite | How do we apply for short breaks, and how long is the wait?
? staff.change_of_worker | Will we be told who the new {worker} is before the next meeting?
? listening.child_voice | Can {kid} come to part of the meeting, or send a video instead?
? education.exclusion | Is a part-time timetable allowed to go on this long?
? health_wellbeing.diagnosis | Can the school start support before we have a diagnosis?
? family_support.early_help | Is there a parenting course in the evenings?
? information.local_offer | Is there a printed version of the Local Offer? My mum doesn't use
    the internet.
> transport | Please text parents when the taxi is running late.
> staff.change_of_worker | A handover meeting when workers change would help so much.
> provision.respite | Let families book short breaks sessions online.
> activities | Quiet sessions at the holiday club for children who find noise hard.
> information.local_offer | Put a "start here" page on the Local Offer for newly diagnosed
    families.
> family_support.early_help | Evening sessions for working parents, please.
> education | Training for all school staff on autism, not just the SENCO.
> health_wellbeing.mental_health | Some support for families while they wait for CAMHS.
> assessment_plans.annual_review | Send the review paperwork out a week before, not on the day.
~ family_support | It's just me and I work full time, so daytime appointments are really hard.
~ transport | {Kid} needs a booster seat and the same driver every day if possible.
~ assessment_plans | We have moved to {district} from another county and {kid_pos} plan is
    being transferred.
~ education | {Kid} is home educated at the moment.
- communication.response_times | I have emailed {n_times} times since {date} and not had a single
    reply, not even an automatic one.
- communication.response_times | I rang {svc} on {day} and was told someone would call me back
    within 48 hours. Nobody did.
- communication.response_times | Every time I phone I get voicemail, and half the time the mailbox
    is full so I can't even leave a message.
- communication.response_times | I left {n_times} messages for {my_worker} over two weeks and only
    got a reply when I copied in my MP.
- communication.response_times | The only way I get an answer is by putting COMPLAINT in the
    subject line, which shouldn't be how it works.
- communication.response_times | It took {weeks} weeks to get an answer to a simple question about
    {thing}.
- communication.response_times | I've sent the same email {n_times} times now. I can see it's been
    read but nobody replies.
- communication.response_times | I was promised a call back "by the end of the week" on {date}. I'm
    still waiting.
+ communication.response_times | {Staff_first} always gets back to me the same day, even if it's
    just to say {s_he}'s still looking into it.
+ communication.response_times | I emailed on a {day} evening and had a reply first thing the next
    morning, which honestly I wasn't expecting.
+ communication.response_times | {Staff_first} returned my call within twenty minutes and sorted it
    there and then.
+ communication.response_times | For the first time in years I feel like someone actually reads my
    emails and answers the question I asked.
- communication.kept_informed | Nobody told us the panel had met. I only found out when I rang to
    chase it.
- communication.kept_informed | We were meant to hear by {date} and have heard nothing. I don't
    even know if the paperwork has gone anywhere.
- communication.kept_informed | I found out {my_worker} had left from the school, not from {svc}.
- communication.kept_informed | I feel like I'm always the one chasing. If I didn't ring, nobody
    would tell us anything.
- communication.kept_informed | We were told "it's with the manager" in {month} and that is the
    last update we've had.
- communication.kept_informed | {Kid} was moved onto a new {plan} and nobody thought to tell me
    until the letter came.
+ communication.kept_informed | {Staff_first} kept us updated every step of the way, even when
    there wasn't much to say.
+ communication.kept_informed | We had a call every Friday to let us know where things were up to,
    which took so much stress away.
+ communication.kept_informed | We got a letter explaining exactly what would happen next and when,
    and it actually happened that way.
+ communication.kept_informed | I didn't have to chase once, which after last time felt like a
    small miracle.
- communication.clarity | The letter was full of jargon and I had to ask the school what half of
    it meant.
- communication.clarity | Nobody explained what Section F was or why it mattered until I went on
    a SENDIASS course.
- communication.clarity | The decision letter didn't say why we'd been turned down, just that we
    "did not meet the criteria".
- communication.clarity | I've been given three different answers by three different people
    about {thing}.
+ communication.clarity | {Staff_first} explained everything in plain English and never made me
    feel stupid for asking.
+ communication.clarity | {Staff_first} went through the draft {plan} with me line by line over
    the phone.
+ communication.clarity | The letter was clear: what had been decided, why, and what I could do
    if I didn't agree.
~ communication | I'd prefer contact by email as I work shifts and can't always take calls in
    the day.
~ communication | I'm deaf so phone calls don't work for me. Please use email or text.
~ communication | English is my second language, so it helps when things are written down and
    not only said on the phone.
? communication | How often should I expect to hear from {my_worker}? Is there a standard?
? communication.response_times | Is there a direct number for {svc}? The switchboard just keeps
    me on hold.
> communication.response_times | Even an automatic reply saying my email has arrived would save a
    lot of worry.
> communication.kept_informed | It would help to get a short update every couple of weeks, even
    if nothing has changed.
> communication.clarity | Please write letters in plain English with the jargon explained at the
    bottom.

- information.local_offer | I spent ages on the Local Offer website and half the links were
    broken.
- information.local_offer | The Local Offer lists clubs that closed two years ago. I rang three of
    them before I gave up.
- information.local_offer | I didn't even know the Local Offer existed until another mum told me
    at the school gate.
- information.local_offer | The Local Offer is impossible to use on a phone, and that's all I've
    got.
+ information.local_offer | The Local Offer had a list of holiday clubs that take children with
    additional needs, which was exactly what we needed.
+ information.local_offer | The new Local Offer pages on preparing for adulthood are much easier
    to find things on.
? information.local_offer | Where on the Local Offer can I find out about holiday clubs and
    short breaks?
> information.local_offer | The Local Offer needs a search that actually works, and dates on
    pages so you know if they're current.
- information.who_to_contact | I've been passed between {svc}, the school and health and nobody
    knows whose job it is.
- information.who_to_contact | I still don't know who our {worker} is.
- information.who_to_contact | I was given a number to ring and it just rings out. Nobody seems
    to know who covers {district}.
+ information.who_to_contact | We were given one number to ring and it was always answered.
+ information.who_to_contact | The family hub knew exactly who I needed to speak to and gave me a
    name and a direct line.
? information.who_to_contact | Who do I contact if {my_worker} is off sick or on leave?
> information.who_to_contact | Please put a name and a direct number on every letter.
+ information | The information pack we were given at the start was really useful and I still
    refer back to it.
+ information | SENDIASS helped me understand our rights. I wish I'd found them years ago.
- information | I found out more from a Facebook group than I ever did from the council.
- information | Nobody told us what help we could get. We muddled along for years.
~ information | My husband's first language is Urdu and all the letters only come in English.
? information | Is there a leaflet that explains the {assessment} for families?

- timeliness.waiting_lists | We have been on the waiting list for {thing} for {months} months.
- timeliness.waiting_lists | We were told the wait was 18 weeks. It has now been over a year.
- timeliness.waiting_lists | By the time {kid} gets seen {he} will have left primary school.
- timeliness.waiting_lists | Every time I ring I'm told we're "on the list" but nobody can tell
    me where.
+ timeliness.waiting_lists | We were seen much quicker than we were told, within {weeks} weeks.
+ timeliness.waiting_lists | I was expecting to wait months but it all started within a few
    weeks of the referral.
? timeliness.waiting_lists | Can you tell me where {kid} is on the waiting list?
- timeliness.statutory_deadlines | We are now at week {weeks_late} and still don't have a final
    plan. The law says 20 weeks.
- timeliness.statutory_deadlines | The annual review was in {month} and the amended plan still
    hasn't been issued.
- timeliness.statutory_deadlines | The decision on whether to assess was due on {date} and it
    passed without a word.
- timeliness.statutory_deadlines | The draft plan arrived two days before the deadline for
    comments, which gave us no time at all.
- timeliness.statutory_deadlines | We're at {weeks_late} weeks. I've read the Code of Practice,
    I know what the timescales are.
+ timeliness.statutory_deadlines | The plan was issued well within the 20 weeks, which I know isn't
    always the case.
+ timeliness.statutory_deadlines | Everything came through on time. The draft plan arrived the week
    we were told it would.
- timeliness | Everything takes so long. We are just left in limbo.
- timeliness | I understand you're short staffed but my child can't wait forever.
- timeliness | It's been drift, drift, drift since {month}.
+ timeliness | Things moved really quickly once {staff_first} picked it up.
? timeliness | Is there any idea at all of how long {thing} will take?

- assessment_plans.ehc_needs_assessment | We were refused an assessment even though the school
    supported the request and {kid} is years behind.
- assessment_plans.ehc_needs_assessment | The refusal said the school hadn't used all its
    resources yet, but they've been paying for a 1:1 out of their own budget since {month}.
- assessment_plans.ehc_needs_assessment | I applied for an EHC needs assessment in {month} and
    nothing happened until I chased.
+ assessment_plans.ehc_needs_assessment | The assessment was thorough and everyone who knows
    {kid_obj} was asked for their views.
+ assessment_plans.ehc_needs_assessment | The EP who assessed {kid_obj} saw {him} at home as well
    as at school, which meant a lot to us.
? assessment_plans.ehc_needs_assessment | Can I apply for an EHC needs assessment myself or does
    it have to come from school?
- assessment_plans.plan_quality | The draft plan has the wrong name in it in two places and says
    {kid} likes football. {He} hates football.
- assessment_plans.plan_quality | Section F is so vague it's useless. "Access to support as
    needed" doesn't mean anything.
- assessment_plans.plan_quality | The plan was copied from an old report and still talks about
    {kid_pos} nursery.
- assessment_plans.plan_quality | There is nothing in the plan about {kid_pos} sensory needs even
    though the OT report was really clear.
+ assessment_plans.plan_quality | The final plan actually sounds like {child}. It's the first
    document that has got {him} right.
+ assessment_plans.plan_quality | The outcomes are specific and the school know exactly what they
    need to do.
- assessment_plans.annual_review | The annual review was cancelled twice and then held without
    anyone from {svc}.
- assessment_plans.annual_review | We had the review in {month} and I'm still waiting for the
    paperwork.
- assessment_plans.annual_review | Nobody from the council came to the review, so nothing could
    actually be agreed.
+ assessment_plans.annual_review | The annual review was the best we've had. Everyone listened and
    the actions were clear.
+ assessment_plans.annual_review | The review paperwork came through within a couple of weeks with
    everything we'd agreed in it.
? assessment_plans.annual_review | Should the council be at the annual review or is it just the
    school?
- assessment_plans | I've never been given a copy of the {plan}.
- assessment_plans | The {plan} hasn't been updated since {date} even though so much has changed.
- assessment_plans | The {assessment} describes a family I don't recognise.
+ assessment_plans | The {assessment} was done quickly and we felt part of it.
+ assessment_plans | We finally have a {plan} that reflects what {kid} actually needs.
? assessment_plans | When will the {plan} next be reviewed?

- provision.specialist_places | {Kid} has been named for {special_school} but there isn't a
    place, so {he} is at home with me.
- provision.specialist_places | We were told there are no specialist places in {district} and
    the nearest one is over an hour away.
- provision.specialist_places | {Kid} is in a mainstream class of 32 and is completely
    overwhelmed. {He} needs a specialist setting.
+ provision.specialist_places | {Kid} started at {special_school} in September and is like a
    different child.
+ provision.specialist_places | Getting the place at {special_school} has changed our lives.
- provision.respite | We were assessed for short breaks in {month} and we still have nothing.
- provision.respite | The overnight respite was cut from two nights a month to one and we are
    running on empty.
- provision.respite | There are no holiday schemes that can cope with {kid_pos} needs.
- provision.respite | We've got the direct payment but we can't find a PA to employ, so it just
    sits there.
+ provision.respite | The Saturday club at {hub} is the only break we get and {kid} loves it.
+ provision.respite | The short breaks have given us time to do things with {sib}, who often
    gets forgotten.
- provision.unmet_needs | The plan says {kid} gets speech and language therapy every week. {He}
    hasn't had a session since {month}.
- provision.unmet_needs | The 1:1 support in the plan isn't happening because the school say
    they have no funding.
- provision.unmet_needs | {Kid} is supposed to have OT input every half term and we haven't seen
    anyone this year.
+ provision.unmet_needs | For the first time everything in the plan is actually being delivered.
+ provision.unmet_needs | The support {kid} gets at school now matches what's written down.
- provision | There just isn't the support out there for children like {child}.
+ provision | The support has been exactly what we needed, at exactly the right time.
? provision | What support is there for {kid_obj} while we wait?

- listening.tell_it_once | I have told our story to {n_people} different professionals this
    year. Every new worker starts from scratch.
- listening.tell_it_once | Every time the worker changes I have to go over everything again,
    including things that are really painful to talk about.
+ listening.tell_it_once | {Staff_first} had read everything before we met so I didn't have to
    go through it all again.
> listening.tell_it_once | It would help if there was one shared record so families don't have
    to keep repeating themselves.
- listening.child_voice | Nobody asked {kid_obj} what {he} wanted. It was all decided about {him}
    without {him}.
- listening.child_voice | The "my views" section was written by someone who has never met {kid_obj}.
+ listening.child_voice | {Staff_first} took the time to get to know {kid_obj} and {his} views are
    all through the plan.
+ listening.child_voice | They used pictures so {kid} could say what {he} likes and doesn't like,
    and {he} was so proud.
- listening | I felt like I wasn't being listened to. I know my child.
- listening | I was made to feel like an over-anxious parent.
+ listening | For the first time in a long time I felt listened to.
+ listening | They listened to what we said and actually changed things because of it.
> listening | Please ask parents what works before making decisions about our children.

+ coproduction.parent_forum | Going to the parent carer forum has made me feel less alone, and I
    feel like our views actually get heard now.
+ coproduction.parent_forum | The forum coffee mornings are brilliant, you can ask people from
    {svc} questions face to face.
- coproduction.parent_forum | The forum meetings are always in the day when working parents
    can't go.
- coproduction.parent_forum | We fill in the surveys and go to the meetings but nothing ever
    seems to change.
? coproduction.parent_forum | How can I get involved with the Wrenshire Parent Carer Forum?
- coproduction.multi_agency | Health and education don't talk to each other. I'm the one
    passing reports between them.
- coproduction.multi_agency | The school said it was the council's job, the council said it was
    health's job, and nothing happened.
+ coproduction.multi_agency | For once the school, health and {svc} were all in the same room
    and on the same page.
+ coproduction.multi_agency | The team around the family meeting was really well organised and
    everyone knew what they were doing next.
+ coproduction | We felt like we were working together rather than against each other.
- coproduction | It feels like us against them, every single time.
> coproduction | Involve parents at the start, not when the decision has already been made.

+ staff.praise | {Staff_first} has been amazing. {S_he} has gone above and beyond for our family.
+ staff.praise | {Staff_first} is the first person who has really got {child}.
+ staff.praise | I want to say a huge thank you to {staff_full}, who has been patient, kind and
    honest with us.
+ staff.praise | {Staff_first} never gave up on us, even when I was at my lowest.
+ staff.praise | {Staff_first} always had time for us. You can tell {s_he} genuinely cares.
+ staff.praise | {Staff_first} treated {kid_obj} like a person, not a case number.
- staff.praise | {Staff_first} was lovely but {s_he}'s clearly got far too many families.
- staff.change_of_worker | We've had {n_workers} {worker}s in {months} months. Every time we get
    used to one, they leave.
- staff.change_of_worker | {Staff_first} left and nobody told us. We've had no {worker} since
    {month}.
- staff.change_of_worker | The new {worker} is nice enough but doesn't know {kid_obj} at all.
+ staff.change_of_worker | Even though {staff_first} was new, {s_he} had read all our history
    and picked things up straight away.
+ staff.change_of_worker | It's been lovely having the same {worker} for over a year now. It
    makes all the difference.
- staff.attitude | I was spoken to like I was stupid.
- staff.attitude | The {worker} was dismissive and said other families have it worse.
- staff.attitude | I felt judged from the minute they walked in.
+ staff.attitude | {Staff_first} treated us with respect and never made us feel judged.
+ staff.attitude | Always polite and professional, even when I was upset and probably not easy
    to deal with.
+ staff | All the staff at {hub} have been so welcoming.

- education.exclusion | {Kid} has been on a part-time timetable since {month}, an hour a day.
    That's not an education.
- education.exclusion | {Kid} has been sent home {n_times} times this term for things that are
    about {his} needs.
- education.exclusion | The school keep ringing me to collect {kid_obj} and I've had to give
    up work.
+ education.exclusion | The inclusion team helped stop {kid_obj} being permanently excluded.
+ education.exclusion | {Kid} is back on a full timetable and managing really well.
+ education.school_placement | {School} have been fantastic. {Kid} actually wants to go to
    school now.
+ education.school_placement | The staff at {school} have really worked with us and {kid} has
    settled so well.
- education.school_placement | {School} just don't understand {kid_pos} needs.
- education.school_placement | We asked for {special_school} and were given a mainstream school
    that can't meet {kid_pos} needs.
? education.school_placement | How do we ask for a change to the school named in the plan?
- education | {Kid} hasn't been in school since {month}.
- education | The school don't want {kid_obj} there. They keep saying it's "not the right
    setting".
+ education | {Kid_pos} teacher this year has been amazing.
? education | Who do I speak to about {kid_pos} attendance? The school keep threatening a fine.

- health_wellbeing.mental_health | We were referred to CAMHS in {month} and told the wait is over
    a year.
- health_wellbeing.mental_health | {Kid} is so anxious {he} can barely leave the house, and we
    are just told to wait.
- health_wellbeing.mental_health | We were discharged from CAMHS after one appointment because
    {kid} "didn't engage".
+ health_wellbeing.mental_health | The school counsellor has been a lifeline for {kid_obj}.
+ health_wellbeing.mental_health | The wellbeing practitioner has really helped {kid_obj} with {his}
    anxiety. {He} is sleeping again.
- health_wellbeing.therapies | {Kid} needs speech and language therapy and has had three
    sessions in two years.
- health_wellbeing.therapies | The OT report came back but there's nobody to deliver the
    programme.
- health_wellbeing.therapies | Physio has been cancelled {n_times} times since {month}.
+ health_wellbeing.therapies | The speech and language therapist has been brilliant. {Kid} is
    using more words every week.
+ health_wellbeing.therapies | The OT came into school and showed the staff how to help with
    {kid_pos} sensory needs.
- health_wellbeing.diagnosis | We've been on the autism pathway for {months} months. Every time I
    ring we are "still on the list".
- health_wellbeing.diagnosis | Without a diagnosis the school won't put anything in place.
- health_wellbeing.diagnosis | We were told {kid} is too young for an ADHD assessment and to come
    back in a year.
+ health_wellbeing.diagnosis | The diagnosis finally came through and things are starting to
    make sense.
+ health_wellbeing.diagnosis | The feedback appointment after the assessment was really clear
    and kind.
? health_wellbeing | Is there any support for siblings? {Sib} is struggling too.

- safety.bullying | {Kid} is being picked on on the bus and at school and nothing is being done.
- safety.bullying | The bullying has got so bad {kid} doesn't want to go to school.
- safety.bullying | Other children call {kid_obj} names because of {his} disability.
+ safety.bullying | The school dealt with the bullying quickly and {kid} is much happier.
- safety.community | There's nowhere decent for {kid_obj} to play near us. The park on
    {street} is full of broken glass.
- safety.community | I don't let {kid_obj} go out on {his} own because of the traffic on
    {street} and there's no crossing.
+ safety.community | The new lighting at the rec means {kid} can walk back from football
    without me worrying.
? safety | What should I do if {kid} is being picked on on the school bus?

- transitions.post16 | {Kid} finishes at {school} in July and we still don't know where {he} is
    going.
- transitions.post16 | Nobody has talked to us about what happens after 16.
- transitions.post16 | The college have said they can't meet {kid_pos} needs.
+ transitions.post16 | The preparing for adulthood meeting was really useful and {kid} has a
    place at {college}.
+ transitions.post16 | {Kid} is doing a supported internship and loving it.
- transitions | The move to secondary has been a disaster. Nobody passed {kid_pos} plan on.
+ transitions | The extra transition visits really helped. {Kid} knew where everything was on
    the first day.
- transitions.leaving_care | {Kid} turns 18 in {month} and there's still no pathway plan.
+ transitions.leaving_care | Staying Put has meant {kid} can stay with us while {he} finishes
    college.
? transitions | When should we start planning for {kid_pos} move to secondary?

+ activities | {Kid} loves the Saturday club at {hub}. It's the highlight of {his} week.
+ activities | The holiday club at {hub} was brilliant. {Kid} came home shattered and happy.
+ activities | The inclusive swimming sessions have given {kid_obj} so much confidence.
- activities | There are no clubs near us that will take {kid_obj} without me staying.
- activities | The inclusive swimming sessions stopped and nothing replaced them.
- activities | {Kid} has no friends outside school. There's nothing for {him} to go to.
> activities | More activities in the school holidays for children with additional needs,
    please.
? activities | Are there any clubs in {district} for children with additional needs?

- transport | The taxi didn't turn up on {day} and {kid} missed school.
- transport | The transport keeps changing drivers and {kid} gets really distressed.
- transport | The bus picks {kid_obj} up at {time} for a school that's twenty minutes away.
- transport | We were refused transport because we're 2.9 miles from school.
- transport | Nobody rang to say the taxi was cancelled. {Kid} was stood at the door in
    {his} coat for an hour.
+ transport | The driver and escort are lovely and {kid} looks forward to seeing them.
+ transport | Transport sorted it within a day when the route changed.
+ transport | The travel training has been amazing. {Kid} gets the bus on {his} own now.
? transport | Who do I contact when the taxi doesn't turn up?

+ family_support.early_help | The family support worker from {hub} helped us get our routines
    back on track.
+ family_support.early_help | The parenting course at {hub} was brilliant. I met other parents
    in the same boat.
- family_support.early_help | We were offered a parenting course when what we needed was
    practical help at bedtime.
- family_support.early_help | Early help closed our case after six weeks and we're back to
    square one.
+ family_support.foster_carer_support | Our supervising social worker is always at the end of
    the phone.
- family_support.foster_carer_support | We asked for support in {month} and nothing has been
    arranged.
- family_support.contact | Family time with {kid_pos} brother keeps being cancelled at the last
    minute.
- family_support.contact | {Kid} hasn't seen {his} sister since {month}.
+ family_support.contact | Family time is now on a Saturday at {hub}, so {kid} doesn't miss
    school for it.
+ family_support | The help we've had has made a real difference to all of us.
- family_support | We asked for help and were told we didn't meet the threshold.
? family_support | Is there any support for parents of children with {needs}?
"""

# Foster carers: added to the family pool for foster carers.
_FOSTER = """
+ family_support.foster_carer_support | Our supervising social worker {staff_first} is always at
    the end of the phone, even on {s_his} days off, which {s_he} really shouldn't be.
+ family_support.foster_carer_support | The foster carer support group at {hub} is brilliant, it's
    the one place people understand.
+ family_support.foster_carer_support | The training on therapeutic parenting has changed how we
    respond to {kid_obj} when {he} is struggling.
- family_support.foster_carer_support | The out-of-hours line didn't answer when we needed it at
    eleven on a Saturday night.
- family_support.foster_carer_support | Our fostering allowance was wrong for three months and
    we had to chase it every week.
- family_support.foster_carer_support | We were told almost nothing about {kid_pos} needs before
    {he} arrived.
- family_support.foster_carer_support | The mileage for family time hasn't been paid since
    {month}. It's over three hundred pounds now.
- family_support.foster_carer_support | We don't get the delegated authority forms back, so we
    can't even sign for a school trip.
+ provision.respite | The respite weekend came just at the right time for all of us.
- provision.respite | We asked for respite in {month}. Nothing has been arranged and we're
    running on fumes.
- family_support.contact | Family time keeps being moved at the last minute, and it's {kid_obj}
    who pays for it.
+ family_support.contact | The contact supervisor is brilliant with {kid_obj} and always gives us
    a proper handover afterwards.
- communication.response_times | We've emailed {kid_pos} social worker {n_times} times about the
    school trip form and had nothing back.
+ communication.kept_informed | For once we were told about the review in plenty of time.
- staff.change_of_worker | {Kid} has had {n_workers} social workers since {he} came to us.
- transitions.leaving_care | {Kid} turns 18 in {month} and we still don't know if Staying Put
    has been agreed.
? family_support.foster_carer_support | Is there any help with the cost of {kid_pos} school
    uniform and trips?
> family_support.foster_carer_support | An out-of-hours number that is actually answered by
    someone who knows fostering would make a big difference.
"""

# Young people aged 11 and over: short, informal, often no punctuation (added when joined).
_YP = """
? staff.change_of_worker | is {staff_first} still going to be my worker
~ education | im doing my gcses next year
> activities | open the youth club on sundays
? family_support.contact | can contact be at the weekend so i dont miss school
? activities | is the youth club open in half term
? transport | can i get a bus pass for college
? listening.child_voice | can i go to my own meeting
? education | can i move schools
? health_wellbeing.mental_health | can i talk to someone at school instead of camhs
> listening | ask us before changing stuff
> education | let us have a quiet room at lunch
> safety.bullying | teachers should actually check snap stuff when you report it
> transport | the bus should wait if its late
> communication | text me not my carer
~ activities | i go to {youth_club} on tuesdays
+ assessment_plans | my plan actually says what helps me now
+ assessment_plans.plan_quality | they read my plan back to me and it was actually right
- assessment_plans.plan_quality | my plan still says i like lego and im 14
- assessment_plans.ehc_needs_assessment | had to do loads of tests with people i didnt even know
+ assessment_plans.ehc_needs_assessment | the lady who did my assessment was nice and let me
    have breaks
+ education | i actually like going to school now
+ education.exclusion | im back full time now and its going ok
- education.school_placement | my school is too big and loud and i cant cope in it
- family_support | my mum needs help and no one is helping her
+ family_support.early_help | the family worker helped us sort mornings out so im not late
    anymore
- family_support.early_help | the family worker came twice then just stopped
+ health_wellbeing.diagnosis | finally got my adhd diagnosis and school get it now
- health_wellbeing.therapies | my speech therapy stopped when i went to secondary
+ information.local_offer | found the club on the local offer website
+ information.who_to_contact | i know who to go to if somethings wrong now
- information.who_to_contact | dont even know who my worker is
+ listening.tell_it_once | {staff_first} already knew my story so i didnt have to say it all
    again
- provision.respite | they stopped my saturday club
+ provision.specialist_places | my new school is small and theres a quiet room
- provision.specialist_places | been at home for months waiting for a school place
+ provision.unmet_needs | i finally get my 1 to 1 again
+ safety.community | the new lights in the park are good
+ staff.change_of_worker | my new worker is actually alright
- staff.praise | {staff_first} is nice but never has time
+ timeliness.waiting_lists | got seen at camhs quicker than they said
+ timeliness.statutory_deadlines | my plan got done quick this time
- communication.response_times | my social worker never rings me back
- communication.response_times | i messaged {staff_first} like 3 times and got nothing
- communication.kept_informed | no one tells me whats going on
- communication.kept_informed | found out my meeting got moved when i turned up and no one was
    there
- communication.clarity | they use loads of words in meetings i dont understand
+ communication.response_times | i text {staff_first} and {s_he} always replies same day
+ communication.clarity | {staff_first} explains stuff properly so i actually get it
+ communication.kept_informed | {staff_first} always tells me whats happening before it happens
? communication | can i have my workers number so i can text instead of ringing
- information | didnt know where to go for help
- information.local_offer | the website is confusing and theres nothing on it for people my age
+ information | the card with all the numbers on is actually useful
? information | where can i find out about clubs near me
? information.who_to_contact | who do i talk to if im not happy with my placement
- timeliness.waiting_lists | been waiting ages for camhs
- timeliness | everything takes forever
- timeliness.statutory_deadlines | my plan took like a year to get done
+ timeliness | it got sorted really quick
- listening | no one listens to what i want
- listening.child_voice | they talk about me like im not in the room
- listening.child_voice | they asked what i wanted then did the opposite
+ listening | {staff_first} actually listens
+ listening.child_voice | they asked what i wanted and actually did it
+ listening.child_voice | i got to do my bit of the review on the app which was better than
    talking in front of everyone
- assessment_plans | my plan says stuff i never said
- assessment_plans.annual_review | my review was boring and way too long
+ assessment_plans.annual_review | at my review i said what i wanted and they put it in
? assessment_plans | can i see what they write about me
- provision.unmet_needs | i dont get my 1 to 1 anymore
- provision | i need more help in lessons but they say theres no one
+ provision | my TA is really good she gets me
+ provision.respite | the saturday club is good cos i see my mates
- listening.tell_it_once | i have to tell my story to every new person and im sick of it
+ coproduction | being on the youth council is good cos you actually get to change stuff
+ coproduction | we helped pick the new youth worker which was cool
- coproduction | they asked us what we thought and then just did what they wanted anyway
+ staff.praise | {staff_first} is the best worker ive had
+ staff.praise | {staff_first} is sound
+ staff.praise | {staff_first} never gives up on me even when im being a pain
- staff.change_of_worker | ive had like {n_workers} social workers
- staff.change_of_worker | my new worker is ok but i miss {staff2_first}
- staff.attitude | some of the staff talk to you like your a baby
+ staff.attitude | the staff there treat you like an adult
- education | school is hard and i get sent out loads
- education.exclusion | im only in school 2 hours a day and its boring at home
- education.exclusion | got excluded for something that wasnt even my fault
+ education.school_placement | my new school is way better
+ education.school_placement | teachers are nicer at {school} they dont just shout
- education | the teachers dont get that i need movement breaks
- health_wellbeing.mental_health | been waiting over a year for camhs and my anxiety is getting
    worse
+ health_wellbeing.mental_health | the counsellor at school helps me a lot
+ health_wellbeing.mental_health | talking to {staff_first} helps when my head is all over the
    place
- health_wellbeing.diagnosis | still waiting for my adhd assessment
+ health_wellbeing.therapies | the speech therapist is alright actually
- safety.bullying | i get picked on on the bus
- safety.bullying | people say stuff on snap and school dont do anything
+ safety.bullying | school sorted the kids who were picking on me
- safety.community | the park is dodgy at night theres no lights
+ safety | i feel safe at the youth club
- transitions | scared about going to big school
- transitions.post16 | dont know what i want to do after year 11 and no one has talked to me
    about it
+ transitions.post16 | college is way better than school
+ activities | the youth club is well good
+ activities | the trip to the climbing centre was the best
+ activities | {youth_club} is the only place i actually want to go
- activities | the youth club is boring now
- activities | theres nothing to do round here
- activities | they shut the youth club on fridays and now we just hang around
> activities | can we have more trips
> activities | more football sessions pls
> activities | put wifi in the youth club
- transport | the bus is always late
- transport | taxi was late again and i missed first lesson
+ transport | travel training helped me get the bus on my own
- family_support.contact | i want to see my brother more
- family_support.contact | contact got cancelled again
+ family_support.contact | seeing my mum is better now its at the weekend
+ family_support | my family worker helped my mum loads
? family_support.contact | why cant i see my nan
"""

# Extra lines for 16-25s (added to the young people's pool for the older bands).
_YP_OLDER = """
- transitions.leaving_care | turning 18 soon and no one has said what happens with where i live
+ transitions.leaving_care | my PA has started helping me plan for moving out and its less scary
- transitions.post16 | college dont give me the support that was in my plan
- transitions.post16 | no one told me my plan stops if i leave college
+ transitions.post16 | got a place on the apprenticeship, buzzing
+ transitions.post16 | the careers adviser helped me sort my college application
- transport | the bus pass doesnt cover the college bus so im paying £3 a day
? transitions.post16 | can i keep my plan if i go to uni
- health_wellbeing.mental_health | had to start again with adult mental health and they dont know
    me
+ staff.praise | {staff_first} helped me with my cv and i got the job
- information | no one explains anything about what happens when you turn 18
"""

# Children aged 5-10 (and what under-5s say, as staff write it down).
_KIDS = """
? listening | Can I come to my meeting?
~ activities | I go to {youth_club} on Saturdays.
> family_support.contact | I want to see my nanna at Christmas.
? education | Can I have my helper back?
? activities | Can we go to the farm again?
? family_support.contact | When can I see my brother?
> activities | We need more footballs.
> education | Can we have more golden time.
+ information | The pictures on the door tell me what is happening today.
- coproduction | The grown ups didn't use my ideas.
- assessment_plans | I didn't like the meeting about me.
- communication.kept_informed | Nobody told me I was moving to a new school.
- listening | Nobody listens when I say the dinner hall is too loud.
- timeliness | It takes ages and ages.
+ health_wellbeing.mental_health | The worry lady helps me with my worries.
+ safety.bullying | My teacher stopped the mean boys.
- safety.community | The park has broken glass and I can't go on the swings.
+ staff.attitude | The lady at the hub is always smiley.
- staff.attitude | Some grown ups talk to me like a baby.
- education.exclusion | I have to go home at dinner time and I miss golden time.
+ education.exclusion | I'm allowed to stay all day at school now.
+ communication | My social worker comes to see me and we play games.
- communication | I don't know who my social worker is now.
+ communication.kept_informed | {Staff_first} tells me what is going to happen.
- information | Nobody told me what the meeting was for.
? information | Where can I go to play after school?
- timeliness.waiting_lists | I have been waiting a long time to see the talking doctor.
+ timeliness | My new chair came really quick.
+ assessment_plans | I drew a picture for my meeting and they put it in my plan.
- assessment_plans.annual_review | The meeting was long and boring.
+ provision | I like having my helper in class.
- provision.unmet_needs | I don't have my helper any more.
+ provision.respite | I like going to the Saturday club because there is a trampoline.
+ listening | My teacher listens to me when I'm sad.
- listening.child_voice | Grown ups don't listen to me.
+ listening.child_voice | {Staff_first} asked me what I wanted and I said a dog.
+ coproduction | I helped choose the new toys for the hub.
+ staff.praise | {Staff_first} is kind and funny.
+ staff.praise | I like {staff_first} because {s_he} plays Uno with me.
- staff.change_of_worker | I don't like it when my worker changes.
+ education | I like school because I have friends.
- education | School is too noisy and I get a headache.
+ education.school_placement | My new school has a quiet room and I like it.
+ health_wellbeing.therapies | The speech lady helps me say my words.
- health_wellbeing.mental_health | I get worried a lot and my tummy hurts.
- safety.bullying | Some children are mean to me in the playground.
+ safety | I feel safe at my foster carers house.
- transitions | I am scared about going to big school.
+ transitions | I went to see my new school and it has a big library.
+ activities | I like the trampoline at club.
+ activities | I went to the farm with {youth_club} and fed a goat.
- activities | There's nothing to do in the holidays.
> activities | Can we have a bouncy castle.
+ transport | My taxi driver is nice and plays music.
- transport | The bus takes ages.
+ family_support.contact | I like seeing my mummy on Saturdays.
- family_support.contact | I want to see my brother more.
+ family_support | My family worker helped my mum.
"""

# Under-fives, as nursery, hub or Portage staff write down what they said or showed.
_TOTS = """
+ activities | I like the big slide.
+ activities | I like the sand and the water.
- activities | The music is too loud.
+ staff.praise | {Staff_first} reads me stories.
+ staff.praise | I like {staff_first}.
+ family_support.contact | Mummy comes on Saturday.
- family_support.contact | I want my daddy.
+ family_support | Nanna picks me up.
+ health_wellbeing.therapies | Me do talking with the lady.
- health_wellbeing | My ears hurt.
+ education | I like nursery.
- education | I don't like nursery. Too noisy.
+ transitions | I'm going to big school!
+ listening | Me choose the red one.
- listening | No! Don't want to.
+ transport | Bus! I go on the bus.
+ safety | I feel happy here.
+ communication | Bye bye {staff_first}.
"""

# Care leavers (18-25).
_LEAVER = """
> transitions.leaving_care | Give us the setting up home allowance before we move in, not after.
> transitions.leaving_care | Let care leavers keep the same PA until 25 if they want to.
> transitions.leaving_care | Do a proper budgeting session with people before they move into
    their own place.
> transitions.leaving_care | Help with the first month's bills would stop a lot of people getting
    into debt.
? transitions.leaving_care | Does my pathway plan need updating now I've moved to {place}?
? transitions.leaving_care | Am I still entitled to a PA if I'm 22 and not in education?
? transitions.leaving_care | Who do I speak to about Staying Put? I turn 18 in {month}.
? transitions.leaving_care | Can the leaving care team help with a rent deposit?
~ transitions.leaving_care | I moved into my flat in {month} and I'm still getting used to it.
~ transitions.leaving_care | My PA is {staff_first} and we meet every few weeks.
+ transitions.leaving_care | {Staff_first} sorted my council tax exemption in one phone call.
+ transitions.leaving_care | The leaving care team got me a washing machine within a week of
    moving in.
- transitions.leaving_care | I waited {weeks} weeks for a fridge after I moved in.
- transitions.leaving_care | My pathway plan review got cancelled {n_times} times.
- transitions.leaving_care | I got moved to {place}, miles from my college and my mates.
+ transitions.leaving_care | My pathway plan review was actually useful this time, we made a
    proper plan for my money.
? communication | Can my PA text me instead of calling? I don't answer numbers I don't know.
> information | A proper list of everything care leavers are entitled to, in one place.
? staff.change_of_worker | Will I get a new PA now {staff2_first} has left?
? transitions.leaving_care | Can I still get help with my rent if I go part time at college?
? transitions.leaving_care | How much is the setting up home allowance now?
? education | Is there a bursary for university?
? health_wellbeing.mental_health | Can I have counselling through the leaving care team?
? family_support.contact | Can someone help me find my birth dad?
? transport | Can I get a bus pass until I'm 25?
? activities | Is the Thursday drop-in still on in the holidays?
> transitions.leaving_care | A checklist for moving into your first flat would be so useful.
> communication | Texts not letters please.
> staff.change_of_worker | Let us meet the new PA before the old one leaves.
> information | Put all the care leaver stuff in one app.
~ transitions.leaving_care | I'm moving to {place} next month for work.
~ education | I've just started an access course at {college}.
+ communication.kept_informed | My PA always lets me know before anything changes.
+ communication.response_times | {Staff_first} always texts back the same day.
- communication.clarity | The letters from housing and the leaving care team don't make sense
    half the time.
+ information.who_to_contact | There's a duty number now so if my PA is off someone still picks
    up.
- information.who_to_contact | I didn't know who to ring when the boiler broke.
- timeliness.waiting_lists | I've been on the housing list for over a year.
+ staff.change_of_worker | My new PA is actually really good, {s_he} read everything first.
- family_support | My old foster carers aren't allowed to help me anymore and I miss them.
- transitions.leaving_care | My pathway plan hasn't been updated since I was 17.
- transitions.leaving_care | I moved into my flat with no cooker and no bed for {weeks} weeks.
- transitions.leaving_care | Nobody explained council tax and now I'm in arrears and getting
    letters.
- transitions.leaving_care | I was told I'd get a flat by my 18th. I'm 19 now and still sofa
    surfing at my mate's.
+ transitions.leaving_care | My PA helped me sort my flat and set up my bills, I couldn't have
    done it without {s_him}.
+ transitions.leaving_care | The setting up home allowance meant I could actually make the flat
    feel like mine.
+ transitions.leaving_care | Staying Put with my foster carers while I finish college has been
    the best thing.
- staff.change_of_worker | I've had {n_workers} PAs since I turned 18. I've stopped bothering to
    get to know them.
+ staff.praise | {Staff_first} my PA is the only person who has stuck with me through everything.
+ staff.praise | {Staff_first} came to my graduation. That meant more than {s_he} knows.
- staff.attitude | Sometimes it feels like I'm just a box to tick for them.
- communication.response_times | I text my PA and it takes a week to get a reply.
+ communication | Texting my PA works way better than emails and letters.
- communication.kept_informed | Nobody told me my PA had left, I found out when I rang.
- information | I didn't know I could get a bus pass until last month.
- information | Nobody told me about the care leaver council tax exemption until I was in
    arrears.
+ information | The care leavers' local offer booklet is useful, I didn't know half of it.
? information.who_to_contact | Who do I call if my PA is off and it's urgent?
- timeliness | The bursary came through {weeks} weeks late and I nearly dropped out.
+ timeliness | They sorted my rent deposit in a day.
- assessment_plans | My pathway plan is just copied and pasted from last year.
+ assessment_plans | My pathway plan actually has stuff I want in it this time.
- provision | There's no help for care leavers over 21 unless you're in education.
+ provision | The leaving care team paid for my driving lessons, which got me my job.
- listening | They make decisions about my money without asking me.
+ listening | {Staff_first} actually listens and doesn't just tell me what to do.
+ coproduction | Being on the care leavers' forum helped change the local offer, that felt good.
- coproduction | We gave loads of ideas at the forum and never heard what happened to them.
- education | I had to leave college because I couldn't afford the travel.
+ education | My PA helped me get onto the course at {college}.
+ transitions.post16 | The apprenticeship the leaving care team found me is going really well.
- transitions.post16 | Nobody helped me work out what to do after college.
- health_wellbeing.mental_health | My anxiety has been really bad since I moved out and I didn't
    know who to talk to.
+ health_wellbeing.mental_health | The counselling the leaving care team paid for really helped.
- safety.community | The block I live in has people hanging about all the time and I hate
    coming home late.
+ safety | The new flat is in a quiet street and I like it a lot more.
+ activities | The care leavers' drop-in on Thursdays is good, you get food and see people.
- activities | There's nothing for care leavers to do together anymore since the group stopped.
+ transport | The bus pass is a lifesaver honestly.
- transport | I can't get to my college course without two buses and it costs a fortune.
- family_support.contact | I'd like help to get back in touch with my sister but nobody has
    got back to me.
+ family_support.contact | My PA helped me find my brother and we meet up now.
+ family_support | My old foster carers still have me round for Sunday dinner.
"""

# Professionals (social care, other professionals, council staff). Schools and health add theirs.
_PRO = """
? provision.unmet_needs | Who is responsible for commissioning the therapy specified in the plan?
? transitions.post16 | When will post-16 placements be confirmed for this year's Year 11 cohort?
? education.exclusion | Is there guidance on the use of reduced timetables for pupils with plans?
? health_wellbeing.therapies | Can therapy programmes be shared with school staff directly?
? family_support.early_help | What is the current threshold for early help support?
> timeliness.statutory_deadlines | A tracker shared with schools would help everyone see where
    each plan is.
> assessment_plans.annual_review | Annual review paperwork should be processed within four weeks.
> information.who_to_contact | Please publish an up-to-date contact list for link officers.
> transport | Schools should be told directly when a transport route changes.
~ assessment_plans | A new SENCO starts in September and will take over this case.
+ coproduction | Joint working with the family has been genuinely collaborative.
- coproduction | Families tell us they are consulted after decisions have been made.
- coproduction.parent_forum | The forum is not always involved early enough.
- education | {Kid} has missed a significant amount of school this year.
+ education.school_placement | The placement at {school} is meeting {kid_pos} needs well.
+ family_support | The family have engaged really well with the support offered.
- family_support.contact | Family time has been cancelled several times at short notice, which
    has unsettled {kid_obj}.
- family_support.early_help | The family were stepped down from early help too early.
- family_support.foster_carer_support | The carers have not had consistent supervision since
    their supervising social worker left.
+ health_wellbeing.diagnosis | The diagnostic assessment was completed quickly and the feedback
    to the family was clear.
+ health_wellbeing.mental_health | The CAMHS practitioner has built a good relationship with
    {kid_obj}.
- health_wellbeing.therapies | {Kid} has had no speech and language therapy this term despite it
    being specified.
+ information | The practitioner guidance on the website is clear and up to date.
- information | Information for professionals about the referral pathway is out of date.
- listening | The family do not feel their concerns have been heard.
+ listening.tell_it_once | The shared chronology meant the family didn't have to repeat their
    history.
+ provision.respite | The short breaks package has made a real difference to the family's
    resilience.
+ provision.unmet_needs | The provision in the plan is now being delivered in full.
+ safety.bullying | The anti-bullying work in school has reduced incidents.
- safety.community | Young people tell us they avoid the bus station in the evenings.
+ staff.change_of_worker | The handover between workers was well managed.
- staff.praise | {Staff_first} is very committed but clearly has an unmanageable caseload.
- timeliness | Delays at every stage have meant drift for this family.
+ timeliness.statutory_deadlines | The plan was issued within 20 weeks.
+ timeliness.waiting_lists | The wait for assessment was shorter than expected.
+ transitions.leaving_care | Pathway planning started at 15 and {kid} feels ready for the move.
- transitions.leaving_care | Pathway planning started too late and accommodation was not
    confirmed until weeks before {kid_pos} 18th birthday.
+ transitions.post16 | {Kid} has settled well at {college} with the support agreed.
- communication.response_times | We have emailed {svc} on {n_times} occasions since {date}
    regarding {kid_obj} and have had no response.
- communication.response_times | The generic inbox does not acknowledge messages, so we have no
    way of knowing whether anything has been picked up.
+ communication.response_times | {Staff_first} has been very responsive and always returns calls
    promptly.
- communication.kept_informed | Referrals are acknowledged but we get no feedback on the outcome,
    so we don't know whether to keep monitoring.
- communication.kept_informed | Professionals were not told that the meeting had been stood down.
+ communication.kept_informed | We were kept informed throughout, which meant we could plan
    support around {kid_obj}.
- communication.clarity | The decision letter did not explain the reasons for the refusal in a
    way the family could understand.
+ communication.clarity | {Staff_first}'s summary after the meeting was clear and set out who was
    doing what by when.
? communication | Could professionals be copied in when the family are sent a decision letter?
- information.who_to_contact | It is not clear who holds case responsibility while the post is
    vacant.
- information.who_to_contact | Our staff are regularly passed between teams when trying to
    discuss a case.
+ information.who_to_contact | Having a named link officer for our setting has made a real
    difference.
- information.local_offer | Several services listed on the Local Offer no longer exist, which
    undermines confidence in it.
+ information.local_offer | We regularly signpost families to the Local Offer and the new
    layout is much easier to navigate.
? information | Is there updated guidance on what evidence should accompany a request?
- timeliness.statutory_deadlines | The plan for {kid_obj} is now at week {weeks_late}; the delay
    is having a direct impact on the support that can be put in place.
- timeliness.statutory_deadlines | The amended plan following the review in {month} has still not
    been issued.
- timeliness.waiting_lists | The waiting time for {thing} is now around {months} months, which
    is not compatible with the child's needs.
+ timeliness | Once the case was allocated things moved quickly and the family noticed the
    difference.
- assessment_plans.plan_quality | The outcomes in the plan are not specific or measurable, which
    makes them very hard to review.
- assessment_plans.plan_quality | Section F contains phrases such as "regular access to" that
    cannot be delivered or monitored.
+ assessment_plans.plan_quality | The plan is one of the best I have seen: specific, up to date
    and clearly written with the family.
- assessment_plans.ehc_needs_assessment | The decision not to assess was disappointing given the
    evidence submitted, including two full cycles of assess, plan, do, review.
+ assessment_plans.ehc_needs_assessment | The assessment was well coordinated and the advice
    requests were clear about what was needed.
- assessment_plans.annual_review | Nobody from the local authority attended the annual review,
    so the amendments could not be agreed on the day.
+ assessment_plans.annual_review | The local authority officer at the review was well prepared
    and knew the case.
- assessment_plans | The {plan} has not been reviewed within timescale.
+ assessment_plans | The {assessment} was thorough and captured the family's strengths as well as
    the concerns.
- provision.unmet_needs | Provision specified in the plan is not being delivered because there
    is no therapist capacity.
- provision.specialist_places | There are no specialist places available in {district} for
    pupils with complex SEMH needs.
+ provision.specialist_places | The new resourced provision has given pupils a genuine
    alternative to out-of-county placements.
- provision.respite | Families we work with are waiting many months for short breaks, with a real
    risk of placement breakdown at home.
+ provision | The support package was put in place quickly and is working well.
- listening.tell_it_once | The family have had to repeat their history to each new professional,
    which they find distressing.
- listening.child_voice | The child's views section is generic and does not reflect what {kid}
    has told us.
+ listening.child_voice | {Kid_pos} views are captured well and in {his} own words.
+ listening | The family told us they felt genuinely heard at the meeting.
- coproduction.multi_agency | Health advice was missing from the plan, which makes Section G
    meaningless.
- coproduction.multi_agency | Information sharing between education and health remains
    inconsistent.
+ coproduction.multi_agency | The multi-agency meeting was well chaired and we left with clear
    actions and owners.
+ coproduction.parent_forum | Working with the Parent Carer Forum on the new guidance improved it
    enormously.
+ staff.praise | I would like to recognise {staff_full}, whose work with this family has been
    exemplary.
+ staff.praise | {Staff_first} went out of {s_his} way to make the meeting work for the family.
- staff.change_of_worker | High turnover of caseworkers means we often don't know who to
    contact.
- staff.attitude | The tone of the meeting with the family was not respectful.
+ staff.attitude | {Staff_first} was calm, respectful and clear with the family throughout.
- education.exclusion | {Kid} has been on a reduced timetable for {weeks} weeks and there is no
    plan to increase it.
+ education.exclusion | Support from the inclusion team helped us avoid a permanent exclusion.
- education.school_placement | The placement is no longer meeting {kid_pos} needs and a review is
    urgently needed.
+ education | Attendance has improved from under 60% to over 90% since the plan was put in place.
- health_wellbeing.mental_health | Thresholds for CAMHS mean many of the children we refer are
    signposted back to us.
- health_wellbeing.diagnosis | Waiting times for the neurodevelopmental pathway are now around
    {months} months.
+ health_wellbeing.therapies | The therapy input has been consistent and the family can see the
    progress.
- safety.bullying | We have seen an increase in online bullying reported by pupils in Year 8.
+ safety.community | The detached youth work in {district} has had a noticeable effect on the
    area around the shops.
- transitions.post16 | Post-16 options for young people with complex needs in {district} are very
    limited.
- transitions | Transition planning started too late; the placement was only confirmed in June.
+ transitions | The transition plan was started early and the young person moved on smoothly.
+ activities | The inclusive holiday programme was very well received by the families we work
    with.
- activities | There is very little for young people with additional needs to do after school in
    {district}.
- transport | Transport delays mean {kid} regularly misses the start of the school day.
+ transport | The transport team resolved the route problem within the week.
+ family_support.early_help | The early help assessment led to really positive engagement with
    the family.
- family_support | The family did not meet the threshold for support and their situation has
    since deteriorated.
+ family_support.contact | Family time arrangements are now consistent and {kid} is more settled.
+ family_support.foster_carer_support | The foster carers said the support they received this
    year was the best they have had.
> coproduction.multi_agency | A single shared chronology would avoid duplication between
    agencies.
> communication.kept_informed | A short outcome email after each referral would help partners
    close the loop.
? timeliness | Can the local authority confirm the expected date for {thing}?
"""

# Schools and settings (SENCOs, head teachers, governors).
_SCHOOL = """
- timeliness.statutory_deadlines | The amended plan for {kid_obj} following the annual review in
    {month} has still not been issued, so we cannot access the funding attached to the new
    provision.
- provision.unmet_needs | We are funding 1:1 support for {kid_obj} from our notional SEND budget
    and this is not sustainable.
- provision.unmet_needs | Top-up funding was agreed in {month} but has not been paid.
- assessment_plans.ehc_needs_assessment | We submitted the request with two cycles of evidence,
    the EP report and parental views, and it was still refused.
+ assessment_plans.ehc_needs_assessment | The EP report on {kid_obj} was detailed and the
    recommendations were practical for the classroom.
- communication.response_times | Our SENCO has emailed the caseworker {n_times} times this term
    without a reply.
+ communication.response_times | Our link caseworker {staff_first} always responds within a day
    or two.
+ coproduction.multi_agency | The SENCO network sessions have been really useful for sharing
    practice with colleagues in {district}.
- education.exclusion | {Kid} is currently on a reduced timetable as a short-term measure while
    we wait for the plan to be amended.
- education.school_placement | We do not believe we can meet {kid_pos} needs and have said so in
    our consultation response.
- transitions | Several Year 6 pupils with plans still did not have a confirmed secondary
    placement in June.
- transport | {Kid} has missed registration {n_times} times this term because of transport
    delays.
+ staff.praise | On behalf of everyone at {school}, thank you to {staff_full} for {s_his} support
    this year.
- health_wellbeing.therapies | Therapy advice is written into plans but we are not given the
    programmes or training to deliver it.
+ health_wellbeing.mental_health | The mental health support team's work in school has had a
    real impact on pupils' anxiety.
- safety.bullying | We have had {n_times} reports of bullying on the school bus this half term.
+ family_support.early_help | The family support worker has been a huge help in getting {kid_obj} to
    school on time.
- listening.child_voice | Pupils' views are often missing from the draft plans we receive.
? assessment_plans | Can we have an update on the timescale for the plan for {kid_obj}?
"""

# Health professionals (health visitors, school nurses, therapists, paediatricians, GPs).
_HEALTH = """
- timeliness.statutory_deadlines | Requests for health advice are reaching us with less than two
    weeks of the six-week window left.
- coproduction.multi_agency | Health advice we provided was not reflected in the final plan.
+ coproduction.multi_agency | The joint clinic with the SEND team worked well and families valued
    seeing everyone together.
- health_wellbeing.diagnosis | The neurodevelopmental pathway has a waiting time of around
    {months} months, and families are understandably frustrated.
- health_wellbeing.therapies | Therapy capacity means we cannot deliver the weekly sessions that
    some plans specify.
+ health_wellbeing.therapies | Therapy delivered in school, with staff trained alongside, has
    made a clear difference for {kid_obj}.
- health_wellbeing.mental_health | Young people discharged from CAMHS are often returning to us
    within weeks.
+ health_wellbeing.mental_health | The new single point of access has cut the number of
    referrals bounced between services.
- communication.kept_informed | We are not routinely told when a child's plan is finalised.
- information.who_to_contact | It is not clear which social worker now holds the case, which
    makes it hard to share concerns.
+ family_support.early_help | The family responded well to the early help offer and attended
    every session.
- provision.respite | Families of children with complex health needs are waiting too long for
    short breaks.
? coproduction.multi_agency | Could health be invited to annual reviews where therapy is in the
    plan?
"""

# Representative groups, councillors and members of the public: about families in general.
_SYS = """
? communication.kept_informed | How will families be told about progress on the improvement plan?
? family_support.early_help | Will the family hubs be open in the evenings?
? transport | What is the council doing about transport complaints this term?
> listening.child_voice | Young people should be paid or rewarded for their time on panels.
> health_wellbeing.mental_health | Support for families on the CAMHS waiting list should be a
    priority.
> transitions.post16 | Start preparing for adulthood conversations at 14, not 17.
~ coproduction.parent_forum | The forum will share a written summary after our next members'
    meeting.
+ safety | Young people tell us they feel welcome at the youth clubs in {district}.
+ assessment_plans | The new plan template is clearer for families.
- assessment_plans | Families often don't get a copy of their child's plan.
+ assessment_plans.annual_review | Families have noticed annual review paperwork coming back
    quicker.
- assessment_plans.ehc_needs_assessment | Families feel requests for assessment are refused as a
    first response.
+ communication.clarity | The new letter templates are much clearer.
+ communication.response_times | Families tell us replies are quicker since the new duty line.
+ coproduction | The co-production charter is starting to make a difference.
- coproduction | Co-production is still patchy across services.
- education | Attendance of children with SEND is a growing concern.
+ education.exclusion | It is good to see fewer part-time timetables this term.
+ education.school_placement | Families are happy with the new resourced provision.
+ family_support | Families tell us the support they get from the hubs is practical and kind.
+ family_support.contact | Young people in care say family time is better organised.
- family_support.contact | Young people in care tell us family time is often cancelled.
- family_support.early_help | The early help offer is patchy, especially in the villages.
+ family_support.foster_carer_support | Foster carers value the new support groups.
+ health_wellbeing.diagnosis | The new diagnostic pathway is a step forward.
+ health_wellbeing.mental_health | The mental health support teams in schools are valued.
- health_wellbeing.therapies | Therapy is specified in plans and then not delivered.
+ information | The new information leaflets are a real improvement.
- information | Families don't know what support is available to them.
+ information.who_to_contact | Named contacts have made a real difference.
+ listening | Families tell us they feel more listened to than a year ago.
- listening.child_voice | Young people say they are not asked for their views before decisions.
+ listening.tell_it_once | The tell-it-once approach is welcome.
+ provision.respite | The new short breaks offer is well received.
+ provision.specialist_places | The new places in {district} are welcome.
+ provision.unmet_needs | Therapy delivery is improving.
+ safety.bullying | Schools' work on bullying is being noticed by families.
+ safety.community | The detached youth work in {district} is valued by residents.
+ staff.attitude | Families say staff are respectful and kind.
+ staff.change_of_worker | Families value continuity of worker where it happens.
- staff.praise | Staff are clearly doing their best but are stretched thin.
- timeliness | Delays are the biggest frustration for families.
+ timeliness.statutory_deadlines | It is good to see 20-week performance improving.
+ timeliness.waiting_lists | Waiting times have come down.
+ transitions.leaving_care | Care leavers say the new local offer is clearer.
+ transitions.post16 | The supported internship programme is a real success.
- communication.response_times | Families tell us their emails go unanswered for weeks, and many
    only get a reply after making a complaint.
- communication.kept_informed | The most common thing we hear is that families don't know what
    stage their case is at.
+ communication.kept_informed | Families have noticed the fortnightly updates and tell us it
    reduces their anxiety.
- communication.clarity | Decision letters are still full of jargon and don't explain the
    reasons.
+ communication | Communication from {svc} has improved noticeably this year.
- information.local_offer | The Local Offer is still hard to search and out of date in places.
+ information.local_offer | The refreshed Local Offer pages have been well received.
- information.who_to_contact | Families don't know who to contact, especially when a worker
    leaves.
- timeliness.statutory_deadlines | Families are still waiting well beyond the 20-week timescale
    for plans.
- timeliness.waiting_lists | Waiting lists for autism and ADHD assessment come up in almost
    every conversation.
+ timeliness | Timeliness has clearly improved, and families have noticed.
- assessment_plans.plan_quality | Plans are often generic, with vague provision that schools
    cannot deliver.
+ assessment_plans.plan_quality | Plans we see are more specific than a year ago.
- assessment_plans.annual_review | Annual review paperwork is taking months to be processed.
- provision.specialist_places | There is a real shortage of specialist places, particularly in
    {district}.
- provision.respite | Short breaks are very hard to access and the criteria are unclear.
- provision.unmet_needs | Provision written into plans is not being delivered, especially
    speech and language therapy.
+ provision | The new provision in {district} is a welcome step.
- listening | Families feel they are not listened to, and some say they are treated as the
    problem.
- listening.tell_it_once | Families repeat their story every time a worker changes.
+ listening.child_voice | It was good to see young people's views shaping the new strategy.
+ coproduction.parent_forum | The forum's relationship with the council is the strongest it
    has been.
- coproduction.parent_forum | Co-production still too often means being consulted on something
    that has already been decided.
- coproduction.multi_agency | Education, health and care are still not joined up for families.
+ coproduction.multi_agency | The joint work between health and the SEND team is starting to
    show.
+ staff.praise | Families speak very highly of {team}.
- staff.change_of_worker | Staff turnover means families lose trusted relationships.
- staff.attitude | Some families feel judged by professionals when they raise concerns.
- education.exclusion | We are hearing about more children with SEND on part-time timetables.
- education.school_placement | Families are being offered schools that say they cannot meet
    their child's needs.
+ education | Schools in {district} have been very supportive of the new inclusion approach.
- health_wellbeing.mental_health | The wait for CAMHS is the issue families raise most often with
    us.
- health_wellbeing.diagnosis | Families are waiting years for a diagnosis and cannot get support
    without one.
+ health_wellbeing.therapies | The extra speech and language capacity has been noticed.
- safety.bullying | Bullying of disabled children, including online, is a recurring concern.
- safety.community | Young people in {district} tell us the parks and bus station don't feel
    welcoming after dark.
- transitions.post16 | Preparing for adulthood starts far too late for most families.
- transitions.leaving_care | Care leavers tell us they feel the support drops away at 18.
+ transitions | The new transition guide for Year 6 is very good.
- activities | There is very little for disabled children to do in the school holidays.
+ activities | The inclusive holiday programme has been a real success.
- transport | Transport problems are the single biggest issue in our inbox this term.
- transport | Changes to post-16 transport have caused real anxiety for families.
+ transport | The transport team's response to last term's problems was good.
+ family_support.early_help | The family hubs are a real asset and families value them.
- family_support | Families are being told they don't meet thresholds until they reach crisis.
- family_support.foster_carer_support | Foster carers say the out-of-hours support is
    inconsistent.
> communication.response_times | A published response standard for emails would help families.
> information.who_to_contact | Every family should have a named contact and a back-up.
> coproduction.parent_forum | Please involve the forum at the start of the work, not the end.
? timeliness.statutory_deadlines | What percentage of plans were issued within 20 weeks this
    quarter?
? provision.specialist_places | How many specialist places will be added in {district} next
    year?
"""

# Members of the public: neighbours, residents, people who enquired about something.
_PUBLIC = """
- communication.response_times | I emailed about becoming a foster carer and it took three weeks
    to get a reply.
+ communication.response_times | I rang about fostering and someone called me back the same day.
- communication.kept_informed | I filled in the form for the holiday programme and never heard
    whether my grandson had a place.
- information | I wanted to find out about volunteering at the youth club and couldn't find
    anything on the website.
+ information.local_offer | The website had everything I needed about the holiday activities for
    my grandchildren.
- information.who_to_contact | I rang the council three times and got put through to three
    different departments.
- timeliness | My neighbour has been waiting over a year for help for her son and it's
    heartbreaking to watch.
+ timeliness | My friend got help for her daughter far quicker than she expected.
- assessment_plans | My friend's son has been waiting for his EHC plan since before Christmas.
+ assessment_plans | My friend says the new plan for her daughter is so much better than the old
    one.
- provision | There's nothing for disabled children round here in the holidays.
+ provision.specialist_places | The new specialist unit at Hallowmere Primary is great news for
    the area.
- listening | Nobody seems to listen to families round here until it's too late.
+ listening | It's good to see the council asking people what they think.
+ coproduction | I went to the open meeting at {hub} and it felt like people genuinely wanted our
    ideas.
- coproduction | Consultations always seem to be a done deal.
+ staff.praise | The youth workers at {youth_club} are a credit to the council.
- staff.attitude | The person I spoke to on the phone was quite rude and cut me off.
- education | The local primary is full and families on our estate are being sent miles away.
+ education | The school on {street} has done wonders for the kids on our estate.
- health_wellbeing.mental_health | My niece has been waiting over a year to be seen by CAMHS.
+ health_wellbeing | The wellbeing sessions at the library were excellent.
- safety.bullying | Kids are being picked on at the bus stop on {street} every afternoon and
    nobody does anything.
- safety.community | The underpass near the shops needs better lighting. Young people avoid it.
+ safety.community | Since the youth workers started walking round the estate things feel much
    calmer.
- transitions.post16 | There's no help for young people with disabilities once they leave
    school.
+ transitions.post16 | My neighbour's lad got an apprenticeship through the council scheme and
    it's turned him around.
+ activities | The summer holiday programme at {hub} was brilliant for the kids on our road.
- activities | Since the youth club closed there's nothing for teenagers to do and they just hang
    around the shops.
- transport | The school taxis park across driveways on {street} every morning.
+ transport | The school bus drivers are always very courteous.
+ family_support | The family hub is a real lifeline for young mums in {district}.
- family_support.early_help | There used to be a children's centre here and now there's nothing.
? family_support.foster_carer_support | How do I find out about becoming a foster carer?
? activities | Are there any volunteering opportunities at the youth club?
> family_support.early_help | It would be good to have a drop-in at the library for parents.
? information | Where can I find the list of holiday clubs for this summer?
"""

# Engagement officers' own notes of what was said at an event. {audience} is who was there.
_EVT = """
- assessment_plans | {Audience} said they never got a copy of the final plan.
+ assessment_plans.annual_review | Positive feedback about annual reviews being more
    person-centred.
+ assessment_plans.ehc_needs_assessment | {Audience} said the assessment process was clearer this
    time.
- assessment_plans.ehc_needs_assessment | Refusals to assess came up several times.
+ assessment_plans.plan_quality | {Audience} said the newer plans are more specific.
+ communication.clarity | The new letters were described as "much easier to understand".
+ communication.response_times | {Audience} said replies are quicker than last year.
+ coproduction | {Audience} enjoyed being involved and want to come again.
+ coproduction.multi_agency | Good feedback about joint meetings with health and school.
- coproduction.parent_forum | Some {audience} had never heard of the forum.
+ education | {Audience} were positive about support in school this term.
- education | School attendance was a worry for several {audience}.
+ education.exclusion | Fewer part-time timetables reported than at the last session.
- education.school_placement | Some {audience} said the named school cannot meet needs.
+ family_support | {Audience} said the help they have had was practical and kind.
+ family_support.contact | Family time is better organised, according to the group.
- family_support.early_help | Early help support ending too soon was raised.
+ health_wellbeing.diagnosis | The new diagnostic pathway was praised.
+ health_wellbeing.mental_health | The school mental health workers were praised.
- health_wellbeing.therapies | Therapy not delivered as set out in plans.
+ information | The new information pack was well received.
- information | {Audience} said they don't know what help is available.
+ information.who_to_contact | {Audience} like having a named contact.
+ listening | {Audience} said they feel more listened to.
- listening.child_voice | Young people said they aren't asked before decisions are made.
+ listening.tell_it_once | {Audience} welcomed the tell-it-once approach.
+ provision.specialist_places | New specialist places in {district} were welcomed.
+ provision.unmet_needs | {Audience} said support in plans is being delivered more reliably.
+ safety.bullying | {Audience} said bullying is dealt with better at school now.
+ safety.community | {Audience} said the new lighting in the park has helped.
+ staff.attitude | Staff were described as kind and respectful.
+ staff.change_of_worker | {Audience} who have kept the same worker were very positive.
- staff.praise | {Audience} like their workers but say they're "run off their feet".
- timeliness | Delays were the main frustration.
+ timeliness.statutory_deadlines | A couple of families said their plans came within 20 weeks.
+ timeliness.waiting_lists | Waits were reported to be shorter.
+ transitions.leaving_care | Care leavers were positive about the new local offer.
- transitions.leaving_care | Care leavers said support drops away at 18.
+ transitions.post16 | Good feedback about the supported internships.
- communication.response_times | {Audience} said emails to {svc} often go unanswered for weeks.
- communication.kept_informed | Several {audience} said they only hear anything when they chase.
+ communication.kept_informed | {Audience} noticed the regular updates and said it made a real
    difference.
- communication.clarity | Letters were described as "full of jargon" by more than one person.
+ communication | Good feedback about communication from {svc} compared with last year.
- information.local_offer | Most {audience} at the table had never used the Local Offer.
+ information.local_offer | {Audience} liked the new Local Offer pages when shown them on the
    laptop.
- information.who_to_contact | Recurring theme: not knowing who to contact when a worker leaves.
- timeliness.statutory_deadlines | Two families said their plans were past 20 weeks.
- timeliness.waiting_lists | Waiting lists for CAMHS and the autism pathway came up at every
    table.
+ timeliness | A couple of {audience} said things had moved much faster this time round.
- assessment_plans.plan_quality | {Audience} felt plans are too generic and "copy and paste".
- assessment_plans.annual_review | Long waits for annual review paperwork raised again.
+ assessment_plans | Positive comments about the new one-page profile.
- provision.specialist_places | Shortage of specialist places, especially in {district}, raised
    by several {audience}.
- provision.respite | Short breaks: {audience} said the criteria are unclear and the waits long.
+ provision.respite | The Saturday club was praised by everyone who uses it.
- provision.unmet_needs | Therapy in plans not being delivered was a strong theme.
- listening | Some {audience} said they feel "talked at, not listened to".
- listening.tell_it_once | {Audience} are tired of repeating their story to new workers.
+ listening.child_voice | {Audience} were pleased their ideas were used in the new leaflet.
+ coproduction.parent_forum | Strong interest in joining the forum; several new sign-ups.
- coproduction | Some scepticism about whether feedback leads to change.
- coproduction.multi_agency | School and health "not talking to each other" was raised twice.
+ staff.praise | Lots of praise for {staff_first} from {team}, mentioned by several {audience}.
- staff.change_of_worker | Changes of worker were raised by most of the group.
- staff.attitude | One family felt judged at a recent meeting.
- education.exclusion | Part-time timetables came up several times.
+ education.school_placement | {Audience} from {school} were very positive about the school.
- health_wellbeing.mental_health | CAMHS waits were the top concern at this session.
- health_wellbeing.diagnosis | Autism and ADHD assessment waits mentioned by most {audience}.
+ health_wellbeing.therapies | Good feedback about the speech and language drop-ins.
- safety.bullying | Bullying, mostly online, was raised by several {audience}.
- safety.community | {Audience} said the bus station and the park near {street} don't feel
    great after dark.
+ safety | {Audience} said they feel comfortable and welcome at the club.
- transitions.post16 | Worries about post-16 options were raised by {audience} of Year 10 and 11
    students.
+ transitions | The transition visits to secondary were praised.
- activities | {Audience} said there is nothing to do in the holidays, especially in {district}.
+ activities | Really positive about the summer programme, especially the climbing and the beach
    trip.
> activities | Suggestion: more sessions on Friday nights.
- transport | Transport was the main issue: late taxis, changes of driver, no notice.
+ transport | {Audience} said transport has been much better this term.
+ family_support.early_help | {Audience} valued the family hub and the parenting groups.
- family_support | Thresholds for help were described as "impossible".
- family_support.foster_carer_support | Out-of-hours support was criticised by several carers.
+ family_support.foster_carer_support | Carers were positive about the new support group.
- family_support.contact | Young people said family time is often cancelled at short notice.
~ information | {Audience} asked for more information about {thing}.
? information.who_to_contact | Question raised: who do families contact when their worker is
    off?
? timeliness | {Audience} asked when they will hear about {thing}.
~ coproduction | {Audience} would like the next session held in the evening.
"""

# Consultations: (title, voices that answer it, statements about the proposal). A statement
# marked [fam] is in a parent's voice and only used by parents, carers and family members.
_CONSULTATIONS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("Short Breaks Statement review 2024", ("fam", "pro", "sys"), """
+ provision.respite | I support the plan to offer more Saturday and holiday sessions.
+ provision.respite | [fam] A simpler eligibility check would help families like ours who get turned
    away at the first hurdle.
- provision.respite | [fam] Replacing overnight respite with day activities would leave families like
    ours with no real break at all.
- provision.respite | The proposed criteria would exclude autistic children who don't have a
    learning disability, and they need breaks as much as anyone.
- activities | The list of activities looks good on paper but none of them are in {district}.
~ provision.respite | The statement should say how long families will wait between assessment and
    a break actually starting.
+ family_support | I'm glad the statement recognises brothers and sisters need a break too.
"""),
    ("Draft SEND and Inclusion Strategy 2025-2028", ("fam", "pro", "sys"), """
+ coproduction.parent_forum | The commitment to co-production with the Parent Carer Forum is
    welcome, as long as it's real.
+ provision.specialist_places | I'm pleased the strategy admits there aren't enough specialist
    places in the south of the county.
- timeliness | The strategy is full of words like "ambitious" and "holistic" but there are no
    timescales or targets.
- provision | There is nothing in here about what happens to children while they wait.
- education.exclusion | There is nothing about part-time timetables, which are a huge issue.
~ communication.clarity | Please publish a plain English version and an easy read version.
+ education | I like the focus on inclusion in mainstream schools, if the support follows.
- coproduction.multi_agency | [fam] Health is barely mentioned, and that's half our problems.
"""),
    ("Home to school transport: post-16 policy changes", ("fam", "pro", "sys", "yp"), """
- transport | Charging families a contribution for post-16 transport will mean some young people
    can't go to college at all.
- transport | Personal travel budgets sound fine on paper but don't work if you don't drive.
+ transport | Independent travel training is a good idea for young people who can manage it.
~ transport | The policy needs to say what happens when a route is cancelled at short notice.
- transitions.post16 | Young people with plans have a right to education until 25. This policy
    makes that harder.
+ transport | The bus pass option is welcome for those who can use it.
"""),
    ("Family hubs: locations and opening hours", ("fam", "pro", "sys"), """
+ family_support.early_help | [fam] A hub in Saltby Marsh would make a huge difference. At the moment
    we need two buses to get to anything.
- family_support.early_help | Closing the children's centre in {district} to open a hub in town
    makes no sense for families without cars.
~ family_support.early_help | Evening and Saturday opening would help working parents.
+ information | Having everything in one building would stop families being passed around.
- information.who_to_contact | It's not clear which services will actually be in each hub.
"""),
    ("Local Offer website redesign", ("fam", "pro", "sys"), """
+ information.local_offer | The new design is much clearer and the search actually works.
- information.local_offer | It still isn't obvious where to start if your child has just been
    diagnosed.
~ information.local_offer | Please add dates to pages so we know if information is current.
+ information.local_offer | I like the "what's on this week" section.
- information.local_offer | Too much of it is PDFs that you can't read on a phone.
"""),
    ("Care leavers' local offer refresh", ("leaver", "pro", "sys"), """
+ transitions.leaving_care | Council tax exemption until 25 is really good, keep that.
- transitions.leaving_care | The setting up home allowance hasn't gone up in years and doesn't
    cover a cooker and a bed.
~ transitions.leaving_care | It should say clearly what you can get after 21.
+ health_wellbeing.mental_health | Free gym membership and counselling are good ideas.
- transport | The bus pass should be until 25, not 21.
"""),
    ("Youth services review: have your say", ("yp",), """
- activities | if you close the youth club on {street} there will be nowhere to go
+ activities | the youth bus for the villages is a good idea
- safety.community | without the youth club people will just be in the park
~ activities | keep it open on fridays and saturdays thats when we need it
+ coproduction | good that you are asking young people for once
- transport | theres no bus back from the youth club after 8
"""),
    ("Emotional wellbeing and mental health offer for children and young people",
     ("fam", "pro", "sys", "yp"), """
+ health_wellbeing.mental_health | Putting mental health workers in every secondary school is
    the best idea in here.
- health_wellbeing.mental_health | None of this helps if the CAMHS waiting list stays at a year.
- timeliness.waiting_lists | There's nothing for children on the waiting list, and that's where
    they fall apart.
~ health_wellbeing.mental_health | Support should be available in the holidays as well as term.
+ listening.child_voice | It's good that young people helped write this.
"""),
    ("Proposed resourced provision at Hallowmere Primary", ("fam", "pro", "sys"), """
+ provision.specialist_places | [fam] A resourced provision in Hallowmere is long overdue. We
    currently drive 40 minutes each way.
- provision.specialist_places | Twelve places is not enough for the number of children waiting.
~ education.school_placement | How will places be allocated, and will siblings be considered?
- transport | Families from the villages will need transport, and that isn't mentioned.
+ education | Children staying in their local community is exactly what we want.
"""),
)

# Safeguarding disclosures, by who is speaking. Sensitive but not graphic; for testing triage.
_SAFEGUARDING = {
    "yp": """
- safety | i dont feel safe at home when my stepdad has been drinking
- safety | mums boyfriend shouts and throws stuff and im scared to go home after school
- health_wellbeing.mental_health | sometimes i cut myself when it gets too much and no one knows
- health_wellbeing.mental_health | honestly i just wanna kms whats even the point anymore
- health_wellbeing.mental_health | i dont want to be here anymore. i think everyone would be
    better off without me
- health_wellbeing.mental_health | been having thoughts about ending it and i dont know who to
    tell
- safety.community | theres older boys who give me money to take stuff to places and now they
    say i owe them
- safety.community | my mate carries a knife for protection and says i should too
- safety.community | i carry a blade now cos of what happened to my cousin, i need it for
    protection
- safety | stayed out for 3 nights last week and nobody even came looking for me
- family_support | my dad hits my mum and i have to look after my little sister when it kicks off
- family_support | theres hardly ever food at home and im always starving at school
- safety | someone i met online keeps asking me for pictures and says hell share stuff if i
    dont
- safety.community | the gang near the station keep making me run stuff for them and i cant say
    no
""",
    "kids": """
- safety | I don't like going home because daddy gets angry and hurts mummy.
- safety | I'm scared of mummy's boyfriend. He hits me when I'm naughty.
- family_support | Sometimes there is no dinner and I am hungry at bedtime.
- safety | I don't want to go back home. I want to stay at school.
""",
    "leaver": """
- safety | My ex keeps turning up at the flat and I'm scared of him. He's hit me before.
- health_wellbeing.mental_health | I've been having really dark thoughts since I moved into the
    flat. Sometimes I think everyone would be better off without me.
- health_wellbeing.mental_health | I took too many tablets last month and nobody from the team
    knows.
- safety.community | People I used to know are using my flat to deal from and I can't get them
    out.
""",
    "fam": """
- safety.community | I'm really worried about {kid_obj}. Older boys have been giving {him} money and
    {he} came home with a new phone {he} says a friend gave {him}. {He}'s out till all hours and
    won't tell me where.
- safety | {Kid} went missing overnight on {day}. The police found {him} in {place} with a man
    in his twenties.
- safety | My ex-partner has been turning up at the house and threatening me in front of the
    children. I'm scared to be at home.
- health_wellbeing.mental_health | {Kid} told me {he} wants to die and has been looking up ways
    online. CAMHS said the wait is months.
- safety.community | I found a knife in {kid_pos} school bag. {He} says it's for protection because
    of some boys on the estate.
- health_wellbeing.mental_health | {Kid} has started self-harming again. I found cuts on {his}
    arms last night and I don't know what to do.
- safety | {Kid} has been going missing from home and coming back with alcohol and cash.
- safety | {Kid} told me {his} dad hits {him} when {he} stays there at weekends.
""",
    "public": """
- safety.community | I'm worried about the lad next door, he's only about 13. Older boys pick him
    up in a car most nights and he's always got new trainers and phones.
- safety | I can hear the couple next door fighting most nights and the kids crying. Last night
    I heard him say he'd kill her.
- family_support | There's a little girl on our road who's always out on her own late at night,
    in all weathers, with no coat and nothing to eat.
- safety | A teenage girl from the estate keeps getting into cars with older men outside the
    chip shop on {street}.
""",
    "foster": """
- safety | {Kid} went missing again last night and came back at 3am with a new phone and money
    {he} won't explain.
- safety | {Kid} told me that when {he} lived at home {his} dad used to lock {him} in {his} room
    for days.
- health_wellbeing.mental_health | {Kid} said {he} wanted to kill {himself} after family time on
    {day}.
- safety.community | We think {kid} is being groomed online. {He} has been talking to an adult
    who sends {him} gifts.
""",
    "school": """
- family_support | We are concerned about {child_full} ({year_group}), who has arrived hungry
    most days this term, in the same unwashed uniform, and with an untreated tooth abscess.
    Mum has not responded to calls.
- safety | A {year_group} pupil disclosed to a TA today that {he} does not feel safe at home.
    Referral made to the front door.
- safety.community | {Child_full} ({year_group}) has been seen with large amounts of cash and two
    phones, is missing from lessons and is being picked up by unknown adults in cars.
- safety | {Child_full} came into school with bruising to {his} face and said {his} mum's partner
    did it.
- health_wellbeing.mental_health | A {year_group} pupil told staff {he} has been self-harming
    and has a plan to end {his} life.
""",
    "pro": """
- family_support | Home visit: conditions very poor, baby has missed immunisations and two weight
    checks, and the parent appeared to be under the influence.
- safety | At clinic today a 15-year-old disclosed she is in a relationship with a 24-year-old
    man who gives her alcohol and money.
- safety.community | Young person disclosed carrying a knife for protection after being
    threatened by older boys.
- safety | Mother disclosed ongoing domestic abuse; the children witness the incidents.
- health_wellbeing.mental_health | Young person disclosed suicidal thoughts and has taken an
    overdose in the past month.
""",
}

# Framing parts per voice. Role-specific parts override the voice's.
_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "fam": {
        "greet": ("Hi,", "Hello,", "Dear Sir or Madam,", "To whom it may concern,",
                  "Good afternoon,", "Hello there,"),
        "intro": (
            "My {son} {child} is {age} and has {needs}.",
            "I'm writing about my {son}, {child_full}, who is {age} and has {needs}.",
            "{Child} is {age}, in {year_group} at {school}, and has {needs}.",
            "We live in {district} and our {son} {child} has {needs}.",
            "Our {son} {child} ({year_group}, {school}) has an EHC plan for {needs}.",
            "Our youngest, {child}, is {age} and was diagnosed with {needs} last year.",
            "{Child} has been open to {svc} since {month} last year.",
            "For context, {child} is {age} and has {needs}. {He} is at {school}.",
            "I'm {child}'s {parentword}. {He} is {age} and has {needs}.",
        ),
        "thanks": (
            "I just wanted to say a massive thank you to {staff_full} from {team}.",
            "Please pass on our thanks to {staff_first} in {svc}.",
            "I don't normally do this but I had to write to say how grateful we are to "
            "{staff_first}.",
            "We wanted to let you know how much {staff_first}'s support has meant to our family.",
            "Just a quick note to say thank you to everyone in {team}.",
            "I want to put on record our thanks to {staff_full}.",
            "Thank you so much for everything you've done for {kid_obj} this year.",
            "I've complained in the past so it's only fair I say thank you when things go well.",
        ),
        "complain": (
            "I want to make a formal complaint about {svc}.",
            "I'm writing to complain about the way we have been treated by {svc}.",
            "This is my {nth} email about this and I now want it treated as a formal complaint.",
            "I'm not one to complain but I have reached the end of my tether.",
            "I wish to make a Stage 1 complaint.",
            "I am writing to escalate my complaint to Stage 2, as the Stage 1 response did not "
            "address my concerns.",
            "Please log this as a complaint.",
            "I'm sorry to have to write this, but I don't know what else to do.",
        ),
        "complain_pos": (
            "I'm writing to follow up the complaint I made in {month}.",
            "I made a complaint a few weeks ago and wanted to give you an update.",
        ),
        "resolve": (
            "I'm happy for the complaint to be closed now.",
            "Thank you for sorting it out so quickly once it was picked up.",
            "I don't need to take it any further.",
        ),
        "conseq": (
            "{Kid} is going backwards and it breaks my heart.",
            "I've had to reduce my hours at work to cope.",
            "{Kid_pos} behaviour at home has got much worse and {sib} is bearing the brunt of it.",
            "We are at breaking point as a family.",
            "I've spent hours on the phone that I just don't have.",
            "{Kid} asks me every day why {he} can't go to school like {his} friends.",
            "I've had to take unpaid leave for meetings that then get cancelled.",
            "My own health is suffering.",
            "We have lost a whole term.",
        ),
        "emo-": (
            "I am exhausted.", "I honestly don't know what else to do.",
            "It feels like banging my head against a brick wall.",
            "We are so tired of fighting for everything.", "It shouldn't be this hard.",
            "I'm at the end of my tether.", "I feel completely let down.",
            "I'm angry, but mostly I'm just tired.",
        ),
        "emo+": (
            "It has made such a difference to our family.", "I can't thank you enough.",
            "We finally feel like we're getting somewhere.",
            "For the first time in ages I actually slept properly.",
            "It's the first time in a long time I've felt hopeful.",
            "Honestly, it has restored my faith a bit.", "We are so grateful.",
        ),
        "ask": (
            "I want to know why this has happened and what will be done to put it right.",
            "I would like an apology and a named person I can contact.",
            "Please can someone senior look at this.",
            "I want a date for {thing}, in writing.",
            "If I don't get a proper response within 10 working days I will go to the "
            "Ombudsman.",
            "I'd like a meeting with the team manager.",
            "I want the support {kid} has missed to be made up.",
            "I would like a full explanation, not another holding email.",
            "What I want is simple: for someone to do what they said they would do.",
        ),
        "close+": (
            "Please pass this on to {staff_first}'s manager.",
            "Please make sure {staff_first} knows how much we appreciate {s_him}.",
            "Thank you all.", "Keep doing what you're doing.", "We won't forget it.",
        ),
        "close-": (
            "I look forward to your response.",
            "I expect a reply within the timescales in your complaints policy.",
            "I hope nobody else has to go through this.",
            "Please don't just send me another standard letter.",
        ),
        "sign": (
            "Thanks, {me}", "Many thanks, {me_full}", "{me}", "Kind regards, {me_full}",
            "{me} ({child}'s {parentword})", "Regards, {me_full}", "Thank you, {me}",
        ),
        "contact": (
            "You can reach me on {phone}.", "My number is {phone} if it's easier to call.",
            "Please reply to {email} rather than my work address.",
            "Our address is {house} {street}, {place}, {postcode}.",
            "{Child_full}, date of birth {dob}.",
            "{Child}'s NHS number is {nhs} if health need it.",
            "Best to call after 3pm on {phone}.", "My email is {email}.",
        ),
        "qopen": ("Hi, quick question.", "Can anyone help?", "Sorry if this is the wrong place "
                  "to ask.", "I wonder if you can help.", "Hoping someone can point me in the "
                  "right direction."),
        "qclose": ("Thanks in advance.", "Any help appreciated.", "Many thanks in advance."),
        "qgen": ("Is there anything that can be done?", "Who should I be speaking to about this?",
                 "What are the next steps?", "Can someone tell me what is happening?",
                 "Is this normal?", "Is there anything I can do to speed things up?",
                 "Do I need to put this in writing?", "Who is the manager I can speak to?",
                 "Is there someone else I should be contacting?", "What are my options?"),
        "sopen": ("Just a suggestion:", "One thing that would really help:", "An idea:",
                  "Suggestion:", "Something to think about:", "My suggestion would be this.",
                  "If I could change one thing:", "From a parent's point of view:"),
        "sgen": ("It would help if someone looked at how this works for families.",
                 "A simple check-in call would make a big difference.",
                 "Please look at this for other families too.",
                 "Ask parents who have been through it to help redesign it.",
                 "Even a monthly update would help.",
                 "A named person to contact would solve most of this."),
        "lead": ("Honestly, ", "To be honest, ", "Overall, ", "In all honesty, ", "For us, ",
                 "Where do I start. ", "In a word, mixed. ", "Short answer: "),
        "consult_open": (
            "I'm responding as a parent of {age_a}-year-old with {needs}.",
            "We are a family in {district} with two children, one with an EHC plan.",
            "I've read the proposals and want to make a few points.",
            "Thank you for the chance to comment.",
            "As a parent carer in {district}, here are my views.",
        ),
        "consult_close": ("Please take families' views seriously this time.",
                          "I'd be happy to be contacted about this.", "Thank you for reading."),
        "survey+": ("What has worked well for your family?",
                    "What difference has the support made to your child?",
                    "Tell us about something that has gone well."),
        "survey-": ("What's one thing we could do better?", "What has not worked well?",
                    "What would have made things easier for you?"),
        "surveymixed": ("Tell us about your experience of {svc}.",
                        "Is there anything else you would like to tell us?",
                        "How would you describe your experience this year?"),
        "survey~": ("Is there anything else you would like to tell us?",
                    "How would you like us to keep in touch?", "Any other comments?"),
        "conn+-": ("But", "However,", "That said,", "Having said that,", "The only thing is,",
                   "On the other hand,"),
        "conn-+": ("On the plus side,", "To be fair,", "In fairness,", "Having said that,",
                   "That said,", "The one good thing is that"),
    },
    "yp": {
        "intro": ("im {age}", "im in {year_group}", "im {age} and go to {school}",
                  "im in {year_group} at {school}"),
        "thanks": ("thank you {staff_first}", "just wanted to say thanks to {staff_first}",
                   "shout out to {staff_first}", "thanks for everything", "thank u"),
        "complain": ("i want to make a complaint", "this is a complaint", "not happy",
                     "my advocate is helping me write this", "i dont normally complain but"),
        "emo-": ("its not fair", "im so fed up", "its actually so annoying",
                 "it makes me feel like no one cares", "sick of it"),
        "emo+": ("made my day", "it was actually fun", "honestly its helped loads",
                 "best thing ive done all year"),
        "ask": ("i want someone to sort it", "can someone actually do something",
                "i want a different worker", "i want to be told stuff"),
        "sign": ("{child} {age}", "from {child}", "{child}"),
        "qgen": ("what happens now", "who do i talk to about it", "can someone tell me",
                 "is that allowed", "why does no one tell us", "what am i meant to do"),
        "sgen": ("it would be better if you asked us first", "just listen to us more",
                 "sort it out pls", "make it fairer"),
        "lead": ("honestly ", "tbh ", "ngl ", "like ", "idk ", "ok so ", "um "),
        "survey+": ("What's good about {svc}?", "What do you like?", "What's working well?"),
        "survey-": ("What would make it better?", "What don't you like?"),
        "surveymixed": ("Anything else you want to tell us?", "How was it?"),
        "survey~": ("Anything else you want to tell us?",),
        "conn+-": ("but", "but", "tho", "but then"),
        "conn-+": ("but", "but", "at least"),
    },
    "kids": {
        "thanks": ("Thank you {staff_first} for helping me.", "Thank you for the party.",
                   "Dear {staff_first}, thank you."),
        "complain": ("I am not happy.",),
        "emo-": ("It makes me sad.", "I don't like it."),
        "emo+": ("It makes me happy.", "It was the best day ever."),
        "sign": ("{child}, age {age}", "From {child}"),
        "qgen": ("Why?", "Can you help?", "What happens next?", "Can you fix it?",
                 "Can someone tell me why?"),
        "sgen": ("Please make it better.", "Please help.", "Can you sort it out?",
                 "I want it to be fair."),
        "survey+": ("What do you like?", "What makes you happy?"),
        "survey-": ("What makes you sad?", "What would you change?"),
        "surveymixed": ("Anything else?", "Is there anything else you want to say?"),
        "survey~": ("Anything else?",),
        "conn+-": ("But",),
        "conn-+": ("But",),
        "frame": ("(Age {age}, said to staff during stay and play)",
                  "(Age {age}, told nursery staff)", "(Age {age}, said while drawing)"),
    },
    "leaver": {
        "greet": ("Hi,", "Hiya,", "Hello,"),
        "intro": ("I'm {age} and I live in {place}.", "I left care at 18 and I'm {age} now.",
                  "I'm {age}, living in {place} and at {college}.",
                  "I've been out of care for a couple of years now.",
                  "I'm {age} and I've got my own flat in {place}."),
        "thanks": ("Just want to say thanks to my PA {staff_first}.",
                   "Massive thanks to {staff_first} and the leaving care team.",
                   "I don't say it enough but thank you {staff_first}."),
        "complain": ("I want to make a complaint about the leaving care team.",
                     "I'm complaining because I've had enough.",
                     "My advocate said I should put this in writing."),
        "emo-": ("I feel like they've forgotten about me.", "It's stressing me out.",
                 "I'm just tired of it."),
        "emo+": ("It's made a massive difference.", "I actually feel settled for once."),
        "ask": ("I want a PA who actually turns up.", "I want my pathway plan updated properly.",
                "Can someone just ring me back."),
        "sign": ("{child}", "From {child}"),
        "contact": ("My number is {phone}.", "Best to text me on {phone}.",
                    "Email me at {email}."),
        "qgen": ("What am I meant to do?", "Who do I talk to?", "Is that right?",
                 "Can someone ring me about it?", "Am I entitled to anything?"),
        "sgen": ("It would help if someone actually explained things.",
                 "Ask care leavers what they need.", "Just be more reliable."),
        "lead": ("Honestly, ", "Tbh ", "To be fair, ", "Overall, "),
        "survey+": ("What has helped you most since leaving care?",),
        "survey-": ("What could the leaving care team do better?",),
        "surveymixed": ("Anything else you want to tell us?",),
        "survey~": ("Anything else you want to tell us?",),
        "consult_open": ("I'm a care leaver and I'm 20.", "I'm responding as a care leaver.",
                         "I left care two years ago."),
        "conn+-": ("But", "The only thing is"),
        "conn-+": ("To be fair,", "Saying that,"),
    },
    "pro": {
        "greet": ("Dear colleagues,", "Hello,", "Good morning,", "Hi all,"),
        "thanks": ("I would like to pass on my thanks to {staff_full} from {team}.",
                   "I wanted to feed back how positive our recent work with {team} has been.",
                   "Please pass on our thanks to {staff_first}.",
                   "A quick note of thanks to {staff_full}."),
        "complain": ("I wish to raise a concern about the handling of this case.",
                     "I am writing to raise a formal concern.",
                     "Please log this as a professional concern.",
                     "I am writing on behalf of the family, with their consent, to raise a "
                     "complaint."),
        "complain_pos": ("Further to my concern raised in {month}, I wanted to update you.",),
        "resolve": ("The matter has now been resolved.",),
        "conseq": ("This is having a significant impact on {kid_pos} attendance and wellbeing.",
                   "The family are understandably very distressed.",
                   "The current arrangements cannot be sustained.",
                   "There is a real risk that the arrangement will break down."),
        "ask": ("Please could you confirm the timescale and who is responsible.",
                "I would be grateful for an urgent update.",
                "Could this be escalated to the team manager.",
                "Please advise what the local authority intends to do."),
        "close+": ("Many thanks.", "With thanks again.", "Please share this with the team."),
        "close-": ("I am happy to discuss.", "Thank you for your help with this.",
                   "I look forward to hearing from you."),
        "sign": ("{me_full}", "Kind regards, {me_full}"),
        "contact": ("I can be reached on {phone}.", "My direct line is {phone}.",
                    "Please reply to {email}."),
        "qopen": ("A query, please.", "Could you advise?"),
        "qclose": ("Many thanks.", "Thank you."),
        "qgen": ("Please could you advise on next steps?", "Who is the best contact for this?",
                 "Is there a protocol for this?", "Could you confirm the position?",
                 "What is the expected timescale?"),
        "sopen": ("A suggestion:", "For consideration:", "One practical improvement:",
                  "Suggestion from our team:"),
        "sgen": ("It would help partners if this process were reviewed.",
                 "A short protocol agreed with partners would help.",
                 "We would welcome a joint review of the process."),
        "lead": ("Overall, ", "In our experience, ", "From our perspective, ", "In summary, "),
        "consult_open": ("This response is on behalf of our team.",
                         "I am responding in a professional capacity.",
                         "We welcome the opportunity to comment."),
        "consult_close": ("We would welcome further discussion.",),
        "survey+": ("What is working well in how the local authority works with you?",),
        "survey-": ("What could the local authority do better?",),
        "surveymixed": ("Any further comments?",),
        "survey~": ("Any further comments?",),
        "conn+-": ("However,", "That said,", "The concern remains that"),
        "conn-+": ("On a positive note,", "That said,", "In fairness,"),
    },
    "sys": {
        "greet": ("Dear colleagues,", "Hello,", "Good afternoon,"),
        "thanks": ("We want to recognise the work of {staff_full} with the families we support.",
                   "I'd like to pass on thanks to {team}."),
        "complain": ("I want to raise a concern that is coming up repeatedly.",
                     "I am raising this formally."),
        "conseq": ("This is causing real distress to families.",),
        "ask": ("We would welcome a response setting out the timescale for improvement.",
                "Please share the data on this at the next meeting.",
                "I would like a written response."),
        "close+": ("Thank you.", "Please pass this on."),
        "close-": ("I look forward to your response.",),
        "sign": ("{me_full}",),
        "qgen": ("What is being done about this?", "When will this be addressed?",
                 "Can we have an update on this?", "Who is responsible for fixing this?"),
        "sgen": ("We would be happy to help design a better approach.",
                 "Families should be involved in designing the fix.",
                 "A clear published standard would help."),
        "lead": ("Overall, ", "In summary, ", "Broadly, ", "On balance, "),
        "consult_open": ("I've read the proposals with interest.",),
        "consult_close": ("Thank you for the opportunity to respond.",),
        "survey+": ("What is working well?",),
        "survey-": ("What should the council focus on improving?",),
        "surveymixed": ("Any other comments?",),
        "survey~": ("Any other comments?",),
        "conn+-": ("However,", "But", "That said,"),
        "conn-+": ("On the positive side,", "That said,", "To be fair,"),
    },
}

_ROLE_PARTS: dict[str, dict[str, tuple[str, ...]]] = {
    "foster_carer": {
        "intro": (
            "We have been fostering {child} ({age}) since {month} last year.",
            "{Child}, who is {age}, has been with us for {years} years now.",
            "We're foster carers in {district}; {child} ({age}) has lived with us since {date}.",
            "I'm {child}'s foster carer. {He} is {age} and has {needs}.",
        ),
        "consult_open": ("As foster carers of {years} years, here are our thoughts.",
                         "I'm a foster carer in {district}."),
    },
    "family_member": {
        "consult_open": ("I'm {child}'s {parentword} and I help look after {him}.",
                         "I'm responding as a grandparent of a child with {needs}."),
        "intro": (
            "I'm {child}'s {parentword}. {He} is {age} and has {needs}.",
            "My {son} {child} lives with us most of the week. {He} is {age} and has {needs}.",
            "I'm writing about my {son}, {child}, who is {age}.",
        ),
    },
    "school_setting": {
        "intro": ("I am the SENCO at {school} and am writing about {kid_obj}.",
                  "I am writing as head teacher of {school}.",
                  "I am writing on behalf of {school} about {kid_obj}.",
                  "As SENCO at {school}, I want to feed back on our recent experience."),
        "sign": ("{me_full}, SENCO, {school}", "{me_full}, Head Teacher", "{me_full}\nSENCO",
                 "Kind regards, {me_full} (SENCO)"),
        "consult_open": ("This response is from the SENCO at {school}.",
                         "I am responding on behalf of {school}."),
        "conseq": ("This is having a significant impact on {kid_pos} attendance and learning.",
                   "Staff are doing their best but the current arrangement cannot be sustained.",
                   "{Kid_pos} parents are understandably very anxious."),
    },
    "health_professional": {
        "intro": ("I am the {health_title} for {kid_obj}.",
                  "I am writing as a {health_title} working in {district}.",
                  "Feedback from the {health_title} team:"),
        "sign": ("{me_full}, {health_title}", "{me_full}"),
    },
    "social_care_professional": {
        "intro": ("I am {kid_pos} social worker.", "I am writing as a social worker in {team}.",
                  "I am a practitioner in {team}."),
        "sign": ("{me_full}, Social Worker", "{me_full}, Practice Manager", "{me_full}"),
    },
    "other_professional": {
        "intro": ("I am a {other_title} working with {kid_obj} and the family.",
                  "I am writing as a {other_title} in {district}."),
        "sign": ("{me_full}, {other_title}", "{me_full}"),
    },
    "staff": {
        "intro": ("I work in {team} and wanted to feed this back.",
                  "Feedback from a colleague in {team}."),
        "sign": ("{me_full}, {team}", "{me_full}"),
    },
    "partner_organisation": {
        "intro": ("I'm writing on behalf of {org}.", "Feedback from {org} for this quarter.",
                  "{Org} would like to raise the following.",
                  "This is a summary of what families have told {org} recently."),
        "thanks": ("{Org} would like to thank {team} for their work with families this quarter.",
                   "We want to recognise the work of {staff_full} with the families we support."),
        "complain": ("We are raising this on behalf of a family we support, who have consented.",
                     "{Org} wishes to raise a formal concern."),
        "sign": ("{me_full}, {org_short}", "{me}, on behalf of {org}"),
        "consult_open": ("This is the response of {org}, drawing on what families have told us.",
                         "{Org} has consulted its members and our response follows."),
    },
    "elected_member": {
        "intro": ("I'm raising this on behalf of residents in my ward.",
                  "Several constituents in {district} have contacted me about this.",
                  "As the member for {district} {ward_dir}, I want to raise the following.",
                  "I have been contacted by a family in my division."),
        "thanks": ("I want to put on record my thanks to {staff_full}, who helped a family in my "
                   "ward.", "Please pass on my thanks to {team}."),
        "complain": ("I am raising a complaint on behalf of a constituent in {district}.",
                     "I am escalating this on behalf of a family in my ward."),
        "sign": ("Cllr {me_full}", "Councillor {me_full}, {district} {ward_dir}"),
        "consult_open": ("I am responding as the local member for {district} {ward_dir}.",),
    },
    "member_of_public": {
        "thanks": ("I just wanted to say thank you to {team}.",
                   "Please pass on my thanks to {staff_first}, who was very helpful.",
                   "A big thank you to everyone involved."),
        "complain": ("I want to make a complaint.", "I'm writing to complain.",
                     "I'm not happy and want this looked into."),
        "ask": ("I'd like someone to look into this.", "I would appreciate a reply.",
                "Can somebody let me know what will be done?"),
        "intro": ("I don't have a child with SEND myself, but I see what friends go through.",
                  "I'm a childminder in {district}.", "I'm a retired teacher living in {district}.",
                  "I'm a neighbour of a family who are really struggling.",
                  "I'm a grandparent in {district}."),
        "sign": ("{me}", "{me_full}"),
        "consult_open": ("I'm a resident of {district}.",),
    },
}

# Event notes: how the officer opens, who is quoted, and what happens next.
_EVT_PARTS: dict[str, tuple[str, ...]] = {
    "head_parents": ("{n_att} parent carers came, {n_att2} of them for the first time.",
                     "{n_att} parents attended, plus {n_att2} professionals.",
                     "Busy session, around {n_att} families.",
                     "Quiet session, only {n_att2} parents, but good conversations.",
                     "Table {table} (World Café), about {n_att2} parents on the table."),
    "head_yp": ("{n_att} young people attended.", "Session with {n_att} young people aged 11 to "
                "17.", "Small group today, {n_att2} young people.",
                "{n_att} young people, mostly Year 8 and 9."),
    "head_other": ("{n_att} {audience} attended.", "Small group, {n_att2} {audience}.",
                   "Good turnout: {n_att} {audience}."),
    "action": ("Action: {officer_first} to raise with the service manager for {svc} and report "
               "back at the next session.", "Fed back to {team} the same day.",
               "Added to the You Said, We Did log.",
               "{Staff_full} from {team} attended and answered questions.",
               "Follow-up session agreed for next half term.",
               "Leaflets about {thing} to be brought next time.",
               "Contact details taken for two families who want a call back.",
               "Notes by {officer}."),
}

# ---------------------------------------------------------------------------------------------
# Parsing and indexing the pools (done once at import; a few thousand short lines)
# ---------------------------------------------------------------------------------------------

_Entry = tuple[tuple[str, ...], str]  # (slugs, template)


def _parse(block: str) -> list[tuple[str, tuple[str, ...], str]]:
    entries: list[tuple[str, tuple[str, ...], str]] = []
    for raw in block.split("\n"):
        if not raw.strip():
            continue
        if raw[0] in " \t":
            tone, slugs, text = entries[-1]
            entries[-1] = (tone, slugs, text + " " + raw.strip())
            continue
        head, text = raw.split(" | ", 1)
        tone, slug_part = head.split(" ", 1)
        slugs = tuple(slug_part.split("|"))
        if tone not in "+-~?>" or len(tone) != 1:
            raise ValueError(f"bad tone in fragment: {raw!r}")
        for slug in slugs:
            if slug not in _ALL_SLUGS:
                raise ValueError(f"unknown theme slug {slug!r} in fragment: {raw!r}")
        entries.append((tone, slugs, text.strip()))
    return entries


def _index(entries) -> dict[tuple[str, str], tuple[_Entry, ...]]:
    """Index by (slug, tone) and by ("*" + top-level slug, tone) for the whole family."""
    idx: dict[tuple[str, str], list[_Entry]] = {}
    for tone, slugs, text in entries:
        item = (slugs, text)
        idx.setdefault((slugs[0], tone), []).append(item)
        idx.setdefault(("*" + slugs[0].split(".")[0], tone), []).append(item)
    return {key: tuple(items) for key, items in idx.items()}


_P = {name: _parse(block) for name, block in (
    ("fam", _FAM), ("foster", _FOSTER), ("yp", _YP), ("yp_older", _YP_OLDER), ("kids", _KIDS),
    ("tots", _TOTS),
    ("leaver", _LEAVER), ("pro", _PRO), ("school", _SCHOOL), ("health", _HEALTH),
    ("sys", _SYS), ("public", _PUBLIC), ("evt", _EVT),
)}
_REG: dict[str, dict[tuple[str, str], tuple[_Entry, ...]]] = {
    "fam": _index(_P["fam"]),
    "foster": _index(_P["foster"] * 2 + _P["fam"]),
    "yp": _index(_P["yp"]),
    "yp_older": _index(_P["yp"] + _P["yp_older"] * 2),
    "kids": _index(_P["kids"]),
    "tots": _index(_P["tots"]),
    "leaver": _index(_P["leaver"]),
    "pro": _index(_P["pro"]),
    "school": _index(_P["school"] * 2 + _P["pro"]),
    "health": _index(_P["health"] * 2 + _P["pro"]),
    "sys": _index(_P["sys"]),
    "public": _index(_P["public"]),
    "evt": _index(_P["evt"]),
}
# Registers in the speaker's own voice, then ones close enough to fall back on.
_NEAR_FAR: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "fam": (("fam",), ("sys", "pro")),
    "foster": (("foster",), ("sys", "pro")),
    "yp": (("yp",), ("leaver", "kids")),
    "yp_older": (("yp_older",), ("leaver", "yp")),
    "kids": (("kids",), ("yp",)),
    "tots": (("tots",), ("kids",)),
    "leaver": (("leaver",), ("yp_older",)),
    "pro": (("pro",), ("sys", "fam")),
    "school": (("school",), ("sys", "fam")),
    "health": (("health",), ("sys", "fam")),
    "sys": (("sys",), ("pro",)),
    "public": (("public",), ("sys", "fam")),
    "evt": (("evt",), ("sys", "pro")),
}

_CONS = tuple(
    (title, voices,
     _index([(t, sl, x.removeprefix("[fam] ")) for t, sl, x in _parse(block)]),
     _index([(t, sl, x) for t, sl, x in _parse(block) if not x.startswith("[fam] ")]))
    for title, voices, block in _CONSULTATIONS
)
_SG = {voice: tuple((slugs, text) for _, slugs, text in _parse(block))
       for voice, block in _SAFEGUARDING.items()}


_CHILD_REGS = frozenset({"yp", "yp_older", "kids", "tots", "leaver"})
_LOOKUP_CACHE: dict[tuple[str, str, str, bool, bool], tuple[_Entry, ...] | None] = {}


# When nothing on a theme has the wanted tone: the nearest tones first.
_RELAXED = {"+": "+~>?-", "-": "-~?>+", "~": "~?>-+", "?": "?~>-+", ">": ">~?-+"}


def _lookup(reg: str, slug: str, tones: str, near_only: bool = False,
            siblings: bool = True) -> tuple[_Entry, ...] | None:
    """Fragments for slug in the speaker's voice, falling back to related voices and themes.

    Order, for each acceptable tone: the speaker's own voice on exactly this theme; (for a
    top-level theme, or for children, who should keep their own voice) any sub-code of it in the
    speaker's voice; then the same in related voices. Last resort for a sub-code: its siblings
    (unless siblings=False). near_only=True keeps to the speaker's own voice.
    """
    key = (reg, slug, tones, near_only, siblings)
    if key in _LOOKUP_CACHE:
        return _LOOKUP_CACHE[key]
    near, far = _NEAR_FAR[reg]
    if near_only:
        far = ()
    top = slug.split(".", 1)[0]
    family = "*" + top
    widen = slug == top or reg in _CHILD_REGS
    steps = []
    for tone in tones:
        steps += [(r, (slug, tone)) for r in near]
        if widen:
            steps += [(r, (family, tone)) for r in near]
        steps += [(r, (slug, tone)) for r in far]
        if widen:
            steps += [(r, (family, tone)) for r in far]
    if slug != top and siblings:
        steps += [(r, (family, tone)) for tone in tones for r in near + far]
    found = next((_REG[r][k] for r, k in steps if _REG[r].get(k)), None)
    _LOOKUP_CACHE[key] = found
    return found


# ---------------------------------------------------------------------------------------------
# Who speaks how
# ---------------------------------------------------------------------------------------------

_VOICE_OF_ROLE = {
    "parent_carer": "fam", "family_member": "fam", "foster_carer": "foster",
    "child_young_person": "yp", "care_leaver": "leaver", "school_setting": "school",
    "health_professional": "health", "social_care_professional": "pro",
    "other_professional": "pro", "staff": "pro", "partner_organisation": "sys",
    "elected_member": "sys", "member_of_public": "public",
}
_PARTS_VOICE = {"fam": "fam", "foster": "fam", "yp": "yp", "yp_older": "yp", "kids": "kids",
                "tots": "tots",
                "leaver": "leaver", "pro": "pro", "school": "pro", "health": "pro", "sys": "sys",
                "public": "sys"}
_CONS_VOICE = {"fam": "fam", "yp": "yp", "kids": "yp", "tots": "yp", "leaver": "leaver", "pro": "pro",
               "sys": "sys"}
_AGE_RANGES = {"0-4": (1, 4), "5-10": (5, 10), "11-15": (11, 15), "16-17": (16, 17),
               "18-25": (18, 24)}
_PARENT_AGES = (3, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15,
                16, 17, 18)

# Per voice: probabilities of the optional parts, most fragments in a body, chance of a typo.
_STYLE: dict[str, dict[str, float]] = {
    "fam": {"greet": .45, "intro": .7, "thanks": .85, "emo": .45, "conseq": .45, "ask": .8,
            "contact": .12, "close": .45, "sign": .55, "extra": .55, "max": 4, "typo": .14,
            "nl": .3},
    "yp": {"greet": 0, "intro": .2, "thanks": .5, "emo": .3, "conseq": 0, "ask": .3,
           "contact": 0, "close": 0, "sign": .1, "extra": .3, "max": 2, "typo": .3, "nl": 0},
    "tots": {"greet": 0, "intro": 0, "thanks": .2, "emo": .2, "conseq": 0, "ask": 0,
             "contact": 0, "close": 0, "sign": 0, "extra": .2, "max": 2, "typo": 0, "nl": 0},
    "kids": {"greet": 0, "intro": 0, "thanks": .4, "emo": .25, "conseq": 0, "ask": 0,
             "contact": 0, "close": 0, "sign": .12, "extra": .25, "max": 2, "typo": .3,
             "nl": 0},
    "leaver": {"greet": .15, "intro": .4, "thanks": .7, "emo": .35, "conseq": 0, "ask": .5,
               "contact": .06, "close": 0, "sign": .2, "extra": .4, "max": 3, "typo": .15,
               "nl": 0},
    "pro": {"greet": .5, "intro": .75, "thanks": .9, "emo": 0, "conseq": .35, "ask": .8,
            "contact": .06, "close": .5, "sign": .6, "extra": .5, "max": 3, "typo": .03,
            "nl": .35},
    "sys": {"greet": .3, "intro": .75, "thanks": .8, "emo": 0, "conseq": .25, "ask": .6,
            "contact": 0, "close": .35, "sign": .5, "extra": .5, "max": 3, "typo": .04,
            "nl": .2},
}

_TONE_CUM: dict[str, tuple[int, ...]] = {  # cumulative: positive, neutral, negative, mixed
    RecordKind.COMPLIMENT.value: (85, 85, 85, 100),
    RecordKind.COMPLAINT.value: (0, 0, 85, 100),
    RecordKind.SURVEY_RESPONSE.value: (25, 35, 65, 100),
    RecordKind.COMMENT.value: (30, 45, 80, 100),
    RecordKind.SUGGESTION.value: (5, 55, 80, 100),
    RecordKind.QUESTION.value: (0, 75, 100, 100),
    RecordKind.CONSULTATION_RESPONSE.value: (20, 35, 65, 100),
    RecordKind.EVENT_NOTE.value: (20, 30, 50, 100),
}
_COMPLIMENT_BIAS = (("staff.praise", 5), ("communication.kept_informed", 3),
                    ("communication.response_times", 2), ("communication.clarity", 2),
                    ("coproduction.multi_agency", 1), ("listening", 1))
_COMPLAINT_BIAS = (("communication.response_times", 4), ("communication.kept_informed", 3),
                   ("staff.attitude", 1), ("listening", 1), ("timeliness", 1))


def _cum(pairs):
    slugs, total, cum = [], 0, []
    for slug, weight in pairs:
        total += weight
        slugs.append(slug)
        cum.append(total)
    return tuple(slugs), tuple(cum)


_AREA_CUM = {code: _cum(area.themes) for code, area in _AREAS.items()}
_AREA_TOP_CUM = {
    code: {top: _cum([(s, w) for s, w in area.themes if s.split(".")[0] == top])
           for top in {s.split(".")[0] for s, _ in area.themes}}
    for code, area in _AREAS.items()
}
_BIAS_CUM = {RecordKind.COMPLIMENT.value: _cum(_COMPLIMENT_BIAS),
             RecordKind.COMPLAINT.value: _cum(_COMPLAINT_BIAS)}
_GENERIC_AREA = _Area(
    "other", ("the service", "the team", "the council"), ("worker",), ("plan",),
    ("assessment",), ("a reply", "an update", "a decision"), ("the team",),
    (("communication", 3), ("staff", 2), ("timeliness", 1), ("information", 1),
     ("listening", 1), ("provision", 1)),
)
_AREA_CUM[_GENERIC_AREA.code] = _cum(_GENERIC_AREA.themes)
_AREA_TOP_CUM[_GENERIC_AREA.code] = {s: _cum([(s, 1)]) for s, _ in _GENERIC_AREA.themes}

_AUDIENCE = {
    "parent_carer": "parents", "family_member": "parents", "foster_carer": "foster carers",
    "child_young_person": "young people", "care_leaver": "care leavers",
    "school_setting": "SENCOs", "health_professional": "health colleagues",
    "social_care_professional": "practitioners", "other_professional": "practitioners",
    "staff": "staff", "partner_organisation": "forum members", "elected_member": "members",
    "member_of_public": "residents",
}
_SPEAKER = {
    "family_member": ("grandparent", "nan", "relative"), "elected_member": ("councillor",),
    "children": ("child", "Year 3 pupil", "little boy", "little girl"),
    "parents": ("mum", "dad", "parent", "mum"), "young people": (
        "young person", "Year 9 student", "member of the youth council", "young person"),
    "foster carers": ("foster carer", "kinship carer"), "care leavers": ("care leaver",),
    "SENCOs": ("SENCO", "head teacher"), "health colleagues": ("health visitor", "therapist"),
}
_EVENTS_BY_AUDIENCE = {
    "parents": _EVENTS_PARENTS, "young people": _EVENTS_YP, "care leavers": _EVENTS_LEAVERS,
    "children": _EVENTS_CHILDREN,
    "foster carers": _EVENTS_FOSTER, "SENCOs": _EVENTS_PRO, "health colleagues": _EVENTS_PRO,
    "practitioners": _EVENTS_PRO, "staff": _EVENTS_PRO, "forum members": _EVENTS_PARENTS,
    "members": _EVENTS_MEMBERS, "residents": _EVENTS_MEMBERS,
}

_NEEDS = (
    "autism", "ADHD and dyslexia", "Down's syndrome", "cerebral palsy",
    "a speech and language disorder", "global developmental delay", "SEMH needs",
    "sensory processing difficulties", "a hearing impairment", "autism and a learning disability",
    "epilepsy and learning difficulties", "a rare genetic condition",
    "social communication difficulties (we're still waiting for a diagnosis)",
    "a visual impairment", "dyspraxia", "complex medical needs", "severe anxiety and autism",
    "a moderate learning difficulty", "PDA", "Tourette's",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_ORDINAL = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_HEALTH_TITLES = ("health visitor", "school nurse", "speech and language therapist",
                  "community paediatrician", "specialist nurse", "occupational therapist", "GP")
_OTHER_TITLES = ("police schools officer", "support worker at a local charity",
                 "housing officer", "Portage worker", "early years practitioner",
                 "youth worker at a local charity")


# ---------------------------------------------------------------------------------------------
# Per-text context: fills {slots} lazily, so only what a text uses is generated
# ---------------------------------------------------------------------------------------------


def _ch(c, seq):
    """random.choice, but cheaper: one call to random() (compose runs hundreds of thousands)."""
    return seq[int(c.rnd() * len(seq))]


def _ri(c, lo: int, hi: int) -> int:
    return lo + int(c.rnd() * (hi - lo + 1))


def _wch(rnd, seq, cum):
    """Weighted choice from cumulative weights."""
    return seq[_bisect(cum, rnd() * cum[-1])]


class _Ctx(dict):
    __slots__ = ("_adult", "_age", "_child", "_group", "_rel", "_staff", "_staff2", "_surname",
                 "age_hint", "area", "band", "f", "kid_named", "names", "pvoice", "reg", "rnd",
                 "rng", "role", "slugs", "used", "voice")

    def __init__(self, f, rng, role, voice, reg, area, band):
        dict.__init__(self)
        self.f = f
        self.rng = rng
        self.rnd = rng.random
        self.role = role
        self.voice = voice
        self.reg = reg
        self.pvoice = _PARTS_VOICE[reg]
        self.area = area
        self.band = band
        self.names: list[str] = []
        self.slugs: list[str] = []
        self.used: set[int] = set()
        self.kid_named = False
        self.age_hint: tuple[int, int] | None = None
        self._adult = self._age = self._child = self._group = self._rel = None
        self._staff = self._staff2 = self._surname = None

    def __missing__(self, key: str) -> str:
        fn = _SLOTS.get(key)
        if fn is not None:
            value = fn(self)
            if key not in _DYNAMIC:
                self[key] = value
            return value
        low = key[:1].lower() + key[1:]
        if low != key and low in _SLOTS:
            value = self[low] if low not in _DYNAMIC else _SLOTS[low](self)
            value = value[:1].upper() + value[1:]
            if low not in _DYNAMIC:
                self[key] = value
            return value
        raise KeyError(key)

    # --- people -------------------------------------------------------------------------
    def group(self):
        if self._group is None:
            self._group = _wch(self.rnd, _NAME_GROUPS, _GROUP_CUM)
        return self._group

    def surname(self) -> str:
        if self._surname is None:
            self._surname = _ch(self, self.group()[5])
        return self._surname

    def child(self) -> tuple[str, str, bool]:
        if self._child is None:
            rng = self.rng
            group = self.group()
            male = rng.random() < (0.5 if self.pvoice in ("yp", "kids", "tots", "leaver") else 0.62)
            if rng.random() < 0.06:  # mixed heritage: first name from another group
                group = _wch(self.rnd, _NAME_GROUPS, _GROUP_CUM)
            first = _ch(self, group[1] if male else group[2])
            self._child = (first, self.surname(), male)
            self.names.append(first)
            self.names.append(f"{first} {self._child[1]}")
        return self._child

    def adult(self) -> tuple[str, str, bool]:
        if self._adult is None:
            rng = self.rng
            role = self.role
            if self.pvoice in ("yp", "kids", "tots", "leaver"):
                first, last, male = self.child()
            elif role in ("parent_carer", "family_member", "foster_carer", "member_of_public"):
                group = self.group()
                if role == "family_member":
                    male = self.rel()[2]
                else:
                    male = rng.random() < (0.22 if role == "parent_carer" else 0.35)
                first = _ch(self, group[3] if male else group[4])
                last = self.surname() if rng.random() < 0.85 else _ch(self, group[5])
            else:
                group = _wch(self.rnd, _NAME_GROUPS, _GROUP_CUM)
                male = rng.random() < 0.3
                first = _ch(self, group[3] if male else group[4])
                last = _ch(self, group[5])
            self._adult = (first, last, male)
            self.names.append(first)
            self.names.append(f"{first} {last}")
        return self._adult

    def rel(self) -> tuple[str, str, bool]:
        """Family member's relation: (child word if boy, if girl, speaker is male)."""
        if self._rel is None:
            r = self.rnd()
            if r < 0.45:
                self._rel = ("grandson", "granddaughter", False)
            elif r < 0.6:
                self._rel = ("grandson", "granddaughter", True)
            elif r < 0.85:
                self._rel = ("nephew", "niece", False)
            else:
                self._rel = ("nephew", "niece", True)
        return self._rel

    def staff(self) -> tuple[str, str, bool]:
        if self._staff is None:
            self._staff = _ch(self, self.f._staff_for(self.area.code))
            self.names.append(self._staff[0])
            self.names.append(f"{self._staff[0]} {self._staff[1]}")
        return self._staff

    def staff2(self) -> tuple[str, str, bool]:
        if self._staff2 is None:
            first = self.staff()
            pool = self.f._staff_for(self.area.code)
            other = _ch(self, pool)
            if other == first:
                other = _ch(self, self.f._all_staff)
            self._staff2 = other
            self.names.append(other[0])
        return self._staff2

    def age(self) -> int:
        if self._age is None:
            if self.age_hint is not None and self.pvoice not in ("yp", "kids", "tots", "leaver"):
                self._age = _ri(self, *self.age_hint)
            elif self.band is not None:
                self._age = _ri(self, *_AGE_RANGES[self.band])
            elif self.pvoice == "leaver":
                self._age = _ri(self, 18, 24)
            else:
                self._age = _ch(self, _PARENT_AGES)
        return self._age

    def first_mention(self, form: str) -> str:
        """How the speaker first names the child: form is "subj", "obj" or "pos"."""
        first, last, male = self.child()
        r = self.rnd()
        role = self.role
        if role == "parent_carer":
            son = "son" if male else "daughter"
            s = (f"my {son}" if r < .45 else first if r < .7 else
                 f"my {son} {first}" if r < .85 else f"our {son}")
        elif role == "family_member":
            son = self.rel()[0 if male else 1]
            s = f"my {son}" if r < .5 else first if r < .8 else f"my {son} {first}"
        elif role == "foster_carer":
            s = (("the boy we look after" if male else "the girl we look after") if r < .3
                 else first if r < .65 else ("our foster son" if male else "our foster daughter")
                 if r < .85 else "the young person in our care")
        elif role == "school_setting":
            s = (f"{first} {last} ({_year_group(self.age())})" if r < .45 and form != "pos"
                 else f"{first} {last}" if r < .75 else "the pupil")
        elif self.pvoice == "pro":
            s = f"{first} {last}" if r < .5 else first if r < .8 else "the young person"
        else:
            s = first
        return s + "'s" if form == "pos" else s


def _year_group(age: int) -> str:
    if age <= 3:
        return "nursery"
    if age == 4:
        return "Reception"
    if age <= 17:
        return f"Year {age - 4}"
    return "post-16"


def _pronoun(c: _Ctx, he: str, she: str) -> str:
    return he if c.child()[2] else she


def _kid(form: str, he: str, she: str):
    def slot(c: _Ctx) -> str:
        if c.kid_named:
            return he if c.child()[2] else she
        c.kid_named = True
        return c.first_mention(form)
    return slot


def _school(c: _Ctx) -> str:
    age, rng = c.age(), c.rng
    if age <= 3:
        return _ch(c, _NURSERIES)
    if rng.random() < 0.12:
        return _ch(c, _SPECIALS)
    if age <= 10:
        return _ch(c, _PRIMARIES)
    if age <= 15:
        return _ch(c, _SECONDARIES) if rng.random() < .94 else _ch(c, _PRUS)
    return _ch(c, _COLLEGES)


def _date(c: _Ctx) -> str:
    rng = c.rng
    d = _ri(c, 1, 28)
    m = _ri(c, 1, 12)
    r = rng.random()
    if r < .4:
        return f"{d} {_MONTHS[m - 1]}"
    if r < .6:
        return f"the {d}{_ORDINAL.get(d, 'th')} of {_MONTHS[m - 1]}"
    if r < .85:
        return f"{d}/{m}"
    return f"{d:02d}.{m:02d}.{_ri(c, 22, 25)}"


def _phone(c: _Ctx) -> str:
    n = int(c.rnd() * 1000)
    return f"07700 900{n:03d}" if c.rnd() < .65 else f"01632 960{n:03d}"


def _email(c: _Ctx) -> str:
    first, last, _ = c.adult()
    first = first.lower().replace(" ", "").replace("'", "")
    last = last.lower().replace(" ", "").replace("'", "")
    rng = c.rng
    r = rng.random()
    local = (f"{first}.{last}" if r < .4 else f"{first[0]}{last}{_ri(c, 1, 99)}" if r < .7
             else f"{first}{_ri(c, 70, 99)}")
    return local + ("@example.org" if rng.random() < .5 else "@example.com")


def _postcode(c: _Ctx) -> str:
    return (f"WR{_ri(c, 1, 14)} {_ri(c, 1, 9)}"
            f"{_ch(c, _POSTCODE_LETTERS)}{_ch(c, _POSTCODE_LETTERS)}")


def _nhs(c: _Ctx) -> str:
    """A number in the NHS test range (999...) with a valid modulus 11 check digit."""
    while True:
        digits = [9, 9, 9] + [int(c.rnd() * 10) for _ in range(6)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            s = "".join(map(str, digits)) + str(check)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def _dob(c: _Ctx) -> str:
    return f"{_ri(c, 1, 28):02d}/{_ri(c, 1, 12):02d}/{2024 - c.age()}"


def _sib(c: _Ctx) -> str:
    group = c.group()
    first = c.child()[0]
    name = _ch(c, group[1] if c.rnd() < .5 else group[2])
    if name == first:
        name = _ch(c, group[2] if name in group[1] else group[1])
    c.names.append(name)
    return name


def _parentword(c: _Ctx) -> str:
    role = c.role
    if role == "family_member":
        son, _, male = c.rel()
        if son == "grandson":
            return "grandad" if male else "nan"
        return "uncle" if male else "auntie"
    male = c.adult()[2]
    if role == "foster_carer":
        return _ch(c, ("foster carer", "foster dad" if male else "foster mum"))
    return "dad" if male else "mum"


def _son(c: _Ctx) -> str:
    male = c.child()[2]
    if c.role == "family_member":
        return c.rel()[0 if male else 1]
    if c.role == "foster_carer":
        return "foster son" if male else "foster daughter"
    return "son" if male else "daughter"


def _my_worker(c: _Ctx) -> str:
    r = c.rnd()
    if r < .35:
        return "our " + c["worker"]
    if r < .75:
        return c.staff()[0]
    return "the " + c["worker"]


def _team(c: _Ctx) -> str:
    """A team name as it reads in a sentence ("the Short Breaks Team", "Adopt Wrenshire")."""
    name = _ch(c, c.area.teams)
    c["_team_bare"] = name
    return name if name.startswith(("Wrenshire", "Adopt", "the ")) else "the " + name


def _words(*options):
    return lambda c: _ch(c, options)


_SLOTS = {
    # the child
    "child": lambda c: c.child()[0],
    "child_full": lambda c: f"{c.child()[0]} {c.child()[1]}",
    "he": lambda c: _pronoun(c, "he", "she"),
    "him": lambda c: _pronoun(c, "him", "her"),
    "his": lambda c: _pronoun(c, "his", "her"),
    "himself": lambda c: _pronoun(c, "himself", "herself"),
    "boy": lambda c: _pronoun(c, "boy", "girl"),
    "son": _son,
    "kid": _kid("subj", "he", "she"),
    "kid_obj": _kid("obj", "him", "her"),
    "kid_pos": _kid("pos", "his", "her"),
    "age": lambda c: str(c.age()),
    "age_a": lambda c: ("an " if c.age() in (8, 11, 18) else "a ") + str(c.age()),
    "year_group": lambda c: _year_group(c.age()),
    "school": _school,
    "special_school": lambda c: _ch(c, _BASES),
    "college": lambda c: _ch(c, _COLLEGES),
    "needs": lambda c: _ch(c, _NEEDS),
    "sib": _sib,
    "dob": _dob,
    "nhs": _nhs,
    # the person writing
    "me": lambda c: c.adult()[0],
    "me_full": lambda c: f"{c.adult()[0]} {c.adult()[1]}",
    "parentword": _parentword,
    # staff
    "staff_first": lambda c: c.staff()[0],
    "staff_full": lambda c: f"{c.staff()[0]} {c.staff()[1]}",
    "s_he": lambda c: "he" if c.staff()[2] else "she",
    "s_him": lambda c: "him" if c.staff()[2] else "her",
    "s_his": lambda c: "his" if c.staff()[2] else "her",
    "staff2_first": lambda c: c.staff2()[0],
    "officer": lambda c: _officer(c, True),
    "officer_first": lambda c: _officer(c, False),
    "my_worker": _my_worker,
    # the service
    "svc": lambda c: _ch(c, c.area.svc),
    "worker": lambda c: _ch(c, c.area.worker),
    "plan": lambda c: _ch(c, c.area.plan),
    "assessment": lambda c: _ch(c, c.area.assessment),
    "thing": lambda c: _ch(c, c.area.thing),
    "team": lambda c: _team(c),
    # places and contact details
    "district": _words(*_DISTRICTS),
    "place": _words(*_PLACES),
    "street": _words(*_STREETS),
    "house": lambda c: str(_ri(c, 1, 140)),
    "hub": _words(*_HUBS),
    "youth_club": _words(*_YOUTH_CLUBS),
    "postcode": _postcode,
    "phone": _phone,
    "email": _email,
    "org": _words(*_ORGS),
    "org_short": lambda c: c["org"].removeprefix("the "),
    "ward_dir": _words("North", "South", "East", "West", "Central", "and Villages"),
    "health_title": _words(*_HEALTH_TITLES),
    "other_title": _words(*_OTHER_TITLES),
    "audience": lambda c: _AUDIENCE.get(c.role, "parents"),
    # time and numbers
    "date": _date,
    "month": _words(*_MONTHS),
    "day": _words(*_DAYS),
    "weeks": lambda c: str(_ri(c, 3, 16)) if c.rnd() < .7 else _ch(
        c, ("three", "four", "six", "eight")),
    "weeks_late": lambda c: str(_ri(c, 22, 52)),
    "months": _words("4", "5", "6", "7", "8", "9", "10", "11", "14", "15", "18", "22", "six",
                     "eight", "nine", "eighteen"),
    "n_times": _words("three", "four", "five", "six", "seven", "eight", "10", "12"),
    "n_people": _words("five", "six", "seven", "eight", "nine", "ten"),
    "n_workers": _words("three", "four", "five", "six"),
    "years": lambda c: str(_ri(c, 2, 15)),
    "nth": _words("third", "fourth", "fifth", "sixth"),
    "time": _words("7.05", "7.10am", "ten past seven", "half six", "6.50am", "twenty to seven"),
    "n_att": lambda c: str(_ri(c, 6, 38)),
    "n_att2": lambda c: str(_ri(c, 2, 6)),
    "table": lambda c: str(_ri(c, 1, 8)),
}
_DYNAMIC = frozenset({"kid", "kid_obj", "kid_pos"})


def _officer(c: _Ctx, full: bool) -> str:
    if "_officer" not in c:
        o = _ch(c, c.f._officers)
        c["_officer"] = o  # type: ignore[assignment]
        c.names.append(o[0])
        c.names.append(f"{o[0]} {o[1]}")
    o = c["_officer"]
    return f"{o[0]} {o[1]}" if full else o[0]


# Words that start a fragment and may be lower-cased after a connective ("However, my son...").
# The first words of every template, plus what slots put first, minus names and proper nouns.
_KEEP_CAPS = frozenset({"I", "I'd", "I'm", "I've", "I'll", "English", "Section", "Staying",
                        "Christmas", "Saturday", "Wrenshire", "Local"})
_DECAP = frozenset(
    {"My", "Our", "He", "She", "His", "Her", "The", "We", "It", "There", "They", "This", "Their"}
    | {t.split(" ", 1)[0] for entries in _P.values() for _, _, t in entries}
    | {t.split(" ", 1)[0] for _, _, block in _CONSULTATIONS for _, _, t in _parse(block)}
) - _KEEP_CAPS
_DECAP = frozenset(w for w in _DECAP if w[:1].isupper() and not w.isupper() and "{" not in w)

_TYPOS_ADULT = (
    ("received", "recieved"), ("definitely", "definately"), ("separate", "seperate"),
    ("because", "becuase"), ("appointment", "appointmnet"), ("really", "realy"),
    ("which", "wich"), ("until", "untill"), ("necessary", "neccessary"),
    ("assessment", "assesment"), ("arranged", "arrainged"), ("don't", "dont"), ("I'm", "Im"),
    ("can't", "cant"), ("it's", "its"), (" the ", " the the "), ("school", "shcool"),
    ("about", "abuot"), ("their ", "there "), ("weeks", "weks"), ("haven't", "havent"),
    ("though", "tho"), (". ", ".  "), ("information", "infomation"), ("meeting", "meeitng"),
)
_TYPOS_YP = (
    ("because", "cos"), ("people", "ppl"), ("please", "pls"), ("really", "rly"),
    ("something", "smth"), ("going to", "gonna"), ("want to", "wanna"), ("don't", "dont"),
    ("school", "skool"), ("you", "u"), ("your", "ur"), ("to be honest", "tbh"),
    ("though", "tho"), ("about", "abt"), ("are", "r"),
)
_TYPOS_KIDS = (
    ("because", "becos"), ("friends", "frends"), ("really", "realy"), ("school", "scool"),
    ("scared", "scard"), ("trampoline", "trampolene"), ("worried", "worryed"),
    ("I like", "i like"), ("sometimes", "somtimes"), ("people", "peple"),
)
_TYPOS = {"fam": _TYPOS_ADULT, "leaver": _TYPOS_ADULT, "pro": _TYPOS_ADULT,
          "sys": _TYPOS_ADULT, "yp": _TYPOS_YP, "kids": _TYPOS_KIDS, "tots": _TYPOS_KIDS}


def _word_at(text: str, word: str) -> int:
    """Index of the first whole-word occurrence of word in text, or -1."""
    start = text.find(word)
    n = len(word)
    while start >= 0:
        before = text[start - 1] if start else " "
        after = text[start + n] if start + n < len(text) else " "
        if not (before.isalpha() and word[0].isalpha()) and not (
                after.isalpha() and word[-1].isalpha()):
            return start
        start = text.find(word, start + 1)
    return -1


def _has_word(text: str, name: str) -> bool:
    start = text.find(name)
    n = len(name)
    while start >= 0:
        before = text[start - 1] if start else " "
        after = text[start + n] if start + n < len(text) else " "
        if not before.isalpha() and not after.isalpha():
            return True
        start = text.find(name, start + 1)
    return False


# ---------------------------------------------------------------------------------------------
# The factory
# ---------------------------------------------------------------------------------------------


class TextFactory:
    """Makes demo free text. Deterministic for the state of the `random.Random` it is given."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        names_rng = random.Random(rng.getrandbits(64))
        taken: set[str] = set()

        def person() -> tuple[str, str, bool]:
            while True:
                group = names_rng.choices(_NAME_GROUPS, cum_weights=_GROUP_CUM)[0]
                male = names_rng.random() < 0.28
                first = names_rng.choice(group[3] if male else group[4])
                last = names_rng.choice(group[5])
                if f"{first} {last}" not in taken:
                    taken.add(f"{first} {last}")
                    return first, last, male

        self._staff_by_area: dict[str, tuple[tuple[str, str, bool], ...]] = {}
        for code in _AREAS:
            people: list[tuple[str, str, bool]] = []
            firsts: set[str] = set()
            while len(people) < (7 if code == "send_ehc" else 4):
                p = person()
                if p[0] not in firsts:
                    firsts.add(p[0])
                    people.append(p)
            self._staff_by_area[code] = tuple(people)
        self._officers = tuple(person() for _ in range(4))
        self._all_staff = tuple(p for ps in self._staff_by_area.values() for p in ps)

    def _staff_for(self, code: str) -> tuple[tuple[str, str, bool], ...]:
        return self._staff_by_area.get(code) or self._all_staff

    # --- reference lists -----------------------------------------------------------------
    def staff_names(self) -> list[str]:
        """The authority's fictional staff, first name and surname, stable for a seed."""
        return [f"{f} {s}" for f, s, _ in self._all_staff + self._officers]

    def staff_by_area(self) -> dict[str, list[str]]:
        """Service area code -> its staff (participation officers are in staff_names only)."""
        return {code: [f"{f} {s}" for f, s, _ in people]
                for code, people in self._staff_by_area.items()}

    def team_names(self) -> dict[str, list[str]]:
        """Service area code -> the names of its teams."""
        return {code: list(area.teams) for code, area in _AREAS.items()}

    def school_names(self) -> list[str]:
        """Fictional schools, colleges and early years settings."""
        return [s for s in _NURSERIES + _PRIMARIES + _SECONDARIES + _SPECIALS + _COLLEGES + _PRUS
                if not s.startswith("the ")]

    def event_names(self) -> list[tuple[str, str]]:
        """(event name, venue) pairs for engagement events."""
        return list(dict.fromkeys(_EVENTS_PARENTS + _EVENTS_YP + _EVENTS_LEAVERS + _EVENTS_FOSTER
                                  + _EVENTS_PRO + _EVENTS_MEMBERS + _EVENTS_CHILDREN))

    # --- composing -----------------------------------------------------------------------
    def compose(self, kind: RecordKind | str, role: str, service_area: str, *,
                tone: str | None = None, theme: str | None = None,
                age_band: str | None = None) -> DemoText:
        """One piece of free text of `kind`, in the voice of `role`, about `service_area`.

        `tone` (positive, neutral, negative, mixed) and `theme` (a codebook slug) are chosen
        sensibly when not given. A requested theme is always among the returned themes, or one
        of its sub-codes is (a top-level slug usually comes back as a sub-code). `age_band`
        matters for children and young people ("0-4" ... "18-25"). An unknown service area
        code gets generic wording.
        """
        kv = kind._value_ if kind.__class__ is RecordKind else RecordKind(kind)._value_
        voice = _VOICE_OF_ROLE.get(role)
        if voice is None:
            raise ValueError(f"unknown respondent role {role!r}")
        if tone is not None and tone not in TONES:
            raise ValueError(f"tone must be one of {TONES}, not {tone!r}")
        if theme is not None and theme not in _ALL_SLUGS:
            raise ValueError(f"unknown theme slug {theme!r}")
        if age_band is not None and age_band not in _AGE_RANGES:
            raise ValueError(f"unknown age band {age_band!r}")
        rng = self._rng
        rnd = rng.random
        reg, band = voice, age_band
        if voice == "yp":
            if band is None:
                r = rnd()
                band = "5-10" if r < .2 else "11-15" if r < .78 else "16-17"
            if band in ("0-4", "5-10"):
                voice = "kids"
                reg = "tots" if band == "0-4" else "kids"
            elif band in ("16-17", "18-25"):
                reg = "yp_older"
        area = _AREAS.get(service_area, _GENERIC_AREA)
        if tone is None:
            tone = _wch(rnd, TONES, _TONE_CUM[kv])
        c = _Ctx(self, rng, role, voice, reg, area, band)
        primary = self._pick_slug(c, kv, theme)
        if primary[:11] == "transitions":
            c.age_hint = (9, 12) if primary == "transitions" else (15, 19)
        parts, greet, sign, prompt = _BUILDERS[kv](self, c, tone, primary)
        # Event notes are written by the engagement officer, whoever was in the room.
        text = self._finish(c, parts, greet, sign, "sys" if kv == "event_note" else None)
        praised = ""
        if kv == "compliment":
            if c._staff is not None and _has_word(text, c._staff[0]):
                praised = f"{c._staff[0]} {c._staff[1]}"
            elif "_team_bare" in c and c["_team_bare"] in text:
                praised = c["_team_bare"]
        return DemoText(text, self._themes(c, primary), tone, False, self._names(c, text),
                        prompt, praised)

    def safeguarding_disclosure(self, role: str, age_band: str | None = None) -> DemoText:
        """A text that discloses risk of harm, in the voice of `role` (flagged True).

        Sensitive but not graphic: not feeling safe at home, self-harm and suicidal thoughts,
        criminal and sexual exploitation, going missing, domestic abuse, carrying a knife,
        neglect. About a third come at the end of an otherwise ordinary comment.
        """
        voice = _VOICE_OF_ROLE.get(role)
        if voice is None:
            raise ValueError(f"unknown respondent role {role!r}")
        if age_band is not None and age_band not in _AGE_RANGES:
            raise ValueError(f"unknown age band {age_band!r}")
        rng = self._rng
        band = age_band
        if voice == "yp":
            if band is None:
                r = rng.random()
                band = "5-10" if r < .15 else "11-15" if r < .75 else "16-17"
            if band in ("0-4", "5-10"):
                voice = "kids"
        sg_voice = {"fam": "fam", "foster": "foster", "yp": "yp", "kids": "kids",
                    "leaver": "leaver", "school": "school", "public": "public"}.get(voice, "pro")
        area = _AREAS[_ch_r(rng, ("youth_services", "early_help", "cla_iro", "send_ehc",
                                  "emotional_wellbeing"))]
        reg = "yp_older" if voice == "yp" and band in ("16-17", "18-25") else voice
        c = _Ctx(self, rng, role, voice, reg, area, band)
        parts: list[str | None] = []
        if sg_voice in ("yp", "kids", "fam", "foster", "leaver", "public") and rng.random() < 0.35:
            # Disclosures often come at the end of an ordinary comment.
            lead_slug = _ch(c, ("activities", "staff.praise", "education", "communication"))
            lead_in = self._frag(c, lead_slug, "+~", own=True)
            if lead_in:
                parts.append(lead_in)
                if sg_voice == "yp":
                    parts.append(_ch(c, ("can i talk to someone tho", "but i need to tell someone",
                                         "also")))
        slugs, template = _ch(c, _SG[sg_voice])
        parts.append(template.format_map(c))
        for s in slugs:
            if s not in c.slugs:
                c.slugs.append(s)
        text = self._finish(c, parts, None, None)
        return DemoText(text, self._themes(c, slugs[0]), "negative", True, self._names(c, text))

    # --- internals -----------------------------------------------------------------------
    def _pick_slug(self, c: _Ctx, kind: str, theme: str | None) -> str:
        rnd = c.rnd
        code = c.area.code
        if theme is None:
            bias = _BIAS_CUM.get(kind)
            if bias is not None and rnd() < 0.5:
                return _wch(rnd, *bias)
            if c.role == "care_leaver" and code != "care_leavers" and rnd() < 0.5:
                return "transitions.leaving_care"
            return _wch(rnd, *_AREA_CUM[code])
        if "." in theme:
            return theme
        tops = _AREA_TOP_CUM[code].get(theme)
        if tops is not None and rnd() < 0.85:
            return _wch(rnd, *tops)
        return theme

    def _secondary(self, c: _Ctx, primary: str) -> str:
        if c.rnd() < 0.35:
            return primary
        return _wch(c.rnd, *_AREA_CUM[c.area.code])

    def _frag(self, c: _Ctx, slug: str, tones: str, *, primary: bool = False,
              reg: str | None = None, own: bool = False) -> str | None:
        """A filled fragment on slug in one of tones.

        primary=True always returns something on the theme (relaxing the tone if it must);
        own=True stays in the speaker's own voice. Fragments already used in this text are
        avoided, and a non-primary fragment is refused if it would take the text past 3 themes.
        """
        reg = reg or c.reg
        if not primary:
            pool = _lookup(reg, slug, tones, own, not own)
            if pool is None:
                return None
        else:  # on this very theme if at all possible, then in the wanted tone if possible
            pool = (_lookup(reg, slug, tones, own, False)
                    or _lookup(reg, slug, tones, False, False)
                    or _lookup(reg, slug, _RELAXED[tones[0]], False, False)
                    or _lookup(reg, slug, _RELAXED[tones[0]]))
            if pool is None:
                return None
        item = _ch(c, pool)
        if id(item) in c.used:
            if len(pool) > 1:
                item = _ch(c, pool)
            if id(item) in c.used and not primary:
                return None
        slugs = item[0]
        if not primary:
            new = [s for s in slugs if s not in c.slugs]
            if len(c.slugs) + len(new) > 3:
                return None
        c.used.add(id(item))
        for s in slugs:
            if s not in c.slugs:
                c.slugs.append(s)
        return item[1].format_map(c)

    def _part(self, c: _Ctx, name: str) -> str | None:
        options = _MERGED_PARTS[c.role, c.pvoice].get(name)
        if not options:
            return None
        return _ch(c, options).format_map(c)

    def _intro(self, c: _Ctx) -> str | None:
        s = self._part(c, "intro")
        if s and ("child" in c or "child_full" in c or "Child" in c):
            c.kid_named = True
        return s

    def _lead(self, c: _Ctx, parts: list[str | None], p: float) -> None:
        """Sometimes start the first sentence with a lead-in ("Honestly, ...")."""
        if c.rnd() >= p:
            return
        for i, s in enumerate(parts):
            if s:
                lead = self._part(c, "lead")
                if lead:
                    parts[i] = lead + _decap(s) if lead[-2:] in (", ", "y ") else lead + s
                return

    def _join(self, c: _Ctx, a: str | None, b: str | None, conn_part: str) -> list[str]:
        if not a or not b:
            return [s for s in (a, b) if s]
        conn = self._part(c, conn_part) or "But"
        if c.pvoice == "yp":
            return [f"{a} {conn} {b}"]
        return [a, f"{conn} {_decap(b)}"]

    def _body(self, c: _Ctx, tone: str, primary: str, *, n_max: int | None = None) -> list[str]:
        rnd = c.rnd
        style = _STYLE[c.pvoice]
        n_max = n_max or int(style["max"])
        out: list[str] = []
        if tone == "mixed":
            second = self._secondary(c, primary)
            if rnd() < 0.5:
                a = self._frag(c, primary, "+", primary=True)
                b = self._frag(c, second, "-") or self._frag(c, primary, "-")
                out += self._join(c, a, b, "conn+-")
            else:
                a = self._frag(c, primary, "-", primary=True)
                b = self._frag(c, second, "+") or self._frag(c, primary, "+")
                out += self._join(c, a, b, "conn-+")
            if n_max > 2 and rnd() < style["extra"] * 0.5:
                s = self._frag(c, self._secondary(c, primary), "+-"[int(rnd() * 2)])
                if s:
                    out.append(s)
            return out
        if tone == "neutral":
            first = self._frag(c, primary, "~?>", own=True)
            if first is None:  # nothing neutral on this theme in this voice: a plain question
                out.append(self._frag(c, primary, "-+", primary=True))
                first = self._part(c, "qgen")
            if first:
                out.append(first)
            return out
        tones = "+" if tone == "positive" else "-"
        first = self._frag(c, primary, tones, primary=True)
        if first:
            out.append(first)
        extra = style["extra"]
        while len(out) < n_max and rnd() < extra:
            s = self._frag(c, self._secondary(c, primary), tones)
            if s:
                out.append(s)
            extra *= 0.7
        return out

    def _maybe(self, c: _Ctx, key: str, part: str, scale: float = 1.0) -> str | None:
        if c.rnd() < _STYLE[c.pvoice][key] * scale:
            return self._part(c, part)
        return None

    def _themes(self, c: _Ctx, primary: str) -> tuple[str, ...]:
        slugs = c.slugs or [primary]
        parents = {s.split(".", 1)[0] for s in slugs if "." in s}
        return tuple([s for s in slugs if s not in parents][:3])

    def _names(self, c: _Ctx, text: str) -> tuple[str, ...]:
        return tuple(n for n in dict.fromkeys(c.names) if _has_word(text, n))

    def _finish(self, c: _Ctx, parts: list[str | None], greet: str | None,
                sign: str | None, pv: str | None = None) -> str:
        rnd = c.rnd
        parts = [p for p in parts if p]
        pv = pv or c.pvoice
        if pv == "yp":
            text = _yp_join(c, parts)
        elif pv in ("kids", "tots"):
            text = " ".join(parts)
            if c.band == "0-4" and rnd() < 0.6:
                text = f'"{text}" ' + (self._part(c, "frame") or "")
        else:
            text = " ".join(parts)
            nl = rnd() < _STYLE[pv]["nl"]
            if greet:
                text = greet + ("\n\n" if nl else " ") + text
            if sign:
                text = text + ("\n\n" if nl else " ") + sign
        if pv in ("fam", "leaver") and rnd() < 0.12:  # typed on a phone
            if text[-1:] == ".":
                text = text[:-1]
            elif rnd() < 0.5:
                text = text[0].lower() + text[1:]
        if rnd() < _STYLE[pv]["typo"]:
            typos = _TYPOS[pv]
            for _ in range(3):
                right, wrong = _ch(c, typos)
                at = _word_at(text, right)
                if at >= 0:
                    text = text[:at] + wrong + text[at + len(right):]
                    break
        return text.strip()

    # --- one builder per record kind: returns (parts, greeting, sign-off, prompt) ---------
    def _b_compliment(self, c: _Ctx, tone: str, primary: str):
        out: list[str | None] = [self._maybe(c, "thanks", "thanks")]
        if c.pvoice == "fam" and c.rnd() < 0.3:
            out.append(self._intro(c))
        body_tone = "positive" if tone == "neutral" and c.rnd() < 0.5 else tone
        out += self._body(c, body_tone, primary)
        if tone in ("positive", "mixed"):
            out.append(self._maybe(c, "emo", "emo+"))
            out.append(self._maybe(c, "close", "close+"))
        return out, self._maybe(c, "greet", "greet"), self._maybe(c, "sign", "sign"), ""

    def _b_complaint(self, c: _Ctx, tone: str, primary: str):
        rnd = c.rnd
        if tone == "positive":
            out: list[str | None] = [self._part(c, "complain_pos")]
            out += self._body(c, "positive", primary, n_max=2)
            out.append(self._part(c, "resolve"))
            return out, self._maybe(c, "greet", "greet"), self._maybe(c, "sign", "sign"), ""
        out = [self._part(c, "complain") if rnd() < 0.85 else None]
        if rnd() < _STYLE[c.pvoice]["intro"] * (1.0 if out[0] is None or c.pvoice == "fam"
                                                else 0.4):
            out.append(self._intro(c))
        out += self._body(c, tone, primary)
        if tone == "negative":
            out.append(self._maybe(c, "conseq", "conseq"))
            out.append(self._maybe(c, "emo", "emo-"))
        out.append(self._maybe(c, "ask", "ask"))
        out.append(self._maybe(c, "contact", "contact"))
        out.append(self._maybe(c, "close", "close-", 0.6))
        return out, self._maybe(c, "greet", "greet"), self._maybe(c, "sign", "sign"), ""

    def _b_survey(self, c: _Ctx, tone: str, primary: str):
        rnd = c.rnd
        key = {"positive": "survey+", "negative": "survey-", "mixed": "surveymixed",
               "neutral": "survey~"}[tone]
        if tone == "negative" and rnd() < 0.5:
            key = "surveymixed"
        prompt = self._part(c, key) or ""
        out: list[str | None] = []
        if c.pvoice == "fam" and rnd() < 0.12:
            out.append(self._intro(c))
        n_max = 1 if rnd() < 0.4 else None
        if tone == "negative" and rnd() < 0.3:
            out += self._body(c, "negative", primary, n_max=1)
            out.append(self._frag(c, primary, ">", own=True))
        else:
            out += self._body(c, tone, primary, n_max=n_max)
        self._lead(c, out, 0.3)
        if tone != "neutral" and rnd() < 0.5:
            out.append(self._maybe(c, "emo", "emo+" if tone == "positive" else "emo-", 0.5))
        return out, None, None, prompt

    def _b_comment(self, c: _Ctx, tone: str, primary: str):
        out: list[str | None] = []
        if c.rnd() < _STYLE[c.pvoice]["intro"] * 0.5:
            out.append(self._intro(c))
        out += self._body(c, tone, primary)
        self._lead(c, out, 0.15)
        if tone in ("negative", "mixed"):
            out.append(self._maybe(c, "emo", "emo-", 0.5))
        elif tone == "positive":
            out.append(self._maybe(c, "emo", "emo+", 0.5))
        out.append(self._maybe(c, "contact", "contact", 0.5))
        return out, self._maybe(c, "greet", "greet", 0.3), self._maybe(c, "sign", "sign", 0.4), ""

    def _b_suggestion(self, c: _Ctx, tone: str, primary: str):
        rnd = c.rnd
        out: list[str | None] = []
        if rnd() < _STYLE[c.pvoice]["intro"] * (0.8 if tone == "neutral" else 0.4):
            out.append(self._intro(c))
        opener = self._part(c, "sopen") if rnd() < 0.45 else None
        if tone == "neutral":
            idea = self._frag(c, primary, ">~", own=True)
            if idea is None:
                out.append(self._frag(c, primary, "-", primary=True))
                idea = self._part(c, "sgen")
        else:
            out += self._body(c, tone, primary, n_max=2)
            idea = self._frag(c, primary, ">", own=True) or self._part(c, "sgen")
        if opener and idea:
            out.append(f"{opener} {idea}")
        else:
            out.append(idea)
        return out, self._maybe(c, "greet", "greet", 0.3), self._maybe(c, "sign", "sign", 0.3), ""

    def _b_question(self, c: _Ctx, tone: str, primary: str):
        rnd = c.rnd
        out: list[str | None] = [self._part(c, "qopen") if rnd() < 0.3 else None]
        if rnd() < _STYLE[c.pvoice]["intro"] * (0.85 if tone == "neutral" else 0.5):
            out.append(self._intro(c))
        if tone != "neutral":
            out += self._body(c, tone, primary, n_max=2)
            question = self._frag(c, primary, "?", own=True)
        else:
            question = self._frag(c, primary, "?", own=True)
            if question is None or rnd() < 0.3:
                out.append(self._frag(c, primary, "~-", primary=question is None))
        out.append(question or self._part(c, "qgen"))
        closing = self._part(c, "qclose") if rnd() < 0.4 else None
        out.append(closing)
        sign = None
        if rnd() < _STYLE[c.pvoice]["sign"] * 0.4:
            sign = c["me"] if closing else self._part(c, "sign")
        return out, self._maybe(c, "greet", "greet", 0.4), sign, ""

    def _b_consultation(self, c: _Ctx, tone: str, primary: str):
        rnd = c.rnd
        wanted = {"positive": "+", "negative": "-", "neutral": "~",
                  "mixed": ("+-", "-+")[int(rnd() * 2)]}[tone]
        top = primary if "." in primary else "*" + primary  # a sub-code must match exactly
        fam = c.pvoice == "fam"
        if c.pvoice == "tots":  # an under-five "responds" with what they said on the day
            title = _ch(c, ("Youth services review: have your say",
                            "Family hubs: locations and opening hours"))
            return [self._frag(c, primary, wanted[0], primary=True)], None, None, title
        options = [x for x in _CONS if _CONS_VOICE.get(c.pvoice, "sys") in x[1]] or list(_CONS)
        # Prefer a proposal that says something on the theme in the wanted tone.
        matching = [x for x in options if (top, wanted[0]) in x[3 - fam]]
        title, _, for_families, for_others = _ch(c, matching or options)
        statements = for_families if fam else for_others
        out: list[str | None] = []
        if rnd() < 0.6:
            out.append(self._part(c, "consult_open"))
        # The respondent's own sentence on the theme, when the proposal has nothing on it in
        # this tone (and sometimes anyway). It goes first so the theme is always recorded.
        if not matching or rnd() < 0.35:
            out.append(self._frag(c, primary, wanted[0], primary=True))
        for t in wanted:
            pool = statements.get((top, t))
            if pool is None or (len(out) > 1 and rnd() < 0.4):
                pools = [v for k, v in statements.items() if k[1] == t and k[0][0] == "*"]
                pool = _ch(c, pools) if pools else pool
            if pool:
                slugs, template = _ch(c, pool)
                if len(set(c.slugs) | set(slugs)) <= 3:
                    for s in slugs:
                        if s not in c.slugs:
                            c.slugs.append(s)
                    out.append(template.format_map(c))
        if not c.slugs:
            out.append(self._frag(c, primary, "+-~?>", primary=True))
        if rnd() < 0.3:
            out.append(self._part(c, "consult_close"))
        return out, None, self._maybe(c, "sign", "sign", 0.3), title

    def _b_event_note(self, c: _Ctx, tone: str, primary: str):
        rnd = c.rnd
        audience = "children" if c.pvoice in ("kids", "tots") else _AUDIENCE[c.role]
        c["audience"] = audience
        name, venue = _ch(c, _EVENTS_BY_AUDIENCE[audience])
        prompt = f"{name}, {venue}"
        head_key = ("head_parents" if audience == "parents" else
                    "head_yp" if audience == "young people" else "head_other")
        lines: list[str | None] = []
        tones = {"positive": "+", "negative": "-", "neutral": "~?", "mixed": "+-"}[tone]
        if tone == "mixed" and rnd() < 0.5:
            tones = "-+"
        if tone == "neutral":
            line = self._frag(c, primary, tones, reg="evt", own=True)
            if line is None:
                c.slugs.append(primary)
                line = _ch(c, _EVT_NEUTRAL).format(topic=_TOPIC[primary], audience=audience)
            lines.append(line[0].upper() + line[1:])
        else:
            lines.append(self._frag(c, primary, tones[0], primary=True, reg="evt"))
        if tone == "mixed":
            lines.append(self._frag(c, self._secondary(c, primary), tones[1], reg="evt"))
        elif rnd() < 0.5:
            lines.append(self._frag(c, self._secondary(c, primary), tones[0], reg="evt"))
        if rnd() < 0.5:
            q_tone = _ch(c, tones) if tone != "neutral" else "~?"
            quote = self._frag(c, self._secondary(c, primary), q_tone, own=True)
            if quote:
                speaker = _ch(c, (audience != "children" and _SPEAKER.get(c.role))
                              or _SPEAKER.get(audience) or ("participant",))
                end = "" if quote[-1:] in ".!?" else "."
                form = rnd()
                if form < 0.4:
                    lines.append(f'One {speaker} said: "{quote}{end}"')
                elif form < 0.7:
                    lines.append(f'"{quote}{end}" ({speaker})')
                else:
                    lines.append(f'A {speaker} told us "{quote}{end}"')
        if rnd() < 0.55:
            lines.append(_ch(c, _EVT_PARTS["action"]).format_map(c))
        head = _ch(c, _EVT_PARTS[head_key]).format_map(c) if rnd() < 0.8 else None
        body = [x for x in lines if x]
        if rnd() < 0.3 and len(body) > 1:
            text = "\n".join("- " + x for x in body)
            return [head + "\n" + text if head else text], None, None, prompt
        return [head, *body], None, None, prompt


_PARTS["tots"] = {
    **_PARTS["kids"],
    "thanks": ("Thank you {staff_first}.", "Ta ta {staff_first}."),
    "emo-": ("Sad.", "No like it."), "emo+": ("Happy!", "Again! Again!"),
    "qgen": ("Why?", "Where Mummy?"), "sgen": ("More!",),
    "survey+": ("What do you like?",), "survey-": ("What don't you like?",),
    "surveymixed": ("Anything else?",), "survey~": ("Anything else?",),
    "conn+-": ("But",), "conn-+": ("And",), "complain": ("No!",),
}

# Parts for each (role, parts voice): the role's own, else the voice's.
_MERGED_PARTS = {
    (role, pv): {**_PARTS[pv], **_ROLE_PARTS.get(role, {})}
    for role in _VOICE_OF_ROLE for pv in _PARTS
}

_EVT_NEUTRAL = ("Discussion on {topic}: mostly questions, no strong views either way.",
                "{audience} asked for an update on {topic}.",
                "Item on {topic}: information shared and questions answered.")
_TOPIC = {code.slug: code.name if code.name.startswith(("Local", "EHC"))
          else code.name[0].lower() + code.name[1:] for code, _ in iter_codes()}

_BUILDERS = {
    RecordKind.COMPLIMENT.value: TextFactory._b_compliment,
    RecordKind.COMPLAINT.value: TextFactory._b_complaint,
    RecordKind.SURVEY_RESPONSE.value: TextFactory._b_survey,
    RecordKind.COMMENT.value: TextFactory._b_comment,
    RecordKind.SUGGESTION.value: TextFactory._b_suggestion,
    RecordKind.QUESTION.value: TextFactory._b_question,
    RecordKind.CONSULTATION_RESPONSE.value: TextFactory._b_consultation,
    RecordKind.EVENT_NOTE.value: TextFactory._b_event_note,
}


def _ch_r(rng: random.Random, seq):
    return seq[int(rng.random() * len(seq))]


def _decap(s: str) -> str:
    """Lower-case the first word after a connective, unless it is a name, "I" or an acronym."""
    word = s.split(" ", 1)[0]
    return s[0].lower() + s[1:] if word in _DECAP else s


def _yp_join(c: _Ctx, parts: list[str]) -> str:
    """Join a young person's clauses the way young people type."""
    rnd = c.rnd
    if rnd() < 0.2:
        lead = _ch(c, _PARTS["yp"]["lead"])
        parts = [lead + parts[0], *parts[1:]]
    style = rnd()
    if style < 0.4 or style >= 0.75:  # run-on: no full stops inside, no capitals after commas
        parts = [p[:-1] if p[-1:] == "." else p for p in parts[:-1]] + parts[-1:]
        parts = parts[:1] + [_decap(p) for p in parts[1:]]
    if style < 0.4:  # run-on, lower case
        out = parts[0]
        for p in parts[1:]:
            out += _ch(c, (" ", ", ", " and ", ". ", " tbh ", "... ")) + p
        return out + _ch(c, ("", "", "", "!!", " lol", " x", "...", " tbh", "!", " :("))
    if style < 0.75:  # tidy sentences
        sentences = []
        for p in parts:
            p = p.replace(" i ", " I ").replace(" im ", " I'm ")
            if p.startswith("i "):
                p = "I " + p[2:]
            p = p[:1].upper() + p[1:]
            sentences.append(p if p[-1:] in ".!?" else p + ".")
        return " ".join(sentences)
    out = ", ".join(parts)
    return out[:1].upper() + out[1:]
