"""Read, check and explain a crontab line the way crontab(5) defines it.

A line is five time fields and an optional command::

    minute  hour  day-of-month  month  day-of-week  [command]
    0-59    0-23  1-31          1-12   0-7 (0 and 7 are Sunday)

Each field is ``*`` (every value), a number, a range ``a-b``, a list ``a,b,c`` of those, and
optionally a step ``/n`` after ``*`` or a range (``*/15``, ``8-18/2``). Months and days of the
week may also be written as their first three letters (``jan``, ``mon``; any case).
The shortcuts ``@yearly`` (= ``@annually``), ``@monthly``, ``@weekly``, ``@daily``
(= ``@midnight``), ``@hourly`` and ``@reboot`` replace the five fields.

A day field is *restricted* when its text does not start with ``*``. If both day fields are
restricted, the job runs when *either* matches: ``0 0 1 * mon`` runs on the 1st of each month
*and* on every Monday, and ``0 3 1-7 * mon`` on each of days 1-7 *and* on every Monday (not "the
first Monday"). If either field starts with ``*``, even ``*/2``, both must match:
``0 3 */2 * mon`` runs only on Mondays that fall on an odd day. This is what Vixie cron and
cronie do: ``entry.c`` sets ``DOM_STAR``/``DOW_STAR`` when the field's first character is ``*``,
and ``cron.c`` takes ``dom && dow`` if either flag is set, else ``dom || dow``.

Errors use cron's own words: ``0 24 * * *`` raises :class:`CronError` with a message that
starts with ``bad hour``, ``0 0 0 * *`` with ``bad day-of-month``.

This module is a teaching model, not a cron daemon: it does not read time zones (cron uses
the machine's, GitHub Actions uses UTC) and rejects a step after a single number (``5/10``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "FIELDS",
    "SHORTCUTS",
    "CronError",
    "CronSchedule",
    "describe",
    "explain",
    "matches",
    "next_runs",
    "parse",
]

#: (name, lowest, highest) for the five fields, in order.
FIELDS: tuple[tuple[str, int, int], ...] = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 0, 7),
)

#: The @-shortcuts and the five fields each stands for (``@reboot`` has none).
SHORTCUTS: dict[str, str | None] = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
    "@reboot": None,
}

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


class CronError(ValueError):
    """A line cron would refuse. ``field`` names the field (``"hour"``, ...) or is None."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CronSchedule:
    """A parsed crontab line. The five sets hold every value at which the job may run."""

    text: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    fields: tuple[str, ...]
    command: str | None = None
    shortcut: str | None = None

    @property
    def at_reboot(self) -> bool:
        """True for ``@reboot``: it runs once when cron starts, not on a clock."""
        return self.shortcut == "@reboot"

    @property
    def dom_restricted(self) -> bool:
        return bool(self.fields) and not self.fields[2].startswith("*")

    @property
    def dow_restricted(self) -> bool:
        return bool(self.fields) and not self.fields[4].startswith("*")


def _number(token: str, name: str, low: int, high: int) -> int:
    """Read one number or three-letter name and check it is in range."""
    names = MONTHS if name == "month" else DAYS if name == "day-of-week" else ()
    lowered = token.lower()
    if lowered in names:
        return names.index(lowered) + (1 if name == "month" else 0)
    if not token.isdigit():
        hint = f" or a name like {names[0]!r}" if names else ""
        raise CronError(f"bad {name}: {token!r} is not a number{hint}", name)
    value = int(token)
    if not low <= value <= high:
        raise CronError(f"bad {name}: {value} is outside {low}-{high}", name)
    return value


