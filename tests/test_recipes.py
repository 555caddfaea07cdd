"""CONTRIBUTING's recipes, followed on one temporary copy of the project as a contributor would:
a guided step, a runnable example, a verified quiz question, a Debug it exercise and a page.

Each recipe adds its own files and blocks on its own page (the Practice card's reading time and
count words aside, which the checks name), so the five stay independent on one copy, and each test
below names the recipe it proves. The loop is the contributor's fast one: the copy starts as after
a green `make check` (this run's verified build proves these very sources: tests/test_build.py),
`make update-examples CHANGED=1` rewrites only what the recipes touched, the count check names
each count word to fix, and the copy's site is built as `make serve` verifies, only what changed
(KMF_VERIFY=changed: the new programs in CPython and Pyodide, the exercises' cases, quiz keys,
includes and counts), strict. Then, from the copy's own tests/ (never edited), the browser-free
tests `make check` runs and the browser tests each recipe's content reaches (BROWSER) pass on the
copy's site. That a known-mistake file whose message is wrong stops the build, naming its file and
line, is test_failures_name_file_and_line.py's test_exercise_message.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from kmf_site.exercise.syntax import parse_file, split_mistake
from kmf_site.verification import mark_green
from project_copy import copy_project, update_examples

BLOCK = """
/// exercise | Step {n}: Say whether the model was retrained
start: steps/step{last}.py
solution: steps/step{n}.py
checks: steps/step{n}_checks.py
mistakes: steps/step{n}/

Print `retrained` on a last line when the version went past 1; print `stale` otherwise.

### Hints
- Compare `model_info['version']` with `1` using `>`.
- Print one of two words, on a line of its own, after what the program printed before.
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


def add_example(project: Path) -> None:
    """*A runnable example* on /concepts/: the program, its include before a section's quick check."""
    (project / "snippets" / "concepts" / "recipe_blend.py").write_text("print(round(0.9 * 0.95, 3))\n")
    page = project / "docs" / "concepts.md"
    text = page.read_text()
    at = text.index("\n/// quiz") + 1  # before the first section's quick check, which ends it
    page.write_text(text[:at] + EXAMPLE + text[at:])


def add_question(project: Path) -> None:
    """*Add a quiz question*, verified: its program with an empty .output.txt (no #> answer shown)."""
    snippets = project / "snippets" / "practice"
    (snippets / "recipe_best.py").write_text("print(max(0.81, 0.86))\n")
    (snippets / "recipe_best.output.txt").write_text("")
    page = project / "docs" / "practice.md"
    page.write_text(page.read_text() + QUESTION)


def add_exercise(project: Path) -> int:
    """*Add a "Debug it" exercise*: broken/fixed with empty .output.txt files, checks, mistakes,
    the block after the last exercise. Returns its number."""
    bug = project / "snippets" / "debug-it" / "below-the-bar"
    (bug / "mistakes").mkdir(parents=True)
    (bug / "broken.py").write_text(BROKEN)
    (bug / "fixed.py").write_text(BROKEN.replace(">", "<"))
    (bug / "broken.output.txt").write_text("")
    (bug / "fixed.output.txt").write_text("")
    (bug / "checks.py").write_text(BUG_CHECKS)
    (bug / "mistakes" / "as_given.py").write_text(BROKEN)
    (bug / "mistakes" / "at_or_above.py").write_text(BROKEN.replace(">", ">="))
    page = project / "docs" / "debug-it.md"
    text = page.read_text()
    n = text.count("\n/// exercise") + 1
    last_end = text.index("\n///\n", text.rindex("\n/// exercise")) + len("\n///\n")
    page.write_text(text[:last_end] + EXERCISE.format(n=n) + text[last_end:])
    return n


