import pytest
from apache_beam.options.pipeline_options import DirectOptions, StandardOptions

from pipeline import config
from pipeline.options import option_flags, pipeline_options


def test_direct_runner_defaults_to_multi_processing_on_all_cores():
    opts = pipeline_options(config.resolve())
    direct = opts.view_as(DirectOptions)
    assert direct.direct_running_mode == "multi_processing"
    assert direct.direct_num_workers == 0
    assert opts.view_as(StandardOptions).runner == "DirectRunner"


def test_config_options_and_command_line_flags():
    cfg = config.resolve({"runner": {"options": {"direct_running_mode": "in_memory"}}})
    opts = pipeline_options(cfg, ["--direct_num_workers=3"])
    direct = opts.view_as(DirectOptions)
    assert direct.direct_running_mode == "in_memory"
    assert direct.direct_num_workers == 3


def test_flag_rendering():
    flags = option_flags("DataflowRunner", {"region": "europe-west1", "use_public_ips": False,
                                            "experiments": ["a", "b"], "skip": None})
    assert flags == ["--runner=DataflowRunner", "--region=europe-west1", "--no_use_public_ips",
                     "--experiments=a", "--experiments=b"]


def test_in_memory_without_a_worker_count_means_one_worker():
    opts = pipeline_options(config.resolve(), ["--direct_running_mode=in_memory"])
    assert opts.view_as(DirectOptions).direct_num_workers == 1
    opts = pipeline_options(config.resolve(), ["--direct_running_mode=in_memory",
                                               "--direct_num_workers=3"])
    assert opts.view_as(DirectOptions).direct_num_workers == 3


@pytest.mark.parametrize("flags, expected", [
    (["--runner=DirectRunner", "--direct_running_mode=multi_processing"], "LocalRunner"),
    (["--runner=DirectRunner", "--direct_running_mode=in_memory"], None),
    (["--runner=DirectRunner", "--direct_running_mode=multi_processing", "--streaming"], None),
    (["--runner=DataflowRunner"], None),
])
def test_local_runner_skips_the_prism_attempt_only_for_multi_processing(flags, expected):
    from apache_beam.options.pipeline_options import PipelineOptions

    from pipeline.run import local_runner

    runner = local_runner(PipelineOptions(flags))
    assert (type(runner).__name__ if runner is not None else None) == expected


def _whereabouts(_, pid_dir: str):
    """(main module, parent pid) of the worker this runs in; its pid left in ``pid_dir``."""
    import os
    import sys

    open(os.path.join(pid_dir, str(os.getpid())), "w").close()
    spec = sys.modules["__main__"].__spec__
    return (spec.name if spec else None, os.getppid())


def _run_two_workers(pid_dir: str, expected: str) -> None:
    """A 2-worker local run where every worker says how it was started."""
    import os

    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.util import assert_that, equal_to

    from pipeline.run import local_runner

    driver = os.getpid()
    options = PipelineOptions(["--direct_running_mode=multi_processing",
                               "--direct_num_workers=2"])
    with beam.Pipeline(runner=local_runner(options), options=options) as p:
        numbers = p | beam.Create(range(100)) | beam.Reshuffle()
        where = (numbers | beam.Map(_whereabouts, pid_dir)
                 | beam.Map(lambda w: "forked" if w[1] == driver and w[0] != "pipeline.worker"
                            else w[0]) | beam.Distinct())
        assert_that(where, equal_to([expected]), label="module")
        assert_that(numbers | beam.CombineGlobally(sum), equal_to([4950]), label="sum")


@pytest.mark.slow
@pytest.mark.parametrize("forked", [True, False])
def test_local_workers_are_forked_or_run_our_worker_module_and_still_compute(
        tmp_path, monkeypatch, forked):
    """A fresh process forks its workers from the driver; with ``AKHBAR_FORK_WORKERS=0``
    (or where forking is not safe, as in this pytest process once a pipeline ran) they
    are started as ``pipeline.worker`` (a quick exit after Beam's harness). Either way
    they do the work as Beam's own would, and none outlives the run."""
    import os

    from pipeline.worker import POOL_ENV
    from tests.helpers import run_probe

    pid_dir = tmp_path / "pids"
    pid_dir.mkdir()
    if forked:  # in a fresh interpreter: no thread, no gRPC yet
        code = ("import sys; from tests.pipeline.test_options import _run_two_workers; "
                "_run_two_workers(sys.argv[1], 'forked')")
        run_probe(code, str(pid_dir), env={"AKHBAR_FORK_WORKERS": "1"}, timeout=240)
    else:
        monkeypatch.setenv("AKHBAR_FORK_WORKERS", "0")
        _run_two_workers(str(pid_dir), "pipeline.worker")
    pids = [int(name) for name in os.listdir(pid_dir)]
    assert len(pids) == 2 and os.getpid() not in pids
    for pid in pids:  # gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert POOL_ENV not in os.environ


