#!/usr/bin/env bash
# Command 2 of the README: install voiceapp with its test tools and run the full test suite
# (unit, UI on Qt's offscreen platform, and integration against SQLite and a real PostgreSQL
# server the tests start themselves). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_debs $QT_DEBS $TEST_DEBS
ensure_venv "[test]"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
