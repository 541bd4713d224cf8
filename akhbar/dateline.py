"""Datelines: the place and agency that open a news story or sit in its byline.

Examples: ``لندن- ``, ``واشنطن - أ ف ب``, ``نجران: «الشرق الأوسط»``, ``سبق- الشرقية:``,
``(CNN)--``, ``أبوظبي - سكاي نيوز عربية``, ``واس (جدة)``, ``الرياض 25 شوال 1436 هـ
الموافق 10 أغسطس 2015 م واس``.

The head of the text is cut into short segments at dateline separators (dashes, colon,
comma, bars, brackets, guillemets, a date); each segment is classified as an agency, a
place, a reporter or a date with two small built-in lexicons (``AGENCIES``, ``PLACES``)
plus typographic rules (``«…»``/``(…)`` after a place is an agency; an unknown single
word before an agency or a dash at the very start is a place; a multi-word unknown
segment is a reporter name; after a place and a date, a short segment before a dash or
in brackets is an agency: ``لندن 23-7-2012 وفا-``). A date closes a dateline, and up to
two counter lines above it (``تم قراءة الموضوع 0 مرة``) are skipped. Month names come
from the project's one lexicon (:mod:`akhbar.dates.lexicon`, through ``akhbar.published``).
Offsets index the original text; the text is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from akhbar.encoding import skeleton
from akhbar.published import _FOLD, _matches

__all__ = ["find_dateline", "find_byline_dateline", "is_counter_line", "AGENCIES", "PLACES",
           "fold"]

HEAD_CHARS = 240
MAX_REPORTER_WORDS = 6
MAX_DATELINE_CHARS = 110

# Agencies, outlets and their usual abbreviations (folded: see ``fold``).
AGENCIES = frozenset("""
ا ف ب|اف ب|ا.ف.ب|ا. ف. ب|ا.ف ب|ا ف ب.|فرانس برس|فرانس بريس|وكاله الصحافه الفرنسيه|afp
رويترز|رويتر|reuters|د ب ا|د.ب.ا|د. ب. ا|dpa|وكاله الانباء الالمانيه
ا ب|ا.ب|اسوشيتد برس|اسوشيتدبرس|اسوشييتد برس|ap|associated press|يو بي اي|upi
واس|وكاله الانباء السعوديه|spa|وام|wam|قنا|qna|كونا|kuna|بنا|سانا|sana|وات|tap|ومع|لاماب
وفا|wafa|معا|صفا|قدس برس|الاناضول التركيه
ا ش ا|ا.ش.ا|mena|بترا|petra|سبا|العمانيه|الانباء العمانيه|ارنا|irna|فارس|تسنيم|مهر
شينخوا|xinhua|الاناضول|وكاله الاناضول|anadolu|سبوتنيك|sputnik|تاس|ايتار تاس|ريا نوفوستي
نوفوستي|كيودو|يونهاب|ا ن سا|انسا|efe|ايفي|ا.ب.ا|cnn|سي ان ان|سي.ان.ان|bbc|بي بي سي
سكاي نيوز|سكاي نيوز عربيه|العربيه|العربيه نت|العربيه.نت|الجزيره|الجزيره نت|الجزيره.نت
الشرق الاوسط|الشرق الاوسط اونلاين|الحياه|القدس العربي|الخليج|البيان|الاتحاد|الشرق|النهار
سبق|الوئام|الوطن|عكاظ|اليوم|عين اليوم|الاقتصاديه|الاقتصاديه الالكترونيه|الرياضي|الرياضيه
الرياض الالكتروني|المواطن|الاهرام|الشروق|المصري اليوم|اليوم السابع|الدستور|الغد
الراي|الصباح|الجمهوريه|العرب|روسيا اليوم|ار تي|rt|france 24|فرانس 24|دويتشه فيله|dw
الفرنسيه|الالمانيه|الاوروبيه|وكالات|الوكالات|وكالات الانباء|متابعات|خاص|ترجمه|مراسلون|المحرر|المحليات|الرياضه|محليات
""".replace("\n", "|").split("|")) - {""}

# Outlet names that are also common words ("today", "the homeland", "French"...): an
# agency only in a byline, or in a body next to a known place.
WEAK_AGENCIES = frozenset("""
اليوم|الوطن|الرياضي|الرياضيه|العرب|الشرق|الغد|الصباح|الخليج|البيان|الاتحاد|الحياه
الجمهوريه|النهار|المواطن|الفرنسيه|الالمانيه|الاوروبيه|الدستور|خاص|الراي|الشروق|العربيه
متابعات|ترجمه|المحرر|المحليات|الرياضه|محليات|مكه|الجزيره
""".replace("\n", "|").split("|")) - {""}

# Places: capitals, major cities and regions of the Arab world and beyond (folded).
PLACES = frozenset("""
الرياض|جده|مكه|مكه المكرمه|المدينه المنوره|الدمام|الخبر|الظهران|الاحساء|الهفوف|القطيف
الجبيل|الطائف|تبوك|ابها|خميس مشيط|جازان|جيزان|نجران|حائل|بريده|عنيزه|القصيم|الباحه|عرعر
سكاكا|الجوف|ينبع|رابغ|القنفذه|الليث|بيشه|محايل|صبيا|الدرعيه|الخرج|المجمعه|الزلفي|الرس
حفر الباطن|الخفجي|رفحاء|طريف|القريات|الحدود الشماليه|الشرقيه|المنطقه الشرقيه|عسير|منى
عرفات|مزدلفه|العلا|الوجه|ضباء|املج|الحد الجنوبي|الكويت|الدوحه|المنامه|ابوظبي|ابو ظبي
دبي|الشارقه|عجمان|الفجيره|راس الخيمه|العين|مسقط|صلاله|صنعاء|عدن|تعز|الحديده|مارب|حضرموت
المكلا|صعده|بغداد|البصره|الموصل|اربيل|كركوك|النجف|كربلاء|الفلوجه|الرمادي|تكريت|السليمانيه
دمشق|حلب|حمص|حماه|اللاذقيه|درعا|ادلب|الرقه|دير الزور|القامشلي|بيروت|طرابلس|صيدا|صور
زحله|عمان|الزرقاء|اربد|العقبه|القدس|رام الله|غزه|نابلس|الخليل|جنين|بيت لحم|اريحا|حيفا
يافا|تل ابيب|الناصره|القاهره|الاسكندريه|الجيزه|بورسعيد|السويس|الاسماعيليه|المنصوره|طنطا
اسيوط|الاقصر|اسوان|شرم الشيخ|العريش|سيناء|الغردقه|الخرطوم|ام درمان|بورتسودان|جوبا|بنغازي
مصراته|سرت|سبها|درنه|تونس|صفاقس|سوسه|القيروان|بنزرت|قابس|نابل|المنستير|المهديه|قفصه
توزر|الكاف|جندوبه|باجه|سيدي بوزيد|القصرين|مدنين|تطاوين|بن عروس|اريانه|منوبه|زغوان
سليانه|قبلي|الحمامات|جربه|الجزائر|وهران|قسنطينه|عنابه|البليده|تلمسان|سطيف|الرباط
الدار البيضاء|فاس|مراكش|طنجه|اكادير|مكناس|وجده|تطوان|العيون|نواكشوط|نواذيبو|مقديشو
هرجيسا|جيبوتي|موروني|لندن|باريس|برلين|روما|مدريد|برشلونه|لشبونه|اثينا|فيينا|بروكسل
امستردام|لاهاي|جنيف|زيوريخ|برن|ستوكهولم|اوسلو|كوبنهاغن|هلسنكي|وارسو|براغ|بودابست
بوخارست|صوفيا|بلغراد|زغرب|كييف|موسكو|سان بطرسبرغ|مينسك|انقره|اسطنبول|استانبول|ازمير
غازي عنتاب|سروج|ديار بكر|طهران|مشهد|اصفهان|كابول|قندهار|اسلام اباد|كراتشي|لاهور|بيشاور
نيودلهي|دلهي|مومباي|كولومبو|دكا|كاتماندو|بكين|شانغهاي|هونغ كونغ|طوكيو|سيول|بيونغ يانغ
بانكوك|هانوي|مانيلا|جاكرتا|كوالالمبور|سنغافوره|سيدني|ملبورن|كانبيرا|ولينجتون|واشنطن
نيويورك|لوس انجليس|شيكاغو|هيوستن|ميامي|بوسطن|سان فرانسيسكو|اوتاوا|تورونتو|مونتريال
مكسيكو|هافانا|كاراكاس|بوغوتا|ليما|سانتياغو|بوينس ايرس|برازيليا|ريو دي جانيرو|ساو باولو
اديس ابابا|نيروبي|لاغوس|ابوجا|داكار|باماكو|نيامي|انجامينا|كينشاسا|جوهانسبرغ|بريتوريا
كيب تاون|هراري|اكرا|دبلن|ادنبره|مانشستر|ليفربول|ميونيخ|فرانكفورت|هامبورغ|ميلانو|نابولي
تورينو|مرسيليا|ليون|نيس|ستراسبورغ|سوتشي|فيلادلفيا|لاس فيغاس|دالاس|اتلانتا|سياتل
الفاتيكان|نيقوسيا|فاليتا|تبليسي|يريفان|باكو|طشقند|استانا|بشكيك|دوشنبه|عشق اباد
المنامه|الرفاع|المحرق|الاحمدي|الجهراء|حولي|الفروانيه|الوكره|الخور|نزوي|صحار|سوق الشرقيه
عواصم|العواصم|عواصم عربيه|عواصم عالميه|واشنطن دي سي
""".replace("\n", "|").split("|")) - {""}

# Words that introduce a reporter, not a place: "by", "written by", "photo", ...
_BYLINE_WORDS = frozenset({"بقلم", "بواسطه", "كتب", "كتبت", "كتبه", "اعداد", "اعدته",
                           "تصوير", "حوار", "تقرير", "ترجمه", "متابعه", "تحرير", "تحقيق",
                           "تحليل", "استطلاع", "راي", "مقال", "قراءه", "by", "photo"})
# Connectors inside a dateline ("«الاقتصادية» من الرياض", "الرياض - من فلان").
_CONNECTORS = frozenset({"من"})

_DASHES = "-–—−‒―ـ"
_DASH_CLASS = re.escape(_DASHES)
_TOKEN_RE = re.compile(
    r"(?P<nl>\n)"
    r"|(?P<br>[(\[«\"“”](?P<inner>[^()\[\]«»\"“”\n]{1,45})[)\]»\"“”])"
    r"|(?P<sep>\s*(?:[" + _DASH_CLASS + r"]+|:|,|،|;|؛|\||/|\.(?=\s))\s*)"
    r"|(?P<word>[^\s" + _DASH_CLASS + r":,،;؛|/()\[\]«»\"“”]+)"
    r"|(?P<space>[ \t]+)"
)
_HEAVY_SEP = re.compile(r"[" + _DASH_CLASS + r":|]")
_DASH_RE = re.compile(r"[" + _DASH_CLASS + r"]")
_LIST_SEP = re.compile(r"[" + _DASH_CLASS + r":|,،]")
# Words inside a dateline date ("25 شوال 1436 هـ الموافق 10 أغسطس 2015 م")
_FILLER = frozenset({"الموافق", "م", "ه", "هـ"})
_STRIP_RE = re.compile(r"^[\s.·•*]+|[\s.·•*]+$")


_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Fold a name for lexicon lookup (alef/ta marbuta/ya variants, case, spaces).

    Cached: the same short segments are folded again and again (per segment, per
    candidate dateline, per lexicon)."""
    return _SPACES_RE.sub(" ", text.translate(_FOLD).lower()).strip(" .")


