"""Graph assembly: the one place where the steps are wired together.

ReadArticles -> ParseArticles -> NormalizeArticles -> ExtractEntities -> ExtractDates
-> FlagDuplicates -> WriteArticles, and the dead letters of every step -> WriteDeadLetters;
for a refresh, then CommitRun (after both writes have finalized).

The two extractors are independent (each reads only the normalized fields and
writes only its own field), and they are chained inside one fused stage: no
article body is shuffled to merge their results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import apache_beam as beam

from akhbar.formats import ReadOptions
from akhbar.neardup import NearParams
from pipeline.outputs import InsideOutput, inside_output
from transforms import (
    ExtractDates,
    ExtractEntities,
    FlagDuplicates,
    NormalizeArticles,
    ParseArticles,
    WriteArticles,
    WriteDeadLetters,
)
from transforms.commit import CommitFn, CommitRun
from transforms.common import DEAD_LETTER, MAIN
from transforms.progress import ReportProgress
from transforms.read import Inputs, MatchArticles, ReadArticles
from transforms.write import WRITTEN


def outside(metadata, inside: InsideOutput) -> bool:  # noqa: ANN001 - Beam's FileMetadata
    """False for a matched file under the output prefix (see ``pipeline.outputs``)."""
    return not inside(metadata.path)


def build(p: beam.Pipeline, cfg: Mapping[str, Any], progress_dir: str | None = None,
          commit: CommitFn | None = None, inputs: Inputs | None = None,
          near_spill: str | None = None) -> None:
    """Add the whole Akhbar graph for ``cfg`` (a resolved config) to ``p``.

    ``inputs``: what to read (default: the files ``input.patterns`` match).
    ``progress_dir``: a local directory where workers report live counts (local runs).
    ``commit``: run by the pipeline once every write has finalized (``CommitRun``), with
    the per-file ledger of parsed items and the written files (``akhbar refresh``).
    ``near_spill``: a directory all workers share (local runs) where the duplicate pass
    leaves the near-duplicate records instead of shuffling them (``FlagDuplicates``).
    """
    prefix = cfg["output"]["prefix"]
    strict = cfg["errors"]["strict"]
    level = cfg["normalize"]["level"]
    dead_letters = []
    finalized = {}  # other writes the commit waits for (name -> their finalized files)

    read_cfg = dict(cfg["read"])
    rebalance = read_cfg.pop("rebalance")
    read_options = ReadOptions.from_config(read_cfg)

    # The files are listed once; each pass opens them behind its own Reshuffle. Files
    # under the output prefix (an earlier run, its report) are never input.
    if inputs is None:
        inputs = Inputs(patterns=cfg["input"]["patterns"])
    matched = (p
               | "MatchArticles" >> MatchArticles(inputs)
               | "SkipOwnOutput" >> beam.Filter(outside, inside_output(prefix)))
    files = matched | "ReadArticles" >> ReadArticles()
    to_parse = files
    if progress_dir:
        to_parse = files | "ProgressFiles" >> ReportProgress(progress_dir, "files", every=5)
    parsed = to_parse | "ParseArticles" >> ParseArticles(read_options, rebalance)
    dead_letters.append(parsed[DEAD_LETTER])

    normalized = parsed[MAIN] | "NormalizeArticles" >> NormalizeArticles(
        level, cfg["normalize"]["keep_tokens"])
    dead_letters.append(normalized[DEAD_LETTER])
    articles = normalized[MAIN]

    if cfg["entities"]["enabled"]:
        entities = articles | "ExtractEntities" >> ExtractEntities(
            cfg["entities"]["backend"], cfg["entities"]["model_path"], strict)
        dead_letters.append(entities[DEAD_LETTER])
        articles = entities[MAIN]
    if cfg["dates"]["enabled"]:
        dates = articles | "ExtractDates" >> ExtractDates(strict)
        dead_letters.append(dates[DEAD_LETTER])
        articles = dates[MAIN]

    near = cfg["dedup"]["near"]
    near_params = NearParams.from_config(near) if near["enabled"] else None
    if cfg["dedup"]["enabled"] or near_params:
        # The hash pass (which also makes the near-duplicate signatures) reads the same
        # listing behind its own Reshuffle. Fed from ``files`` it would be fused into the
        # main stage, the duplicates side inputs would then depend on that stage, and the
        # runner would have to hold every enriched article until they are ready (the
        # DirectRunner keeps them all in memory) before flagging them.
        hash_files = matched | "ReadForDedup" >> ReadArticles()
        flag = FlagDuplicates(read_options, level, cfg["dedup"]["enabled"], near_params,
                              # set by refresh only (pipeline.near_refresh), not config keys
                              near_index=prefix if near.get("index") else None,
                              near_prior=near.get("prior", ()), near_spill=near_spill)
        articles = {"files": hash_files, "articles": articles} | "FlagDuplicates" >> flag
        if flag.index_written is not None:
            finalized["near_index_written"] = flag.index_written

    if progress_dir:
        articles = articles | "ProgressArticles" >> ReportProgress(progress_dir, "articles")
    written = articles | "WriteArticles" >> WriteArticles(
        prefix, cfg["normalize"]["keep_normalized_body"])
    dead_letters.append(written[DEAD_LETTER])
    dead_written = (
        dead_letters
        | "CollectDeadLetters" >> beam.Flatten()
        | "WriteDeadLetters" >> WriteDeadLetters(prefix)
    )
    if commit is not None:
        _ = {"articles": parsed[MAIN], "rejected": parsed[DEAD_LETTER],
             "articles_written": written[WRITTEN], "dead_letters_written": dead_written,
             **finalized} | "CommitRun" >> CommitRun(commit)
