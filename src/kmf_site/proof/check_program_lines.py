"""Every line of a program a reader edits in an exercise (start, solution, known mistakes: what the
editor holds and what the browser tests type) fits the editor without wrapping: at most LIMIT
characters. A longer line wraps in the editor, and the browser test that types a fix line by line
(tests/e2e/test_debug_it.py, ArrowDown moves by screen line) then edits the wrong line. The build
runs this check (marker verify), so a long line fails naming its file:line and the limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmf_site.exercise.syntax import split_mistake
from kmf_site.exercise.verify import all_exercises
from kmf_site.proof.content import rel
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify
LIMIT = 75  # characters; the longest line today (the cron exercise) is 75


def edited_programs() -> list[Path]:
    found, docs, snippets = set(), current().docs, current().snippets
    for exercise in all_exercises(docs, snippets):
        found |= {snippets / exercise.start, snippets / exercise.solution, *exercise.mistake_files(snippets)}
    return sorted(path for path in found if path.suffix == ".py" and path.name != "checks.py")


def long_lines(path: Path, limit: int = LIMIT) -> list[str]:
    code, _ = split_mistake(path.read_text())  # the program, without the #> message under it
    where = rel(path) if path.resolve().is_relative_to(current().snippets) else path  # a project's, or a copy
    return [
        f"{where}:{n}: this line is {len(line)} characters, "
        f"over the {limit} an exercise's editor shows without wrapping: split it (or shorten a name)"
        for n, line in enumerate(code.splitlines(), 1)
        if len(line) > limit
    ]


def test_every_line_a_reader_edits_fits_the_editor():
    programs = edited_programs()
    problems = [problem for path in programs for problem in long_lines(path)]
    assert not problems, "\n".join(problems)
