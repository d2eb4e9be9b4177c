"""Safeguarding triage: flag text that suggests a risk of harm, for same-day review.

Recall comes first: a missed disclosure is far worse than a false alarm. The rules therefore
look for how children, young people, parents and professionals actually write ("i dont feel
safe at home", "wanna kms", "unalive myself", "my step dad hurts me", "daddy gets angry and
hurts mummy", "theres hardly ever food at home", "using my flat to deal from", "has arrived
hungry most days, in the same unwashed uniform", "bruising to his face", "disclosed to a TA";
no punctuation, no apostrophes, teenage spellings such as "abt", "scard"). Each idea is written
as a family of wordings (who does what to whom, which words may come between) rather than as
the sentences seen so far, and only a few narrow exceptions are made, each for a figure of
speech or context that is plainly not a disclosure:

* figures of speech are avoided by the patterns themselves: "killing me", "killed it",
  "dying to", "died laughing" never match, because the suicide rules need a self-reference
  ("kill myself", "want to die", "end it all") and the threat rules need a threat ("he said he
  will kill me"); "nowhere to go" needs a person with nowhere to go ("I've got nowhere to go"),
  not a place closing ("there will be nowhere to go"); "no bed" needs someone without one;
* named exceptions (``_EXCEPTIONS``): "knife and fork", toy/nerf/water/glue guns, the Scouts'
  "Gang Show", "the whole gang", "ran away with the prize", "missing the bus/school", being
  "kicked out of" a class or club, "carrying a lot of worry", "run off their feet", "raised
  money for", and an injury with an everyday cause ("bruises on his legs from football");
* awareness context: a match directly inside "county lines awareness session", "a talk about
  knife crime", "drugs and alcohol talk" and the like is education, not disclosure;
* negation is only used where the wording itself is about safety: "I feel safe at home" does
  not match, "I don't feel safe at home" does. "He never hits me" is still flagged.

Categories: suicide, self_harm, abuse, sexual_exploitation, criminal_exploitation, neglect,
weapons, gangs, violence, missing, domestic_abuse, forced_marriage, unsafe_at_home, substance,
reported_concern (a professional's general wording: "disclosed that", "made a disclosure",
"welfare concerns", when nothing more specific matched or alongside it).

The generalisation is checked against the demo text generator, whose disclosure templates were
written by someone else (tests/unit/analysis/test_safeguarding_demo_corpus.py), and against
paraphrases in tests/unit/analysis/test_analysis_safeguarding.py; the evaluation set in
tests/unit/analysis/data stays an independent measure and is not extended with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from voiceapp.analysis._prefilter import RuleIndex
from voiceapp.analysis._text import normalise

__all__ = ["CATEGORIES", "RULES", "SafeguardingReason", "SafeguardingResult", "check",
           "normalise"]

CATEGORIES: tuple[str, ...] = (
    "suicide", "self_harm", "abuse", "sexual_exploitation", "criminal_exploitation", "neglect",
    "weapons", "gangs", "violence", "missing", "domestic_abuse", "forced_marriage",
    "unsafe_at_home", "substance", "reported_concern",
)


@dataclass(frozen=True, slots=True)
class SafeguardingReason:
    category: str
    matched_text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SafeguardingResult:
    flag: bool
    reasons: list[SafeguardingReason] = field(default_factory=list)


_SELF = (r"(?:my ?self|me ?self|myslef|him ?self|her ?self|them ?selves|themselves|ur ?self|"
         r"your ?self)")
_NEG = (r"(?:don'?t|dont|do not|doesn'?t|doesnt|does not|didn'?t|didnt|did not|never|not|"
        r"no longer|can'?t|cant|cannot|isn'?t|isnt|wasn'?t|wasnt|aint|ain'?t)")
_ADULT = (r"(?:dad|daddy|mum|mummy|mam|mammy|mom|mommy|step ?dad|step ?mum|stepdad|stepmum|"
          r"father|mother|boyfriend|"
          r"girlfriend|partner|husband|uncle|aunt|auntie|grandad|granddad|nan|brother|sister|"
          r"cousin|carer|foster carer|teacher|coach|he|she|they|him|her|them|someone|somebody)")
_PARENT = (r"(?:dad|daddy|mum|mummy|mam|mammy|mom|mommy|step ?dad|step ?mum|stepdad|stepmum|"
           r"father|mother|boyfriend|girlfriend|partner|parents?|carer|nan|grandad)")
#: The adult a child sees being hurt at home (domestic abuse seen by a child).
_VICTIM = (r"(?:my |our |his |her )?(?:mum|mummy|mom|mommy|mam|mammy|mama|mother|nan|nana|"
           r"wife|girlfriend|partner)")
#: Someone's home, with a determiner ("my flat", "her mum's house"; not just "home").
_THEIR_HOME = (r"(?:(?:my|our|her|his|their|the|this|that) (?:(?:mum|dad|nan|gran)'?s )?|"
               r"(?:mum|dad|nan|gran)'?s )(?:flat|house|home|place|gaff|room)")
_ABOUT = r"(?:about|abt|bout|'bout)"  # young people's spellings
_SCARED = r"(?:scared|scard|afraid|frightened|terrified|petrified|scarred)"
_BODY = r"(?:arms?|legs?|wrists?|thighs?|skin|stomach|body|hips?|chest)"
_PILLS = (r"(?:pills|tablets|paracetamol|painkillers|pain killers|meds|medication|"
          r"sleeping pills|ibuprofen|antidepressants|her meds|his meds|my meds)")
_QUANTITY = (r"(?:a load of|loads of|a lot of|lots of|all (?:of )?(?:my|the|her|his)|"
             r"a handful of|a bunch of|a (?:whole )?packet of|the whole packet of|too many|a few|"
             r"\d+|some of (?:my|her|his) (?:mum'?s|dad'?s|nan'?s)|bare|mad|a box of|a bottle of)")

#: (category, pattern). Patterns run on lower-cased text with straight apostrophes.
RULES: tuple[tuple[str, str], ...] = (
    # ---------------------------------------------------------------- suicide
    ("suicide", rf"\bkill(?:ing|ed|s)? (?:of )?{_SELF}"),
    ("suicide", r"(?<!\d )(?<!\d)\bkms\b|\bkys\b|\bk m s\b"),
    ("suicide", r"\bsuicid\w*|\bunaliv\w*|\bun-aliv\w*|\bsewer ?slide\b|\bself[- ]?delet\w*"),
    ("suicide", r"\b(?:want(?:ed|s|ing)?|wanna|wana|going|gonna|gna|ready|tried|trying|try|"
                rf"planning|plan(?:ned)?|thinking {_ABOUT}|thought {_ABOUT}|thoughts of|"
                rf"thoughts {_ABOUT}|thinking of|feel like|felt like|feels like|gunna|"
                r"would rather|rather|i'?d rather|deserve to) (?:to )?(?:just )?(?:die|be dead|"
                r"dying|end (?:it all|my life|things|myself|it)|ending (?:it all|my life|things|"
                r"it)|kill (?:my ?self|me)|not (?:be )?(?:here|alive|exist|wake up)|"
                r"disappear forever|hang (?:my ?self))\b"),
    ("suicide", r"\b(?:wish|wished) (?:i|id|i'?d|i had|i was|i were) (?:was |were |had )?(?:dead|"
                r"never been born|not (?:here|alive|born|around)|die|disappear|not wake up|"
                r"gone)\b"),
    ("suicide", r"\bbetter off (?:dead|without me|without us|if i (?:was|were|wasn'?t|weren'?t|"
                r"died|disappeared))"),
    ("suicide", r"\bend(?:ing|ed)? (?:it all|my (?:own )?life|myself|my ?self|things for good)\b|"
                r"\btak(?:e|ing) (?:my|his|her) (?:own )?life\b"),
    ("suicide", rf"\b{_NEG} (?:even |really )?(?:want|wanna|wanting) to (?:be )?(?:alive|live|"
                r"exist|wake up|be here|be around|carry on)\b"),
    ("suicide", r"\bno (?:reason|point) (?:to|in) (?:live|living|being alive|going on|carrying "
                r"on|being here)\b|\bnot worth living\b|\blife (?:isn'?t|is not|aint|ain'?t) "
                r"worth\b"),
    ("suicide", r"\b(?:nobody|no one|noone|no-one) would (?:notice|care|miss me|miss us)\b[^.!?]"
                r"{0,30}\bif\b|\bif i (?:just )?(?:disappeared|was gone|wasn'?t here|died|was "
                r"dead)\b"),
    ("suicide", r"\b(?:hang|hanging|hanged) (?:my|him|her)(?: ?self)\b|\bjump(?:ing)? (?:off|"
                r"from) (?:a|the) (?:bridge|building|roof|cliff|car park)\b|\b(?:jump|step|walk)"
                r"(?:ing)? in front of (?:a|the) (?:train|car|bus|lorry)\b|\bligature\w*"),
    # ---------------------------------------------------------------- self-harm
    ("self_harm", r"\bself[- ]?harm\w*|\bself[- ]?injur\w*|\bself[- ]?mutilat\w*"),
    ("self_harm", rf"\b(?:cut|cuts|cutting|burn|burns|burning|burnt|burned|hurt|hurts|hurting|"
                  rf"harm|harms|harming|scratch\w*|punch\w*|starv\w*|bite|bites|biting|hit|hits|"
                  rf"hitting) {_SELF}"),
    ("self_harm", rf"\b(?:started|start|starting|been|keep|keeps|kept|stop|stopped|back to) "
                  rf"cutting\b(?! (?:out|up|down|back|off|the|paper|shapes|pictures|hair|grass|"
                  rf"corners|it|them|costs|class|school|lessons))|"
                  rf"\bcutting (?:again|my {_BODY}|his {_BODY}|her {_BODY})\b|"
                  rf"\bcut (?:my|his|her|their) {_BODY}"),
    ("self_harm", rf"\b(?:marks|cuts|scars|scratches|burns|bruises) (?:on|all over|up|down) "
                  rf"(?:my|his|her|their)(?: \w+'?s)? {_BODY}"),
    ("self_harm", r"\brazor\w*|\bblades?\b"),
    # ---------------------------------------------------------------- substance / overdose
    ("substance", r"\boverdos\w*"),
    ("substance", r"\bod'(?:d|ed|ing)\b"),  # "OD'd" (not "odd")
    ("substance", r"\bod(?:ed|ing)\b|\b(?:he|she|i|they|has|had|have|'ve) od-?d\b"),
    ("substance", r"\bo\.d\.?'?(?:d|ed)?(?!\w)"),
    ("substance", rf"\b(?:took|take|taken|taking|takes|swallowed|swallow|downed|necked) "
                  rf"{_QUANTITY} {_PILLS}"),
    ("substance", r"\b(?:taking|doing|smoking|using|on|sniffing|selling|dealing|addicted to|"
                  r"hooked on) (?:drugs|weed|coke|cocaine|ket|ketamine|spice|mdma|crack|heroin|"
                  r"nos|nitrous|pills|gas|glue|solvents)\b"),
    ("substance", rf"\b(?:{_ADULT}|i|i'?m|im|we) (?:is |are |gets |get |got |keeps getting |"
                  r"always |comes home |was |were )?(?:so |always |really )?(?:drunk|wasted|"
                  r"off (?:her|his|their|my) face|passed out drunk|out of it)\b[^.!?]{0,25}"
                  r"(?:every|all the time|again|most|and)"),
    # ---------------------------------------------------------------- abuse (child)
    ("abuse", r"\b(?:hits?|hitting|beats?|beating|beaten|kicks?|kicked|kicking|punch(?:es|ed|"
              r"ing)?|slap(?:s|ped|ping)?|smack(?:s|ed|ing)?|chok(?:es|ed|ing)|strangl\w+|"
              r"burns?|burnt|burned|whips?|whipped|belts?|belted|grabs?|grabbed|hurts?|hurting|"
              r"bruis(?:es|ed)|batter(?:s|ed)?|throttl\w+) (?:me|us|him|her|my (?:little )?"
              r"(?:brother|sister|baby)\w*)\b(?! up\b)"),
    ("abuse", r"\b(?:he|she|they|dad|mum|step ?dad|boyfriend|partner) hit (?:me|us)\b"),
    ("abuse", r"\b(?:throws?|threw|throwing|chucks?|chucked) (?:stuff|things|\w+) at (?:me|us)\b"),
    ("abuse", r"\b(?:touch(?:es|ed|ing)?|feels? me up|felt me up) (?:me|us|him|her)(?: up)?\b|"
              r"\btouch(?:es|ed|ing)? (?:me|my|her|his) (?:inappropriately|down there|private|"
              r"privates|there)\b"),
    ("abuse", r"\bsexual(?:ly)? (?:abus\w*|assault\w*|touch\w*|harass\w*)|\brap(?:e|ed|es|ing|"
              r"ist)\b|\bmolest\w*|\bgrop(?:e|ed|es|ing)\b|\babus(?:e|ed|es|ing|ive|er)\b|"
              r"\bnon[- ]accidental\b"),
    ("abuse", r"\b(?:our little secret|our secret|a secret between us|not to tell anyone|"
              r"not allowed to tell)\b"),
    ("abuse", rf"\b{_ADULT} (?:said|says|told me|tells me|will|'ll|ll|threatened|threatens|"
              r"is going|was going|is gonna|gonna) (?:he|she|they)?(?:'ll| will| would)? ?"
              r"(?:to )?(?:kill|hurt|beat|batter|stab|smash) (?:me|us|my \w+)\b"),
    ("abuse", r"\block(?:s|ed|ing)? (?:me|us|him|her) (?:in|up|out)\b"),
    ("abuse", r"\b(?:calls?|called|calling) me (?:worthless|stupid|useless|fat|ugly|a (?:waste|"
              r"mistake|burden))\b|\b(?:scream|screams|screaming|shout|shouts|shouting|swear|"
              r"swears) at (?:me|us) (?:all the time|every day|constantly|for nothing)\b"),
    ("abuse", r"\bnot allowed to (?:eat|have food|leave (?:my|the) room|see (?:my )?friends)\b|"
              r"\bmakes? (?:me|us) (?:sleep|stay) (?:on the floor|outside|in the (?:shed|garden|"
              r"garage))\b"),
    ("abuse", r"\bunexplained (?:bruis\w*|injur\w*|marks)\b|\bbruises? (?:on|all over) "
              r"(?:my|his|her)\b"),
    # ---------------------------------------------------------------- sexual exploitation
    ("sexual_exploitation", r"\bnudes?\b|\bnude (?:pics|photos|pictures|selfies|images)\b|"
                            r"\bsexting\b|\bdick pics?\b|\bexplicit (?:pics|photos|pictures|"
                            r"images|messages)\b|\bsextort\w*"),
    ("sexual_exploitation", r"\b(?:ask(?:s|ed|ing)?|keeps asking|want(?:s|ed)?|made me|make me|"
                            r"pressur\w+ me(?: to)?|begging) (?:me )?(?:for |to send )?(?:pics|"
                            r"pictures|photos|nudes|selfies|videos)\b"),
    ("sexual_exploitation", r"\b(?:send|sent|share|shared|post|posted|leak|leaked|show|showing) "
                            r"(?:them|the (?:pics|photos|pictures|videos)|my (?:pics|photos|"
                            r"pictures)|(?:pics|photos|pictures) of me) to (?:everyone|everybody|"
                            r"my (?:mum|dad|friends|school|family))\b"),
    ("sexual_exploitation", r"\bgroom(?:ed|ing|s|er)?\b|\bchild sexual exploitation\b|\bcse\b|"
                            r"\bsexual(?:ly)? exploit\w*|\bparty (?:house|flat)s?\b"),
    ("sexual_exploitation", r"\b(?:met|meet|meeting|talking to|talks to|chatting to|chats to|"
                            r"speaking to|messaging|staying with|going out with|seeing) (?:a |an |"
                            r"some |this |these )?(?:older )?(?:man|men|guy|guys|boy|boys|lad|"
                            r"lads|bloke|stranger|someone|person|people)\b[^.!?]{0,25}\b(?:online|"
                            r"on (?:snap|snapchat|insta|instagram|tiktok|discord|roblox|fortnite|"
                            r"whatsapp|the internet|an app|xbox|playstation|facebook|grindr|"
                            r"tinder))\b"),
    ("sexual_exploitation", r"\b(?:older|grown|adult) (?:lads?|boys?|men|man|guys?|blokes?|"
                            r"males?|boyfriend)\b[^.!?]{0,80}\b(?:car|cars|gifts?|presents?|"
                            r"money|phone|vodka|alcohol|drink|drinks|drugs|weed|part(?:y|ies)|"
                            r"lifts?|pick(?:s|ed|ing)? (?:her|me|him) up|buy(?:s|ing)?|bought|"
                            r"gave|gives|flat|house|hotel)\b"),
    ("sexual_exploitation", r"\b(?:boyfriend|girlfriend|the man|the guy|this guy|this man) "
                            r"(?:is|who is|who'?s|'s) "
                            r"(?:like |about |nearly )?(?:1[89]|2\d|3\d|4\d|twenty|thirty|"
                            r"forty)\b"),
    ("sexual_exploitation", r"\bpart(?:y|ies) at (?:a|some|his|their|this) (?:flat|house)\b|"
                            r"\bgive[sn]? (?:the )?(?:girls|boys|kids|us|her|me) (?:alcohol|drink|"
                            r"drinks|vodka|drugs|weed)\b"),
    # ---------------------------------------------------------------- criminal exploitation
    ("criminal_exploitation", r"\bcounty ?lines?\b|\bgoing country\b|\bgo country\b|"
                              r"\bcuckoo(?:ed|ing|ing)?\b|\btrap ?(?:house|phone)s?\b|"
                              r"\bplugging\b|\bcriminal(?:ly)? exploit\w*|\bexploit(?:ed|ing|"
                              r"ation)\b"),
    ("criminal_exploitation", r"\b(?:deal(?:s|ing)?|sell(?:s|ing)?|sold|shot|shotting|"
                              r"run(?:s|ning)?|ran|carry(?:ing)?|move|moving) (?:drugs|weed|coke|"
                              r"crack|nuggets|county)\b"),
    ("criminal_exploitation", r"\b(?:take|takes|taking|took|carry|carries|carrying|deliver\w*|"
                              r"drop(?:ping)?|hold|holds|holding|keep|keeping|hide|hiding|"
                              r"stash\w*|run|running|ran) (?:drugs|packages?|parcels?|bags?|"
                              r"stuff|things|money|phones?|a package|a parcel|it)\b[^.!?]{0,40}"
                              r"\b(?:for (?:them|him|her|older|some)|other towns?|another "
                              r"(?:town|city)|on the train|or (?:they|he|she))\b"),
    ("criminal_exploitation", r"\b(?:says?|said|tells? me|told me|saying) (?:that )?(?:i|we|"
                              r"he|she|you) owes? (?:him|them|her|people|money)\b|\bowes? "
                              r"(?:him|them|her|people) money\b|\bdebt bond\w*|\bdrug debts?\b"),
    ("criminal_exploitation", r"\b(?:made|makes|making|forced|forcing|force|forces) "
                              r"(?:me|him|her|them|us) (?:to )?(?:sell|deal|carry|hold|run|steal|"
                              r"nick|rob|shoplift|take drugs|move)\b|\bmade to (?:sell|deal|"
                              r"carry|hold|run|steal)\b"),
    ("criminal_exploitation", r"\b(?:comes?|came|coming) (?:back|home) with (?:money|cash|new "
                              r"trainers|new clothes|a new phone|expensive|designer|loads of)\b|"
                              r"\b(?:older|bigger) (?:boys|lads|kids)\b[^.!?]{0,40}\b(?:sell|hold|"
                              r"carry|drugs|stuff|money|owe|or they)\b"),
    # ---------------------------------------------------------------- weapons
    ("weapons", r"\bknife\b|\bknives\b|\bmachetes?\b|\bzombie knife\b|\bshanks?\b|"
                r"\bflick ?knife\b|\bstanley knife\b|\bknuckle ?dusters?\b|\bguns?\b|"
                r"\bfirearms?\b|\bpistols?\b|\bshotguns?\b|\brifles?\b|\bcrossbows?\b|\btasers?\b|"
                r"\bpepper spray\b|\bacid attack\w*|\bweapons?\b|\bstab(?:bed|bing|s)?\b|"
                r"\bknifed\b"),
    ("weapons", r"\b(?:got|get|been|was|were|getting|gets|almost|nearly) shot\b|\bshot (?:at|"
                r"him|her|me|them|dead|someone|somebody)\b|\bshoot(?:ing)? (?:me|him|her|them|"
                r"someone|somebody|people|up)\b|\ba shooting\b|\bshootings\b"),
    ("weapons", r"\b(?:is|are|was|were|been|be|he'?s|she'?s|they'?re|everyone'?s|everyone is|"
                r"always|start(?:s|ed)?|people are|kids are|boys are) carrying\b"
                r"(?! (?:a lot|on|out|over|the |his |her |their |my |your |bags?|a bag|worry|"
                r"worries|weight|too much|heavy|shopping|it all))|\bcarr(?:y|ies|ying) (?:a |"
                r"his |her )?(?:knife|blade|weapon|shank|gun|strap|nank|machete)"),
    # ---------------------------------------------------------------- gangs and violence
    ("gangs", r"\bgang(?:s|ster|sters|land|s'?)?\b|\bpostcode (?:war|beef)s?\b|\bopps\b|"
              r"\brival (?:gang|area|estate|crew)s?\b|\b(?:joined|in|part of|member of|involved "
              r"with|involved in) (?:a|the|their) (?:crew|firm|set)\b"),
    ("violence", r"\b(?:jump|jumped|jumping|batter|battered|attacked|assaulted|mugged|robbed|"
                 r"stabbed|glassed|bottled) (?:me|him|her|us|them)\b|\bbeat (?:me|him|her|us|"
                 r"them) up\b|\bbeaten up\b|\b(?:get|got|been|getting|gets|was|"
                 r"were) (?:jumped|beaten up|battered|attacked|assaulted|mugged|robbed|stabbed|"
                 r"glassed|bottled|knocked out)\b"),
    ("violence", r"\b(?:said|say|says|saying|threaten\w*|told me) (?:they'?d|they'?ll|they "
                 r"will|they would|he'?d|he'?ll|he will|he would|she'?ll|she will|she would|"
                 r"to|they are going to|they're gonna|they gonna) (?:jump|batter|beat|stab|kill|"
                 r"hurt|get|smash|shank|do) (?:me|him|her|us)\b"),
    # ---------------------------------------------------------------- missing / homeless
    ("missing", r"\b(?:(?:go|goes|going|gone|went|been|keeps going|kept going|reported|run|"
                r"runs|ran)|(?:he|she|they|i|son|daughter|boy|girl|child|kid|brother|sister) "
                r"(?:is|was|were|'s|s|has been|had been)(?: still)?) missing\b(?! (?:school|"
                r"lessons?|class|"
                r"classes|the|out|appointments?|meals?|education|work|sessions?|my|his|her|you|"
                r"our|them|friends|a lot|some|days of school|from school))"),
    ("missing", r"\bmissing (?:from home|from care|from (?:his|her|their) (?:placement|home)|"
                r"episode\w*|person|child|overnight|for (?:hours|days|\d+ (?:hours|days)|the "
                r"night|the weekend))\b"),
    ("missing", r"\b(?:ran|run|running|runs|ranaway|runned) (?:away|off)\b(?! with (?:the|a|"
                r"first|all|it|that) (?:prize|award|title|trophy|win|show|game|competition|"
                r"first|points))|\brunaway\b|\babscond\w*"),
    ("missing", r"\bsleep(?:ing|s|t)? (?:rough|on the streets?|in (?:a|the) (?:park|car|tent|"
                r"doorway|stairwell|bus station))\b|\bhomeless\w*|\bsofa[- ]?surf\w*|"
                r"\bnowhere (?:else )?to (?:live|stay|sleep)\b|\bon the streets\b|"
                r"\b(?:i|i'?ve|ive|i have|i had|i'?d|i got|i'?m|im|me|left|with) (?:\w+ )?"
                r"nowhere (?:else )?to go\b(?! (?:after school|at the weekend|in the holidays|on "
                r"(?:a )?\w+ (?:nights?|evenings?)|if|when (?:the|it|you|they close)))|"
                r"\bnowhere (?:else )?to go (?:tonight|at night|now|and no)\b"),
    ("missing", r"\b(?:(?:kicked|thrown|chucked|put|threw) (?:me|him|her|us|them)|(?:got|been|"
                r"was|were|get|getting) (?:kicked|thrown|chucked)) out\b(?! of (?:school|"
                r"college|class|the (?:club|lesson|class|game|team|group|room|shop)|lessons?))"),
    ("missing", r"\b(?:didn'?t|did not|doesn'?t|does not|never|hasn'?t|has not|hadn'?t|won'?t|"
                r"wont|didnt|doesnt|hasnt) (?:come|came|coming|came back|come back) home\b|"
                r"\bstay(?:s|ed|ing)? out (?:all night|overnight|till \w+ in the morning|for "
                r"days)\b"),
    ("missing", r"\b(?:staying|living|sleeping) (?:with|at) (?:some|a|this|an older) (?:guy|man|"
                r"bloke|bloke'?s|stranger|random|older)\b"),
    # ---------------------------------------------------------------- domestic abuse
    ("domestic_abuse", r"\bdomestic (?:abuse|violence|incidents?|disputes?)\b|\bdv\b|"
                       r"\bcoercive(?:ly)? control\w*|\bcontrolling (?:relationship|partner|"
                       r"boyfriend|husband|behaviou?r)\b|\brefuge\b|\bnon[- ]molestation\b|"
                       r"\brestraining order\b|\bmarac\b"),
    ("domestic_abuse", r"\b(?:hits?|hitting|hit|beats?|beating|beat|beaten|punch\w*|slap\w*|"
                       r"kick\w*|chok\w*|strangl\w*|push(?:es|ed|ing)?|shov\w*|hurts?|hurt|"
                       r"hurting|threaten\w*|attack\w*|batter\w*|kill|strangle) "
                       rf"{_VICTIM}\b|\b(?:pushed|"
                       r"shoved|threw|punched|hit|kicked) her (?:down|into|against|across|out)\b|"
                       r"\b(?:throws?|threw|throwing) (?:stuff|things|\w+) at her\b"),
    ("domestic_abuse", r"\b(?:my|her|his|mum'?s|mums|our) ex\b[^.!?]{0,40}\b(?:threaten\w*|"
                       r"turn(?:s|ed|ing)? up|follow\w*|stalk\w*|won'?t leave|hit|hits|hurt\w*|"
                       r"harass\w*|smash\w*)"),
    ("domestic_abuse", r"\bpolice (?:have been|were|came|come|called|keep coming|were called|"
                       r"got called)\b[^.!?]{0,60}\b(?:fight\w*|argu\w*|row\w*|scream\w*|"
                       r"violence|violent|hit\w*|dad|mum|boyfriend|partner)\b"),
    ("domestic_abuse", r"\b(?:mum|dad|parents|mum'?s boyfriend|step ?dad|stepdad) (?:and|&) "
                       r"(?:my )?(?:mum|dad|his girlfriend|her boyfriend|step ?dad|partner)\b"
                       r"[^.!?]{0,25}\b(?:fight\w*|argu\w*|scream\w*|hit\w*)|\bparents (?:are "
                       r"|keep |always )*(?:fighting|hitting)\b"),
    ("domestic_abuse", r"\b(?:mum'?s|mums|my mum'?s|her|my) (?:boyfriend|partner|husband|"
                       r"new partner)\b[^.!?]{0,40}\b(?:shout\w* and scream\w*|hits?|hurts?|"
                       r"violent|pushed|threw|throws|scares|scared)\b"),
    # ---------------------------------------------------------------- forced marriage / FGM
    ("forced_marriage", r"\bforced (?:to |into )?(?:marr\w*|wed\w*|engage\w*)|\bforced "
                        r"marriage\b|\b(?:make|makes|making|made|force|forcing) (?:me|her|him) "
                        r"(?:to )?(?:marry|get married|get engaged)\b|\bmarried off\b|"
                        r"\bmarry (?:my|a|an|some|this) (?:cousin|man|older|stranger|guy|woman)\b"
                        r"|\b(?:to|get|getting) (?:marry|married|engaged)\b[^.!?]{0,40}\b"
                        r"(?:don'?t|dont|doesn'?t|doesnt|do not|does not|didn'?t) want\b|"
                        r"\b(?:taking|take|taken|send|sending|sent|going|go) (?:me |her |him |"
                        r"us )?(?:back )?(?:to|abroad)\b[^.!?]{0,40}\b(?:marry|married|wedding|"
                        r"engaged)\b|\bfgm\b|\bcutting ceremony\b|\bhonou?r[- ]based\b"),
    # ---------------------------------------------------------------- not safe at home
    ("unsafe_at_home", rf"\b{_NEG} (?:really |even |always )?(?:feel |felt |feeling )?(?:safe|"
                       r"save) (?:at home|at my (?:house|dad'?s|mum'?s|nan'?s|home)|in my "
                       r"(?:house|home|room)|with (?:my \w+|him|her|them|mum|dad)|at (?:his|"
                       r"her|their) (?:house|home)|there|home)\b|\bunsafe at home\b|\bhome "
                       r"(?:isn'?t|is not|aint|ain'?t|doesn'?t feel|does not feel) safe\b|"
                       r"\bnot safe (?:at|in) (?:home|my house)\b"),
    ("unsafe_at_home", rf"\b(?:{_SCARED}|too scared) "
                       r"(?:to go|of going|to be|of being|to stay) (?:back )?(?:home|at home|back "
                       r"there|in the house|there)\b"),
    ("unsafe_at_home", rf"\b{_SCARED} of "
                       r"(?:my |his |her |their |(?:mum|mummy|mom|mam)'?s )?(?:dad|daddy|mum|"
                       r"mummy|mam|step ?dad|"
                       r"step ?mum|stepdad|stepmum|father|mother|boyfriend|partner|uncle|brother|"
                       r"carer|foster carer|him|her|them|what (?:he|she|they)'?(?:ll| will)? "
                       r"do)\b"),
    ("unsafe_at_home", rf"\b{_NEG} (?:\w+ )?want (?:him |her )?to go (?:back )?(?:home|back "
                       r"there|to (?:contact|dad'?s|mum'?s|his dad'?s|her dad'?s)|for contact)\b"),
    ("unsafe_at_home", rf"\b{_NEG} (?:\w+ )?(?:like|want) (?:going|to go|being|to be) (?:back )?"
                       r"home\b"),
    # ---------------------------------------------------------------- neglect
    ("neglect", r"\b(?:no|never any|never|not enough|not any|isn'?t any|is no|there'?s no) "
                r"food (?:in|at) (?:the house|home|the flat|our house)\b|\bnothing (?:to eat|in "
                r"the (?:cupboards?|fridge|house))\b|\b(?:haven'?t|havent|have not|hasn'?t|"
                r"hasnt|not|didn'?t|didnt) (?:eaten|ate|had (?:anything|food|a meal)) (?:since|"
                r"for|in|all day|today|properly)\b"),
    ("neglect", r"\b(?:starving|hungry|dirty|smelly|unwashed) (?:all the time|every day|at "
                r"home|when (?:she|he|they) (?:arrive|arrives|come|comes|turn up|turns up))\b|"
                r"\bturn(?:s|ed)? up (?:to|at|for) [\w ]{0,25}(?:starving|hungry|dirty|"
                r"smelly|unwashed)\b|\bno one feeds\b|\bnobody feeds\b"),
    ("neglect", r"\bleft (?:on (?:my|our|his|her|their) own|alone|home alone|by (?:my|our|him|"
                r"her)sel(?:f|ves)|me alone|us alone|him alone|her alone)\b[^.!?]{0,40}"
                r"(?:for days|for hours|overnight|all night|all weekend|for the weekend|with "
                r"(?:my|our|his|her) (?:little|baby|younger))|\bhome alone\b|"
                r"\bgoes (?:out|away|to (?:her|his) (?:boyfriend|girlfriend)'?s?) (?:and leaves|"
                r"for days|all weekend)\b"),
    ("neglect", r"\b(?:no|without) (?:electric|electricity|heating|gas|hot water|clean "
                r"clothes)\b(?! (?:allowance|bill))|\bsleep(?:s|ing)? on the floor\b|"
                r"\b(?:i|we|he|she|they|kids|children|baby|son|daughter)(?: still)? (?:has|have|"
                r"had|'ve got|'s got|has got|have got|got|'ve|'s) no (?:bed|beds|cot|mattress)\b|"
                r"\b(?:no|without) (?:a )?(?:bed|beds|cot) (?:for (?:me|us|him|her|them|the kids|"
                r"the children|the baby)|to sleep)\b|"
                r"\b(?:no one|nobody) (?:looks after|cares for|takes care of|feeds) (?:me|us|him|"
                r"her|them)\b"),
    ("neglect", rf"\b(?:{_PARENT}) (?:is |are |gets |keeps getting |always )+(?:drunk|high|off "
                r"(?:her|his|their) face|passed out|out of it|wasted)\b"),

    # ------------------------------------------------ more ways of saying the same things
    # Domestic abuse as a child sees or hears it ("daddy gets angry and hurts mummy").
    ("domestic_abuse", r"\b(?:gets?|got|getting|goes|went|is|was) (?:really |so |very )?(?:angry|"
                       r"drunk|violent|nasty|mad|cross|aggressive) and (?:hits?|hurts?|punch\w*|"
                       r"kicks?|pushes|shoves|smash\w*|throws?|breaks? things|chokes?|slaps?|"
                       r"beats?)\b"),
    ("domestic_abuse", r"\b(?:hear|heard|hearing|listen to|listening to) (?:them|him|her|my "
                       r"parents|(?:mum|mummy|dad|daddy) and \w+|the couple|the neighbours|next "
                       r"door|mum|mummy|dad|daddy) (?:\w+ ){0,2}(?:fighting|screaming|hitting|"
                       r"smashing)\b(?! for)"),
    # Hunger and neglect in everyday words and in the words schools and health visitors use.
    ("neglect", r"\b(?:(?:there'?s|there is|there was|theres|there isn'?t|there wasn'?t|is|was)|"
                r"(?:i|we|he|she|they|kids|children)(?: often| sometimes| usually)? (?:have|has|"
                r"had|get|gets|got|'ve got|'ve had)) (?:no|hardly (?:ever )?(?:any )?|never "
                r"(?:any |enough )?|not (?:enough|any)|barely (?:any )?|little or no) (?:food|"
                r"dinner|tea|breakfast|lunch|meals?|supper|anything to eat)\b(?! (?:club|clubs|"
                r"option|options|provided|provision|hall|menu|vouchers?|bank|parcels?|allowed|"
                r"break|time|room|area|for (?:the|this) (?:event|session|meeting|trip)))"),
    ("neglect", r"\b(?:always|often|usually|constantly|regularly|permanently) (?:hungry|starving|"
                r"starved)\b(?! after (?:swimming|football|sport|pe|training|the gym|exercise|a "
                r"match|games))|\b(?:hungry|starving) (?:at|by|before) (?:bed ?time|night)\b|"
                r"\b(?:go|goes|going|went|sent|send) to bed (?:hungry|starving|without (?:any )?"
                r"(?:food|dinner|tea|supper|eating))\b|\b(?:arriv(?:e|es|ed|ing)|comes? in|came "
                r"in|turn(?:s|ed)? up) (?:(?:at|in|to|into) (?:school|nursery|class|club|the "
                r"setting) )?(?:\w+ )?(?:hungry|starving|unwashed|unkempt)\b|\bunwashed "
                r"(?:uniform|clothes|clothing|hair)\b|\b(?:same|dirty|soiled|smelly|filthy) "
                r"(?:uniform|clothes|clothing|nappy|nappies) (?:every day|all week|for days|most "
                r"days|day after day|again)\b"),
    ("neglect", r"\buntreated (?:tooth|teeth|dental|abscess\w*|injur\w*|infection\w*|head lice|"
                r"lice|eczema|wounds?|rash\w*|medical|illness|condition)\b|\bmissed (?:(?:his|"
                r"her|their|the|all|several|two|three|\d+|of) )*(?:immuni[sz]ations|"
                r"vaccinations|jabs|health checks|weight checks|development(?:al)? checks|health "
                r"visitor (?:visits|appointments|checks))\b"),
    ("neglect", r"\b(?:home|living|house|household|hygiene) conditions?\b[^.!?]{0,20}\b(?:poor|"
                r"squalid|unsanitary|unhygienic|dirty|filthy|unsafe|concerning|chaotic|"
                r"hazardous|unacceptable|appalling|dangerous)\b|\bconditions (?:were |are |was "
                r"|is )?(?:very |extremely |really )?(?:poor|squalid|unsanitary|unhygienic|"
                r"filthy)\b[^.!?]{0,60}\b(?:baby|child|children|kids|parent|mum|dad|home|house|"
                r"flat)\b|\bconcerns? (?:about|regarding|re|over|around|for) (?:the |his |her |"
                r"their |this )?(?:(?:child|children|baby|young person|pupil|family)'?s? )?"
                r"(?:home conditions|conditions at home|neglect|hygiene|presentation|care at "
                r"home|living conditions)\b"),
    ("neglect", r"\b(?:out|outside|on the streets|wandering|roaming) (?:on (?:his|her|their) own "
                r"|alone )?(?:late at night|at night|after dark|till late|in all weathers)\b[^.!?]"
                r"{0,40}\b(?:on (?:his|her|their) own|alone|no coat|nobody|no one|every night|most "
                r"nights)\b|\b(?:always|often) out on (?:his|her|their) own (?:late|at night|after "
                r"dark)\b"),
    ("substance", rf"\b(?:{_PARENT}|parent|carer) (?:appeared|seemed|was|is|were|smelt|smelled|"
                  r"smelling|looked)(?: to be)? (?:drunk|intoxicated|high|stoned|of (?:alcohol|"
                  r"drink|cannabis|weed))\b|\bunder the influence\b"),
    # Going missing: out for nights, nobody looking.
    ("missing", r"\bstay(?:s|ed|ing)? out (?:for )?(?:\d+|a|one|two|three|four|five|several|a few|"
                r"a couple of|couple of|all) (?:nights?|days?|weekend)\b|\bout (?:till|until|til|"
                r"'?til) (?:all hours|the early hours|gone midnight|\d+ ?(?:am|in the morning)|"
                r"morning|the next day)\b|\b(?:nobody|no one|noone|no-one|no body) (?:even )?"
                r"(?:came|come|comes|went|goes|go|was|is|were|bothered|bothers)(?: \w+)? "
                r"(?:looking|searching) for (?:me|him|her|us|them)\b|\b(?:nobody|no one|noone|"
                r"no-one) (?:even )?(?:noticed|notices|cared|asked) (?:that )?(?:i|he|she|we|they) "
                r"(?:was|were|had|'d) (?:gone|missing|away|not (?:home|there)|left)\b|"
                r"\b(?:hasn'?t|has not|haven'?t|have not|hadn'?t|had not|not) (?:been|come) "
                r"(?:back )?home (?:for|since|in) \w+|\bawol\b"),
    # Criminal exploitation: cuckooing, county lines signs.
    ("criminal_exploitation", rf"\bus(?:e|es|ed|ing) {_THEIR_HOME} (?:to|for|as) (?:deal|sell|"
                              r"store|stash|cook|bag|run|hide|keep|a base|a trap|drugs|dealing|"
                              r"selling)\b|\b(?:deal(?:s|ing)?|sell(?:s|ing)?|sold|run(?:s|ning)?|"
                              r"cook(?:s|ing)?|stor(?:e|es|ing)|stash(?:es|ing)?|bag(?:s|ging)? "
                              r"up)(?: drugs| stuff| gear| weed| it| them)? (?:from|out of) "
                              rf"{_THEIR_HOME}\b|\b(?:took|taken|take|taking|takes) over "
                              rf"{_THEIR_HOME}\b|"
                              r"\b(?:my|our|the) (?:flat|house|place|gaff)\b[^.!?]{0,60}"
                              r"\b(?:can'?t|cant|cannot|can not|won'?t) (?:get|make) (?:them|him|"
                              r"these people|those people|people) (?:out|to leave|leave|to go)\b"
                              r"(?! of)"),
    ("criminal_exploitation", r"\b(?:large|huge|big|unexplained|significant) (?:amounts?|sums?|"
                              r"quantities) of (?:cash|money)\b|\bwads? of (?:cash|money|notes)\b|"
                              r"\brolls? of (?:cash|notes|money)\b|\bunexplained (?:cash|money|"
                              r"gifts|phones?|clothes|trainers|items|wealth)\b|\b(?:two|2|three|3|"
                              r"several|multiple|a second|extra|different|burner) (?:mobile )?"
                              r"phones\b|\bburner phones?\b|\b(?:money|cash|phones?|gifts?|"
                              r"trainers|clothes)\b[^.!?]{0,30}\b(?:he|she|they) (?:can'?t|won'?t|"
                              r"wont|wouldn'?t|couldn'?t|will not|cannot|refuses? to|refused to|"
                              r"doesn'?t|does not|didn'?t|did not) (?:explain|say where|tell (?:me|"
                              r"us) where)\b|\bpicked up (?:by|in) (?:\w+ )?(?:unknown|older|"
                              r"different|strange|unfamiliar|adult|various) (?:adults?|men|males|"
                              r"people|cars|vehicles|lads|boys|guys|drivers)\b"),
    # Sexual exploitation: cars, older men, gifts, an adult "boyfriend".
    ("sexual_exploitation", r"\b(?:get(?:s|ting)?|got|gone|going|climb(?:s|ing|ed)?|jump(?:s|ing|"
                            r"ed)?) (?:in|into) (?:cars|a car|vans?|taxis|a taxi)\b[^.!?]{0,20}"
                            r"\b(?:with|driven by) (?:\w+ )?(?:older|unknown|strange|adult|"
                            r"different|much older|grown) (?:men|males|man|lads|boys|guys|adults|"
                            r"people)\b|\b(?:cars?|gifts?|presents?|vodka|alcohol|lifts?)\b"
                            r"[^.!?]{0,60}\b(?:older|grown|adult|unknown) (?:lads?|boys?|men|man|"
                            r"guys?|blokes?|males?)\b"),
    ("sexual_exploitation", r"\b(?:boyfriend|relationship|seeing|going out|dating|sleeping with|"
                            r"talking to|texting|messaging|meeting|met|staying with|hanging "
                            r"(?:out|around) with)\b[^.!?]{0,30}\b(?:1[89]|[2-6]\d)[- ]?(?:year|"
                            r"yr)s?[- ]?old\b|\b(?:man|men|guy|guys|bloke|boyfriend|lad|lads) "
                            r"(?:in|who'?s in|who is in) (?:his|their) (?:twenties|thirties|"
                            r"forties|fifties|20s|30s|40s|50s)\b|\b(?:adults?|older|grown|man|"
                            r"men|stranger|strangers|guy|guys|bloke)\b(?: \w+){0,4} (?:sends?|"
                            r"sent|sending|buys?|bought|buying|gives?|gave|giving) (?:him|her|me|"
                            r"them|us) (?:gifts|presents|money|cash|phones?|a phone|clothes|vodka|"
                            r"alcohol|drinks?|drugs|credit|vapes?|cigarettes|fags|weed|"
                            r"trainers)\b"),
    # Physical abuse: bruising and marks, and who did it.
    ("abuse", r"\bbruis\w* (?:to|on|around|across|all over|under) (?:his|her|their|the|my|your|"
              r"both)(?: \w+)? (?:face|eyes?|cheeks?|neck|ears?|head|back|arms?|wrists?|legs?|"
              r"body|chest|stomach|tummy|bottom|thighs?|ribs|hands?|shoulders?|jaw|lips?|"
              r"nose)\b|\bblack eye\b|\b(?:finger ?(?:tip )?|grip |hand ?|slap |belt |bite |"
              r"cigarette |strap )marks?\b|\b(?:bruis\w*|marks?|injur\w*|burns?|welts?|"
              r"swelling)\b[^.!?]{0,40}\b(?:he|she|they|nobody|no one|mum|dad|parents?|"
              r"carers?)\b(?: \w+)? (?:can'?t|couldn'?t|won'?t|wouldn'?t|could not|would not|"
              r"did not|didn'?t|cannot|refused to|refuses to|doesn'?t|does not|was unable to|"
              r"were unable to) (?:explain|say how|tell (?:us|me|staff) how|account for)\b"),
    ("abuse", r"\b(?:said|says|say|saying|told (?:me|us|staff|(?:her|his|the|a) (?:teacher|ta|"
              r"tutor)|school)|disclosed|claims|alleged|reported) (?:that )?(?:his|her|their|my) "
              r"(?:dad|daddy|father|mum|mummy|mother|step ?dad|stepdad|step ?mum|stepmum|"
              r"(?:mum|dad)'?s (?:partner|boyfriend|girlfriend)|uncle|brother|sister|carer|nan|"
              r"grandad|grandma|partner|boyfriend|girlfriend|cousin) (?:\w+ )?(?:did it|did "
              r"this|did that|had done it|caused it|hit|hits|hurt|hurts|punched|kicked|slapped|"
              r"pushed|grabbed|burnt|burned|smacked|beat|beats|strangled|choked)\b"),
    # Concerns worded by schools and health visitors, whatever they are about.
    ("reported_concern", r"\bdisclos(?:ed|es|ing)\b(?! (?:(?:his|her|their|my|our|the|a|an|any|"
                         r"this|that) )?(?:own )?(?:diagnos\w*|autism|adhd|dyslexia|disabilit\w*|"
                         r"conditions?|needs|information|details|address|data|records?|"
                         r"documents?|sexuality|gender|pregnancy|identity|results?|grades?))|"
                         r"\b(?:made|make|making|makes) (?:a |an |the )?(?:\w+ )?disclosure\b|"
                         r"\bwelfare (?:concerns?|checks?|visits?)\b|\b(?:concerns?|worried|"
                         r"concerned) (?:about|regarding|re|over|around|for) (?:the |his |her |"
                         r"their |this |a )?(?:(?:child|children|baby|young person|pupil|"
                         r"family)'?s? )?(?:welfare|wellbeing at home|safety at home)\b"),
)

#: Phrases that are never disclosures; a match inside one of these is dropped.
_EXCEPTIONS = re.compile(
    r"\bknife (?:and|&|n) fork\b|\bknives (?:and|&|n) forks\b|\bfork and knife\b|"
    r"\b(?:toy|nerf|water|glue|staple|nail|paint|spud|cap|laser|bubble|heat|hot glue|massage|"
    r"foam|confetti|squirt|starting|start) guns?\b|\bgun show\b|\bgang show\b|"
    r"\b(?:whole|usual|old) gang\b|\bran away with (?:the|a|first|all|it)\b|"
    r"\bshot (?:some )?hoops\b|\bshooting (?:hoops|range|stars?|practice|a film|a video)\b|"
    r"\bcarrying a lot of\b|\b(?:kicked|thrown) out of (?:school|college|class|the club)\b|"
    r"\bstab in the dark\b|\bmissing (?:the bus|school|lessons?|out)\b|\bbutter knife\b|"
    r"\bblade of grass\b|\bsafeguarding\b|\b(?:have|had|take|took|having) a stab at\b|"
    r"\bhurts? (?:me|us) (?:to (?:see|think|say|know|hear|watch)|that|how|so much that|deeply)\b|"
    r"\b(?:really|so|truly|deeply|genuinely|it|that|this|which) touched (?:me|us)\b|"
    r"\bit hit (?:me|us)\b|\b(?:rais(?:e|ed|es|ing)|collect(?:ed|ing)?) (?:money|cash) for\b|"
    r"\b(?:run|ran|running|rushed) off (?:my|our|their|his|her|your|its) feet\b|"
    r"\b(?:run|ran|running) off (?:a |some |the )?(?:cop(?:y|ies)|sheets?|leaflets?|prints?|"
    r"flyers?)\b|"
    # an injury with an everyday cause is not a disclosure ("bruises on his legs from football")
    r"\b(?:bruis\w*|cuts?|grazes?|marks?|injur\w*)\b[^.!?]{0,40}\b(?:from|after|when (?:he|she|"
    r"they|i) (?:fell|tripped|slipped)) (?:falling|a fall|fall(?:ing)? over|football|rugby|"
    r"netball|pe|playing|the trampoline|trampolining|tripping|(?:his|her|a) bike|the park|sport|"
    r"a match|climbing|an accident|the accident|(?:his|her|a) blood test|(?:an|the|his|her) "
    r"injection|(?:the|his|her) jabs?)\b"
)

#: Words that, right next to a match, show it is education or campaigning, not a disclosure.
_AWARENESS_AFTER = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,1}(?:awareness|talks?|sessions?|workshops?|training|assembl(?:y|ies)|"
    r"course|lessons?|presentations?|campaigns?|programmes?|leaflets?|posters?|"
    r"crime|prevention|strategy|policy|film|video|documentary)\b"
)
_AWARENESS_BEFORE = re.compile(
    r"\b(?:awareness|talk|session|workshop|training|assembly|course|lesson|presentation|"
    r"campaign|programme|leaflet|poster|film|video|documentary|play|learnt|learned|learning|"
    r"taught|teaching|info|information|advice)\s+(?:\w+\s+){0,2}(?:on|about|around|re|into|"
    r"of)\s+(?:the\s+)?(?:dangers\s+of\s+)?(?:\w+\s+){0,2}$"
)

_INDEX: RuleIndex | None = None
_PATTERNS: list[re.Pattern[str]] | None = None


def _patterns() -> list[re.Pattern[str]]:
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = [re.compile(pattern) for _category, pattern in RULES]
    return _PATTERNS


def _index() -> RuleIndex:
    global _INDEX
    if _INDEX is None:
        _INDEX = RuleIndex([pattern for _category, pattern in RULES])
    return _INDEX


def check(text: str, *, low: str | None = None,
          candidates: list[int] | None = None) -> SafeguardingResult:
    """Flag risk of harm. Each reason gives the category and the words that matched.

    ``low`` (``normalise(text)``) and ``candidates`` (indices of the rules worth running, from
    the Analyzer's shared rule filter) only save work; callers normally pass only ``text``.
    """
    if not text:
        return SafeguardingResult(False, [])
    if low is None:
        low = normalise(text)
    if candidates is None:
        candidates = _index().candidates(low)
    if not candidates:  # no rule can match: the common case
        return SafeguardingResult(False, [])
    patterns = _patterns()
    exceptions: list[tuple[int, int]] | None = None
    reasons: list[SafeguardingReason] = []
    for i in candidates:
        category = RULES[i][0]
        for m in patterns[i].finditer(low):
            start, end = m.span()
            if end <= start:
                continue
            if exceptions is None:
                exceptions = [e.span() for e in _EXCEPTIONS.finditer(low)]
            if any((e_start <= start and end <= e_end) or (e_start < end and start < e_end)
                   for e_start, e_end in exceptions):
                continue
            if category in AWARENESS_CATEGORIES and _awareness(low, start, end):
                continue
            reasons.append(SafeguardingReason(category, text[start:end], start, end))
    if reasons:
        reasons = _dedupe(reasons)
    return SafeguardingResult(bool(reasons), reasons)


#: Categories whose matches can be education or campaigning ("county lines awareness session",
#: "a talk about knife crime", "drugs and alcohol talk"). Self-harm, suicide, abuse, neglect and
#: the rest are never dropped for context.
AWARENESS_CATEGORIES = frozenset({"weapons", "gangs", "criminal_exploitation",
                                  "sexual_exploitation", "substance", "violence"})


def _awareness(low: str, start: int, end: int) -> bool:
    after = low[end:end + 40]
    before = low[max(0, start - 60):start]
    return bool(_AWARENESS_AFTER.match(after) or _AWARENESS_BEFORE.search(before))


def _dedupe(reasons: list[SafeguardingReason]) -> list[SafeguardingReason]:
    """One reason per category and overlapping span (the longest), in text order."""
    reasons.sort(key=lambda r: (r.start, -(r.end - r.start), r.category))
    kept: list[SafeguardingReason] = []
    for r in reasons:
        if any(k.category == r.category and k.start < r.end and r.start < k.end for k in kept):
            continue
        kept.append(r)
    return kept
