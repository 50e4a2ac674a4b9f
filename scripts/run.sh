#!/usr/bin/env bash
# First command of the README: set up and run Directive Tracker on its embedded
# default (SQLite under instance/, Celery on kombu's SQLAlchemy transport over
# SQLite, mail to a local outbox) with demo data. Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/venv.sh
export FLASK_APP=app.py
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
export BASE_URL="${BASE_URL:-http://$HOST:$PORT}"
mkdir -p instance

.venv/bin/pybabel compile -d tracker/translations >/dev/null  # the English catalog
.venv/bin/flask db upgrade
.venv/bin/flask demo load --if-empty
.venv/bin/flask demo logins

# The worker and beat run beside the web server and stop with it.
.venv/bin/celery -A workers.celery_app worker --beat -l warning --concurrency 1 \
  -s instance/celerybeat-schedule >instance/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

echo
echo "Directive Tracker: open $BASE_URL  (worker log: instance/worker.log)"
HOST="$HOST" PORT="$PORT" bash scripts/web.sh  # one process unless the limiter store is shared
