#!/usr/bin/env bash
# Create (or update) a Cloud Scheduler job that launches the Akhbar Flex Template every
# night in refresh mode. See docs/refresh.md.
#
# Required:
#   PROJECT          GCP project id
#   REGION           region of the Dataflow job and of the scheduler job, e.g. europe-west1
#   TEMPLATE         gs:// path of the Flex Template spec (flex_template build output)
#   CONFIG           gs:// path of the Akhbar config (input patterns, runner.options)
#   OUTPUT           gs:// output prefix: the dt=/run= partitions and _state/ live there
#   SERVICE_ACCOUNT  service account the scheduler calls the Dataflow API as
#                    (needs roles/dataflow.developer and to act as the worker account)
# Optional:
#   JOB_NAME         scheduler job and Dataflow job name      (default akhbar-refresh)
#   SCHEDULE         cron schedule, UTC                       (default "15 2 * * *")
#   TEMP_LOCATION    gs:// temp location of the Dataflow job  (default OUTPUT/_tmp)
#   WORKER_SA        service account of the Dataflow workers  (default: project default)
#   MAX_WORKERS      autoscaling cap                          (default 10)
#   DRY_RUN=1        print the gcloud command and the request body, change nothing
#
# The partition date is not passed: the template's refresh defaults it to the day of the
# run in UTC and logs it (Cloud Scheduler cannot template dates into the body). To redo a
# given night, launch the template by hand with the extra parameter run_date=YYYY-MM-DD.
set -euo pipefail

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${TEMPLATE:?set TEMPLATE}"
: "${CONFIG:?set CONFIG}" "${OUTPUT:?set OUTPUT}" "${SERVICE_ACCOUNT:?set SERVICE_ACCOUNT}"
JOB_NAME="${JOB_NAME:-akhbar-refresh}"
SCHEDULE="${SCHEDULE:-15 2 * * *}"
TEMP_LOCATION="${TEMP_LOCATION:-${OUTPUT%/}/_tmp}"
MAX_WORKERS="${MAX_WORKERS:-10}"

body="$(mktemp)"
trap 'rm -f "$body"' EXIT
export JOB_NAME TEMPLATE CONFIG OUTPUT TEMP_LOCATION MAX_WORKERS
WORKER_SA="${WORKER_SA:-}" python3 - "$body" <<'PY'
import json, os, sys
env = os.environ
environment = {"tempLocation": env["TEMP_LOCATION"], "maxWorkers": int(env["MAX_WORKERS"])}
if env.get("WORKER_SA"):
    environment["serviceAccountEmail"] = env["WORKER_SA"]
body = {"launchParameter": {
    "jobName": env["JOB_NAME"],
    "containerSpecGcsPath": env["TEMPLATE"],
    # command=refresh: the template runs `akhbar refresh` instead of `akhbar run`
    "parameters": {"command": "refresh", "config": env["CONFIG"], "output": env["OUTPUT"]},
    "environment": environment,
}}
with open(sys.argv[1], "w") as handle:
    json.dump(body, handle, indent=2)
PY

uri="https://dataflow.googleapis.com/v1b3/projects/${PROJECT}/locations/${REGION}/flexTemplates:launch"
action=create
headers_flag=--headers
if [[ -z "${DRY_RUN:-}" ]] && gcloud scheduler jobs describe "$JOB_NAME" \
        --project="$PROJECT" --location="$REGION" >/dev/null 2>&1; then
    action=update
    headers_flag=--update-headers
fi
cmd=(gcloud scheduler jobs "$action" http "$JOB_NAME"
     --project="$PROJECT" --location="$REGION"
     --schedule="$SCHEDULE" --time-zone="Etc/UTC"
     --uri="$uri" --http-method=POST
     "$headers_flag"="Content-Type=application/json"
     --oauth-service-account-email="$SERVICE_ACCOUNT"
     --oauth-token-scope="https://www.googleapis.com/auth/cloud-platform"
     --message-body-from-file="$body"
     --attempt-deadline=180s)

if [[ -n "${DRY_RUN:-}" ]]; then
    printf '%q ' "${cmd[@]}"; echo
    cat "$body"
    exit 0
fi
"${cmd[@]}"
echo "scheduled $JOB_NAME ($SCHEDULE UTC): run now with"
echo "  gcloud scheduler jobs run $JOB_NAME --project=$PROJECT --location=$REGION"
