#!/usr/bin/env bash
# Second command of the README: run every test. Installs and starts what the
# tests need (PostgreSQL, Redis, Chromium, LibreOffice) and runs the suite on
# SQLite, then again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/venv.sh
bash scripts/services.sh
.venv/bin/pybabel compile -d tracker/translations >/dev/null  # the English catalog

export TRACKER_CONFIG=testing
export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
PG="${TEST_PG_URL:-postgresql+psycopg://tracker:tracker@127.0.0.1:5432/tracker_test}"
# pytest-xdist: TEST_WORKERS processes, each with its own template databases (tests/conftest.py).
# loadgroup keeps the tests that start processes or Chromium on one worker (SERIAL_GROUPS).
# 3 on the 2-core machine: the worker that gets the process group spends most of its time
# waiting (a 150 s SMTP outage, worker restarts), so two others keep both cores busy (README:
# 9 min 16 s against 11 min 12 s with 2). TEST_WORKERS=0 runs in-process.
XDIST=(-n "${TEST_WORKERS:-3}" --dist loadgroup)

echo "== Lint (ruff, rules in ruff.toml)"
.venv/bin/ruff check .
echo "== Test suite on SQLite"
TEST_DATABASE_URL= .venv/bin/pytest -q -p no:cacheprovider "${XDIST[@]}" "$@"
echo "== Test suite on PostgreSQL"
TEST_DATABASE_URL="$PG" .venv/bin/pytest -q -p no:cacheprovider "${XDIST[@]}" "$@"
