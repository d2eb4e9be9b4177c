from __future__ import annotations

import itertools
import json
import pickle
from pathlib import Path

import pytest

from voiceapp.analysis import Analyzer, CodebookEntry, ThemeModel, starter_codebook
from voiceapp.analysis import train_theme_model as train

DATA = Path(__file__).parent / "data"

# An officer-added code whose texts never use its own name or description words, so the
# cold-start rules cannot find it: only learning from confirmed examples can.
DIGITAL = CodebookEntry("digital_access", "Digital access", None,
                        "Difficulty getting on to council systems.")
_OPENERS = ["I tried again last night but", "Every single time", "Since the update",
            "My husband tried too and", "On my phone and laptop", "Honestly"]
_PROBLEMS = ["the login page keeps rejecting my password", "the app crashes when I upload",
             "it says my password reset link has expired", "the upload button does nothing",
             "the portal logs me out before I can submit", "I can't attach the documents",
             "the two factor code never arrives by text", "it freezes on the sign in screen"]


def _digital_texts() -> list[str]:
    return [f"{o} {p}." for o, p in itertools.product(_OPENERS, _PROBLEMS)]


def _examples() -> list[tuple[str, list[str]]]:
    with (DATA / "feedback.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [(r["text"], r["themes"]) for r in rows]


@pytest.fixture(scope="module")
def book() -> list[CodebookEntry]:
    return [*starter_codebook(), DIGITAL]


@pytest.fixture(scope="module")
def model(book: list[CodebookEntry]) -> ThemeModel:
    digital = _digital_texts()
    train_part = [t for k, t in enumerate(digital) if k % 4 != 0]
    m = train(_examples() + [(t, ["digital_access"]) for t in train_part], book)
    assert m is not None
    return m


def test_too_few_examples_gives_no_model(book: list[CodebookEntry]) -> None:
    assert train(_examples()[:19], book) is None
    assert train([("some text", ["not_a_code"])] * 40, book) is None


def test_model_round_trips_through_bytes(model: ThemeModel) -> None:
    blob = model.to_bytes()
    again = ThemeModel.from_bytes(blob)
    assert again.codes == model.codes and again.vocabulary == model.vocabulary
    text = "Still waiting for the portal to let me upload the EHCP paperwork"
    for code, p in model.predict_proba(text).items():
        assert again.predict_proba(text)[code] == pytest.approx(p, abs=2e-3)
    assert again.to_bytes() == blob


def test_from_bytes_rejects_other_data(model: ThemeModel) -> None:
    for bad in (b"", b"not a model", pickle.dumps({"a": 1}), model.to_bytes()[:40]):
        with pytest.raises(ValueError):
            ThemeModel.from_bytes(bad)


def test_training_is_deterministic(book: list[CodebookEntry]) -> None:
    examples = _examples()
    a, b = train(examples, book), train(examples, book)
    assert a is not None and b is not None and a.to_bytes() == b.to_bytes()


def test_model_improves_recall_on_a_code_the_rules_miss(
        book: list[CodebookEntry], model: ThemeModel) -> None:
    held_out = [t for k, t in enumerate(_digital_texts()) if k % 4 == 0]
    rules_only = Analyzer(codebook=book)
    with_model = Analyzer(codebook=book, model=model)

    def recall(analyzer: Analyzer) -> float:
        return sum("digital_access" in {s.slug for s in analyzer.themes(t, top_n=3)}
                   for t in held_out) / len(held_out)

    assert recall(rules_only) == 0.0
    assert recall(with_model) >= 0.75
    suggestion = next(s for s in with_model.themes(held_out[0], top_n=None)
                      if s.slug == "digital_access")
    assert suggestion.source == "model" and suggestion.evidence[0].startswith("model")


def test_model_only_proposes_live_codes(model: ThemeModel) -> None:
    text = "Since the update the upload button does nothing."
    retired = [*starter_codebook(), CodebookEntry(
        DIGITAL.slug, DIGITAL.name, None, DIGITAL.description, retired=True)]
    assert "digital_access" not in {s.slug for s in Analyzer(retired, model).themes(text, None)}
    absent = starter_codebook()
    assert "digital_access" not in {s.slug for s in Analyzer(absent, model).themes(text, None)}


def test_rules_and_model_agree_gives_both(book: list[CodebookEntry], model: ThemeModel) -> None:
    text = "We are still waiting and waiting, months of delay for the assessment."
    both = {s.slug: s for s in Analyzer(book, model).themes(text, None)}
    assert both["timeliness"].source in {"both", "rules"}
    assert 0 < both["timeliness"].score <= 1
