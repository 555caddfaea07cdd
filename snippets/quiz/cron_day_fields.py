import calendar
from datetime import datetime

from retrain_lab import CronError, next_runs

# When does `0 3 1-7 * mon` run in December 2026? Ask the cron module.
line = "0 3 1-7 * mon"
try:
    runs = next_runs(line, datetime(2026, 11, 30, 23, 59), count=40)
except CronError:
    print("Never")
else:
    december = [run for run in runs if run.month == 12]
    days = {run.day for run in december}
    times = {run.strftime("%H:%M") for run in december}
    mondays = {
        day
        for day in range(1, 32)
        if calendar.weekday(2026, 12, day) == calendar.MONDAY
    }
    first_week = set(range(1, 8))
    if times != {"03:00"}:
        print("at another time")
    elif days == first_week | mondays:
        print("At 03:00 on each of days 1 to 7 of every month, and also on every Monday")
    elif days == mondays:
        print("At 03:00 on every Monday only")
    elif days == first_week & mondays:
        print("At 03:00 on the first Monday of each month")
