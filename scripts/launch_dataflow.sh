#!/usr/bin/env bash
# Launch one Akhbar job from the Flex Template (scripts/build_flex_template.sh).
# See docs/dataflow.md for the cost-relevant knobs.
#
# Required:
#   PROJECT          GCP project id
#   REGION           Dataflow region (keep it the bucket's region: no cross-region egress)
#   TEMPLATE         gs:// path of the template spec (build_flex_template.sh prints it)
#   IMAGE            the template's image: workers run it as sdk_container_image, so they
#                    start without installing anything
#   OUTPUT           gs:// output prefix (articles-*.avro, dead_letter-*.avro, summary.json)
#   INPUT or CONFIG  gs:// input patterns (comma-separated), or a gs:// Akhbar YAML config
# Optional template parameters (flex_template/metadata.json):
#   COMMAND=run|refresh   OVERWRITE=true|false   STRICT=true|false   RUN_DATE=YYYY-MM-DD
# Optional job settings (cost and network):
#   JOB_NAME         (default: akhbar-YYYYmmdd-HHMMSS; must be unique among running jobs)
#   MAX_WORKERS      autoscaling cap: the hard bound on cost          (default 10)
#   NUM_WORKERS      workers at start                                 (default: Dataflow's)
#   MACHINE_TYPE     worker machine type                              (default n2-standard-4)
#   TEMP_LOCATION    gs:// temp location      (default: OUTPUT's bucket /dataflow/tmp)
#   STAGING_LOCATION gs:// staging location   (default: OUTPUT's bucket /dataflow/staging)
#   SERVICE_ACCOUNT  worker service account   (default: the Compute Engine default account)
#   NETWORK, SUBNETWORK   VPC for the workers (SUBNETWORK: regions/REGION/subnetworks/NAME)
#   PRIVATE_IPS=1    workers without public IPs (the subnet needs Private Google Access)
#   FLEXRS=1         FlexRS (COST_OPTIMIZED): cheaper, the start may be delayed up to 6 h
#   DRY_RUN=1        print the gcloud command, launch nothing
set -euo pipefail

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${TEMPLATE:?set TEMPLATE}"
: "${IMAGE:?set IMAGE}" "${OUTPUT:?set OUTPUT}"
if [[ -z "${INPUT:-}" && -z "${CONFIG:-}" ]]; then
    echo "set INPUT (gs:// patterns) or CONFIG (gs:// YAML)" >&2
    exit 2
fi
bucket="${OUTPUT#gs://}"
bucket="${bucket%%/*}"
JOB_NAME="${JOB_NAME:-akhbar-$(date -u +%Y%m%d-%H%M%S)}"
TEMP_LOCATION="${TEMP_LOCATION:-gs://${bucket}/dataflow/tmp}"
STAGING_LOCATION="${STAGING_LOCATION:-gs://${bucket}/dataflow/staging}"

# Template parameters, joined with "~" (gcloud's ^~^ syntax): input patterns may contain
# commas.
params=("output=${OUTPUT}" "sdk_container_image=${IMAGE}")
[[ -n "${INPUT:-}" ]] && params+=("input=${INPUT}")
[[ -n "${CONFIG:-}" ]] && params+=("config=${CONFIG}")
[[ -n "${COMMAND:-}" ]] && params+=("command=${COMMAND}")
[[ -n "${OVERWRITE:-}" ]] && params+=("overwrite=${OVERWRITE}")
[[ -n "${STRICT:-}" ]] && params+=("strict=${STRICT}")
[[ -n "${RUN_DATE:-}" ]] && params+=("run_date=${RUN_DATE}")
joined="$(IFS='~'; echo "${params[*]}")"

cmd=(gcloud dataflow flex-template run "$JOB_NAME"
     --project="$PROJECT" --region="$REGION"
     --template-file-gcs-location="$TEMPLATE"
     --temp-location="$TEMP_LOCATION" --staging-location="$STAGING_LOCATION"
     --max-workers="${MAX_WORKERS:-10}"
     --worker-machine-type="${MACHINE_TYPE:-n2-standard-4}"
     "--parameters=^~^${joined}")
[[ -n "${NUM_WORKERS:-}" ]] && cmd+=(--num-workers="$NUM_WORKERS")
[[ -n "${SERVICE_ACCOUNT:-}" ]] && cmd+=(--service-account-email="$SERVICE_ACCOUNT")
[[ -n "${NETWORK:-}" ]] && cmd+=(--network="$NETWORK")
[[ -n "${SUBNETWORK:-}" ]] && cmd+=(--subnetwork="$SUBNETWORK")
[[ -n "${PRIVATE_IPS:-}" ]] && cmd+=(--disable-public-ips)
[[ -n "${FLEXRS:-}" ]] && cmd+=(--flexrs-goal=COST_OPTIMIZED)

if [[ -n "${DRY_RUN:-}" ]]; then
    printf '%q ' "${cmd[@]}"; echo
    exit 0
fi
"${cmd[@]}"
echo "follow it: gcloud dataflow jobs list --project=$PROJECT --region=$REGION --filter=name=$JOB_NAME"
