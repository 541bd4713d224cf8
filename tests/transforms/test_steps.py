"""TestPipeline + assert_that tests of each step (in-process runner)."""

from __future__ import annotations

import glob
import json
import re
from pathlib import Path

import apache_beam as beam
import fastavro
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from akhbar.article import Article, Mention
from akhbar.enrich import map_spans
from akhbar.formats import ReadOptions
from akhbar.normalize import normalize
from transforms import (
    ExtractDates,
    ExtractEntities,
    FlagDuplicates,
    NormalizeArticles,
    ParseArticles,
    ReadArticles,
    WriteArticles,
    WriteDeadLetters,
)
from transforms.common import DEAD_LETTER, MAIN
from transforms.extract import ExtractFn, extract_step
from transforms.read import Inputs, MatchArticles


def read_inputs(p, inputs: Inputs, label: str = "Read"):  # noqa: ANN001, ANN201
    """The graph's read path: ``MatchArticles`` then ``ReadArticles``."""
    return p | f"Match{label}" >> MatchArticles(inputs) | label >> ReadArticles()

ARTICLE = """اجتماع في تونس لبحث الطاقة

الإثنين 2019/01/07
وزراء يناقشون خطة جديدة للطاقة الشمسية

تونس- عقد وزير الطاقة سامي بن علي أمس اجتماعا في تونس مع ممثلي البنك الدولي، وقال بن علي إن الخطة ستنطلق الشهر المقبل.
"""

OTHER = """مهرجان للكتاب في عمان

الخميس 2021/03/11
افتتاح معرض الكتاب بمشاركة واسعة

عمان - افتتحت وزيرة الثقافة ليلى حداد معرض الكتاب اليوم، ويستمر المعرض حتى 20 مارس 2021.
"""


