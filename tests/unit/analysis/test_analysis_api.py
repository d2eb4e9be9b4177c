from __future__ import annotations

import subprocess
import sys
import time

import voiceapp.analysis as analysis
from voiceapp.analysis import AnalysisResult, Analyzer, starter_codebook

PUBLIC = {"CodebookEntry", "starter_codebook", "SentimentResult", "Driver", "SentenceScore",
          "ThemeSuggestion", "SafeguardingResult", "SafeguardingReason", "redact",
          "redact_spans", "AnalysisResult", "Analyzer", "ThemeModel", "train_theme_model",
          "run_analyse_stream"}


def test_public_api_is_exported() -> None:
    assert set(analysis.__all__) >= PUBLIC
    for name in PUBLIC:
        assert getattr(analysis, name) is not None


def test_analyzer_is_cheap_to_build_and_reusable() -> None:
    Analyzer()  # the first build in a process also reads VADER's lexicon (~0.2 s on the VM)
    start = time.perf_counter()
    analyzer = Analyzer(known_names=["Quillon"])
    assert time.perf_counter() - start < 0.5
    results = analyzer.analyse_many(["Brilliant support, thank you Gemma.", ""])
    assert all(isinstance(r, AnalysisResult) for r in results)
    assert results[0].sentiment.label == "positive"
    assert results[0].redacted == "Brilliant support, thank you [NAME]."
    assert results[1].themes == [] and not results[1].safeguarding.flag
    assert len(starter_codebook()) == len(analyzer.codebook)


def test_analysis_imports_no_qt_orm_or_services() -> None:
    code = ("import sys, voiceapp.analysis as a; a.Analyzer().analyse('hello');"
            "bad=[m for m in sys.modules if m.split('.')[0] in ('PySide6','shiboken6',"
            "'sqlalchemy') or m.startswith(('voiceapp.db','voiceapp.services','voiceapp.ui'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
