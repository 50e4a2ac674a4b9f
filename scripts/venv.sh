#!/usr/bin/env bash
# Create .venv (if missing) and install requirements-dev.txt when the
# requirements changed since the last install (stamp: .venv/.req-hash).
# Quiet; quick when nothing changed. Browsers are NOT downloaded for
# Playwright: the tests drive the system /usr/bin/chromium.
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.req-hash"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Recreate a venv whose interpreter is gone or broken (e.g. the base Python moved).
if [ -d "$VENV" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "venv: $VENV is broken, recreating"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi

# Hash every requirements file (requirements-dev.txt pulls in requirements.txt
# with -r) plus the interpreter version.
want="$( { cat requirements-dev.txt requirements.txt; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"

if [ "$want" != "$have" ]; then
  log="$(mktemp /tmp/venv-pip.XXXXXX.log)"
  if ! "$VENV/bin/python" -m pip install -q -r requirements-dev.txt >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "venv.sh: ERROR: pip install -r requirements-dev.txt failed (full log: $log)" >&2
    exit 1
  fi
  rm -f "$log"
  echo "$want" > "$STAMP"
  echo "venv: installed requirements-dev.txt into $VENV ($("$VENV/bin/python" -V))"
else
  echo "venv: $VENV up to date ($("$VENV/bin/python" -V))"
fi
