"""Test stand-in, loaded by every Python process (driver and Beam workers) whose
``PYTHONPATH`` starts with this directory: the dates extractor raises on any article
whose text holds ``FAIL_MARKER``, so a run shows what an extractor failure does.
Only the bad-input end-to-end test puts this directory on the path."""

FAIL_MARKER = "AKHBAR-TEST-DATES-RAISE"

try:
    import akhbar.dates as _dates

    _real = _dates.extract_article_dates

    def _extract_or_raise(fields, *args, **kwargs):
        if any(FAIL_MARKER in (text or "") for text in fields.values()):
            raise RuntimeError("stand-in dates extractor failure")
        return _real(fields, *args, **kwargs)

    _dates.extract_article_dates = _extract_or_raise
except Exception:  # noqa: BLE001 - never break interpreter start-up
    pass
