#!/usr/bin/env bash
# The backup and restore drill of docs/deployment.md: run it, read what it
# checks, and keep its output with the date.
#
#   bash scripts/restore-drill.sh
#
# 1. pg_dump / pg_restore: a database with the demo data, the app started on
#    it; facts noted (counts, photo bytes, the audit chain, an honour roll as a
#    signed-in person reads it); dumped, dropped, created, restored; the app
#    started again; the same facts, the same session cookie still signed in.
# 2. A streaming replica, a mistake, a failover, and point-in-time recovery,
#    on a throwaway PostgreSQL cluster of its own with WAL archiving: base
#    backup, writes through the app, a mistake (every photo deleted) that
#    reaches the replica too; the app refused by the replica while it is one;
#    the primary lost and the replica promoted (the app runs on it, mistake
#    and all); then the base backup and the archived WAL recovered to a time
#    before the mistake, and the app started on that: photos back, the session
#    written after the base backup still there.
# 3. The embedded database (a trial without DATABASE_URL): the app stopped,
#    DATA_DIR copied, deleted, unpacked from the copy, the app started again;
#    the same roll, photo and audit chain, the same session.
#
# It touches no server of yours: everything runs in a cluster it creates
# (initdb) in a temporary folder, on free ports, and removes at exit. Only
# with DRILL_DUMP_SERVER does part 1 use another server, where it creates and
# drops databases named ss_drill_* and nothing else.
#
#   PG_BIN             PostgreSQL's programs (default: the newest /usr/lib/postgresql/*/bin)
#   DRILL_DUMP_SERVER  postgres://user@host:port/db of a server where part 1 may create and
#                      drop ss_drill_* databases (default: the drill's own cluster)
#   DRILL_PG_USER      who runs the drill's cluster when this runs as root (default: postgres)
#   DRILL_BUILD=1      build the app first even when build/ exists
#   DRILL_KEEP=1       keep the temporary folder (logs, dump, clusters' files) at the end
#
# Needs: node and the repository's node_modules, curl, sha256sum, and the
# demo data (it loads it with npm run db:seed). Exit status 0 when every check held.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x "$PG_BIN/initdb" ]] || {
  echo "PostgreSQL's programs not found: set PG_BIN to the folder holding initdb, pg_ctl, pg_dump…" >&2
  exit 2
}
pg_user=${DRILL_PG_USER:-postgres}
roll=2026-q3 # the demo's newest published honour roll
admin_id=ADMIN01
demo_password=stars-demo-2026

started=${EPOCHREALTIME/./}
say() {
  local now=${EPOCHREALTIME/./}
  local tenths=$(((now - started) / 100000))
  printf '%4d.%d s  %s\n' $((tenths / 10)) $((tenths % 10)) "$*"
}
checks=0
failed=0
# check LABEL EXPECTED ACTUAL
check() {
  checks=$((checks + 1))
  if [[ "$2" == "$3" ]]; then
    say "ok    $1: $3"
  else
    failed=$((failed + 1))
    say "FAIL  $1: expected «$2», got «$3»"
  fi
}

work=$(mktemp -d /tmp/ss-restore-drill.XXXXXX)
chmod 755 "$work"
pg="$work/pg" # the drill cluster's files, owned by the user who runs it
mkdir -p "$pg/archive" "$pg/run"
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}
[[ $(id -u) -eq 0 ]] && chown -R "$pg_user" "$pg"

