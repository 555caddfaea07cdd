"""kmf_site/exercise/checks.py: the vocabulary checks are written in, and grade() that runs them."""

from __future__ import annotations

import ast
import contextlib
import io
import json
from types import SimpleNamespace

import pytest

from kmf_site import runner
from kmf_site.exercise import checks as c


def run_of(code: str) -> c.Run:
    """What the runner leaves behind, as a check sees it."""
    ns: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        error = runner.execute(code, "lesson.py", ns)
    return c.Run(ns, out.getvalue(), error, code, "lesson.py")


def message(action) -> str:
    with pytest.raises(c.Failure) as caught:
        action()
    return caught.value.message


def test_fail_and_not_yet():
    with pytest.raises(c.Failure) as caught:
        c.fail("Do this.", "Because.")
    assert (caught.value.message, caught.value.why) == ("Do this.", "Because.")
    assert message(lambda: c.not_yet("x to be 1", "2")) == "Not yet. Expected x to be 1, but found 2."


def test_defined_returns_the_value_or_names_the_near_miss():
    run = run_of("totl = 3\n")
    assert c.defined(run_of("total = 3\n"), "total") == 3
    assert message(lambda: c.defined(run, "total")) == (
        "You created 'totl', but the check looks for 'total': names must match exactly."
    )
    assert message(lambda: c.defined(run_of("x = 1\n"), "total")) == (
        "No variable called total was created. Write: total = ..."
    )
    assert message(lambda: c.defined(run_of("x = 1\n"), "total", "Make a total.")) == "Make a total."
    assert c.user_names(run) == ["totl"]  # not __name__, __file__, __builtins__


def test_text_helpers():
    class Broken:
        def __repr__(self):
            raise RuntimeError

    assert c.short(Broken()) == "<Broken object>"
    assert c.short("x" * 200).endswith("...") and len(c.short("x" * 200)) == 80
    assert c.cut("a\n  b") == "a b"
    assert c.said(["a"]) == "a" and c.said(["a", "b", "c"]) == "a, b and c"
    assert c.near("modelinfo", ["model_info", "print"]) == "model_info"
    assert c.near("PRINT", ["print"]) == "print"
    assert c.near("zzz", ["print"]) is None


def test_the_shape_of_the_code():
    run = run_of("info = {'v': 1}\nflag = True\nif flag:\n    info['v'] += 1\nprint(info)\n")
    (node,) = c.statements(run, ast.If)
    assert c.mentions(node.test, "flag") and not c.mentions(node.test, "info")
    (target,) = [n.target for n in ast.walk(node) if isinstance(n, ast.AugAssign)]
    assert c.is_item(target, "info", "v") and not c.is_item(target, "info", "w")
    assert c.trial(node, info={"v": 7}, flag=True)["info"] == {"v": 8}
    assert c.trial(node, info={"v": 7}, flag=False)["info"] == {"v": 7}
    assert c.trial(node, info={}, flag=True) is None  # it raised KeyError
    assert c.printed(run) == "{'v': 2}\n"
    assert c.Run({}, "", None, "def (:\n").tree.body == []  # source that does not parse: no statements


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("if True:\nx = 1\n", "Line 2: Python expected an indented block."),
        ("x = 1\n    y = 2\n", "Line 2 is indented but nothing above it opens a block."),
        ("x = (1,\n", "Line 1: '(' was never closed. Every opening bracket needs its closing one"),
        ("x = = 1\n", "Line 1: Python could not read this line (invalid syntax)."),
        ("x = true\n", "Python does not know 'true'. The boolean values are written with a capital letter"),
        ("Print(1)\n", "Python names are case-sensitive: the function is print, all lowercase."),
        ("totl = 1\nprint(totel)\n", "Python does not know 'totel'. Did you mean 'total'?"),
        ("print(y)\n", "Python does not know the name 'y'. Expected only the names total and print;"),
        ("1 / 0\n", "Your program stopped with ZeroDivisionError: division by zero. Read the last line"),
    ],
)
def test_explain_error_gives_the_generic_messages(code, expected):
    run = run_of(code)
    assert message(lambda: c.explain_error(run, ("total", "print"))).startswith(expected)


def test_explain_error_without_an_error_does_nothing():
    assert c.explain_error(run_of("x = 1\n")) is None


