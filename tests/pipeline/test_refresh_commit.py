"""The refresh commit as a step of the pipeline (``CommitRun``), the accounting it checks,
run dates (backfills), and what a refresh tolerates in its prefix and in file names."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from pipeline import cli, graph
from pipeline import refresh as refresh_mod
from pipeline import state as st
from pipeline.config import ConfigError
from tests.helpers import read_avro
from tests.pipeline.refresh_helpers import (
    BEAM_ARGS,
    article_text,
    committed,
    do_refresh,
    make_cfg,
    manifest,
    partitions,
    state_json,
)
from tests.pipeline.test_refresh import assert_consistent, write_articles
from transforms.read import Inputs

os.environ.setdefault("NO_GCE_CHECK", "true")


@pytest.mark.slow
def test_the_pipeline_commits_by_itself_on_the_direct_runner(tmp_path: Path):
    """Plan as ``refresh`` does, build the job with its commit step, run it: once ``run()``
    has returned, the partition is committed and the state updated, although this driver
    does nothing after ``run()``."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(3))
    cfg = make_cfg([str(inputs / "*.txt")], str(out))
    state, plan, _ = refresh_mod.plan_refresh(cfg)
    ref = st.RunRef(state.next_seq, st.new_run_id(state.next_seq), "2026-12-05")
    staging = st.join(str(out), st.STAGING_DIR, f"run={ref.run_id}")
    pending = refresh_mod.pending_commit(cfg, state, plan, ref, staging, "test", False)
    uris = [e.uri for e in plan.to_process]
    job_cfg = {**cfg, "output": {**cfg["output"], "prefix": staging}}

    pending.stage()  # the planned manifest, next to the staged output: the job's input list
    pipe = beam.Pipeline(runner="DirectRunner", options=PipelineOptions(list(BEAM_ARGS)))
    graph.build(pipe, job_cfg, commit=pending,
                inputs=Inputs(listing=st.join(staging, refresh_mod.PENDING)))
    pipe.run().wait_until_finish()

    partition = ref.partition(str(out))
    assert committed(str(out)) == [partition]
    man = manifest(partition)
    assert man["run"]["run_id"] == ref.run_id and man["counts"]["articles_written"] == 3
    assert sorted(i["uri"] for i in man["inputs"]) == sorted(uris)
    assert man["accounting"]["ok"] and man["accounting"]["equations"]
    summary = json.loads((Path(partition) / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles_written"] == 3 and summary["files_read"] == 3
    assert [r["run_id"] for r in state_json(str(out))["runs"]] == [ref.run_id]
    assert not os.path.exists(staging)
    assert sorted(p.name for p in Path(partition).iterdir() if not p.name.endswith(".avro")) \
        == ["_MANIFEST.json", "_SUCCESS", "summary.json"]
    assert_consistent(str(out), 3)
    # and a refresh afterwards finds nothing to do
    assert do_refresh(cfg, "2026-12-05")["status"] == "up_to_date"


@pytest.mark.slow
def test_a_lost_article_is_refused_at_the_commit_and_exits_1(tmp_path: Path, monkeypatch,
                                                              capsys):
    """An article that vanishes between parsing and writing (with no dead letter) fails the
    job's ledger check: nothing committed, the state untouched, the staging kept with
    the reason, and ``akhbar refresh`` exits 1 as before."""
    from transforms import write

    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(3))
    real = write.ToRecordFn.process

    def lossy(self, article):
        if "رقم 1 " not in article.body:
            yield from real(self, article)

    monkeypatch.setattr(write.ToRecordFn, "process", lossy)
    code = cli.main(["refresh", "--input", str(inputs / "*.txt"), "--output", str(out),
                     "--run-date", "2026-12-05", "--quiet", *BEAM_ARGS])
    assert code == 1
    assert committed(str(out)) == [] and partitions(str(out)) == []
    assert state_json(str(out)) is None
    (staged,) = (out / "_staging").iterdir()
    refused = json.loads((staged / refresh_mod.REFUSED).read_text(encoding="utf-8"))
    assert "article-001.txt" in refused["accounting"]["problems"][0]
    monkeypatch.undo()
    again = do_refresh(make_cfg([str(inputs / "*.txt")], str(out)), "2026-12-05")
    assert again["status"] == "committed" and again["plan"]["new"] == 3
    assert not list((out / "_staging").iterdir())


@pytest.mark.slow
def test_an_earlier_run_date_needs_backfill_and_is_recorded(tmp_path: Path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(2))
    cfg = make_cfg([str(inputs / "*.txt")], str(out))
    first = do_refresh(cfg, "2026-12-05")
    assert manifest(first["partition"])["run"]["backfill"] is False
    write_articles(inputs, [2])
    with pytest.raises(ConfigError, match=r"before the last committed partition dt=2026-12-05"):
        do_refresh(cfg, "2026-12-01")
    assert len(committed(str(out))) == 1
    same_night = refresh_mod.check_run_date(st.State.load(str(out)), "2026-12-05", False)
    assert same_night is False  # a rerun of the last night is not a backfill
    (inputs / "article-002.txt").rename(tmp_path / "aside.txt")
    assert do_refresh(cfg, "2026-12-01")["status"] == "up_to_date"  # nothing to write: ok
    (tmp_path / "aside.txt").rename(inputs / "article-002.txt")
    back = refresh_mod.refresh(cfg, "2026-12-01", BEAM_ARGS, quiet=True, backfill=True)
    man = manifest(back["partition"])
    assert "dt=2026-12-01" in back["partition"] and man["run"]["backfill"] is True
    assert [Path(i["uri"]).name for i in man["inputs"]] == ["article-002.txt"]
    # the CLI: exit 2, one line, nothing written
    write_articles(inputs, [3])
    assert cli.main(["refresh", "--input", str(inputs / "*.txt"), "--output", str(out),
                     "--run-date", "2026-11-30", "--quiet", *BEAM_ARGS]) == 2
    assert len(committed(str(out))) == 2


def test_the_lock_held_exits_75(tmp_path: Path, capsys):
    inputs = tmp_path / "in"
    write_articles(inputs, [0])
    with st.refresh_lock(str(tmp_path / "out")):
        code = cli.main(["refresh", "--input", str(inputs / "*.txt"), "--output",
                         str(tmp_path / "out"), "--run-date", "2026-12-05", "--quiet"])
    assert code == refresh_mod.EXIT_TEMPFAIL == 75
    assert "another refresh is running" in capsys.readouterr().err


def test_stray_entries_named_dt_are_ignored_and_logged(tmp_path: Path, caplog):
    (tmp_path / "dt=README").write_text("not a partition", encoding="utf-8")
    (tmp_path / "dt=latest").mkdir()
    (tmp_path / "dt=2026-12-05").mkdir()
    (tmp_path / "dt=2026-12-05" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "dt=2026-12-05" / "run=000001-ab").mkdir()
    (tmp_path / "dt=2026-12-05" / "run=000001-ab" / "_SUCCESS").write_text("")
    (tmp_path / "dt=2026-12-05" / "run=000002-cd").mkdir()  # unfinished: an orphan
    with caplog.at_level(logging.WARNING, logger="akhbar.refresh"):
        found = st.orphans(str(tmp_path))
    assert found == [str(tmp_path / "dt=2026-12-05" / "run=000002-cd")]
    ignored = " ".join(r.getMessage() for r in caplog.records)
    for name in ("dt=README", "dt=latest", "notes.txt"):
        assert name in ignored
    assert [r.run_id for r in st.committed_runs(str(tmp_path))] == ["000001-ab"]
    assert (tmp_path / "dt=README").exists() and (tmp_path / "dt=latest").exists()


@pytest.mark.slow
def test_a_stray_dt_file_does_not_stop_a_refresh(tmp_path: Path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(2))
    out.mkdir()
    (out / "dt=README").write_text("see docs/refresh.md", encoding="utf-8")
    cfg = make_cfg([str(inputs / "*.txt")], str(out))
    assert do_refresh(cfg, "2026-12-05")["status"] == "committed"
    assert do_refresh(cfg, "2026-12-05")["status"] == "up_to_date"
    assert (out / "dt=README").read_text(encoding="utf-8") == "see docs/refresh.md"


CP1256_NAME = "خبر عاجل.txt".encode("cp1256")  # not valid UTF-8


def test_state_and_manifests_keep_a_file_name_that_is_not_utf8(tmp_path: Path, capsys):
    """The state side: such a name is listed, planned, printed, written to and read back
    from ``state.json`` and a manifest, byte for byte."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    raw = os.fsencode(inputs) + b"/" + CP1256_NAME
    with open(raw, "wb") as handle:
        handle.write(article_text(1).encode("utf-8"))
    name = os.fsdecode(raw)
    found = st.list_inputs([str(inputs / "*")], {})
    assert list(found) == [name]
    cfg = make_cfg([str(inputs / "*")], str(tmp_path / "out"))
    refresh_mod.dry_run(cfg, "2026-12-05")
    shown = "".join(f"\\x{b:02x}" for b in CP1256_NAME[:3])
    assert shown in capsys.readouterr().out  # shown as bytes, not a crash
    state = st.State(str(tmp_path / "out"))
    ref = st.RunRef(1, "000001-ab", "2026-12-05")
    man = {"run": {"run_id": ref.run_id, "seq": 1, "run_date": ref.run_date},
           "inputs": [{**st.as_dict(found[name]), "articles": ["a"], "dead_letters": 0}],
           "deleted": [], "config_hash": "sha256:x"}
    staging = tmp_path / "out" / "_staging" / "run=000001-ab"
    staging.mkdir(parents=True)
    st.commit(str(tmp_path / "out"), str(staging), ref, man, [])
    state.fold(man)
    state.save()
    text = (tmp_path / "out" / "_state" / "state.json").read_bytes().decode("utf-8")  # strict
    assert f"\\udc{CP1256_NAME[0]:02x}" in text
    again = st.State.load(str(tmp_path / "out"))
    assert os.fsencode(next(iter(again.files))) == raw
    assert st.make_plan(st.list_inputs([str(inputs / "*")], again.files), again.files).empty
    loaded = st.read_json(st.join(ref.partition(str(tmp_path / "out")), st.MANIFEST))
    assert os.fsencode(loaded["inputs"][0]["uri"]) == raw


@pytest.mark.slow
def test_a_refresh_over_a_file_name_that_is_not_utf8(tmp_path: Path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, [0])
    with open(os.fsencode(inputs) + b"/" + CP1256_NAME, "wb") as handle:
        handle.write(article_text(1).encode("utf-8"))
    cfg = make_cfg([str(inputs / "*")], str(out))
    first = do_refresh(cfg, "2026-12-05")
    assert first["status"] == "committed"
    assert manifest(first["partition"])["counts"]["articles_written"] == 2
    assert do_refresh(cfg, "2026-12-06")["status"] == "up_to_date"


@pytest.mark.slow
def test_a_planned_file_gone_before_the_job_reads_it_is_a_dead_letter(tmp_path: Path,
                                                                      monkeypatch):
    """The job reads the planned files as listed, without matching them again: one deleted
    between the plan and the read is a ``read.unreadable`` dead letter, and the commit
    balances it like any other item."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    paths = write_articles(inputs, range(3))
    cfg = make_cfg([str(inputs / "*.txt")], str(out))
    real_run = refresh_mod.run_pipeline

    def run_after_a_deletion(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        paths[1].unlink()
        return real_run(*args, **kw)

    monkeypatch.setattr(refresh_mod, "run_pipeline", run_after_a_deletion)
    outcome = do_refresh(cfg, "2026-12-05")
    assert outcome["status"] == "committed"
    counts = outcome["manifest"]["counts"]
    assert (counts["files_processed"], counts["articles_written"], counts["dead_letters"]) \
        == (3, 2, 1)
    letters = read_avro(st.join(outcome["partition"], "dead_letter-*"))
    assert [(lt["source_uri"], lt["step"], lt["reason"]) for lt in letters] == [
        (str(paths[1]), "read", "unreadable")]
    assert outcome["manifest"]["accounting"]["ok"]
