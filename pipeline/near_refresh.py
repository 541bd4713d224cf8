"""Near duplicates across refreshes: what a refresh run adds to its config.

Every refresh run writes the near-duplicate index of its articles into its partition
(``near_index-*.avro``, committed with it), and checks its new articles against the
indexes of all committed partitions (``transforms.neardup.NearDuplicates``, ``prior``). An
index record is live while its input file is unchanged: the files this run replaces or
deletes, and those a later run replaced, are excluded per partition.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from akhbar.formats import source_uri
from pipeline import state as st
from transforms.neardup import INDEX_PREFIX


def near_run_config(cfg: Mapping[str, Any], state: st.State, plan: st.Plan) -> dict[str, Any]:
    """``cfg`` for the refresh run: ``dedup.near.index`` on and ``dedup.near.prior`` set to
    the committed partitions' indexes (internal keys, not user config). Unchanged when near
    duplicates are off."""
    out = copy.deepcopy(dict(cfg))
    near = out["dedup"]["near"]
    if not near["enabled"]:
        return out
    prefix = state.prefix.rstrip("/")  # the output prefix (the run's own is its staging)
    replaced = {e.uri for e in plan.changed} | set(plan.deleted)
    prior = []
    for run in sorted(state.runs, key=lambda r: r["seq"]):
        partition = st.join(prefix, f"dt={run['run_date']}", f"run={run['run_id']}")
        try:
            inputs = [item["uri"] for item in state.manifest_of(run["run_id"],
                                                                 run["run_date"])["inputs"]]
        except (OSError, ValueError, KeyError):
            continue  # a partition without a readable manifest: nothing to check against
        # as the index records them: escaped like the first part of a ``source_uri``
        exclude = sorted(source_uri(uri) for uri in inputs if uri in replaced
                         or state.files.get(uri, {}).get("run_id") != run["run_id"])
        prior.append({"pattern": st.join(partition, f"{INDEX_PREFIX}-*.avro"),
                      "exclude": exclude})
    near["index"] = True
    near["prior"] = prior
    return out
