"""dedup.near in the config, --no-near-duplicates, the graph and the summary block."""

from __future__ import annotations

import argparse

import apache_beam as beam
import pytest

from akhbar.neardup import NearParams
from pipeline import config as config_mod
from pipeline.config import ConfigError
from pipeline.graph import build
from pipeline.run import add_run_arguments, config_overrides
from pipeline.summary import build_summary, format_table


def test_defaults_are_the_algorithm_defaults():
    cfg = config_mod.resolve()
    assert cfg["dedup"]["near"]["enabled"] is True
    assert NearParams.from_config(cfg["dedup"]["near"]) == NearParams()


def test_an_integer_threshold_is_a_float_and_inconsistent_bands_are_refused():
    cfg = config_mod.resolve({"dedup": {"near": {"threshold": 1}}})
    assert cfg["dedup"]["near"]["threshold"] == 1.0
    with pytest.raises(ConfigError, match="dedup.near"):
        config_mod.resolve({"dedup": {"near": {"bands": 30, "rows": 8}}})
    with pytest.raises(ConfigError, match="dedup.near.shingle"):
        config_mod.resolve({"dedup": {"near": {"shingle": 0}}})
    with pytest.raises(ConfigError, match="dedup.near.threshold"):
        config_mod.resolve({"dedup": {"near": {"threshold": "high"}}})


def _args(argv):
    parser = argparse.ArgumentParser()
    add_run_arguments(parser)
    return parser.parse_args(argv)


def test_no_near_duplicates_flag():
    assert "dedup" not in config_overrides(_args([]))
    cfg = config_mod.resolve({}, config_overrides(_args(["--no-near-duplicates"])))
    assert cfg["dedup"]["near"]["enabled"] is False
    assert cfg["dedup"]["near"]["shingle"] == 5  # the rest of the section stays


def _labels(cfg) -> set[str]:
    p = beam.Pipeline()
    build(p, cfg)
    proto = p.to_runner_api()
    return {t.unique_name for t in proto.components.transforms.values()}


@pytest.mark.parametrize("exact, near", [(True, True), (True, False), (False, True),
                                         (False, False)])
def test_graph_has_the_steps_switched_on(tmp_path, exact, near):
    cfg = config_mod.resolve({"input": {"patterns": [str(tmp_path / "*.txt")]},
                              "output": {"prefix": str(tmp_path / "out")},
                              "dedup": {"enabled": exact, "near": {"enabled": near}}})
    labels = _labels(cfg)
    assert any(label.endswith("NearDuplicates") for label in labels) == near
    assert any(label.endswith("GroupByHash") for label in labels) == (exact or near)
    assert any(label.endswith("HashBodies") for label in labels) == (exact or near)


def test_summary_counts_near_duplicates():
    counters = {"parse": {"total": 3, "articles": 3, "items_delimited": 3}, "write": {
        "total": 3, "written": 3, "written_near_duplicate": 2},
        "neardup": {"clusters": 1, "clustered_articles": 3, "cross_source_clusters": 1,
                    "candidate_pairs": 3, "verified_pairs": 3}}
    summary = build_summary(counters, run={})
    assert summary["near_duplicates"]["flagged"] == 2
    assert summary["near_duplicates"]["clusters"] == 1
    assert summary["near_duplicates"]["cross_source_clusters"] == 1
    assert summary["near_duplicates"]["skipped_oversize_buckets"] == 0
    assert "near duplicates (flagged)" in format_table(summary)
    assert summary["accounting"]["ok"]


def test_inspect_header_names_the_representative():
    from pipeline.inspect_avro import _header

    head = _header({"id": "a1", "near_duplicate_of": "r0", "near_duplicate_similarity": 0.912},
                   color=False)
    assert "near duplicate of r0 (J 0.91)" in head
    assert "near duplicate" not in _header({"id": "a1"}, color=False)
