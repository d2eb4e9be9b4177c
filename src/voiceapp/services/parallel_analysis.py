"""Analyse a large batch of texts on every core (used by big imports).

Analysis is pure CPU work in Python, so threads do not help; worker processes do. They are
started with the 'spawn' method (never 'fork': the desktop app has Qt and database threads that
must not be copied into a child), each builds one Analyzer from the database's codebook and
learned model, and sends back exactly what is stored: the feedback columns, the theme-link rows
and the safeguarding row, so little crosses between processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from voiceapp.analysis import Analyzer, CodebookEntry, ThemeModel

from .records import analysis_columns, safeguarding_row, theme_link_rows

# Below this many texts the start-up cost of the workers (a second or two each) is not worth it.
MIN_TEXTS = 5_000

_worker: dict = {}


def _init(codebook: list[CodebookEntry], model: bytes | None, theme_ids: dict[str, int],
          now: datetime) -> None:
    _worker["analyzer"] = Analyzer(codebook, ThemeModel.from_bytes(model) if model else None)
    _worker["theme_ids"] = theme_ids
    _worker["now"] = now


def _analyse(texts: Sequence[str]) -> list[tuple[dict, list[dict], dict | None]]:
    analyzer, theme_ids, now = _worker["analyzer"], _worker["theme_ids"], _worker["now"]
    return [(analysis_columns(r), theme_link_rows(0, r, theme_ids), safeguarding_row(0, r, now))
            for r in analyzer.analyse_many(list(texts))]


def workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class ParallelAnalysis:
    """Submit chunks of texts as soon as they are known; collect the results in order.

    Workers run ahead of the caller (which is writing the previous chunk meanwhile), so
    analysis and database writes overlap."""

    def __init__(self, codebook: list[CodebookEntry], model: ThemeModel | None,
                 theme_ids: dict[str, int], now: datetime) -> None:
        self._initargs = (codebook, model.to_bytes() if model else None, theme_ids, now)
        ctx = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=workers(), mp_context=ctx, initializer=_init,
            initargs=self._initargs)

    def map(self, chunks: Iterable[Sequence[str]], ahead: int = 8
            ) -> Iterator[list[tuple[dict, list[dict], dict | None]]]:
        """Results per chunk, in order. If a worker dies (out of memory, killed), the rest is
        analysed in this process instead: slower, but the import carries on."""
        chunks = [list(c) for c in chunks]
        pending: list[Future] = []
        done = 0
        try:
            for chunk in chunks:
                pending.append(self._pool.submit(_analyse, chunk))
                if len(pending) > ahead:
                    result = pending.pop(0).result()
                    done += 1
                    yield result
            for fut in pending:
                result = fut.result()
                done += 1
                yield result
        except BrokenProcessPool:
            self.close(cancel=True)
            _init(*self._initargs)
            for chunk in chunks[done:]:
                yield _analyse(chunk)

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
