from datetime import datetime

from retrain_lab import CronError, describe, explain, next_runs, parse_cron

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

# Both day fields restricted (neither starts with *): either one is enough.
line = "0 3 1-7 * mon"
print(f"{line} => {describe(line)}")
'''
0 3 1-7 * mon => at 03:00 on day 1-7 of the month and also on Monday (either day field matching is enough)
'''
for run in next_runs(line, after, count=3):
    print("next run:", run.strftime("%a %Y-%m-%d %H:%M"))
    #> next run: Mon 2026-11-30 03:00
    #> next run: Tue 2026-12-01 03:00
    #> next run: Wed 2026-12-02 03:00

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
