"""How an analysis result is stored on a feedback record. Shared by capture, editing, import,
re-analysis and the demo generator, so a record looks the same however it arrived.

All functions return plain dicts for bulk `insert()`; none opens a session."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from voiceapp.domain.enums import ThemeLinkStatus, ThemeSource

if TYPE_CHECKING:
    from voiceapp.analysis import AnalysisResult

# Suggestions below this score are not linked; at most this many per record.
SUGGESTION_THRESHOLD = 0.3
MAX_SUGGESTIONS = 3


def analysis_columns(result: AnalysisResult) -> dict:
    """Feedback columns set from an analysis: sentiment score, label, drivers, safeguarding."""
    return dict(
        sentiment_score=round(result.sentiment.compound, 4),
        sentiment_label=result.sentiment.label,
        sentiment_drivers=[dict(text=d.text, weight=round(d.weight, 3), rule=d.rule)
                           for d in result.sentiment.drivers[:6]],
        safeguarding_flag=result.safeguarding.flag,
    )


def suggested_themes(result: AnalysisResult) -> list:
    """The suggestions worth showing an officer: best first, above the threshold (or the single
    best one when nothing clears it, so every text record carries a theme)."""
    chosen = [t for t in result.themes if t.score >= SUGGESTION_THRESHOLD][:MAX_SUGGESTIONS]
    return chosen or list(result.themes[:1])


def theme_link_rows(feedback_id: int, result: AnalysisResult, theme_ids: Mapping[str, int],
                    skip: set[int] | None = None) -> list[dict]:
    """feedback_theme rows for the analyser's suggestions (status 'suggested')."""
    rows, seen = [], set(skip or ())
    for sug in suggested_themes(result):
        tid = theme_ids.get(sug.slug)
        if tid is None or tid in seen:
            continue
        seen.add(tid)
        rows.append(dict(feedback_id=feedback_id, theme_id=tid,
                         source=ThemeSource.AUTOMATIC.value,
                         status=ThemeLinkStatus.SUGGESTED.value, confidence=round(sug.score, 3),
                         evidence=list(sug.evidence[:5]), confirmed_by_id=None,
                         confirmed_at=None))
    return rows


def safeguarding_row(feedback_id: int, result: AnalysisResult, flagged_at: datetime,
                     flagged_by: str = "analyser") -> dict | None:
    """An open safeguarding_review row when the text was flagged, else None."""
    if not result.safeguarding.flag:
        return None
    return dict(feedback_id=feedback_id, flagged_at=flagged_at, flagged_by=flagged_by,
                reasons=[dict(category=r.category, text=r.matched_text)
                         for r in result.safeguarding.reasons],
                decision=None, decision_reason=None, referral_reference=None,
                decided_by_id=None, decided_at=None)
