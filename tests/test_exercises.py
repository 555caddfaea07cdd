"""Every exercise keeps its promises, in CPython and in Pyodide (under Node).

For each ``/// exercise`` block of the pages: its solution passes its check and every known-mistake
file gets exactly the message its ``#>`` lines record (``make update-examples`` rewrites them from
a real CPython run; review the diff). Both interpreters run the same check program the browser
runs (kmf_site/exercise/program.py) after the program, through the same runner.
"""

from __future__ import annotations

import pytest

from content import DOCS, SNIPPETS
from kmf_site.exercise import verify

# the docs build runs these (kmf_site/verification.py); one worker boots Pyodide once for them all
pytestmark = [pytest.mark.verify, pytest.mark.xdist_group("exercises")]

EXERCISES = verify.all_exercises(DOCS, SNIPPETS)
CASES = [case for exercise in EXERCISES for case in verify.cases(exercise, SNIPPETS)]
IDS = [case.key for case in CASES]


@pytest.fixture(scope="module")
def update(request) -> bool:
    return bool(request.config.getoption("update_examples", default=False))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_in_cpython(case, update):
    result = verify.judge_in_cpython(case)
    if update:
        verify.update(case, result)
    problems = verify.problems(case, result)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def in_pyodide() -> dict[str, dict]:
    from pyodide_node import run_in_pyodide

    jobs = [
        {"code": case.code, "filename": case.filename, "after": case.program, "timeout": verify.TIME_LIMIT}
        for case in CASES
    ]
    return dict(zip(IDS, run_in_pyodide(jobs), strict=True))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_in_pyodide(case, in_pyodide):
    run = in_pyodide[case.key]
    problems = verify.problems(case, run["result"])
    assert not problems, "\n".join(problems) + "\n" + run["stderr"]


def test_the_guided_steps_keep_their_known_mistakes():
    """The four steps had 54 known mistakes, each with its own message, when they moved into the
    exercise engine (issue #7, checked against the old checks.golden.json): none may get lost."""
    steps = [e for e in EXERCISES if e.path == "docs/see-it-in-action.md"][:4]
    assert [e.id for e in steps] == ["step-1", "step-2", "step-3", "step-4"]
    mistakes = [case for case in CASES if case.exercise in steps and case.expected is not None]
    assert len(mistakes) >= 54
    for exercise in steps:  # at least three different targeted messages per step
        messages = {
            c.expected[0] for c in mistakes if c.exercise is exercise and not c.expected[0].startswith("Not yet.")
        }
        assert len(messages) >= 3, exercise.id
