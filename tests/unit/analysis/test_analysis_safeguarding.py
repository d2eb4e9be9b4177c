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
