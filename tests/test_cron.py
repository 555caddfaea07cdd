"""retrain_lab.cron: the day-field rule of Vixie cron and cronie, and how it is described.

A day field is restricted when its text does not start with `*` (cronie's entry.c sets DOM_STAR /
DOW_STAR from the first character). Both restricted: either field may match. Otherwise: both must.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from retrain_lab import cron


def runs_in(line: str, year: int, month: int) -> list[datetime]:
    start = datetime(year, month, 1) - timedelta(minutes=1)
    return [t for t in cron.next_runs(line, start, count=40) if t.month == month]


def test_first_seven_days_or_any_monday_not_the_first_monday():
    line = "0 3 1-7 * mon"
    s = cron.parse(line)
    assert s.dom_restricted and s.dow_restricted
    assert cron.matches(s, datetime(2026, 12, 1, 3, 0))  # a Tuesday, day 1
    assert cron.matches(s, datetime(2026, 11, 30, 3, 0))  # a Monday, day 30
    assert not cron.matches(s, datetime(2026, 12, 8, 3, 0))  # a Tuesday, day 8
    for year in (2026, 2027):
        for month in range(1, 13):
            runs = runs_in(line, year, month)
            mondays = sum(1 for d in range(1, 32) if _is(year, month, d, weekday=0))
            assert len(runs) == 6 + mondays  # days 1-7 hold exactly one Monday
            assert len(runs) in (10, 11)  # the Test page's explanation


def _is(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return datetime(year, month, day).weekday() == weekday
    except ValueError:
        return False


def test_a_day_field_starting_with_a_star_means_both_must_match():
    s = cron.parse("0 3 */2 * mon")
    assert not s.dom_restricted and s.dow_restricted
    runs = cron.next_runs(s, datetime(2026, 11, 27), count=12)
    assert len(runs) == 12
    assert all(t.weekday() == 0 and t.day % 2 == 1 for t in runs)
    assert not cron.matches(s, datetime(2026, 11, 30, 3, 0))  # a Monday, but day 30 is even


def test_describe_says_or_and_and():
    assert cron.describe("0 3 1-7 * mon") == (
        "at 03:00 on day 1-7 of the month and also on Monday (either day field matching is enough)"
    )
    text = cron.describe("0 3 */2 * mon")
    assert text.startswith("at 03:00 on day 1, 3, 5,")
    assert "only if that day is also a Monday" in text and "both day fields must match" in text
    assert cron.describe("0 3 * * */2") == "at 03:00 on Sunday, Tuesday, Thursday, Saturday"
    assert cron.describe("0 3 1-7 * *") == "at 03:00 on day 1-7 of the month"
    assert cron.describe("0 0 * * *") == "at 00:00 every day"


def test_steps_in_day_fields_read_as_plurals():
    text = cron.explain("0 3 */2 * *")
    assert "every 2 days of the month: 1, 3, 5" in text
    assert "every 2 days of the week: Sunday" in cron.explain("0 3 * * */2")
    assert "every 3 months: January, April, July, October" in cron.explain("0 0 1 */3 *")
