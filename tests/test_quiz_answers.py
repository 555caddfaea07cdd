"""Every quiz question whose answer is a program's output or error is keyed by a real run.

The keys are read from the Markdown pages by the quiz hook's own parser (kmf_site/quiz/syntax.py), so
a wrong `- [x]` in docs fails here, in `make test`, and in the build (`pytest -m verify`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kmf_site import quiz, verification
from project_copy import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.verify

KEYED = quiz.code_questions(ROOT / "docs")
QUESTIONS = [q for q in KEYED if q.verify]  # "what does this program do?"
DECIDED = [q for q in KEYED if q.decide]  # a program computes the answer
IDS = [f"{q.path}:{q.line}:{q.qid}" for q in QUESTIONS]


def cpython(q: quiz.Question) -> dict:
    program = ROOT / "snippets" / quiz.program_of(q)
    return quiz.run_in_cpython([{"code": program.read_text(), "filename": program.name}])[0]


def all_questions() -> list[quiz.Question]:
    return [q for page in sorted((ROOT / "docs").rglob("*.md")) for q in quiz.parse_file(page, str(page))]


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


@pytest.mark.parametrize("q", DECIDED, ids=[f"{q.path}:{q.line}:{q.qid}" for q in DECIDED])
def test_the_option_a_program_picks_is_the_keyed_one(q):
    """The raw run, with none of the quiz module's helpers: what the program prints opens the
    keyed option's text, and no other option's."""
    result = cpython(q)
    assert result["status"] == 0, result["output"]
    said = " ".join(result["stdout"].split())
    opening = [n for n, option in enumerate(q.options) if " ".join(option.text.split()).startswith(said)]
    assert said and opening == q.correct, f"{q.path}:{q.line}: {q.decide} prints {said!r}"
    assert quiz.check_code_answers([q], [result]) == []


def test_every_final_answer_names_the_keyed_option():
    """Each explanation ends with the keyed option, by its text and letter (the parser refuses
    anything else, so the build does too)."""
    for q in all_questions():
        final = " ".join(q.sections["final answer"].split())
        letters = " and ".join(quiz.LETTERS[i] for i in q.correct)
        assert final.endswith((f"(option {letters}).", f"(options {letters}).")), f"{q.path}:{q.line}: {final}"


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
    stamp = project / verification.STAMP
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(json.dumps({"digest": verification.sources_digest(project)}))
    done = mkdocs_build(project, tmp_path / "site", verify="changed")
    assert done.returncode != 0
    assert "is keyed A, but running quiz/champion_challenger.py picks option B" in done.stderr, done.stderr[-2000:]


def test_a_quiz_program_never_shows_its_answer():
    assert quiz.shown_answers("print(1)\n#> 1\n") == [2]
    assert quiz.shown_answers("print(1)\n'''\n1\n'''\n") == [2, 4]
    assert quiz.shown_answers('def f():\n    """Doc."""\n') == []
    for q in KEYED:
        assert quiz.shown_answers((ROOT / "snippets" / quiz.program_of(q)).read_text()) == [], q.qid


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
    assert len(quiz.code_questions(ROOT / "docs")) == len(KEYED)
    assert problems == [], "\n".join(problems)


def test_verify_code_answers_is_green_in_cpython():
    assert quiz.verify_code_answers(ROOT / "docs", ROOT / "snippets") == []
