"""Every exercise keeps its promises, in CPython and in Pyodide (under Node).

For each ``/// exercise`` block of the pages: its solution passes its check and every known-mistake
file gets exactly the message its ``#>`` lines record (``make update-examples`` rewrites them from
a real CPython run; review the diff). Both interpreters run the same check program the browser
runs (kmf_site/exercise/program.py) after the program, through the same runner.
"""

from __future__ import annotations

import pytest

from kmf_site.exercise import verify
from kmf_site.exercise.program import check_program
from kmf_site.proof.content import selected
from kmf_site.proof.project import current

# the docs build runs these (kmf_site/verification.py); one worker boots Pyodide once for them all
pytestmark = [pytest.mark.verify, pytest.mark.xdist_group("exercises")]

DOCS, SNIPPETS = current().docs, current().snippets
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
def in_pyodide(request) -> dict[str, dict]:
    """Every selected case run in one Pyodide batch (one boot of Node and Pyodide)."""
    from kmf_site.proof.pyodide_node import run_in_pyodide

    cases = selected(request, "test_in_pyodide", "case")
    jobs = [
        {"code": case.code, "filename": case.filename, "after": case.program, "timeout": verify.TIME_LIMIT}
        for case in cases
    ]
    return dict(zip([case.key for case in cases], run_in_pyodide(jobs), strict=True))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_in_pyodide(case, in_pyodide):
    run = in_pyodide[case.key]
    problems = verify.problems(case, run["result"])
    assert not problems, "\n".join(problems) + "\n" + run["stderr"]


def sequences() -> list[tuple]:
    """Each guided step with the step after it: the next exercise on the same page that starts
    from its solution (a page's steps in sequence; standalone exercises start from their own code)."""
    return [
        (exercise, following)
        for exercise, following in zip(EXERCISES, EXERCISES[1:], strict=False)
        if following.path == exercise.path and following.start == exercise.solution
    ]


def extends(exercise, following) -> bool:
    """Whether the next step's solution is this step's with lines added at its end (step 5 instead
    edits step 3's if, so what step 4 accepts is not carried into it by appending)."""
    before, after = (SNIPPETS / exercise.solution).read_text(), (SNIPPETS / following.solution).read_text()
    return after.startswith(before.rstrip("\n"))


def added_lines(before: str, after: str) -> str:
    """What the next step's solution adds at the end of this step's solution."""
    assert after.startswith(before.rstrip("\n")), "the next solution does not extend this one"
    return after[len(before.rstrip("\n")) :]


CHAIN = [
    (exercise, following, path)
    for exercise, following in sequences()
    if extends(exercise, following)
    for path in [SNIPPETS / exercise.solution, *exercise.accepted_files(SNIPPETS)]
    # a program kept inside main() cannot be extended by appending lines at the left edge
    if "def main" not in path.read_text()
]


@pytest.mark.parametrize(
    "exercise, following, path", CHAIN, ids=[f"{p.relative_to(SNIPPETS)} -> {f.id}" for _, f, p in CHAIN]
)
def test_what_a_step_accepts_the_next_step_accepts(exercise, following, path):
    """A program step N accepts, with step N+1's new lines added, passes step N+1: step 1's other
    key order, dict(...), helper variables ... carry through to step 4's printed dict."""
    grow = added_lines(
        (SNIPPETS / exercise.solution).read_text(), verify.split_mistake((SNIPPETS / following.solution).read_text())[0]
    )
    code = path.read_text().rstrip("\n") + grow
    case = verify.Case(following, path, f"{path.relative_to(SNIPPETS)} + {following.id}", code, None,
                       check_program(following, SNIPPETS), 1)  # fmt: skip
    result = verify.judge_in_cpython(case)
    where = f"snippets/{path.relative_to(SNIPPETS)}:1"
    assert result["passed"], (
        f"{where} passes {exercise.id}, not with {following.id}'s lines: {result['message']}\n{code}"
    )
