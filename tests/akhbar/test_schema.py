from akhbar.article import Article, DeadLetter, Mention, Timex
from akhbar.schema import article_schema, dead_letter_schema, misfit


def _article() -> Article:
    art = Article(id="a1", source_uri="f.txt", source_format="plain", body="نص الخبر",
                  title="عنوان", published="2020-01-02", metadata={"label": "سياسة"})
    art.entities = [Mention("نص", "MISC", "body", 0, 2, "نص", "MISC:نص", 0.5)]
    art.dates = [Timex("2020", "DATE", "2020", "body", 4, 8)]
    return art


def test_a_full_article_and_a_dead_letter_fit():
    assert misfit(_article().to_record(), article_schema()) is None
    letter = DeadLetter.of("f.bin", "parse", "undecodable", "binary", b"\xff\x00\xfe")
    assert letter.snippet_base64 and misfit(letter.to_record(), dead_letter_schema()) is None


def test_misfits_are_explained_not_raised():
    record = _article().to_record()
    record["metadata"] = {"views": 12}
    assert "metadata" in misfit(record, article_schema())
    record = _article().to_record()
    record["entities"][0]["start"] = "0"
    assert misfit(record, article_schema())
    assert misfit({"id": None}, article_schema())


def test_a_lone_surrogate_is_a_misfit_wherever_it_is():
    """Validation accepts a lone surrogate; the Avro writer could not encode it."""
    record = _article().to_record()
    assert misfit(record, article_schema()) is None
    for where in ("body", "entity", "metadata", "metadata key"):
        record = _article().to_record()
        if where == "body":
            record["body"] = "نص \ud800 الخبر"
        elif where == "entity":
            record["entities"][0]["normalized"] = "\udfff"
        elif where == "metadata":
            record["metadata"]["label"] = "سياسة\ud83d"
        else:
            record["metadata"]["تصنيف\udc80"] = "سياسة"
        assert "surrogate" in misfit(record, article_schema()), where
