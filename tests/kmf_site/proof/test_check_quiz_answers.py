"""kmf_site/proof/check_quiz_answers.py on this site's quizzes: the questions a run keys, and a moved
key that stops the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site import quiz, verification
from kmf_site.proof.check_quiz_answers import KEYED, QUESTIONS, SNIPPETS, all_questions, cpython
from project_copy import copy_project, mkdocs_build


@pytest.mark.content
def test_what_a_quiz_program_shows_is_found():
    assert quiz.shown_answers("print(1)\n#> 1\n") == [2]
    assert quiz.shown_answers("print(1)\n'''\n1\n'''\n") == [2, 4]
    assert quiz.shown_answers('def f():\n    """Doc."""\n') == []


@pytest.mark.content
def test_the_questions_a_program_can_answer_are_keyed_by_a_run():
    """The cron lines, the promotion rule, the data gate and the two simulations decide their
    questions; the rest ask about definitions, designs and judgement, which no run computes."""
    keyed = {q.qid for q in KEYED}
    assert keyed >= {
        "trace-get-new-data", "trace-load-model", "registry-float",  # what a program prints
        "cron-midnight", "check-cron", "cron-day-fields",  # retrain_lab.cron
        "champion-challenger",  # retrain_lab.registry
        "validation-stop",  # retrain_lab.validation
        "check-trigger",  # retrain_lab.drift, the concepts page's two streams
    }  # fmt: skip
    # a question added later is keyed by a run or by its final answer alone: no count to keep here
    assert len(keyed) < len(all_questions())


def test_a_moved_key_fails_the_build(tmp_path):
    """Planted: Test's champion/challenger key moved from B to A. Its final answer still says B,
    and its program still picks B: `mkdocs build` stops, naming the page and line."""
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "test.md"
    text = page.read_text()
    block = text.index("id: champion-challenger")
    head, tail = text[:block], text[block:]
    tail = tail.replace("- [ ] Promote the challenger", "- [x] Promote the challenger", 1)
    tail = tail.replace("- [x] Keep the champion serving", "- [ ] Keep the champion serving", 1)
    page.write_text(head + tail)
    done = mkdocs_build(project, tmp_path / "site", verify="off")
    assert done.returncode != 0
    assert "docs/test.md:" in done.stderr and "the final answer says option B, but the key" in done.stderr

    # With its final answer moved too, the run still says B: the hook's run catches that.
    page.write_text(head + tail.replace(
        "Keep the champion serving; keep the challenger registered as a version, but do not promote it\n(option B).",
        "Promote the challenger, because it is newer and was trained on fresher data (option A).", 1))  # fmt: skip
    # KMF_VERIFY=changed with a fresh stamp: the hook's own key check runs, pytest -m verify not
    verification.mark_green(project)
    done = mkdocs_build(project, tmp_path / "site", verify="changed")
    assert done.returncode != 0
    assert "is keyed A, but running quiz/champion_challenger.py picks option B" in done.stderr, done.stderr[-2000:]


@pytest.mark.content
def test_the_required_code_questions_are_verified():
    verified = {(Path(q.path).name, q.qid) for q in QUESTIONS}
    assert ("practice.md", "trace-get-new-data") in verified  # Practice Q3, the NameError case
    assert ("test.md", "trace-load-model") in verified  # Test Q6
    assert ("test.md", "registry-float") in verified  # Test Q9


@pytest.mark.content
def test_the_float_results_the_registry_question_gives_are_true():
    """The Test page cannot run code, so the stem states the decisive float results."""
    (q,) = [q for q in QUESTIONS if q.qid == "registry-float"]
    facts = re.findall(r"`(\d\.\d+ - \d\.\d+)` (?:evaluates )?to `(\d\.\d+)`", q.body)
    assert len(facts) == 2, q.body
    for expression, value in facts:
        left, right = (float(x) for x in expression.split(" - "))
        assert repr(left - right) == value, expression
    program = (SNIPPETS / q.verify).read_text()
    assert all(x in program for expr, _ in facts for x in expr.split(" - "))  # the numbers it uses


@pytest.mark.content
def test_practice_q3_is_the_name_error_on_line_6():
    (q,) = [q for q in QUESTIONS if q.qid == "trace-get-new-data"]
    result = cpython(q)
    assert result["status"] == 1 and result["stdout"] == ""  # "Retraining complete" never printed
    assert 'File "q3_get_new_data.py", line 6, in <module>' in result["stderr"]
    assert result["output"].splitlines()[-1] == "NameError: name 'get_new_data' is not defined"
    assert "load_model" not in result["output"]  # never reached: `def` does not run the body
    golden = SNIPPETS / "practice" / "q3_get_new_data.output.txt"
    assert result["output"] == golden.read_text()
