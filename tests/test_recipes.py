"""CONTRIBUTING's "Add a guided step" recipe, followed on a temporary copy of the project.

The next step (today the sixth: the page counts its steps) is one `/// exercise` block plus its
snippet files, no code change: after `make update-examples` the step's checks and outputs verify,
the strict build passes and the page has one step more. That a known-mistake file whose message is
wrong stops the build, naming its file and line, is test_failures_name_file_and_line.py's
test_exercise_message.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kmf_site.exercise.syntax import parse_file, split_mistake
from kmf_site.verification import verify
from project_copy import copy_project, mkdocs_build, update_examples

BLOCK = """
/// exercise | Step {n}: Say whether the model was retrained
start: steps/step{last}.py
solution: steps/step{n}.py
checks: steps/step{n}_checks.py
mistakes: steps/step{n}/

Print `retrained` on a last line when the version went past 1; print `stale` otherwise.

### Hints
- Compare `model_info['version']` with `1` using `>`.
- `print('retrained' if model_info['version'] > 1 else 'stale')`

### Why it works
A pipeline reports what it did, so a person can see at a glance that the model is fresh.
///
"""

LAST_LINE = "print('retrained' if model_info['version'] > 1 else 'stale')\n"

MESSAGE = "Version 2 is past 1, so the last line must be retrained: compare with >, not <."

CHECKS = """\
from kmf_site.exercise.checks import fail, printed


def check(run):
    last = printed(run).splitlines()[-1:]
    if last == ["stale"]:
        fail("{MESSAGE}")
    if last != ["retrained"]:
        fail("Print retrained or stale on a last line of its own.")
"""


def add_next_step(project: Path) -> int:
    """The recipe: one Markdown block after the last step, and its snippet files. Returns its number."""
    page = project / "docs" / "see-it-in-action.md"
    last = len(parse_file(page))
    n = last + 1
    text = page.read_text()
    last_block_end = text.index("\n///\n", text.index(f"/// exercise | Step {last}")) + len("\n///\n")
    page.write_text(text[:last_block_end] + BLOCK.format(n=n, last=last) + text[last_block_end:])
    steps = project / "snippets" / "steps"
    previous, _ = split_mistake((steps / f"step{last}.py").read_text())  # without its #> lines
    (steps / f"step{n}.py").write_text(previous + LAST_LINE)
    (steps / f"step{n}_checks.py").write_text(CHECKS.format(MESSAGE=MESSAGE))
    (steps / f"step{n}").mkdir()
    mistake = previous + LAST_LINE.replace("> 1", "< 1")
    (steps / f"step{n}" / "compare_reversed.py").write_text(mistake)  # its message: make update-examples
    return n


def test_a_next_step_is_a_block_and_its_snippets(tmp_path):
    project = copy_project(tmp_path / "project")
    n = add_next_step(project)
    # "five guided steps" on the page and its hub card: the count check names each line to fix
    fixed = follow_count_messages(project / "docs")
    assert any("docs/index.md" in m for m in fixed) and any("see-it-in-action.md" in m for m in fixed), fixed
    done = update_examples(project)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    steps = project / "snippets" / "steps"
    mistake = (steps / f"step{n}" / "compare_reversed.py").read_text()
    assert mistake.endswith("< 1 else 'stale')\n#> " + MESSAGE + "\n")
    assert (steps / f"step{n}.py").read_text().endswith(LAST_LINE + "#> retrained\n")
    # What the build's verification would find on this copy: the step's solution passes its checks,
    # its mistake gets the message now written under it, every #> line and include holds. (The
    # rest of the verification covers files the recipe does not touch: the run's site build did it.)
    verify(project, "all", select=["check_snippets.py", "check_exercises.py"])
    site = tmp_path / "site"
    done = mkdocs_build(project, site, verify="off")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    html = (site / "see-it-in-action" / "index.html").read_text()
    assert re.search(rf'<div class="kmf-steps" [^>]*data-steps="{n}"', html)
    assert f'<h2 id="step-{n}">Step {n}: Say whether the model was retrained' in html
    assert (site / "assets" / "kmf" / "checks" / "see-it-in-action" / f"step-{n}.py").is_file()


# ---------------------------------------------------------------- the other recipes, on one copy

EXAMPLE = """```python {.run}
--8<-- "concepts/recipe_blend.py"
```

Blending the two scores gives 0.855, the number the program prints.

"""

QUESTION = """
/// quiz | What does this program print?
difficulty: hard
id: recipe-best-score
verify: practice/recipe_best.py

```python {.run}
--8<-- "practice/recipe_best.py"
```