def test_forked_workers_nobody_claims_are_killed_and_reaped(monkeypatch):
    import os

    from pipeline import worker

    monkeypatch.setenv("AKHBAR_FORK_WORKERS", "1")
    monkeypatch.delenv(worker.POOL_ENV, raising=False)
    # they only wait and are killed: safe to fork here whatever this process ran before
    monkeypatch.setattr(worker, "fork_safe", lambda: True)
    with worker.ForkedWorkers(2) as pool:
        assert len(pool.pids) == 2
        assert os.environ[worker.POOL_ENV] == pool.dir
        assert sorted(n for n in os.listdir(pool.dir) if n.endswith(".free")) == [
            "0.free", "1.free"]
        for pid in pool.pids:
            os.kill(pid, 0)  # alive, waiting
        with worker.ForkedWorkers(2) as inner:  # one pool at a time
            assert inner.pids == []
    assert worker.POOL_ENV not in os.environ and not os.path.exists(pool.dir)
    for pid in pool.pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already
    assert worker._attach(pool.dir) is None  # no pool: the process runs the harness itself


def test_a_claimed_worker_reports_its_exit_code_to_the_claimant(monkeypatch):
    """The claimant hands over its environment and gets the worker's exit code: here the
    harness fails at once (no pipeline options in that environment), so 1."""
    import os

    from pipeline import worker

    monkeypatch.setenv("AKHBAR_FORK_WORKERS", "1")
    monkeypatch.delenv(worker.POOL_ENV, raising=False)
    monkeypatch.delenv("PIPELINE_OPTIONS", raising=False)
    monkeypatch.setattr(worker, "fork_safe", lambda: True)
    with worker.ForkedWorkers(1) as pool:
        assert worker._attach(pool.dir) == 1
        assert os.listdir(pool.dir).count("0.taken") == 1
        assert worker._attach(pool.dir) is None  # the only one is taken
    with pytest.raises(ChildProcessError):
        os.waitpid(pool.pids[0], os.WNOHANG)


def test_forked_workers_ignore_a_default_socket_timeout(monkeypatch, capfd):
    """Beam's GCS credentials set a 60 s default socket timeout in the driver; a worker
    must still wait to be claimed, and its watchdog and its claimant wait for the whole
    run, however long (here: a default of 0.2 s, a claim after 0.5 s, a 1 s harness)."""
    import os
    import socket
    import time

    from pipeline import worker

    monkeypatch.setenv("AKHBAR_FORK_WORKERS", "1")
    monkeypatch.delenv(worker.POOL_ENV, raising=False)
    monkeypatch.setattr(worker, "fork_safe", lambda: True)
    monkeypatch.setattr(worker, "_run_harness", lambda argv: time.sleep(1.0))
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(0.2)
    try:
        with worker.ForkedWorkers(1) as pool:
            time.sleep(0.5)
            assert worker._attach(pool.dir) == 0
    finally:
        socket.setdefaulttimeout(previous)
    with pytest.raises(ChildProcessError):
        os.waitpid(pool.pids[0], os.WNOHANG)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "TimeoutError" not in err, err


def test_forking_is_not_safe_while_another_thread_runs():
    import threading

    from pipeline.worker import fork_safe

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert fork_safe() is False
    finally:
        stop.set()
        thread.join()


def test_no_forked_workers_when_turned_off(monkeypatch):
    from pipeline.worker import POOL_ENV, ForkedWorkers

    monkeypatch.setenv("AKHBAR_FORK_WORKERS", "0")
    with ForkedWorkers(2) as pool:
        assert pool.pids == [] and pool.dir is None
        assert POOL_ENV not in __import__("os").environ
