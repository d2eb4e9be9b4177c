"""Import benchmark: 100,000 free-text survey responses, imported with analysis, compared with
analysing the same texts alone (Analyzer.analyse_many). Target: import within 1.25x.

    .venv/bin/python benchmarks/import_bench.py [--rows 100000] [--db URL]

Writes the figures and the machine into benchmarks/README.md under "## Import" (replacing that
section only; other sections are left alone)."""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import re
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voiceapp.db.engine import open_database  # noqa: E402
from voiceapp.domain.enums import RecordKind, UserRole  # noqa: E402
from voiceapp.services.context import Actor  # noqa: E402
from voiceapp.services.demo_text import TextFactory  # noqa: E402

ROLES = [("parent_carer", "Parent or carer"), ("child_young_person", "Young person"),
         ("foster_carer", "Foster carer"), ("school_setting", "SENCO")]
AREAS = ["send_ehc", "short_breaks", "early_help", "local_offer", "youth_services",
         "school_transport", "educational_psychology", "cla_iro"]


def make_file(path: Path, rows: int, seed: int = 11) -> list[str]:
    """A Google Forms style CSV: timestamp, role, a rating, one free-text answer (all distinct)."""
    rng = random.Random(seed)
    factory = TextFactory(rng)
    start = datetime(2024, 4, 1, 9, 0)
    texts = []
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Timestamp", "Which best describes you?",
                    "How satisfied are you with the support you received? (1-5)",
                    "Please tell us about your experience"])
        for i in range(rows):
            code, label = ROLES[i % len(ROLES)]
            text = factory.compose(RecordKind.SURVEY_RESPONSE, code, AREAS[i % len(AREAS)]).text
            # Every text distinct: the importer analyses a repeated text only once, which
            # would flatter it against analysing every text alone.
            text = f"{text} (Form {i + 1}.)"
            texts.append(text)
            ts = start + timedelta(minutes=3 * i + rng.randint(0, 2), seconds=rng.randint(0, 59))
            w.writerow([ts.strftime("%d/%m/%Y %H:%M:%S"), label, rng.randint(1, 5), text])
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    parser.add_argument("--repeat", type=int, default=2,
                        help="runs of each, alternating; the best of each is compared "
                             "(this machine is shared, so single runs are noisy)")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()

    from voiceapp.services.analysis import codebook_entries, latest_model
    from voiceapp.services.imports import import_file

    work = Path(tempfile.mkdtemp(prefix="voiceapp-import-bench-"))
    csv_path = work / "bench_survey_2024.csv"
    t = time.perf_counter()
    texts = make_file(csv_path, args.rows)
    print(f"made {args.rows:,} responses ({csv_path.stat().st_size / 1e6:.1f} MB) "
          f"in {time.perf_counter() - t:.1f} s")

    from voiceapp.analysis import Analyzer

    actor = Actor(None, "benchmark", UserRole.OFFICER)
    analyse_runs, import_runs, cpu_runs, analyse_cpu = [], [], [], []
    for run in range(args.repeat):
        # A new database each run, so every import writes all rows (none are duplicates).
        db = open_database(args.db or work / f"bench{run}.sqlite")
        analyzer = Analyzer(codebook_entries(db), latest_model(db))
        t, c = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), 1000):
            analyzer.analyse_many(texts[i:i + 1000])
        analyse_runs.append(time.perf_counter() - t)
        analyse_cpu.append(time.process_time() - c)
        print(f"run {run + 1}: analyse_many alone {analyse_runs[-1]:.1f} s "
              f"(CPU {analyse_cpu[-1]:.1f} s, {analyse_runs[-1] / len(texts) * 1e3:.2f} ms/text)")
        t, c = time.perf_counter(), time.process_time()
        result = import_file(db, actor, csv_path)
        import_runs.append(time.perf_counter() - t)
        cpu_runs.append(time.process_time() - c)
        print(f"run {run + 1}: import with analysis {import_runs[-1]:.1f} s "
              f"(CPU {cpu_runs[-1]:.1f} s) -> {result.summary_line}")
        assert result.imported == args.rows, result.summary_line
        db.dispose()
    analyse_s, import_s = min(analyse_runs), min(import_runs)
    ratio = import_s / analyse_s
    verdict = "within" if ratio <= 1.25 else "OVER"
    cpu_ratio = min(cpu_runs) / min(analyse_cpu)
    print(f"best of {args.repeat}: analyse {analyse_s:.1f} s, import {import_s:.1f} s, "
          f"ratio {ratio:.2f}x ({verdict} the 1.25x target); CPU-time ratio {cpu_ratio:.2f}x")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    if not args.no_readme:
        backend = "PostgreSQL" if args.db and "postgres" in args.db else "SQLite"
        cpu = _cpu()
        section = (
            "## Import\n\n"
            f"`benchmarks/import_bench.py --rows {args.rows}` ({date.today():%d %B %Y}, "
            f"{backend}): {args.rows:,} Google-Forms-style survey responses (a date, a role, a "
            "rating and one free-text answer each) imported with analysis, against analysing "
            "the same texts alone with `Analyzer.analyse_many`.\n\n"
            f"| measure (best of {args.repeat}) | seconds |\n|---|---|\n"
            f"| analyse_many alone | {analyse_s:.1f} |\n"
            f"| import (read, validate, de-duplicate, analyse, write in one transaction) | "
            f"{import_s:.1f} |\n"
            f"| ratio (elapsed) | {ratio:.2f}x (target 1.25x) |\n"
            f"| ratio (CPU time, both threads of the import counted) | {cpu_ratio:.2f}x |\n\n"
            f"All runs (s): analyse {', '.join(f'{x:.1f}' for x in analyse_runs)} (CPU "
            f"{', '.join(f'{x:.1f}' for x in analyse_cpu)}); import "
            f"{', '.join(f'{x:.1f}' for x in import_runs)} (CPU "
            f"{', '.join(f'{x:.1f}' for x in cpu_runs)}).\n\n"
            f"Machine: {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average {load:.1f} at the end "
            "(the machine is shared with other work, so figures vary between runs).\n\n"
            "What the import does to keep its own work small: rows are parsed and validated "
            "once with per-value caches; duplicates are found with indexed IN queries; each "
            "chunk is written by a writer thread while the next chunk is analysed (SQLite "
            "and PostgreSQL do their index work with Python's lock released); SQLite rows go "
            "to the driver's executemany as tuples, and its full-text index is filled with "
            "one INSERT ... SELECT per chunk instead of a trigger per row.\n\n"
            "Where the rest goes (CPU profile of a 50,000-row import on the same machine): "
            "writing about 15 s per 100,000 responses (each response is a feedback row with 12 "
            "indexes and full-text entries, about two theme links, a survey response and two "
            "answers), reading and validating about 5 s, and the analysis itself running some "
            "20% slower beside the writer thread. The 1.25x target is not met here: on an idle "
            "two-core machine the writer's database work overlaps the analysis, but the "
            "Python-side work (building rows, JSON) does not. Analysing in a pool of worker "
            "processes would take the import well under the single-process analysis time; it "
            "is not done yet because the desktop app would then start extra processes.\n")
        _write_section(ROOT / "benchmarks" / "README.md", "Import", section)
    return 0 if ratio <= 1.25 else 1


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _write_section(path: Path, heading: str, section: str) -> None:
    """Replace (or append) one '## heading' section, keeping every other helper's sections."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _m: section + "\n", old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + section
    path.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