def add_page(project: Path) -> None:
    """*Add a page*: docs/<page>.md, its program, its line in nav:."""
    (project / "docs" / "recipe-page.md").write_text(PAGE)
    (project / "snippets" / "recipe-page").mkdir()
    (project / "snippets" / "recipe-page" / "hello.py").write_text("print('hello from a new page')\n")
    mkdocs_yml = project / "mkdocs.yml"
    nav = "  - Cheat sheet: cheat-sheet.md\n"
    mkdocs_yml.write_text(mkdocs_yml.read_text().replace(nav, nav + "  - Recipe page: recipe-page.md\n"))


# The files each recipe adds: a failure that names one names its recipe.
RECIPES = {
    "a guided step": "snippets/steps/step6",
    "a runnable example": "snippets/concepts/recipe_blend.py",
    "a verified quiz question": "snippets/practice/recipe_best.py",
    "a Debug it exercise": "snippets/debug-it/below-the-bar/",
    "a page": "snippets/recipe-page/",
}


def recipes_named(report: str) -> list[str]:
    return [recipe for recipe, files in RECIPES.items() if files in report] or ["(none named: see the report)"]


class Copy(NamedTuple):
    project: Path
    step: int  # the new step's number
    bug: int  # the new Debug it exercise's number
    counted: list[str]  # what the count check said
    retimed: list[str]  # what test_hub_cards' card times said
    updated: subprocess.CompletedProcess  # make update-examples CHANGED=1


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Copy:
    """One copy with the five recipes followed, then `make update-examples CHANGED=1`."""
    project = copy_project(tmp_path_factory.mktemp("recipes") / "project")
    mark_green(project)  # as after a green `make check` of these sources (test_build proves them)
    step = add_next_step(project)
    add_example(project)
    add_question(project)
    bug = add_exercise(project)
    add_page(project)
    # the count words the new step, question and exercise made wrong: the check names each, fix them
    counted = follow_count_messages(project / "docs")
    # a page's reading time grows with an example or a question: where test_hub_cards says a card's
    # time is no longer its page's (here the Practice card), the contributor writes the new time
    retimed = follow_card_time_messages(project / "docs")
    return Copy(project, step, bug, counted, retimed, update_examples(project, "--changed"))


def test_update_examples_rewrites_only_what_the_recipes_touched(copy):
    done = copy.updated
    report = done.stdout + done.stderr
    assert done.returncode == 0, f"recipes named: {recipes_named(report)}\n{report[-5000:]}"
    # only the recipes' programs and cases ran: the proof's other checks were deselected
    passed, deselected = (int(re.search(rf"(\d+) {word}", report)[1]) for word in ("passed", "deselected"))
    assert deselected > 5 * passed, report[-2000:]


def test_a_guided_step(copy):
    """*Add a guided step*: one `/// exercise` block and its snippet files, no code change."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    # "five guided steps" on the page and its hub card: the count check named each line to fix
    assert any("docs/see-it-in-action.md" in m for m in copy.counted), copy.counted
    steps = copy.project / "snippets" / "steps"
    mistake = (steps / f"step{copy.step}" / "compare_reversed.py").read_text()
    assert mistake.endswith("< 1 else 'stale')\n#> " + MESSAGE + "\n")
    assert (steps / f"step{copy.step}.py").read_text().endswith(LAST_LINE + "#> retrained\n")


def test_a_runnable_example(copy):
    """*A runnable example*: its #> output written by update-examples."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    assert (copy.project / "snippets" / "concepts" / "recipe_blend.py").read_text().endswith("#> 0.855\n")


