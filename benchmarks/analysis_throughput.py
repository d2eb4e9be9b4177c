"""Throughput of the full analysis (sentiment + themes + safeguarding + redaction) against plain
VADER's polarity_scores on the same short comments, in the same run, on one core.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/analysis_throughput.py [--train]
Target: voiceapp / VADER ratio >= 0.3. The two are timed in alternating rounds on the same
core (CPU time of this thread); the reported ratio is the median over the rounds, which is far
steadier on a shared machine than a ratio of two separately taken bests. ``--train`` also
times train_theme_model on 50,000 synthetic short texts (made by shuffling words of the
evaluation set; fixed seed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

from voiceapp.analysis import Analyzer, ThemeModel, sentiment, starter_codebook, train_theme_model
from voiceapp.analysis.sentiment import plain_vader

DATA = Path(__file__).resolve().parent.parent / "tests" / "unit" / "analysis" / "data"
ROUNDS = 21


def short_comments() -> list[str]:
    texts: list[str] = []
    for name in ("feedback.jsonl", "safeguarding.jsonl", "redaction.jsonl"):
        with (DATA / name).open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts


def rates(fns: list, texts: list[str], before_round=None) -> tuple[list[float], list[float]]:
    """Texts per second of CPU time for each function, measured in ROUNDS rounds; in each round
    every function processes all texts once (the order alternates between rounds), so the
    functions see the same machine conditions. Returns (best rate per function, the ratio
    fns[k] / fns[0] of every round). CPU time of this thread (``time.thread_time``) rather than
    wall time, so that other processes on a shared machine count less; on a loaded machine the
    per-round ratio still varies, so the median of the rounds is the figure to report."""
    best = [float("inf")] * len(fns)
    ratios: list[float] = []
    order = list(range(len(fns)))
    for r in range(ROUNDS):
        if before_round is not None:
            before_round()
        took = [0.0] * len(fns)
        for k in (order if r % 2 == 0 else order[::-1]):
            fn = fns[k]
            start = time.thread_time()
            for text in texts:
                fn(text)
            took[k] = time.thread_time() - start
            best[k] = min(best[k], took[k])
        ratios.append(took[0] / took[-1])
    return [len(texts) / b for b in best], ratios


def clear_word_caches(analyzer: Analyzer) -> None:
    """Empty the caches that remember what each distinct word or token means (rule filter,
    theme rules, VADER tokens). They fill as texts are analysed; a long-running process keeps
    the frequent words, so the warm figure is the usual case and this one the worst."""
    analyzer._shared._cache.clear()
    analyzer._rules._cache.clear()
    sentiment._TOKEN_CACHE.clear()


def train_timing() -> None:
    rows = []
    with (DATA / "feedback.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    codebook = starter_codebook()
    children: dict[str, list[str]] = {}
    for entry in codebook:
        if entry.parent_slug:
            children.setdefault(entry.parent_slug, []).append(entry.slug)
    rng = random.Random(0)
    examples = []
    for _ in range(50_000):
        row = rows[rng.randrange(len(rows))]
        words = row["text"].split()
        rng.shuffle(words)
        labels = [rng.choice(children.get(t, [t])) for t in row["themes"]]
        examples.append((" ".join(words[: rng.randrange(8, 25)]), labels))
    start = time.perf_counter()
    model = train_theme_model(examples, codebook)
    elapsed = time.perf_counter() - start
    assert model is not None
    blob = model.to_bytes()
    start = time.perf_counter()
    ThemeModel.from_bytes(blob)
    load = time.perf_counter() - start
    print(f"train_theme_model on 50,000 texts, {os.cpu_count()} cores: {elapsed:.2f} s "
          f"({len(model.codes)} codes, {len(model.vocabulary)} features, "
          f"{len(blob) / 1e6:.1f} MB stored, load {load * 1000:.0f} ms)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", action="store_true", help="also time model training")
    parser.add_argument("--cold", action="store_true",
                        help="empty the per-word caches before every round (worst case: every "
                             "word of every text is new to the process)")
    args = parser.parse_args()
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if cores:
        os.sched_setaffinity(0, {min(cores)})  # one core for the comparison
    texts = short_comments()
    words = sum(len(t.split()) for t in texts) / len(texts)
    start = time.perf_counter()
    analyzer = Analyzer()
    built = time.perf_counter() - start
    vader = plain_vader()
    analyzer.analyse(texts[0])
    vader.polarity_scores(texts[0])
    for _ in range(3):  # warm up: caches of words and tokens fill on the first pass
        for text in texts:
            analyzer.analyse(text)
            vader.polarity_scores(text)
    (vader_rate, full_rate), ratios = rates(
        [vader.polarity_scores, analyzer.analyse], texts,
        (lambda: clear_word_caches(analyzer)) if args.cold else None)
    print(f"{platform.python_implementation()} {platform.python_version()} on "
          f"{platform.system()} {platform.machine()}, one core; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{len(texts)} short comments, mean {words:.1f} words; Analyzer() built in "
          f"{built * 1000:.0f} ms")
    print(f"plain VADER polarity_scores : {vader_rate:8.0f} texts/s (best round, CPU time)")
    print(f"voiceapp full analyse       : {full_rate:8.0f} texts/s (best round, CPU time)")
    print(f"ratio voiceapp / VADER      : {statistics.median(ratios):8.2f}  median of {ROUNDS} "
          f"rounds (range {min(ratios):.2f}-{max(ratios):.2f}; target >= 0.30)"
          + ("; word caches emptied before every round" if args.cold else ""))
    if args.train:
        if cores:
            os.sched_setaffinity(0, cores)  # training may use every core (off the GUI thread)
        train_timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