def in_memory():
    return TestPipeline(options=beam.options.pipeline_options.PipelineOptions(
        ["--direct_running_mode=in_memory"]))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    (tmp_path / "copy_of_a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    return tmp_path


def _parse(p, corpus: Path):
    files = read_inputs(p, Inputs(patterns=[str(corpus / "*.txt")]))
    return files, files | ParseArticles(ReadOptions())


def test_read_and_parse_route_articles_and_dead_letters(corpus: Path):
    with in_memory() as p:
        _, parsed = _parse(p, corpus)
        names = parsed[MAIN] | "Names" >> beam.Map(lambda a: Path(a.source_uri).name)
        reasons = parsed[DEAD_LETTER] | "Reasons" >> beam.Map(
            lambda d: (Path(d.source_uri).name, d.step))
        assert_that(names, equal_to(["a.txt", "b.txt", "copy_of_a.txt"]), label="articles")
        assert_that(reasons, equal_to([("empty.txt", "parse")]), label="dead")


def test_parse_fills_structure(corpus: Path):
    def check(articles):
        by_name = {Path(a.source_uri).name: a for a in articles}
        a = by_name["a.txt"]
        assert a.title == "اجتماع في تونس لبحث الطاقة"
        assert a.published == "2019-01-07"
        assert a.body.startswith("تونس- عقد")
        assert a.source_format == "plain"
        assert len(a.id) >= 16

    with in_memory() as p:
        _, parsed = _parse(p, corpus)
        assert_that(parsed[MAIN], check)


def test_normalize_maps_and_dead_letters_empty_bodies():
    good = Article(id="1", source_uri="u1", source_format="plain",
                   body="قال الوزيـــر ٢٠٢٢", title="عنوان")
    blank = Article(id="2", source_uri="u2", source_format="plain", body="\u200f  \u0640 ")

    def check(articles):
        [art] = articles
        norm = art.normalized["body"]
        assert "ـ" not in norm.text and "2022" in norm.text
        assert art.content_hash

    with in_memory() as p:
        out = p | beam.Create([good, blank]) | NormalizeArticles("light")
        assert_that(out[MAIN], check, label="articles")
        assert_that(out[DEAD_LETTER] | beam.Map(lambda d: (d.reason, d.article_id)),
                    equal_to([("empty_body", "2")]), label="dead")


class _FindWord(ExtractFn):
    """A stand-in extractor: every occurrence of a word (on the normalized text)."""

    step = "entities"

    def __init__(self, word: str, strict: bool = False) -> None:
        super().__init__(strict)
        self.word = word

    def find(self, article):
        if self.word == "BOOM":
            raise RuntimeError("model exploded")
        found = []
        for field, norm in article.normalized.items():
            spans, start = [], norm.text.find(self.word)
            while start >= 0:
                spans.append(Mention(self.word, "PERS", field, start, start + len(self.word)))
                start = norm.text.find(self.word, start + 1)
            found.extend(map_spans(article, field, spans))
        return found

    def attach(self, article, found):
        article.entities = found


def _normalized_article(body: str, title: str | None = None) -> Article:
    art = Article(id="x", source_uri="u", source_format="plain", body=body, title=title)
    for name in ("title", "body"):
        if getattr(art, name):
            art.normalized[name] = normalize(getattr(art, name), "light")
    return art


def test_extracted_spans_index_the_original_text():
    # Tatweel and a bidi mark sit inside and before the name: the spans must still
    # point at the original characters.
    body = "قال \u200fهامـــوند إن هاموند سيحضر"

    def check(articles):
        [art] = articles
        assert [(m.field, body[m.start:m.end]) for m in art.entities] == [
            ("body", "هامـــوند"), ("body", "هاموند")]
        assert all(m.text == body[m.start:m.end] for m in art.entities)

    with in_memory() as p:
        out = extract_step(p | beam.Create([_normalized_article(body)]), "Find",
                           _FindWord("هاموند"))
        assert_that(out[MAIN], check)


@pytest.mark.parametrize("strict", [False, True])
def test_extractor_failure_keeps_or_dead_letters_the_article(strict: bool):
    with in_memory() as p:
        out = extract_step(p | beam.Create([_normalized_article("نص")]), "Find",
                           _FindWord("BOOM", strict=strict))
        kept = out[MAIN] | "Errors" >> beam.Map(lambda a: [(e.step, e.reason) for e in a.errors])
        dead = out[DEAD_LETTER] | "Dead" >> beam.Map(lambda d: (d.step, d.reason))
        if strict:
            assert_that(kept, equal_to([]), label="kept")
            assert_that(dead, equal_to([("entities", "extractor_error")]), label="dead")
        else:
            assert_that(kept, equal_to([[("entities", "extractor_error")]]), label="kept")
            assert_that(dead, equal_to([]), label="dead")


def test_real_extractors_run_and_map_offsets(corpus: Path):
    def check(articles):
        assert articles
        for art in articles:
            for span in list(art.entities) + list(art.dates):
                assert getattr(art, span.field)[span.start:span.end] == span.text
        assert any(art.dates for art in articles)

    with in_memory() as p:
        _, parsed = _parse(p, corpus)
        norm = parsed[MAIN] | NormalizeArticles("light")
        ents = norm[MAIN] | ExtractEntities()
        dates = ents[MAIN] | ExtractDates()
        assert_that(dates[MAIN], check)


def test_flag_duplicates_keeps_the_first_by_id(corpus: Path):
    def check(articles):
        flagged = [a for a in articles if a.duplicate_of]
        assert len(flagged) == 1
        [dup] = flagged
        twins = [a for a in articles if a.body == dup.body and a is not dup]
        assert [t.id for t in twins] == [dup.duplicate_of]
        assert dup.duplicate_of < dup.id

    with in_memory() as p:
        files, parsed = _parse(p, corpus)
        norm = parsed[MAIN] | NormalizeArticles("light")
        out = {"files": files, "articles": norm[MAIN]} | FlagDuplicates(ReadOptions(), "light")
        assert_that(out, check)


def test_write_validates_before_the_sink(tmp_path: Path):
    good = _normalized_article("نص سليم")
    bad = _normalized_article("نص آخر")
    bad.id = "bad"
    bad.metadata = {"views": 12}  # not a string: does not fit map<string>
    lone = _normalized_article("نص \udc80 ثالث")  # fits the schema, but UTF-8 cannot
    lone.id = "lone"                               # encode it
    lone.title = "عنوان \ud800"
    with in_memory() as p:
        misfits = (p | beam.Create([good, bad, lone]) | WriteArticles(str(tmp_path)))[DEAD_LETTER]
        _ = misfits | WriteDeadLetters(str(tmp_path))
    [articles_file] = glob.glob(str(tmp_path / "articles-*.avro"))
    [dead_file] = glob.glob(str(tmp_path / "dead_letter-*.avro"))
    with open(articles_file, "rb") as fh:
        assert [r["body"] for r in fastavro.reader(fh)] == ["نص سليم"]
    with open(dead_file, "rb") as fh:
        letters = sorted(fastavro.reader(fh), key=lambda r: r["article_id"])
    assert [(r["reason"], r["step"], r["article_id"]) for r in letters] == [
        ("schema_misfit", "validate", "bad"), ("schema_misfit", "validate", "lone")]
    # the dead letter itself must be writable: its snippet of the body is made encodable
    assert letters[1]["snippet"] == "نص \ufffd ثالث"


def test_match_pattern_matches_as_beam_does(tmp_path: Path):
    from apache_beam.io import fileio
    from apache_beam.io.filesystem import BeamIOError
    from apache_beam.io.filesystems import FileSystems

    from transforms.read import is_literal, match_pattern

    def literal_pattern(path: str) -> str:  # glob characters escaped
        return re.sub(r"([*?\[])", r"[\1]", path)

    for name in ("a.txt", "b [1].txt", "c*.txt"):
        (tmp_path / name).write_text("نص", encoding="utf-8")
    patterns = [str(tmp_path / "a.txt"), literal_pattern(str(tmp_path / "b [1].txt")),
                literal_pattern(str(tmp_path / "c*.txt")), str(tmp_path / "*.txt"),
                str(tmp_path) + "/", str(tmp_path / "none-*.txt")]
    assert [is_literal(p) for p in patterns] == [True, False, False, False, False, False]
    for pattern in patterns:
        ours = [(m.path, m.size_in_bytes, m.last_updated_in_seconds)
                for m in match_pattern(pattern)]
        beams = [(m.path, m.size_in_bytes, m.last_updated_in_seconds)
                 for m in FileSystems.match([pattern])[0].metadata_list]
        assert sorted(ours) == sorted(beams)
    # A literal path that matches nothing fails the run, as fileio.MatchAll does.
    missing = str(tmp_path / "missing.txt")
    with pytest.raises((BeamIOError, ValueError)) as ours:
        match_pattern(missing)
    with pytest.raises((BeamIOError, ValueError)) as beams:
        fileio._MatchAllFn(fileio.EmptyMatchTreatment.ALLOW_IF_WILDCARD).process(missing)
    assert type(ours.value) is type(beams.value)


def test_read_articles_opens_every_file_once_across_batches(tmp_path: Path):
    """Patterns and files cross the shuffle in batches: every matched file still comes out
    exactly once, with its size, whether matched by a glob or named one by one."""
    from transforms.read import FILES_PER_BATCH, PATTERNS_PER_BATCH

    n = PATTERNS_PER_BATCH + FILES_PER_BATCH + 3  # a partial last batch of each
    sizes = {}
    for i in range(n):
        path = tmp_path / f"{i:04d}.txt"
        path.write_bytes(b"x" * (i % 50 + 1))
        sizes[str(path)] = i % 50 + 1
    literal = sorted(sizes)
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps({"inputs": [{"uri": k, "size": v, "mtime": 0.0}
                                              for k, v in sizes.items()]}), encoding="utf-8")
    for inputs in (Inputs(patterns=[str(tmp_path / "*.txt")]), Inputs(patterns=literal),
                   Inputs(files=literal), Inputs(listing=str(listing))):
        with in_memory() as p:
            files = read_inputs(p, inputs)
            seen = files | beam.Map(lambda f: (f.metadata.path, f.metadata.size_in_bytes,
                                               len(f.read())))
            assert_that(seen, equal_to([(k, v, v) for k, v in sizes.items()]))


