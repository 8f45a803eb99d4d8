#!/usr/bin/env bash
# `make lighthouse`: Lighthouse mobile (default form factor and throttling) on the landing page,
# the search, a doctor's page, booking (that page signed in as a patient) and both dashboards.
# Serves the built app (frontend/dist, or FRONTEND_DIST) with gunicorn on a spare port over a
# throwaway SQLite database with the demo data, prints a table and where the JSON reports are.
# Runs under the shared benchmark lock so that it does not disturb other measurements.
#   RUNS=3 scripts/lighthouse.sh   (median of three runs per page)
set -euo pipefail
cd "$(dirname "$0")/.."

LOCK=/tmp/clinic360-bench.lock
if [ -z "${CLINIC360_BENCH_LOCKED:-}" ]; then
  export CLINIC360_BENCH_LOCKED=1
  exec flock "$LOCK" "$0" "$@"
fi

BIN=.venv/bin
DIST=${FRONTEND_DIST:-frontend/dist}
if [ ! -f "$DIST/index.html" ]; then
  echo "No built app in $DIST: run \`make frontend\` first." >&2
  exit 1
fi
if [ ! -f scripts/lighthouse/node_modules/.package-lock.json ] \
  || [ scripts/lighthouse/package-lock.json -nt scripts/lighthouse/node_modules/.package-lock.json ]; then
  (cd scripts/lighthouse && npm ci --no-audit --no-fund --loglevel=error)
fi

work=$(mktemp -d /tmp/clinic360-lighthouse.XXXXXX)
export CLINIC360_ENV=development
export DATABASE_URL="sqlite:///$work/lighthouse.db"
export FRONTEND_DIST="$(cd "$DIST" && pwd)"
export MAIL_DIR="$work/mail"
export RATELIMIT_ENABLED=false
export BCRYPT_ROUNDS=4
unset REDIS_URL MAIL_SERVER
port=$("$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

"$BIN/flask" --app wsgi db upgrade >"$work/setup.log" 2>&1
"$BIN/flask" --app wsgi seed-demo >>"$work/setup.log" 2>&1
"$BIN/gunicorn" --bind "127.0.0.1:$port" --workers 2 --threads 4 --log-level warning \
  --error-logfile "$work/gunicorn.log" wsgi:app &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 100); do
  curl -fs -o /dev/null "$base/api/health" 2>/dev/null && break
  sleep 0.2
done

echo "Lighthouse mobile on $base (app from $FRONTEND_DIST), reports in $work/reports"
node scripts/lighthouse/run.mjs "$base" "$work/reports"
