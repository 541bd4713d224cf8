"""End to end on bad input: the CLI runs once over the generated bad corpus (on a
pseudo-terminal, multi-process DirectRunner, secrets in the runner options), and
everything is asserted from that run: every item has its expected outcome, the accounting
balances and says so, names are unambiguous, nothing secret is printed, the progress
line is redrawn. Two short runs cover strict mode and ``--quiet``/plain progress lines;
config and CLI errors exit 2 with one line and write nothing.
"""

from __future__ import annotations

import base64
import json
import os
import pty
import select
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from akhbar.formats import split_source_uri
from tests.badinput.corpus import FAIL_MARKER, build, table
from tests.conftest import REPO
from tests.helpers import read_avro, run_cli

pytestmark = pytest.mark.slow

STANDIN = Path(__file__).parent / "standin"
SECRETS = ("sa-key-9f3e1c.json", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "0b1e2d3c4f5a69788796a5b4",
           "hunter2-db-pass")
CONFIG = f"""
runner:
  name: DirectRunner
  options:
    direct_num_workers: 2
    service_account_file: /var/secrets/{SECRETS[0]}
    credentials: '{{"type": "service_account", "private_key_id": "{SECRETS[2]}",
      "private_key": "-----BEGIN PRIVATE KEY-----\\n{SECRETS[1]}\\n-----END PRIVATE KEY-----\\n",
      "client_email": "robot@example.iam.gserviceaccount.com"}}'
    db_password: correct horse {SECRETS[3]}
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The stand-in makes the dates extractor raise on FAIL_MARKER, in every process.
    env["PYTHONPATH"] = os.pathsep.join([str(STANDIN), str(REPO)])
    env.pop("COLUMNS", None)
    return env


def akhbar(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    return run_cli(*args, env=_env(), timeout=timeout)


def akhbar_on_terminal(*args: str, timeout: float = 240) -> tuple[int, str]:
    """Run the CLI with stdout and stderr on a pseudo-terminal; (exit code, output)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=_env(),
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the terminal's other side is closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            raise AssertionError("akhbar run timed out")
    finally:
        os.close(master)
    return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


class Run:
    def __init__(self, out: Path, code: int, output: str) -> None:
        self.out, self.code, self.output = out, code, output
        self.articles = read_avro(str(out / "articles-*.avro"))
        self.dead = read_avro(str(out / "dead_letter-*.avro"))
        summary = out / "summary.json"
        self.summary_text = summary.read_text(encoding="utf-8") if summary.exists() else ""
        self.summary = json.loads(self.summary_text) if self.summary_text else {}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("badinput")
    started = time.monotonic()
    expected = build(root)
    assert time.monotonic() - started < 20, "generating the bad corpus must stay quick"
    return root, expected


@pytest.fixture(scope="module")
def bad_run(corpus) -> Run:
    root, _ = corpus
    config = root / "secret-config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    out = root / "out"
    code, output = akhbar_on_terminal("run", "--config", str(config), "--input",
                                      str(root / "bad") + "/**", "--output", str(out))
    return Run(out, code, output)


def _observed(run: Run) -> dict[str, list[tuple]]:
    seen: dict[str, list[tuple]] = {}
    for a in run.articles:
        seen.setdefault(a["source_uri"], []).append(("article", None, None))
    for d in run.dead:
        seen.setdefault(d["source_uri"], []).append(("dead", d["step"], d["reason"]))
    return seen


def test_the_run_completes_and_balances(bad_run):
    assert bad_run.code == 0, bad_run.output[-3000:]
    acc = bad_run.summary["accounting"]
    assert acc["ok"], acc
    assert acc["items_in"] == len(bad_run.articles) + len(bad_run.dead)
    assert bad_run.summary["articles_written"] == len(bad_run.articles)
    assert bad_run.summary["dead_letters"]["total"] == len(bad_run.dead)
    by_reason = Counter(f"{d['step']}.{d['reason']}" for d in bad_run.dead)
    assert bad_run.summary["dead_letters"]["by_reason"] == dict(by_reason)
    # The summary and the printed table state the equations that were checked.
    items = [e for e in acc["equations"] if e.startswith("items in ")]
    assert items == [f"items in {acc['items_in']} (articles parsed "
                     f"{bad_run.summary['articles_read']} + dead letters of read/parse "
                     f"{len(bad_run.dead)}) = articles written {len(bad_run.articles)} (of "
                     f"which {bad_run.summary['duplicates_flagged']} flagged duplicates) + "
                     f"dead letters {len(bad_run.dead)}"]
    assert items[0] in bad_run.output


