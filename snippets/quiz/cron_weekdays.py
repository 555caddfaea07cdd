from datetime import datetime, timedelta

from retrain_lab import CronError, next_runs

# The lines the question offers. Keep the one that fires at 06:30 on
# each weekday of a fortnight, and never at any other time.
lines = ["30 6 * * 1-5", "6 30 * * 1-5", "30 6 1-5 * *", "30 6 * 1-5 *"]
start = datetime(2026, 12, 7)  # a Monday
days = [start + timedelta(days=d) for d in range(14)]
wanted = [day.replace(hour=6, minute=30) for day in days if day.weekday() < 5]
for line in lines:
    try:
        runs = next_runs(line, start, count=len(wanted))
    except CronError:
        continue
    if runs == wanted:
        print(line)
