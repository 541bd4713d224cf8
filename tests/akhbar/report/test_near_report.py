"""The report's near-duplicate section: biggest clusters with sources, share per source."""

from __future__ import annotations

from akhbar.report import CorpusStats, render_html
from tests.akhbar.report.fixtures import BODY_AMMAN, BODY_CAIRO, article


def _near(idx, source, rep=None, title=None):
    rec = article(idx, BODY_CAIRO, published="2016-03-01", source=source, title=title)
    rec["near_duplicate_of"] = rep
    rec["near_duplicate_similarity"] = 0.9 if rep else None
    return rec


def _corpus():
    recs = [_near(1, "spa"), _near(2, "okaz", "id001", "نسخة"), _near(3, "alriyadh", "id001"),
            _near(4, "okaz", "id001"), _near(5, "okaz"), _near(6, "okaz", "id005")]
    recs += [article(10 + i, BODY_AMMAN, published=None, source="spa") for i in range(4)]
    return recs


def test_clusters_sources_and_shares():
    stats = CorpusStats()
    stats.add_articles(_corpus())
    near = stats.to_dict()["near_duplicates"]
    assert near["flagged"] == 4 and near["clusters"] == 2
    biggest = near["top_clusters"][0]
    assert biggest["representative"] == "id001" and biggest["copies"] == 3
    assert biggest["sources"] == [{"source": "okaz", "copies": 2},
                                  {"source": "alriyadh", "copies": 1}]
    shares = {r["source"]: (r["articles"], r["flagged"], r["share"]) for r in near["by_source"]}
    assert shares["okaz"] == (4, 3, 0.75)
    assert shares["spa"] == (5, 0, 0.0)
    assert shares["alriyadh"] == (1, 1, 1.0)


def test_counts_do_not_depend_on_record_order():
    a, b = CorpusStats(), CorpusStats()
    a.add_articles(_corpus())
    b.add_articles(reversed(_corpus()))
    assert a.to_dict()["near_duplicates"]["flagged"] == b.to_dict()["near_duplicates"]["flagged"]
    assert (sorted(map(str, a.to_dict()["near_duplicates"]["by_source"]))
            == sorted(map(str, b.to_dict()["near_duplicates"]["by_source"])))


def test_section_is_rendered():
    stats = CorpusStats()
    stats.add_articles(_corpus())
    html = render_html(stats.to_dict())
    assert 'id="near-duplicates"' in html
    assert "okaz ×2, alriyadh ×1" in html
    assert "75%" in html  # okaz: 3 of 4 articles flagged


def test_records_without_the_fields_still_report():
    stats = CorpusStats()
    stats.add_articles([article(1, BODY_CAIRO, published=None)])  # an older output
    near = stats.to_dict()["near_duplicates"]
    assert near["flagged"] == 0 and near["top_clusters"] == []
    assert "near-duplicates" in render_html(stats.to_dict())
