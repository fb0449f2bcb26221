# Shared by scripts/serve and scripts/test: find Python 3.12+, build .venv, install the project.
# Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

find_python() {
  local candidates=()
  if command -v pyenv >/dev/null 2>&1; then
    candidates+=("$(pyenv which python 2>/dev/null || true)")
  fi
  candidates+=(python3.12 python3.13 python3)
  for py in "${candidates[@]}"; do
    [ -n "$py" ] || continue
    if command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  echo "Python 3.12 or newer is required (pyenv install 3.12, or apt-get install python3.12)." >&2
  return 1
}

# ensure_venv EXTRAS: create .venv and install the project with the given extras, once per
# change of pyproject.toml.
ensure_venv() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  local stamp=".venv/.installed-${extras:-base}"
  local digest
  digest="$(sha256sum pyproject.toml | cut -c1-64)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    if [ -n "$extras" ]; then
      .venv/bin/python -m pip install --quiet -e ".[$extras]"
    else
      .venv/bin/python -m pip install --quiet -e .
    fi
    echo "$digest" >"$stamp"
  fi
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "needs root: $*" >&2; return 1; fi
}

apt_install() {
  # apt_install PACKAGE...: install Debian packages that are missing.
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# ensure_node_modules: install the test-only npm packages (axe-core, for the browser tests'
# accessibility check) with `npm ci` when node_modules is missing or package-lock.json changed.
ensure_node_modules() {
  command -v npm >/dev/null 2>&1 || apt_install npm
  local digest
  digest="$(sha256sum package-lock.json | cut -c1-64)"
  if [ ! -f node_modules/.installed-lock ] || [ "$(cat node_modules/.installed-lock)" != "$digest" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$digest" >node_modules/.installed-lock
  fi
}
