#!/usr/bin/env bash
# Local production-like stack without Docker: PostgreSQL, Redis and Airflow's components as processes.
#
#   docker/stack.sh up | down | status | env
#
# Everything lives under STACK_DIR (default .stack/ in the repository): data, logs/<component>.log,
# pids/<component>.pid and the generated secrets. Ports and Airflow settings come from
# docker/stack.env, the file docker/compose.yaml reads too. Every process started here carries
# NEWS_STACK_DIR in its environment, which is how `down` proves none is left behind.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
VENV_BIN=${VENV_BIN:-$ROOT/.venv/bin}
LOGS=$STACK_DIR/logs
PIDS=$STACK_DIR/pids
PGDATA=$STACK_DIR/pg/data
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
READY_TIMEOUT=${READY_TIMEOUT:-180}
AIRFLOW_COMPONENTS=(api-server scheduler dag-processor triggerer)

# docker/stack.env is the contract shared with compose: its Airflow settings always win over the
# caller's environment, while a STACK_* variable already set (ports, workers) moves the stack.
while IFS='=' read -r key value; do
    [[ -z $key || $key == \#* ]] && continue
    if [[ $key == STACK_* && -n "${!key+x}" ]]; then continue; fi
    export "$key=$value"
done < "$ROOT/docker/stack.env"

log() { printf 'stack: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

# PostgreSQL refuses to run as root: when we are root, its processes run as the postgres user.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

make_secrets() {
    local file=$STACK_DIR/secrets.env
    if [ ! -s "$file" ]; then
        umask 077
        {
            echo "STACK_PG_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
            echo "STACK_ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
            # One JWT secret for every component: the api-server signs the task tokens the
            # workers present, so a per-process random secret would reject every task.
            echo "AIRFLOW__API_AUTH__JWT_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
        } > "$file"
    fi
    set -a; . "$file"; set +a
}

export_env() {
    make_secrets
    export NEWS_STACK_DIR=$STACK_DIR
    export PATH="$VENV_BIN:$PATH"
    export AIRFLOW_HOME=$STACK_DIR/airflow
    export AIRFLOW__CORE__DAGS_FOLDER=$ROOT/dags
    export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://$STACK_PG_USER:$STACK_PG_PASSWORD@127.0.0.1:$STACK_PG_PORT/$STACK_PG_DB"
    export AIRFLOW__CELERY__BROKER_URL="redis://127.0.0.1:$STACK_REDIS_PORT/0"
    export AIRFLOW__CELERY__RESULT_BACKEND="db+postgresql://$STACK_PG_USER:$STACK_PG_PASSWORD@127.0.0.1:$STACK_PG_PORT/$STACK_PG_DB"
    export AIRFLOW__API__HOST=127.0.0.1
    export AIRFLOW__API__PORT=$STACK_API_PORT
    export AIRFLOW__API__BASE_URL="http://127.0.0.1:$STACK_API_PORT"
    export AIRFLOW__CORE__EXECUTION_API_SERVER_URL="http://127.0.0.1:$STACK_API_PORT/execution/"
    export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=$STACK_DIR/airflow/passwords.json
    export AIRFLOW__LOGGING__BASE_LOG_FOLDER=$LOGS/tasks
    export AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=$((STACK_LOG_PORT + 99))
    export NEWS_PIPELINE_LAKE=${NEWS_PIPELINE_LAKE:-$STACK_DIR/data/lake}
    export NEWS_PIPELINE_RAW=${NEWS_PIPELINE_RAW:-$STACK_DIR/data/raw}
    export NO_COLOR=1
}

alive() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# Each component leads its own process group, so stopping it also stops its task subprocesses.
start() {
    local name=$1; shift
    if alive "$name"; then log "$name already running"; return; fi
    setsid "$@" > "$LOGS/$name.log" 2>&1 < /dev/null &
    echo $! > "$PIDS/$name.pid"
}

wait_for() {
    local what=$1; shift
    local deadline=$((SECONDS + READY_TIMEOUT))
    until "$@" > /dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "$what not ready after ${READY_TIMEOUT}s (logs in $LOGS)"
        sleep 1
    done
}

start_postgres() {
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL server binaries not found (PG_BIN=$PG_BIN)"
    mkdir -p "$STACK_DIR/pg"
    if [ "$(id -u)" = 0 ]; then chown postgres "$STACK_DIR/pg"; fi
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
        local pwfile=$STACK_DIR/pg/pwfile
        printf '%s\n' "$STACK_PG_PASSWORD" > "$pwfile"
        if [ "$(id -u)" = 0 ]; then chown postgres "$pwfile"; fi
        as_pg "$PG_BIN/initdb" -D "$PGDATA" -U "$STACK_PG_USER" --pwfile="$pwfile" \
            --auth-host=scram-sha-256 --auth-local=peer -E UTF8 > "$LOGS/initdb.log" 2>&1 \
            || { cat "$LOGS/initdb.log"; die "initdb failed"; }
        rm -f "$pwfile"
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status > /dev/null 2>&1; then return; fi
    touch "$LOGS/postgres.log"
    if [ "$(id -u)" = 0 ]; then chown postgres "$LOGS/postgres.log"; fi
    # Loopback only, and no durability tuning: this stack's data is disposable by design.
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$STACK_PG_PORT -c unix_socket_directories=$STACK_DIR/pg -c max_connections=200 -c fsync=off -c synchronous_commit=off" \
        > /dev/null || { tail -n 20 "$LOGS/postgres.log"; die "PostgreSQL did not start"; }
    if ! PGPASSWORD=$STACK_PG_PASSWORD psql -h 127.0.0.1 -p "$STACK_PG_PORT" -U "$STACK_PG_USER" \
            -d postgres -tAc "select 1 from pg_database where datname='$STACK_PG_DB'" | grep -q 1; then
        PGPASSWORD=$STACK_PG_PASSWORD createdb -h 127.0.0.1 -p "$STACK_PG_PORT" -U "$STACK_PG_USER" \
            "$STACK_PG_DB"
    fi
}

start_redis() {
    command -v redis-server > /dev/null || die "redis-server not found (Debian package redis-server)"
    mkdir -p "$STACK_DIR/redis"
    start redis redis-server --bind 127.0.0.1 --port "$STACK_REDIS_PORT" --dir "$STACK_DIR/redis" \
        --save "" --appendonly no --daemonize no
    wait_for redis redis-cli -p "$STACK_REDIS_PORT" ping
}

write_passwords() {
    local file=$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE
    (umask 077; printf '{"admin": "%s"}\n' "$STACK_ADMIN_PASSWORD" > "$file")
}

api_healthy() {
    python3 - "$STACK_API_PORT" <<'EOF'
import json, sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/v2/monitor/health", timeout=5) as r:
    health = json.load(r)
sys.exit(0 if health.get("scheduler", {}).get("status") == "healthy" else 1)
EOF
}

# A broadcast ping through the broker: every worker answers once it consumes tasks.
workers_ready() {
    local answers
    answers=$(celery -b "$AIRFLOW__CELERY__BROKER_URL" inspect ping -t 3 2>/dev/null | grep -c "pong" || true)
    [ "$answers" -ge "$STACK_WORKERS" ]
}

up() {
    [ -x "$VENV_BIN/airflow" ] || die "no Airflow in $VENV_BIN: run make install first"
    mkdir -p "$LOGS" "$PIDS" "$STACK_DIR/airflow" "$STACK_DIR/data"
    export_env
    local started=$SECONDS
    start_postgres
    start_redis
    log "postgres and redis up ($((SECONDS - started))s)"
    write_passwords
    airflow db migrate > "$LOGS/migrate.log" 2>&1 || { tail -n 40 "$LOGS/migrate.log"; die "db migrate failed"; }
    airflow pools set news_fetch "$STACK_FETCH_POOL_SLOTS" "sources fetching at once" > /dev/null
    log "database migrated, pool set ($((SECONDS - started))s)"
    local component
    for component in "${AIRFLOW_COMPONENTS[@]}"; do
        start "$component" airflow "$component"
    done
    local i
    for i in $(seq 1 "$STACK_WORKERS"); do
        # Each worker serves its task logs on its own port; both would take 8793 otherwise.
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=$((STACK_LOG_PORT + i)) \
            start "worker-$i" airflow celery worker --celery-hostname "worker-$i@%h" \
            --pid "$PIDS/worker-$i.celery.pid"
    done
    wait_for "api-server and scheduler" api_healthy
    wait_for "celery workers" workers_ready
    for component in redis "${AIRFLOW_COMPONENTS[@]}" $(seq -f 'worker-%g' 1 "$STACK_WORKERS"); do
        alive "$component" || { tail -n 30 "$LOGS/$component.log"; die "$component exited"; }
    done
    log "up in $((SECONDS - started))s: api http://127.0.0.1:$STACK_API_PORT (admin, password in $STACK_DIR/secrets.env), logs in $LOGS"
}

group_gone() { ! kill -0 "$1" 2>/dev/null && ! pgrep -g "$1" > /dev/null 2>&1; }

# SIGINT first (Airflow's clean shutdown), then SIGTERM, then SIGKILL for whatever is stuck (a
# task subprocess that ignores the first two). The components are signalled together, so a
# stop takes as long as the slowest one, not the sum.
stop_groups() {
    local -A pids=()
    local name signal tick since=$SECONDS
    for name in "$@"; do
        [ -f "$PIDS/$name.pid" ] && pids[$name]=$(cat "$PIDS/$name.pid")
    done
    for signal in INT TERM KILL; do
        for name in "${!pids[@]}"; do kill -s "$signal" -- "-${pids[$name]}" 2>/dev/null || true; done
        for tick in $(seq 1 60); do
            for name in "${!pids[@]}"; do
                if group_gone "${pids[$name]}"; then
                    log "$name stopped (SIG$signal, $((SECONDS - since))s)"
                    unset "pids[$name]"; rm -f "$PIDS/$name.pid"
                fi
            done
            [ ${#pids[@]} -gt 0 ] || return 0
            sleep 0.25
        done
        log "still running after SIG$signal: ${!pids[*]}"
    done
    for name in "${!pids[@]}"; do rm -f "$PIDS/$name.pid"; done
}

# Processes carrying this stack's marker, outside this script's own process tree.
leftovers() {
    python3 - "$STACK_DIR" "$$" <<'EOF'
import os, sys
marker, me = f"NEWS_STACK_DIR={sys.argv[1]}".encode(), int(sys.argv[2])
def parent(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return int(handle.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return 0
for name in os.listdir("/proc"):
    if not name.isdigit():
        continue
    try:
        with open(f"/proc/{name}/environ", "rb") as handle:
            if marker not in handle.read().split(b"\0"):
                continue
    except OSError:
        continue
    pid, ours = int(name), False
    while pid > 1 and not ours:
        ours, pid = pid == me, parent(pid)
    if not ours:
        print(name)
EOF
}

down() {
    export_env
    # Redis last: workers finishing a task still report to the broker.
    stop_groups $(seq -f 'worker-%g' 1 "$STACK_WORKERS") "${AIRFLOW_COMPONENTS[@]}"
    stop_groups redis
    if [ -f "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status > /dev/null 2>&1; then
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -w -t 60 stop -m fast > /dev/null
    fi
    local left
    left=$(leftovers)
    if [ -n "$left" ]; then
        log "killing leftover processes: $(echo $left)"
        echo "$left" | xargs -r kill -KILL 2>/dev/null || true
        sleep 1
        left=$(leftovers)
        [ -z "$left" ] || die "processes left behind: $(echo $left)"
    fi
    log "down: no process left"
}

status() {
    export_env
    local name
    for name in redis "${AIRFLOW_COMPONENTS[@]}" $(seq -f 'worker-%g' 1 "$STACK_WORKERS"); do
        if alive "$name"; then echo "$name running (pid $(cat "$PIDS/$name.pid"))"; else echo "$name stopped"; fi
    done
    if [ -f "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status > /dev/null 2>&1; then
        echo "postgres running (127.0.0.1:$STACK_PG_PORT)"
    else
        echo "postgres stopped"
    fi
}

# Prints the environment of the stack's components, to `eval` in a shell that talks to it.
print_env() {
    export_env
    local name
    for name in $(compgen -e | grep -E '^(AIRFLOW|NEWS_PIPELINE|STACK_)' | sort); do
        printf 'export %s=%q\n' "$name" "${!name}"
    done
    printf 'export PATH=%q\n' "$PATH"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    env) print_env ;;
    *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
