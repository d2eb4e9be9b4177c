import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_is_clean():
    exe = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(exe), "check", "src", "tests", "benchmarks", "db"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]
