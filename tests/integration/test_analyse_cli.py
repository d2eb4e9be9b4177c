"""`voiceapp analyse`: JSON Lines in, one result per line out, errors per line, and with --db
the database's codebook and learned model."""

import io
import json
import shutil
import sys

from sqlalchemy import func, select, update

from voiceapp.cli import main
from voiceapp.db.engine import open_database
from voiceapp.db.models import Theme, ThemeModelStore
from voiceapp.services.learning import retrain, training_examples


def run(args, lines, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code = main(["analyse", *args])
    return code, [json.loads(x) for x in capsys.readouterr().out.splitlines()]


def test_stream_keeps_order_and_reports_bad_lines(monkeypatch, capsys):
    lines = [json.dumps({"id": "a", "text": "Still waiting for the plan, nobody calls back."}),
             "{broken", json.dumps({"id": 7}),
             json.dumps({"id": "d", "text": "i dont feel safe at home"})]
    code, out = run([], lines, monkeypatch, capsys)
    assert code == 1  # some lines failed
    assert [o.get("id") for o in out] == ["a", None, 7, "d"]
    assert out[0]["sentiment"]["label"] == "negative"
    assert out[0]["themes"][0]["code"] in {"timeliness", "communication"}
    assert "error" in out[1] and "error" in out[2]
    assert out[3]["safeguarding"]["flag"] is True
    assert out[3]["safeguarding"]["reasons"][0]["category"] == "unsafe_at_home"


def test_with_db_uses_that_codebook(tmp_path, sqlite_template, monkeypatch, capsys):
    path = tmp_path / "voiceapp.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(path)
    with db.session() as s:  # retire a code: it must no longer be suggested
        s.execute(update(Theme).where(Theme.slug == "transport").values(retired=True))
    db.dispose()
    text = "The school bus was late again and the taxi driver did not turn up."
    _, plain = run([], [json.dumps({"id": 1, "text": text})], monkeypatch, capsys)
    _, with_db = run(["--db", str(path)], [json.dumps({"id": 1, "text": text})],
                     monkeypatch, capsys)
    assert "transport" in [t["code"] for t in plain[0]["themes"]]
    assert "transport" not in [t["code"] for t in with_db[0]["themes"]]


def test_retrain_learns_from_confirmed_tags(demo_copy):
    db = open_database(demo_copy)
    examples = training_examples(db)
    assert len(examples) > 500
    summary = retrain(db)
    assert summary.stored and summary.examples == len(examples) and summary.codes > 15
    for _ in range(3):
        retrain(db)
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(ThemeModelStore)) == 3  # old ones pruned
    db.dispose()