app_pids=()
clusters=()
dump_dbs=()
cleanup() {
  local status=$?
  for pid in "${app_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  for dir in "${clusters[@]}"; do
    [[ -f "$dir/postmaster.pid" ]] && as_pg "$PG_BIN/pg_ctl" -D "$dir" stop -m immediate >/dev/null 2>&1 || true
  done
  for db in "${dump_dbs[@]}"; do
    "$PG_BIN/psql" "$DRILL_DUMP_SERVER" -qAt -c "drop database if exists \"$db\"" >/dev/null 2>&1 || true
  done
  if [[ "${DRILL_KEEP:-}" == 1 || $status -ne 0 || $failed -ne 0 ]]; then
    echo "kept for a look: $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}
sql() { # URL STATEMENT
  "$PG_BIN/psql" "$1" -qAt -v ON_ERROR_STOP=1 -c "$2"
}

# ---- the app ------------------------------------------------------------------

app_pid=
app_url=
# start_app NAME DATABASE_URL: the built server on a free port, its log in the work folder; waits for /readyz 200.
# DATABASE_URL "embedded": the embedded database in $data instead (a first start loads the demo data there).
start_app() {
  local port database
  port=$(free_port)
  if [[ $2 == embedded ]]; then database=(DATA_DIR="$data"); else database=(DATABASE_URL="$2"); fi
  (exec env -u DATABASE_URL -u DATABASE_DIRECT_URL -u DATABASE_POOLER -u SESSION_SECRET -u METRICS_PORT -u WORKERS -u SEED_DEMO \
    PORT="$port" HOST=127.0.0.1 NODE_ENV=production LOG_LEVEL=info "${database[@]}" \
    node --import tsx server/index.ts) >"$work/$1.log" 2>&1 &
  app_pid=$!
  app_pids+=("$app_pid")
  app_url="http://127.0.0.1:$port"
  local i
  for ((i = 0; i < 360; i++)); do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      say "the app ($1) stopped while starting; its log: $work/$1.log"
      tail -n 5 "$work/$1.log" >&2
      exit 1
    fi
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$app_url/readyz") == 200 ]] && return 0
    sleep 0.5
  done
  say "the app ($1) was not ready within 180 s; its log: $work/$1.log"
  exit 1
}
stop_app() {
  kill -TERM "$app_pid"
  wait "$app_pid" || true
}
readyz() { curl -s --max-time 10 -w ' %{http_code}' "$app_url/readyz"; }
# sign_in JAR: the demo administrator signs in; prints the status (302 when signed in).
sign_in() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 30 -c "$1" -H "Origin: $app_url" \
    --data-urlencode "identifier=$admin_id" --data-urlencode "password=$demo_password" --data-urlencode redirectTo=/ "$app_url/login"
}
# roll_winners JAR: the winners' names on the honour roll, as a signed-in person reads it.
roll_winners() {
  curl -s --max-time 30 -b "$1" -H 'Accept-Language: zh-CN' "$app_url/honor-roll/$roll" |
    grep -oE 'class="winner__name"[^>]*><a [^>]*>[^<]+' | sed -E 's/.*>//' | paste -sd ' ' - || true
}
# roll_photo JAR: the address of the roll's first JPEG photo.
roll_photo() {
  curl -s --max-time 30 -b "$1" "$app_url/honor-roll/$roll" | grep -oE '/media/[0-9a-f]{64}\.jpg' | head -n 1 || true
}
# photo_state PATH: "200, bytes match their address" when the photo is served whole.
photo_state() {
  local file="$work/photo.bin" code
  code=$(curl -s -o "$file" -w '%{http_code}' --max-time 30 "$app_url$1")
  if [[ $code == 200 ]]; then
    local name=${1##*/}
    [[ $(sha256sum "$file" | cut -d ' ' -f 1) == "${name%.*}" ]] && echo "200, bytes match their address" || echo "200, bytes differ"
  else
    echo "$code"
  fi
}
# audit_chain JAR: the administrator's check of the audit chain, in English.
audit_chain() {
  curl -s --max-time 30 -b "$1" -H 'Accept-Language: en' "$app_url/admin/audit/verify" |
    grep -oE 'id="audit-chain-result"[^>]*>[^<]+' | sed -E 's/.*>//' || true
}

ready='{"status":"ready","checks":{"database":"ok","migrations":"ok","jobs":"ok"}} 200'
# check_restored WHERE SESSION JAR PHOTO: the app just started on restored data is ready, reads the
# same honour roll with a session from before, serves the photo whole, and the audit chain checks.
check_restored() {
  check "app started on $1, /readyz" "$ready" "$(readyz)"
  check "honour roll, read with $2" "$winners" "$(roll_winners "$3")"
  check "photo ${4:0:19}…" "200, bytes match their address" "$(photo_state "$4")"
  local chain
  chain=$(audit_chain "$3")
  check "audit chain intact" yes "$([[ $chain == All*chain\ correctly* ]] && echo yes || echo "no: $chain")"
  say "audit chain: $chain"
}

# ---- facts read with SQL ------------------------------------------------------

# facts URL: what the restored database must hold, on one line.
facts() {
  sql "$1" "select concat_ws(' ',
      'people=' || (select count(*) from people),
      'campaigns=' || (select count(*) from campaigns),
      'nominations=' || (select count(*) from nominations),
      'ballots=' || (select count(*) from ballots),
      'honour_rolls=' || (select count(*) from honor_rolls),
      'photos=' || (select count(*) from media) || '/' || (select count(*) from media_variants)
        || '/' || (select coalesce(sum(byte_size), 0) from media_variants) || 'B',
      'audit=' || (select count(*) from audit_log) || '/' || coalesce((select left(encode(hash, 'hex'), 12) from audit_log where seq is not null order by seq desc limit 1), '-'),
      'sessions=' || (select count(*) from sessions),
      'jobs=' || (select count(*) from pgboss.job))"
}

