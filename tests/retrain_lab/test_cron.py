"""retrain_lab/cron.py: crontab lines parsed, explained and matched like cron does."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from retrain_lab import cron


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("60 0 * * *", "minute"),
        ("0 24 * * *", "hour"),
        ("0 0 0 * *", "day-of-month"),
        ("0 0 32 * *", "day-of-month"),
        ("0 0 * 13 *", "month"),
        ("0 0 * 0 *", "month"),
        ("0 0 * * 8", "day-of-week"),
        ("*/0 * * * *", "minute"),
        ("5-2 * * * *", "minute"),
        ("x * * * *", "minute"),
        ("0 0 * foo *", "month"),
    ],
)
def test_cron_rejects_with_crons_words(line, field):
    with pytest.raises(cron.CronError) as info:
        cron.parse(line)
    assert str(info.value).startswith(f"bad {field}:")
    assert info.value.field == field


def test_cron_rejects_unknown_shortcut_and_too_few_fields():
    with pytest.raises(cron.CronError, match="bad time specifier"):
        cron.parse("@often")
    with pytest.raises(cron.CronError, match="expected five fields"):
        cron.parse("0 0 * *")


def test_cron_midnight_and_daily_are_the_same():
    a = cron.parse("0 0 * * * python retrain.py")
    b = cron.parse("@daily python retrain.py")
    assert a.command == b.command == "python retrain.py"
    assert (a.minutes, a.hours) == (b.minutes, b.hours) == (frozenset({0}), frozenset({0}))
    assert a.days == frozenset(range(1, 32))
    assert cron.describe(a) == cron.describe(b) == "at 00:00 every day"


def test_cron_field_syntax_expands():
    s = cron.parse("*/15 8-18/2 1,15 jan-mar mon-fri")
    assert s.minutes == {0, 15, 30, 45}
    assert s.hours == {8, 10, 12, 14, 16, 18}
    assert s.days == {1, 15}
    assert s.months == {1, 2, 3}
    assert s.weekdays == {1, 2, 3, 4, 5}
    assert cron.parse("0 0 * * 7").weekdays == {0}  # 7 is Sunday too


def test_cron_day_fields_or_rule():
    s = cron.parse("0 0 1 * mon")
    assert cron.matches(s, datetime(2026, 12, 1, 0, 0))  # the 1st, a Tuesday
    assert cron.matches(s, datetime(2026, 11, 30, 0, 0))  # a Monday
    assert not cron.matches(s, datetime(2026, 12, 2, 0, 0))
    only_dom = cron.parse("0 0 1 * *")
    assert not cron.matches(only_dom, datetime(2026, 11, 30, 0, 0))


def test_cron_next_runs_and_impossible_dates():
    runs = cron.next_runs("0 0 * * *", datetime(2026, 11, 27, 9, 30), count=2)
    assert runs == [datetime(2026, 11, 28), datetime(2026, 11, 29)]
    assert cron.next_runs("*/30 * * * *", datetime(2026, 1, 1, 0, 0), 2) == [
        datetime(2026, 1, 1, 0, 30),
        datetime(2026, 1, 1, 1, 0),
    ]
    assert cron.next_runs("0 0 30 2 *", datetime(2026, 1, 1)) == []
    assert cron.next_runs("@reboot", datetime(2026, 1, 1)) == []


def test_cron_explain_lists_each_field():
    text = cron.explain("0 0 * * * python retrain.py")
    lines = text.splitlines()
    assert lines[0] == "0 0 * * * python retrain.py"
    assert [line.split()[0] for line in lines[1:6]] == [
        "minute",
        "hour",
        "day-of-month",
        "month",
        "day-of-week",
    ]
    assert "(midnight)" in lines[2]
    assert lines[-1] == "  => at 00:00 every day"
    assert cron.describe("30 2 * * mon-fri") == "at 02:30 on Monday-Friday"
    assert cron.describe("*/15 * * * *") == "every 15 minutes"


# Issue 8: the expert review's corrections


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
