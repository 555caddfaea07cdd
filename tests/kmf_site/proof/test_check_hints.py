"""kmf_site/proof/check_hints.py: a wrong hint planted in each way fails naming its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from content import DOCS, SNIPPETS
from kmf_site.proof.check_hints import hint_problems


@pytest.mark.content
def test_this_sites_hints_are_read():
    problems, spans, names = hint_problems(DOCS, SNIPPETS)
    assert problems == [] and spans >= 20 and names >= 30


@pytest.fixture
def docs(tmp_path) -> Path:
    copy = tmp_path / "docs"
    shutil.copytree(DOCS, copy)
    return copy


@pytest.mark.parametrize(
    ("page", "find", "planted", "message"),
    [
        ("see-it-in-action.md", "- Add one line below `model_info`: `new_data_available = True`",
         "- Add one line below `model_info`: `new_data_avialable = True`", "names `new_data_avialable`"),
        ("see-it-in-action.md", "`model_info['accuracy'] = 0.85`", "`model_info['accuracy'] = 0.8`",
         "`model_info['accuracy'] = 0.8` is not a statement of the solution, and the solution with it fails"),
        ("debug-it.md", "- `if challenger.score > champion.score:`", "- `if challenger.score >= champion.score:`",
         "the solution has no `if challenger.score >= champion.score:`"),
        ("debug-it.md", "new_data is", "new_data is", None),
    ],
)  # fmt: skip
def test_a_planted_wrong_hint_fails_naming_its_line(docs, page, find, planted, message):
    path = docs / page
    text = path.read_text()
    if message is None:  # Why it works: a name no program has
        find = "the drop of 0.28 is more than 0.05"
        planted = "the drop of 0.28 is more than `max_drop`"
        message = "names `max_drop`"
    assert hint_problems(docs, SNIPPETS)[0] == []
    assert text.count(find) == 1, find
    path.write_text(text.replace(find, planted))
    line = text[: text.index(find)].count("\n") + 1
    problems = hint_problems(docs, SNIPPETS)[0]
    assert problems and all(p.startswith(f"docs/{page}:{line}: ") for p in problems), problems
    assert any(message in p for p in problems), problems