def _is_agency(name: str) -> bool:
    f = fold(name)
    return (f in AGENCIES or f.replace(".", "").replace(" ", "") in _AGENCIES_COMPACT
            or (f.startswith(("وكاله ", "صحيفه ")) and not f[-1:].isdigit()))


_AGENCIES_COMPACT = frozenset(a.replace(".", "").replace(" ", "") for a in AGENCIES
                              if len(a.replace(".", "").replace(" ", "")) <= 4)


def _is_place(name: str) -> bool:
    f = fold(name)
    return f in PLACES or (f.startswith("و") and f[1:] in PLACES and len(f) > 4)


@dataclass
class _Seg:
    text: str
    start: int  # skeleton offsets
    end: int
    kind: str = "unknown"  # agency | place | reporter | date | unknown
    bracketed: bool = False
    words: int = 1


def _segments(sk_text: str, stop_at_newline: bool) -> tuple[list[_Seg], list[str], bool]:
    """Segments of the head, the separator after each, and whether a line break ended
    the scan."""
    segs: list[_Seg] = []
    seps: list[str] = []
    date_end: dict[int, int] = {}  # start -> end of the first date starting there
    for s, e, _, _ in _matches(sk_text.translate(_FOLD)):
        date_end.setdefault(s, e)
    cur: list[tuple[int, int]] = []  # word spans of the current segment
    pos = 0
    n = len(sk_text)

    def close(sep: str) -> None:
        if cur:
            s, e = cur[0][0], cur[-1][1]
            segs.append(_Seg(sk_text[s:e], s, e, words=len(cur)))
            seps.append(sep)
            cur.clear()
        elif segs and sep:
            seps[-1] = (seps[-1] + sep) if seps[-1] != "\n" else seps[-1]

    while pos < n:
        end = date_end.get(pos)
        if end is not None:
            close(" ")
            segs.append(_Seg(sk_text[pos:end], pos, end, kind="date", words=0))
            seps.append(" ")
            pos = end
            continue
        m = _TOKEN_RE.match(sk_text, pos)
        if not m:
            cur.append((pos, pos + 1))
            pos += 1
            continue
        if m.lastgroup == "nl":
            close("\n")
            if stop_at_newline and segs:
                return segs, seps, True
        elif m.lastgroup == "br":
            close("")
            inner = m.group("inner")
            lead = len(inner) - len(inner.lstrip())
            s = m.start("inner") + lead
            e = m.start("inner") + len(inner.rstrip())
            if e > s:
                segs.append(_Seg(sk_text[s:e], m.start(), m.end(), bracketed=True,
                                 words=len(inner.split())))
                seps.append("")
        elif m.lastgroup == "sep":
            close(m.group().strip() or " ")
        elif m.lastgroup == "word":
            cur.append((m.start(), m.end()))
        pos = m.end()
    close("")
    return segs, seps, False


