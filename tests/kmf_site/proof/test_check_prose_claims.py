"""kmf_site/proof/check_prose_claims.py: a wrong number planted in each kind of prose fails naming
its file and line; this site's pages anchor their numbers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from content import DOCS, SNIPPETS
from kmf_site import claims
from kmf_site.proof.check_prose_claims import (
    CHECKS,
    run_check,
    stale_in_exercises,
    stale_in_notebook,
    stale_in_pages,
    stale_in_quizzes,
)


@pytest.mark.content
def test_the_count_of_anchored_numbers():
    """This site's prose quotes its runs' numbers by their labels: the check reads them (a finder
    that found none would pass everything)."""
    total = claims.Tally()
    for where in [*CHECKS, "notebooks"]:
        problems, tally = run_check(where)
        assert tally.anchored + tally.present + tally.lines > 0 or where == "notebooks", where
        total += tally
    assert total.anchored >= 40


def plant(page: Path, find: str, replace: str) -> int:
    text = page.read_text()
    assert text.count(find) == 1, find
    page.write_text(text.replace(find, replace))
    return text[: text.index(find)].count("\n") + 1


@pytest.fixture
def docs(tmp_path) -> Path:
    copy = tmp_path / "docs"
    shutil.copytree(DOCS, copy)
    return copy


PLANTED = [
    # (what, page, text, planted, check): one wrong number of each kind
    ("two values swapped in prose after a block", "concepts.md", "0.89 for the schedule, 0.88 for the trigger",
     "0.88 for the schedule, 0.89 for the trigger", stale_in_pages),
    ("a single digit in prose before a block", "index.md", "says version 1 with 75 % accuracy",
     "says version 3 with 75 % accuracy", stale_in_pages),
    ("a table row's value", "concepts.md", "(0.81, 0.81 and 0.80 in weeks 10 to 12)",
     "(0.81, 0.81 and 0.70 in weeks 10 to 12)", stale_in_pages),
    ("a line number in a quiz's option", "test.md", "line 6 looks up `load_model`",
     "line 7 looks up `load_model`", stale_in_quizzes),
    ("a line number in a quiz's solution", "practice.md", "the `print` on line 8 never happens",
     "the `print` on line 9 never happens", stale_in_quizzes),
    ("a number in a hint", "see-it-in-action.md", "- Use curly braces to create a dictionary",
     "- The accuracy is 0.7. Use curly braces to create a dictionary", stale_in_exercises),
    ("a number in Why it works", "see-it-in-action.md", "'accuracy' the float 0.75.",
     "'accuracy' the float 0.7.", stale_in_exercises),
]  # fmt: skip


@pytest.mark.parametrize(("what", "name", "find", "planted", "check"), PLANTED, ids=[p[0] for p in PLANTED])
def test_a_planted_wrong_number_fails_naming_file_and_line(docs, what, name, find, planted, check):
    assert check(docs, SNIPPETS)[0] == []
    line = plant(docs / name, find, planted)
    problems = check(docs, SNIPPETS)[0]
    assert problems and all(p.startswith(f"docs/{name}:{line}: ") for p in problems), problems


def test_a_swap_names_the_program_and_the_values(docs):
    line = plant(
        docs / "concepts.md",
        "0.89 for the schedule, 0.88 for the trigger",
        "0.88 for the schedule, 0.89 for the trigger",
    )
    (problem,) = stale_in_pages(docs, SNIPPETS)[0]
    assert problem.startswith(f"docs/concepts.md:{line}: 0.88 stands for column 'schedule 3 wk' here, but "
                              "concepts/drift_policies.py prints "), problem  # fmt: skip
    assert "0.89" in problem.split(" there ")[0]  # among the values the schedule's column shows


@pytest.mark.parametrize(
    ("cell", "find", "planted"),
    [(1, "Every week a batch of 400 customers", "Every week a batch of 500 customers"),
     (7, "falls below\n0.86", "falls below\n0.8")],
)  # fmt: skip
def test_a_planted_number_in_the_notebook(tmp_path, cell, find, planted):
    notebook = tmp_path / "docs" / "notebook.ipynb"
    notebook.parent.mkdir()
    nb = json.loads((DOCS / "notebook.ipynb").read_text())
    assert stale_in_notebook(DOCS / "notebook.ipynb")[0] == []
    text = "".join(nb["cells"][cell]["source"])
    assert find in text
    nb["cells"][cell]["source"] = [text.replace(find, planted)]
    notebook.write_text(json.dumps(nb))
    problems = stale_in_notebook(notebook)[0]
    assert problems and all(p.startswith(f"docs/notebook.ipynb:cell {cell + 1} (markdown), line ") for p in problems)


def test_a_box_after_the_prose_is_not_the_blocks_prose(tmp_path):
    """An admonition (a "Going deeper" box) starts a block of its own: sourced facts in it (years,
    rules of thumb) are not read as the run's output; the prose before it still is."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text(
        '# P\n\nIt says version 7.\n\n```python {.run}\n--8<-- "index/model_info.py"\n```\n\n'
        '??? note "Going deeper: version 9 of the rule"\n\n    Gama et al. 2014 name version 9 of it.\n'
    )
    problems = stale_in_pages(docs, SNIPPETS)[0]
    assert len(problems) == 1 and problems[0].startswith("docs/page.md:3: 7 "), problems