def test_a_verified_quiz_question(copy):
    """*Add a quiz question* with `verify:`: its output in .output.txt, never #> lines that show
    the answer; the count words and the Practice card's time follow."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    practice = copy.project / "snippets" / "practice"
    assert (practice / "recipe_best.py").read_text() == "print(max(0.81, 0.86))\n"  # no #> answer
    assert (practice / "recipe_best.output.txt").read_text() == "0.86\n"
    assert any("docs/practice.md" in m for m in copy.counted), copy.counted
    assert any("docs/index.md" in m for m in copy.counted), copy.counted  # the hub card's "five questions"
    assert not follow_card_time_messages(copy.project / "docs"), copy.retimed  # once followed, every card holds


def test_a_debug_it_exercise(copy):
    """*Add a "Debug it" exercise*: outputs in .output.txt, each mistake's message under it."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    bug = copy.project / "snippets" / "debug-it" / "below-the-bar"
    assert (bug / "broken.output.txt").read_text() == "False\n" and (bug / "fixed.output.txt").read_text() == "True\n"
    assert (
        (bug / "mistakes" / "as_given.py")
        .read_text()
        .endswith(
            "#> Retrain when the accuracy is below the bar: compare with <.\n"
            "#> A model below the bar that is never retrained keeps serving worse answers.\n"
        )
    )
    assert any("docs/debug-it.md" in m for m in copy.counted), copy.counted


def test_a_page(copy):
    """*Add a page*: its program's output written; the tests read nav:, so none is edited."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    hello = copy.project / "snippets" / "recipe-page" / "hello.py"
    assert hello.read_text().endswith("#> hello from a new page\n")


# The browser tests each recipe's content reaches: those that count the steps, questions,
# exercises or pages from the pages, or type the files a recipe adds (its solution, the first
# file of its mistakes folder), or check every page of nav:. The rest of their files test the
# widgets on content no recipe changes.
BROWSER = {
    "a guided step": [
        "tests/e2e/test_steps.py::test_solutions_pass_and_progress_survives_reload",  # types each step's solution
        "tests/e2e/test_steps.py::test_known_mistake_per_step_gets_its_message",  # the new step's first mistake
        "tests/e2e/test_steps.py::test_without_javascript_every_step_is_readable",
        "tests/e2e/test_hub.py::test_marks_follow_finished_modes_and_reset_clears_them",  # "N of N steps"
    ],
    "a runnable example": [
        "tests/e2e/test_site.py::test_each_page_loads_only_from_its_own_origin_and_passes_axe_in_both_schemes[concepts]",
    ],
    "a verified quiz question": [
        "tests/e2e/test_quiz.py::test_axe_finds_no_violations[practice/]",
        "tests/e2e/test_hub.py::test_marks_follow_finished_modes_and_reset_clears_them",  # "N of N questions"
    ],
    "a Debug it exercise": [
        "tests/e2e/test_debug_it.py::test_the_page_has_at_least_five_exercises_each_starting_broken",
        "tests/e2e/test_debug_it.py::test_each_exercise_fails_as_given_and_passes_with_its_fix",  # types its fix
        "tests/e2e/test_debug_it.py::test_without_javascript_every_exercise_is_readable",
    ],
    "a page": [
        "tests/e2e/test_site.py::test_these_are_all_the_pages_built",  # nav: against the sitemap
        "tests/e2e/test_site.py::test_each_page_loads_only_from_its_own_origin_and_passes_axe_in_both_schemes[recipe-page]",
    ],
}


class Run(NamedTuple):
    outcomes: dict[str, str]  # node id: PASSED, FAILED, ERROR, SKIPPED
    report: str
    site: Path  # the copy's site, as its browser tests saw it


def in_copy(project: Path, args: list[str], keep: Path | None = None) -> subprocess.CompletedProcess:
    """pytest in the copy, on its own tests/ (the copy's site built verified as changed)."""
    kept = repr(str(keep)) if keep else "None"
    program = (
        "import sys, pytest, project_copy; sys.exit(pytest.main(sys.argv[1:],"
        f" plugins=[project_copy.SiteVerifiedAsChanged({kept})]))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KMF_TEST_"))}
    env["PYTHONPATH"] = str(project / "tests")
    return subprocess.run(
        [sys.executable, "-c", program, "-p", "no:cacheprovider", "-n", "0", "-rA", "--tb=short", *args],
        cwd=project, env=env, capture_output=True, text=True, timeout=1500,
    )  # fmt: skip


