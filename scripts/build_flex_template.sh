#!/usr/bin/env bash
# Build the Akhbar image with Cloud Build, push it to Artifact Registry, and write the
# Flex Template spec (image + flex_template/metadata.json) to Cloud Storage.
# See docs/dataflow.md ("Flex Template").
#
# Required:
#   PROJECT      GCP project id
#   REGION       Artifact Registry / Dataflow region, e.g. europe-west1
#   BUCKET       bucket for the template spec (gs:// not included), e.g. my-akhbar-bucket
# Optional:
#   REPOSITORY   Artifact Registry Docker repository (default: akhbar; created if missing)
#   TAG          image tag                (default: the setup.py version + git commit)
#   TEMPLATE     gs:// path of the spec   (default: gs://BUCKET/templates/akhbar-TAG.json)
#   DRY_RUN=1    print the commands, run nothing
#
# Needs: gcloud (authenticated), run from the repository root. No local Docker: the image
# is built by Cloud Build from Dockerfile (.dockerignore keeps the context small).
set -euo pipefail
cd "$(dirname "$0")/.."

: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}" "${BUCKET:?set BUCKET}"
REPOSITORY="${REPOSITORY:-akhbar}"
version="$(sed -n 's/^VERSION = "\(.*\)"$/\1/p' setup.py)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo local)"
TAG="${TAG:-${version}-${commit}}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/${REPOSITORY}/akhbar:${TAG}"
TEMPLATE="${TEMPLATE:-gs://${BUCKET}/templates/akhbar-${TAG}.json}"

run() {
    if [[ -n "${DRY_RUN:-}" ]]; then printf '%q ' "$@"; echo; else "$@"; fi
}

if [[ -z "${DRY_RUN:-}" ]] && ! gcloud artifacts repositories describe "$REPOSITORY" \
        --project="$PROJECT" --location="$REGION" >/dev/null 2>&1; then
    run gcloud artifacts repositories create "$REPOSITORY" --project="$PROJECT" \
        --location="$REGION" --repository-format=docker \
        --description="Akhbar Dataflow images"
fi

# 1. The image: launcher and worker in one (Dockerfile).
run gcloud builds submit . --project="$PROJECT" --region="$REGION" --tag="$IMAGE" \
    --timeout=3600s

# 2. The template spec: the image, Python, and the parameters of flex_template/metadata.json.
run gcloud dataflow flex-template build "$TEMPLATE" --project="$PROJECT" \
    --image="$IMAGE" --sdk-language=PYTHON --metadata-file=flex_template/metadata.json

echo "image:    $IMAGE"
echo "template: $TEMPLATE"
echo "launch:   PROJECT=$PROJECT REGION=$REGION TEMPLATE=$TEMPLATE IMAGE=$IMAGE \\"
echo "          INPUT=gs://.../corpus/** OUTPUT=gs://.../runs/first scripts/launch_dataflow.sh"
