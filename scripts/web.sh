#!/usr/bin/env bash
# The web server of `make run` (scripts/run.sh). The login rate limit must hold across
# workers: with a shared limiter store (RATELIMIT_STORAGE_URI or REDIS_URL naming Redis)
# it runs WEB_WORKERS processes; on the embedded default, whose limiter counts in memory,
# it runs ONE process with WEB_THREADS threads, so there is one set of counters.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
STORE="${RATELIMIT_STORAGE_URI:-${REDIS_URL:-memory://}}"
if [[ "$STORE" == memory://* ]]; then
  ARGS=(-w 1 --threads "${WEB_THREADS:-4}")
else
  ARGS=(-w "${WEB_WORKERS:-2}")
fi
exec .venv/bin/gunicorn -c config/gunicorn.py "${ARGS[@]}" -b "$HOST:$PORT" --access-logfile - "app:app"
