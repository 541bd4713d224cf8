"""``akhbar refresh`` on local disk: planning units, then whole refreshes on tiny corpora
(in-process, in-memory DirectRunner), a refresh killed mid-run and failures at the commit."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as hyp

from akhbar.formats import source_uri, split_source_uri
from pipeline import config as config_mod
from pipeline import refresh as refresh_mod
from pipeline import state as st
from pipeline.config import ConfigError
from pipeline.run import RunFailed, run_pipeline
from tests.conftest import REPO
from tests.pipeline.refresh_helpers import (
    BEAM_ARGS,
    article_text,
    check_partition_matches_manifest,
    committed,
    do_refresh,
    make_cfg,
    manifest,
    partitions,
    read_avro,
    state_json,
    view_ids,
)
from transforms.commit import ARTICLE

os.environ.setdefault("NO_GCE_CHECK", "true")


def write_articles(directory: Path, numbers, version: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in numbers:
        path = directory / f"article-{n:03d}.txt"
        path.write_text(article_text(n, version), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- planning (no Beam run)


def test_plan_classifies_new_changed_deleted_and_unchanged():
    known = {"a": {"size": 3, "checksum": "x", "mtime": 1.0},
             "b": {"size": 3, "checksum": "y", "mtime": 1.0},
             "c": {"size": 3, "checksum": "z", "mtime": 1.0}}
    current = {"a": st.FileEntry("a", 3, "x", 2.0),       # touched, same content
               "b": st.FileEntry("b", 3, "y2", 2.0),      # same size, new content
               "d": st.FileEntry("d", 5, "w", 2.0)}
    plan = st.make_plan(current, known)
    assert [e.uri for e in plan.new] == ["d"]
    assert [e.uri for e in plan.changed] == ["b"]
    assert plan.deleted == ["c"]
    assert plan.unchanged == 1
    assert [e.uri for e in plan.to_process] == ["b", "d"]
    assert not plan.empty
    assert st.make_plan({"a": current["a"]}, {"a": known["a"]}).empty


def test_checksum_is_reused_only_while_size_and_mtime_match(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("one", encoding="utf-8")
    first = st.list_inputs([str(tmp_path / "*.txt")], {})[str(path)]
    assert first.checksum.startswith("sha256:") and first.size == 3
    known = {str(path): {"size": first.size, "checksum": "sha256:cached", "mtime": first.mtime}}
    assert st.list_inputs([str(tmp_path / "*.txt")], known)[str(path)].checksum == "sha256:cached"
    assert st.list_inputs([str(tmp_path / "*.txt")], known, rehash=True)[str(path)].checksum \
        == first.checksum
    path.write_text("two", encoding="utf-8")            # same size, new content and mtime
    os.utime(path, (first.mtime + 5, first.mtime + 5))
    again = st.list_inputs([str(tmp_path / "*.txt")], known)[str(path)]
    assert again.checksum not in ("sha256:cached", first.checksum)


def test_touching_a_file_does_not_make_it_changed(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("same", encoding="utf-8")
    entry = st.list_inputs([str(path)], {})[str(path)]
    known = {str(path): {"size": entry.size, "checksum": entry.checksum, "mtime": entry.mtime}}
    os.utime(path, (entry.mtime + 100, entry.mtime + 100))
    current = st.list_inputs([str(path)], known)
    assert st.make_plan(current, known).empty


def test_listing_skips_directories_and_the_output_prefix_and_rejects_empty_patterns(
        tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "b.txt").write_text("b", encoding="utf-8")
    found = st.list_inputs([str(tmp_path / "*"), str(tmp_path / "out" / "*")], {},
                           exclude_prefix=str(tmp_path / "out"))
    assert list(found) == [str(tmp_path / "a.txt")]
    with pytest.raises(ConfigError, match="no input files match"):
        st.list_inputs([str(tmp_path / "missing-*.txt")], {})


def test_the_job_reads_the_planned_files_from_the_staged_plan(tmp_path: Path, monkeypatch):
    """The refresh hands the job its planned files as the staged plan (read by the job, not
    carried in its graph): exactly the new and changed files, glob characters and all."""
    from transforms.read import read_listing

    inputs, out = tmp_path / "in", str(tmp_path / "out")
    write_articles(inputs, range(3))
    (inputs / "news [2024] *final?.txt").write_text(article_text(7), encoding="utf-8")
    cfg = make_cfg([str(inputs / "*")], out)
    seen = {}

    def fake_run(run_cfg, beam_args, **kw):  # noqa: ANN001, ANN202
        seen.update(kw, listed=sorted(m.path for m in read_listing(kw["listing"])))
        return {"dry_run": True}

    monkeypatch.setattr(refresh_mod, "run_pipeline", fake_run)
    assert do_refresh(cfg)["status"] == "dry_run"
    planned = sorted(str(p) for p in inputs.iterdir())
    assert seen["listed"] == sorted(seen["files"]) == planned
    assert seen["listing"].endswith("/" + refresh_mod.PENDING)


def test_run_date_comes_from_cli_config_or_today_in_utc():
    cfg = config_mod.resolve({"refresh": {"run_date": "2024-02-29"}})
    assert refresh_mod.resolve_run_date(cfg, from_cli=True) == ("2024-02-29", "--run-date")
    assert refresh_mod.resolve_run_date(cfg)[1] == "config refresh.run_date"
    today = datetime.date(2030, 1, 2)
    date, source = refresh_mod.resolve_run_date(config_mod.resolve({}), today=today)
    assert date == "2030-01-02" and "today in UTC" in source
    # YAML hands an unquoted date over as datetime.date
    assert config_mod.resolve({"refresh": {"run_date": datetime.date(2024, 3, 1)}})[
        "refresh"]["run_date"] == "2024-03-01"
    for bad in ("2024-02-30", "20240301", "yesterday", 5):
        with pytest.raises(ConfigError, match="refresh.run_date"):
            config_mod.resolve({"refresh": {"run_date": bad}})


def test_config_hash_ignores_io_and_runner_but_not_processing():
    base = config_mod.resolve({"input": {"patterns": ["a"]}, "output": {"prefix": "o"}})
    moved = config_mod.resolve({"input": {"patterns": ["b"]}, "output": {"prefix": "p"},
                                "runner": {"name": "DataflowRunner"}})
    other = config_mod.resolve({"normalize": {"level": "aggressive"}})
    assert refresh_mod.config_hash(base) == refresh_mod.config_hash(moved)
    assert refresh_mod.config_hash(base) != refresh_mod.config_hash(other)


def test_article_source_uris_map_back_to_their_input_file():
    weird = "/d/b#50%.txt"
    undecodable = os.fsdecode(b"/d/\xe1\xcf\xc8 \xc7\xe1\xc3\xce\xc8\xc7\xd1.txt")  # cp1256
    for path in ("/d/a.zip", weird, undecodable):
        for inner in ((), ("2015.json", "17"), ("3",)):
            assert split_source_uri(source_uri(path, *inner))[0] == refresh_mod.uri_key(path)


@given(hyp.lists(hyp.binary(min_size=1, max_size=12), min_size=2, max_size=6, unique=True))
def test_distinct_file_names_never_share_a_key(names):
    """Any bytes a file name may hold (not only UTF-8): the records of two input files
    are never attributed to the same one."""
    paths = ["/d/" + os.fsdecode(n.replace(b"\0", b"\1").replace(b"/", b"_")) for n in names]
    paths = list(dict.fromkeys(paths))
    assert len({refresh_mod.uri_key(p) for p in paths}) == len(paths)


def test_check_ledger_finds_an_item_missing_from_the_written_files():
    index = refresh_mod.Index()
    index.articles["/d/a.txt"] = ["id1"]
    index.dead["/d/b.txt"] = 1
    ledger = {("/d/a.txt", ARTICLE): 2, ("/d/b.txt", "rejected"): 1}
    result = refresh_mod.check_ledger(ledger, index, ["/d/a.txt", "/d/b.txt"])
    assert not result["ok"] and "1 input files are not accounted for" in result["problems"][0]
    ledger[("/d/a.txt", ARTICLE)] = 1
    assert refresh_mod.check_ledger(ledger, index, ["/d/a.txt", "/d/b.txt"])["ok"]
    silent = refresh_mod.check_ledger(ledger, index, ["/d/a.txt", "/d/b.txt", "/d/c.txt"])
    assert not silent["ok"] and "produced no item" in silent["problems"][0]


def test_orphans_are_staged_runs_and_partitions_without_success(tmp_path: Path):
    prefix = str(tmp_path)
    (tmp_path / "_staging" / "run=000002-aa").mkdir(parents=True)
    (tmp_path / "dt=2024-01-01" / "run=000001-bb").mkdir(parents=True)
    (tmp_path / "dt=2024-01-01" / "run=000001-bb" / "_SUCCESS").write_text("")
    (tmp_path / "dt=2024-01-02" / "run=000002-cc").mkdir(parents=True)
    found = st.orphans(prefix)
    assert found == sorted([str(tmp_path / "_staging" / "run=000002-aa"),
                            str(tmp_path / "dt=2024-01-02" / "run=000002-cc")])
    assert [r.run_id for r in st.committed_runs(prefix)] == ["000001-bb"]


def test_local_lock_refuses_a_second_refresh(tmp_path: Path):
    with st.refresh_lock(str(tmp_path)):
        with pytest.raises(FileExistsError, match="another refresh"):
            with st.refresh_lock(str(tmp_path)):
                pass
    with st.refresh_lock(str(tmp_path)):  # released
        pass


# ---------------------------------------------------------------- whole refreshes


def assert_consistent(prefix: str, n_articles: int) -> Counter:
    """No partial partition, manifests match the Avro, and the consumer view (latest
    version of every file) holds ``n_articles`` articles, each once."""
    assert partitions(prefix) == committed(prefix)
    for part in committed(prefix):
        check_partition_matches_manifest(part)
    view = view_ids(prefix)
    assert Counter(view.values()) == Counter({1: n_articles}), view
    return view


def assert_same_as_full_run(prefix: str, input_dir: Path, tmp_path: Path) -> None:
    """The consumer view is exactly what a full `run` over the current inputs gives."""
    view = view_ids(prefix)
    full = tmp_path / "full"
    cfg = make_cfg([str(input_dir / "*")], str(full))
    run_pipeline(cfg, BEAM_ARGS, quiet=True)
    assert set(view) == {a["id"] for a in read_avro(str(full / "articles-*"))}


@pytest.mark.slow
def test_refresh_sequence_on_local_disk(tmp_path: Path, capsys):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(4))
    cfg = make_cfg([str(inputs / "*.txt")], str(out))

    # 1. first refresh processes everything
    first = do_refresh(cfg, "2024-05-01")
    assert first["status"] == "committed"
    assert first["plan"] == {"new": 4, "changed": 0, "deleted": 0, "unchanged": 0}
    part1 = first["partition"]
    assert part1.startswith(str(out / "dt=2024-05-01" / "run=000001-"))
    man1 = manifest(part1)
    assert man1["counts"]["files_processed"] == 4 and man1["counts"]["articles_written"] == 4
    assert {i["uri"] for i in man1["inputs"]} == {str(p) for p in inputs.glob("*.txt")}
    assert all(len(i["articles"]) == 1 and i["checksum"].startswith("sha256:")
               for i in man1["inputs"])
    assert man1["config_hash"].startswith("sha256:") and man1["code_version"]["akhbar"]
    assert man1["accounting"]["ok"]
    assert (Path(part1) / "summary.json").is_file()
    assert not list((out / "_staging").iterdir())
    state1 = state_json(str(out))
    assert len(state1["files"]) == 4 and [r["seq"] for r in state1["runs"]] == [1]

    # 2. nothing new: nothing processed, no partition, state untouched
    capsys.readouterr()
    second = do_refresh(cfg, "2024-05-01")
    assert second["status"] == "up_to_date" and second["plan"]["unchanged"] == 4
    assert "nothing to do" in capsys.readouterr().out
    assert committed(str(out)) == [part1] and state_json(str(out)) == state1

    # 3. three new files: exactly those three
    write_articles(inputs, range(4, 7))
    third = do_refresh(cfg, "2024-05-02")
    assert third["plan"] == {"new": 3, "changed": 0, "deleted": 0, "unchanged": 4}
    man3 = manifest(third["partition"])
    assert sorted(Path(i["uri"]).name for i in man3["inputs"]) == [
        "article-004.txt", "article-005.txt", "article-006.txt"]
    assert man3["counts"]["articles_written"] == 3

    # 4. one file changed (and one deleted), same date as before: only it is reprocessed
    old_ids = next(i["articles"] for i in man1["inputs"] if i["uri"].endswith("article-001.txt"))
    write_articles(inputs, [1], version=1)
    (inputs / "article-002.txt").unlink()
    fourth = do_refresh(cfg, "2024-05-02")
    assert fourth["plan"] == {"new": 0, "changed": 1, "deleted": 1, "unchanged": 5}
    man4 = manifest(fourth["partition"])
    assert [Path(i["uri"]).name for i in man4["inputs"]] == ["article-001.txt"]
    changed = man4["inputs"][0]
    assert changed["status"] == "changed"
    assert changed["supersedes"]["articles"] == old_ids
    assert changed["supersedes"]["run_id"] == man1["run"]["run_id"]
    assert set(changed["articles"]).isdisjoint(old_ids)
    assert [Path(d["uri"]).name for d in man4["deleted"]] == ["article-002.txt"]
    assert len(man4["deleted"][0]["previous"]["articles"]) == 1
    assert man4["counts"]["articles_superseded"] == 1
    assert man4["counts"]["articles_retracted"] == 1
    assert len(committed(str(out))) == 3
    assert len([p for p in committed(str(out)) if "dt=2024-05-02" in p]) == 2

    # ... and a dry run now lists nothing; after a new file it lists exactly that file
    capsys.readouterr()
    assert refresh_mod.dry_run(cfg, "2024-05-03")["plan"]["new"] == []
    write_articles(inputs, [9])
    planned = refresh_mod.dry_run(cfg, "2024-05-03")
    assert [Path(u).name for u in planned["plan"]["new"]] == ["article-009.txt"]
    assert "article-009.txt" in capsys.readouterr().out
    assert len(committed(str(out))) == 3          # the dry run wrote nothing
    (inputs / "article-009.txt").unlink()

    # 5. a deletion alone: recorded in a partition of its own, no pipeline run
    gone = next(i for i in man3["inputs"] if i["uri"].endswith("article-005.txt"))
    (inputs / "article-005.txt").unlink()
    fifth = do_refresh(cfg, "2024-05-03")
    assert fifth["plan"] == {"new": 0, "changed": 0, "deleted": 1, "unchanged": 5}
    man5 = manifest(fifth["partition"])
    assert man5["inputs"] == [] and man5["counts"]["articles_written"] == 0
    assert man5["deleted"][0]["previous"]["articles"] == gone["articles"]
    assert str(inputs / "article-005.txt") not in state_json(str(out))["files"]

    assert_consistent(str(out), 5)
    assert_same_as_full_run(str(out), inputs, tmp_path)


@pytest.mark.slow
def test_failed_commit_leaves_nothing_visible_and_the_next_refresh_redoes_it(
        tmp_path: Path, monkeypatch):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(3))
    cfg = make_cfg([str(inputs / "*.txt")], str(out))
    do_refresh(cfg)
    state_before = state_json(str(out))
    write_articles(inputs, range(3, 6))

    real_rename = os.rename

    def failing_rename(src, dst):  # only the commit's rename of the staged run
        if str(src).rstrip("/").split("/")[-2:-1] == ["_staging"]:
            raise OSError("disk went away")
        return real_rename(src, dst)

    monkeypatch.setattr(st.os, "rename", failing_rename)
    with pytest.raises(RunFailed, match="disk went away"):  # the job's commit step failed
        do_refresh(cfg)
    monkeypatch.undo()
    assert len(committed(str(out))) == 1 and partitions(str(out)) == committed(str(out))
    assert state_json(str(out)) == state_before
    assert list((out / "_staging").iterdir())      # the staged attempt is still there ...

    again = do_refresh(cfg)
    assert again["plan"] == {"new": 3, "changed": 0, "deleted": 0, "unchanged": 3}
    assert manifest(again["partition"])["counts"]["articles_written"] == 3
    assert not list((out / "_staging").iterdir())  # ... and cleaned by the next refresh
    assert_consistent(str(out), 6)


@pytest.mark.slow
def test_crash_after_the_commit_point_is_recovered_without_duplicates(
        tmp_path: Path, monkeypatch):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(3))
    cfg = make_cfg([str(inputs / "*.txt")], str(out))

    def crash(self):
        raise OSError("killed before the state was saved")

    monkeypatch.setattr(st.State, "save", crash)
    with pytest.raises(RunFailed, match="killed before the state was saved"):
        do_refresh(cfg)
    monkeypatch.undo()
    assert len(committed(str(out))) == 1 and state_json(str(out)) is None

    again = do_refresh(cfg)                         # folds the committed run in
    assert again["status"] == "up_to_date"
    assert [r["seq"] for r in state_json(str(out))["runs"]] == [1]
    assert len(state_json(str(out))["files"]) == 3
    assert len(committed(str(out))) == 1
    assert_consistent(str(out), 3)


def _wait_for(predicate, timeout: float, proc: subprocess.Popen) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


@pytest.mark.slow
def test_refresh_killed_mid_run_leaves_no_partition_and_the_next_completes(tmp_path: Path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    write_articles(inputs, range(5))
    argv = [sys.executable, "-m", "pipeline", "refresh", "--input", str(inputs / "*.txt"),
            "--output", str(out), "--run-date", "2024-06-01", "--quiet", *BEAM_ARGS]
    env = {**os.environ, "NO_GCE_CHECK": "true"}
    proc = subprocess.Popen(argv, cwd=REPO, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    staging = out / "_staging"

    def writing() -> bool:  # Beam has started writing the Avro files of the run
        return any(p.name.startswith("beam-temp-") for p in staging.glob("run=*/*"))

    try:
        started = _wait_for(writing, 120, proc)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    assert started, f"refresh ended before it could be killed: {proc.stderr.read()[-2000:]}"
    assert committed(str(out)) == [] and partitions(str(out)) == []
    assert state_json(str(out)) is None
    assert list(staging.iterdir())

    cfg = make_cfg([str(inputs / "*.txt")], str(out))
    again = do_refresh(cfg, "2024-06-01")
    assert again["plan"] == {"new": 5, "changed": 0, "deleted": 0, "unchanged": 0}
    assert manifest(again["partition"])["counts"]["articles_written"] == 5
    assert not list(staging.iterdir())
    assert_consistent(str(out), 5)
    assert do_refresh(cfg, "2024-06-01")["status"] == "up_to_date"
