"""Numbers a page quotes from a run must be what the run prints.

The prose right after a runnable block often reads its output aloud ("slides from 0.94 to 0.28").
Every decimal number in that prose (up to the next heading or code block) has to appear in the
program's real output or in its source, so a changed seed cannot leave a stale sentence behind.
"""

from __future__ import annotations

import re

import pytest

from content import DOCS, SNIPPETS, rel, run_like_the_browser
from kmf_site.exercise.verify import all_exercises
from kmf_site.includes import runnable_blocks

pytestmark = pytest.mark.verify
PROSE = re.compile(r"\n(?P<prose>.*?)(?=\n```|\n#|\n///|\Z)", re.S)  # up to the next code, heading or block
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d+(?!\w|\.\d)")


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
    assert not stale, f"{rel(page)}:{line}: {stale} not printed by {rel(program)}"


FRACTION = re.compile(r"(?<![\w./])\d+/\d+(?![\w/])")


def exercise_claims():
    for exercise in all_exercises(DOCS, SNIPPETS):
        yield pytest.param(exercise, id=f"{exercise.path}:{exercise.line}")


@pytest.mark.parametrize("exercise", list(exercise_claims()))
def test_numbers_in_an_exercise_instruction_come_from_its_programs(exercise):
    """An instruction that reads a run aloud ("v2 scores 874/1000", "0.94 at launch") quotes what
    its start or solution program really prints (or writes in its source)."""
    known = ""
    for path in (SNIPPETS / exercise.start, SNIPPETS / exercise.solution):
        _, output, _ = run_like_the_browser(path.read_text(), exercise.file)
        known += output + path.read_text()
    numbers = DECIMAL.findall(exercise.body) + FRACTION.findall(exercise.body)
    stale = [number for number in numbers if number not in known]
    assert not stale, f"{exercise.path}:{exercise.line}: {stale} not printed by {exercise.start} or {exercise.solution}"
