"""The adoption rollup (issue 15): atomic daily counters, bounded samples, once-markers."""
from __future__ import annotations

from datetime import date

from chalicelib.services import adoption


def test_count_adds_into_the_days_item_without_reading_first(demo, ddb_calls):
    day = date(2031, 3, 4)
    with ddb_calls() as calls:
        adoption.count("rollup_probe", day=day)
        adoption.count("rollup_probe", 2, day=day.isoformat())
    assert calls == ["UpdateItem", "UpdateItem"]
    assert adoption.history(day, day)[day.isoformat()]["rollup_probe"] == 3


def test_samples_are_kept_and_history_spans_months(demo):
    adoption.sample("rollup_sample", 60, day=date(2031, 3, 31))
    adoption.sample("rollup_sample", 120, day=date(2031, 3, 31))
    adoption.count("rollup_probe2", day=date(2031, 4, 1))
    days = adoption.history(date(2031, 3, 30), date(2031, 4, 2))
    assert days["2031-03-31"]["rollup_sample"] == 2
    assert days["2031-03-31"]["rollup_sample~samples"] == [60, 120]
    assert days["2031-04-01"]["rollup_probe2"] == 1


def test_once_is_true_only_the_first_time(demo):
    assert adoption.once("rollup_once", "x1") is True
    assert adoption.once("rollup_once", "x1") is False
