"""kmf_site/exercise/verify.py: a known mistake whose message changed is named by file and line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kmf_site.exercise import verify

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def project(tmp_path) -> Path:
    """A throwaway copy of the guided steps: their page and their snippets."""
    (tmp_path / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "see-it-in-action.md", tmp_path / "docs")
    shutil.copytree(ROOT / "snippets" / "steps", tmp_path / "snippets" / "steps")
    return tmp_path


def step_cases(project: Path, n: int) -> list[verify.Case]:
    exercises = verify.all_exercises(project / "docs", project / "snippets")
    return verify.cases(exercises[n - 1], project / "snippets")


def test_the_solution_passes_and_each_mistake_keeps_its_message(project):
    solution, *mistakes = step_cases(project, 1)
    assert solution.expected is None and solution.label == "snippets/steps/step1.py"
    assert len(mistakes) >= 10
    for case in [solution, *mistakes]:
        assert verify.problems(case, verify.judge_in_cpython(case)) == [], case.label


def test_a_wrong_message_names_the_file_and_the_line(project):
    path = project / "snippets" / "steps" / "step1" / "version_float.py"
    path.write_text(path.read_text().replace("#> version is 1.0, a float.", "#> version is a float."))
    (case,) = [c for c in step_cases(project, 1) if c.path == path]
    (problem,) = verify.problems(case, verify.judge_in_cpython(case))
    assert problem.startswith("snippets/steps/step1/version_float.py:2: Check says 'version is 1.0, a float.")
    assert "but the file expects 'version is a float." in problem


def test_update_rewrites_the_expected_message_from_a_real_run(project):
    path = project / "snippets" / "steps" / "step2" / "string_true.py"
    program = path.read_text().split("#>")[0]
    path.write_text(program)  # no expected message yet
    (case,) = [c for c in step_cases(project, 2) if c.path == path]
    result = verify.judge_in_cpython(case)
    assert verify.problems(case, result) == [
        f"{case.label}:3: no expected message (#> lines): run `make update-examples`"
    ]
    verify.update(case, result)
    assert path.read_text() == program + f"#> {result['message']}\n#> {result['why']}\n"
    (case,) = [c for c in step_cases(project, 2) if c.path == path]
    assert verify.problems(case, verify.judge_in_cpython(case)) == []


def test_a_mistake_the_check_misses_and_a_failing_solution_are_reported(project):
    path = project / "snippets" / "steps" / "step1" / "general.py"
    path.write_text("model_info = {'version': 1, 'accuracy': 0.75}\n#> Not yet.\n")
    solution, *mistakes = step_cases(project, 1)
    (case,) = [c for c in mistakes if c.path == path]
    (problem,) = verify.problems(case, verify.judge_in_cpython(case))
    assert problem.startswith("snippets/steps/step1/general.py:2: this known mistake passes the check of step-1")
    (project / "snippets" / "steps" / "step1.py").write_text("model_info = 1\n")
    solution = step_cases(project, 1)[0]
    (problem,) = verify.problems(solution, verify.judge_in_cpython(solution))
    assert problem.startswith("snippets/steps/step1.py:1: the solution of step-1 (docs/see-it-in-action.md:")
    assert verify.problems(solution, None)[0].startswith("snippets/steps/step1.py:1: the check of step-1")


def test_the_start_program_must_fail_its_check(project):
    """An exercise whose start already passes starts solved: the verification says so."""
    *_, start = step_cases(project, 2)
    assert start.start and start.path == project / "snippets" / "steps" / "step1.py"
    assert start.key == "snippets/steps/step1.py (the start of step-2)"  # step-1's solution is step-2's start
    assert verify.problems(start, verify.judge_in_cpython(start)) == []
    (project / "snippets" / "steps" / "step1.py").write_text((project / "snippets" / "steps" / "step2.py").read_text())
    *_, start = step_cases(project, 2)
    (problem,) = verify.problems(start, verify.judge_in_cpython(start))
    assert problem.startswith("snippets/steps/step1.py:1: the start program of step-2 (docs/see-it-in-action.md:")
    assert problem.endswith("passes its check: it starts solved")


# In a process of its own: the limit is a signal, which only a main thread receives.
TIMED = """
import sys, time
from kmf_site.exercise import verify

cpu, wall = time.process_time(), time.perf_counter()
try:
    with verify.time_limit(0.2):
        if sys.argv[1] == "busy":
            while True:
                pass
        time.sleep(5)
except KeyboardInterrupt:
    print(time.process_time() - cpu, time.perf_counter() - wall)
"""


@pytest.mark.parametrize("program", ["busy", "waits"])
def test_the_time_limit_is_cpu_time_and_a_wait_is_stopped_at_four_times_it(program):
    """A busy loop is stopped once it has used the limit in CPU time (not the wall clock, which a
    busy build machine stretches); a program that only waits (no CPU) is stopped by the wall clock
    at WAIT_FACTOR times the limit."""
    # The program shares one core with a busy loop, so its wall clock runs about twice its CPU time
    core = {min(os.sched_getaffinity(0))}
    pin = lambda: os.sched_setaffinity(0, core)  # noqa: E731
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=pin)
    try:
        done = subprocess.run(
            [sys.executable, "-c", TIMED, program], capture_output=True, text=True, timeout=60, preexec_fn=pin
        )
    finally:
        hog.kill()
        hog.wait()
    cpu, wall = map(float, done.stdout.split())
    backstop = 0.2 * verify.WAIT_FACTOR
    # (the kernel accounts CPU time in ticks: the CPU timer may fire a tick before process_time says)
    if program == "waits":
        assert cpu < 0.2 and 0.9 * backstop <= wall < backstop + 0.5, (program, cpu, wall, done.stderr)
    elif wall < 0.9 * backstop:  # stopped by its CPU time, the limit, while the wall clock ran on
        # (the kernel charges CPU time to the timer by the tick, process_time exactly: they differ
        # by up to a fifth on a busy core)
        assert 0.7 * 0.2 <= cpu < 0.2 + 0.1 and wall > 1.3 * cpu, (program, cpu, wall, done.stderr)
    else:  # a machine so busy the loop got under a quarter of a core: the backstop came first
        assert cpu < 0.2 and wall < backstop + 0.5, (program, cpu, wall, done.stderr)
