from datetime import datetime

from retrain_lab import CronError, describe, next_runs, parse_cron

# The nightly retraining job: it must run every day at midnight.
RETRAIN_JOB = "0 0 * * sun-sat python retrain.py"
NOW = datetime(2025, 3, 14, 9, 30)


def install(line):
    """Check a line as `crontab` does: its schedule, or None if refused."""
    try:
        return parse_cron(line)
    except CronError as error:
        print(f"crontab: {error}: the job is NOT installed")
        return None


schedule = install(RETRAIN_JOB)
if schedule is not None:
    print("installed: runs", describe(schedule))
    for when in next_runs(schedule, after=NOW, count=3):
        print("next run:", when)
