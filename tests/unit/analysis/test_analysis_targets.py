"""The issue's measured targets, computed from the labelled evaluation set in ./data."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from voiceapp.analysis import Analyzer
from voiceapp.analysis.evaluation import EvalReport, evaluate, load_jsonl
from voiceapp.domain.codebook import TOP_LEVEL_SLUGS

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate(DATA, Analyzer())


def test_evaluation_set_is_big_and_varied_enough() -> None:
    feedback = load_jsonl(DATA / "feedback.jsonl")
    assert len(feedback) >= 150
    assert set(Counter(r["sentiment"] for r in feedback)) == {"positive", "neutral", "negative"}
    themes = Counter(t for r in feedback for t in r["themes"])
    assert set(TOP_LEVEL_SLUGS) <= set(themes), set(TOP_LEVEL_SLUGS) - set(themes)
    assert min(themes[t] for t in TOP_LEVEL_SLUGS) >= 5
    safeguarding = load_jsonl(DATA / "safeguarding.jsonl")
    assert sum(r["flag"] for r in safeguarding) >= 40
    assert sum(not r["flag"] for r in safeguarding) >= 40
    redaction = load_jsonl(DATA / "redaction.jsonl")
    assert len(redaction) >= 60
    kinds = {s["type"] for r in redaction for s in r["spans"]}
    assert kinds == {"NAME", "EMAIL", "PHONE", "POSTCODE", "ADDRESS", "NHS_NUMBER", "DOB",
                     "SCHOOL"}
    assert sum(s["type"] == "SCHOOL" for r in redaction for s in r["spans"]) >= 30
    # the clean texts include generic mentions of schools that must stay
    clean = " ".join(r["text"] for r in redaction if not r["spans"])
    for generic in ("the school", "special school", "SEND school", "Virtual School",
                    "Forest School", "Head of School", "High Needs"):
        assert generic in clean, generic
    for row in redaction:  # spans point at the text they claim
        for span in row["spans"]:
            assert row["text"][span["start"]:span["end"]] == span["text"]
    ids = [r["id"] for name in ("feedback", "safeguarding", "redaction")
           for r in load_jsonl(DATA / f"{name}.jsonl")]
    assert len(ids) == len(set(ids))
    assert all(json.dumps(r) for r in feedback)


def test_sentiment_beats_plain_vader_by_at_least_015(report: EvalReport) -> None:
    figures = report.feedback["all"]
    assert figures.voiceapp_f1 - figures.vader_f1 >= 0.15, figures
    # and on the texts not looked at while writing the rules
    holdout = report.feedback["holdout"]
    assert holdout.voiceapp_f1 > holdout.vader_f1


def test_theme_recall_at_3(report: EvalReport) -> None:
    assert report.feedback["all"].theme_recall3 >= 0.85, report.feedback["all"]


def test_safeguarding_recall_is_total(report: EvalReport) -> None:
    assert report.sg_recall == 1.0, report.sg_missed


def test_safeguarding_false_alarms_at_most_10_percent(report: EvalReport) -> None:
    assert report.sg_decoy_false_alarm <= 0.10, report.sg_false_alarms
    assert report.sg_ordinary_false_alarm <= 0.10, report.sg_false_alarms


@pytest.mark.parametrize("kind", ["EMAIL", "PHONE", "POSTCODE", "NHS_NUMBER"])
def test_structured_personal_data_always_removed(report: EvalReport, kind: str) -> None:
    assert report.recall_of(kind) == 1.0, report.redaction_missed


def test_names_mostly_removed(report: EvalReport) -> None:
    assert report.recall_of("NAME") >= 0.90, report.redaction_missed


def test_school_names_removed_and_generic_mentions_kept(report: EvalReport) -> None:
    assert report.recall_of("SCHOOL") >= 0.90, report.redaction_missed
    assert report.precision_of("SCHOOL") >= 0.95, report.redaction_false


def test_ordinary_words_kept(report: EvalReport) -> None:
    assert report.kept_share >= 0.95, report.redaction_lost_words
