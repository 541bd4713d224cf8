"""Datelines at the start of a body and in bylines."""

from __future__ import annotations

import pytest

from akhbar.dateline import find_byline_dateline, find_dateline

STORY = "أعلنت الوزارة اليوم عن خطة جديدة لتطوير النقل العام في المدن الكبرى."


@pytest.mark.parametrize("head,raw,city,agency", [
    ("لندن- ", "لندن", "لندن", None),
    ("واشنطن - أ ف ب: ", "واشنطن - أ ف ب", "واشنطن", "أ ف ب"),
    ("واشنطن - أ ف ب - ", "واشنطن - أ ف ب", "واشنطن", "أ ف ب"),
    ("نجران: «الشرق الأوسط» ", "نجران: «الشرق الأوسط»", "نجران", "الشرق الأوسط"),
    ("سبق- الشرقية: ", "سبق- الشرقية", "الشرقية", "سبق"),
    ("(CNN)-- ", "(CNN)", None, "CNN"),
    ("أبوظبي - سكاي نيوز عربية\n", "أبوظبي - سكاي نيوز عربية", "أبوظبي", "سكاي نيوز عربية"),
    ("باريس - أ.ف.ب: ", "باريس - أ.ف.ب", "باريس", "أ.ف.ب"),
    ("سامر خليل – عين اليوم\n", "عين اليوم", None, "عين اليوم"),
    ("عين اليوم – بيروت\n", "عين اليوم – بيروت", "بيروت", "عين اليوم"),
    ("مازن فهد- سبق- جدة: ", "سبق- جدة", "جدة", "سبق"),
    ("القاهرة (رويترز) - ", "القاهرة (رويترز)", "القاهرة", "رويترز"),
    ("كيدال- ", "كيدال", "كيدال", None),   # unknown one-word place before a dash
    ("تبوك 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس\n",
     "تبوك 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", "تبوك", "واس"),
])
def test_body_datelines(head, raw, city, agency):
    body = " " + head + STORY
    d = find_dateline(body)
    assert d is not None, head
    assert (d["raw"], d["city"], d["agency"], d["field"]) == (raw, city, agency, "body")
    assert body[d["start"]:d["end"]] == raw


@pytest.mark.parametrize("body", [
    STORY,
    "قال الوزير: إن الخطة ستنفذ خلال عامين في جميع المناطق.",
    '"سبق" تقول للمسؤول: الخطة متأخرة كثيرا عن موعدها المحدد.',
    "أبلغت مصادر موثوقة «الشرق الأوسط» بأن الاتفاق بات قريبا.",
    "الرياض هي عاصمة المملكة وأكبر مدنها من حيث عدد السكان.",
    "صورة جماعية\nاختتمت فعاليات الملتقى مساء أمس بحضور عدد من المسؤولين.",
    "",
])
def test_no_dateline(body):
    assert find_dateline(body) is None


def test_invisible_characters_and_crlf():
    body = "\u200fلنـدن\u00a0-\u200e " + STORY
    d = find_dateline(body)
    # city/agency are the visible text (kashida and marks dropped); raw is the original
    assert d["city"] == "لندن" and body[d["start"]:d["end"]] == d["raw"]
    assert d["raw"].startswith("لنـدن")
    body = "عين اليوم – لندن\r\n" + STORY
    assert find_dateline(body)["city"] == "لندن"


@pytest.mark.parametrize("author,raw,city,agency", [
    ("لندن: رنيم حسن", "لندن", "لندن", None),
    ("جنيف : (رويترز)", "جنيف : (رويترز)", "جنيف", "رويترز"),
    ("الجزيرة - سارة علي:", "الجزيرة", None, "الجزيرة"),
    ("عبدالله سالم - المدينة المنورة", "المدينة المنورة", "المدينة المنورة", None),
    ("أ ف ب - روما", "أ ف ب - روما", "روما", "أ ف ب"),
    ("واس (جدة)", "واس (جدة)", "جدة", "واس"),
    ("\u00a0سالم الحربي (الرياض)", "(الرياض)", "الرياض", None),
    ("«الاقتصادية» من الرياض", "«الاقتصادية» من الرياض", "الرياض", "الاقتصادية"),
    ("الاقتصادية الإلكترونية من الرياض", "الاقتصادية الإلكترونية من الرياض", "الرياض",
     "الاقتصادية الإلكترونية"),
    ("نايف سعد من نيويورك", "نايف سعد من نيويورك", "نيويورك", None),
    ("د ب أ", "د ب أ", None, "د ب أ"),
    ("عدن، صنعاء: محمد علي، الوكالات", "عدن، صنعاء: محمد علي، الوكالات", "عدن", "الوكالات"),
    ("لندن - الرياضية | Tuesday, 11 August 2015 - 15:52 pm", "لندن - الرياضية", "لندن",
     "الرياضية"),
    ("&nbsp;واس (الرياض)", "واس (الرياض)", "الرياض", "واس"),
    ("الموصل: ياسر علي", "الموصل", "الموصل", None),
    ("الأنبار: مناف سعيد", "الأنبار", "الأنبار", None),   # unknown place before "name"
])
def test_byline_datelines(author, raw, city, agency):
    d = find_byline_dateline(author)
    assert d is not None, author
    assert (d["raw"], d["city"], d["agency"]) == (raw, city, agency)
    assert d["field"] == "metadata:author"
    assert author[d["start"]:d["end"]] == raw


@pytest.mark.parametrize("author", [
    "", "محمد العسيري", "بواسطة : عمرو عاطف", "بقلم: علي الزهراني | Mon, 2015-08-10 22:22",
    "تحليل: د. حمدان الشهري", "كتب - علي الأحمري", "| Tuesday, 11 August 2015 - 00:00 am",
    "x" * 300,
])
def test_byline_without_dateline(author):
    assert find_byline_dateline(author) is None


@pytest.mark.parametrize("text, city", [
    ("عمّان - تأهل فريق النجوم إلى المباراة النهائية", "عمان"),
    ("لَنْدَن - قال مسؤول إن المحادثات ستستأنف", "لندن"),
])
def test_dateline_with_marks_is_found_on_the_whole_word(text, city):
    found = find_dateline(text)
    assert found is not None and found["city"] == city
    word = text.split()[0]
    assert found["start"] == 0 and text[found["start"]:found["end"]].startswith(word)