def _split_glued(segs: list[_Seg], seps: list[str]) -> tuple[list[_Seg], list[str]]:
    """Split an agency glued to a name: "عبدالله البرقاوي سبق" -> name | سبق."""
    out_segs: list[_Seg] = []
    out_seps: list[str] = []
    for seg, sep in zip(segs, seps, strict=True):
        words = seg.text.split(" ") if (seg.kind == "unknown" and not seg.bracketed
                                        and not _is_agency(seg.text)
                                        and not _is_place(seg.text)) else []
        done = False
        for k in (3, 2, 1):
            if len(words) >= k + 2 and fold(" ".join(words[-k:])) in AGENCIES \
                    and _LIST_SEP.search(sep) and not _is_agency(" ".join(words[:-k])):
                cut = seg.start + len(" ".join(words[:-k]))
                out_segs.append(_Seg(seg.text[:cut - seg.start], seg.start, cut,
                                     words=len(words) - k))
                out_seps.append("-")  # a virtual separator between name and agency
                out_segs.append(_Seg(seg.text[cut - seg.start + 1:], cut + 1, seg.end, words=k))
                out_seps.append(sep)
                done = True
                break
        if not done:
            out_segs.append(seg)
            out_seps.append(sep)
    return out_segs, out_seps


def _split_connector(text: str) -> tuple[str, str] | None:
    """``("«الاقتصادية»", "الرياض")`` for ``"«الاقتصادية» من الرياض"``; None if no place."""
    words = text.split()
    for i in range(len(words) - 2, -1, -1):
        if fold(words[i]) in _CONNECTORS and _is_place(" ".join(words[i + 1:])):
            return " ".join(words[:i]), " ".join(words[i + 1:])
    return None


