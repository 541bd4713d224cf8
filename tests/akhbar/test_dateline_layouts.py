"""Dateline and publication-date layouts from unseen corpora (issue #22): city + numeric
date + agency, an outlet with a spaced date, counter lines, a dated headline."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akhbar.article import Article
from akhbar.dateline import find_dateline, is_counter_line
from akhbar.formats import parse_file
from akhbar.published import find_date
from tests.helpers import load_script

CITIES = ["لندن", "رام الله", "القاهرة", "الرياض", "بيروت", "تونس", "عمان", "الدار البيضاء"]
AGENCIES = ["وفا", "واس", "رويترز", "أ ف ب", "قنا", "سانا"]
BODY = "أعلن مسؤولون اليوم أن المفاوضات بين الطرفين ستستأنف الأسبوع المقبل."


def _script(name: str):
    return load_script(name)


def _article(text: str) -> Article:
    items = [a for a in parse_file("x.txt", io.BytesIO(text.encode("utf-8")))
             if isinstance(a, Article)]
    assert len(items) == 1
    return items[0]


@given(city=st.sampled_from(CITIES), agency=st.sampled_from(AGENCIES),
       day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1995, 2025),
       sep=st.sampled_from(["-", "/", "."]), bracket=st.booleans())
@settings(max_examples=60, deadline=None)
def test_city_numeric_date_agency(city, agency, day, month, year, sep, bracket):
    date = f"{day}{sep}{month}{sep}{year}"
    shown = f"({agency})" if bracket else agency
    found = find_dateline(f"{city} {date} {shown}- {BODY}")
    assert found is not None
    assert (found["city"], found["agency"]) == (city, agency)
    assert found["raw"].startswith(city) and found["raw"].endswith(shown)


@pytest.mark.parametrize("date,iso", [("7-4 - 2012", "2012-04-07"), ("7 - 4 - 2012", "2012-04-07"),
                                      ("23 /7/ 2012", "2012-07-23")])
def test_spaced_numeric_dates(date, iso):
    assert find_date(f"صحيفة بلا قيود {date}").iso == iso
    found = find_dateline(f"صحيفة بلا قيود {date}\n{BODY}")
    assert (found["agency"], found["city"]) == ("صحيفة بلا قيود", None)


def test_outlet_name_does_not_take_a_number():
    found = find_dateline(f"صحيفة بلا قيود 7\n{BODY}")
    assert found is None or found["agency"] != "صحيفة بلا قيود 7"


@pytest.mark.parametrize("line,counter", [
    ("تم قراءة الموضوع 0 مرة", True), ("عدد القراءات: 12", True), ("1520 مشاهدة", True),
    ("التعليقات 3", True), ("لندن - أعلن الوزير أمس", False),
    ("قتل 12 شخصا في انفجار مرة أخرى أمس قرب السوق المركزي في المدينة", False),
])
def test_counter_lines(line, counter):
    assert is_counter_line(line) is counter


@pytest.mark.parametrize("counters", [1, 2])
def test_dateline_below_counter_lines(counters):
    head = "تم قراءة الموضوع 0 مرة\n" * counters
    text = f"{head}لندن 23-7-2012 وفا- {BODY}"
    found = find_dateline(text)
    assert found is not None and (found["city"], found["agency"]) == ("لندن", "وفا")
    assert text[found["start"]:found["end"]] == found["raw"]


def test_dated_headline_is_not_the_publication_date():
    art = _article(f"في ذكرى ثورة 14 تموز 1958\n\nبغداد - {BODY}\n")
    assert art.title == "في ذكرى ثورة 14 تموز 1958" and art.published is None
    assert "1958-07-14" in art.metadata["published_note"]


def test_dated_headline_then_date_line():
    art = _article(f"في ذكرى ثورة 14 تموز 1958\nالاثنين 23-7-2012\n\nبغداد - {BODY}\n")
    assert art.title.startswith("في ذكرى") and art.published == "2012-07-23"
    assert "published_note" not in art.metadata


def test_date_line_below_a_counter_line():
    art = _article(f"الحكومة تقر خطة\nتم قراءة الموضوع 0 مرة\nالاثنين 23-7-2012\n\nلندن - {BODY}\n")
    assert art.published == "2012-07-23" and art.metadata["counter"] == "تم قراءة الموضوع 0 مرة"
    assert art.body.startswith("لندن")


def test_publication_date_from_the_dateline():
    art = _article(f"الرئيس يستقبل وفدا\n\nرام الله 12-3-2013 (وفا) - {BODY}\n")
    assert art.published == "2013-03-12"
    assert (art.dateline["city"], art.dateline["agency"]) == ("رام الله", "وفا")


def test_repository_dateline_examples():
    result, errors = _script("eval_datelines").evaluate_examples()
    assert result["articles"] >= 7
    assert errors == [] and result["published_accuracy"] == 1.0


# The layouts in ``examples`` are all handled; ``news`` (news-style articles annotated
# before the extractor was run on them) has a floor below its measured score (0.997 strict F1,
# value accuracy 1.0 on 176 expressions), so a regression shows without pinning every row;
# so does ``heldout`` (168 articles written and annotated without seeing the extractor, in
# fourteen batches; after fixing the classes of its first runs: strict F1 0.987, value
# accuracy 0.983 on 3,655).
@pytest.mark.parametrize("name,min_gold,floor", [("examples", 20, 1.0), ("news", 170, 0.98),
                                                 ("heldout", 3655, 0.97)])
def test_repository_date_examples(name, min_gold, floor):
    ev = _script("eval_dates")
    docs, gold = ev.load_examples(name=name)
    extractor = ev.DateExtractor()
    preds = {d["doc"]: ev.run_akhbar(extractor, d, ev._normalizer()) for d in docs}
    scores = ev.score(docs, gold, preds)["all"]
    assert len(gold) >= min_gold
    assert scores["strict"]["f1"] >= floor and scores["value_accuracy"] >= floor
