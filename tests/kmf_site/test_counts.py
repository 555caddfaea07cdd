"""kmf_site/counts.py: counts come from the pages. The hub's totals are the linked page's blocks,
and a count word in prose that disagrees with the page's blocks fails, naming docs/<page>.md:LINE.
The site's own check is the proof's (kmf_site/proof/check_counts.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kmf_site import counts

pytestmark = pytest.mark.content  # browser-free and fast: `make check` runs the whole file
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

QUIZ = """/// quiz | Question {n}?
difficulty: {difficulty}

- [x] yes
- [ ] no
    Because.

### Solution
Two questions: this text is the question's own, not a claim about the page.

### Final answer
yes (option A).
///
"""

STEP = """/// exercise | Step {n}: Do it
start: s/a.py
solution: s/b.py
checks: s/c.py::step{n}

Do it.

### Hints
- A hint.
///
"""


def write_docs(tmp_path: Path, steps: int, questions: int, prose: str = "") -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "steps.md").write_text(
        "---\ndescription: Build it in five guided steps.\n---\n\n# Steps\n\nIn five steps you will:\n\n"
        + "\n".join(STEP.format(n=n) for n in range(1, steps + 1))
    )
    quizzes = "\n".join(QUIZ.format(n=n, difficulty=["easy", "medium", "hard"][n % 3]) for n in range(questions))
    (docs / "quiz.md").write_text(f"# Quiz\n\nFive questions, from easy to hard.{prose}\n\n" + quizzes)
    (docs / "index.md").write_text(
        '<div class="grid cards" markdown>\n\n'
        '-   [Steps](steps.md){ .kmf-mode__link data-kmf-mode="steps" data-kmf-total="3" }\n\n'
        "    Build a script in five guided steps.\n\n"
        '-   [Quiz](quiz.md){ .kmf-mode__link data-kmf-mode="quiz" }\n\n'
        "    Answer five questions. The 1,000 steps limit is not a count of this page.\n\n"
        "</div>\n"
    )
    return docs


def test_prose_that_matches_the_blocks_passes(tmp_path):
    docs = write_docs(tmp_path, steps=5, questions=5)
    assert counts.count_claims(docs) == []


def test_a_sixth_step_makes_each_five_fail_with_its_file_and_line(tmp_path):
    docs = write_docs(tmp_path, steps=6, questions=5)
    found = [str(claim) for claim in counts.count_claims(docs)]
    assert found == [
        "docs/steps.md:2: says 'five guided steps' but the page's /// exercise blocks number 6: write 'six' "
        "(the count comes from the page)",
        "docs/steps.md:7: says 'five steps' but the page's /// exercise blocks number 6: write 'six' "
        "(the count comes from the page)",
        "docs/index.md:5: says 'five guided steps' but the page's /// exercise blocks number 6: write 'six' "
        "(the count comes from the page)",
    ]


def test_questions_and_difficulty_words_are_counted(tmp_path):
    docs = write_docs(tmp_path, steps=5, questions=4, prose=" Four questions: one easy, two medium, one hard.")
    found = {(claim.where, claim.said, claim.found) for claim in counts.count_claims(docs)}
    # 4 questions, difficulty n % 3 for n = 0..3: easy, medium, hard, easy ("one hard" is right)
    assert found == {
        ("docs/quiz.md:3", "Five questions", 4),
        ("docs/quiz.md:3", "one easy", 2),
        ("docs/quiz.md:3", "two medium", 1),
        ("docs/index.md:9", "five questions", 4),
    }


def test_hub_totals_come_from_the_linked_page(tmp_path):
    docs = write_docs(tmp_path, steps=6, questions=4)
    hub = counts.with_hub_totals((docs / "index.md").read_text(), docs)
    assert 'data-kmf-mode="steps" data-kmf-total="6" data-kmf-kind="exercises" }' in hub  # the typed 3 is replaced
    assert 'data-kmf-mode="quiz" data-kmf-total="4" data-kmf-kind="practice" }' in hub


def test_a_card_says_its_pages_kind_and_older_key_from_the_page(tmp_path):
    """The hub reads a mode's own saved state by these, not by the page's name (web/modes.js)."""
    docs = write_docs(tmp_path, steps=2, questions=3)
    steps = docs / "steps.md"
    steps.write_text(steps.read_text().replace("---\ndescription", "---\nsaved_before: old-steps\ndescription", 1))
    (docs / "quiz.md").write_text("---\nquiz: test\n---\n" + (docs / "quiz.md").read_text())
    hub = counts.with_hub_totals((docs / "index.md").read_text(), docs)
    assert 'data-kmf-total="2" data-kmf-kind="exercises" data-kmf-saved-before="old-steps" }' in hub
    assert 'data-kmf-mode="quiz" data-kmf-total="3" data-kmf-kind="test" }' in hub
    assert counts.with_hub_totals(hub, docs) == hub  # a rebuild of its own output changes nothing


def test_nav_pages_are_read_from_mkdocs_yml(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nnav:\n  - Home: index.md\n  - A page: a.md\n  - Book: nb.ipynb\n"
        "  - Deep: b/index.md\n\ntheme: x\n"
    )
    assert counts.nav_pages(tmp_path) == ["", "a/", "nb/", "b/"]


def test_the_hub_gets_its_totals_in_the_build(tmp_path):
    """The plugin writes the totals: docs/index.md types none."""
    from types import SimpleNamespace

    from kmf_site.plugin import KmfPlugin

    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md", abs_src_path=str(DOCS / "index.md")), meta={})
    plugin = KmfPlugin()
    plugin.settings = {"verify": "off"}
    built = plugin.on_page_markdown(
        (DOCS / "index.md").read_text(), page=page, config={"docs_dir": str(DOCS)}, files=None
    )
    steps = counts.page_counts(DOCS / "see-it-in-action.md").exercises
    questions = counts.page_counts(DOCS / "practice.md").questions
    assert f'data-kmf-mode="see-it-in-action" data-kmf-total="{steps}" data-kmf-kind="exercises"' in built
    assert f'data-kmf-mode="practice" data-kmf-total="{questions}" data-kmf-kind="practice"' in built
    assert "data-kmf-total" not in (DOCS / "index.md").read_text()


def test_the_site_check_fails_on_a_copy_with_a_sixth_step(tmp_path):
    """The site's own pages: one more step than "five guided steps" says."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    page = docs / "see-it-in-action.md"
    text = page.read_text()
    last = text.rindex("/// exercise |")
    page.write_text(text + "\n" + text[last : text.index("\n///\n", last) + 5].replace("Step 5", "Step 6"))
    found = {claim.where.split(":")[0] for claim in counts.count_claims(docs)}
    assert found == {"docs/see-it-in-action.md", "docs/index.md"}


def test_a_malformed_block_counts_nothing_and_leaves_its_report_to_the_plugin(tmp_path):
    docs = write_docs(tmp_path, steps=5, questions=5)
    page = docs / "quiz.md"
    page.write_text(page.read_text().replace("difficulty: easy", "difficulty: trivial", 1))
    assert counts.page_counts(page) == counts.PageCounts()
    assert counts.count_claims(docs) == []


def test_a_home_page_without_cards_has_none_and_claims_nothing(tmp_path):
    """Another course's home page need not be a hub (examples/minimal/: one page)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Averages\n\nOne page, no cards.\n")
    assert counts.hub_cards(docs / "index.md") == []
    assert counts.count_claims(docs) == []
