"""Safeguarding triage against the demo free-text generator (written by another author).

The labelled evaluation set in ./data was written alongside the rules; the demo generator was
not, so it is a second, independent check of how well the rules generalise: every disclosure
template it has (in every voice, with its typos and run-on sentences) must be flagged, and its
ordinary texts (which deliberately include near-misses such as "missing from the plan", "tired
of fighting for everything", "scared about going to big school") must rarely be.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from voiceapp.analysis.safeguarding import check
from voiceapp.domain.enums import RecordKind
from voiceapp.domain.reference import RESPONDENT_ROLES, SERVICE_AREAS
from voiceapp.services import demo_text
from voiceapp.services.demo_text import TextFactory

ROLES = [code for code, _label in RESPONDENT_ROLES]
AREAS = [code for code, _label in SERVICE_AREAS]
KINDS = list(RecordKind)
AGE_BANDS = (None, "0-4", "5-10", "11-15", "16-17", "18-25")
SEEDS = (11, 23, 47)
DRAWS_PER_ROLE = 60  # per seed: enough that every template of every voice comes up
ORDINARY_PER_SEED = 1_100  # 3,300 ordinary texts in all
MAX_FALSE_ALARM_RATE = 0.02

_WORD = re.compile(r"[a-z]+")


def _template_words() -> dict[str, frozenset[str]]:
    """Each disclosure template (by its text) -> its own words, placeholders left out.

    ``_SG`` is the generator's private table of disclosure templates; it is read here only to
    check that the samples cover every template, so that a new template cannot slip by."""
    return {template: frozenset(_WORD.findall(re.sub(r"\{[^}]*\}", " ", template.lower())))
            for block in demo_text._SG.values() for _slugs, template in block}


def _which_template(text: str, templates: dict[str, frozenset[str]]) -> tuple[str, float]:
    """The template whose words the text contains most of (typos and a lead-in sentence change
    a word or add some; they do not make another template a better fit)."""
    words = set(_WORD.findall(text.lower()))
    return max(((t, len(w & words) / len(w)) for t, w in templates.items()),
               key=lambda pair: pair[1])


@pytest.fixture(scope="module")
def disclosures() -> list[tuple[str, str]]:
    """(role, text) for DRAWS_PER_ROLE disclosures per role and seed, age bands varied."""
    out = []
    for seed in SEEDS:
        factory = TextFactory(random.Random(seed))
        for role in ROLES:
            for k in range(DRAWS_PER_ROLE):
                band = AGE_BANDS[k % len(AGE_BANDS)] if role == "child_young_person" else None
                out.append((role, factory.safeguarding_disclosure(role, band).text))
    return out


def test_every_disclosure_template_is_sampled(disclosures: list[tuple[str, str]]) -> None:
    templates = _template_words()
    assert len(templates) >= 40
    seen = Counter()
    for _role, text in disclosures:
        template, fit = _which_template(text, templates)
        assert fit >= 0.6, (text, template, fit)  # the sample really is that template
        seen[template] += 1
    missing = [t for t in templates if not seen[t]]
    assert not missing, missing


def test_every_sampled_disclosure_is_flagged(disclosures: list[tuple[str, str]]) -> None:
    missed = [(role, text) for role, text in disclosures if not check(text).flag]
    assert not missed, f"{len(missed)} of {len(disclosures)} disclosures missed: {missed[:10]}"


def test_ordinary_demo_text_rarely_raises_a_false_alarm() -> None:
    total = 0
    alarms: list[tuple[str, list[tuple[str, str]]]] = []
    for seed in SEEDS:
        factory = TextFactory(random.Random(seed))
        pick = random.Random(seed + 1)
        for k in range(ORDINARY_PER_SEED):
            kind = KINDS[k % len(KINDS)]
            role = ROLES[(k // len(KINDS)) % len(ROLES)]
            band = pick.choice(AGE_BANDS) if role == "child_young_person" else None
            text = factory.compose(kind, role, pick.choice(AREAS), age_band=band).text
            total += 1
            result = check(text)
            if result.flag:
                alarms.append((text, [(r.category, r.matched_text) for r in result.reasons]))
    assert total >= 3_000
    rate = len(alarms) / total
    assert rate <= MAX_FALSE_ALARM_RATE, (rate, alarms[:20])


@pytest.mark.parametrize("text", [
    # near-misses the generator uses on purpose, and the false alarms it used to raise
    "Health advice was missing from the plan, which makes Section G useless.",
    "We are so tired of fighting for everything.",
    "I am scared about going to big school.",
    'Parents like their workers but say they\'re "run off their feet".',
    "I moved into my flat with no cooker and no bed for 6 weeks.",
    "if you close the youth club on Quarry Lane there will be nowhere to go",
])
def test_generator_near_misses_are_not_flagged(text: str) -> None:
    assert not check(text).flag, check(text).reasons
