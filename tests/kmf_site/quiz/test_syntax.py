"""kmf_site/quiz/syntax.py: the /// quiz block parser and its errors (docs/page.md:LINE)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kmf_site import quiz
from quiz_examples import GOOD, block

ROOT = Path(__file__).resolve().parents[3]


def error_of(text: str) -> quiz.QuizError:
    with pytest.raises(quiz.QuizError) as caught:
        quiz.parse_quizzes(text, "docs/page.md")
    return caught.value


def test_parses_every_part():
    (q,) = quiz.parse_quizzes(GOOD, "docs/page.md")
    assert q.title == "Which cron line runs every day at midnight?"
    assert q.difficulty == "easy" and q.qid == "q1" and q.number == 1 and not q.multiple
    assert q.line == 3
    assert "```python\nx = 1\n///\n```" in q.body  # a `///` inside a fence does not close the block
    assert [o.text for o in q.options] == ["`0 0 * * *`", "`0 24 * * *`"]
    assert q.correct == [0]
    assert q.options[1].feedback == "There is no hour 24."
    assert q.options[0].line == 13
    assert set(q.sections) == {"hint", "solution", "final answer", "quick check", "common mistakes"}
    assert q.sections["common mistakes"] == "- Hour 24."


def test_quiz_inside_a_code_fence_is_left_alone():
    text = "```markdown\n/// quiz | not a quiz\n///\n```\n"
    assert quiz.parse_quizzes(text, "docs/page.md") == []


BOTH = "### Solution\nSteps.\n\n### Final answer\none and two (options A and B)."


def test_multiple_answers_need_the_setting():
    opts = "- [x] one\n- [x] two\n- [ ] three\n    no."
    (q,) = quiz.parse_quizzes(block(settings="difficulty: hard\nmultiple: yes", options=opts, sections=BOTH), "p.md")
    assert q.multiple and q.correct == [0, 1]


def test_settings_id_and_verify():
    (q,) = quiz.parse_quizzes(block(settings="difficulty: medium\nid: my-q\nverify: a/b.py"), "p.md")
    assert (q.qid, q.verify, q.difficulty) == ("my-q", "a/b.py", "medium")


def test_parse_file_counts_front_matter_lines(tmp_path):
    page = tmp_path / "t.md"
    page.write_text("---\nquiz: test\n---\n\n" + block(settings="difficulty: tricky"))
    with pytest.raises(quiz.QuizError, match=r"t\.md:8: unknown difficulty 'tricky'"):
        quiz.parse_file(page, "t.md")


# --------------------------------------------------------------------------- malformed blocks


def test_no_correct_option():
    error = error_of(block(options="- [ ] a\n    no.\n- [ ] b\n    no."))
    assert str(error).startswith("docs/page.md:3: no correct option")


def test_two_correct_options_in_a_single_answer_question():
    error = error_of(block(options="- [x] a\n- [ ] b\n    no.\n- [x] c"))
    assert str(error).startswith("docs/page.md:3: two or more correct options (lines 6, 9)")


def test_missing_solution():
    error = error_of(block(sections="### Hint\nThink."))
    assert str(error).startswith("docs/page.md:3: missing solution")


def test_empty_solution_counts_as_missing():
    error = error_of(block(sections="### Solution\n\n### Hint\nThink."))
    assert "docs/page.md:3: missing solution" in str(error)


def test_unknown_difficulty():
    error = error_of(block(settings="difficulty: tricky"))
    assert str(error).startswith("docs/page.md:4: unknown difficulty 'tricky'")


def test_missing_difficulty():
    error = error_of(block(settings="id: x"))
    assert str(error).startswith("docs/page.md:3: missing difficulty")


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("/// quiz | Q?\ndifficulty: easy\n", 1, "quiz block is not closed"),
        (
            "/// quiz\ndifficulty: easy\n- [x] a\n- [ ] b\n    no\n### Solution\ns\n///\n",
            1,
            "a quiz needs its question",
        ),
        (block(settings="difficulty: easy\ncolour: red"), 5, "unknown quiz setting 'colour'"),
        (block(options="- [x] only"), 3, "a quiz needs at least two options"),
        (block(options="- [x] a\n- [ ] b"), 7, "wrong option 'b' needs an indented line"),
        (block(sections="### Solution\ns\n### Answer\nx"), 12, "unknown quiz section 'Answer'"),
        (block(sections="Stray text\n### Solution\ns"), 10, "expected an option"),
        (block(settings="difficulty: easy\nmultiple: maybe"), 5, "multiple: expected yes or no"),
        (block() + "\n" + block(), 14, "duplicate quiz id 'q1'"),
    ],
)
def test_other_malformed_blocks(text, where, message):
    if "duplicate" in message:
        text = text.replace("difficulty: easy", "difficulty: easy\nid: q1")
        where = 20
    error = error_of(text)
    assert str(error).startswith(f"docs/page.md:{where}: {message}"), str(error)


@pytest.mark.content
@pytest.mark.parametrize("page", ["practice.md", "test.md"])
def test_site_pages_parse(page):
    questions = quiz.parse_file(ROOT / "docs" / page, f"docs/{page}")
    if page == "practice.md":
        # from easy to hard, as the page says (how many of each: the count check, kmf_site/counts.py)
        order = [quiz.DIFFICULTIES.index(q.difficulty) for q in questions]
        assert order == sorted(order), [q.difficulty for q in questions]
        q3 = questions[2]
        assert q3.verify == "practice/q3_get_new_data.py"
        assert any("NameError: name 'get_new_data' is not defined" in o.text for o in q3.options)
        assert "python {.run}" in q3.body
    else:  # every difficulty is in the Test (its "three easy, four medium, three hard": the count check)
        assert {q.difficulty for q in questions} == set(quiz.DIFFICULTIES)
    for q in questions:
        assert all(o.feedback for o in q.options if not o.correct)


@pytest.mark.content
def test_every_concepts_section_ends_with_a_quick_check():
    """Issue 8: each section of /concepts/ closes with one checkpoint question (practice mode)."""
    text = (ROOT / "docs" / "concepts.md").read_text()
    sections = [s for s in re.split(r"^## ", text, flags=re.M)[1:] if not s.startswith("References")]
    assert len(sections) == 6
    for section in sections:
        assert section.count("/// quiz") == 1, section.splitlines()[0]
        closing = re.sub(r'<div data-kmf-mode-read="\w[\w-]*"></div>\s*$', "", section.rstrip())  # the hub's read mark
        assert closing.rstrip().endswith("///"), section.splitlines()[0]
    questions = quiz.parse_file(ROOT / "docs" / "concepts.md", "docs/concepts.md")
    assert len(questions) == 6 and all(q.qid.startswith("check-") for q in questions)


@pytest.mark.parametrize(
    ("final", "message"),
    [
        (None, "missing final answer"),
        ("right.", "the final answer must end with the keyed option's letter: '(option A)'"),
        ("right (option B).", "the final answer says option B, but the key (`- [x]`) is option A"),
        ("wrong (option A).", "the final answer does not quote option A's text 'right'"),
    ],
)
def test_the_final_answer_names_the_keyed_option(final, message):
    sections = "### Solution\nSteps." + (f"\n\n### Final answer\n{final}" if final is not None else "")
    error = error_of(block(sections=sections))
    line = 13 if final is not None else 3  # the section's heading, else the block's first line
    assert str(error).startswith(f"docs/page.md:{line}: {message}"), str(error)


def test_a_final_answer_may_quote_an_options_code():
    options = "- [x] `0 0 * * *` at midnight\n- [ ] `0 24 * * *`\n    no hour 24."
    sections = "### Solution\nSteps.\n\n### Final answer\n`0 0 * * *` (option A)."
    (q,) = quiz.parse_quizzes(block(options=options, sections=sections), "p.md")
    assert quiz.final_answer_problem(q) == ""
