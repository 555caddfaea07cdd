"""Every quiz question whose answer is a program's output or error is keyed by a real run.

The keys are read from the Markdown pages by the quiz hook's own parser (kmf_site/quiz/syntax.py), so
a wrong `- [x]` in docs fails here, in `make test`, and in the build (`pytest -m verify`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kmf_site import quiz

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.verify

QUESTIONS = quiz.code_questions(ROOT / "docs")
IDS = [f"{q.path}:{q.line}:{q.qid}" for q in QUESTIONS]


def cpython(q: quiz.Question) -> dict:
    program = ROOT / "snippets" / q.verify
    return quiz.run_in_cpython([{"code": program.read_text(), "filename": program.name}])[0]


def test_the_required_code_questions_are_verified():
    verified = {(Path(q.path).name, q.qid) for q in QUESTIONS}
    assert ("practice.md", "trace-get-new-data") in verified  # Practice Q3, the NameError case
    assert ("test.md", "trace-load-model") in verified  # Test Q6
    assert ("test.md", "registry-float") in verified  # Test Q9


def test_the_float_results_the_registry_question_gives_are_true():
    """The Test page cannot run code, so the stem states the decisive float results (issue 8)."""
    (q,) = [q for q in QUESTIONS if q.qid == "registry-float"]
    facts = re.findall(r"`(\d\.\d+ - \d\.\d+)` (?:evaluates )?to `(\d\.\d+)`", q.body)
    assert len(facts) == 2, q.body
    for expression, value in facts:
        left, right = (float(x) for x in expression.split(" - "))
        assert repr(left - right) == value, expression
    program = (ROOT / "snippets" / q.verify).read_text()
    assert all(x in program for expr, _ in facts for x in expr.split(" - "))  # the numbers it uses


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_keyed_option_is_what_cpython_does(q):
    result = cpython(q)
    real = quiz.outcome_of(result["output"], result["status"])
    keyed = [quiz.option_claim(o.text) for o in q.options if o.correct]
    others = [quiz.option_claim(o.text) for o in q.options if not o.correct]
    assert keyed == [real], f"{q.path}:{q.line}: keyed {keyed}, but {q.verify} really gives {real!r}"
    assert real not in others, f"{q.path}:{q.line}: a wrong option also states {real!r}"
    assert quiz.check_code_answers([q], [result]) == []


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_keyed_option_is_the_raw_run(q):
    """The same keys against the raw run, with none of the quiz module's helpers (which the test
    above shares with the hook): the keyed option's code span is the last line of the traceback
    for a program that fails, its one line of stdout for one that works."""
    result = cpython(q)
    if result["status"] != 0:
        real = result["stderr"].rstrip("\n").split("\n")[-1]
    else:
        real = result["stdout"].rstrip("\n")
        assert "\n" not in real, f"{q.path}:{q.line}: the options state one line; the run prints several"
    for option in q.options:
        parts = option.text.split("`")
        claim = parts[1] if len(parts) >= 3 else ""  # no code span: "prints nothing"
        if option.correct:
            assert claim == real, f"{q.path}:{option.line}: keyed {claim!r}, the run gives {real!r}"
        else:
            assert claim != real, f"{q.path}:{option.line}: a wrong option states what the run gives"


def test_practice_q3_is_the_name_error_on_line_6():
    (q,) = [q for q in QUESTIONS if q.qid == "trace-get-new-data"]
    result = cpython(q)
    assert result["status"] == 1 and result["stdout"] == ""  # "Retraining complete" never printed
    assert 'File "q3_get_new_data.py", line 6, in <module>' in result["stderr"]
    assert result["output"].splitlines()[-1] == "NameError: name 'get_new_data' is not defined"
    assert "load_model" not in result["output"]  # never reached: `def` does not run the body
    golden = ROOT / "snippets" / "practice" / "q3_get_new_data.output.txt"
    assert result["output"] == golden.read_text()


def test_keyed_options_are_what_pyodide_does():
    """The same check in the reader's runtime: Pyodide under Node (tests/pyodide_node.py)."""
    from pyodide_node import run_in_pyodide

    problems = quiz.verify_code_answers(ROOT / "docs", ROOT / "snippets", run_jobs=run_in_pyodide)
    assert problems == [], "\n".join(problems)


def test_verify_code_answers_is_green_in_cpython():
    assert quiz.verify_code_answers(ROOT / "docs", ROOT / "snippets") == []
