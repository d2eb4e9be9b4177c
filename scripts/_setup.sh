# Shared set-up for scripts/demo.sh and scripts/test.sh (sourced, not run).
# Installs what a fresh Debian machine lacks, then voiceapp itself into ./.venv.

QT_DEBS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libdbus-1-3 libfontconfig1 fonts-dejavu-core"
TEST_DEBS="postgresql xvfb xauth poppler-utils"

_missing_debs() {
  local missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
  echo "$missing"
}

ensure_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: the README lists what to install
  local missing
  missing=$(_missing_debs "$@")
  [ -z "$missing" ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "voiceapp needs these Debian packages: $missing" >&2
      echo "Install them as root (apt-get install -y$missing) and run this again." >&2
      exit 1
    fi
  fi
  echo "Installing system packages:$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

ensure_venv() {
  local extras="$1"
  local py="${PYTHON:-python3.11}"
  command -v "$py" >/dev/null 2>&1 || py=python3
  if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "voiceapp needs Python 3.11 or newer; found $("$py" --version 2>&1)." >&2
    exit 1
  fi
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv 2>/dev/null || { ensure_debs python3-venv; "$py" -m venv .venv; }
  fi
  # Reinstall only when pyproject.toml changed since the last install.
  local stamp=".venv/.voiceapp-installed${extras}"
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras}"
    touch "$stamp"
  fi
}
