#!/usr/bin/env bash
# Write the OpenAPI document that /api/openapi.json serves to FILE (JSON), without a server:
# the app is built in development mode, which needs no database, Redis or mail to describe itself.
# The caller's environment is left out so the document is the same on every machine.
#   scripts/export-openapi.sh FILE
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 FILE" >&2; exit 2; }
out=$(realpath -m -- "$1")
cd "$(dirname "$0")/.."
env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG=C.UTF-8 CLINIC360_ENV=development \
  .venv/bin/flask --app wsgi openapi write --format=json "$out"
