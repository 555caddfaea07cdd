"""Debug it: the nightly retraining job's crontab line (docs/debug-it.md, #cron-midnight).

The program installs RETRAIN_JOB with retrain_lab's parse_cron, as `crontab` would; the check asks
the program's own parse_cron and describe what that line does (the check itself imports nothing
from retrain_lab): when it runs, on which days, and which command.
"""

from kmf_site.exercise.checks import defined, fail, not_yet, short

NAMES = ("RETRAIN_JOB", "install", "schedule", "parse_cron", "describe", "next_runs", "CronError", "datetime")
COMMAND = "python retrain.py"
MIDNIGHT = "0 0 * * *"


def refusal(run, line):
    """Why cron refuses ``line`` ('' when it accepts it), asked of the program's own parse_cron."""
    try:
        run.ns["parse_cron"](line)
    except Exception as error:
        return str(error)
    return ""


def when(run, schedule):
    """When ``schedule`` runs, in the program's own words (describe)."""
    try:
        return str(run.ns["describe"](schedule))
    except Exception:
        return "at another time"


def check(run):
    line = defined(run, "RETRAIN_JOB")
    if not isinstance(line, str):
        fail(f"RETRAIN_JOB should be the crontab line as text, in quotes; found {short(line)}.")
    defined(run, "parse_cron", "Keep the first lines: from retrain_lab import CronError, describe, next_runs, parse_cron")
    problem = refusal(run, line)
    if problem:
        if problem.startswith("bad hour"):
            fail(
                f"cron refuses the line ({problem}). Midnight is hour 0, the first hour of the new day: {MIDNIGHT}",
                "crontab will not install a line it cannot read, so the nightly retraining never runs "
                "and the model serves older and older data while nothing looks wrong.",
            )
        if problem.startswith("bad day-of-month"):
            fail(
                f"cron refuses the line ({problem}). Days of the month count from 1; to run every day, "
                f"leave the third field as *: {MIDNIGHT}"
            )
        fail(
            f"cron still refuses the line ({problem or 'no schedule'}). Five fields, then the command: "
            f"{MIDNIGHT} {COMMAND}"
        )
    schedule = run.ns["parse_cron"](line)
    every_day_of(run, schedule)
    at_midnight(run, schedule)
    command_is_kept(schedule)


def every_day_of(run, schedule):
    if getattr(schedule, "at_reboot", False):
        fail("@reboot runs the job once, when the machine starts, not every night. Use the five fields: " + MIDNIGHT)
    if len(schedule.weekdays) < 7:
        fail(
            f"This line runs {when(run, schedule)}: the fifth field is the day of the week. "
            f"To run every day, leave it as *: {MIDNIGHT}"
        )
    if len(schedule.days) < 31:
        fail(
            f"This line runs {when(run, schedule)}: the third field is the day of the month. "
            f"To run every day, leave it as *: {MIDNIGHT}"
        )
    if len(schedule.months) < 12:
        fail(f"This line runs {when(run, schedule)}: the fourth field is the month; leave it as *: {MIDNIGHT}")


def at_midnight(run, schedule):
    minutes, hours = set(schedule.minutes), set(schedule.hours)
    if hours == {0} and minutes == {0}:
        return
    if hours == {23}:
        fail(
            "Hour 23 runs the job at 23:00, an hour before midnight. Midnight is the start of the "
            f"new day, hour 0: {MIDNIGHT}"
        )
    if hours == {12}:
        fail(f"Hour 12 is noon. Cron counts hours from 0 to 23, and midnight is hour 0: {MIDNIGHT}")
    if hours == {0} and len(minutes) == 60:
        fail(
            "A * in the first field means every minute: this line starts the job 60 times between "
            f"00:00 and 00:59. The first field is the minute: {MIDNIGHT}"
        )
    if hours == {0} and len(minutes) == 1:
        fail(
            f"This line runs {when(run, schedule)}: the first field is the minute and the second the "
            f"hour, so midnight is minute 0 of hour 0: {MIDNIGHT}"
        )
    not_yet(f"the job to run at 00:00 every day ({MIDNIGHT})", f"a line that runs {when(run, schedule)}")


def command_is_kept(schedule):
    command = schedule.command
    if command is not None and command.split() == COMMAND.split():
        return  # the shell splits the command into words: extra spaces change nothing
    if command is None:
        fail(f"The line lost its command. After the five time fields comes what cron runs: {MIDNIGHT} {COMMAND}")
    if command.split()[0][:1] in "*0123456789":
        fail(
            f"The line has six time fields: cron reads five (minute, hour, day of month, month, day "
            f"of week) and takes the sixth as the start of the command, {short(command)}. "
            f"Seconds fields belong to other schedulers, not cron: {MIDNIGHT} {COMMAND}"
        )
    fail(f"Keep the command as it was: {MIDNIGHT} {COMMAND}")
