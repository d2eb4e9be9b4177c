from __future__ import annotations

from dataclasses import replace

import pytest

from voiceapp.analysis import Analyzer, CodebookEntry, starter_codebook
from voiceapp.analysis.theme_rules import THEME_RULES
from voiceapp.analysis.themes import PhraseMatcher, ThemeRules, words_of
from voiceapp.domain.codebook import TOP_LEVEL_SLUGS, iter_codes


def test_every_starter_code_has_rules() -> None:
    for code, _parent in iter_codes():
        assert THEME_RULES.get(code.slug), code.slug


def test_starter_codebook_mirrors_domain() -> None:
    book = starter_codebook()
    assert [e.slug for e in book if e.parent_slug is None] == list(TOP_LEVEL_SLUGS)
    assert all(not e.retired for e in book)
    assert len({e.slug for e in book}) == len(book)


@pytest.mark.parametrize(("text", "slug"), [
    ("Still waiting for the CAMHS referral.", "timeliness.waiting_lists"),
    ("The Local Offer website is hard to use.", "information.local_offer"),
    ("His EHCP is vague and out of date.", "assessment_plans.plan_quality"),
    ("The taxi driver is always late.", "transport"),
    ("She was bullied on the bus.", "safety.bullying"),
    ("The youth club is the best thing in my week.", "activities"),
    ("My PA helped me with my pathway plan.", "transitions.leaving_care"),
    ("We had to tell our story again to another new worker.", "listening.tell_it_once"),
    ("The parent carer forum was consulted.", "coproduction.parent_forum"),
    ("The sibling contact was lovely.", "family_support.contact"),
])
def test_rules_find_codes_with_evidence(text: str, slug: str) -> None:
    suggestions = Analyzer().themes(text, top_n=None)
    by_slug = {s.slug: s for s in suggestions}
    assert slug in by_slug, [s.slug for s in suggestions]
    found = by_slug[slug]
    assert found.evidence and found.source == "rules" and 0 < found.score <= 1
    parent = slug.split(".")[0]
    assert by_slug[parent].score >= found.score  # sub-code evidence lifts its parent


def test_ranked_best_first_and_top_n() -> None:
    analyzer = Analyzer()
    text = "Still waiting for the EHC needs assessment; the caseworker never rings back."
    ranked = analyzer.themes(text, top_n=None)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
    assert analyzer.themes(text, top_n=2) == ranked[:2]
    assert analyzer.themes(text) == ranked[:5]


def test_retired_codes_are_never_suggested() -> None:
    book = [replace(e, retired=True) if e.slug == "transport" else e for e in starter_codebook()]
    suggestions = Analyzer(codebook=book).themes("The taxi to school was late again.", None)
    assert "transport" not in {s.slug for s in suggestions}


def test_officer_added_code_gets_cold_start_rules() -> None:
    book = [*starter_codebook(),
            CodebookEntry("school_uniform", "School uniform costs", "education",
                          "The price of uniform, PE kit and shoes.")]
    suggestions = Analyzer(codebook=book).themes("The uniform grant doesn't cover PE kit.", None)
    match = [s for s in suggestions if s.slug == "school_uniform"]
    assert match and "uniform" in match[0].evidence


def test_renamed_starter_code_still_matches_by_new_name() -> None:
    book = [replace(e, name="Getting about") if e.slug == "transport" else e
            for e in starter_codebook()]
    assert "transport" in {s.slug for s in Analyzer(codebook=book).themes("getting about", None)}


def test_phrase_matcher_handles_stems_and_phrases() -> None:
    matcher = PhraseMatcher([("delay*", 1.0, 0), ("call me back", 1.0, 1), ("return* my call*",
                                                                              1.0, 2)])
    found = {(p.rule_id, i) for p, i in matcher.find(words_of(
        "Delayed again; please call me back or return my calls"))}
    assert found == {(0, 0), (1, 3), (2, 7)}


def test_no_evidence_no_suggestions() -> None:
    assert ThemeRules(starter_codebook()).suggest("") == []