def _classify(seg: _Seg) -> None:
    if seg.kind == "date":
        return
    text = _STRIP_RE.sub("", seg.text)
    folded = fold(text)
    if not text or folded in _FILLER:
        seg.kind = "empty"
    elif _is_place(text):
        seg.kind = "place"
    elif _is_agency(text):
        seg.kind = "agency"
    elif folded.split(" ")[0] in _BYLINE_WORDS:
        seg.kind = "byline"
    else:
        split = _split_connector(text)
        if split is not None:
            prefix = split[0].strip("«»\"“” ")
            if not prefix:
                seg.kind = "place"  # "من الرياض" after «الاقتصادية»
            elif _is_agency(prefix):
                seg.kind = "agency+place"
            else:
                seg.kind = "reporter+place"  # "نايف الثقيل من الرياض"


_KNOWN = ("agency", "place", "agency+place", "reporter+place")
_PLACED = ("place", "agency+place", "reporter+place")


def _resolve(segs: list[_Seg], seps: list[str], byline: bool) -> bool:
    """Give unknown segments a role; False when this is not a dateline."""
    has_place = any(s.kind in _PLACED for s in segs)
    n = len(segs)
    for i, s in enumerate(segs):
        if s.kind != "unknown":
            continue
        nxt = segs[i + 1] if i + 1 < n else None
        prev = segs[i - 1] if i > 0 else None
        sep_after = seps[i] if i < len(seps) else ""
        sep_before = seps[i - 1] if i > 0 else ""
        dash_after = bool(_LIST_SEP.search(sep_after))
        dash_before = bool(_LIST_SEP.search(sep_before))
        if s.bracketed and s.words <= 4 and (
                (prev and prev.kind in ("place", "unknown")) or (nxt and nxt.kind == "place")):
            s.kind = "agency"  # "نجران: «الشرق الأوسط»", "«الاقتصادية» من الرياض"
        elif s.bracketed and prev and s.words <= 3 and (
                prev.kind == "reporter" or (prev.kind == "agency" and not has_place)):
            s.kind = "place"  # "واس (جدة)", "فلان (الرياض)، فلان (جازان)"
            has_place = True
        elif s.words == 1 and not has_place and nxt and nxt.kind in ("agency", "date"):
            s.kind = "place"  # "هاريسبورغ - رويترز"
            has_place = True
        elif (not byline and n == 1 and s.words == 1 and not s.bracketed
              and _DASH_RE.search(sep_after)):
            s.kind = "place"  # "كيدال- " at the very start of a story
            has_place = True
        elif s.words <= 3 and has_place and prev and prev.kind == "date" and (
                s.bracketed or dash_after or not nxt):
            s.kind = "agency"  # "لندن 23-7-2012 وفا-", "رام الله 12-3-2013 (وفا) -"
        elif s.words == 1 and not has_place and prev and prev.kind == "agency" and not nxt:
            s.kind = "place"  # "سبق- الشرقية:"
            has_place = True
        elif (byline and s.words <= 2 and not has_place and i == 0 and ":" in sep_after
              and nxt and nxt.kind == "unknown" and 2 <= nxt.words <= 4):
            s.kind = "place"  # "الأنبار: مناف العبيدي"
            has_place = True
        elif 2 <= s.words <= MAX_REPORTER_WORDS and not s.bracketed and (
                dash_after or dash_before or (byline and s.words <= 3)):
            s.kind = "reporter"
        else:
            return False
    return any(s.kind in _KNOWN for s in segs)


