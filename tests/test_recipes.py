"""CONTRIBUTING's "Add a guided step" recipe, followed on a temporary copy of the project.

The next step (today the sixth: the page counts its steps) is one `/// exercise` block plus its
snippet files, no code change: after `make update-examples` the step's checks and outputs verify,
the strict build passes and the page has one step more. That a known-mistake file whose message is
wrong stops the build, naming its file and line, is test_failures_name_file_and_line.py's
test_exercise_message.
"""

from __future__ import annotations

import re
from pathlib import Path

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
    done = update_examples(project)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    steps = project / "snippets" / "steps"
    mistake = (steps / f"step{n}" / "compare_reversed.py").read_text()
    assert mistake.endswith("< 1 else 'stale')\n#> " + MESSAGE + "\n")
    assert (steps / f"step{n}.py").read_text().endswith(LAST_LINE + "#> retrained\n")
    # What the build's verification would find on this copy: the step's solution passes its checks,
    # its mistake gets the message now written under it, every #> line and include holds. (The
    # rest of the verification covers files the recipe does not touch: the run's site build did it.)
    verify(project, "all", select=["tests/test_snippets.py", "tests/test_exercises.py"])
    site = tmp_path / "site"
    done = mkdocs_build(project, site, verify="off")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    html = (site / "see-it-in-action" / "index.html").read_text()
    assert re.search(rf'<div class="kmf-steps" [^>]*data-steps="{n}"', html)
    assert f'<h2 id="step-{n}">Step {n}: Say whether the model was retrained' in html
    assert (site / "assets" / "kmf" / "checks" / "see-it-in-action" / f"step-{n}.py").is_file()
