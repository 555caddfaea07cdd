"""kmf_site/trace.py (Trace it's tracer, sent to the worker as a program): the same trace in CPython
and Pyodide, a step cap that ends loops, statements rather than physical lines, errors that end a
trace with Python's own message and traceback, and values shown without memory addresses."""

from __future__ import annotations

import functools
import json
import sys

import pytest

from content import TRACE_AFTER, trace_like_the_browser, tracer_program
from kmf_site import runner as kmf_runner
from kmf_site import trace as tracer
from kmf_site.proof.pyodide_node import run_in_pyodide

CASES = {
    "loop-forever": "n = 0\nwhile True:\n    n += 1\n",
    "caught": (
        "def f(x):\n    return 1 / x\n\n"
        "try:\n    f(0)\nexcept ZeroDivisionError as error:\n    print('caught', error)\nprint('after')\n"
    ),
    "multi-line": "data = [\n    1,\n    2,\n]\ntotal = sum(\n    data\n)\nprint(total)\n",
    "one-line-loop": "n = 0\nwhile n < 3: n += 1\n",
    "values": (
        "info = {'version': 2, 'accuracy': 0.85}\nclass Model: pass\nm = Model()\n"
        "import math\nwords = 'x' * 100\nnumbers = list(range(50))\n"
    ),
    "syntax-error": "def f(:\n    pass\n",
    "input": "answer = input('Retrain? ')\n",
    "exit": "import sys\nprint('bye')\nsys.exit(3)\n",
    "stderr": "import sys\nprint(1)\nprint(2, file=sys.stderr)\nprint(3)\n",
    "no-peeking": "print(sorted(name for name in globals() if not name.startswith('__')))\n",
    "retrain-lab": "from retrain_lab import describe\nwhen = describe('0 0 * * *')\n",
}


def cpython(name: str) -> dict:
    return trace_like_the_browser(CASES[name], "lesson.py")


@functools.cache
def in_pyodide() -> dict:
    names = list(CASES)
    jobs = [
        # as trace.js sends it: the traced program is a string in the tracer's, its imports named apart
        {
            "code": tracer_program(CASES[name], "lesson.py"),
            "filename": "kmf_trace.py",
            "after": TRACE_AFTER,
            "imports": CASES[name],
        }
        for name in names
    ]
    return dict(zip(names, run_in_pyodide(jobs), strict=True))


# Python itself, not the tracer: CPython 3.14 (Pyodide's) reports the last test of a one-line
# `while` as one more line event than 3.13 does.
VERSION_DEPENDENT = {"one-line-loop"}


@pytest.mark.parametrize("name", list(CASES))
def test_same_trace_in_cpython_and_pyodide(name):
    if name in VERSION_DEPENDENT and sys.version_info[:2] != (3, 14):
        pytest.skip(f"line events differ between CPython {sys.version_info[0]}.{sys.version_info[1]} and 3.14")
    result = in_pyodide()[name]
    assert result["status"] == 0 and result["output"] == "", result["output"]
    assert json.loads(result["result"]) == cpython(name)


def test_a_loop_that_never_ends_stops_at_the_cap():
    trace = cpython("loop-forever")
    assert trace["limit"] is True
    assert len(trace["steps"]) == tracer.MAX_STEPS + 1
    assert trace["steps"][-1]["how"] == "limit"
    assert trace["steps"][-1]["line"] in (2, 3)
    small = tracer.trace(CASES["loop-forever"], "lesson.py", max_steps=5)
    assert [s["line"] for s in small["steps"]] == [1, 2, 3, 2, 3, 3]


def test_a_caught_exception_is_a_step_and_the_program_goes_on():
    steps = cpython("caught")["steps"]
    raised = [s for s in steps if s["event"] == "exception"]
    assert len(raised) == 1 and raised[0]["line"] == 2
    assert raised[0]["error"] == "ZeroDivisionError: division by zero"
    assert [f["name"] for f in raised[0]["stack"]] == ["<module>", "f"]
    assert not any(s["event"] == "return" for s in steps)  # f left because of the error
    assert steps[-1]["how"] == "finished"
    assert cpython("caught")["output"] == [["stdout", "caught division by zero\nafter\n"]]


def test_statements_not_physical_lines():
    steps = cpython("multi-line")["steps"]
    assert [(s["line"], s.get("to")) for s in steps[:-1]] == [(1, 4), (5, 7), (8, None)]
    # a loop that comes back to a one-line statement is a new step each time (how many: see
    # VERSION_DEPENDENT), and in Pyodide one step per test of the condition
    loop = cpython("one-line-loop")["steps"][:-1]
    assert [s["line"] for s in loop[:4]] == [1, 2, 2, 2]
    browser = json.loads(in_pyodide()["one-line-loop"]["result"])["steps"][:-1]
    assert [(s["line"], s["stack"][0]["vars"]) for s in browser[1:]] == [(2, [["n", "int", str(n)]]) for n in range(4)]


def test_values_are_short_ordered_and_free_of_addresses():
    variables = {name: (kind, value) for name, kind, value in cpython("values")["steps"][-1]["stack"][0]["vars"]}
    assert variables["info"] == ("dict", "{'version': 2, 'accuracy': 0.85}")  # insertion order
    assert variables["Model"] == ("type", "class Model")
    assert variables["m"] == ("Model", "<__main__.Model object>")
    assert variables["math"] == ("module", "module math")
    assert len(variables["words"][1]) < 70 and "..." in variables["words"][1]
    assert variables["numbers"][1].endswith("...]")
    assert " at 0x" not in str(variables)


def test_errors_end_the_trace_with_the_runners_output():
    for name in ("syntax-error", "input", "exit", "stderr"):
        trace = cpython(name)
        printed = "".join(text for _, text in trace["output"])
        assert printed == kmf_runner.capture(CASES[name], "lesson.py")["output"], name
    end = cpython("syntax-error")["steps"][-1]
    assert (end["how"], end["line"]) == ("error", 1) and end["error"].startswith("SyntaxError")
    assert cpython("input")["steps"][-1]["error"].startswith("EOFError: input() cannot read from the keyboard")
    assert cpython("exit")["steps"][-1]["how"] == "exit"
    assert [stream for stream, _ in cpython("stderr")["output"]] == ["stdout", "stderr", "stdout"]


def test_the_program_does_not_see_the_tracer():
    assert cpython("no-peeking")["output"] == [["stdout", "[]\n"]]