def test_grade_runs_the_check_or_explains_the_error():
    def check(run):
        if c.defined(run, "total") != 42:
            c.fail("Make it 42.", "The answer.")

    module = SimpleNamespace(check=check)
    runner.execute("total = 42\n", "ok.py", {})  # the runner registers the source for grade()
    assert c.grade(module, "check", {"total": 42}, "", None, "ok.py") == {
        "passed": True,
        "message": "Passed.",
        "why": "",
    }
    assert c.grade(module, "check", {"total": 1}, "", None, "ok.py") == {
        "passed": False,
        "message": "Make it 42.",
        "why": "The answer.",
    }
    run = run_of("total = tru\n")
    result = c.grade(module, "check", run.ns, "", run.error, "lesson.py")
    assert result["message"] == "Python does not know the name 'tru'."
    module.errors = lambda run: c.fail("Our own message first.")
    assert c.grade(module, "check", run.ns, "", run.error, "lesson.py")["message"] == "Our own message first."
    module.NAMES = ("trust",)
    del module.errors
    assert "Did you mean 'trust'?" in c.grade(module, "check", run.ns, "", run.error, "lesson.py")["message"]


def test_grade_survives_strange_values():
    class Weird:
        def __eq__(self, other):
            raise RuntimeError("no")

        __hash__ = object.__hash__

        def __repr__(self):
            raise RuntimeError("no repr")

    module = SimpleNamespace(check=lambda run: c.defined(run, "total") == 42 or c.fail(c.short(run.ns["total"])))
    for value in (Weird(), {"total": Weird()}):
        result = c.grade(module, "check", {"total": value}, "", None, "lesson.py")
        assert result["passed"] is False and result["message"]
        assert json.loads(json.dumps(result)) == result
    result = c.grade(module, "check", None, None, RuntimeError(Weird()), None)
    assert result["passed"] is False and "RuntimeError" in result["message"]


# ---------------------------------------------------------------- the whole program, other inputs

GATE = """\
model_info = {'accuracy': 0.75, 'version': 1}
new_accuracy = 0.85
old = model_info['accuracy']
if new_accuracy > old:
    model_info['version'] += 1
    model_info['accuracy'] = new_accuracy
print(model_info)
"""


def test_rerun_gives_the_programs_own_variables_other_values_the_moment_they_are_made():
    run = run_of(GATE)
    sit = c.rerun(run, {"model_info": lambda v: {"version": 7, "accuracy": 0.9}, "new_accuracy": lambda v: 0.8})
    assert sit.error is None and sit.replaced == {"model_info", "new_accuracy"}
    # the helper variable read the replaced value: a worse model is kept
    assert sit.value("model_info") == {"version": 7, "accuracy": 0.9}
    assert list(sit.value("model_info")) == ["accuracy", "version"]  # the program's own dict, its key order
    assert c.printed_values(sit.stdout) == [{"accuracy": 0.9, "version": 7}]
    # the program itself is unchanged: a plain re-run is the real run
    assert c.rerun(run).stdout == run.stdout


def test_rerun_reads_the_values_a_function_kept_and_stops_a_loop_that_never_ends():
    run = run_of("def main():\n    total = 41\n    total += 1\n    return total\n\n\nmain()\n")
    assert c.rerun(run).value("total") == 42
    assert c.rerun(run, {"total": lambda v: 1}).value("total") == 2
    # a program whose first run ended, but which loops forever on another input
    run = run_of("x = 1\nwhile x < 1:\n    x = x\n")
    sit = c.rerun(run, {"x": lambda v: 0}, limit=1000)
    assert type(sit.error).__name__ == "TooLong"


def test_values_are_compared_as_the_page_shows_them():
    assert c.same({"version": 2, "accuracy": 0.85}, {"accuracy": 0.85, "version": 2})
    assert c.same(0.2800001, 0.28) and not c.same(0.3, 0.28)
    assert not c.same(True, 1) and not c.same({"a": 1}, {"a": 1, "b": 2})
    assert c.printed_values("{'a': 1}\nhello\n2\n") == [{"a": 1}, "hello", 2]


def test_keys_without_quotes_and_a_stopped_program_get_true_messages():
    said = message(lambda: c.explain_error(run_of("model_info = {version: 1, accuracy: 0.75}\n")))
    assert said.startswith("Line 1: the key version has no quotes") and "in quotes: 'version'" in said
    stopped = run_of("x = 0\n")
    stopped.error = KeyboardInterrupt()
    said = message(lambda: c.explain_error(stopped))
    assert "KeyboardInterrupt" not in said and "did not finish" in said and "time limit" in said


def test_defined_reads_a_value_kept_inside_main():
    run = run_of("def main():\n    total = 3\n    return total\n\n\nmain()\n")
    assert "total" not in run.ns and c.defined(run, "total") == 3
    assert message(lambda: c.defined(run, "count")).startswith("No variable called count")
