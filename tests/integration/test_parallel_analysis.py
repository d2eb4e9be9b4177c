"""Large imports analyse on every core; the results must be exactly what one in-process
Analyzer gives, and a worker that dies must not lose the import."""

import os
import random
import signal
from datetime import datetime

from voiceapp.analysis import Analyzer
from voiceapp.domain.enums import RecordKind
from voiceapp.services import parallel_analysis
from voiceapp.services.analysis import codebook_entries
from voiceapp.services.demo_text import TextFactory
from voiceapp.services.records import analysis_columns, safeguarding_row, theme_link_rows

NOW = datetime(2026, 11, 20, 9, 0)


def _texts(n: int) -> list[str]:
    f = TextFactory(random.Random(5))
    kinds = [RecordKind.COMMENT, RecordKind.COMPLAINT, RecordKind.COMPLIMENT]
    texts = [f.compose(kinds[i % 3], "parent_carer", "send_ehc").text for i in range(n)]
    return [*texts, f.safeguarding_disclosure("child_young_person", "11-15").text]


def _expected(sqlite_db, texts, theme_ids):
    a = Analyzer(codebook_entries(sqlite_db))
    return [(analysis_columns(r), theme_link_rows(0, r, theme_ids), safeguarding_row(0, r, NOW))
            for r in a.analyse_many(texts)]


def _theme_ids(db):
    from voiceapp.services.imports import _theme_ids

    return _theme_ids(db)


def test_worker_results_equal_in_process_results(sqlite_db):
    texts = _texts(120)
    ids = _theme_ids(sqlite_db)
    pool = parallel_analysis.ParallelAnalysis(codebook_entries(sqlite_db), None, ids, NOW)
    try:
        chunks = [texts[i:i + 25] for i in range(0, len(texts), 25)]
        got = [row for chunk in pool.map(chunks) for row in chunk]
    finally:
        pool.close()
    assert got == _expected(sqlite_db, texts, ids)
    assert any(sg is not None for _, _, sg in got)  # the disclosure was flagged


def test_a_dead_worker_falls_back_to_this_process(sqlite_db):
    texts = _texts(60)
    ids = _theme_ids(sqlite_db)
    pool = parallel_analysis.ParallelAnalysis(codebook_entries(sqlite_db), None, ids, NOW)
    chunks = [texts[i:i + 10] for i in range(0, len(texts), 10)]
    results = pool.map(chunks, ahead=1)
    first = next(results)
    for pid in list(pool._pool._processes):  # a worker killed by the OOM killer, say
        os.kill(pid, signal.SIGKILL)
    rest = list(results)
    pool.close(cancel=True)
    got = [row for chunk in [first, *rest] for row in chunk]
    assert got == _expected(sqlite_db, texts, ids)
