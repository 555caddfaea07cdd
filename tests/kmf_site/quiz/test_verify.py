"""kmf_site/quiz/verify.py: what an option claims, what a run does, and a key that disagrees."""

from __future__ import annotations

from pathlib import Path

from kmf_site import quiz
from project_copy import copy_practice

ROOT = Path(__file__).resolve().parents[3]


def test_option_claims_and_outcomes():
    assert (
        quiz.option_claim("It stops with `NameError: name 'x' is not defined`.") == "NameError: name 'x' is not defined"
    )
    assert quiz.option_claim("It prints nothing.") == ""
    tb = 'Traceback (most recent call last):\n  File "a.py", line 1\nNameError: boom\n'
    assert quiz.outcome_of("partial\n" + tb, 1) == "NameError: boom"
    assert quiz.outcome_of("a\nb\n", 0) == "a b"
    assert quiz.outcome_of("", 0) == ""


def test_a_changed_program_no_longer_matches_its_key(tmp_path):
    site = copy_practice(tmp_path)
    assert quiz.verify_code_answers(site / "docs", site / "snippets") == []
    program = site / "snippets" / "practice" / "q3_get_new_data.py"
    # Define get_new_data: the program now fails later, on load_model, and the key is wrong.
    program.write_text("def get_new_data():\n    return []\n\n" + program.read_text())
    problems = quiz.verify_code_answers(site / "docs", site / "snippets")
    assert len(problems) == 2, problems
    now_real, keyed = problems  # in option order: D, then E
    assert all(p.startswith("docs/practice.md:") for p in problems)
    assert "option E of question 3 is keyed correct" in keyed
    assert "NameError: name 'load_model' is not defined" in keyed
    assert "option D of question 3 is keyed wrong but is what running" in now_real


def test_a_wrong_key_in_the_page_fails(tmp_path):
    site = copy_practice(tmp_path)
    page = site / "docs" / "practice.md"
    text = page.read_text()
    text = text.replace("- [ ] It prints `Retraining complete`.", "- [x] It prints `Retraining complete`.")
    text = text.replace(
        "- [x] It stops with `NameError: name 'get_new_data'",
        "- [ ] It stops with `NameError: name 'get_new_data'",
    )
    text = text.replace(  # the explanation moved with the key: only the run can tell
        "It stops with `NameError: name 'get_new_data' is not defined` (option E).",
        "It prints `Retraining complete` (option B).",
    )
    page.write_text(text)
    problems = quiz.verify_code_answers(site / "docs", site / "snippets")
    assert any("option B of question 3 is keyed correct but claims 'Retraining complete'" in p for p in problems)
    assert all(p.startswith("docs/practice.md:") for p in problems)


def test_a_decided_question_is_keyed_by_what_its_program_picks():
    (q,) = quiz.parse_quizzes(
        "/// quiz | Q?\ndifficulty: easy\ndecide: a.py\n\n- [ ] Promote it now.\n    no.\n"
        "- [x] Keep the champion serving.\n\n### Solution\nS.\n\n### Final answer\n"
        "Keep the champion serving (option B).\n///\n",
        "docs/p.md",
    )
    assert quiz.picked_options(q, "Keep the champion\n") == [1]
    assert quiz.check_code_answers([q], [{"output": "Keep the champion\n", "status": 0}]) == []
    (moved,) = quiz.check_code_answers([q], [{"output": "Promote\n", "status": 0}])
    assert moved == "docs/p.md:5: question 1 (q1) is keyed B, but running a.py picks option A: 'Promote'"
    (none,) = quiz.check_code_answers([q], [{"output": "", "status": 0}])
    assert "prints '', which starts none of the options: it must pick one" in none
    (fails,) = quiz.check_code_answers([q], [{"output": "Traceback...\nValueError: x\n", "status": 1}])
    assert fails.endswith("running a.py fails: 'ValueError: x'")
