"""Wall-clock times in Amsterdam, in Dutch and English, across daylight saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.timeutil import format_span, from_local, local


def test_catalogue_times_are_amsterdam_wall_clock_in_winter_and_summer() -> None:
    assert from_local(datetime(2026, 12, 12, 14, 0)) == datetime(2026, 12, 12, 13, 0, tzinfo=UTC)
    assert from_local(datetime(2027, 6, 5, 14, 0)) == datetime(2027, 6, 5, 12, 0, tzinfo=UTC)


def test_the_day_clocks_go_forward_keeps_the_wall_clock_time() -> None:
    # Sunday 28 March 2027: 02:00 becomes 03:00 in Amsterdam.
    start = from_local(datetime(2027, 3, 28, 14, 0))
    end = from_local(datetime(2027, 3, 28, 15, 30))
    assert start == datetime(2027, 3, 28, 12, 0, tzinfo=UTC)
    assert format_span(start, end, "nl", today=date(2027, 3, 1)) == "zondag 28 maart, 14:00–15:30"
    assert local(from_local(datetime(2027, 3, 27, 14, 0))).utcoffset().total_seconds() == 3600


def test_dutch_and_english_formats_with_the_year_when_it_is_not_this_year() -> None:
    start = from_local(datetime(2027, 1, 13, 14, 0))
    end = from_local(datetime(2027, 1, 13, 15, 0))
    today = date(2026, 11, 24)
    assert format_span(start, end, "nl", today=today) == "woensdag 13 januari 2027, 14:00–15:00"
    assert format_span(start, end, "en", today=today) == "Wednesday 13 January 2027, 14:00–15:00"