def selection(browser: dict[str, list[str]]) -> list[str]:
    """pytest arguments that run these tests: each test function, and a -k expression that keeps
    only the named cases of a parametrized one, so that a case the copy's tests do not have (a
    page they do not read from nav:) is "not run" for its recipe, not an error for every recipe."""
    ids = list(dict.fromkeys(test for tests in browser.values() for test in tests))
    cases = [test.split("::")[-1] for test in ids if "[" in test]
    functions = sorted({case.split("[")[0] for case in cases})
    keep = f"not ({' or '.join(functions)}) or {' or '.join(cases)}" if cases else "not nothing"
    return [*dict.fromkeys(test.split("[")[0] for test in ids), "-k", keep]


@pytest.fixture(scope="module")
def browser_run(copy, tmp_path_factory) -> Run:
    """The browser tests of every recipe, in one run of the copy's pytest (one build of its site)."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    site = tmp_path_factory.mktemp("recipes-site") / "site"
    done = in_copy(copy.project, selection(BROWSER), keep=site)
    report = done.stdout + done.stderr
    outcomes = re.findall(r"(?m)^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (\S+)", report)
    return Run({test: outcome for outcome, test in outcomes}, report, site)


@pytest.mark.parametrize("recipe", BROWSER)
def test_the_browser_tests_the_recipe_reaches_pass_on_the_copy(recipe, browser_run):
    tests = BROWSER[recipe]
    failed = {test: browser_run.outcomes.get(test, "not run") for test in tests}
    failed = {test: outcome for test, outcome in failed.items() if outcome != "PASSED"}
    assert not failed, f"{recipe}: the copy's browser tests {failed}\n{browser_run.report[-6000:]}"


def test_the_copy_builds_with_the_recipes_content(copy, browser_run):
    """The strict build the browser tests read, verified as changed: what each recipe added is there."""
    site = browser_run.site
    assert site.is_dir(), browser_run.report[-4000:]
    html = (site / "see-it-in-action" / "index.html").read_text()
    assert re.search(rf'<div class="kmf-steps" [^>]*data-steps="{copy.step}"', html), "a guided step"
    assert f'<h2 id="step-{copy.step}">Step {copy.step}: Say whether the model was retrained' in html, "a guided step"
    assert (site / "assets" / "kmf" / "checks" / "see-it-in-action" / f"step-{copy.step}.py").is_file()
    concepts = (site / "concepts" / "index.html").read_text()
    assert "recipe_blend.py" in concepts and "0.855" in concepts, "a runnable example"
    practice = (site / "practice" / "index.html").read_text()
    assert "recipe-best-score" in practice, "a verified quiz question"
    assert "#&gt;" not in practice.split("recipe-best-score", 1)[1], "a verified quiz question shows no #> answer"
    hub = (site / "index.html").read_text()
    assert re.search(r'<a [^>]*data-kmf-mode="practice"[^>]*data-kmf-total="6"', hub), "the hub's total follows"
    assert "below-the-bar" in (site / "debug-it" / "index.html").read_text(), "a Debug it exercise"
    assert re.search(r"<title>Recipe page\b", (site / "recipe-page" / "index.html").read_text()), "a page"


def test_the_browser_free_tests_make_check_runs_pass_on_the_copy(copy):
    """`make check`'s content tests (hub cards, quiz syntax, counts, layout) read the new content."""
    assert copy.updated.returncode == 0, "see test_update_examples_rewrites_only_what_the_recipes_touched"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "content", "-q", "-n", "0", "-p", "no:cacheprovider",
         "--ignore=tests/e2e", "tests"],
        cwd=copy.project, capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")},
    )  # fmt: skip
    assert done.returncode == 0, f"recipes named: {recipes_named(done.stdout)}\n{done.stdout[-3000:]}"