def _anchored(segs: list[_Seg]) -> bool:
    """A body dateline needs a place from the lexicon or an unambiguous agency."""
    for s in segs:
        text = _STRIP_RE.sub("", s.text)
        if s.kind == "place" and _is_place(text):
            return True
        if s.kind in ("agency", "agency+place") and fold(text) not in WEAK_AGENCIES:
            return True
        if s.kind in ("agency+place", "reporter+place"):
            return True
    return False


def _record(segs: list[_Seg], sk: Any, field: str) -> dict[str, Any]:
    core = [i for i, s in enumerate(segs) if s.kind in _KNOWN]
    segs = segs[core[0]:core[-1] + 1]
    start, end = sk.span(segs[0].start, segs[-1].end)
    city = agency = None
    for s in segs:
        text = _STRIP_RE.sub("", s.text)
        if s.kind == "place" and city is None:
            split = _split_connector(text)
            city = split[1] if split else text
        elif s.kind == "agency" and agency is None:
            agency = text
        elif s.kind in ("agency+place", "reporter+place"):
            prefix, place = _split_connector(text) or ("", text)
            if s.kind == "agency+place" and agency is None:
                agency = prefix.strip("«»\"“” ")
            city = city or place
    return {"raw": None, "city": city, "agency": agency, "field": field,
            "start": start, "end": end}


def _with_raw(rec: dict[str, Any], text: str) -> dict[str, Any]:
    raw = text[rec["start"]:rec["end"]]
    # Include a closing separator (":" or "-") that ends the dateline.
    rec["raw"] = raw
    return rec


# Page furniture that may sit above a dateline: "تم قراءة الموضوع 0 مرة", "عدد القراءات: 12".
_COUNT_WORDS = r"(?:مره|مرات|قراءه|قراءات|مشاهده|مشاهدات|زياره|زيارات|تعليق|تعليقات|زائر)"
_COUNTER_RE = re.compile(
    r"^[^\n]{0,60}?(?:\d+\s*" + _COUNT_WORDS + r"|(?:ال)?" + _COUNT_WORDS
    + r"\s*[:：]?\s*\d+)[^\n]{0,30}$")
MAX_COUNTER_LINES = 2


