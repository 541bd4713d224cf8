"""What the held-out class tests (``test_heldout_*_classes.py``) share: the extractor's
output as (text, type, value) triples, the publication dates they draw, and the names of
weekdays and months they write sentences with."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from akhbar.dates import extract_dates

DATES = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))
WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]  # Monday=0
MONTHS = {1: "يناير", 2: "فبراير", 3: "مارس", 4: "أبريل", 5: "مايو", 6: "يونيو", 7: "يوليو",
          8: "أغسطس", 9: "سبتمبر", 10: "أكتوبر", 11: "نوفمبر", 12: "ديسمبر"}


def extracted(text: str, dct: dt.date) -> list[tuple[str, str, str | None]]:
    """Every expression ``extract_dates`` finds in ``text`` published on ``dct``."""
    return [(t.text, t.type, t.value) for t in extract_dates(text, dct)]
