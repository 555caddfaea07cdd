"""kmf_site/runner.py (the site serves it as assets/kmf_runner.py): a program runs like `python FILE`,
in CPython and in Pyodide alike."""

from __future__ import annotations

import functools

import pytest

from kmf_site import runner as kmf_runner  # the very file the browser's worker runs
from kmf_site.proof.pyodide_node import local_packages, run_in_pyodide

CASES = {
    "prints": ("print('a')\nprint('b', end='')\n", 0),
    "name-error": ("x = 1\nprint(y)\n", 1),
    "error-inside-function": ("def f():\n    return 1 / 0\n\nf()\n", 1),
    "syntax-error": ("def f(:\n    pass\n", 1),
    "indentation-error": ("if True:\nprint('x')\n", 1),
    "exit-0": ("import sys\nprint('bye')\nsys.exit()\n", 0),
    "exit-3": ("import sys\nsys.exit(3)\n", 3),
    "exit-message": ("import sys\nsys.exit('stopping: no data')\n", 1),
    "input": ("answer = input('Retrain now? ')\n", 1),
    "missing-package": ("import sklearn\n", 1),  # not numpy: SciPy's tests bring it into CPython
    "stdlib-not-in-browser": ("import turtle\n", 1),
    "retrain-lab": ("import retrain_lab\nprint(retrain_lab.__version__)\n", 0),
    "stderr-order": ("import sys\nprint(1)\nprint(2, file=sys.stderr)\nprint(3)\n", 0),
}


@functools.cache
def in_pyodide() -> dict:
    names = list(CASES)
    results = run_in_pyodide([{"code": CASES[name][0], "filename": "lesson.py"} for name in names])
    return dict(zip(names, results, strict=True))


@pytest.mark.parametrize("name", list(CASES))
def test_same_result_in_cpython_and_pyodide(name, monkeypatch):
    code, status = CASES[name]
    monkeypatch.setattr(kmf_runner, "PACKAGES", local_packages())  # as the run loop sets them in the browser
    cpython = kmf_runner.capture(code, "lesson.py")
    if name != "stdlib-not-in-browser":  # CPython may have turtle (with Tk); the browser never does
        browser = {key: in_pyodide()[name][key] for key in cpython}  # without `result` (no after-code)
        assert cpython == browser
    assert in_pyodide()[name]["status"] == status


def test_tracebacks_show_the_file_and_line_but_not_the_runner():
    code = CASES["error-inside-function"][0]
    output = in_pyodide()["error-inside-function"]["output"]
    # the layout (carets included) is CPython's own for `python lesson.py`, run by the same runner
    assert output == kmf_runner.capture(code, "lesson.py")["output"]
    lines = output.splitlines()
    frames = [n for n, line in enumerate(lines) if line.startswith('  File "lesson.py"')]
    assert [lines[n] for n in frames] == ['  File "lesson.py", line 4, in <module>', '  File "lesson.py", line 2, in f']
    for n in frames:  # each frame quotes its line of the program, with carets under the failing part
        assert lines[n + 1].strip() == code.splitlines()[int(lines[n].split("line ")[1].split(",")[0]) - 1].strip()
        assert set(lines[n + 2].strip()) <= {"~", "^"} and "^" in lines[n + 2]
    assert lines[0] == "Traceback (most recent call last):" and lines[-1] == "ZeroDivisionError: division by zero"
    assert "kmf_runner" not in output and "_pyodide" not in output


def test_messages_a_reader_can_act_on():
    results = in_pyodide()
    assert results["input"]["output"].endswith("put the value in the code instead, for example  answer = 'yes'\n")
    assert results["missing-package"]["output"].endswith(
        "the standard library and retrain_lab only; 'sklearn' is not available here.\n"
    )
    assert results["stdlib-not-in-browser"]["output"].endswith(
        "'turtle' is part of Python's standard library, but it cannot run in a browser.\n"
    )
    assert results["exit-message"]["output"] == "stopping: no data\n"
    assert results["exit-0"]["output"] == "bye\n"
    assert results["stderr-order"]["output"] == "1\n2\n3\n"
    assert results["stderr-order"]["stderr"] == "2\n"


@pytest.mark.parametrize(
    ("packages", "said"),
    [([], "the standard library only"), (["lab", "kit"], "the standard library and lab and kit only")],
)
def test_a_missing_module_names_the_courses_own_packages(packages, said, monkeypatch):
    monkeypatch.setattr(kmf_runner, "PACKAGES", packages)
    assert (
        f"browser Python has {said}; 'sklearn' is not available here."
        in kmf_runner.capture("import sklearn\n")["output"]
    )
