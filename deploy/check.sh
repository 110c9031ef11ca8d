#!/usr/bin/env bash
# Checks of the deployment files that need no Docker engine and no booted systemd (CTest runs
# them; exit 77 = skipped because the tool is not installed).
#   check.sh compose   docker-compose.yml parses with .env.example's variables, publishes host
#                      port 3080 by default and $PORT when set, and refuses to start without
#                      the required secrets
#   check.sh systemd   ticketing.service passes `systemd-analyze verify`
#   check.sh runtime-libs BINARY
#                      every shared library BINARY links directly comes from a package that the
#                      Dockerfile's runtime stage installs (or from the base image)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "check.sh: $*" >&2; exit 1; }

check_compose() {
  local compose
  if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
  elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
  else
    echo "skipped: neither the docker compose plugin nor docker-compose is installed"
    exit 77
  fi
  local file=$here/docker-compose.yml
  # The compose tool reads an .env beside the file; make sure a developer's own one is not used.
  cp "$file" "$work/docker-compose.yml"
  # .env.example with PORT left out: the file itself must default to 3080.
  grep -v '^PORT=' "$here/.env.example" >"$work/.env"

  (cd "$work" && env -u PORT -u REGISTRY -u TAG -u POSTGRES_PASSWORD -u JWT_SECRET -u CLIENT_URL \
    "${compose[@]}" -f docker-compose.yml config) >"$work/default.txt" 2>"$work/err.txt" \
    || { cat "$work/err.txt" >&2; fail "docker-compose.yml does not parse with .env.example"; }
  grep -Eq '(published: "?3080"?|3080:3000)' "$work/default.txt" \
    || { cat "$work/default.txt"; fail "host port 3080 is not the default"; }
  grep -q 'postgres:15' "$work/default.txt" || fail "the database is not postgres:15"
  grep -q 'registry.example.com/your-team/ticketing-system:latest' "$work/default.txt" \
    || fail "the image is not \$REGISTRY/ticketing-system:\$TAG"
  grep -q 'postgresql://ticketing:change-me-to-a-long-random-password@postgres:5432/ticketing' \
    "$work/default.txt" || fail "DATABASE_URL does not carry POSTGRES_PASSWORD"

  cp "$here/.env.example" "$work/.env"
  (cd "$work" && PORT=8080 TAG=v2 "${compose[@]}" -f docker-compose.yml config) >"$work/port.txt" \
    2>"$work/err.txt" || { cat "$work/err.txt" >&2; fail "does not parse with PORT=8080"; }
  grep -Eq '(published: "?8080"?|8080:3000)' "$work/port.txt" || fail "PORT does not set the host port"
  grep -q 'ticketing-system:v2' "$work/port.txt" || fail "TAG does not select the image"

  # Without the secrets the configuration must refuse to render.
  grep -v '^JWT_SECRET=' "$here/.env.example" >"$work/.env"
  if (cd "$work" && env -u JWT_SECRET "${compose[@]}" -f docker-compose.yml config) >/dev/null 2>&1; then
    fail "a missing JWT_SECRET is accepted"
  fi
  echo "docker-compose.yml: ok (${compose[*]})"
}

check_systemd() {
  command -v systemd-analyze >/dev/null 2>&1 || { echo "skipped: no systemd-analyze"; exit 77; }
  # verify wants the programs and files it names to exist: point them at stand-ins.
  touch "$work/ticketing.env"
  sed -e "s|/opt/ticketing/bin/ticketing|/bin/true|g" \
      -e "s|/etc/ticketing/ticketing.env|$work/ticketing.env|" \
      "$here/ticketing.service" >"$work/ticketing.service"
  local out
  out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "$work/ticketing.service" 2>&1) \
    || { echo "$out" >&2; fail "ticketing.service does not verify"; }
  if grep -q "ticketing.service" <<<"$out"; then
    echo "$out" >&2
    fail "systemd-analyze has remarks about ticketing.service"
  fi
  echo "ticketing.service: ok"
}

check_runtime_libs() {
  local binary=${1:?usage: check.sh runtime-libs BINARY}
  command -v dpkg-query >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1 \
    || { echo "skipped: needs dpkg-query and readelf"; exit 77; }
  # Packages of the runtime stage: the continuation lines of its apt-get install.
  local listed
  listed=$(sed -n '/^FROM debian:12-slim/,/^FROM /p' "$here/Dockerfile" \
    | sed -n '/apt-get install/,/&& rm -rf/p' | tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' \
    | grep -vxE 'apt-get|install|rm|rf' || true)
  [ -n "$listed" ] || fail "found no package list in the Dockerfile's runtime stage"
  # In debian:12-slim already; sanitizer runtimes exist only in test builds.
  local base='libc6 libgcc-s1 libstdc++6 libcrypt1 libasan8 libubsan1'
  local missing=() lib path pkg
  while read -r lib; do
    path=$(ldd "$binary" | awk -v l="$lib" '$1 == l { print $3 }')
    [ -n "$path" ] || fail "$lib: not found by ldd"
    # dpkg knows a file by the path its package ships, with or without the /usr merge.
    pkg=
    local real candidate
    real=$(readlink -f "$path")
    for candidate in "$real" "${real#/usr}" "$path"; do
      [ -n "$pkg" ] || pkg=$(dpkg-query -S "$candidate" 2>/dev/null | head -1 | cut -d: -f1 || true)
    done
    [ -n "$pkg" ] || fail "$lib ($path): no Debian package owns it"
    if ! grep -qxF "$pkg" <<<"$listed" && ! grep -qw -- "$pkg" <<<"$base"; then
      missing+=("$pkg ($lib)")
    fi
  done < <(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  if [ ${#missing[@]} -gt 0 ]; then
    fail "the runtime stage of deploy/Dockerfile lacks: ${missing[*]}"
  fi
  echo "deploy/Dockerfile runtime stage: every library of $(basename "$binary") is installed"
}

case "${1:-}" in
  compose) check_compose ;;
  systemd) check_systemd ;;
  runtime-libs) check_runtime_libs "${2:-}" ;;
  *) echo "usage: check.sh compose|systemd|runtime-libs BINARY" >&2; exit 2 ;;
esac
