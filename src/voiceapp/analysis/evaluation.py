"""Measuring the engine against a labelled evaluation set.

The set lives in ``tests/unit/analysis/data`` (three JSON Lines files, described in
docs/analysis.md). Each item carries ``split``: "dev" items were looked at while the rules were
written, "holdout" items were not, so the holdout figures are the honest estimate.
Used by ``benchmarks/analysis_eval.py`` and by the unit tests that assert the targets.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from voiceapp.analysis.analyzer import Analyzer
from voiceapp.analysis.codebook import top_level_of
from voiceapp.analysis.redaction import redact_spans
from voiceapp.analysis.safeguarding import check
from voiceapp.analysis.sentiment import plain_vader, plain_vader_label

LABELS = ("positive", "neutral", "negative")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def top_level_ranking(slugs: Iterable[str], analyzer: Analyzer) -> list[str]:
    """Distinct top-level themes in the order their first suggestion appears."""
    out: list[str] = []
    for slug in slugs:
        top = top_level_of(slug, analyzer.codebook)
        if top not in out:
            out.append(top)
    return out


@dataclass
class SplitFigures:
    n: int = 0
    vader_f1: float = 0.0
    voiceapp_f1: float = 0.0
    theme_recall3: float = 0.0
    theme_recall3_strict: float = 0.0


@dataclass
class EvalReport:
    feedback: dict[str, SplitFigures] = field(default_factory=dict)  # "all", "dev", "holdout"
    sg_disclosures: int = 0
    sg_recall: float = 0.0
    sg_category_hit: float = 0.0
    sg_decoys: int = 0
    sg_decoy_false_alarm: float = 0.0
    sg_ordinary: int = 0
    sg_ordinary_false_alarm: float = 0.0
    sg_missed: list[str] = field(default_factory=list)
    sg_false_alarms: list[str] = field(default_factory=list)
    redaction_cases: int = 0
    redaction_recall: dict[str, tuple[int, int]] = field(default_factory=dict)
    redaction_type_correct: dict[str, tuple[int, int]] = field(default_factory=dict)
    # per placeholder: (predicted spans overlapping a gold span of that type, predicted spans)
    redaction_precision: dict[str, tuple[int, int]] = field(default_factory=dict)
    redaction_false: list[str] = field(default_factory=list)
    words_kept: tuple[int, int] = (0, 0)
    redaction_missed: list[str] = field(default_factory=list)
    redaction_lost_words: list[str] = field(default_factory=list)

    def recall_of(self, kind: str) -> float:
        hit, total = self.redaction_recall.get(kind, (0, 0))
        return hit / total if total else 1.0

    def precision_of(self, kind: str) -> float:
        right, predicted = self.redaction_precision.get(kind, (0, 0))
        return right / predicted if predicted else 1.0

    @property
    def kept_share(self) -> float:
        kept, total = self.words_kept
        return kept / total if total else 1.0


def evaluate(data_dir: Path, analyzer: Analyzer | None = None) -> EvalReport:
    analyzer = analyzer or Analyzer()
    report = EvalReport()
    feedback = load_jsonl(data_dir / "feedback.jsonl")
    _feedback_figures(feedback, analyzer, report)
    _safeguarding_figures(load_jsonl(data_dir / "safeguarding.jsonl"), feedback, report)
    _redaction_figures(load_jsonl(data_dir / "redaction.jsonl"), report)
    return report


def _feedback_figures(rows: list[dict[str, Any]], analyzer: Analyzer, report: EvalReport) -> None:
    vader = plain_vader()
    results = []
    for row in rows:
        text = row["text"]
        suggestions = analyzer.themes(text, top_n=None)
        results.append((
            row,
            plain_vader_label(vader.polarity_scores(text)["compound"]),
            analyzer.sentiment(text).label,
            top_level_ranking((s.slug for s in suggestions), analyzer)[:3],
            top_level_ranking((s.slug for s in suggestions[:3]), analyzer),
        ))
    for split in ("all", "dev", "holdout"):
        chosen = [r for r in results if split == "all" or r[0].get("split") == split]
        if not chosen:
            continue
        gold = [r[0]["sentiment"] for r in chosen]
        hit = hit_strict = total = 0
        for row, _v, _p, top3, strict3 in chosen:
            wanted = set(row["themes"])
            total += len(wanted)
            hit += len(wanted & set(top3))
            hit_strict += len(wanted & set(strict3))
        report.feedback[split] = SplitFigures(
            n=len(chosen),
            vader_f1=macro_f1(gold, [r[1] for r in chosen]),
            voiceapp_f1=macro_f1(gold, [r[2] for r in chosen]),
            theme_recall3=hit / total if total else 0.0,
            theme_recall3_strict=hit_strict / total if total else 0.0,
        )


def _safeguarding_figures(rows: list[dict[str, Any]], ordinary: list[dict[str, Any]],
                          report: EvalReport) -> None:
    disclosures = [r for r in rows if r["flag"]]
    decoys = [r for r in rows if not r["flag"]]
    hits = cat_hits = 0
    for row in disclosures:
        result = check(row["text"])
        if result.flag:
            hits += 1
            if {r.category for r in result.reasons} & set(row.get("categories", [])):
                cat_hits += 1
        else:
            report.sg_missed.append(row["text"])
    false_decoys = [r["text"] for r in decoys if check(r["text"]).flag]
    plain = [r for r in ordinary if not r.get("safeguarding", False)]
    false_plain = [r["text"] for r in plain if check(r["text"]).flag]
    report.sg_disclosures = len(disclosures)
    report.sg_recall = hits / len(disclosures) if disclosures else 1.0
    report.sg_category_hit = cat_hits / len(disclosures) if disclosures else 1.0
    report.sg_decoys = len(decoys)
    report.sg_decoy_false_alarm = len(false_decoys) / len(decoys) if decoys else 0.0
    report.sg_ordinary = len(plain)
    report.sg_ordinary_false_alarm = len(false_plain) / len(plain) if plain else 0.0
    report.sg_false_alarms = false_decoys + false_plain


_WORD_RE = re.compile(r"\w+")


def _redaction_figures(rows: list[dict[str, Any]], report: EvalReport) -> None:
    recall: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    right: Counter[str] = Counter()
    found: Counter[str] = Counter()
    kept = words = 0
    for row in rows:
        text = row["text"]
        predicted = redact_spans(text)
        for p in predicted:
            found[p.kind] += 1
            if any(g["type"] == p.kind and p.start < g["end"] and g["start"] < p.end
                   for g in row["spans"]):
                right[p.kind] += 1
            else:
                report.redaction_false.append(f"{p.kind}: {p.text!r} in {text!r}")
        for gold in row["spans"]:
            kind = gold["type"]
            totals[kind] += 1
            chars = [k for k in range(gold["start"], gold["end"]) if not text[k].isspace()]
            covering = [p for p in predicted if p.start < gold["end"] and gold["start"] < p.end]
            if all(any(p.start <= k < p.end for p in covering) for k in chars):
                recall[kind] += 1
                if all(p.kind == kind for p in covering):
                    typed[kind] += 1
            else:
                report.redaction_missed.append(f"{kind}: {gold['text']!r} in {text!r}")
        for m in _WORD_RE.finditer(text):
            if any(g["start"] <= m.start() < g["end"] for g in row["spans"]):
                continue
            words += 1
            if any(p.start <= m.start() < p.end for p in predicted):
                report.redaction_lost_words.append(m.group())
            else:
                kept += 1
    report.redaction_cases = len(rows)
    report.redaction_recall = {k: (recall[k], totals[k]) for k in sorted(totals)}
    report.redaction_type_correct = {k: (typed[k], totals[k]) for k in sorted(totals)}
    report.redaction_precision = {k: (right[k], found[k]) for k in sorted(totals | found)}
    report.words_kept = (kept, words)


def format_report(report: EvalReport) -> str:
    lines = ["voiceapp analysis evaluation", "=" * 28, ""]
    lines.append("Sentiment macro-F1 (3 labels) and theme recall@3 (top-level themes)")
    lines.append(f"{'split':<9}{'n':>5}{'VADER':>9}{'voiceapp':>10}{'gain':>8}"
                 f"{'recall@3':>10}{'strict@3':>10}")
    for split, f in report.feedback.items():
        lines.append(f"{split:<9}{f.n:>5}{f.vader_f1:>9.3f}{f.voiceapp_f1:>10.3f}"
                     f"{f.voiceapp_f1 - f.vader_f1:>+8.3f}{f.theme_recall3:>10.3f}"
                     f"{f.theme_recall3_strict:>10.3f}")
    lines.append("  recall@3: first three distinct top-level themes in the ranked suggestions;")
    lines.append("  strict@3: only the first three suggestions, sub-codes mapped to their parent.")
    lines.append("")
    lines.append("Safeguarding")
    lines.append(f"  recall on disclosures     {report.sg_recall:.3f}  (n={report.sg_disclosures};"
                 f" expected category found in {report.sg_category_hit:.0%})")
    lines.append(f"  false alarms on decoys    {report.sg_decoy_false_alarm:.3f}  "
                 f"(n={report.sg_decoys})")
    lines.append(f"  false alarms on ordinary  {report.sg_ordinary_false_alarm:.3f}  "
                 f"(n={report.sg_ordinary} feedback texts)")
    for text in report.sg_missed:
        lines.append(f"    MISSED: {text}")
    for text in report.sg_false_alarms:
        lines.append(f"    false alarm: {text}")
    lines.append("")
    lines.append(f"Redaction ({report.redaction_cases} cases)")
    for kind, (hit, total) in report.redaction_recall.items():
        typed = report.redaction_type_correct[kind][0]
        right, found = report.redaction_precision.get(kind, (0, 0))
        lines.append(f"  {kind:<11} removed {hit:>3}/{total:<3} = {hit / total:.3f}"
                     f"   (right placeholder {typed}/{total}); precision {right}/{found}"
                     f" = {report.precision_of(kind):.3f}")
    kept, words = report.words_kept
    lines.append(f"  ordinary words kept {kept}/{words} = {report.kept_share:.3f}")
    for item in report.redaction_missed:
        lines.append(f"    MISSED {item}")
    for item in report.redaction_false:
        lines.append(f"    NOT PERSONAL DATA {item}")
    if report.redaction_lost_words:
        lines.append(f"    ordinary words removed: {', '.join(report.redaction_lost_words)}")
    return "\n".join(lines)
