#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on loopback before the tests run; start them when they
# are installed but stopped. Exits non-zero when either is still unreachable: the tests need both.
set -u

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is down; starting it."
  for version in /etc/postgresql/*; do
    pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
  done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi

if ! redis_up && command -v redis-server >/dev/null 2>&1; then
  echo "Redis is down; starting it."
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis_up && break; sleep 1; done
fi

status=0
pg_up || { echo "PostgreSQL is not reachable at 127.0.0.1:5432." >&2; status=1; }
redis_up || { echo "Redis is not reachable at 127.0.0.1:6379." >&2; status=1; }
exit $status
