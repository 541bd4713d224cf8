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


def _main_module(_):
    import sys

    return sys.modules["__main__"].__spec__.name


@pytest.mark.slow
def test_local_workers_run_our_worker_module_and_still_compute(tmp_path):
    """The multi-processing runner starts ``pipeline.worker`` (a quick exit after Beam's
    harness) and the workers do the work as Beam's own would."""
    import apache_beam as beam
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.testing.util import assert_that, equal_to

    from pipeline.run import local_runner

    options = PipelineOptions(["--direct_running_mode=multi_processing",
                               "--direct_num_workers=2"])
    with beam.Pipeline(runner=local_runner(options), options=options) as p:
        numbers = p | beam.Create(range(100)) | beam.Reshuffle()
        assert_that(numbers | beam.Map(_main_module) | beam.Distinct(),
                    equal_to(["pipeline.worker"]), label="module")
        assert_that(numbers | beam.CombineGlobally(sum), equal_to([4950]), label="sum")
