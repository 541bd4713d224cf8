"""HTML/SVG rendering: self-contained, escaped, RTL-marked, sensible time buckets."""

from __future__ import annotations

import re

from akhbar.report import CorpusStats, render_html
from akhbar.report.render import central_range, month_series, publication_series, year_series
from akhbar.report.svg import hbar_chart, is_rtl, nice_ticks, text
from tests.akhbar.report.fixtures import article, sample_articles, sample_dead_letters, span


def page(articles=None, summary=None, **kw) -> str:
    stats = CorpusStats(**kw)
    stats.add_articles(sample_articles() if articles is None else articles)
    stats.add_dead_letters(sample_dead_letters())
    return render_html(stats.to_dict(), summary, prefix="/out/run")


def test_page_is_self_contained():
    html = page()
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "<link" not in html and "src=" not in html
    assert "@import" not in html and "url(" not in html
    # The only URL is the SVG namespace.
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}


def test_sections_charts_and_arabic_cells():
    html = page()
    for anchor in ("run", "publication", "sources", "entities", "dates", "datelines", "dead",
                   "duplicates"):
        assert f'<section id="{anchor}">' in html
    assert html.count("<svg ") >= 10
    assert '<td class="ar entity" dir="rtl" lang="ar">سامي المنشاوي</td>' in html
    assert 'direction="rtl"' in html and ">القاهرة</text>" in html
    assert "No summary.json" in html


def test_text_is_escaped():
    body = "خبر عن <script>alert(1)</script> & شركة"
    rec = article(9, body, published="2020-02-02", source="<b>x</b>",
                  entities=[span(body, "<script>alert(1)</script>", "entity", "ORG")])
    html = page([rec])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html


def test_summary_consistency_and_approximate_counts():
    good = {"articles_written": 7, "dead_letters": {"total": 3}, "duplicates_flagged": 2,
            "accounting": {"ok": True, "problems": []}}
    assert "The Avro files match summary.json" in page(summary=good)
    bad = {**good, "articles_written": 9, "accounting": {"ok": False, "problems": ["x != y"]}}
    html = page(summary=bad)
    assert "do not match summary.json" in html and "the Avro files hold 7" in html
    assert "MISMATCH" in html and "x != y" in html
    assert "≈" not in page().split("<footer>")[0]
    body = "مدينة"
    many = [article(i, body, published="2020-01-01",
                    entities=[span(body, body, "entity", "LOC", normalized=f"م{i % 40}")])
            for i in range(200)]
    assert "≈" in page(many, capacity=10).split("<footer>")[0]


def test_publication_series_granularity_and_gaps():
    unit, series = publication_series({"2020-01-30": 2, "2020-02-02": 1})
    assert unit == "day"
    assert series == [("2020-01-30", 2), ("2020-01-31", 0), ("2020-02-01", 0), ("2020-02-02", 1)]
    unit, series = publication_series({"2019-08-05": 1, "2020-02-20": 3, "2020-02-21": 1})
    assert unit == "month" and series[:2] == [("2019-08", 1), ("2019-09", 0)]
    assert series[-3:] == [("2019-12", 0), ("2020-01", 0), ("2020-02", 4)]
    unit, series = publication_series({"1990-05-01": 1, "2015-01-01": 2})
    assert unit == "year" and len(series) == 26 and series[0] == ("1990", 1)
    assert sum(v for _, v in series) == 3
    assert publication_series({}) == ("day", [])


def test_month_and_year_series_and_central_range():
    assert month_series({"2019-12": 1, "2020-02": 2}) == [("2019-12", 1), ("2020-01", 0),
                                                          ("2020-02", 2)]
    assert year_series({"1998": 1, "2001": 4}) == [("1998", 1), ("1999", 0), ("2000", 0),
                                                   ("2001", 4)]
    series = [("1900-01", 1)] + [(f"2020-{m:02d}", 10) for m in range(1, 13)] + [("2090-01", 1)]
    shown, outside = central_range(series, keep=0.95)
    assert shown[0][0] == "2020-01" and shown[-1][0] == "2020-12" and outside == 2
    shown, outside = central_range(series, keep=0.95, limit=6)
    assert len(shown) == 6 and outside == 2 + 60


def test_svg_helpers():
    assert is_rtl("الربع الأول من 2021") and is_rtl("  «واس»") and not is_rtl("2021 AFP")
    assert not is_rtl("")
    # Right-aligned RTL text anchors at its start (the right edge in RTL).
    assert 'text-anchor="start" direction="rtl"' in text(10, 10, "تونس", align="right")
    assert 'text-anchor="end"' in text(10, 10, "Tunis", align="right")
    assert nice_ticks(7) == [0, 2, 4, 6, 8] and nice_ticks(0) == [0, 1]
    chart = hbar_chart([("عمان", 3, "t1"), ("x" * 80, 1, "t2")], title="T", approx=[True])
    assert chart.count('class="bar"') == 2 and "≈3" in chart and "…" in chart
    assert "No data" in hbar_chart([], title="T")
