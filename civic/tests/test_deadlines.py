"""The clock helper behind every closing time: one comparison, one reading of a date."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from civic import deadlines

CLOSING = datetime(2031, 3, 14, 19, 30, tzinfo=UTC)


def test_a_closing_time_is_passed_from_its_very_instant_and_not_a_microsecond_before():
    # when / then
    assert deadlines.has_passed(CLOSING, now=CLOSING)
    assert not deadlines.has_passed(CLOSING, now=CLOSING - timedelta(microseconds=1))
    assert not deadlines.has_passed(None, now=CLOSING)


def test_a_closing_date_lasts_until_midnight_in_ales_even_on_the_night_clocks_go_forward():
    # given the last Sunday of March 2031, when Alès moves from UTC+1 to UTC+2
    day = date(2031, 3, 29)
    # when
    end = deadlines.end_of_day(day)
    # then
    local = timezone.localtime(end)
    assert (local.date(), local.hour, local.minute) == (date(2031, 3, 30), 0, 0)
    assert end == datetime(2031, 3, 29, 23, 0, tzinfo=UTC)


def test_the_closing_time_is_worded_in_the_towns_time_zone():
    # when / then
    assert deadlines.closing_words(CLOSING) == {"day": "14 mars 2031", "time": "20:30"}
