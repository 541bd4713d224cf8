"""Article texts written for these tests (invented news; no corpus text)."""

from __future__ import annotations

import json

TITLE = "افتتاح معرض الكتاب الدولي في مدينة الرياض بمشاركة واسعة"
LEAD = "ناشرون من ثلاثين دولة يعرضون أحدث إصداراتهم خلال عشرة أيام"
BODY = (
    "الرياض - واس: افتتح وزير الثقافة مساء أمس معرض الكتاب الدولي في دورته الجديدة، "
    "بمشاركة أكثر من خمسمئة دار نشر عربية وأجنبية.\n\n"
    "وقال مدير المعرض إن الزوار سيجدون برنامجا ثقافيا متنوعا يشمل الندوات والأمسيات "
    "الشعرية وورش العمل للأطفال، مضيفا أن الإقبال في اليوم الأول فاق التوقعات.\n\n"
    "ويستمر المعرض حتى نهاية الأسبوع المقبل، ويفتح أبوابه يوميا من العاشرة صباحا."
)
BODY_NO_DATELINE = (
    "أعلنت الهيئة العامة للإحصاء اليوم أن معدل التضخم السنوي تراجع خلال الشهر الماضي "
    "إلى أدنى مستوى له منذ عامين، بفضل انخفاض أسعار النقل والغذاء.\n"
    "وأوضحت الهيئة في تقريرها الشهري أن أسعار السكن ارتفعت بشكل طفيف."
)


def plain_article(newline: str = "\n", date_line: str = "الأحد 2015/01/18",
                  label: str | None = "3") -> str:
    """A plain article in the seed layout: title, date, lead, body, label."""
    parts = [TITLE, "", date_line, LEAD, "", BODY, ""]
    if label is not None:
        parts += [label, ""]
    return "\n".join(parts).replace("\n", newline)


def trec_doc(docno: str = "XX-test-1", time: str = "2017-01-20T21:43:00+01:00",
             text: str = BODY_NO_DATELINE, abstract: str = "", author: str = "") -> str:
    """One ANT-style TREC document."""
    return (
        "<DOC>\n"
        f"<DOCNO>{docno}</DOCNO>\n"
        "<URL>http://example.org/ar/article/1</URL> \n"
        "<SRC>Example FM</SRC>\n"
        "<CAT>culture</CAT>\n"
        f"<TITLE>{TITLE}</TITLE>\n"
        f"<TIME>{time}</TIME>\n"
        f"<AUTHOR>{author}</AUTHOR>\n"
        f"<ABSTRACT>\n{abstract}\n</ABSTRACT>\n"
        f"<TEXT>\n{text}\n</TEXT>\n"
        "</DOC>\n"
    )


def json_record(i: int = 0, **overrides: object) -> dict:
    """A SaudiNewsNet-like record."""
    rec = {
        "source": "example",
        "url": f"http://example.org/article/{i}",
        "date_extracted": "2015-07-21 02:51:32",
        "title": f"{TITLE} {i}",
        "author": "جدة: «الشرق الأوسط»",
        "content": f"{BODY_NO_DATELINE} ({i})",
    }
    rec.update(overrides)
    return rec


def json_array(n: int = 3) -> str:
    return json.dumps([json_record(i) for i in range(n)], ensure_ascii=False, indent=2)


def jsonl(n: int = 3) -> str:
    return "\n".join(json.dumps(json_record(i), ensure_ascii=False) for i in range(n)) + "\n"
