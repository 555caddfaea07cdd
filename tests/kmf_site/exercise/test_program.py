"""kmf_site/exercise/program.py: one check program, the same text in CPython and in Pyodide."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pytest

from kmf_site import runner
from kmf_site.exercise.program import ENGINE, check_program
from kmf_site.exercise.syntax import parse_exercises

CHECKS = """\
from kmf_site.exercise.checks import defined, fail

NAMES = ("total", "print")


def check(run):
    if defined(run, "total") != 42:
        fail("Make total 42.")


def errors(run):
    if isinstance(run.error, ZeroDivisionError):
        fail("Do not divide by zero here.")
"""

BLOCK = """\
/// exercise | Make 42
start: lesson/start.py
solution: lesson/solution.py
checks: lesson/checks.py

Make a total of 42.

### Hints
- Multiply.
///
"""

PROGRAMS = {
    "total = 6 * 7\n": {"passed": True, "message": "Passed.", "why": ""},
    "total = 6 * 6\n": {"passed": False, "message": "Make total 42.", "why": ""},
    "total = 1 / 0\n": {"passed": False, "message": "Do not divide by zero here.", "why": ""},
    "totl = 42\n": {
        "passed": False,
        "message": "You created 'totl', but the check looks for 'total': names must match exactly.",
        "why": "",
    },
    "print(totel)\n": {
        "passed": False,
        "message": "Python does not know 'totel'. Did you mean 'total'? "
        "Names must be spelled exactly the same everywhere.",
        "why": "",
    },
}


@pytest.fixture(scope="module")
def program(tmp_path_factory) -> str:
    snippets = tmp_path_factory.mktemp("snippets")
    (snippets / "lesson").mkdir()
    (snippets / "lesson" / "checks.py").write_text(CHECKS)
    for name in ("start.py", "solution.py"):
        (snippets / "lesson" / name).write_text("total = 6 * 7\n")
    (exercise,) = parse_exercises(BLOCK, "docs/lesson.md", 0, snippets)
    return check_program(exercise, snippets)


def judge(program: str, code: str) -> dict:
    ns: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        error = runner.execute(code, "solution.py", ns)
    scope = {"ns": ns, "stdout": out.getvalue(), "stderr": "", "error": error}
    exec(program, scope)
    return scope["result"]


def test_the_program_carries_the_engine_and_the_checks(program):
    assert repr(ENGINE.read_text()) in program
    assert repr(CHECKS) in program
    assert program.rstrip().endswith(
        "result = _kmf_engine.grade(_kmf_checks, 'check', ns, stdout, error, 'solution.py')"
    )


@pytest.mark.parametrize("code", list(PROGRAMS))
def test_verdicts_in_cpython(program, code):
    assert judge(program, code) == PROGRAMS[code]


def test_the_checks_module_is_loaded_once(program):
    judge(program, "total = 42\n")
    loaded = [name for name in sys.modules if name.startswith("kmf_checks_")]
    judge(program, "total = 42\n")
    assert [name for name in sys.modules if name.startswith("kmf_checks_")] == loaded


def test_verdicts_in_pyodide_where_kmf_site_does_not_exist(program):
    """The browser has no kmf_site package: the program defines the engine from its own text."""
    from kmf_site.proof.pyodide_node import run_in_pyodide

    # On sys.path, not in sys.modules: this Pyodide (one per pytest process) may already hold the
    # stand-in modules an exercise program of another test made.
    probe = "from importlib.machinery import PathFinder\nprint(PathFinder.find_spec('kmf_site'))\n"
    jobs = [{"code": probe, "filename": "probe.py"}]
    jobs += [{"code": code, "filename": "solution.py", "after": program} for code in PROGRAMS]
    probe_run, *runs = run_in_pyodide(jobs)
    assert probe_run["output"] == "None\n"
    assert [run["result"] for run in runs] == list(PROGRAMS.values())


def test_the_program_of_a_real_exercise_names_its_file_and_function():
    root = Path(__file__).resolve().parents[3]
    page = (root / "docs" / "see-it-in-action.md").read_text()
    step = parse_exercises(page, "docs/see-it-in-action.md", 0, root / "snippets")[2]
    text = check_program(step, root / "snippets")
    assert "'step3', ns, stdout, error, 'step3.py')" in text
    assert "on docs/see-it-in-action.md" in text.splitlines()[0]
