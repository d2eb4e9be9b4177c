#!/usr/bin/env bash
# Command 1 of the README: install voiceapp and open the desktop app on a demo database.
# Usage: ./scripts/demo.sh [--records N]    (the demo database is ./demo.sqlite)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/_setup.sh
ensure_debs $QT_DEBS
ensure_venv ""
DB="${VOICEAPP_DEMO_DB:-$PWD/demo.sqlite}"
if [ ! -f "$DB" ]; then
  .venv/bin/voiceapp demo --db "$DB" "$@"
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No screen found (DISPLAY is not set). On a machine without a desktop, try:" >&2
  echo "  xvfb-run -s '-screen 0 1600x1000x24' .venv/bin/voiceapp --db $DB" >&2
  exit 1
fi
exec .venv/bin/voiceapp --db "$DB"
