"""CONTRIBUTING's "Add a guided step" recipe, followed on a temporary copy of the project.

(a) A fifth step is one `/// exercise` block plus its snippet files, no code change: after
    `make update-examples` the verified, strict build passes and the page has five steps.
(b) A known-mistake file whose message is wrong stops the build, naming its file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from project_copy import copy_project, mkdocs_build, update_examples

STEP5 = """
/// exercise | Step 5: Promote the model only if it is better
start: steps/step4.py
solution: steps/step5.py
checks: steps/step5_checks.py
mistakes: steps/step5/

Print `promote` on a last line when the new accuracy beats the old one, `0.80`; print `keep`
otherwise.

### Hints
- Compare `model_info['accuracy']` with `0.80` using `>`.
- `print('promote' if model_info['accuracy'] > 0.80 else 'keep')`

### Why it works
A registry promotes a new version only when it beats the one in production.
///
"""

SOLUTION = """\
model_info = {'version': 1, 'accuracy': 0.75}
new_data_available = True

if new_data_available:
    model_info['version'] += 1
    model_info['accuracy'] = 0.85

print(model_info)
print('promote' if model_info['accuracy'] > 0.80 else 'keep')
"""

CHECKS = """\
from kmf_site.exercise.checks import fail, printed


def check(run):
    last = printed(run).splitlines()[-1:]
    if last == ["keep"]:
        fail("0.85 beats 0.80, so the last line must be promote: compare with >, not <.")
    if last != ["promote"]:
        fail("Print promote or keep on a last line of its own.")
"""

MISTAKE = SOLUTION.replace("> 0.80", "< 0.80")


def add_step5(project: Path) -> None:
    """The recipe: one Markdown block after step 4, and its snippet files."""
    page = project / "docs" / "see-it-in-action.md"
    text = page.read_text()
    last_block_end = text.index("\n///\n", text.index("/// exercise | Step 4")) + len("\n///\n")
    page.write_text(text[:last_block_end] + STEP5 + text[last_block_end:])
    steps = project / "snippets" / "steps"
    (steps / "step5.py").write_text(SOLUTION)
    (steps / "step5_checks.py").write_text(CHECKS)
    (steps / "step5").mkdir()
    (steps / "step5" / "promote_reversed.py").write_text(MISTAKE)  # its message: make update-examples


def test_a_fifth_step_is_a_block_and_its_snippets(tmp_path):
    project = copy_project(tmp_path / "project")
    add_step5(project)
    done = update_examples(project)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    mistake = (project / "snippets" / "steps" / "step5" / "promote_reversed.py").read_text()
    assert mistake == MISTAKE + "#> 0.85 beats 0.80, so the last line must be promote: compare with >, not <.\n"
    assert (
        (project / "snippets" / "steps" / "step5.py")
        .read_text()
        .endswith("print('promote' if model_info['accuracy'] > 0.80 else 'keep')\n#> promote\n")
    )
    site = tmp_path / "site"
    done = mkdocs_build(project, site)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    html = (site / "see-it-in-action" / "index.html").read_text()
    assert re.search(r'<div class="kmf-steps" [^>]*data-steps="5"', html)
    assert '<h2 id="step-5">Step 5: Promote the model only if it is better' in html
    assert (site / "assets" / "kmf" / "checks" / "see-it-in-action" / "step-5.py").is_file()


@pytest.mark.parametrize("mistake", ["steps/step3/hardcoded_version.py"])
def test_a_wrong_mistake_message_fails_the_build_naming_file_and_line(tmp_path, mistake):
    project = copy_project(tmp_path / "project")
    path = project / "snippets" / mistake
    lines = path.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("#>"))
    lines[number] = "#> The version is wrong.\n"
    path.write_text("".join(lines))
    done = mkdocs_build(project, tmp_path / "site")
    report = done.stdout + done.stderr
    assert done.returncode != 0, report[-3000:]
    assert f"Verification failed at snippets/{mistake}:{number + 1}" in report, report[-3000:]