def _field(text: str, name: str, low: int, high: int) -> frozenset[int]:
    """Expand one field (``*/15``, ``1-5``, ``0,30`` ...) into the set of its values."""
    values: set[int] = set()
    for part in text.split(","):
        if not part:
            raise CronError(f"bad {name}: empty item in {text!r}", name)
        base, slash, step_text = part.partition("/")
        if base == "*":
            start, end = low, high
        elif "-" in base:
            a, _, b = base.partition("-")
            start, end = _number(a, name, low, high), _number(b, name, low, high)
            if start > end:
                raise CronError(f"bad {name}: range {base!r} runs backwards", name)
        else:
            if slash:
                raise CronError(f"bad {name}: a step needs * or a range before it, not {base!r}", name)
            start = end = _number(base, name, low, high)
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"bad {name}: step {step_text!r} must be a whole number > 0", name)
            step = int(step_text)
        values.update(range(start, end + 1, step))
    if name == "day-of-week" and 7 in values:
        values.discard(7)
        values.add(0)  # 0 and 7 are both Sunday
    return frozenset(values)


def parse(line: str) -> CronSchedule:
    """Parse a crontab line (five fields or a shortcut, then an optional command).

    >>> parse("0 0 * * * python retrain.py").hours
    frozenset({0})

    Raises :class:`CronError` with cron's wording (``bad minute``, ``bad hour``,
    ``bad day-of-month``, ``bad month``, ``bad day-of-week``, ``bad time specifier``).
    """
    text = line.strip()
    if not text:
        raise CronError("empty line: expected five fields or an @shortcut")
    if text.startswith("@"):
        word, _, command = text.partition(" ")
        key = word.lower()
        if key not in SHORTCUTS:
            known = ", ".join(SHORTCUTS)
            raise CronError(f"bad time specifier: {word!r} is not one of {known}")
        expansion = SHORTCUTS[key]
        command = command.strip() or None
        if expansion is None:
            empty: frozenset[int] = frozenset()
            return CronSchedule(text, empty, empty, empty, empty, empty, (), command, key)
        base = parse(expansion)
        return CronSchedule(
            text, base.minutes, base.hours, base.days, base.months, base.weekdays,
            base.fields, command, key,
        )  # fmt: skip
    parts = text.split(None, 5)
    if len(parts) < 5:
        names = " ".join(f[0] for f in FIELDS)
        raise CronError(f"expected five fields ({names}), got {len(parts)}")
    sets = [_field(parts[i], *FIELDS[i]) for i in range(5)]
    command = parts[5] if len(parts) > 5 else None
    return CronSchedule(text, *sets, fields=tuple(parts[:5]), command=command)


def _compact(values: frozenset[int], label=str) -> str:
    """``{1,2,3,5}`` -> ``"1-3, 5"`` with each number passed through ``label``."""
    ordered = sorted(values)
    runs: list[list[int]] = []
    for v in ordered:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    out = []
    for run in runs:
        if len(run) >= 3:
            out.append(f"{label(run[0])}-{label(run[-1])}")
        else:
            out.extend(label(v) for v in run)
    return ", ".join(out)


def _step_of(field_text: str) -> int | None:
    if field_text.startswith("*/") and field_text[2:].isdigit():
        return int(field_text[2:])
    return None


def _field_meaning(index: int, text: str, values: frozenset[int]) -> str:
    name = FIELDS[index][0]
    unit = ("minute", "hour", "day of the month", "month", "day of the week")[index]
    if text == "*":
        return f"every {unit}"
    step = _step_of(text)
    label = {3: lambda m: MONTH_NAMES[m - 1], 4: lambda d: DAY_NAMES[d]}.get(index, str)
    listed = _compact(values, label)
    if step is not None:
        plural = {"minute": "minutes", "hour": "hours", "month": "months"}.get(name, unit.replace("day", "days", 1))
        return f"every {step} {plural}: {listed}"
    if index == 0:
        return f"at minute {listed}"
    if index == 1:
        return f"at hour {listed}" + (" (midnight)" if values == {0} else "")
    if index == 2:
        return f"on day {listed} of the month"
    if index == 3:
        return f"in {listed}"
    return f"on {listed}"


