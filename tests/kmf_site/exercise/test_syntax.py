"""kmf_site/exercise/syntax.py: /// exercise blocks, validated with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kmf_site.exercise import syntax

ROOT = Path(__file__).resolve().parents[3]
SNIPPETS = ROOT / "snippets"

BLOCK = """\
/// exercise | Step 1: Make a total
start: steps/start.py
solution: steps/step1.py
checks: steps/checks.py::step1
mistakes: steps/step1/

Create `total`.

### Hints
- First hint.
- Second hint,
  on two lines.

### Why it works
Because.
///
"""


def exercise_error(text: str, snippets: Path | None = None) -> str:
    with pytest.raises(syntax.ExerciseError) as caught:
        syntax.parse_exercises(text, "docs/page.md", 0, snippets)
    return str(caught.value)


def test_parses_every_part():
    (exercise,) = syntax.parse_exercises("intro\n\n" + BLOCK, "docs/page.md", 4, SNIPPETS)
    assert (exercise.title, exercise.id, exercise.number, exercise.line) == ("Step 1: Make a total", "step-1", 1, 7)
    assert (exercise.start, exercise.solution, exercise.checks, exercise.check) == (
        "steps/start.py",
        "steps/step1.py",
        "steps/checks.py",
        "step1",
    )
    assert exercise.mistakes == "steps/step1" and exercise.file == "step1.py"
    assert exercise.body == "Create `total`."
    assert exercise.hints == "- First hint.\n- Second hint,\n  on two lines."
    assert exercise.why == "Because."
    assert exercise.lines["checks"] == 2 + 4 + 4  # intro, the block's 4th line, front matter
    mistakes = exercise.mistake_files(SNIPPETS)
    assert len(mistakes) >= 3 and all(path.suffix == ".py" for path in mistakes)
    assert exercise.files(SNIPPETS)[:3] == [
        SNIPPETS / "steps/start.py",
        SNIPPETS / "steps/step1.py",
        SNIPPETS / "steps/checks.py",
    ]


def test_defaults_and_settings():
    text = BLOCK.replace("checks: steps/checks.py::step1", "checks: steps/checks.py\nid: total\nfile: main.py")
    (exercise,) = syntax.parse_exercises(text)
    assert (exercise.id, exercise.check, exercise.file) == ("total", "check", "main.py")


@pytest.mark.content
def test_the_guided_steps_page_parses():
    exercises = syntax.parse_file(ROOT / "docs" / "see-it-in-action.md", "docs/see-it-in-action.md", SNIPPETS)
    assert len(exercises) >= 5
    assert [e.id for e in exercises] == [f"step-{n}" for n in range(1, len(exercises) + 1)]  # saved progress
    assert [e.file for e in exercises] == [f"step{n}.py" for n in range(1, len(exercises) + 1)]
    for e in exercises:  # CONTRIBUTING's step recipe: three hints, then Why it works
        assert e.why and e.hints.count("\n- ") == 2, f"{e.path}:{e.line}: a step has three hints and a Why it works"


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("/// exercise | Step 1: Make a total", "/// exercise"), 1, "an exercise needs its title"),
        (("start: steps/start.py\n", ""), 1, "missing `start:`"),
        (("checks: steps/checks.py::step1", "checks: steps/checks.py:step1"), 4, "checks: expected `file.py`"),
        (("mistakes: steps/step1/", "mistakes: steps/step1/\ncolour: red"), 6, "unknown exercise setting 'colour'"),
        (("- First hint.", "First hint."), 9, "`### Hints` must be a list"),
        (("### Why it works", "### Why"), 14, "unknown exercise section 'Why'"),
        (("Create `total`.\n", ""), 1, "an exercise needs an instruction"),
        (("\n///\n", "\n"), 1, "exercise block is not closed"),
    ],
)
def test_malformed_blocks_name_file_and_line(change, where, message):
    old, new = change
    assert old in BLOCK
    assert exercise_error(BLOCK.replace(old, new)).startswith(f"docs/page.md:{where}: {message}")


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("steps/start.py", "steps/nope.py"), 2, "start: steps/nope.py not found in snippets/"),
        (("::step1", "::step9"), 4, "checks: steps/checks.py defines no function step9(run)"),
        (("mistakes: steps/step1/", "mistakes: steps/none/"), 5, "mistakes: steps/none/ not found"),
    ],
)
def test_missing_files_name_the_setting_line(change, where, message):
    text = BLOCK.replace(*change)
    assert exercise_error(text, SNIPPETS).startswith(f"docs/page.md:{where}: {message}")


def test_duplicate_ids():
    text = BLOCK.replace("mistakes: steps/step1/", "id: total")
    assert exercise_error(text + "\n" + text).startswith(
        "docs/page.md:18: duplicate exercise id 'total' (also at line 1)"
    )
    assert [e.id for e in syntax.parse_exercises(BLOCK + "\n" + BLOCK)] == ["step-1", "step-2"]


def test_a_block_in_a_code_fence_is_an_example_not_an_exercise():
    assert syntax.parse_exercises("````markdown\n" + BLOCK + "````\n") == []


def test_split_mistake():
    code, expected = syntax.split_mistake("x = 1\nprint(x)\n#> The message.\n#> Why.\n\n")
    assert code == "x = 1\nprint(x)\n" and expected == ["The message.", "Why."]
    assert syntax.split_mistake("x = (\n") == ("x = (\n", [])
    assert syntax.split_mistake("#> only\n") == ("", ["only"])
