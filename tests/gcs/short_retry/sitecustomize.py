"""Python imports this module at start-up in every process of one GCS test (the test puts
this directory first on PYTHONPATH, and Beam's workers inherit it). It shortens the
Cloud Storage clients' retry budget (google-cloud-storage's and Beam gcsio's, 120 s) to
``AKHBAR_TEST_GCS_RETRY_S`` seconds, so that a store that stopped answering is given up
after that time instead of two minutes. Only the length of the budget changes: what the
run does when it runs out is what the test checks."""

import os

_BUDGET = float(os.environ.get("AKHBAR_TEST_GCS_RETRY_S") or 0)

if _BUDGET:
    from apache_beam.io.gcp import gcsio_retry
    from google.cloud.storage import retry as storage_retry

    for _policy in (storage_retry.DEFAULT_RETRY, gcsio_retry.DEFAULT_RETRY_WITH_THROTTLING_COUNTER):
        # In place: the clients hold these objects (also as default arguments).
        _policy._timeout = _policy._deadline = _BUDGET
