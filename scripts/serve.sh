#!/usr/bin/env bash
# Serve Clinic360 for `make run`: gunicorn on HOST:PORT, plus the worker when REDIS_URL is set.
# Without Redis the web process sends due mail itself (one process, so one dispatcher) and
# writes it to instance/mail/ unless MAIL_SERVER points at a real SMTP server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-5000}
# The path without the query string: searches (symptoms, names) stay out of the log.
ACCESS_LOG='%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

if [ -n "${REDIS_URL:-}" ]; then
  "$BIN/flask" --app wsgi worker &
  worker=$!
  trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
  workers=2
  echo "Worker started (pid $worker) on $REDIS_URL."
else
  workers=1
  echo "No REDIS_URL: mail is sent from the web process and written to instance/mail/."
fi

echo "Clinic360 is at http://$HOST:$PORT/ (admin console: /admin/). Ctrl-C stops it."
"$BIN/gunicorn" --bind "$HOST:$PORT" --workers "$workers" --threads 8 \
  --access-logfile - --access-logformat "$ACCESS_LOG" --graceful-timeout 5 wsgi:app
