"""Proof that each exercise works: its solution passes and each known mistake gets its message.

For every ``/// exercise`` block of the pages, :func:`cases` lists the programs to judge (the
solution and each accepted program, which must pass: the other correct ways a learner writes it;
then each known-mistake file, then the start program, which must not pass: an exercise that
starts solved teaches nothing); :func:`judge_in_cpython` runs one the way the reader's
Check does (the runner, then the check program); :func:`problems` compares a verdict with what
the files promise, naming ``snippets/<file>:<line>``. The tests run the same cases in Pyodide
(``after=`` the same check program) and :func:`update` rewrites the ``#>`` lines from a real run
(``make update-examples``).
"""

from __future__ import annotations

import contextlib
import io
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from kmf_site import runner
from kmf_site.exercise.program import check_program
from kmf_site.exercise.syntax import MISTAKE_MARK, Exercise, parse_file, split_mistake

__all__ = ["TIME_LIMIT", "Case", "all_exercises", "cases", "expected_lines", "judge_in_cpython", "problems", "update"]


TIME_LIMIT = 3  # seconds: past it a program gets a KeyboardInterrupt, as the browser's Stop gives


@dataclass
class Case:
    exercise: Exercise
    path: Path  # the solution or the known-mistake file
    label: str  # how reports name it: snippets/steps/step1/dict_equals.py
    code: str  # the program the learner would run
    expected: list[str] | None  # the message lines; None: the solution, which must pass
    program: str  # the exercise's check program
    line: int  # where the expected message starts in the file (1 for a solution)
    start: bool = False  # the start program: it must fail the check (its message is not pinned here)
    accepted: bool = False  # a correct program a learner may write (the block's accepted/): it must pass

    @property
    def filename(self) -> str:
        return self.exercise.file

    @property
    def key(self) -> str:
        """A name unique among all cases (a file can be one step's solution and the next's start)."""
        return f"{self.label} (the start of {self.exercise.id})" if self.start else self.label


def all_exercises(docs: Path, snippets: Path) -> list[Exercise]:
    """The exercises of every page under ``docs``, their files checked against ``snippets``."""
    docs = Path(docs)
    found = []
    for page in sorted(docs.rglob("*.md")):
        found += parse_file(page, f"{docs.name}/{page.relative_to(docs)}", snippets)
    return found


def cases(exercise: Exercise, snippets: Path) -> list[Case]:
    """The solution, every accepted program and every known mistake of ``exercise``, then its start."""
    snippets = Path(snippets)
    program = check_program(exercise, snippets)
    solution = snippets / exercise.solution
    found = [
        Case(exercise, solution, _label(solution, snippets), solution.read_text(encoding="utf-8"), None, program, 1)
    ]
    for path in exercise.accepted_files(snippets):
        code = path.read_text(encoding="utf-8")
        found.append(Case(exercise, path, _label(path, snippets), code, None, program, 1, accepted=True))
    for path in exercise.mistake_files(snippets):
        code, expected = split_mistake(path.read_text(encoding="utf-8"))
        found.append(Case(exercise, path, _label(path, snippets), code, expected, program, code.count("\n") + 1))
    start = snippets / exercise.start
    code = start.read_text(encoding="utf-8")
    found.append(Case(exercise, start, _label(start, snippets), code, None, program, 1, start=True))
    return found


def _label(path: Path, snippets: Path) -> str:
    return f"{snippets.name}/{path.relative_to(snippets).as_posix()}"


def judge_in_cpython(case: Case) -> dict:
    """Run the case's program like the reader's Check does, in this CPython; return the verdict."""
    namespace: dict = {}
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(TIME_LIMIT):
        error = runner.execute(case.code, case.filename, namespace)
    scope = {"ns": namespace, "stdout": out.getvalue(), "stderr": err.getvalue(), "error": error}
    exec(compile(case.program, "<check>", "exec"), scope)
    return scope["result"]


# A program that waits instead of computing (time.sleep) is stopped by the wall clock at this many
# times its limit.
WAIT_FACTOR = 4


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt the program with a KeyboardInterrupt once it has used ``seconds`` of CPU time (or
    waited WAIT_FACTOR times as long), as the browser's time limit does through its interrupt
    buffer (the Pyodide side: kmf_site/proof/run_jobs.mjs, a job's ``timeout``, also in CPU time).
    CPU time, not the wall clock: what a program costs does not grow when the build's machine is
    busy. Only the main thread can receive the signal; elsewhere there is no limit."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    before = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)  # the process's CPU time, user and system
    signal.setitimer(signal.ITIMER_REAL, seconds * WAIT_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in before.items():
            signal.signal(sig, handler)


def expected_lines(result: dict) -> list[str]:
    """What a known-mistake file records for a verdict: the message, then its second paragraph."""
    return [result["message"]] + ([result["why"]] if result.get("why") else [])


def problems(case: Case, result: dict | None) -> list[str]:
    """How a verdict differs from what the case's file promises (empty: it keeps its promise)."""
    where = f"{case.label}:{case.line}"
    ex = case.exercise
    if not isinstance(result, dict) or not isinstance(result.get("message"), str):
        return [f"{where}: the check of {ex.id} ({ex.path}:{ex.line}) gave no verdict: {result!r}"]
    if case.start:
        if result.get("passed") is not False:
            return [f"{where}: the start program of {ex.id} ({ex.path}:{ex.line}) passes its check: it starts solved"]
        return []
    if case.expected is None:
        if result.get("passed") is not True:
            what = "this correct program (an accepted one)" if case.accepted else "the solution"
            return [f"{where}: {what} of {ex.id} ({ex.path}:{ex.line}) fails its check: {result['message']}"]
        return []
    if result.get("passed"):
        return [f"{where}: this known mistake passes the check of {ex.id} ({ex.path}:{ex.line}): the check misses it"]
    got = expected_lines(result)
    if any("\n" in line for line in got):
        return [f"{where}: a check message must be one line of plain text, got {got!r}"]
    if not case.expected:
        return [f"{where}: no expected message ({MISTAKE_MARK} lines): run `make update-examples`"]
    if got != case.expected:
        return [
            f"{where}: Check says {' / '.join(got)!r} but the file expects {' / '.join(case.expected)!r} "
            "(run `make update-examples` if the new message is intended)"
        ]
    return []


def update(case: Case, result: dict) -> None:
    """Rewrite a known-mistake file's ``#>`` lines from a real verdict."""
    if case.expected is None or not isinstance(result, dict) or result.get("passed") is not False:
        return
    lines = "".join(f"{MISTAKE_MARK} {line}\n" for line in expected_lines(result))
    code = case.code if case.code.endswith("\n") or not case.code else case.code + "\n"
    case.path.write_text(code + lines, encoding="utf-8")
    case.expected = expected_lines(result)
