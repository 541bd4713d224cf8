"""Records built in the tests (Arabic text written for them) and a fake run prefix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import fastavro

from tests.conftest import REPO

SCHEMAS = json.loads((REPO / "akhbar" / "schema" / "akhbar.avsc").read_text(encoding="utf-8"))


def parsed_schema(name: str) -> dict:
    named: dict = {}
    for schema in SCHEMAS:
        parsed = fastavro.parse_schema(schema, named_schemas=named)
        if schema["name"] == name:
            return parsed
    raise KeyError(name)


def span(body: str, text: str, kind: str, typ: str, nth: int = 0, **extra: Any) -> dict:
    """An entity (kind='entity') or date span of ``text`` in ``body`` with real offsets."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    item = {"text": text, "type": typ, "field": "body", "start": start, "end": start + len(text)}
    if kind == "entity":
        item.update({"normalized": extra.get("normalized", text), "cluster": "c0",
                     "score": 0.9})
    else:
        item.update({"value": extra.get("value"), "mod": extra.get("mod"),
                     "calendar": extra.get("calendar", "gregorian")})
    return item


def article(idx: int, body: str, *, published: str | None, category: str | None = None,
            source: str | None = None, entities=(), dates=(), dateline=None, title=None,
            duplicate_of: str | None = None, errors=()) -> dict:
    metadata = {}
    if category:
        metadata["category"] = category
    if source:
        metadata["source"] = source
    return {
        "id": f"id{idx:03d}", "source_uri": f"/data/{source or 'local'}/{idx:03d}.txt",
        "source_format": "plain", "title": title, "lead": None, "body": body,
        "published": published, "published_raw": published, "dateline": dateline,
        "metadata": metadata, "encoding": "utf-8", "body_normalized": body, "tokens": None,
        "content_hash": f"h{idx}", "is_duplicate": duplicate_of is not None,
        "duplicate_of": duplicate_of, "entities": list(entities), "dates": list(dates),
        "errors": list(errors),
    }


BODY_CAIRO = ("القاهرة (أ ف ب) - أعلن وزير النقل سامي المنشاوي أمس أن خط المترو الجديد "
              "سيفتتح في الخامس من مارس 2016، وقال المنشاوي إن القاهرة تحتاج إلى خطين آخرين.")
BODY_TUNIS = ("تونس - قالت وزارة الفلاحة إن صابة زيت الزيتون ستبلغ ذروتها في جانفي 2019، "
              "وأكدت سلوى الحمامي أن تونس ستصدر نصف الإنتاج خلال عشرين عاما.")
BODY_AMMAN = ("عمان - بترا - يبدأ مشروع تحلية المياه في العقبة نهاية 2026، "
              "وقالت شركة مياه العقبة إن المشروع يخدم عمان والعقبة كل أسبوع.")