# ---- the drill's own cluster -------------------------------------------------------

# start_cluster DIR PORT: starts a cluster as the drill's user, waits until it takes connections.
start_cluster() {
  clusters+=("$1")
  as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$1.log" -w -t 120 start >/dev/null
}
# settings DIR LINE…: appended to the cluster's postgresql.conf (a later line wins).
settings() {
  local dir=$1
  shift
  printf '%s\n' "$@" | as_pg tee -a "$dir/postgresql.conf" >/dev/null
}
primary="$pg/primary"
primary_port=$(free_port)
primary_admin="postgres://postgres@127.0.0.1:$primary_port/postgres"

say "PostgreSQL programs: $PG_BIN ($("$PG_BIN/postgres" --version))"
if [[ ! -f build/index.js || "${DRILL_BUILD:-}" == 1 ]]; then
  say "building the app (npm run build)"
  npm run --silent build >"$work/build.log" 2>&1
fi

as_pg "$PG_BIN/initdb" -D "$primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log"
settings "$primary" \
  "listen_addresses = '127.0.0.1'" "port = $primary_port" "unix_socket_directories = '$pg/run'" \
  "wal_level = replica" "archive_mode = on" "archive_command = 'test ! -f $pg/archive/%f && cp %p $pg/archive/%f'"
start_cluster "$primary"
say "drill cluster: primary on port $primary_port, archiving WAL to $pg/archive"

