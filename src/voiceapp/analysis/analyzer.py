"""The analysis engine: sentiment, themes, safeguarding and redaction for one text at a time."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from voiceapp.analysis import safeguarding as _safeguarding
from voiceapp.analysis import sentiment as _sentiment
from voiceapp.analysis._prefilter import WORD_RE as _WORD_RE
from voiceapp.analysis._prefilter import RuleIndex
from voiceapp.analysis._text import constructor, normalise
from voiceapp.analysis.codebook import CodebookEntry, starter_codebook
from voiceapp.analysis.model import ThemeModel
from voiceapp.analysis.redaction import Redactor
from voiceapp.analysis.safeguarding import SafeguardingResult
from voiceapp.analysis.safeguarding import check as _safeguarding_check
from voiceapp.analysis.sentiment import SentimentResult, SentimentScorer
from voiceapp.analysis.themes import ThemeRules, ThemeSuggestion, rank

_SHARED: tuple[RuleIndex, int] | None = None


def _shared_index() -> tuple[RuleIndex, int]:
    """One literal scan for both the sentiment phrase rules and the safeguarding rules:
    indices below the returned count are phrase rules, the rest safeguarding rules."""
    global _SHARED
    if _SHARED is None:
        phrases = [rule.pattern for rule in _sentiment.PHRASE_RULES]
        _SHARED = (RuleIndex(phrases + [p for _c, p in _safeguarding.RULES]), len(phrases))
    return _SHARED


MODEL_MIN_PROBABILITY = 0.5  # the model proposes a code only at or above this probability
DEFAULT_TOP_N = 5


@dataclass(frozen=True, slots=True)
class AnalysisResult:
    sentiment: SentimentResult
    themes: list[ThemeSuggestion] = field(default_factory=list)
    safeguarding: SafeguardingResult = field(default_factory=lambda: SafeguardingResult(False))
    redacted: str = ""


_new_result = constructor(AnalysisResult)


class Analyzer:
    """Create once (cheap: VADER's lexicon and the rule tables load once per process) and reuse.

    ``codebook``: the current codebook (default: the starter codebook). Retired codes are never
    suggested. ``model``: a ThemeModel trained on confirmed tags; it may only propose codes that
    are in ``codebook`` and not retired. ``known_names``: names always removed by redaction.
    An Analyzer keeps no per-text state, so one instance can serve one thread at a time.
    """

    def __init__(self, codebook: Sequence[CodebookEntry] | None = None,
                 model: ThemeModel | None = None, known_names: Iterable[str] = ()) -> None:
        self.codebook: list[CodebookEntry] = (list(codebook) if codebook is not None
                                              else starter_codebook())
        self.model = model
        self._rules = ThemeRules(self.codebook)
        self._sentiment = SentimentScorer()
        self._redactor = Redactor(known_names)
        self._shared, self._n_phrases = _shared_index()
        active = {e.slug for e in self.codebook if not e.retired}
        self._model_codes = frozenset(model.codes) & active if model is not None else frozenset()

    # -- parts -------------------------------------------------------------------------------
    def sentiment(self, text: str) -> SentimentResult:
        return self._sentiment.score(text)

    def themes(self, text: str, top_n: int | None = DEFAULT_TOP_N) -> list[ThemeSuggestion]:
        """Suggested codes, best first; ``top_n=None`` returns every suggestion."""
        return self._themes(text, top_n, None)

    def _themes(self, text: str, top_n: int | None,
                words: Sequence[str] | None) -> list[ThemeSuggestion]:
        """``themes``; ``words`` (``words_of(text)``) only saves work."""
        model = self.model
        if not self._model_codes or model is None:  # rules only: build just the top_n
            return self._rules.top(text, top_n, words=words)
        by_slug = {s.slug: s for s in self._rules.suggest(text, ranked=False, words=words)}
        probs = model.predict_proba(text)
        for slug in self._model_codes:
            p = probs.get(slug, 0.0)
            if p < MODEL_MIN_PROBABILITY:
                continue
            terms = model.explain(text, slug)
            note = [f"model: {', '.join(terms)}"] if terms else ["model"]
            rule = by_slug.get(slug)
            if rule is None:
                by_slug[slug] = ThemeSuggestion(slug, round(p, 4), note, "model")
            else:
                by_slug[slug] = ThemeSuggestion(slug, round(max(rule.score, p), 4),
                                                rule.evidence + note, "both")
        ranked = rank(list(by_slug.values()), self._rules)
        return ranked if top_n is None else ranked[:max(0, top_n)]

    def safeguarding(self, text: str) -> SafeguardingResult:
        return _safeguarding_check(text)

    def redact(self, text: str, known_names: Iterable[str] = ()) -> str:
        return self._redactor.redact(text, known_names)

    # -- whole analysis ----------------------------------------------------------------------
    def analyse(self, text: str) -> AnalysisResult:
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        low = normalise(text)
        # One split into words serves the rule filter and, for plain ASCII text, the theme
        # rules too (their words are [a-z0-9]+ runs, the same as \w+ without "_").
        words = _WORD_RE.findall(low)
        found = self._shared.candidates(low, words)  # sorted: phrase rules first
        split = self._n_phrases
        k = bisect_left(found, split)
        sg_ids = [i - split for i in found[k:]] if k < len(found) else []
        theme_words = words if low.isascii() and "_" not in low else None
        return _new_result(
            self._sentiment.score(text, lower=low, candidates=found[:k]),
            self._themes(text, DEFAULT_TOP_N, theme_words),
            _safeguarding_check(text, low=low, candidates=sg_ids),
            self._redactor.redact(text, words=words),
        )

    def analyse_many(self, texts: Iterable[str]) -> list[AnalysisResult]:
        return [self.analyse(t) for t in texts]