- [ ] `0.81`
    That is the lower of the two scores; `max` returns the higher one.
- [x] `0.86`
    `max` returns the higher score.

### Solution
`max` compares the two scores and returns the higher one, `0.86`.

### Final answer
`0.86` (option B).
///
"""

EXERCISE = """
/// exercise | Bug {n}: Retraining that never starts
id: below-the-bar
start: debug-it/below-the-bar/broken.py
solution: debug-it/below-the-bar/fixed.py
checks: debug-it/below-the-bar/checks.py
mistakes: debug-it/below-the-bar/mistakes/
file: below_the_bar.py

`should_retrain` must say yes when the accuracy drops below the bar. Run it: a model below the bar
is kept. Fix the comparison.

### Hints
- Which way should the comparison point when the accuracy is too low?

### Why it works
A retraining trigger fires when the metric crosses the bar in the bad direction.
///
"""

BROKEN = """def should_retrain(accuracy, bar):
    return accuracy > bar


print(should_retrain(0.70, 0.80))
"""

BUG_CHECKS = """from kmf_site.exercise.checks import fail


def check(run):
    should_retrain = run.ns.get("should_retrain")
    if should_retrain is None:
        fail("Keep the function should_retrain.")
    if should_retrain(0.70, 0.80) is not True or should_retrain(0.90, 0.80) is not False:
        fail(
            "Retrain when the accuracy is below the bar: compare with <.",
            "A model below the bar that is never retrained keeps serving worse answers.",
        )
"""

PAGE = """---
title: Recipe page
description: A page added by following CONTRIBUTING's recipe.
---

# Recipe page

```python {.run}
--8<-- "recipe-page/hello.py"
```
"""


def follow_count_messages(docs: Path) -> list[str]:
    """What a contributor does with the count check's messages: write the number it names."""
    from kmf_site.counts import count_claims, number_word

    claims = count_claims(docs)
    for claim in claims:
        path, line = claim.where.rsplit(":", 1)
        page = docs.parent / path
        lines = page.read_text().splitlines(keepends=True)
        word = claim.said.split()[0]
        new = number_word(claim.found)
        new = new.capitalize() if word[:1].isupper() else new
        lines[int(line) - 1] = lines[int(line) - 1].replace(claim.said, new + claim.said[len(word) :], 1)
        page.write_text("".join(lines))
    return [str(claim) for claim in claims]


def follow_card_time_messages(docs: Path) -> list[str]:
    """What a contributor does when test_hub_cards says a card's time is not its page's: write the
    measured time (rounded up to 5 minutes on a reading page) on the card."""
    import math

    import test_hub_cards as hub

    index = docs / "index.md"
    text, said = index.read_text(), []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hub, "DOCS", docs)
        shown, measured = hub.card_minutes(), hub.measured_minutes()
    for match in hub.CARD.finditer(text):
        mode = dict(re.findall(r'([\w-]+)="([^"]*)"', match["attrs"]))["data-kmf-mode"]
        need = 5 * math.ceil(measured[mode] / 5) if mode in hub.READING else math.ceil(measured[mode])
        if (mode in hub.READING and shown[mode] != need) or shown[mode] < measured[mode]:
            said.append(f"{mode}: the card says {shown[mode]} min, the page reads in {measured[mode]:.1f}")
            body_at = match.end()
            time = hub.TIME.search(text, body_at)
            text = text[: time.start(1)] + str(need) + text[time.end(1) :]
    index.write_text(text)
    return said


