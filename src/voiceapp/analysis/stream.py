"""``voiceapp analyse``: JSON Lines in, one JSON result per input line out."""

from __future__ import annotations

import json
from typing import Any, TextIO

from voiceapp.analysis.analyzer import AnalysisResult, Analyzer


def result_to_dict(record_id: Any, result: AnalysisResult) -> dict[str, Any]:
    return {
        "id": record_id,
        "sentiment": {"compound": result.sentiment.compound, "label": result.sentiment.label},
        "themes": [{"code": t.slug, "score": t.score} for t in result.themes],
        "safeguarding": {
            "flag": result.safeguarding.flag,
            "reasons": [{"category": r.category, "text": r.matched_text}
                        for r in result.safeguarding.reasons],
        },
        "redacted": result.redacted,
    }


def run_analyse_stream(infile: TextIO, outfile: TextIO, analyzer: Analyzer) -> int:
    """Analyse each ``{"id": ..., "text": ...}`` line of ``infile``; write results in order.

    Blank lines are skipped. A line that cannot be analysed produces
    ``{"id": <id or null>, "error": "<plain English>"}`` and processing continues.
    Output is flushed after every line. Returns the number of error lines.
    """
    errors = 0
    for line_no, line in enumerate(infile, start=1):
        if not line.strip():
            continue
        record_id: Any = None
        out: dict[str, Any]
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            out = {"id": None, "error": f"Line {line_no} is not valid JSON: {exc.msg} "
                                        f"(column {exc.colno})."}
        else:
            if not isinstance(record, dict):
                out = {"id": None, "error": f"Line {line_no} must be a JSON object with "
                                            f"\"id\" and \"text\"."}
            else:
                record_id = record.get("id")
                text = record.get("text")
                if "text" not in record:
                    out = {"id": record_id, "error": f"Line {line_no} has no \"text\" field."}
                elif not isinstance(text, str):
                    kind = "null" if text is None else type(text).__name__
                    out = {"id": record_id, "error": f"Line {line_no}: \"text\" must be a "
                                                     f"string, not {kind}."}
                else:
                    try:
                        out = result_to_dict(record_id, analyzer.analyse(text))
                    except Exception as exc:  # never stop the stream for one bad record
                        out = {"id": record_id, "error": f"Line {line_no} could not be "
                                                         f"analysed: {exc}"}
        if "error" in out:
            errors += 1
        outfile.write(json.dumps(out, ensure_ascii=False) + "\n")
        outfile.flush()
    return errors
