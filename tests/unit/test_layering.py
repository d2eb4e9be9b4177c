"""The layering of ARCHITECTURE.md, enforced: nothing below the UI imports Qt, the UI never
imports the database layer, domain and analysis stay free of the ORM (contracts live in
pyproject.toml and are checked by import-linter)."""

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "voiceapp"


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(exe)], cwd=SRC.parents[1], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_below_ui_even_in_lazy_imports():
    # import-linter sees module-level and function-level imports alike; this second check
    # also covers files import-linter might skip (e.g. the migration scripts).
    offenders = []
    for path in list(SRC.rglob("*.py")) + list((SRC.parents[1] / "db").rglob("*.py")):
        if "ui" in path.relative_to(SRC.parents[1]).parts[:3]:
            continue
        if any(n.split(".")[0] in ("PySide6", "shiboken6") for n in _imports(path)):
            offenders.append(str(path))
    assert offenders == []


def test_ui_does_not_import_db_layer():
    offenders = [str(p) for p in (SRC / "ui").rglob("*.py")
                 if any(n.startswith(("voiceapp.db", "sqlalchemy")) for n in _imports(p))]
    assert offenders == []