def test_listed_files_are_read_as_named_and_a_vanished_one_is_a_dead_letter(tmp_path: Path):
    """A listed file is not matched again: glob characters in its name are its own, and
    a file gone since it was listed becomes a ``read.unreadable`` dead letter."""
    odd = tmp_path / "news [2024] *final?.txt"
    odd.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "news 2 final1.txt").write_text(OTHER, encoding="utf-8")
    gone = tmp_path / "gone.txt"
    listing = tmp_path / "listing.json"
    listing.write_text(json.dumps({"inputs": [{"uri": str(gone), "size": 10, "mtime": 1.0}]}),
                       encoding="utf-8")
    for inputs in (Inputs(files=[str(odd), str(gone)]), Inputs(listing=str(listing))):
        with in_memory() as p:
            parsed = read_inputs(p, inputs) | ParseArticles(ReadOptions())
            names = parsed[MAIN] | "Names" >> beam.Map(lambda a: Path(a.source_uri).name)
            dead = parsed[DEAD_LETTER] | "Dead" >> beam.Map(
                lambda d: (Path(d.source_uri).name, d.step, d.reason))
            expected = [odd.name] if inputs.files else []
            assert_that(names, equal_to(expected), label="articles")
            assert_that(dead, equal_to([("gone.txt", "read", "unreadable")]), label="dead")
    with pytest.raises(ValueError):
        Inputs(patterns=["*.txt"], files=[str(odd)])