def sample_articles() -> list[dict]:
    """Seven articles: three stories, two duplicates, one without date or dateline."""
    cairo = article(
        1, BODY_CAIRO, published="2016-03-14", category="اقتصاد", source="الأهرام",
        title="مترو القاهرة الجديد",
        dateline={"raw": "القاهرة (أ ف ب) -", "city": "القاهرة", "agency": "أ ف ب",
                  "field": "body", "start": 0, "end": 18},
        entities=[span(BODY_CAIRO, "القاهرة", "entity", "LOC"),
                  span(BODY_CAIRO, "سامي المنشاوي", "entity", "PERS"),
                  span(BODY_CAIRO, "المنشاوي", "entity", "PERS", nth=1,
                       normalized="سامي المنشاوي"),
                  span(BODY_CAIRO, "القاهرة", "entity", "LOC", nth=1)],
        dates=[span(BODY_CAIRO, "أمس", "date", "DATE", value="2016-03-13"),
               span(BODY_CAIRO, "الخامس من مارس 2016", "date", "DATE", value="2016-03-05")])
    tunis = article(
        2, BODY_TUNIS, published="2019-01-07", category="اقتصاد", source="الصباح",
        dateline={"raw": "تونس - ", "city": "تونس", "agency": None, "field": "body",
                  "start": 0, "end": 7},
        entities=[span(BODY_TUNIS, "تونس", "entity", "LOC"),
                  span(BODY_TUNIS, "وزارة الفلاحة", "entity", "ORG"),
                  span(BODY_TUNIS, "سلوى الحمامي", "entity", "PERS"),
                  span(BODY_TUNIS, "تونس", "entity", "LOC", nth=1)],
        dates=[span(BODY_TUNIS, "جانفي 2019", "date", "DATE", value="2019-01"),
               span(BODY_TUNIS, "خلال عشرين عاما", "date", "DURATION", value="P20Y")])
    amman = article(
        3, BODY_AMMAN, published="2021-04-07", category="بيئة", source="الرأي",
        dateline={"raw": "عمان - بترا -", "city": "عمان", "agency": "بترا", "field": "body",
                  "start": 0, "end": 13},
        entities=[span(BODY_AMMAN, "العقبة", "entity", "LOC"),
                  span(BODY_AMMAN, "شركة مياه العقبة", "entity", "ORG"),
                  span(BODY_AMMAN, "عمان", "entity", "LOC", nth=1)],
        dates=[span(BODY_AMMAN, "نهاية 2026", "date", "DATE", value="2026", mod="END"),
               span(BODY_AMMAN, "كل أسبوع", "date", "SET", value=None)],
        errors=[{"step": "entities", "reason": "timeout", "message": "slow"}])
    copies = [
        {**cairo, "id": "id101", "source_uri": "/data/mirror/101.txt", "is_duplicate": True,
         "duplicate_of": "id001"},
        {**cairo, "id": "id102", "source_uri": "/data/mirror/102.txt", "is_duplicate": True,
         "duplicate_of": "id001", "published": "2016-03-15"},
    ]
    bare = article(4, "نص قصير بلا تاريخ ولا مكان.", published=None)
    late = article(5, BODY_TUNIS, published="2016-03-20", category="اقتصاد", source="الصباح")
    return [cairo, tunis, amman, *copies, bare, late]


def sample_dead_letters() -> list[dict]:
    return [
        {"source_uri": "/data/broken/empty.txt", "step": "parse", "reason": "empty_file",
         "message": "file has no bytes", "snippet": None, "snippet_base64": None,
         "article_id": None},
        {"source_uri": "/data/broken/bin.dat", "step": "parse", "reason": "undecodable",
         "message": "not text in any known encoding", "snippet": None,
         "snippet_base64": "AAEC", "article_id": None},
        {"source_uri": "/data/broken/empty2.txt", "step": "parse", "reason": "empty_file",
         "message": "file has no bytes", "snippet": "", "snippet_base64": None,
         "article_id": None},
    ]


def write_avro(path: Path, name: str, records: list[dict]) -> None:
    with open(path, "wb") as fh:
        fastavro.writer(fh, parsed_schema(name), records)


def write_prefix(prefix: Path, articles: list[dict] | None = None,
                 dead: list[dict] | None = None, summary: dict | None = None) -> Path:
    """A fake run output: articles in two shards, dead letters, summary.json."""
    articles = sample_articles() if articles is None else articles
    dead = sample_dead_letters() if dead is None else dead
    prefix.mkdir(parents=True, exist_ok=True)
    half = len(articles) // 2
    write_avro(prefix / "articles-00000-of-00002.avro", "Article", articles[:half])
    write_avro(prefix / "articles-00001-of-00002.avro", "Article", articles[half:])
    write_avro(prefix / "dead_letter-00000-of-00001.avro", "DeadLetter", dead)
    if summary is None:
        summary = {
            "files_read": len(articles) + len(dead), "articles_read": len(articles),
            "articles_written": len(articles),
            "duplicates_flagged": sum(a["is_duplicate"] for a in articles),
            "dead_letters": {"total": len(dead), "by_reason": {}},
            "entities": {}, "dates": {}, "extractor_failures": {},
            "wall_time_seconds": 1.5, "accounting": {"ok": True, "problems": []},
        }
    (prefix / "summary.json").write_text(json.dumps(summary, ensure_ascii=False),
                                         encoding="utf-8")
    return prefix
