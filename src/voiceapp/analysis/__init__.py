"""Text analysis: sentiment, themes, safeguarding triage, redaction. No Qt, no database.

Public API (the rest of the app codes against these names); see docs/analysis.md.
"""

from voiceapp.analysis.analyzer import AnalysisResult, Analyzer
from voiceapp.analysis.codebook import CodebookEntry, starter_codebook
from voiceapp.analysis.model import ThemeModel, train_theme_model
from voiceapp.analysis.redaction import RedactionSpan, redact, redact_spans
from voiceapp.analysis.safeguarding import SafeguardingReason, SafeguardingResult
from voiceapp.analysis.sentiment import Driver, SentenceScore, SentimentResult
from voiceapp.analysis.stream import run_analyse_stream
from voiceapp.analysis.themes import ThemeSuggestion

__all__ = [
    "AnalysisResult",
    "Analyzer",
    "CodebookEntry",
    "Driver",
    "RedactionSpan",
    "SafeguardingReason",
    "SafeguardingResult",
    "SentenceScore",
    "SentimentResult",
    "ThemeModel",
    "ThemeSuggestion",
    "redact",
    "redact_spans",
    "run_analyse_stream",
    "starter_codebook",
    "train_theme_model",
]
