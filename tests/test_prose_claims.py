"""Numbers a page quotes from a run must be what the run prints.

The prose right after a runnable block often reads its output aloud ("slides from 0.94 to 0.28").
Every decimal number in that prose (up to the next heading, code block or quiz) has to appear in
the program's real output or in its source, and so does every whole number from 10 up ("158
rows", "88 degrees", "1,000 rows"; thousands separators are ignored), so a changed seed cannot
leave a stale sentence behind.
"""

from __future__ import annotations

import re

import pytest

from content import DOCS, SNIPPETS, rel, run_like_the_browser
from kmf_site.includes import runnable_blocks

pytestmark = pytest.mark.verify
PROSE = re.compile(r"\n(?P<prose>.*?)(?=\n```|\n#|\n///|\Z)", re.S)  # up to the next code, heading or block
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")
WHOLE = re.compile(r"(?<![\w.,#])(?:\d{1,3}(?:,\d{3})+|\d{2,})(?![\w.]|,\d)")
DIGIT_GROUPS = re.compile(r"(?<=\d)[,_](?=\d{3})")


def whole_numbers_missing(prose: str, known: str) -> list[str]:
    """Whole numbers of two or more digits in ``prose`` that ``known`` never shows as a number."""
    plain = DIGIT_GROUPS.sub("", known)
    return [
        number
        for number in WHOLE.findall(prose)
        if not re.search(rf"(?<![\d.]){DIGIT_GROUPS.sub('', number)}(?!\d)", plain)
    ]


def claims():
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text()
        for block in runnable_blocks(text):
            prose = PROSE.match(text, block.end)
            if not prose:
                continue
            line = text.count("\n", 0, prose.start("prose")) + 1
            yield pytest.param(page, line, SNIPPETS / block.path, prose["prose"], id=f"{rel(page)}:{line}")


@pytest.mark.parametrize(("page", "line", "program", "prose"), list(claims()))
def test_numbers_in_prose_come_from_the_run(page, line, program, prose):
    _, output, _ = run_like_the_browser(program.read_text(), program.name)
    known = output + program.read_text()
    stale = [number for number in DECIMAL.findall(prose) if number not in known]
    stale += whole_numbers_missing(prose, known)
    assert not stale, f"{rel(page)}:{line}: {stale} not printed by {rel(program)}"


def test_whole_numbers_are_checked_as_numbers():
    known = "mean 0.89, 158 rows, 1000 rows, make_rows(50_000)"
    assert whole_numbers_missing("158 rows, 1,000 rows, 50,000 rows, 88 degrees, week 9", known) == ["88"]
    assert whole_numbers_missing("0.89 and the 30th", known) == []  # decimals and ordinals are not whole numbers
    assert whole_numbers_missing("15 rows", "0.15") == ["15"]  # a digit run inside a decimal does not count
