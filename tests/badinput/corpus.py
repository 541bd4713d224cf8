"""A generated corpus of bad (and some good) input, with the outcome each item must have.

``build(root)`` writes the files under ``root/bad`` and returns the ``Expected`` outcome
of every item: an article (and what must hold for it) or a dead letter with its step and
reason. All text is written here; binary inputs are generated from fixed seeds. The big
file is sparse and the bombs are compressed from zeros, so building takes about a second.

Run ``python -m tests.badinput.corpus DIR`` to write the corpus and print the table.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sys
import tarfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from akhbar.formats import source_uri
from tests.helpers import tar_bytes, zip_bytes

MIB = 2**20
# The marker that the extractor stand-in (``standin/sitecustomize.py``) fails on.
FAIL_MARKER = "AKHBAR-TEST-DATES-RAISE"


@dataclass
class Expected:
    """What one input item must become."""

    name: str  # path relative to the corpus root, plus '#member'/'#index' (unescaped)
    uri: str  # the source_uri it must carry
    outcome: str  # "article" or "dead"
    step: str | None = None
    reason: str | None = None
    why: str = ""  # the kind of bad input (for the report table)
    checks: dict = field(default_factory=dict)  # article fields that must hold


def _article(n: int, city: str, topic: str, extra: str = "") -> str:
    """A short plain article in the seed layout, distinct for each ``n``."""
    return (
        f"{city} تستضيف الدورة {n} من ملتقى {topic}\n"
        "\n"
        f"الثلاثاء 2019/03/{n + 10:02d}\n"
        f"مشاركون من {n + 12} دولة يناقشون مستقبل {topic} في المنطقة\n"
        "\n"
        f"{city} - افتتحت وزارة الثقافة صباح اليوم الدورة رقم {n} من ملتقى {topic}، "
        f"بحضور نحو {n * 40 + 300} مشارك من الباحثين والطلاب والمهتمين.{extra}\n"
        "\n"
        f"وقال رئيس اللجنة المنظمة سمير الحداد إن برنامج الدورة يمتد {n + 2} أيام، "
        "ويتضمن ندوات وورش عمل ومعرضا للكتب، مضيفا أن الجلسة الختامية ستعقد الخميس المقبل.\n"
        "\n"
        "ثقافة\n"
    )


CITIES = ["عمان", "تونس", "الرباط", "بيروت", "الدوحة", "مسقط", "الكويت", "القاهرة",
          "بغداد", "الجزائر", "دمشق", "المنامة", "الخرطوم", "صنعاء", "طرابلس", "نواكشوط"]
TOPICS = ["الشعر", "الرواية", "المسرح", "الترجمة", "الخط العربي", "السينما", "الموسيقى",
          "التراث", "الفنون", "الصحافة", "النشر", "المكتبات", "الآثار", "العمارة", "الحكاية",
          "الأدب"]
ONE_PARAGRAPH = (
    "الدوحة - أعلنت اللجنة المنظمة لبطولة الشطرنج العربية اليوم أن البطولة ستقام في "
    "الدوحة خلال شهر مايو المقبل بمشاركة لاعبين من خمس عشرة دولة، وأوضحت أن القرعة "
    "ستجرى قبل أسبوعين من انطلاق المنافسات."
)
HEADLINE = "وزير المالية يعرض مشروع الموازنة على البرلمان"


class _Counter:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


def _zip_entries(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` entries, names possibly repeated."""
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": on purpose
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def tar_special(name: str, kind: bytes, linkname: str = "") -> tarfile.TarInfo:
    """A tar member that is not a regular file (a link, a device, a fifo)."""
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, linkname
    return info


