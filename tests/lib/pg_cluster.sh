# Sourced by tests and benchmarks: a throwaway PostgreSQL cluster.
# pg_cluster_start DIR: initdb + pg_ctl start in DIR/pg (UTF-8, C locale,
#   trust, superuser "herald", Unix socket in DIR/pg only, on a free port
#   number; as user postgres when run as root, since PostgreSQL refuses
#   root). Returns 77 when the server binaries are missing, 1 on failure.
# pg_cluster_stop: stops it (immediate); the caller removes DIR.
# pg_uri DB: the libpq URI of database DB; pg_createdb DB; pg_q DB SQL.
# PG_POSTMASTER: the server's pid once started.
pg_cluster_start() {
  PG_DIR=$1/pg
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] && command -v psql >/dev/null || return 77
  PG_RUN=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || return 77
    PG_RUN=(runuser -u postgres --)
    chmod 755 "$1"
  fi
  mkdir -p "$PG_DIR" || return 1
  [ ${#PG_RUN[@]} -gt 0 ] && chown postgres "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${PG_RUN[@]}" "$PGBIN/initdb" -D "$PG_DIR/data" -E UTF8 --locale=C -A trust -U herald >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-k $PG_DIR -p $PG_PORT -c listen_addresses='' ${PG_OPTIONS:-}" start >/dev/null ||
    { cat "$PG_DIR/log" >&2; return 1; }
  PG_POSTMASTER=$(head -1 "$PG_DIR/data/postmaster.pid")
}
pg_cluster_stop() {
  [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ] && "${PG_RUN[@]}" "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1
  return 0
}
pg_uri() { echo "postgresql://herald@/$1?host=$PG_DIR&port=$PG_PORT"; }
pg_createdb() { psql -X -q -d "$(pg_uri postgres)" -c "CREATE DATABASE $1" >/dev/null; }
pg_q() { psql -X -q -At -d "$(pg_uri "$1")" -c "$2"; }
