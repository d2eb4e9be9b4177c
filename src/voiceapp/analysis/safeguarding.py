"""Safeguarding triage: flag text that suggests a risk of harm, for same-day review.

Recall comes first: a missed disclosure is far worse than a false alarm. The rules therefore
look for how children, young people and parents actually write ("i dont feel safe at home",
"wanna kms", "unalive myself", "my step dad hurts me", no punctuation, no apostrophes) and only
a few narrow exceptions are made, each for a figure of speech or context that is plainly not a
disclosure:

* figures of speech are avoided by the patterns themselves: "killing me", "killed it",
  "dying to", "died laughing" never match, because the suicide rules need a self-reference
  ("kill myself", "want to die", "end it all") and the threat rules need a threat ("he said he
  will kill me");
* named exceptions (``_EXCEPTIONS``): "knife and fork", toy/nerf/water/glue guns, the Scouts'
  "Gang Show", "the whole gang", "ran away with the prize", "missing the bus/school", being
  "kicked out of" a class or club, "carrying a lot of worry";
* awareness context: a match directly inside "county lines awareness session", "a talk about
  knife crime", "drugs and alcohol talk" and the like is education, not disclosure;
* negation is only used where the wording itself is about safety: "I feel safe at home" does
  not match, "I don't feel safe at home" does. "He never hits me" is still flagged.

Categories: suicide, self_harm, abuse, sexual_exploitation, criminal_exploitation, neglect,
weapons, gangs, violence, missing, domestic_abuse, forced_marriage, unsafe_at_home, substance.
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
    "unsafe_at_home", "substance",
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
_ADULT = (r"(?:dad|mum|mam|mom|step ?dad|step ?mum|stepdad|stepmum|father|mother|boyfriend|"
          r"girlfriend|partner|husband|uncle|aunt|auntie|grandad|granddad|nan|brother|sister|"
          r"cousin|carer|foster carer|teacher|coach|he|she|they|him|her|them|someone|somebody)")
_PARENT = (r"(?:dad|mum|mam|mom|step ?dad|step ?mum|stepdad|stepmum|father|mother|boyfriend|"
           r"girlfriend|partner|parents|carer|nan|grandad)")
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
                r"planning|plan(?:ned)?|thinking about|thought about|thoughts of|thoughts about|"
                r"thinking of|feel like|felt like|feels like|gunna|would rather|rather|"
                r"i'?d rather|deserve to) (?:to )?(?:just )?(?:die|be dead|"
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
                r"\bnowhere (?:to (?:go|live|stay|sleep))\b|\bon the streets\b"),
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
                       r"hurting|threaten\w*|attack\w*|batter\w*|kill|strangle) (?:my |our )?"
                       r"(?:mum|mom|mam|mother|nan|wife|girlfriend|partner)\b|\b(?:pushed|"
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
    ("unsafe_at_home", r"\b(?:scared|afraid|frightened|terrified|petrified|too scared|scarred) "
                       r"(?:to go|of going|to be|of being|to stay) (?:back )?(?:home|at home|back "
                       r"there|in the house|there)\b"),
    ("unsafe_at_home", r"\b(?:scared|afraid|frightened|terrified|petrified|scarred) of "
                       r"(?:my |his |her |their |mum'?s |mums )?(?:dad|mum|mam|step ?dad|"
                       r"step ?mum|stepdad|stepmum|father|mother|boyfriend|partner|uncle|brother|"
                       r"carer|foster carer|him|her|them|what (?:he|she|they)'?(?:ll| will)? "
                       r"do)\b"),
    ("unsafe_at_home", rf"\b{_NEG} (?:\w+ )?want (?:him |her )?to go (?:back )?(?:home|back "
                       r"there|to (?:contact|dad'?s|mum'?s|his dad'?s|her dad'?s)|for contact)\b"),
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
    ("neglect", r"\b(?:no|without) (?:electric|electricity|heating|gas|hot water|beds?|clean "
                r"clothes)\b(?! (?:allowance|bill))|\bsleep(?:s|ing)? on the floor\b|"
                r"\b(?:no one|nobody) (?:looks after|cares for|takes care of|feeds) (?:me|us|him|"
                r"her|them)\b"),
    ("neglect", rf"\b(?:{_PARENT}) (?:is |are |gets |keeps getting |always )+(?:drunk|high|off "
                r"(?:her|his|their) face|passed out|out of it|wasted)\b"),
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
    r"\bit hit (?:me|us)\b"
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

    ``low`` (``normalise(text)``) and ``candidates`` (rule indices from a shared literal scan)
    let the Analyzer avoid repeating work; callers normally pass only ``text``.
    """
    if not text:
        return SafeguardingResult(False, [])
    if low is None:
        low = normalise(text)
    if candidates is None:
        candidates = _index().candidates(low)
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
