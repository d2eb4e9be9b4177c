from __future__ import annotations

import pytest

from voiceapp.analysis import Analyzer
from voiceapp.analysis.safeguarding import CATEGORIES, check

DISCLOSURES = [
    ("i dont feel safe at home", "unsafe_at_home"),
    ("I don't feel safe at home", "unsafe_at_home"),
    ("he hits me", "abuse"),
    ("want to kms", "suicide"),
    ("i just wanna die", "suicide"),
    ("thinking about how to unalive myself", "suicide"),
    ("my step dad hurts me", "abuse"),
    ("been sleeping rough for a week", "missing"),
    ("I've been self harming again", "self_harm"),
    ("she took loads of paracetamol", "substance"),
    ("he overdosed last night", "substance"),
    ("my brother is carrying a knife", "weapons"),
    ("everyone is carrying now", "weapons"),
    ("he showed me a gun", "weapons"),
    ("i got jumped by a gang", "gangs"),
    ("my cousin got me running county lines", "criminal_exploitation"),
    ("an older man keeps buying her presents and picking her up in his car",
     "sexual_exploitation"),
    ("a guy i met on snapchat wants nudes", "sexual_exploitation"),
    ("my son keeps going missing overnight", "missing"),
    ("my daughter ran away again", "missing"),
    ("dad beats my mum", "domestic_abuse"),
    ("they want to make me marry my cousin", "forced_marriage"),
    ("there's never any food in the house", "neglect"),
    ("im scared of my dad", "unsafe_at_home"),
]

DECOYS = [
    "I feel safe at home",
    "I killed it at football",
    "this wait is killing me",
    "He loved the knife and fork skills in cookery",
    "she is dying to go on the trip",
    "I nearly died laughing",
    "The Gang Show was brilliant",
    "we shot some hoops after school",
    "he has a nerf gun",
    "the county lines awareness session was useful",
    "she is carrying a lot of worry",
    "we keep missing the bus",
    "my daughter ran away with the prize",
    "that is odd",
]


# Ways of saying the same things that neither the evaluation set nor the demo generator uses:
# the rules are meant to generalise, not to list known sentences.
PARAPHRASES = [
    ("daddy hits mummy when he has been drinking", "domestic_abuse"),
    ("when dad gets drunk he hurts my mum and i hide upstairs", "domestic_abuse"),
    ("I can hear them fighting every night and mum crying", "domestic_abuse"),
    ("my stepdad gets angry and smashes things", "domestic_abuse"),
    ("we never have tea and my little brother goes to bed hungry", "neglect"),
    ("there was no breakfast again and I was starving", "neglect"),
    ("he is always hungry when he comes in on a Monday", "neglect"),
    ("she stayed out two nights and no one came looking for her", "missing"),
    ("my son hasn't been home since Friday", "missing"),
    ("he's out till 3am most nights and won't say where", "missing"),
    ("they're using her flat to sell from", "criminal_exploitation"),
    ("some lads have taken over my mum's flat", "criminal_exploitation"),
    ("he has got two phones and loads of cash", "criminal_exploitation"),
    ("he keeps coming home with designer clothes he can't explain", "criminal_exploitation"),
    ("my daughter keeps getting in cars with older lads after school", "sexual_exploitation"),
    ("she is seeing a 22 year old and she's only 14", "sexual_exploitation"),
    ("an older man online sends her money and gifts", "sexual_exploitation"),
    ("there are bruises on her arm that she can't explain", "abuse"),
    ("he came in with a black eye and said his dad did it", "abuse"),
    ("bruising to her neck and fingertip marks on her arms", "abuse"),
    ("Staff have concerns about home conditions and the children's hygiene.", "neglect"),
    ("Health visitor: home conditions poor, baby underweight, dad appeared to be drunk.",
     "neglect"),
    ("mum was under the influence when she collected him", "substance"),
    ("he missed all his immunisations and has an untreated ear infection", "neglect"),
    ("A Year 9 pupil disclosed to her tutor that she is being hurt at home.", "reported_concern"),
    ("The pupil made a disclosure to the school nurse this morning.", "reported_concern"),
    ("We have welfare concerns about this child.", "reported_concern"),
    ("i dont like going home cos of my dads temper", "unsafe_at_home"),
    ("been thinking abt ending it all tbh", "suicide"),
    ("i'm scard of mums boyfriend", "unsafe_at_home"),
]

NEAR_MISSES = [
    "Health advice is missing from the plan",
    "staff are run off their feet",
    "if you close it there will be nowhere to go",
    "the kids will have nowhere to go after school",
    "my flat had no cooker and no bed for 3 weeks",
    "He got a bruise on his leg from football",
    "she disclosed her diagnosis to the college",
    "the education welfare officer rang",
    "there was no lunch provided at the event",
    "we had no breakfast club this term",
    "the older boys at youth club raised money for charity",
    "she ran off a copy of the plan for me",
    "my son is always hungry after swimming",
    "I heard mum and dad talking about the plan",
    "They helped me move into my flat.",
]


@pytest.mark.parametrize(("text", "category"), PARAPHRASES)
def test_other_wordings_are_flagged(text: str, category: str) -> None:
    result = check(text)
    assert category in {r.category for r in result.reasons}, result.reasons


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_flagged(text: str) -> None:
    assert not check(text).flag, check(text).reasons


@pytest.mark.parametrize(("text", "category"), DISCLOSURES)
def test_disclosures_are_flagged(text: str, category: str) -> None:
    result = check(text)
    assert result.flag, text
    assert category in {r.category for r in result.reasons}, result.reasons


@pytest.mark.parametrize("text", DECOYS)
def test_figures_of_speech_and_context_are_not_flagged(text: str) -> None:
    assert not check(text).flag, check(text).reasons


def test_reasons_point_at_the_original_text() -> None:
    text = "Things are OK but honestly I DON’T feel safe at home and he HITS ME."
    result = check(text)
    assert result.flag
    for reason in result.reasons:
        assert reason.category in CATEGORIES
        assert text[reason.start:reason.end] == reason.matched_text
    assert [r.start for r in result.reasons] == sorted(r.start for r in result.reasons)


def test_negation_only_where_safe() -> None:
    assert not check("I feel safe at home now").flag
    assert check("I do not feel safe at home").flag
    # recall first: a denial of abuse is still shown to a manager
    assert check("he never hits me").flag


def test_awareness_context_never_hides_self_harm() -> None:
    assert check("after the self-harm awareness session she told me she cuts herself").flag


def test_empty_text() -> None:
    assert not check("").flag
    assert not Analyzer().safeguarding("   ").flag
