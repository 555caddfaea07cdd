from datetime import datetime

from retrain_lab import CronError, describe, next_runs, parse_cron

# Put your own schedules here: they are checked the way cron checks them.
lines = ["0 0 * * *", "0 24 * * *", "30 2 * * mon", "@weekly"]
after = datetime(2026, 11, 27, 9, 30)


def check(line):
    try:
        parse_cron(line)
    except CronError as error:
        return f"{line!r}: rejected, {error}"
    first = next_runs(line, after, count=1)[0]
    return f"{line!r}: {describe(line)}, next run {first:%a %d %b %H:%M}"


for line in lines:
    print(check(line))
    #> '0 0 * * *': at 00:00 every day, next run Sat 28 Nov 00:00
    #> '0 24 * * *': rejected, bad hour: 24 is outside 0-23
    #> '30 2 * * mon': at 02:30 on Monday, next run Mon 30 Nov 02:30
    #> '@weekly': at 00:00 on Sunday, next run Sun 29 Nov 00:00
