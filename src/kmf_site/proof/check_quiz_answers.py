"""Every quiz question whose answer is a program's output or error is keyed by a real run.

The keys are read from the Markdown pages by the quiz hook's own parser (kmf_site/quiz/syntax.py), so
a wrong `- [x]` in a page fails here, in the build's proof.
"""

from __future__ import annotations

import pytest

from kmf_site import quiz
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify

DOCS, SNIPPETS = current().docs, current().snippets
KEYED = quiz.code_questions(DOCS)
QUESTIONS = [q for q in KEYED if q.verify]  # "what does this program do?"
DECIDED = [q for q in KEYED if q.decide]  # a program computes the answer
IDS = [f"{q.path}:{q.line}:{q.qid}" for q in QUESTIONS]


def cpython(q: quiz.Question) -> dict:
    program = SNIPPETS / quiz.program_of(q)
    return quiz.run_in_cpython([{"code": program.read_text(), "filename": program.name}])[0]


def all_questions() -> list[quiz.Question]:
    return [q for page in sorted(DOCS.rglob("*.md")) for q in quiz.parse_file(page, str(page))]


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


def test_a_quiz_program_never_shows_its_answer():
    for q in KEYED:
        assert quiz.shown_answers((SNIPPETS / quiz.program_of(q)).read_text()) == [], q.qid


@pytest.mark.parametrize("q", QUESTIONS, ids=IDS)
def test_keyed_option_is_what_cpython_does(q):
    result = cpython(q)
    real = quiz.outcome_of(result["output"], result["status"])
    keyed = [quiz.option_claim(o.text) for o in q.options if o.correct]
    others = [quiz.option_claim(o.text) for o in q.options if not o.correct]
    line = next((o.line for o in q.options if o.correct), q.line)  # named at the option keyed
    assert keyed == [real], f"{q.path}:{line}: keyed {keyed}, but {q.verify} really gives {real!r}"
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


def test_keyed_options_are_what_pyodide_does():
    """The same check in the reader's runtime: Pyodide under Node (pyodide_node.py)."""
    from kmf_site.proof.pyodide_node import run_in_pyodide

    problems = quiz.verify_code_answers(DOCS, SNIPPETS, run_jobs=run_in_pyodide)
    assert len(quiz.code_questions(DOCS)) == len(KEYED)
    assert problems == [], "\n".join(problems)


def test_verify_code_answers_is_green_in_cpython():
    assert quiz.verify_code_answers(DOCS, SNIPPETS) == []
