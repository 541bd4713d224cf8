#!/usr/bin/env bash
# Nightly Akhbar refresh for cron (see docs/refresh.md).
#
#   AKHBAR_HOME    checkout of Akhbar                  (default: this script's repo)
#   AKHBAR_PYTHON  python with Akhbar installed        (default: $AKHBAR_HOME/.venv/bin/python)
#   AKHBAR_CONFIG  config file                         (default: scripts/cron/refresh.yaml)
#   AKHBAR_LOCK    lock file: one refresh at a time    (default: one per home + config +
#                  arguments, so refreshes of unrelated output prefixes never block each other)
#   RUN_DATE       partition date YYYY-MM-DD           (default: today in UTC, at the start)
#   AKHBAR_INDEX_PREFIX  if set: update the corpus index of this prefix after a
#                  successful refresh, under the same lock (see docs/index.md)
#   extra arguments are passed to `akhbar refresh` (e.g. --output, --backfill)
#
# Every run logs a start line and an end line with the exit code:
#   0 committed or nothing to do         1 accounting mismatch (nothing committed)
#   2 configuration / input / run date   3 the run failed (e.g. storage; safe to rerun)
#   69 no Akhbar python (EX_UNAVAILABLE) 75 the previous refresh still runs (EX_TEMPFAIL)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AKHBAR_HOME="${AKHBAR_HOME:-$(cd "$here/../.." && pwd)}"
AKHBAR_PYTHON="${AKHBAR_PYTHON:-$AKHBAR_HOME/.venv/bin/python}"
AKHBAR_CONFIG="${AKHBAR_CONFIG:-scripts/cron/refresh.yaml}"
key="$(printf '%s\n' "$AKHBAR_HOME" "$AKHBAR_CONFIG" "$@" | sha256sum | cut -c1-12)"
AKHBAR_LOCK="${AKHBAR_LOCK:-${TMPDIR:-/tmp}/akhbar-refresh-$key.lock}"
RUN_DATE="${RUN_DATE:-$(date -u +%F)}"

started=$(date +%s)
log() { echo "$(date -u +%FT%TZ) akhbar refresh: $*"; }
finish() {
    local code=$1 meaning
    case $code in
        0) meaning="ok" ;; 1) meaning="accounting mismatch, nothing committed" ;;
        2) meaning="configuration, input or run-date problem, nothing written" ;;
        3) meaning="the run failed, nothing committed; safe to rerun" ;;
        69) meaning="no Akhbar python at $AKHBAR_PYTHON" ;;
        75) meaning="skipped: the previous refresh still runs (lock $AKHBAR_LOCK)" ;;
        *) meaning="unexpected failure" ;;
    esac
    log "end exit=$code ($meaning) after $(( $(date +%s) - started ))s"
    exit "$code"
}

log "start config=$AKHBAR_CONFIG run-date=$RUN_DATE lock=$AKHBAR_LOCK (local time $(date +%FT%T%z))"
cd "$AKHBAR_HOME" || finish 69
[ -x "$AKHBAR_PYTHON" ] || finish 69
# flock -n: if the previous refresh still runs, skip this one (75) instead of piling up.
# With AKHBAR_INDEX_PREFIX the index update runs after a successful refresh; a failing
# index update ends with its own exit code (the partition is committed by then).
flock -n -E 75 "$AKHBAR_LOCK" bash -c '
    "$0" -m pipeline refresh --config "$1" --run-date "$2" --quiet "${@:3}" || exit
    if [ -n "${AKHBAR_INDEX_PREFIX:-}" ]; then
        "$0" -m pipeline index "$AKHBAR_INDEX_PREFIX" --quiet
    fi' "$AKHBAR_PYTHON" "$AKHBAR_CONFIG" "$RUN_DATE" "$@"
finish $?
