"""Offsets through akhbar.normalize: spans found on light text map back to the raw field."""

from __future__ import annotations

import datetime as dt

import pytest

from akhbar.dates import extract_dates, map_to_original

normalize_mod = pytest.importorskip("akhbar.normalize")


def test_spans_map_back_to_raw_text_with_tatweel_and_spaces():
    raw = "الرياض  25 شوال 1436 هـ الموافق ١٠ أغسطس ٢٠١٥ م  واس"
    norm = normalize_mod.normalize(raw, "light")
    found = map_to_original(extract_dates(norm.text, dt.date(2015, 8, 10)), norm)
    assert [(t.text, t.value) for t in found] == [
        ("25 شوال 1436 هـ", "2015-08-10"), ("١٠ أغسطس ٢٠١٥ م", "2015-08-10")]
    for t in found:
        assert raw[t.start:t.end] == t.text


def test_glued_tatweel_after_hijri_marker_stays_in_span():
    raw = "صدر في عام 1435هـ قرار"
    norm = normalize_mod.normalize(raw, "light")
    (t,) = map_to_original(extract_dates(norm.text, dt.date(2015, 8, 10)), norm)
    assert t.text == "عام 1435هـ"
    assert raw[t.start:t.end] == t.text
