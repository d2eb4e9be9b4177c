from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from voiceapp.analysis import Analyzer
from voiceapp.analysis._text import normalise
from voiceapp.analysis.sentiment import (
    NEGATIVE_THRESHOLD,
    POSITIVE_THRESHOLD,
    SentimentScorer,
    aggregate,
    domain_lexicon,
    label_for,
    plain_vader,
    split_sentences,
)


@pytest.fixture(scope="module")
def scorer() -> SentimentScorer:
    return SentimentScorer()


@pytest.mark.parametrize("text", [
    "We are still waiting for the plan.",
    "I had to fight for every bit of support.",
    "Nobody listens to us.",
    "This is denial of need.",
    "The service is not fit for purpose.",
    "Every new worker means we re-tell our story.",
    "I have spent months chasing the caseworker.",
    "I would be grateful if someone could finally call me back.",
    "gutted the trip was cancelled",
    "the new website is rubbish",
    "Very disappointed with how this was organised.",
])
def test_domain_complaints_are_negative(scorer: SentimentScorer, text: str) -> None:
    assert scorer.score(text).label == "negative", scorer.score(text)


@pytest.mark.parametrize("text", [
    "The transport team were brilliant.",
    "lush day out, cheers",
    "Really well organised, thank you.",
    "chuffed with the new plan",
    "She went above and beyond for our family.",
    "I can't praise the short breaks team enough.",
    "the youth workers r class",
])
def test_praise_is_positive(scorer: SentimentScorer, text: str) -> None:
    assert scorer.score(text).label == "positive", scorer.score(text)


@pytest.mark.parametrize("text", [
    "Please can you send me a copy of the final plan?",
    "Her annual review is booked for the 3rd of March.",
    "Would like more information about short breaks.",
])
def test_requests_and_facts_are_neutral(scorer: SentimentScorer, text: str) -> None:
    assert scorer.score(text).label == "neutral", scorer.score(text)


def test_negated_praise_phrase_flips(scorer: SentimentScorer) -> None:
    assert scorer.score("We felt listened to.").label == "positive"
    assert scorer.score("We never felt listened to.").label == "negative"


def test_drivers_explain_the_score(scorer: SentimentScorer) -> None:
    result = scorer.score("Still waiting for a reply. The caseworker was lovely though.")
    rules = {d.rule for d in result.drivers}
    assert any(r.startswith("phrase: ") for r in rules)
    assert any("lexicon" in r for r in rules)
    assert result.drivers == sorted(result.drivers, key=lambda d: -abs(d.weight))
    waiting = [d for d in result.drivers if "waiting" in d.text.lower()]
    assert waiting and waiting[0].weight < 0


def test_sentences_are_scored_separately(scorer: SentimentScorer) -> None:
    text = "The staff were lovely. We have had no reply for eight weeks."
    result = scorer.score(text)
    assert [s.text for s in result.sentences] == ["The staff were lovely.",
                                                  "We have had no reply for eight weeks."]
    assert all(text[s.start:s.end] == s.text for s in result.sentences)
    assert result.sentences[0].compound > 0 > result.sentences[1].compound
    assert result.label == "negative"  # complaint-like: weighted to the worst sentence


def test_numbers_do_not_split_sentences() -> None:
    assert len(split_sentences("The bus came at 7.45 and he was fine.")) == 1


def test_labels_and_aggregate_follow_documented_thresholds() -> None:
    assert label_for(POSITIVE_THRESHOLD) == "positive"
    assert label_for(NEGATIVE_THRESHOLD) == "negative"
    assert label_for((POSITIVE_THRESHOLD + NEGATIVE_THRESHOLD) / 2) == "neutral"
    assert aggregate([]) == 0.0
    assert aggregate([0.0, 0.01]) == 0.0
    assert aggregate([0.6, -0.6]) == pytest.approx(-0.3)  # (mean 0 + worst -0.6) / 2
    assert aggregate([0.6, 0.2]) == pytest.approx(0.4)


def test_plain_vader_is_left_untouched(scorer: SentimentScorer) -> None:
    scorer.score("gutted")
    vader = plain_vader()
    assert "gutted" not in vader.lexicon
    assert vader.lexicon["support"] == 1.7


def test_empty_and_emoji_text(scorer: SentimentScorer) -> None:
    assert scorer.score("").label == "neutral"
    assert scorer.score("   ").compound == 0.0
    assert scorer.score("Loved it 😍").label == "positive"


def test_analyzer_sentiment_is_deterministic() -> None:
    a, b = Analyzer(), Analyzer()
    text = "The plan is late again and nobody rang back."
    assert a.sentiment(text) == b.sentiment(text)


# -- the fast scorer follows VADER exactly where voiceapp adds nothing -------------------------
_PLAIN_WORDS = ["good", "great", "bad", "awful", "happy", "sad", "love", "hate", "nice", "poor",
                "wonderful", "terrible", "fun", "boring", "best", "worst", "yeah", "stop"]
_MODIFIERS = ["very", "extremely", "slightly", "barely", "not", "never", "isn't", "no", "so",
              "this", "without", "doubt", "least", "at", "but", "of", "sort", "or", "nor",
              "the", "bomb", "yeah", "right", "kiss", "death", "bus", "stop", "cat", "day"]


_DOMAIN = frozenset(domain_lexicon())
_SCORER = SentimentScorer()


@given(st.lists(st.tuples(st.sampled_from(_PLAIN_WORDS + _MODIFIERS),
                          st.sampled_from(["lower", "upper", "title"])),
                min_size=1, max_size=14),
       st.sampled_from(["", "!", "!!", "!!!!!", "?", "??", "????", " :)", ","]))
@settings(max_examples=300, deadline=None)
def test_sentence_without_domain_words_scores_exactly_as_vader(words, ending) -> None:
    text = " ".join(getattr(w, case)() for w, case in words) + ending
    assume(not any(w in _DOMAIN for w, _case in words))
    assume(not _SCORER._phrase_hits(normalise(text)))  # no voiceapp phrase rule applies
    result = _SCORER.score(text)
    assert len(result.sentences) <= 1
    expected = plain_vader().polarity_scores(text)["compound"]
    got = result.sentences[0].compound if result.sentences else 0.0
    assert got == expected, (text, got, expected)
