"""Throughput of the full analysis (sentiment + themes + safeguarding + redaction) against plain
VADER's polarity_scores on the same short comments, in the same run, on one core.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/analysis_throughput.py [--train]
Target: voiceapp / VADER ratio >= 0.3. ``--train`` also times train_theme_model on 50,000
synthetic short texts (made by shuffling words of the evaluation set; fixed seed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

from voiceapp.analysis import Analyzer, ThemeModel, starter_codebook, train_theme_model
from voiceapp.analysis.sentiment import plain_vader

DATA = Path(__file__).resolve().parent.parent / "tests" / "unit" / "analysis" / "data"
ROUNDS = 9


def short_comments() -> list[str]:
    texts: list[str] = []
    for name in ("feedback.jsonl", "safeguarding.jsonl", "redaction.jsonl"):
        with (DATA / name).open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts


def rates(fns: list, texts: list[str]) -> list[float]:
    """Texts per second for each function: best of ROUNDS passes, the functions' passes
    interleaved so that both see the same machine conditions (other load, CPU clock)."""
    best = [float("inf")] * len(fns)
    for _ in range(ROUNDS):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            for text in texts:
                fn(text)
            best[k] = min(best[k], time.perf_counter() - start)
    return [len(texts) / b for b in best]


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
    vader_rate, full_rate = rates([vader.polarity_scores, analyzer.analyse], texts)
    print(f"{platform.python_implementation()} {platform.python_version()} on "
          f"{platform.system()} {platform.machine()}, one core")
    print(f"{len(texts)} short comments, mean {words:.1f} words; Analyzer() built in "
          f"{built * 1000:.0f} ms")
    print(f"plain VADER polarity_scores : {vader_rate:8.0f} texts/s")
    print(f"voiceapp full analyse       : {full_rate:8.0f} texts/s")
    print(f"ratio voiceapp / VADER      : {full_rate / vader_rate:8.2f}  (target >= 0.30)")
    if args.train:
        if cores:
            os.sched_setaffinity(0, cores)  # training may use every core (off the GUI thread)
        train_timing()
    return 0


if __name__ == "__main__":
    sys.exit(main())