def test_every_item_has_its_expected_outcome(corpus, bad_run):
    _, expected = corpus
    seen = _observed(bad_run)
    wanted: dict[str, list[tuple]] = {}  # a uri twice: two members of the same name
    for e in expected:
        want = ("article", None, None) if e.outcome == "article" else ("dead", e.step, e.reason)
        wanted.setdefault(e.uri, []).append(want)
    wrong = []
    for e in expected:
        if e.uri in wanted:
            want, got = wanted.pop(e.uri), seen.pop(e.uri, [])
            if sorted(got, key=str) != sorted(want, key=str):
                wrong.append(f"{e.name!r} ({e.why}): expected {want}, got {got}")
    wrong += [f"unexpected item {uri!r}: {got}" for uri, got in seen.items()]
    assert not wrong, "\n".join(wrong) + "\n\n" + table(expected)
    ids = [a["id"] for a in bad_run.articles]
    assert len(set(ids)) == len(ids), "an article id is not unique"


def test_articles_keep_what_the_bad_input_allows(corpus, bad_run):
    _, expected = corpus
    by_uri = {a["source_uri"]: a for a in bad_run.articles}
    pairs: dict[str, list[dict]] = {}
    for e in expected:
        if e.outcome != "article":
            continue
        art = by_uri[e.uri]
        for key, value in e.checks.items():
            if key == "duplicate_pair":
                pairs.setdefault(value, []).append(art)
            elif key == "encoding_errors":
                assert art["metadata"].get("encoding_errors") == value, e.name
                text = [art["body"], art["title"] or "", *art["metadata"].values()]
                assert "\ufffd" in "".join(text), e.name
            elif key == "errors":
                assert [f"{x['step']}.{x['reason']}" for x in art["errors"]] == value, e.name
                assert "RuntimeError" in art["errors"][0]["message"]
                assert art["entities"], "the other extractor still ran"
            else:
                assert art[key] == value, (e.name, key, art[key])
    for name, arts in pairs.items():
        assert len(arts) == 2 and sorted(a["is_duplicate"] for a in arts) == [False, True], name
        first = next(a for a in arts if not a["is_duplicate"])
        assert next(a for a in arts if a["is_duplicate"])["duplicate_of"] == first["id"]
    assert sum(a["is_duplicate"] for a in bad_run.articles) == \
        bad_run.summary["duplicates_flagged"]
    # Only the stand-in's article carries an error; all others have none.
    assert [a["source_uri"] for a in bad_run.articles if a["errors"]] == \
        [e.uri for e in expected if e.name == "extractor_fails.txt"]
    assert bad_run.summary["extractor_failures"] == {"dates": {"extractor_error": 1}}


def test_source_uris_are_unambiguous(corpus, bad_run):
    root, _ = corpus
    base = str(root / "bad")
    uris = [r["source_uri"] for r in bad_run.articles + bad_run.dead]
    assert f"{base}/hash%23name.txt" in uris
    assert f"{base}/percent%2541%252F.txt" in uris  # a literal %41 is not an 'A'
    assert f"{base}/new%0Aline.txt" in uris
    assert f"{base}/tab%09and%7Fdel.txt" in uris
    assert f"{base}/question?.txt" in uris and f"{base}/خبر عربي.txt" in uris
    assert f"{base}/members.zip#a%23b.txt" in uris
    assert f"{base}/%CE%C8%D1 %DE%CF%ED%E3.txt" in uris  # a cp1256 name, byte by byte
    for uri in uris:
        path, *inner = split_source_uri(uri)
        assert os.path.lexists(path), uri  # the first part is always the real file
        assert all(part.isdigit() or "/" in part or "." in part for part in inner), uri
        assert "\n" not in uri and "\t" not in uri


def test_dead_letters_carry_a_bounded_snippet_and_a_message(bad_run):
    for d in bad_run.dead:
        assert d["message"] and len(d["message"]) <= 1000
        assert d["snippet"] is None or len(d["snippet"]) <= 300
        if d["snippet_base64"] is not None:
            assert d["snippet"] is None and len(base64.b64decode(d["snippet_base64"])) <= 300
    by_name = {Path(split_source_uri(d["source_uri"])[0]).name: d for d in bad_run.dead
               if "#" not in d["source_uri"]}
    assert by_name["random.bin"]["snippet_base64"]  # bytes that are not text: base64
    assert "headline" in by_name["headline_only.txt"]["message"]
    assert by_name["headline_only.txt"]["snippet"].startswith("وزير المالية")
    assert "209715200 bytes" in by_name["huge_200mb.txt"]["message"]
    assert "Too many levels of symbolic links" in by_name["loop_self"]["message"]
    assert "named pipe" in by_name["named_pipe"]["message"]


def test_no_secret_in_output_summary_or_records(bad_run):
    records = json.dumps(bad_run.articles + bad_run.dead, ensure_ascii=False, default=str)
    for secret in SECRETS:
        assert secret not in bad_run.output
        assert secret not in bad_run.summary_text
        assert secret not in records
    assert "service_account_file=***" in bad_run.output  # Beam's warning, masked


