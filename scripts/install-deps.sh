#!/usr/bin/env bash
# Installs what the build needs, and only what is missing, so `make run` / `make test` work on a
# bare Debian 12 machine and cost nothing on one that is already set up.
#   install-deps.sh run    build + serve
#   install-deps.sh test   run + everything the test suite drives (PostgreSQL, Chromium, fuzz tools)
#   install-deps.sh bench  test + load tools
set -euo pipefail
profile=${1:-run}

run_pkgs=(g++ cmake ninja-build pkg-config make
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsoci-dev libsqlite3-dev libpq-dev libsodium-dev libjwt-dev libssl-dev libcrypt-dev
  libspdlog-dev libcli11-dev nodejs npm sqlite3 python3-yaml)
test_pkgs=(googletest libgtest-dev libgmock-dev postgresql-15 postgresql-contrib chromium
  clang libclang-rt-14-dev zzuf fiu-utils libfiu-dev curl docker-compose systemd
  slowhttptest faketime libfaketime)
bench_pkgs=(wrk time)  # time: bench/profile.mjs reports wrk's own CPU with /usr/bin/time

pkgs=("${run_pkgs[@]}")
case "$profile" in
  run) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "install-deps: unknown profile '$profile' (run, test, bench)" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node and npm may come from outside Debian (e.g. NodeSource); a working binary is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
    "${sudo_cmd[@]}" apt-get update
    "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi
