from akhbar.article import Mention
from akhbar.ner import link_mentions, normalize_mention


def m(text, typ="PERS", start=0, normalized=""):
    return Mention(text=text, type=typ, field="body", start=start, end=start + len(text),
                   normalized=normalized)


def test_short_name_links_to_full_name():
    ms = [m("فيليب هاموند", start=0), m("هاموند", start=40), m("وهاموند", start=80),
          m("لندن", "LOC", 100), m("ولندن", "LOC", 120, normalized="لندن")]
    link_mentions(ms)
    assert ms[0].cluster == ms[1].cluster == ms[2].cluster
    assert ms[3].cluster == ms[4].cluster != ms[0].cluster
    assert ms[4].normalized == "لندن"  # a recognizer-provided form is kept


def test_same_words_different_type_do_not_link():
    ms = [m("الجزائر", "LOC"), m("الجزائر", "ORG", 20), m("جمال الجزائري", "PERS", 40)]
    link_mentions(ms)
    assert len({x.cluster for x in ms}) == 3


def test_distinct_people_stay_apart():
    ms = [m("فيليب هاموند"), m("تيريزا ماي", start=30), m("ماي", start=60)]
    link_mentions(ms)
    assert ms[0].cluster != ms[1].cluster
    assert ms[1].cluster == ms[2].cluster


def test_normalize_strips_proclitics_before_article():
    assert normalize_mention("وبالقاهرة") == "القاهرة"
    assert normalize_mention("للأمم المتحدة") == "الأمم المتحدة"
    assert normalize_mention("«الأهرام»") == "الأهرام"
    assert normalize_mention("واشنطن") == "واشنطن"  # no lexicon: bare names stay
