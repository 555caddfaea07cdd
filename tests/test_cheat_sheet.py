"""The cheat sheet's cron section says what `retrain_lab.cron` (crontab(5)'s rules) says.

- each row of the "Line | Means" table: the meaning states the same times, weekdays, days of the
  month and intervals as ``describe(line)``;
- the "Allowed values" table: each field's range is ``retrain_lab.cron.FIELDS``'s;
- the midnight line is what ``@daily`` stands for, and means midnight every day;
- each usual mistake: a line cron rejects gives the reason quoted ("bad hour"), a line it accepts
  runs when the text says.

A wrong line fails naming ``docs/cheat-sheet.md:LINE``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from content import DOCS
from retrain_lab import cron

pytestmark = pytest.mark.verify

ROW = re.compile(r"^\|\s*`(?P<line>[^`]+)`\s*\|\s*(?P<means>[^|]+?)\s*\|\s*$")
FIELD_ROW = re.compile(r"^\|\s*\d\.\s*(?P<field>[a-z ]+?)\s*\|\s*(?P<low>\d+)-(?P<high>\d+)")
MISTAKE = re.compile(r"^- `(?P<line>[^`]+)`: (?P<says>.+)$")
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINAL = re.compile(r"\b(?:day (?P<n>\d+)|(?P<o>\d+)(?:st|nd|rd|th))\b")


def facts(text: str) -> set[str]:
    """What a sentence about a schedule pins down: times, weekdays, days of the month, intervals."""
    text = text.lower().replace("midnight", "00:00")
    found = {f"at {t}" for t in re.findall(r"\b\d\d:\d\d\b", text)}
    found |= {f"on {day}" for day in DAYS if re.search(rf"\b{day[:3]}(?:day)?s?\b", text)}
    found |= {f"day {m['n'] or m['o']}" for m in ORDINAL.finditer(text)}
    found |= {f"every {n} minutes" for n in re.findall(r"every (\d+) minutes", text)}
    if "every day" in text:
        found.add("every day")
    return found


def problems(page: Path = DOCS / "cheat-sheet.md") -> tuple[list[str], int]:
    text = page.read_text()
    section = text[text.index("{ #cron }") : text.index("{ #guardrails }")]
    first = text[: text.index("{ #cron }")].count("\n") + 1
    found, checked = [], 0
    fields = {name.replace("-", " "): (low, high) for name, low, high in cron.FIELDS}
    for n, line in enumerate(section.split("\n"), first):
        where = f"docs/cheat-sheet.md:{n}"
        if m := ROW.match(line):
            checked += 1
            said, real = facts(m["means"]), facts(cron.describe(m["line"]))
            if said != real:
                found.append(f"{where}: `{m['line']}` means {cron.describe(m['line'])!r}, not {m['means']!r}")
        elif m := FIELD_ROW.match(line):
            checked += 1
            if fields.get(m["field"]) != (int(m["low"]), int(m["high"])):
                found.append(f"{where}: cron's {m['field']} runs {fields.get(m['field'])}, not {m['low']}-{m['high']}")
        elif m := MISTAKE.match(line):
            checked += 1
            says = m["says"]
            try:
                meaning = cron.describe(m["line"])
            except cron.CronError as error:
                reason = re.search(r'\("([^"]+)"\)', says)
                if not reason or not str(error).startswith(reason[1]):
                    found.append(
                        f"{where}: cron rejects `{m['line']}` with {str(error)!r}, which the text does not quote"
                    )
                continue
            if re.search(r'"bad [\w-]+"', says):
                found.append(f"{where}: cron accepts `{m['line']}` ({meaning}), the text says it is rejected")
            elif not facts(says.replace("**", "")) <= facts(meaning):
                found.append(f"{where}: `{m['line']}` runs {meaning!r}, not as the text says")
        elif "`@daily`" in line and (m := re.search(r"`(?P<line>[^`@]+)`", line)):
            checked += 1
            if cron.SHORTCUTS["@daily"] not in m["line"] or facts(line.split("`")[0]) != facts(
                cron.describe(m["line"])
            ):
                found.append(f"{where}: `{m['line']}` is not @daily ({cron.describe(m['line'])})")
    return found, checked


def test_the_cheat_sheets_cron_lines_mean_what_cron_does():
    found, checked = problems()
    assert not found, "\n".join(found)
    assert checked >= 14  # 4 meanings, 5 fields, the midnight line, 4 cron lines among the mistakes


@pytest.mark.parametrize(
    ("find", "planted", "message"),
    [
        ("| `30 3 * * mon` | Mondays at 03:30 |", "| `30 3 * * mon` | Mondays at 03:00 |",
         "means 'at 03:30 on Monday'"),
        ("| `0 0 1 * *` | the 1st of every month at midnight |", "| `0 0 1 * *` | the 2nd of every month at midnight |",
         "means 'at 00:00 on day 1 of the month'"),
        ("| 2. hour | 0-23 |", "| 2. hour | 0-24 |", "cron's hour runs (0, 23)"),
        ("", "", None),
        ("- `24 0 * * *`: valid, but it runs at 00:24.", "- `24 0 * * *`: valid, but it runs at 00:42.",
         "runs 'at 00:24 every day'"),
        ("**Every day at midnight: `0 0 * * * python retrain.py`**",
         "**Every day at midnight: `0 0 * * 1 python retrain.py`**", "is not @daily"),
    ],
)  # fmt: skip
def test_a_planted_wrong_cron_line_fails_naming_its_line(tmp_path, find, planted, message):
    page = tmp_path / "cheat-sheet.md"
    shutil.copy(DOCS / "cheat-sheet.md", page)
    text = page.read_text()
    if message is None:  # a mistake whose quoted reason is not cron's
        find, planted = '("bad hour")', '("bad minute")'
        message = "cron rejects `0 24 * * *` with 'bad hour"
    assert problems(page)[0] == []
    assert text.count(find) == 1, find
    page.write_text(text.replace(find, planted))
    line = text[: text.index(find)].count("\n") + 1
    found = problems(page)[0]
    assert found and found[0].startswith(f"docs/cheat-sheet.md:{line}: ") and message in found[0], found


IS = re.compile(r"`(?P<expr>[\d.\s<>=+*/-]+)` is `(?P<value>True|False|[\d.]+)`")
ROOT_OF = re.compile(r"√\((?P<expr>[^)]+)\) ≈ (?P<value>\d+\.\d+)")


def computed_problems(page: Path = DOCS / "cheat-sheet.md") -> tuple[list[str], int]:
    """The cheat sheet's worked numbers: "`0.94 - 0.93 >= 0.01` is `False`", "√(0.9 × 0.1 / 1000) ≈
    0.0095" are recomputed in Python (floats, as a pipeline computes them)."""
    found, checked = [], 0
    for n, line in enumerate(page.read_text().split("\n"), 1):
        for m in IS.finditer(line):
            checked += 1
            if repr(eval(m["expr"])) != m["value"]:  # noqa: S307 - digits and operators only
                found.append(f"docs/cheat-sheet.md:{n}: `{m['expr']}` is {eval(m['expr'])!r}")  # noqa: S307
        for m in ROOT_OF.finditer(line):
            checked += 1
            value = eval(m["expr"].replace("×", "*")) ** 0.5  # noqa: S307
            if round(value, len(m["value"].split(".")[1])) != float(m["value"]):
                found.append(f"docs/cheat-sheet.md:{n}: √({m['expr']}) is {value:.6f}, not ≈ {m['value']}")
    return found, checked


def test_the_cheat_sheets_worked_numbers_are_computed(tmp_path):
    found, checked = computed_problems()
    assert not found and checked == 2, found
    page = tmp_path / "cheat-sheet.md"
    page.write_text((DOCS / "cheat-sheet.md").read_text().replace("≈ 0.0095", "≈ 0.0105"))
    (problem,) = computed_problems(page)[0]
    assert "√(0.9 × 0.1 / 1000) is 0.009487, not ≈ 0.0105" in problem
