from pipeline.summary import build_summary, format_table, mask_secrets


def _counters(written=8, dead_total=3):
    return {
        "parse": {"total": 6, "articles": 10, "dropped_empty_file": 1},
        "normalize": {"total": 10, "dropped_empty_body": 1},
        "entities": {"total": 9, "entities_PERS": 4, "failed_extractor_error": 1},
        "dates": {"total": 9, "dates_DATE": 7},
        "write": {"total": 9, "written": written, "dropped_schema_misfit": 1,
                  "written_duplicate": 2},
        "dead_letter": {"total": dead_total, "parse.empty_file": 1, "normalize.empty_body": 1,
                        "validate.schema_misfit": 1},
    }


def test_balanced_accounting():
    summary = build_summary(_counters(), run={"wall_time_seconds": 1.0})
    assert summary["accounting"] == {"ok": True, "problems": []}
    assert summary["articles_written"] == 8
    assert summary["duplicates_flagged"] == 2
    assert summary["entities"] == {"PERS": 4}
    assert summary["extractor_failures"] == {"entities": {"extractor_error": 1}}
    assert "accounting" in format_table(summary)


def test_lost_article_is_a_mismatch():
    summary = build_summary(_counters(written=7), run={})
    assert not summary["accounting"]["ok"]
    assert "articles read (10)" in summary["accounting"]["problems"][0]


def test_lost_dead_letter_is_a_mismatch():
    summary = build_summary(_counters(dead_total=2), run={})
    assert not summary["accounting"]["ok"]
    assert "dead letters written (2)" in summary["accounting"]["problems"][0]


def test_mask_secrets():
    assert mask_secrets("https://bob:hunter2@host/x") == "https://***:***@host/x"
    assert mask_secrets("gs://b/o?token=abc&x=1") == "gs://b/o?token=***&x=1"
    assert mask_secrets("gs://bucket/path/*.txt") == "gs://bucket/path/*.txt"