def test_progress_line_is_redrawn_on_a_terminal(bad_run):
    redraws = bad_run.output.count("\r\x1b[K")
    assert redraws >= 3, bad_run.output[:2000]
    final = bad_run.output.rsplit("\r\x1b[K", 1)[1].splitlines()[0]
    files = bad_run.summary["files_read"]
    assert f"files {files}/{files}" in final and f"articles {len(bad_run.articles)} " in final
    assert "articles/s" in final and "elapsed" in final
    assert "progress: " not in bad_run.output  # no plain log lines on a terminal


@pytest.fixture(scope="module")
def two_files(corpus):
    root, _ = corpus
    return [str(root / "bad" / "extractor_fails.txt"), str(root / "bad" / "good_0.txt")]


def test_strict_mode_dead_letters_the_article_and_logs_plain_progress(corpus, two_files):
    root, _ = corpus
    out = root / "strict"
    # The in-memory runner: no worker start-up (the multi-process run is the big one).
    proc = akhbar("run", "--input", *two_files, "--output", str(out), "--strict",
                  "--direct_running_mode=in_memory")
    run = Run(out, proc.returncode, proc.stdout + proc.stderr)
    assert run.code == 0, run.output[-3000:]
    assert [a["source_uri"] for a in run.articles] == [two_files[1]]
    [letter] = run.dead
    assert (letter["step"], letter["reason"]) == ("dates", "extractor_error")
    assert letter["source_uri"] == two_files[0] and letter["article_id"]
    assert FAIL_MARKER in letter["snippet"] and "RuntimeError" in letter["message"]
    assert run.summary["accounting"]["ok"]
    # Not a terminal: plain progress lines (at least the final one), never a redraw.
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("progress: ")]
    assert lines and lines[-1].endswith("(done)") and "files 2/2" in lines[-1]
    assert "\r" not in proc.stderr


def test_quiet_shows_neither_progress_nor_table(corpus, two_files, tmp_path):
    config = tmp_path / "fast.yaml"
    config.write_text("entities: {enabled: false}\ndates: {enabled: false}\n")
    out = tmp_path / "quiet"
    proc = akhbar("run", "--config", str(config), "--input", *two_files, "--output",
                  str(out), "--quiet", "--direct_running_mode=in_memory")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "progress" not in proc.stderr + proc.stdout
    assert "accounting" not in proc.stdout
    assert proc.stdout.strip().splitlines() == [f"output: {out}  (summary: {out}/summary.json)"]
    assert json.loads((out / "summary.json").read_text())["articles_written"] == 2


@pytest.mark.parametrize("setup, args, message", [
    ("bad_yaml", ["--config", "{cfg}"], "is not valid YAML: expected ',' or ']'"),
    ("unknown_key", ["--config", "{cfg}"], "unknown config key 'read.max_bytes'"),
    ("bad_value", ["--config", "{cfg}"], "config key 'read.max_file_bytes' must be positive"),
    ("none", ["--input", "{tmp}/nothing/*.txt"], "no input files match"),
    ("none", ["--runner", "NoSuchRunner"], "runner.name"),
    ("file_as_dir", ["--output", "{tmp}/a_file/out"], "is not writable"),
    ("earlier_run", [], "--overwrite"),
    # Nothing is touched before everything is checked, ReadOptions included.
    ("bad_codec", ["--config", "{cfg}", "--overwrite"], "read.encoding: unknown codec"),
    ("foreign_summary", ["--overwrite"], "was not written by akhbar"),
    ("none", ["--overwirte"], "did you mean --overwrite?"),
    ("none", ["--credentials", "correct horse battery"], "unknown flag '--credentials'"),
    ("only_output", ["--input", "{tmp}/out/*"], "only the output prefix's own files"),
])
def test_config_and_cli_errors_exit_2_with_one_line_and_write_nothing(
        two_files, tmp_path, capsys, setup, args, message):
    # In-process (the same main() as the command; a subprocess per case would cost ~5 s).
    from pipeline.cli import main

    out = tmp_path / "out"
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text({"bad_yaml": "read: [unclosed\n  format: json",
                    "unknown_key": "read:\n  max_bytes: 10\n",
                    "bad_value": "read:\n  max_file_bytes: -1\n",
                    "bad_codec": "read:\n  encoding: no-such-codec\n"}.get(setup, ""))
    (tmp_path / "a_file").write_text("not a directory")
    before = None
    if setup in ("earlier_run", "bad_codec", "foreign_summary", "only_output"):
        out.mkdir()
        summary = {"files_read": 2, "accounting": {"ok": True}}
        (out / "summary.json").write_text(
            '{"mine": 1}' if setup == "foreign_summary" else json.dumps(summary))
        (out / "articles-00000-of-00001.avro").write_bytes(b"Obj")
        before = {p.name: p.read_bytes() for p in out.iterdir()}
    args = [a.format(cfg=cfg, tmp=tmp_path) for a in args]
    if "--output" not in args:
        args += ["--output", str(out)]
    code = main(["run", "--input", *two_files, *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("akhbar: error: ")
    assert "battery" not in err
    if before is not None:
        assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    else:
        assert not out.exists() or not any(out.iterdir())
