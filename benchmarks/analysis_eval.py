"""Measure voiceapp.analysis on the labelled evaluation set in tests/unit/analysis/data.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/analysis_eval.py
Prints sentiment macro-F1 (plain VADER with its standard +/-0.05 thresholds vs voiceapp), theme
recall@3, safeguarding recall and false-alarm rates, and redaction recall per type plus the share
of ordinary words kept; figures are given for the whole set and its dev/holdout splits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from voiceapp.analysis import Analyzer
from voiceapp.analysis.evaluation import evaluate, format_report

DATA = Path(__file__).resolve().parent.parent / "tests" / "unit" / "analysis" / "data"


def main() -> int:
    report = evaluate(DATA, Analyzer())
    print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
