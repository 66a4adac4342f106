"""What each period is compared with (the overview's change tiles and the report)."""

from datetime import date

from dongfeng.overview.periods import LAST_YEAR, MONTH, QUARTER, WEEK, YEAR_TO_DATE, preset
from grids.generic.figures import Period

TODAY = date(2026, 11, 27)


def test_the_year_to_date_is_compared_with_the_same_days_of_last_year():
    ytd = preset(YEAR_TO_DATE, TODAY)
    assert ytd == Period(date(2026, 1, 1), date(2026, 11, 28), year_on_year=True)
    assert ytd.previous() == Period(date(2025, 1, 1), date(2025, 11, 28), year_on_year=True)


def test_a_year_to_date_through_the_29th_of_february_ends_a_year_before_on_the_28th():
    ytd = preset(YEAR_TO_DATE, date(2028, 2, 28))  # ends (exclusive) on 29 February
    assert ytd.previous() == Period(date(2027, 1, 1), date(2027, 2, 28), year_on_year=True)


def test_the_other_presets_are_compared_with_the_span_just_before():
    assert preset(MONTH, TODAY).previous() == Period(date(2026, 10, 1), date(2026, 11, 1))
    assert preset(QUARTER, TODAY).previous() == Period(date(2026, 7, 1), date(2026, 10, 1))
    assert preset(LAST_YEAR, TODAY).previous() == Period(date(2024, 1, 1), date(2025, 1, 1))
    week = preset(WEEK, TODAY)
    assert week.previous() == Period(date(2026, 11, 16), date(2026, 11, 23))


def test_a_custom_range_is_compared_with_as_many_days_just_before():
    custom = Period(date(2025, 12, 20), date(2026, 1, 10))
    assert custom.previous() == Period(date(2025, 11, 29), date(2025, 12, 20))