def test_an_example_a_quiz_question_a_debug_it_exercise_and_a_page_follow_their_recipes(tmp_path):
    project = copy_project(tmp_path / "project")
    docs, snippets = project / "docs", project / "snippets"
    # A runnable example on /concepts/: the program, its include before a heading, update-examples
    (snippets / "concepts" / "recipe_blend.py").write_text("print(round(0.9 * 0.95, 3))\n")
    concepts = (docs / "concepts.md").read_text()
    at = concepts.index("\n/// quiz") + 1  # before the first section's quick check, which ends it
    (docs / "concepts.md").write_text(concepts[:at] + EXAMPLE + concepts[at:])
    # A verified quiz question: the program with an empty .output.txt (no #> lines for the reader)
    (snippets / "practice" / "recipe_best.py").write_text("print(max(0.81, 0.86))\n")
    (snippets / "practice" / "recipe_best.output.txt").write_text("")
    (docs / "practice.md").write_text((docs / "practice.md").read_text() + QUESTION)
    # A Debug it exercise: broken/fixed with empty .output.txt files, checks, mistakes, the block
    bug = snippets / "debug-it" / "below-the-bar"
    (bug / "mistakes").mkdir(parents=True)
    (bug / "broken.py").write_text(BROKEN)
    (bug / "fixed.py").write_text(BROKEN.replace(">", "<"))
    (bug / "broken.output.txt").write_text("")
    (bug / "fixed.output.txt").write_text("")
    (bug / "checks.py").write_text(BUG_CHECKS)
    (bug / "mistakes" / "as_given.py").write_text(BROKEN)
    (bug / "mistakes" / "at_or_above.py").write_text(BROKEN.replace(">", ">="))
    page = docs / "debug-it.md"
    text = page.read_text()
    n = text.count("\n/// exercise") + 1
    last_end = text.index("\n///\n", text.rindex("\n/// exercise")) + len("\n///\n")
    page.write_text(text[:last_end] + EXERCISE.format(n=n) + text[last_end:])
    # A page: docs/<page>.md, its program, nav:
    (docs / "recipe-page.md").write_text(PAGE)
    (snippets / "recipe-page").mkdir()
    (snippets / "recipe-page" / "hello.py").write_text("print('hello from a new page')\n")
    mkdocs_yml = project / "mkdocs.yml"
    mkdocs_yml.write_text(
        mkdocs_yml.read_text().replace(
            "  - Cheat sheet: cheat-sheet.md\n", "  - Cheat sheet: cheat-sheet.md\n  - Recipe page: recipe-page.md\n"
        )
    )

    # The count words the new question and exercise made wrong: the check names each, fix them
    fixed = follow_count_messages(docs)
    # A page's reading time grows with an example or a question: where test_hub_cards says a card's
    # time is no longer its page's (here the Practice card), the contributor writes the new time
    retimed = follow_card_time_messages(docs)
    assert not follow_card_time_messages(docs), retimed  # once followed, every card holds
    assert any("docs/practice.md" in m for m in fixed) and any("docs/debug-it.md" in m for m in fixed), fixed
    assert any("docs/index.md" in m for m in fixed), fixed  # the hub card's "five questions"

    done = update_examples(project)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert (snippets / "concepts" / "recipe_blend.py").read_text().endswith("#> 0.855\n")
    assert (snippets / "practice" / "recipe_best.py").read_text() == "print(max(0.81, 0.86))\n"  # no #> answer
    assert (snippets / "practice" / "recipe_best.output.txt").read_text() == "0.86\n"
    assert (bug / "broken.output.txt").read_text() == "False\n" and (bug / "fixed.output.txt").read_text() == "True\n"
    assert (
        (bug / "mistakes" / "as_given.py")
        .read_text()
        .endswith(
            "#> Retrain when the accuracy is below the bar: compare with <.\n"
            "#> A model below the bar that is never retrained keeps serving worse answers.\n"
        )
    )
    assert (snippets / "recipe-page" / "hello.py").read_text().endswith("#> hello from a new page\n")

    checks = ["check_snippets.py", "check_exercises.py", "check_quiz_answers.py"]
    verify(project, "all", select=[*checks, "check_counts.py", "check_program_lines.py"])
    site = tmp_path / "site"
    done = mkdocs_build(project, site, verify="off")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    concepts = (site / "concepts" / "index.html").read_text()
    assert "recipe_blend.py" in concepts and "0.855" in concepts
    practice = (site / "practice" / "index.html").read_text()
    assert "recipe-best-score" in practice and "#&gt;" not in practice.split("recipe-best-score", 1)[1]
    assert "below-the-bar" in (site / "debug-it" / "index.html").read_text()
    assert re.search(r"<title>Recipe page\b", (site / "recipe-page" / "index.html").read_text())
    hub = (site / "index.html").read_text()
    assert re.search(r'<a [^>]*data-kmf-mode="practice"[^>]*data-kmf-total="6"', hub), "the hub's total follows"

    # The tests that count read the new content from the pages (no test edited): run on the copy
    probe = (
        "import sys; sys.path[:0] = ['tests', 'tests/e2e'];"
        "import test_site, test_hub, test_debug_it;"
        "print(test_site.PAGES[-1], test_hub.QUESTIONS, len(test_debug_it.EXERCISES),"
        " test_debug_it.wrong_fix(test_debug_it.EXERCISES[-1]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True)
    assert done.stdout.split() == ["recipe-page/", "6", str(n), "at_or_above"], done.stdout + done.stderr
    # ... and the browser-free tests `make check` runs pass on the copy
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "content", "-q", "-p", "no:cacheprovider",
         "--ignore=tests/e2e", "tests"],
        cwd=project, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
