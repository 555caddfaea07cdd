from datetime import datetime

from retrain_lab import CronError, explain, next_runs, parse_cron

print(explain("0 0 * * * python retrain.py"))
'''
0 0 * * * python retrain.py
  minute        0        at minute 0
  hour          0        at hour 0 (midnight)
  day-of-month  *        every day of the month
  month         *        every month
  day-of-week   *        every day of the week
  command       python retrain.py
  => at 00:00 every day
'''

after = datetime(2026, 11, 27, 9, 30)
for run in next_runs("@daily", after, count=2):
    print("next run:", run.isoformat(sep=" "))
    #> next run: 2026-11-28 00:00:00
    #> next run: 2026-11-29 00:00:00

# Lines a real cron refuses, with the reason it gives:
for line in ["0 24 * * *", "0 0 0 * *", "60 0 * * *", "0 0 * 13 *"]:
    try:
        parse_cron(line)
    except CronError as error:
        print(f"{line!r:14} rejected: {error}")
        #> '0 24 * * *'   rejected: bad hour: 24 is outside 0-23
        #> '0 0 0 * *'    rejected: bad day-of-month: 0 is outside 1-31
        #> '60 0 * * *'   rejected: bad minute: 60 is outside 0-59
        #> '0 0 * 13 *'   rejected: bad month: 13 is outside 1-12
