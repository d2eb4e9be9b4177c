"""The wheel must contain every package: setuptools is given an explicit list (because db/ and
resources/ are mapped into voiceapp), so a new sub-package must be added to it."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {".".join(p.parent.relative_to(ROOT / "src").parts)
             for p in (ROOT / "src" / "voiceapp").rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    mapped = config["package-dir"]
    assert mapped["voiceapp.migrations"] == "db" and mapped["voiceapp.resources"] == "resources"
