"""End to end: the CLI runs the sample corpus on the multi-process DirectRunner,
and what it wrote is read back with fastavro and checked against summary.json."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from pipeline import cli
from tests.conftest import REPO
from tests.helpers import read_avro, run_cli

pytestmark = pytest.mark.slow


def akhbar(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = run_cli(*args, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"akhbar {args} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return proc


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("run") / "out"
    proc = akhbar("run", "--config", "configs/local.yaml", "--output", str(out),
                  "--direct_num_workers=2")
    return out, proc


def test_run_writes_articles_dead_letters_and_a_matching_summary(sample_run):
    out, proc = sample_run
    articles = read_avro(str(out / "articles-*.avro"))
    dead = read_avro(str(out / "dead_letter-*.avro"))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))

    corpus_files = len(list((REPO / "sample" / "corpus").glob("*.txt")))
    broken_files = len(list((REPO / "sample" / "broken").iterdir()))
    assert len(articles) == summary["articles_written"]
    assert len(dead) == summary["dead_letters"]["total"]
    assert summary["accounting"]["ok"], summary["accounting"]
    assert summary["files_read"] == corpus_files + broken_files
    assert len(articles) + len(dead) == summary["files_read"]
    assert len(articles) >= 20
    assert {Path(d["source_uri"]).parent.name for d in dead} == {"broken"}
    assert sum(a["is_duplicate"] for a in articles) == summary["duplicates_flagged"] >= 1
    assert sum(len(a["entities"]) for a in articles) == sum(summary["entities"].values())
    assert sum(len(a["dates"]) for a in articles) == sum(summary["dates"].values())
    assert "output:" in proc.stdout and "accounting" in proc.stdout


def test_record_offsets_index_the_original_fields(sample_run):
    out, _ = sample_run
    articles = read_avro(str(out / "articles-*.avro"))
    spans = 0
    for art in articles:
        for span in art["entities"] + art["dates"]:
            assert art[span["field"]][span["start"]:span["end"]] == span["text"]
            spans += 1
    assert spans > 50
    assert len({a["id"] for a in articles}) == len(articles)


def test_ids_are_stable_across_runs(sample_run, tmp_path: Path):
    """Another run, in another running mode and over only a few of the same files, gives
    their articles the same ids: an id depends on the file and the article, not on the run
    or on the other files."""
    out, _ = sample_run
    again = tmp_path / "again"
    some = sorted((REPO / "sample" / "corpus").glob("*.txt"))[2:6]
    # named as configs/local.yaml names them (relative to the repository, the cwd)
    akhbar("run", "--input", *(str(p.relative_to(REPO)) for p in some), "--output",
           str(again), "--direct_running_mode=in_memory")
    first = {Path(a["source_uri"]).name: a["id"] for a in read_avro(str(out / "articles-*.avro"))}
    second = {Path(a["source_uri"]).name: a["id"]
              for a in read_avro(str(again / "articles-*.avro"))}
    assert len(second) == len(some)
    assert second == {uri: first[uri] for uri in second}


def test_inspect_prints_readable_json_lines(sample_run, capsys):
    out, _ = sample_run
    assert cli.main(["inspect", str(out), "--limit", "3"]) == 0  # in-process: no start-up
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    record = json.loads(lines[0])
    assert record["body"] and "\\u06" not in lines[0]


def test_existing_output_needs_overwrite(sample_run, capsys, monkeypatch):
    out, _ = sample_run
    before = sorted(p.name for p in out.iterdir())
    monkeypatch.chdir(REPO)
    assert cli.main(["run", "--config", "configs/local.yaml", "--output", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == before


@pytest.mark.parametrize("args, message", [
    (["--input", "no/such/dir/*.txt"], "no input files match"),
    (["--runner", "NoSuchRunner"], "runner.name"),
])
def test_bad_invocations_fail_with_one_clear_message(tmp_path: Path, args, message):
    out = tmp_path / "o"
    proc = akhbar("run", "--config", "configs/local.yaml", "--output", str(out), *args,
                  check=False)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_overwrite_inside_the_input_tree_replaces_only_its_own_files(tmp_path: Path):
    """One run over a directory (expanded recursively) whose output prefix lies inside it
    and holds an earlier run, its report and a user's files: the run reads none of them,
    --overwrite deletes only what Akhbar wrote, and the new summary lists its outputs."""
    from tests.akhbar.report.fixtures import write_prefix

    news = tmp_path / "news"
    (news / "more").mkdir(parents=True)
    sources = sorted((REPO / "sample" / "corpus").glob("*.txt"))[:4]
    for i, src in enumerate(sources):
        (news / ("more" if i % 2 else "") / src.name).write_bytes(src.read_bytes())
    out = write_prefix(news / "out")  # an earlier run: 2 + 1 shards and summary.json
    (out / "report.html").write_text("<footer><code>akhbar report</code></footer>")
    user = {"articles-notmine.txt": "mine", "notes.md": "mine too"}
    for name, text in user.items():
        (out / name).write_text(text)
    proc = akhbar("run", "--input", str(news), "--output", str(out), "--overwrite",
                  "--direct_num_workers=1")
    assert "is a directory: reading every file under it" in proc.stderr
    assert "skipping 7 file(s) under the output prefix" in proc.stderr  # 3 + 4
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["files_read"] == len(sources) and summary["accounting"]["ok"]
    articles = read_avro(str(out / "articles-*.avro"))
    assert sorted(Path(a["source_uri"]).name for a in articles) == [s.name for s in sources]
    assert {n: (out / n).read_text() for n in user} == user
    assert not (out / "report.html").exists()
    shards = sorted(p.name for p in out.glob("*.avro"))
    assert shards == summary["outputs"] and shards