def test_a_file_list_or_a_listing_does_not_bloat_the_job_graph():
    """The job graph carries a listed file's name once, compressed (the batches of
    ``beam.Create``), and a listing not at all: what a refresh sends a runner stays small."""
    names = [f"gs://bucket/corpus/{i:06d}-article.txt" for i in range(5000)]

    def graph_bytes(inputs: Inputs) -> int:
        p = beam.Pipeline()
        _ = read_inputs(p, inputs)
        return p.to_runner_api().ByteSize()

    per_name = (graph_bytes(Inputs(files=names)) - graph_bytes(Inputs(files=names[:100]))) / 4900
    assert per_name < len(names[0]) / 4, per_name
    assert graph_bytes(Inputs(listing="gs://bucket/plan.json")) < graph_bytes(
        Inputs(files=names[:100]))


def test_file_batches_hold_many_small_files_or_one_big_one():
    """A batch is the unit a worker gets: a corpus of a few big containers must still
    spread over the workers, one container per batch."""
    from transforms.read import FILE_BATCH_BYTES, FILES_PER_BATCH, batch_files

    small = [(f"/c/{i}.txt", 5_000, 0.0) for i in range(FILES_PER_BATCH + 5)]
    big = [(f"/z/{i}.zip", FILE_BATCH_BYTES, 0.0) for i in range(3)]
    with in_memory() as p:
        sizes = (p | beam.Create(small + big) | batch_files()
                 | beam.Map(lambda b: (sum(1 for f in b if f[0].endswith(".zip")), len(b))))
        assert_that(sizes | beam.Filter(lambda s: s[0] > 0) | beam.Map(lambda s: s[1]),
                    equal_to([1, 1, 1]), label="each zip alone")
        assert_that(sizes | beam.Map(lambda s: s[1]) | beam.CombineGlobally(sum),
                    equal_to([len(small) + len(big)]), label="all files")
        assert_that(sizes | beam.Map(lambda s: s[1] <= FILES_PER_BATCH)
                    | beam.Distinct(), equal_to([True]), label="at most a batch")
