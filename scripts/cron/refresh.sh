#!/usr/bin/env bash
# Nightly Akhbar refresh for cron (see docs/refresh.md).
#
#   AKHBAR_HOME    checkout of Akhbar with its .venv   (default: this script's repo)
#   AKHBAR_CONFIG  config file                         (default: scripts/cron/refresh.yaml)
#   AKHBAR_LOCK    lock file: one refresh at a time    (default: /tmp/akhbar-refresh.lock)
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
exec flock -n -E 75 "$AKHBAR_LOCK" \
    .venv/bin/python -m pipeline refresh --config "$AKHBAR_CONFIG" --run-date "$RUN_DATE" --quiet "$@"