# =============================================================================
say "--- 1. pg_dump, drop, pg_restore ---"
DRILL_DUMP_SERVER=${DRILL_DUMP_SERVER:-$primary_admin}
[[ "$DRILL_DUMP_SERVER" == postgres*://*/* && "$DRILL_DUMP_SERVER" != *\?* ]] || {
  echo "DRILL_DUMP_SERVER must look like postgres://user@host:port/db, without ?options" >&2
  exit 2
}
db1="ss_drill_dump_$$"
db1_url="${DRILL_DUMP_SERVER%/*}/$db1"
dump_dbs+=("$db1")
sql "$DRILL_DUMP_SERVER" "create database \"$db1\""
say "database $db1 created on ${DRILL_DUMP_SERVER#*@}"
env -u DATABASE_DIRECT_URL DATABASE_URL="$db1_url" npm run --silent db:seed >"$work/seed.log" 2>&1
say "demo data loaded (npm run db:seed)"

start_app app-1 "$db1_url"
say "app started on it: /readyz $(readyz)"
jar1="$work/session-1.txt"
check "sign in as $admin_id" 302 "$(sign_in "$jar1")"
winners=$(roll_winners "$jar1")
photo=$(roll_photo "$jar1")
say "honour roll /honor-roll/$roll, winners: $winners"
[[ -n "$winners" && -n "$photo" ]] || {
  say "FAIL  the honour roll shows no winner or no photo"
  exit 1
}
check "photo ${photo:0:19}…" "200, bytes match their address" "$(photo_state "$photo")"
say "audit chain: $(audit_chain "$jar1")"
stop_app
before=$(facts "$db1_url")
say "facts: $before"

dump="$work/service_stars.dump"
"$PG_BIN/pg_dump" --format=custom --file="$dump" "$db1_url"
say "pg_dump --format=custom: $(du -h "$dump" | cut -f 1), $("$PG_BIN/pg_restore" --list "$dump" | grep -cv '^;') entries"
sql "$DRILL_DUMP_SERVER" "drop database \"$db1\""
say "database dropped"
sql "$DRILL_DUMP_SERVER" "create database \"$db1\""
"$PG_BIN/pg_restore" --exit-on-error --no-owner --dbname="$db1_url" "$dump"
say "database created again and restored (pg_restore --exit-on-error --no-owner)"
check "facts after the restore" "$before" "$(facts "$db1_url")"

start_app app-2 "$db1_url"
check_restored "the restored database" "the session cookie from before the dump" "$jar1" "$photo"
stop_app

# =============================================================================
say "--- 2. streaming replica, a mistake, failover, point-in-time recovery ---"
db2=ss_drill_pitr
primary_url="postgres://postgres@127.0.0.1:$primary_port/$db2"
sql "$primary_admin" "create database $db2"
"$PG_BIN/pg_restore" --exit-on-error --no-owner --dbname="$primary_url" "$dump"
say "the dump restored into $db2 on the drill's primary"

as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$pg/base" --checkpoint=fast --wal-method=stream
say "base backup taken (pg_basebackup): $(du -sh "$pg/base" | cut -f 1)"

standby="$pg/standby"
standby_port=$(free_port)
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$standby" --checkpoint=fast --wal-method=stream --write-recovery-conf
settings "$standby" "port = $standby_port" "archive_mode = off"
start_cluster "$standby"
standby_url="postgres://postgres@127.0.0.1:$standby_port/$db2"
for ((i = 0; i < 60; i++)); do
  [[ $(sql "$primary_admin" "select count(*) from pg_stat_replication where state = 'streaming'") == 1 ]] && break
  sleep 0.5
done
check "streaming replica on port $standby_port, in recovery" "streaming t" \
  "$(sql "$primary_admin" "select state from pg_stat_replication") $(sql "$standby_url" 'select pg_is_in_recovery()')"

# caught_up: waits until the replica has replayed everything the primary has written.
caught_up() {
  local lsn
  lsn=$(sql "$primary_admin" 'select pg_current_wal_lsn()')
  for ((i = 0; i < 60; i++)); do
    [[ $(sql "$standby_url" "select pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn") == t ]] && return 0
    sleep 0.5
  done
  say "FAIL  the replica did not catch up in 30 s"
  exit 1
}

start_app app-3 "$primary_url"
say "app started on the primary: /readyz $(readyz)"
jar3="$work/session-3.txt"
check "sign in after the base backup (a new session row)" 302 "$(sign_in "$jar3")"
check "photo before the mistake" "200, bytes match their address" "$(photo_state "$photo")"
caught_up
check "the replica has the new session" "$(sql "$primary_url" 'select count(*) from sessions')" "$(sql "$standby_url" 'select count(*) from sessions')"

sleep 1
target=$(sql "$primary_admin" "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
say "recovery target noted: $target"
sleep 1
say "the mistake: $(sql "$primary_url" 'delete from media_variants returning 1' | wc -l) photo files deleted on the primary (delete from media_variants)"
check "photo after the mistake" 404 "$(photo_state "$photo")"
caught_up
check "the mistake on the replica too: photo files there" 0 "$(sql "$standby_url" 'select count(*) from media_variants')"

set +e
(exec env -u DATABASE_DIRECT_URL -u DATABASE_POOLER PORT="$(free_port)" HOST=127.0.0.1 LOG_LEVEL=info DATABASE_URL="$standby_url" \
  timeout 120 node --import tsx server/index.ts) >"$work/app-on-replica.log" 2>&1
status=$?
set -e
check "the app refuses to start on the replica (exit status)" 1 "$status"
say "  it said: $(grep -m 1 -oE 'cannot execute [^"]*|read-only[^"]*' "$work/app-on-replica.log" || tail -n 1 "$work/app-on-replica.log")"

segment=$(sql "$primary_admin" 'select pg_walfile_name(pg_current_wal_lsn())')
sql "$primary_admin" 'select pg_switch_wal()' >/dev/null
for ((i = 0; i < 60; i++)); do
  [[ -f "$pg/archive/$segment" ]] && break
  sleep 0.5
done
check "WAL up to the mistake archived ($segment)" yes "$([[ -f "$pg/archive/$segment" ]] && echo yes || echo no)"

stop_app
as_pg "$PG_BIN/pg_ctl" -D "$primary" stop -m immediate >/dev/null
say "the primary is lost (pg_ctl stop -m immediate)"
as_pg "$PG_BIN/pg_ctl" -D "$standby" promote -w >/dev/null
check "replica promoted: in recovery" f "$(sql "$standby_url" 'select pg_is_in_recovery()')"
start_app app-4 "$standby_url"
check "app on the promoted replica, /readyz" "$ready" "$(readyz)"
jar4="$work/session-4.txt"
check "sign in there (it takes writes)" 302 "$(sign_in "$jar4")"
check "honour roll there" "$winners" "$(roll_winners "$jar4")"
check "photo there: the mistake came along" 404 "$(photo_state "$photo")"
stop_app
as_pg "$PG_BIN/pg_ctl" -D "$standby" stop -m fast >/dev/null

recovered="$pg/recovered"
recovered_port=$(free_port)
as_pg cp -a "$pg/base" "$recovered"
as_pg touch "$recovered/recovery.signal"
settings "$recovered" "port = $recovered_port" "archive_mode = off" \
  "restore_command = 'cp $pg/archive/%f %p'" "recovery_target_time = '$target'" "recovery_target_action = 'promote'"
start_cluster "$recovered"
recovered_url="postgres://postgres@127.0.0.1:$recovered_port/$db2"
for ((i = 0; i < 120; i++)); do
  [[ $(sql "$recovered_url" 'select pg_is_in_recovery()') == f ]] && break
  sleep 0.5
done
say "recovered from the base backup and the archive to $target:"
grep -oE '(starting point-in-time recovery|recovery stopping before|archive recovery complete|selected new timeline)[^"]*' "$recovered.log" | sed 's/^/          | /'
check "recovered cluster out of recovery" f "$(sql "$recovered_url" 'select pg_is_in_recovery()')"
check "photo files back" "$(sed -E 's/.*photos=[0-9]+\/([0-9]+)\/.*/\1/' <<<"$before")" "$(sql "$recovered_url" 'select count(*) from media_variants')"

start_app app-5 "$recovered_url"
check_restored "the recovered cluster" "the session signed in after the base backup" "$jar3" "$photo"
stop_app
say "facts: $(facts "$recovered_url")"

# =============================================================================
say "--- 3. the embedded database (no DATABASE_URL): the folder, copied while stopped ---"
data="$work/embedded/data"
mkdir -p "$work/embedded"
start_app app-6 embedded
say "app started on an embedded database in DATA_DIR (first start: demo data loaded)"
jar6="$work/session-6.txt"
check "sign in as $admin_id" 302 "$(sign_in "$jar6")"
check "honour roll" "$winners" "$(roll_winners "$jar6")"
photo6=$(roll_photo "$jar6")
check "photo ${photo6:0:19}…" "200, bytes match their address" "$(photo_state "$photo6")"
stop_app
tar -C "$work/embedded" -czf "$work/embedded-backup.tar.gz" data
say "stopped; DATA_DIR copied: tar -czf … data ($(du -h "$work/embedded-backup.tar.gz" | cut -f 1))"
rm -rf "$data"
tar -C "$work/embedded" -xzf "$work/embedded-backup.tar.gz"
say "DATA_DIR deleted and unpacked from the copy"
start_app app-7 embedded
check_restored "the copy" "the session cookie from before the copy" "$jar6" "$photo6"
stop_app

say "restore drill: $checks checks, $failed failed"
[[ $failed -eq 0 ]]
