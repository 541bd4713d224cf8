#!/usr/bin/env bash
# Nightly Akhbar refresh for cron (see docs/refresh.md).
#
#   AKHBAR_HOME    checkout of Akhbar with its .venv   (default: this script's repo)
#   AKHBAR_CONFIG  config file                         (default: scripts/cron/refresh.yaml)
#   AKHBAR_LOCK    lock file: one refresh at a time    (default: /tmp/akhbar-refresh.lock)
#   AKHBAR_INDEX_PREFIX  if set: update the corpus index of this prefix after the refresh
#   extra arguments are passed to `akhbar refresh` (e.g. --output, --direct_num_workers=2)
#
# The partition date is today in UTC, computed here and passed explicitly, so the log
# shows it and a re-run of the same night (`RUN_DATE=2024-05-01 refresh.sh`) can pin it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AKHBAR_HOME="${AKHBAR_HOME:-$(cd "$here/../.." && pwd)}"
AKHBAR_CONFIG="${AKHBAR_CONFIG:-scripts/cron/refresh.yaml}"
AKHBAR_LOCK="${AKHBAR_LOCK:-/tmp/akhbar-refresh.lock}"
RUN_DATE="${RUN_DATE:-$(date -u +%F)}"

cd "$AKHBAR_HOME"
echo "$(date -u +%FT%TZ) akhbar refresh: config=$AKHBAR_CONFIG run-date=$RUN_DATE"
# flock -n: if last night's refresh still runs, skip this one (exit 75) instead of piling up.
# With AKHBAR_INDEX_PREFIX (the refresh's output prefix), the corpus index is updated after a
# successful refresh, under the same lock (see docs/index.md).
exec flock -n -E 75 "$AKHBAR_LOCK" bash -c '
    .venv/bin/python -m pipeline refresh --config "$0" --run-date "$1" --quiet "${@:2}" &&
    if [ -n "${AKHBAR_INDEX_PREFIX:-}" ]; then
        .venv/bin/python -m pipeline index "$AKHBAR_INDEX_PREFIX" --quiet
    fi' "$AKHBAR_CONFIG" "$RUN_DATE" "$@"
