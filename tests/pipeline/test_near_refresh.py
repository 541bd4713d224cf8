"""Near duplicates across refreshes: tomorrow's copy of today's wire is flagged."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline import state as st
from tests.helpers import read_avro
from tests.pipeline.refresh_helpers import committed, do_refresh, make_cfg

WIRE = ("أعلنت وزارة الطاقة اليوم عن خطة جديدة لتطوير مشاريع الطاقة الشمسية في المناطق "
        "الجنوبية، وقال الوزير إن المشروع سيوفر آلاف الوظائف للشباب خلال السنوات الخمس "
        "المقبلة، وإن الحكومة خصصت ميزانية كبيرة لتمويل المحطات الجديدة بالتعاون مع البنك "
        "الدولي وعدد من الشركات الخاصة التي أبدت اهتماما بالاستثمار في القطاع. ") * 3
OTHER = ("افتتحت وزيرة الثقافة معرض الكتاب في العاصمة بمشاركة مئات الناشرين من الدول "
         "العربية والأجنبية، ويستمر المعرض أسبوعين وتقام خلاله ندوات وأمسيات شعرية. ") * 3


def plain(title: str, day: str, body: str) -> str:
    """A plain-format article whose date line gives ``published``."""
    return f"{title}\n\nالإثنين {day}\n{body[:60]}\n\n{body}\n"


def _articles(partition: str) -> dict[str, dict]:
    return {os.path.basename(a["source_uri"]): a
            for a in read_avro(st.join(partition, "articles-*"))}


def test_a_copy_in_a_later_refresh_is_flagged_against_the_committed_original(tmp_path: Path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "wire.txt").write_text(plain("خطة الطاقة", "2019/01/07", WIRE), encoding="utf-8")
    (src / "other.txt").write_text(plain("معرض الكتاب", "2019/01/07", OTHER),
                                   encoding="utf-8")
    cfg = make_cfg([str(src / "*.txt")], str(out))

    assert do_refresh(cfg, "2019-01-07")["status"] == "committed"
    [night1] = committed(str(out))
    index = read_avro(st.join(night1, "near_index-*"))
    assert sorted(os.path.basename(r["uri"]) for r in index) == ["other.txt", "wire.txt"]
    assert all(len(r["bands"]) == 20 and r["shingles"] for r in index)
    wire_id = _articles(night1)["wire.txt"]["id"]

    # night 2: a site's copy of the wire, a day later, with a sentence added
    (src / "site.txt").write_text(
        plain("الطاقة الشمسية", "2019/01/08", WIRE + " وأضاف أن التنفيذ يبدأ قريبا."),
        encoding="utf-8")
    outcome = do_refresh(cfg, "2019-01-08")
    assert outcome["status"] == "committed"
    night2 = outcome["partition"]
    site = _articles(night2)["site.txt"]
    assert site["near_duplicate_of"] == wire_id
    assert 0.8 <= site["near_duplicate_similarity"] < 1.0
    assert outcome["summary"]["near_duplicates"]["flagged"] == 1
    [site_index] = read_avro(st.join(night2, "near_index-*"))
    assert site_index["representative"] == wire_id

    # night 3: the wire file is replaced by another story, and a second copy arrives: the
    # superseded wire is no representative any more; the committed copy is
    (src / "wire.txt").write_text(plain("خبر آخر", "2019/01/09", OTHER[::-1]),
                                  encoding="utf-8")
    (src / "site2.txt").write_text(
        plain("مشروع الطاقة", "2019/01/09", WIRE + " وأضاف أن التنفيذ يبدأ قريبا جدا."),
        encoding="utf-8")
    outcome = do_refresh(cfg, "2019-01-09")
    night3 = _articles(outcome["partition"])
    assert night3["site2.txt"]["near_duplicate_of"] == site["id"]
    assert night3["wire.txt"]["near_duplicate_of"] is None


def test_without_near_duplicates_no_index_is_written(tmp_path: Path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "wire.txt").write_text(plain("خطة الطاقة", "2019/01/07", WIRE), encoding="utf-8")
    cfg = make_cfg([str(src / "*.txt")], str(out), dedup={"near": {"enabled": False}})
    assert do_refresh(cfg, "2019-01-07")["status"] == "committed"
    [night1] = committed(str(out))
    assert read_avro(st.join(night1, "near_index-*")) == []