def tar_entries(entries: list[tarfile.TarInfo | tuple[str, bytes]]) -> bytes:
    """A plain tar of ``(name, data)`` members and special entries (links, devices);
    names may hold non-UTF-8 bytes (as lone surrogates, ``os.fsdecode``)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT, encoding="utf-8",
                      errors="surrogateescape") as tf:
        for entry in entries:
            if isinstance(entry, tarfile.TarInfo):
                tf.addfile(entry)
            else:
                info = tarfile.TarInfo(entry[0])
                info.size = len(entry[1])
                tf.addfile(info, io.BytesIO(entry[1]))
    return buf.getvalue()


def _zeros_gzip(size: int) -> bytes:
    buf = io.BytesIO()
    chunk = bytes(MIB)
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=1, mtime=0) as gz:
        for _ in range(size // MIB):
            gz.write(chunk)
    return buf.getvalue()


def _zeros_zip(name: str, size: int) -> bytes:
    buf = io.BytesIO()
    chunk = bytes(MIB)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open(name, "w", force_zip64=True) as member:
            for _ in range(size // MIB):
                member.write(chunk)
    return buf.getvalue()


def build(root: Path, proc_mem: bool = True) -> list[Expected]:
    """Write the corpus under ``root/bad`` and return the expected outcome of every item."""
    base = root / "bad"
    base.mkdir(parents=True)
    expected: list[Expected] = []
    nth = _Counter()

    def uri(rel: str, *inner: str) -> str:
        return source_uri(str(base / rel), *inner)

    def write(rel: str, data: bytes | str) -> Path:
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def good(rel: str, why: str, data: bytes | str | None = None, **checks) -> None:
        if data is None:
            i = nth()
            data = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
        write(rel, data)
        expected.append(Expected(rel, uri(rel), "article", why=why, checks=checks))

    def dead(rel: str, data: bytes | str | None, step: str, reason: str, why: str,
             inner: tuple[str, ...] = ()) -> None:
        if data is not None:
            write(rel, data)
        expected.append(Expected("#".join((rel, *inner)), uri(rel, *inner), "dead", step,
                                 reason, why))

    # --- good articles, and legit shapes that must stay articles ---------------------
    for i in range(3):
        good(f"good_{i}.txt", "good plain article")
    i = nth()
    dup_text = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
    good("dup_a.txt", "exact duplicate pair (one flagged)", dup_text, duplicate_pair="dup")
    good("dup_b.txt", "exact duplicate pair (one flagged)", dup_text, duplicate_pair="dup")
    good("one_paragraph.txt", "legit one-paragraph article (one line)", ONE_PARAGRAPH + "\n",
         title=None, body=ONE_PARAGRAPH)
    i = nth()
    text = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
    good("truncated_utf8.txt", "truncated UTF-8 (last character cut)",
         text.rstrip("\n").encode("utf-8")[:-1], encoding_errors="1")
    i = nth()
    text = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
    good("mislabeled.utf-8.txt", "cp1256 bytes in a file named as UTF-8",
         text.encode("cp1256"), encoding="cp1256", title=text.split("\n")[0])
    i = nth()
    trec_body = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)]).split("\n\n")[2]
    good("mislabeled_utf8_decl.trec", "cp1256 TREC with an XML declaration saying UTF-8",
         ('<?xml version="1.0" encoding="UTF-8"?>\n<DOC>\n<DOCNO>ML-1</DOCNO>\n'
          f"<TITLE>{HEADLINE}</TITLE>\n<TEXT>\n{trec_body}\n</TEXT>\n</DOC>\n").encode("cp1256"),
         encoding="cp1256", body=trec_body)
    i = nth()
    good("compressed.txt.gz", "gzip of one article",
         gzip.compress(_article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
                       .encode("utf-8"), mtime=0))
    i = nth()
    good("extractor_fails.txt", "an article on which the dates extractor raises",
         _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)], f" {FAIL_MARKER}"),
         errors=["dates.extractor_error"])

    # --- odd file names (each a good, distinct article) ------------------------------
    for rel in ["hash#name.txt", "percent%41%2F.txt", "question?.txt", "star*.txt",
                "bracket[1].txt", "with space.txt", "خبر عربي.txt", "new\nline.txt",
                "back\\slash.txt", "tab\tand\x7fdel.txt"]:
        good(rel, "odd characters in the file name")

    # --- empty and undecodable --------------------------------------------------------
    dead("empty.txt", b"", "parse", "empty_file", "empty file (0 bytes)")
    dead("whitespace.txt", " \n\t\r\n\u00a0\u200f\u200b\n  \n", "parse", "empty_file",
         "whitespace-only file (incl. NBSP, RLM, ZWSP)")
    dead("bom_only.txt", b"\xef\xbb\xbf\n\n", "parse", "empty_file", "UTF-8 BOM and newlines")
    dead("random.bin", random.Random(11).randbytes(4096), "parse", "undecodable",
         "random binary")
    dead("latin1.txt", ("Le ministre a présenté le budget à l'Assemblée. " * 20)
         .encode("latin-1"), "parse", "undecodable",
         "non-Arabic 8-bit text (latin-1), never guessed")
    dead("broken_many.txt", b"".join(
        (ch.encode("utf-8")[:1] if k % 3 == 0 else ch.encode("utf-8"))
        for k, ch in enumerate(_article(1, "عمان", "الشعر"))), "parse", "undecodable",
        "UTF-8 with many broken sequences")
    dead("fake.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n", "parse",
         "unknown_format", "PDF file")

    # --- structure --------------------------------------------------------------------
    dead("headline_only.txt", HEADLINE + "\n", "parse", "empty_body",
         "a headline line and nothing else")
    dead("headline_and_date.txt", HEADLINE + "\n\nالأحد 2017/10/15\n", "parse", "empty_body",
         "headline and date line, no body")
    i = nth()
    good_record = {"title": HEADLINE, "content": _article(i, "عمان", "الشعر").split("\n\n")[2],
                   "date": "2019-03-12"}
    array_text = json.dumps([good_record, {**good_record, "content": good_record["content"]
                                           + " ـ"}], ensure_ascii=False)
    write("broken.json", array_text[:-1] + ', {"title": "x", "content": ')
    for k in (0, 1):
        expected.append(Expected(f"broken.json#{k}", uri("broken.json", str(k)), "article",
                                 why="broken JSON: records before the error are kept"))
    dead("broken.json", None, "parse", "bad_json", "broken JSON (truncated array)", ("2",))
    write("not_json.json", '{"title": "عنوان", "content": "نص" ')
    dead("not_json.json", None, "parse", "bad_json", "broken JSON (single object)")
    wrong = [{"content": 42}, "a string", None, {"title": ["x"], "content": "نص"},
             {"content": {"text": "nested"}}, good_record,
             {**good_record, "content": "نص فيه بديل مفرد \ud800 في الوسط " + "ـ" * 3}]
    write("wrong_types.json", json.dumps(wrong, ensure_ascii=True))
    for k in range(5):
        dead("wrong_types.json", None, "parse", "bad_record",
             "JSON array with wrong types", (str(k),))
    expected.append(Expected("wrong_types.json#5", uri("wrong_types.json", "5"), "article",
                             why="JSON array with wrong types: the good record"))
    expected.append(Expected("wrong_types.json#6", uri("wrong_types.json", "6"), "article",
                             why="JSON string with a lone surrogate escape (\\ud800)",
                             checks={"encoding_errors": "1"}))
    write("lines.jsonl", "\n".join([json.dumps(good_record, ensure_ascii=False), "{bad json",
                                    json.dumps({**good_record, "content": "نص آخر مختلف"},
                                               ensure_ascii=False), "[1, 2]", ""]))
    expected.append(Expected("lines.jsonl#0", uri("lines.jsonl", "0"), "article",
                             why="JSON Lines: good line"))
    dead("lines.jsonl", None, "parse", "bad_json", "JSON Lines: a broken line", ("1",))
    expected.append(Expected("lines.jsonl#2", uri("lines.jsonl", "2"), "article",
                             why="JSON Lines: good line after a broken one"))
    dead("lines.jsonl", None, "parse", "bad_record", "JSON Lines: a line that is an array",
         ("3",))
    write("empty_array.json", "[ ]\n")
    dead("empty_array.json", None, "parse", "empty_file", "empty JSON array")
    i = nth()
    trec_good = _article(i, "الرباط", "المسرح").split("\n\n")[2]
    write("missing_tags.trec",
          f"<DOC>\n<DOCNO>T-0</DOCNO>\n<TITLE>{HEADLINE}</TITLE>\n<TEXT>\n{trec_good}\n</TEXT>\n"
          "</DOC>\n"
          f"<DOC>\n<DOCNO>T-1</DOCNO>\n<TITLE>{HEADLINE}</TITLE>\n</DOC>\n"
          "<DOC>\nno tags at all in this document\n</DOC>\n"
          f"<DOC>\n<DOCNO>T-3</DOCNO>\n<TEXT>\n{trec_good} وتتواصل الفعاليات.\n")
    expected.append(Expected("missing_tags.trec#0", uri("missing_tags.trec", "0"), "article",
                             why="TREC: complete document"))
    dead("missing_tags.trec", None, "parse", "empty_body", "TREC: <DOC> without <TEXT>", ("1",))
    dead("missing_tags.trec", None, "parse", "unparseable", "TREC: <DOC> without any tag",
         ("2",))
    expected.append(Expected("missing_tags.trec#3", uri("missing_tags.trec", "3"), "article",
                             why="TREC: unclosed <TEXT> and </DOC> at end of file"))

    # --- size bounds and bombs ----------------------------------------------------------
    with open(base / "huge_200mb.txt", "wb") as fh:  # sparse: costs no disk, no time
        fh.write(_article(1, "عمان", "الشعر").encode("utf-8"))
        fh.truncate(200 * MIB)
    dead("huge_200mb.txt", None, "parse", "too_large", "200 MB plain-text file")
    dead("bomb.txt.gz", _zeros_gzip(300 * MIB), "parse", "too_large",
         "gzip bomb (300 MiB of zeros in 0.3 MiB)")
    dead("bomb.zip", _zeros_zip("zeros.txt", 300 * MIB), "parse", "too_large",
         "zip bomb (member of 300 MiB)", ("zeros.txt",))

    # --- containers ---------------------------------------------------------------------
    i, j = nth(), nth()
    members = {
        "a#b.txt": _article(i, "عمان", "الشعر").encode("utf-8"),
        "dir/c d.txt": _article(j, "تونس", "الرواية").encode("utf-8"),
        "empty.txt": b"",
        "__MACOSX/._a.txt": b"\x00\x05\x16\x07",
    }
    write("members.zip", zip_bytes(members))
    expected.append(Expected("members.zip#a#b.txt", uri("members.zip", "a#b.txt"), "article",
                             why="zip member with '#' in its name"))
    expected.append(Expected("members.zip#dir/c d.txt", uri("members.zip", "dir/c d.txt"),
                             "article", why="zip member in a folder, with a space"))
    dead("members.zip", None, "parse", "empty_file", "empty zip member", ("empty.txt",))
    good_zip = zip_bytes({"x.txt": _article(nth(), "بيروت", "الفنون").encode("utf-8")})
    dead("corrupt.zip", good_zip[: len(good_zip) // 2], "parse", "bad_container",
         "corrupt zip (cut in half)")
    flipped = bytearray(zip_bytes({"x.txt": _article(nth(), "بيروت", "الفنون").encode("utf-8")
                              * 3}))
    flipped[60:70] = b"\xff" * 10  # inside the deflate data of the member
    dead("crc.zip", bytes(flipped), "parse", "bad_container", "zip member with corrupt data",
         ("x.txt",))
    good_gz = gzip.compress(_article(nth(), "بيروت", "الفنون").encode("utf-8") * 4, mtime=0)
    dead("truncated.txt.gz", good_gz[: len(good_gz) // 2], "parse", "bad_container",
         "truncated gzip")
    dead("not_really.gz", b"\x1f\x8b" + random.Random(5).randbytes(500), "parse",
         "bad_container", "gzip magic, garbage after it")
    tgz = tar_bytes({"t/one.txt": _article(nth(), "مسقط", "التراث").encode("utf-8"),
                     "t/two.txt": random.Random(3).randbytes(20_000)}, "w:gz")  # incompressible
    expected.append(Expected(
        "truncated.tar.gz#t/one.txt", uri("truncated.tar.gz", "t/one.txt"), "article",
        why="truncated tar.gz: the complete member before the cut"))
    dead("truncated.tar.gz", tgz[: len(tgz) // 2], "parse", "bad_container",
         "truncated tar.gz (cut inside its second member)")
    write("no_members.zip", zip_bytes({}))
    dead("no_members.zip", None, "parse", "empty_file", "zip without members")
    write("only_junk.zip", zip_bytes({"__MACOSX/._x": b"junk", "d/.DS_Store": b"junk"}))
    dead("only_junk.zip", None, "parse", "empty_file", "zip of only __MACOSX/.DS_Store")

    # --- hostile input and odd names (issue #18) ----------------------------------------
    i = nth()
    comment_body = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
    good("comments.txt", "40 HTML comments before the text (the TREC sniffing regex "
         "backtracked exponentially)", "<!--a-->" * 40 + "\n" + comment_body)
    write("unclosed_tags.trec", "<DOC>\n<DOCNO>U-1</DOCNO>\n<TEXT>\n" + ONE_PARAGRAPH
          + "\n" + "<P>x\n" * 40_000)
    expected.append(Expected("unclosed_tags.trec", uri("unclosed_tags.trec"), "article",
                             why="TREC: one <DOC>, 40,000 unclosed tags (was quadratic)",
                             checks={"body": ONE_PARAGRAPH}))
    i = nth()
    record = {"title": HEADLINE, "content": _article(i, "عمان", "الشعر").split("\n\n")[2]}
    later = {**record, "content": record["content"] + " وتتواصل الفعاليات."}
    deep, huge_int = "[" * 100_000 + "]" * 100_000, '{"content": "نص", "n": ' + "7" * 5000 + "}"
    rows = [json.dumps(record, ensure_ascii=False), deep, huge_int,
            json.dumps(later, ensure_ascii=False)]
    write("hostile.jsonl", "\n".join(rows) + "\n")
    write("hostile.json", "[" + ",\n".join(rows) + "]")
    for rel in ("hostile.jsonl", "hostile.json"):
        kind = "JSON Lines" if rel.endswith("l") else "JSON array"
        expected.append(Expected(f"{rel}#0", uri(rel, "0"), "article", why=f"{kind}: good"))
        dead(rel, None, "parse", "bad_json", f"{kind}: 100,000-deep nesting "
             "(RecursionError lost the rest)", ("1",))
        dead(rel, None, "parse", "bad_json", f"{kind}: a 5,000-digit integer "
             "(ValueError lost the rest)", ("2",))
        expected.append(Expected(f"{rel}#3", uri(rel, "3"), "article",
                                 why=f"{kind}: good, after the bad ones"))
    i, j = nth(), nth()
    write("bad_member.zip", zip_bytes({
        "b.jsonl": "\n".join([json.dumps(record, ensure_ascii=False), huge_int]).encode(),
        "c.txt": _article(i, "مسقط", "التراث").encode("utf-8"),
        "d.txt": _article(j, "الكويت", "النشر").encode("utf-8")}))
    expected.append(Expected("bad_member.zip#b.jsonl#0", uri("bad_member.zip", "b.jsonl", "0"),
                             "article", why="zip: the good line of a bad member (the same "
                             "record as hostile.json*#0: flagged duplicates)"))
    dead("bad_member.zip", None, "parse", "bad_json", "zip: a bad line in a member",
         ("b.jsonl", "1"))
    for name in ("c.txt", "d.txt"):
        expected.append(Expected(f"bad_member.zip#{name}", uri("bad_member.zip", name),
                                 "article", why="zip: a member after the bad one"))
    same = _article(nth(), "بغداد", "الآثار").encode("utf-8")
    write("same_names.zip", _zip_entries([("same.txt", same), ("same.txt", same)]))
    for _ in range(2):
        expected.append(Expected("same_names.zip#same.txt", uri("same_names.zip", "same.txt"),
                                 "article", why="zip: two members of the same name and bytes "
                                 "(distinct ids; one flagged duplicate)"))
    i = nth()
    write("links.tar", tar_entries([
        ("t/a.txt", _article(i, "دمشق", "الموسيقى").encode("utf-8")),
        tar_special("t/hard", tarfile.LNKTYPE, "t/a.txt"),
        tar_special("t/soft", tarfile.SYMTYPE, "a.txt"),
        tar_special("t/tty", tarfile.CHRTYPE), tar_special("t/pipe", tarfile.FIFOTYPE)]))
    expected.append(Expected("links.tar#t/a.txt", uri("links.tar", "t/a.txt"), "article",
                             why="tar: a regular member"))
    for name, why in (("hard", "hard link (its target is read)"), ("soft", "symbolic link"),
                      ("tty", "character device"), ("pipe", "fifo")):
        dead("links.tar", None, "parse", "not_a_file", f"tar: {why}", (f"t/{name}",))
    cp1256_name = os.fsdecode("خبر قديم.txt".encode("cp1256"))
    good(cp1256_name, "file name in cp1256 bytes (not UTF-8)")
    i = nth()
    write("cp1256_member.tar", tar_entries([
        (cp1256_name, _article(i, "المنامة", "المكتبات").encode("utf-8"))]))
    expected.append(Expected(f"cp1256_member.tar#{cp1256_name}",
                             uri("cp1256_member.tar", cp1256_name), "article",
                             why="tar member named in cp1256 bytes"))
    i = nth()
    text = _article(i, CITIES[i % len(CITIES)], TOPICS[i % len(TOPICS)])
    good("nul_label.txt", "cp1256 file ending with a NUL (was metadata.label = NUL)",
         text.encode("cp1256") + b"\x00", metadata={"label": "ثقافة"})

    # --- file system oddities -----------------------------------------------------------
    os.symlink("loop_self", base / "loop_self")
    os.symlink("loop_b", base / "loop_a")
    os.symlink("loop_a", base / "loop_b")
    for rel in ("loop_self", "loop_a", "loop_b"):
        dead(rel, None, "read", "unreadable", "symlink loop")
    os.symlink("no_such_target.txt", base / "dangling")
    dead("dangling", None, "read", "unreadable", "dangling symlink")
    (base / "sub").mkdir()
    os.symlink("..", base / "sub" / "up")  # a directory loop: must not repeat any file
    os.symlink("../good_0.txt", base / "sub" / "link_to_good.txt")
    expected.append(Expected("sub/link_to_good.txt", uri("sub/link_to_good.txt"), "article",
                             why="symlink to a good file (a flagged duplicate of it)",
                             checks={"duplicate_pair": "link"}))
    expected[0].checks["duplicate_pair"] = "link"
    (base / "emptydir").mkdir()
    os.mkfifo(base / "named_pipe")
    dead("named_pipe", None, "read", "unreadable", "named pipe (would block a reader)")
    if proc_mem and os.path.exists("/proc/self/mem"):
        os.symlink("/proc/self/mem", base / "proc_mem")
        dead("proc_mem", None, "read", "unreadable", "a file whose read fails (EIO), as root too")
    if os.geteuid() != 0:
        write("no_permission.txt", _article(nth(), "عمان", "الشعر"))
        os.chmod(base / "no_permission.txt", 0)
        dead("no_permission.txt", None, "read", "unreadable", "chmod 000 (not root)")
    return expected


def table(expected: list[Expected]) -> str:
    """A markdown table: input -> expected outcome."""
    lines = ["| input | kind | expected |", "|---|---|---|"]
    for e in expected:
        outcome = "article" if e.outcome == "article" else f"dead `{e.step}.{e.reason}`"
        lines.append(f"| `{e.name!r}` | {e.why} | {outcome} |")
    return "\n".join(lines)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    print(table(build(out)))
