#!/usr/bin/env bash
# Runs the whole benchmark (`make bench` calls this after building the release binary):
#   1. copies the reference server (../shared/peers/seed-node) into bench/out/ref and builds it
#      there (npm ci, prisma generate, tsc) when that copy is missing or out of date;
#   2. starts a throwaway PostgreSQL 15 cluster with the reference's start-postgres.sh (stopped
#      and deleted on exit);
#   3. runs bench/run.mjs: data, servers, wrk scenarios, extras, and the table in bench/README.md.
# Knobs (environment): TICKETS (100000), LIST_TICKETS (10000), BIG_TICKETS (1000000, 0 skips),
# DURATION (10s), WARMUP (2s), CONNECTIONS (32), THREADS (2), TARGETS (sqlite,pg,ref),
# SCENARIOS (comma list of: list dashboard detail search me create patch comment healthz
# startup big), WRITE_README (1), REF_SRC, TICKETING_BIN, PGPORT, KEEP_PG (1 leaves the
# cluster running for bench/profile.mjs).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="${OUT:-$HERE/out}"
REF_SRC="${REF_SRC:-$ROOT/../shared/peers/seed-node}"
REF_DIR="$OUT/ref"
export OUT REF_DIR
export TICKETING_BIN="${TICKETING_BIN:-$ROOT/build/release/server/ticketing}"

for tool in wrk node npm psql sqlite3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/install-deps.sh bench)" >&2; exit 1; }
done
[[ -x "$TICKETING_BIN" ]] || { echo "bench: no $TICKETING_BIN (make build)" >&2; exit 1; }
mkdir -p "$OUT"

# --- the reference, built in a git-ignored copy --------------------------------------------
# PostgreSQL (for ours or the reference) comes from the reference's start-postgres.sh.
if [[ "${TARGETS:-sqlite,pg,ref}" != "sqlite" ]]; then
  [[ -d "$REF_SRC" ]] || { echo "bench: reference not found at $REF_SRC (set REF_SRC)" >&2; exit 1; }
  stamp="$(cd "$REF_SRC" && find . -path ./node_modules -prune -o -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
  if [[ ! -f "$REF_DIR/dist/index.js" || "$(cat "$REF_DIR/.bench-stamp" 2>/dev/null)" != "$stamp" ]]; then
    echo "bench: building the reference in $REF_DIR"
    rm -rf "$REF_DIR"
    mkdir -p "$REF_DIR"
    (cd "$REF_SRC" && tar --exclude=./node_modules --exclude=./dist --exclude=./.pgdata-path \
      --exclude=./.goddard-api-key -cf - .) | (cd "$REF_DIR" && tar -xf -)
    (
      cd "$REF_DIR"
      npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
      # Prisma's CLI looks for its schema engine even for `generate`, which never runs it.
      mkdir -p node_modules/.cache/seed-node
      printf '#!/bin/sh\nexit 1\n' >node_modules/.cache/seed-node/schema-engine-stub
      chmod +x node_modules/.cache/seed-node/schema-engine-stub
      PRISMA_SCHEMA_ENGINE_BINARY="$PWD/node_modules/.cache/seed-node/schema-engine-stub" \
        DATABASE_URL="postgresql://unused@127.0.0.1:1/unused" npx prisma generate >/dev/null
      npx tsc -p .
    )
    echo "$stamp" >"$REF_DIR/.bench-stamp"
  fi

  # --- a throwaway PostgreSQL 15 cluster for ours and the reference --------------------------
  PGPORT="${PGPORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
  export PGPORT
  if [[ "${KEEP_PG:-0}" != "1" ]]; then
    trap 'bash "$REF_DIR/stop-postgres.sh" >/dev/null 2>&1 || true' EXIT
  fi
  url="$(PGDATABASE=postgres bash "$REF_DIR/start-postgres.sh" 2>/dev/null | tail -n1)"
  export PG_BASE="${url%/postgres}"
  if [[ "${KEEP_PG:-0}" == "1" ]]; then
    echo "bench: PostgreSQL stays up (PG_BASE=$PG_BASE; stop: bash $REF_DIR/stop-postgres.sh)"
  fi
fi

node "$HERE/run.mjs"
