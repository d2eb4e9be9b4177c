from __future__ import annotations

import io
import json

import pytest

from voiceapp.analysis import Analyzer, run_analyse_stream


class CountingIO(io.StringIO):
    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def _run(lines: list[str], analyzer: Analyzer) -> tuple[int, list[dict], CountingIO]:
    out = CountingIO()
    errors = run_analyse_stream(io.StringIO("\n".join(lines) + "\n"), out, analyzer)
    return errors, [json.loads(line) for line in out.getvalue().splitlines()], out


def test_good_lines_in_order(analyzer: Analyzer) -> None:
    lines = [json.dumps({"id": 1, "text": "Still waiting for the taxi. Call 07700 900123."}),
             "",
             json.dumps({"id": "b", "text": "i dont feel safe at home"})]
    errors, results, out = _run(lines, analyzer)
    assert errors == 0 and [r["id"] for r in results] == [1, "b"]
    first = results[0]
    assert set(first) == {"id", "sentiment", "themes", "safeguarding", "redacted"}
    assert first["sentiment"]["label"] == "negative"
    assert isinstance(first["sentiment"]["compound"], float)
    assert first["themes"][0].keys() == {"code", "score"}
    assert [t["score"] for t in first["themes"]] == sorted(
        (t["score"] for t in first["themes"]), reverse=True)
    assert "transport" in {t["code"] for t in first["themes"]}
    assert first["redacted"].endswith("Call [PHONE].")
    assert first["safeguarding"] == {"flag": False, "reasons": []}
    assert results[1]["safeguarding"]["flag"] is True
    assert results[1]["safeguarding"]["reasons"][0] == {
        "category": "unsafe_at_home", "text": "dont feel safe at home"}
    assert out.flushes >= 2


def test_bad_lines_are_reported_and_processing_continues(analyzer: Analyzer) -> None:
    lines = ['{"id": 1, "text": "fine"', '{"id": 2}', '{"id": 3, "text": 42}',
             '["not", "an", "object"]', '{"id": 4, "text": null}',
             json.dumps({"id": 5, "text": "Brilliant youth club"})]
    errors, results, _ = _run(lines, analyzer)
    assert errors == 5
    assert [r["id"] for r in results] == [None, 2, 3, None, 4, 5]
    assert all(isinstance(r["error"], str) and r["error"][0].isupper() for r in results[:5])
    assert "not valid JSON" in results[0]["error"]
    assert "no \"text\"" in results[1]["error"]
    assert "must be a string" in results[2]["error"] and "int" in results[2]["error"]
    assert "error" not in results[5] and results[5]["sentiment"]["label"] == "positive"


def test_empty_input(analyzer: Analyzer) -> None:
    out = io.StringIO()
    assert run_analyse_stream(io.StringIO(""), out, analyzer) == 0
    assert out.getvalue() == ""


def test_unicode_passes_through(analyzer: Analyzer) -> None:
    _, results, _ = _run([json.dumps({"id": 1, "text": "Diolch, Siân 💛"}, ensure_ascii=False)],
                         analyzer)
    assert "error" not in results[0]
