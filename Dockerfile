# One image for the Dataflow Flex Template launcher AND the Dataflow workers
# (sdk_container_image): Akhbar and every dependency are installed once, at build time,
# so workers start without installing anything and run exactly what the launcher ran.
#
# Build it with scripts/build_flex_template.sh (Cloud Build; no local Docker needed).
# BEAM_VERSION must equal BEAM_VERSION in setup.py (tests/pipeline/test_dataflow_flex.py
# checks it): the SDK in the image, the SDK that builds the job and the workers' SDK harness
# must be one version.
ARG BEAM_VERSION=2.77.0
# The Flex Template launcher binary; pin a dated tag for reproducible builds.
ARG LAUNCHER_IMAGE=gcr.io/dataflow-templates-base/python311-template-launcher-base:latest

FROM ${LAUNCHER_IMAGE} AS launcher

FROM apache/beam_python3.11_sdk:${BEAM_VERSION}

COPY --from=launcher /opt/google/dataflow/python_template_launcher \
     /opt/google/dataflow/python_template_launcher

ARG WORKDIR=/template
WORKDIR ${WORKDIR}

COPY setup.py MANIFEST.in README.md pyproject.toml ./
COPY akhbar akhbar
COPY pipeline pipeline
COPY transforms transforms
COPY configs configs

# The CPU build of torch (camel-tools needs it); apache-beam[gcp] is already in the base
# image at the pinned version, so pip keeps it.
RUN pip install --no-cache-dir --extra-index-url https://download.pytorch.org/whl/cpu . \
    && pip check \
    && python -c "import akhbar.schema, pipeline.graph, transforms; print('akhbar OK')"

# The Flex Template launcher runs this file with the template parameters.
ENV FLEX_TEMPLATE_PYTHON_PY_FILE=${WORKDIR}/pipeline/flex_launcher.py
# Akhbar is installed in the image: no FLEX_TEMPLATE_PYTHON_SETUP_FILE or
# REQUIREMENTS_FILE, nothing is installed at launch.

# As a worker image, the Beam SDK harness boots.
ENTRYPOINT ["/opt/apache/beam/boot"]
