#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the test suite: initdb in a temp directory, listening on
# loopback only, run as an unprivileged user (the server refuses to run as root).
#
#   test-postgres.sh start <dir> [port]   initdb (first time) and start; prints the admin URL
#   test-postgres.sh crash <dir>          stop at once (-m immediate: no shutdown checkpoint, the
#                                         next start recovers from the WAL); keeps <dir>
#   test-postgres.sh stop <dir>           stop and delete <dir>
#   test-postgres.sh url <dir>            print the admin URL of a running cluster
#
# Durability settings are relaxed (fsync off): the tests kill our server, never the machine.
set -euo pipefail

cmd=${1:?usage: test-postgres.sh start|crash|stop|url <dir> [port]}
dir=${2:?usage: test-postgres.sh start|crash|stop|url <dir> [port]}
port=${3:-55433}
bindir=${PGBIN:-$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || pg_config --bindir)}
run_user=${PG_RUN_USER:-postgres}

as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u "$run_user" -- "$@"; }
fi

case "$cmd" in
  start)
    if [ ! -x "$bindir/initdb" ]; then
      echo "test-postgres: no PostgreSQL server binaries in $bindir (apt-get install postgresql-15)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      id "$run_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user"
      chown "$run_user" "$dir"
    fi
    chmod 700 "$dir"
    if [ -s "$dir/data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      cat "$dir/url"
      exit 0
    fi
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
full_page_writes = off
shared_buffers = 128MB
CONF
    fi
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
      || { tail -20 "$dir/postgres.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
    cat "$dir/url"
    ;;
  crash)
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  url)
    cat "$dir/url"
    ;;
  *)
    echo "test-postgres: unknown command '$cmd' (start, crash, stop, url)" >&2
    exit 2
    ;;
esac
