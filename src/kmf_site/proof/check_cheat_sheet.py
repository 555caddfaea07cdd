"""A page's cron section (a heading with the anchor ``{ #cron }``, to the next heading of its level:
the cheat sheet's) says what the learner package's ``cron`` module (``<package>.cron``,
crontab(5)'s rules) says.

- each row of the "Line | Means" table: the meaning states the same times, weekdays, days of the
  month and intervals as ``describe(line)``;
- the "Allowed values" table: each field's range is ``<package>.cron.FIELDS``'s;
- the midnight line is what ``@daily`` stands for, and means midnight every day;
- each usual mistake: a line cron rejects gives the reason quoted ("bad hour"), a line it accepts
  runs when the text says.

Every page's worked numbers ("`0.94 - 0.93 >= 0.01` is `False`", "√(0.9 × 0.1 / 1000) ≈ 0.0095")
are recomputed too. A wrong line
fails naming ``docs/cheat-sheet.md:LINE``. A project whose pages have no such section, or whose
learner package has no ``cron`` module, has nothing to check here.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from functools import cache
from pathlib import Path

import pytest

from kmf_site.proof.project import current

pytestmark = pytest.mark.verify
ANCHOR = "{ #cron }"

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


@cache
def cron_module():
    """The learner package's ``cron`` module, or None."""
    name = current().learner_name
    if name is None or importlib.util.find_spec(f"{name}.cron") is None:
        return None
    return importlib.import_module(f"{name}.cron")


def cron_pages() -> list[Path]:
    """The pages with a cron section."""
    return sorted(page for page in current().docs.rglob("*.md") if ANCHOR in page.read_text())


def section(text: str) -> tuple[str, int]:
    """The cron section of a page's ``text`` (its heading to the next heading of its level), and
    the line it starts on."""
    start = text.rindex("\n", 0, text.index(ANCHOR)) + 1
    level = re.match(r"#+ ", text[start:])[0]
    end = re.compile(rf"^{level}", re.M).search(text, text.index("\n", start))
    return text[start : end.start() if end else len(text)], text[:start].count("\n") + 1


def where_of(page: Path) -> str:
    # a page of the project by its path; a copy elsewhere (a test's) as if it were one of its pages
    # (a copy may sit inside the project's folder: a temporary folder there, as CI's is)
    docs = current().docs
    return current().rel(page) if page.resolve().is_relative_to(docs) else f"{docs.name}/{page.name}"


def problems(page: Path, cron=None) -> tuple[list[str], int]:
    cron = cron or cron_module()
    text = page.read_text()
    section_text, first = section(text)
    name = where_of(page)
    found, checked = [], 0
    fields = {name.replace("-", " "): (low, high) for name, low, high in cron.FIELDS}
    for n, line in enumerate(section_text.split("\n"), first):
        where = f"{name}:{n}"
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


@pytest.mark.parametrize("page", cron_pages(), ids=where_of)
def test_the_cron_lines_mean_what_cron_does(page):
    if cron_module() is None:
        pytest.skip(f"the learner package has no cron module to check {where_of(page)} against")
    found, checked = problems(page)
    assert not found, "\n".join(found)
    assert checked, f"{where_of(page)}: its cron section has no line this check reads"


IS = re.compile(r"`(?P<expr>[\d.\s<>=+*/-]+)` is `(?P<value>True|False|[\d.]+)`")
ROOT_OF = re.compile(r"√\((?P<expr>[^)]+)\) ≈ (?P<value>\d+\.\d+)")


def computed_problems(page: Path) -> tuple[list[str], int]:
    """The cheat sheet's worked numbers: "`0.94 - 0.93 >= 0.01` is `False`", "√(0.9 × 0.1 / 1000) ≈
    0.0095" are recomputed in Python (floats, as a pipeline computes them)."""
    found, checked, name = [], 0, where_of(page)
    for n, line in enumerate(page.read_text().split("\n"), 1):
        for m in IS.finditer(line):
            checked += 1
            if repr(eval(m["expr"])) != m["value"]:  # noqa: S307 - digits and operators only
                found.append(f"{name}:{n}: `{m['expr']}` is {eval(m['expr'])!r}")  # noqa: S307
        for m in ROOT_OF.finditer(line):
            checked += 1
            value = eval(m["expr"].replace("×", "*")) ** 0.5  # noqa: S307
            if round(value, len(m["value"].split(".")[1])) != float(m["value"]):
                found.append(f"{name}:{n}: √({m['expr']}) is {value:.6f}, not ≈ {m['value']}")
    return found, checked


def pages_with_worked_numbers() -> list[Path]:
    return sorted(page for page in current().docs.rglob("*.md") if computed_problems(page)[1])


@pytest.mark.parametrize("page", pages_with_worked_numbers(), ids=where_of)
def test_the_worked_numbers_are_computed(page):
    found, _ = computed_problems(page)
    assert not found, "\n".join(found)