def is_counter_line(line: str) -> bool:
    """A short line that counts readers, views or comments (page furniture, not text)."""
    folded = fold(line)
    return len(folded.split()) <= 8 and _COUNTER_RE.match(folded) is not None


def find_dateline(text: str | None, field: str = "body") -> dict[str, Any] | None:
    """The dateline opening ``text`` (a body or lead), or ``None``.

    Returns ``{raw, city, agency, field, start, end}`` with offsets into ``text``. Up to
    ``MAX_COUNTER_LINES`` counter lines above it (``تم قراءة الموضوع 0 مرة``) are skipped.
    """
    if not text:
        return None
    offset = 0
    for _ in range(MAX_COUNTER_LINES + 1):
        found = _find_dateline_at_start(text[offset:], field)
        if found is not None or offset >= len(text):
            break
        line_end = text.find("\n", offset)
        if line_end < 0 or not is_counter_line(text[offset:line_end]):
            return None
        offset = line_end + 1
    if found is not None and offset:
        found["start"] += offset
        found["end"] += offset
    return found


def _find_dateline_at_start(text: str, field: str) -> dict[str, Any] | None:
    """The dateline at the very start of ``text`` (see :func:`find_dateline`)."""
    if not text:
        return None
    sk = skeleton(text, HEAD_CHARS)
    head = sk.text
    lead_ws = len(head) - len(head.lstrip())
    segs, seps, line_ended = _segments(head[lead_ws:], stop_at_newline=True)
    segs, seps = _split_glued(segs, seps)
    truncated = len(head) < len(text) and not line_ended
    for s in segs:
        s.start += lead_ws
        s.end += lead_ws
    best: list[_Seg] | None = None
    # Candidates: the first k segments, followed by a dateline separator and then body.
    for k in range(1, min(len(segs), 6) + 1):
        cand = [_Seg(s.text, s.start, s.end, s.kind, s.bracketed, s.words) for s in segs[:k]]
        if cand[-1].end - cand[0].start > MAX_DATELINE_CHARS:
            break
        if any(s.words > 5 for s in cand):
            break
        sep = seps[k - 1]
        last = k == len(segs)
        if last and truncated:
            break
        ends_line = last and (line_ended or sep == "\n")
        if not (ends_line or _HEAVY_SEP.search(sep) or cand[-1].kind == "date"):
            # Only "نجران: «الشرق الأوسط» يستضيف ..." may run straight into the story.
            if not (len(cand) >= 2 and cand[-1].bracketed and _is_agency(cand[-1].text)
                    and _is_place(_STRIP_RE.sub("", cand[-2].text))):
                continue
        if last and not ends_line:
            continue
        for s in cand:
            _classify(s)
        if not _resolve(cand, seps[:k], byline=False):
            continue
        attached_dash = len(cand) == 1 and head[cand[0].end:cand[0].end + 1] in _DASHES \
            and head[cand[0].end + 1:cand[0].end + 2] in (" ", "\n")
        if not (_anchored(cand) or attached_dash):
            continue  # "كيدال- " (dash attached to one word) is the only unanchored form
        if cand[-1].kind == "reporter" and not ends_line:
            continue  # a name right before the story text is its subject, not a byline
        if len(cand) == 1 and cand[0].kind == "place" and not _is_place(cand[0].text):
            # an unknown single word is a place only before a dash: "كيدال- "
            if not any(c in sep for c in _DASHES):
                continue
        best = cand
    if not best:
        return None
    return _with_raw(_record(best, sk, field), text)


def find_byline_dateline(text: str | None, field: str = "metadata:author"
                         ) -> dict[str, Any] | None:
    """A dateline inside a byline/author field (``لندن: رنيم حنوش``, ``واس (جدة)``)."""
    if not text or len(text) > 200:
        return None
    sk = skeleton(text)
    segs, seps, _ = _segments(sk.text, stop_at_newline=False)
    segs, seps = _split_glued(segs, seps)
    # Stop at a date or a "|": "لندن - الرياضية | Tuesday, 11 August 2015 - 15:52 pm"
    kept: list[_Seg] = []
    kept_seps: list[str] = []
    for seg, sep in zip(segs, seps, strict=True):
        if seg.kind == "date":
            break
        _classify(seg)
        if seg.kind not in ("empty", "byline"):
            kept.append(seg)
            kept_seps.append(sep)
        if "|" in sep:
            break
    if not kept or not _resolve(kept, kept_seps, byline=True):
        return None
    return _with_raw(_record(kept, sk, field), text)