def describe(schedule: CronSchedule | str) -> str:
    """One sentence saying when the line runs, e.g. ``at 00:00 every day``."""
    s = parse(schedule) if isinstance(schedule, str) else schedule
    if s.at_reboot:
        return "once, when cron starts (after a reboot)"
    minutes, hours = sorted(s.minutes), sorted(s.hours)
    minute_text, hour_text = s.fields[0], s.fields[1]
    if minute_text == "*" and hour_text == "*":
        time = "every minute"
    elif minute_text == "*":
        time = f"every minute of hour {_compact(s.hours)}"
    elif hour_text == "*":
        step = _step_of(minute_text)
        if step is not None:
            time = f"every {step} minutes"
        else:
            time = f"at minute {_compact(s.minutes)} of every hour"
    elif len(minutes) * len(hours) <= 4:
        times = [f"{h:02d}:{m:02d}" for h in hours for m in minutes]
        joined = times[0] if len(times) == 1 else ", ".join(times[:-1]) + " and " + times[-1]
        time = "at " + joined
    else:
        time = f"at minute {_compact(s.minutes)} of hour {_compact(s.hours)}"
    dom = f"on day {_compact(s.days)} of the month"
    dow = "on " + _compact(s.weekdays, lambda d: DAY_NAMES[d])
    dom_filters = s.days != frozenset(range(1, 32))
    dow_filters = s.weekdays != frozenset(range(7))
    if s.dom_restricted and s.dow_restricted:
        day = f"{dom} and also {dow} (either day field matching is enough)"
    elif dom_filters and dow_filters:
        star = "day-of-month" if not s.dom_restricted else "day-of-week"
        day = f"{dom}, only if that day is also a {dow[3:]} ({star} starts with *, so both day fields must match)"
    elif dom_filters:
        day = dom
    elif dow_filters:
        day = dow
    else:
        day = "every day"
    month = "" if s.fields[3] == "*" else " in " + _compact(s.months, lambda m: MONTH_NAMES[m - 1])
    if day == "every day" and time.startswith("every"):
        return f"{time}{month}"
    return f"{time} {day}{month}"


def explain(schedule: CronSchedule | str) -> str:
    """A field-by-field explanation followed by the one-sentence summary."""
    s = parse(schedule) if isinstance(schedule, str) else schedule
    lines = [s.text]
    if s.shortcut:
        expansion = SHORTCUTS[s.shortcut]
        lines.append(f"  {s.shortcut} is short for {expansion}" if expansion else
                     f"  {s.shortcut} has no time fields")  # fmt: skip
    if s.fields:
        sets = (s.minutes, s.hours, s.days, s.months, s.weekdays)
        for i, (name, _low, _high) in enumerate(FIELDS):
            text = s.fields[i]
            lines.append(f"  {name:<13} {text:<8} {_field_meaning(i, text, sets[i])}")
    if s.command:
        lines.append(f"  {'command':<13} {s.command}")
    lines.append(f"  => {describe(s)}")
    return "\n".join(lines)


def matches(schedule: CronSchedule | str, when: datetime) -> bool:
    """True if the job runs in the minute ``when`` (seconds are ignored)."""
    s = parse(schedule) if isinstance(schedule, str) else schedule
    if s.at_reboot:
        return False
    if when.minute not in s.minutes or when.hour not in s.hours or when.month not in s.months:
        return False
    return _day_matches(s, when)


def _day_matches(s: CronSchedule, when: datetime) -> bool:
    """The two day fields: both must match, unless both are restricted, then either may."""
    dom_ok = when.day in s.days
    dow_ok = (when.isoweekday() % 7) in s.weekdays
    if s.dom_restricted and s.dow_restricted:
        return dom_ok or dow_ok
    return dom_ok and dow_ok


def next_runs(schedule: CronSchedule | str, after: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` minutes strictly after ``after`` at which the job runs.

    Looks at most eight years ahead, so a line that can never run (``0 0 30 2 *``, the 30th
    of February) returns fewer times, possibly none, instead of looping forever.
    """
    s = parse(schedule) if isinstance(schedule, str) else schedule
    if s.at_reboot:
        return []
    out: list[datetime] = []
    start = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    day = start.replace(hour=0, minute=0)
    for _ in range(8 * 366):
        if day.month in s.months:
            if _day_matches(s, day):
                for h in sorted(s.hours):
                    for m in sorted(s.minutes):
                        t = day.replace(hour=h, minute=m)
                        if t >= start:
                            out.append(t)
                            if len(out) == count:
                                return out
        day += timedelta(days=1)
    return out
