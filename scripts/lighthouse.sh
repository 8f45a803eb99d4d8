#!/usr/bin/env bash
# `make lighthouse`: Lighthouse mobile (default form factor and throttling) on the landing page,
# the search, a doctor's page, booking (that page signed in as a patient) and both dashboards.
# Serves the built app (frontend/dist, or FRONTEND_DIST) with gunicorn on a spare port over a
# throwaway SQLite database with the demo data, prints a table and where the JSON reports are.
# Runs under the shared benchmark lock so that it does not disturb other measurements.
#   RUNS=3 scripts/lighthouse.sh   (median of three runs per page)
set -euo pipefail
SCRIPT="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$SCRIPT")/.."

LOCK=/tmp/clinic360-bench.lock
if [ -z "${CLINIC360_BENCH_LOCKED:-}" ]; then
  export CLINIC360_BENCH_LOCKED=1
  exec flock "$LOCK" "$SCRIPT" "$@"
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

if ! { "$BIN/flask" --app wsgi db upgrade && "$BIN/flask" --app wsgi seed-demo; } >"$work/setup.log" 2>&1; then
  echo "Setting up the demo database failed: see $work/setup.log" >&2
  exit 1
fi

server=
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
"$BIN/gunicorn" --bind "127.0.0.1:$port" --workers 2 --threads 4 --log-level warning \
  --error-logfile "$work/gunicorn.log" wsgi:app &
server=$!
up=
for _ in $(seq 1 100); do
  if curl -fs -o /dev/null "$base/api/health" 2>/dev/null; then
    up=1
    break
  fi
  kill -0 "$server" 2>/dev/null || break # gunicorn exited: no use waiting
  sleep 0.2
done
if [ -z "$up" ]; then
  echo "The server did not answer on $base/api/health: see $work/gunicorn.log" >&2
  exit 1
fi

echo "Lighthouse mobile on $base (app from $FRONTEND_DIST), reports in $work/reports"
node scripts/lighthouse/run.mjs "$base" "$work/reports"
