"""Where a rule lives: every grammar rule has exactly one handler in a family module, and
every handler serves a rule (no dead code, no rule silently dropped)."""

from __future__ import annotations

from akhbar.dates import absolute, durations, extractor, hijri, relative, times, weekdays
from akhbar.dates.grammar import rules

FAMILIES = (absolute, durations, hijri, relative, times, weekdays)


def test_each_rule_name_has_one_handler_in_one_family():
    names = {r.name for r in rules()}
    owners = {}
    for module in FAMILIES:
        for name in module.HANDLERS:
            assert name not in owners, f"{name} handled in {owners[name]} and {module.__name__}"
            owners[name] = module.__name__
    assert set(owners) == names
    assert extractor.HANDLERS.keys() == names


def test_handlers_take_one_hit():
    import inspect

    for module in FAMILIES:
        for name, fn in module.HANDLERS.items():
            params = list(inspect.signature(fn).parameters)
            assert params == ["h"], (module.__name__, name, params)
