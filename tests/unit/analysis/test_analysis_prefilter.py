"""The rule filter only saves time: it must never drop a rule that would have matched."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from voiceapp.analysis import safeguarding, sentiment
from voiceapp.analysis._prefilter import WORD_RE, RuleIndex, filter_entries, requirement
from voiceapp.analysis._text import normalise
from voiceapp.analysis.analyzer import _shared_index
from voiceapp.domain.enums import RecordKind
from voiceapp.domain.reference import RESPONDENT_ROLES
from voiceapp.services.demo_text import TextFactory

DATA = Path(__file__).parent / "data"

TRICKY = [
    "", "   ", "no", "No. NO! no?", "Kill myself", "KMS", "i'm gonna kms lol", "sewer-slide",
    "don’t feel safe at home", "he’s carrying", "nobody’s listening", "self-harm", "selfharm",
    "Zoë is scared of her dad", "café: still waiting", "un-aliving", "killmyself", "x\nkill myself",
    "waiting" * 3, "it's been 11 weeks", "OD'd", "o.d.", "2 phones", "knife.", "(knife)", "_knife_",
    "guns", "gun's", "step dad hits me", "stepdad hit me", "mum'sboyfriend", "feels me up",
    "i didnt come home", "stayed out 3 nights", "ran off", "ran away with the prize",
]


def _texts() -> list[str]:
    texts = list(TRICKY)
    for name in ("feedback.jsonl", "safeguarding.jsonl", "redaction.jsonl"):
        with (DATA / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    factory = TextFactory(random.Random(3))
    roles = [code for code, _label in RESPONDENT_ROLES]
    for k in range(300):
        texts.append(factory.compose(list(RecordKind)[k % 8], roles[k % len(roles)],
                                     "send_ehc").text)
    texts += [factory.safeguarding_disclosure(role).text for role in roles * 4]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


@pytest.mark.parametrize("name", ["shared", "sentiment", "safeguarding"])
def test_every_matching_rule_is_a_candidate(texts: list[str], name: str) -> None:
    index = {"shared": lambda: _shared_index()[0], "sentiment": sentiment._rule_index,
             "safeguarding": safeguarding._index}[name]()
    dropped = []
    for text in texts:
        low = normalise(text)
        candidates = set(index.candidates(low, WORD_RE.findall(low)))
        assert candidates == set(index.candidates(low))  # words are optional
        for i, pattern in enumerate(index.patterns):
            if i not in candidates and pattern.regex.search(low):
                dropped.append((pattern.pattern[:60], text[:80]))
    assert not dropped, dropped[:5]


def test_filter_is_selective(texts: list[str]) -> None:
    index, _split = _shared_index()
    assert index.stats()["always"] == 0  # every rule could be analysed
    total = sum(len(index.candidates(normalise(t))) for t in texts)
    assert total / len(texts) < 0.1 * len(index.patterns)  # far fewer than all rules run


def test_requirements_of_literals() -> None:
    mark = "\x00"
    assert requirement(f"{mark}still ") == ("w", "still")
    assert requirement(f"{mark}suicid") == ("p", "suicid")
    assert requirement("ending ") == ("s", "ending")
    assert requirement(" ") == ("x", " ")
    # a word key is never taken from a piece that may continue an earlier word
    assert requirement("kill") == ("s", "kill")


def test_common_prefix_of_alternatives_is_kept() -> None:
    # the regex parser turns "comes?|came" into "c" + (omes?|ame); the filter must still see
    # whole words, not "ame"
    entries = filter_entries(r"\b(?:comes?|came|coming) back\b")
    words = {requirement(lit) for entry in entries for lit in entry[0]}
    assert ("w", "came") in words or ("w", "back") in words


def test_index_with_words_that_share_pieces() -> None:
    index = RuleIndex([r"\bharm\w*", r"self[- ]?harm", r"\bhar\b", r"nothing here"])
    assert index.candidates("self-harming") == [0, 1]
    assert index.candidates("a har b") == [2]
    assert index.candidates("there is nothing here") == [3]
    assert index.candidates("charm") == []  # "harm" inside, but no "self" to confirm rule 1
    assert index.candidates("no self charm") == [1]  # may match as far as words tell
