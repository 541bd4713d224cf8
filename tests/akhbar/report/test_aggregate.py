"""CorpusStats over records built in the test."""

from __future__ import annotations

from akhbar.report.aggregate import CorpusStats, parse_value, source_of
from tests.akhbar.report.fixtures import article, sample_articles, sample_dead_letters, span


def stats_of(articles, dead=(), **kw) -> dict:
    stats = CorpusStats(**kw)
    stats.add_articles(iter(articles))  # a one-shot stream
    stats.add_dead_letters(iter(dead))
    return stats.to_dict()


def test_counts_per_day_source_category_and_missing_dates():
    s = stats_of(sample_articles(), sample_dead_letters())
    assert s["articles"] == 7 and s["dead_letters"] == 3
    assert s["published"]["by_day"] == {"2016-03-14": 2, "2016-03-15": 1, "2016-03-20": 1,
                                        "2019-01-07": 1, "2021-04-07": 1}
    assert s["published"]["missing"] == 1
    assert (s["published"]["first"], s["published"]["last"]) == ("2016-03-14", "2021-04-07")
    assert {r["key"]: r["count"] for r in s["sources"]} == \
        {"الأهرام": 3, "الصباح": 2, "الرأي": 1, "local/": 1}
    assert s["categories"][0] == {"key": "اقتصاد", "count": 5, "error": 0}
    assert {"key": "(none)", "count": 1, "error": 0} in s["categories"]


def test_entities_count_mentions_and_articles_by_normalized_form():
    s = stats_of(sample_articles())
    pers = {r["key"]: r for r in s["entities"]["top"]["PERS"]}
    # "سامي المنشاوي" and "المنشاوي" (normalized to the full name) in 3 copies.
    assert pers["سامي المنشاوي"]["mentions"] == 6 and pers["سامي المنشاوي"]["articles"] == 3
    assert pers["سامي المنشاوي"]["text"] == "سامي المنشاوي"
    assert s["entities"]["by_type"] == {"LOC": 10, "PERS": 7, "ORG": 2}
    assert s["entities"]["articles_with_entities"] == 5 and s["entities"]["exact"]
    assert list(s["entities"]["top"]) == ["PERS", "LOC", "ORG", "MISC"]


def test_dates_values_timeline_and_distance_from_publication():
    s = stats_of(sample_articles())["dates"]
    assert s["by_type"] == {"DATE": 8, "DURATION": 1, "SET": 1}
    assert s["unresolved"] == 1 and s["top_unresolved"][0]["text"] == "كل أسبوع"
    top = [(r["value"], r["count"], r["text"]) for r in s["top_values"][:3]]
    assert top == [("2016-03-05", 3, "الخامس من مارس 2016"), ("2016-03-13", 3, "أمس"),
                   ("2019-01", 1, "جانفي 2019")]
    assert s["referenced_years"] == {"2016": 6, "2019": 1, "2026": 1}
    assert s["referenced_months"] == {"2016-03": 6, "2019-01": 1}
    off = s["offset_from_published"]
    # أمس: -1 day (x2) and -2 days (the copy published a day later); 5 March: -9/-10 days.
    assert off["1-6 days before"] == 3 and off["1-4 weeks before"] == 3
    assert sum(off.values()) == 6


def test_datelines_duplicates_errors_dead_letters():
    s = stats_of(sample_articles(), sample_dead_letters())
    assert s["datelines"]["articles_with_dateline"] == 5
    assert {r["key"]: r["count"] for r in s["datelines"]["cities"]} == \
        {"القاهرة": 3, "تونس": 1, "عمان": 1}
    assert [r["key"] for r in s["datelines"]["agencies"]] == ["أ ف ب", "بترا"]
    dup = s["duplicates"]
    assert (dup["flagged"], dup["groups"]) == (2, 1)
    assert dup["top_groups"][0]["duplicate_of"] == "id001"
    assert dup["top_groups"][0]["copies"] == 2
    assert dup["top_groups"][0]["title"] == "مترو القاهرة الجديد"
    assert s["errors"] == {"entities.timeout": 1}
    assert s["dead_letters_by_reason"] == {"parse.empty_file": 2, "parse.undecodable": 1}
    assert s["dead_letter_examples"]["parse.undecodable"][0]["binary"] is True


def test_length_buckets_fill_up_to_the_longest():
    long_body = " ".join(["كلمة"] * 130)
    s = stats_of([article(1, "قصير جدا", published=None),
                  article(2, long_body, published=None)])
    assert s["length_words"] == {"0-49": 1, "50-99": 0, "100-199": 1}


def test_bounded_capacity_keeps_frequent_entities_and_marks_approximation():
    body = "الرئيس يزور المدينة"
    records = []
    for i in range(400):
        ents = [span(body, "المدينة", "entity", "LOC", normalized=f"مدينة{i}")]
        if i % 2 == 0:
            ents.append(span(body, "الرئيس", "entity", "PERS"))
            ents.append(span(body, "المدينة", "entity", "LOC", normalized="المدينة"))
        records.append(article(i, body, published="2020-01-01", entities=ents))
    s = stats_of(records, capacity=20)
    loc = s["entities"]["top"]["LOC"]
    assert loc[0]["key"] == "المدينة" and loc[0]["mentions"] >= 200
    assert not s["entities"]["exact"]
    assert s["entities"]["top"]["PERS"][0] == {"key": "الرئيس", "text": "الرئيس",
                                               "mentions": 200, "articles": 200, "error": 0}


def test_parse_value():
    assert parse_value("2017-10-16") == (2017, 10, 16)
    assert parse_value("2019-W03") == (2019, None, None)
    assert parse_value("2021-Q1") == (2021, None, None)
    assert parse_value("2016-13") == (2016, None, None)
    assert parse_value("P20Y") == (None, None, None)
    assert parse_value("199") == (None, None, None)
    assert parse_value("20171016") == (None, None, None)
    assert parse_value(None) == (None, None, None)


def test_source_falls_back_to_url_host_then_folder():
    assert source_of({"metadata": {"source": " الحياة "}}) == "الحياة"
    assert source_of({"metadata": {"url": "https://www.example.com/a/1"}}) == "example.com"
    assert source_of({"metadata": {}, "source_uri": "gs://b/alhayat/2015.zip#x.json#3"}) == \
        "alhayat/"
    assert source_of({"metadata": {}, "source_uri": "x.txt"}) == "(unknown)"


def test_fields_present_counts_articles_with_each_structure_field():
    arts = sample_articles()
    s = stats_of(arts)
    for name in ("title", "lead", "published", "dateline"):
        assert s["fields_present"].get(name, 0) == sum(1 for a in arts if a.get(name))
    assert s["fields_present"]["published"] == 6
