#!/usr/bin/env bash
# `make run`: migrate, seed a new database, serve. Settings come from the environment
# (DATABASE_URL, JWT_SECRET, CLIENT_URL, PORT, …); see README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/server/ticketing
data=${DATA_DIR:-./data}
mkdir -p "$data"
"$bin" migrate >/dev/null
credentials="$data/initial-credentials.txt"
if seeded=$("$bin" seed --if-empty --credentials-file "$credentials"); then
  if grep -q "Admin login" <<<"$seeded"; then
    printf '\n==================== first start ====================\n%s\n' "$seeded"
    printf '(also saved, mode 0600, in %s - delete it once stored)\n' "$credentials"
    printf '=====================================================\n\n'
  fi
fi
exec "$bin" serve
