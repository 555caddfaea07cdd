from datetime import datetime, timedelta

from retrain_lab import CronError, next_runs

# The lines the question offers. Keep the one cron accepts and that
# fires at 00:00, and only then, on each of the next seven days.
lines = [
    "0 0 * * * python retrain.py",
    "* * 0 0 * python retrain.py",
    "0 24 * * * python retrain.py",
    "0 0 0 * * python retrain.py",
]
start = datetime(2026, 12, 7, 0, 0)
midnights = [start + timedelta(days=d) for d in range(7)]
for line in lines:
    try:
        runs = next_runs(line, start - timedelta(minutes=1), count=7)
    except CronError:
        continue
    if runs == midnights:
        print(line)
