# Start a private PostgreSQL cluster on a loopback port for the tests and export
# DESK_TEST_PG_URL. The server refuses to run as root, so it runs as postgres.
PG_PORT=${PG_PORT:-54329}
PG_DIR=${PG_DIR:-$(mktemp -d /tmp/desk-ci-pg.XXXXXX)}

start_test_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "PostgreSQL is not installed: the PostgreSQL tests will be skipped" >&2
    return 0
  fi
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  # A port nobody listens on (another cluster may be running on this machine).
  while (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  "${as[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
  export DESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
  PG_BIN=$bin
}

stop_test_postgres() {
  [ -n "${PG_BIN:-}" ] || return 0
  local as=()
  [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  "${as[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
}
