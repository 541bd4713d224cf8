import io
import logging

import pytest

from pipeline.summary import build_summary, format_table, install_log_masking, mask_secrets


def _counters(written=8, dead_total=3):
    return {
        "parse": {"total": 6, "items_delimited": 11, "articles": 10, "dropped_empty_file": 1},
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
    acc = summary["accounting"]
    assert acc["ok"] and acc["problems"] == []
    # The summary states what it checked, with the numbers.
    assert acc["items_in"] == 11  # 10 articles parsed + 1 parse dead letter
    assert ("items in 11 (articles parsed 10 + dead letters of read/parse 1) = articles "
            "written 8 (of which 2 flagged duplicates) + dead letters 3") in acc["equations"]
    assert "articles parsed 10 = articles written 8 + dead-lettered after parsing 2" \
        in acc["equations"]
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


def test_dead_letters_of_the_wrong_reason_are_a_mismatch():
    counters = _counters()
    counters["dead_letter"] = {"total": 3, "parse.empty_file": 2, "validate.schema_misfit": 1}
    acc = build_summary(counters, run={})["accounting"]
    assert not acc["ok"]
    assert any("reason empty_body" in p for p in acc["problems"])
    assert any("reason empty_file" in p for p in acc["problems"])


def test_items_lost_by_a_parser_are_a_mismatch():
    counters = _counters()
    # 13 items delimited (e.g. JSON lines), 11 came out: a parser stopped after an error
    # and the records after it are neither articles nor dead letters.
    counters["parse"]["items_delimited"] = 13
    acc = build_summary(counters, run={})["accounting"]
    assert not acc["ok"]
    assert acc["problems"] == ["items delimited before parsing (13) != items in (11): a "
                               "parser lost items"]
    assert "items delimited 13 (files, members and records counted before parsing) != " \
        "items in 11" in acc["equations"]


def test_a_vanished_file_is_a_mismatch():
    counters = _counters()
    counters["parse"]["total"] = 12  # more files than items: some file produced nothing
    acc = build_summary(counters, run={})["accounting"]
    assert not acc["ok"] and "a file vanished" in acc["problems"][0]
    assert "files read 12 > items in 11" in " ".join(acc["equations"])


def test_mask_secrets():
    assert mask_secrets("https://bob:hunter2@host/x") == "https://***:***@host/x"
    assert mask_secrets("gs://b/o?token=abc&x=1") == "gs://b/o?token=***&x=1"
    assert mask_secrets("gs://bucket/path/*.txt") == "gs://bucket/path/*.txt"


@pytest.mark.parametrize("text, secret", [
    ("Unparseable argument: --service_account_file=/keys/sa-key.json. Did you mean", "sa-key"),
    ("""Discarding unparseable args: ['--key_file=/k/a.json', '--credentials={"type": """
     """"service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEv\\n-----END """
     """PRIVATE KEY-----\\n", "client_email": "x@y"}']""", "MIIEv"),
    ("GOOGLE_APPLICATION_CREDENTIALS=/home/me/key.json akhbar run", "key.json"),
    ('{"private_key_id": "0123abcd", "private_key": "MIIEv"}', "0123abcd"),
    ("password: 'hunter 2'", "hunter"),
    ("api-key=XYZ123 and more", "XYZ123"),
])
def test_mask_secrets_in_options_and_key_json(text, secret):
    masked = mask_secrets(text)
    assert secret not in masked and "***" in masked


def test_mask_secrets_keeps_what_is_not_secret():
    for text in ("normalize.keep_tokens: false", "service_account_email: robot@p.iam",
                 "max_tokens=5 entities_PERS=3"):
        assert mask_secrets(text) == text


def test_log_records_are_masked(caplog):
    handler = logging.StreamHandler(io.StringIO())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        install_log_masking()
        logging.getLogger("apache_beam.options").warning(
            "Discarding unparseable args: %s", ["--service_account_file=/k/secret.json"])
    finally:
        root.removeHandler(handler)
    assert "secret.json" not in handler.stream.getvalue()
    assert "--service_account_file=***" in handler.stream.getvalue()
