"""Every kind of content failure stops the build naming the file and line to fix.

Each test breaks one thing on a temporary copy of the project and runs the build's verification
(:func:`kmf_site.verification.verify`, what ``mkdocs build`` runs first) on the proof's file that
holds that kind of check (``kmf_site/proof/check_*.py``): a full build adds nothing here
(tests/test_build.py and tests/test_recipes.py run two whole builds on broken copies).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from kmf_site import runner
from kmf_site.verification import KINDS, VerificationFailed, update_examples, verify
from project_copy import copy_project


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


def failure_at(project: Path, check_file: str, closing: str | None = None) -> str:
    """Where the verification of ``check_file`` (a file of the proof) stops; its message closes
    with ``closing`` (each kind of failure says what it is, never one line for all)."""
    with pytest.raises(VerificationFailed) as failed:
        verify(project, "all", select=[check_file])
    message = str(failed.value)
    assert message.startswith("Verification failed at "), message
    if closing is not None:
        assert message.endswith(f": {closing}."), message
    return message.removeprefix("Verification failed at ").split(": ", 1)[0]


def kind(test: str) -> str:
    """The closing line verification.KINDS gives a failure of ``test``."""
    import re

    return next(line for pattern, line in KINDS if re.search(pattern, test))


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_snippet_output(project):
    snippet = project / "snippets" / "concepts" / "freshness.py"
    lines = snippet.read_text().splitlines(keepends=True)
    number = [n for n, line in enumerate(lines) if line.lstrip().startswith("#>")][1]
    lines[number] = lines[number].replace("#> ", "#> stale ", 1)
    snippet.write_text("".join(lines))
    where = failure_at(project, "check_snippets.py", "the program does not print what its #> lines say")
    assert where == f"snippets/concepts/freshness.py:{number + 1}"


def test_golden_file(project):
    golden = project / "snippets" / "index" / "metrics_text.output.txt"
    lines = golden.read_text().splitlines(keepends=True)
    lines[-1] = "TypeError: a changed message\n"
    golden.write_text("".join(lines))
    where = failure_at(
        project,
        "check_snippets.py",
        kind("check_snippets.py::test_snippet_output[x] snippets/x.output.txt:1"),
    )
    assert where == f"snippets/index/metrics_text.output.txt:{len(lines)}"


def test_include(project):
    page = project / "docs" / "concepts.md"
    page.write_text(page.read_text().replace('"concepts/freshness.py"', '"concepts/no_such_file.py"'))
    line = line_of(page, "no_such_file.py")
    where = failure_at(
        project,
        "check_snippets.py::test_every_include_resolves",
        kind("check_snippets.py::test_every_include_resolves"),
    )
    assert where == f"docs/concepts.md:{line}"


def test_unused_snippet(project):
    """A file that names itself in an include-like comment is still not used."""
    orphan = project / "snippets" / "concepts" / "orphan.py"
    orphan.write_text('# --8<-- "concepts/orphan.py"\nprint("unused")\n#> unused\n')
    where = failure_at(
        project, "check_snippets.py", "no page includes this snippet: include it in a page, or delete it"
    )
    assert where == "snippets/concepts/orphan.py:1"


def test_quiz_key(project):
    page = project / "docs" / "practice.md"
    text = page.read_text()
    right = "- [x] It stops with `NameError: name 'get_new_data' is not defined"
    wrong = "- [ ] It stops with `NameError: name 'load_model' is not defined`"
    assert right in text and wrong in text
    page.write_text(text.replace(right, right.replace("[x]", "[ ]")).replace(wrong, wrong.replace("[ ]", "[x]")))
    # the explanation's final answer still names option E: the parser stops at its heading
    heading = line_of(page, "is not defined` (option E).") - 1
    closing = kind("check_quiz_answers.py")
    assert failure_at(project, "check_quiz_answers.py", closing) == f"docs/practice.md:{heading}"
    # with the final answer moved too, the real run disagrees: named at the option keyed wrongly
    text = page.read_text()
    page.write_text(text.replace("`NameError: name 'get_new_data' is not defined` (option E).",
                                 "`NameError: name 'load_model' is not defined` (option D)."))  # fmt: skip
    keyed = line_of(page, "- [x] It stops with `NameError: name 'load_model'")
    assert failure_at(project, "check_quiz_answers.py", closing) == f"docs/practice.md:{keyed}"


def test_exercise_message(project):
    mistake = project / "snippets" / "steps" / "step2" / "flag_false.py"
    lines = mistake.read_text().splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith("#>"))
    lines[number] = "#> A message the check does not give.\n"
    mistake.write_text("".join(lines))
    where = failure_at(project, "check_exercises.py", kind("check_exercises.py::test_in_cpython"))
    assert where == f"snippets/steps/step2/flag_false.py:{number + 1}"


def test_notebook_output(project):
    import nbformat

    path = project / "docs" / "notebook.ipynb"
    nb = nbformat.read(path, as_version=4)
    third = [cell for cell in nb.cells if cell.cell_type == "code"][2]
    third.outputs[0].text = third.outputs[0].text.replace("PSI", "KS", 1)
    nbformat.write(nb, path)
    assert failure_at(project, "check_notebook.py", kind("check_notebook.py")) == "docs/notebook.ipynb:cell 3"


def test_prose_number(project):
    page = project / "docs" / "concepts.md"
    text = page.read_text()
    sentence = "Read the table top to bottom."
    assert sentence in text
    page.write_text(text.replace(sentence, "Read the table top to bottom: 77 weeks.", 1))
    assert failure_at(project, "check_prose_claims.py") == f"docs/concepts.md:{line_of(page, '77 weeks')}"


def test_prose_numbers_swapped(project):
    """The schedule's and the trigger's mean accuracy swapped: both are printed, in each other's column."""
    page = project / "docs" / "concepts.md"
    text = page.read_text()
    said = "0.89 for the schedule, 0.88 for the trigger"
    assert said in text
    page.write_text(text.replace(said, "0.88 for the schedule, 0.89 for the trigger", 1))
    assert failure_at(project, "check_prose_claims.py") == f"docs/concepts.md:{line_of(page, '0.88 for the')}"


@pytest.mark.parametrize("leak", ["PYTEST_ADDOPTS", "KMF_UPDATE_EXAMPLES"])
def test_update_mode_does_not_leak_into_a_build(project, monkeypatch, leak):
    """A shell left with update options set must not let a build rewrite a broken #> line and pass."""
    if leak == "PYTEST_ADDOPTS":
        monkeypatch.setenv("PYTEST_ADDOPTS", "--update-examples")
    else:  # a conftest.py in the project that reads an update switch from the environment
        (project / "conftest.py").write_text(
            "import os\n\n\ndef pytest_configure(config):\n"
            + "    if os.environ.get('KMF_UPDATE_EXAMPLES'):\n"
            + "        config.option.update_examples = True\n"
        )
        monkeypatch.setenv("KMF_UPDATE_EXAMPLES", "1")
    snippet = project / "snippets" / "index" / "model_info.py"
    broken = snippet.read_text().replace("#> {'version': 2,", "#> {'version': 9,")
    snippet.write_text(broken)
    assert failure_at(project, "check_snippets.py") == "snippets/index/model_info.py:9"
    assert snippet.read_text() == broken


def test_a_too_strict_exercise_check_names_an_accepted_program(project):
    """A check that compares printed text instead of values fails the build at the first
    correct program it rejects: an accepted program of step 4 that prints the same dict another way."""
    checks = project / "snippets" / "steps" / "checks.py"
    text = checks.read_text()
    strict = (
        "def the_updated_model_is_printed(run):\n"
        "    if printed(run) != OUTPUT + '\\n':\n"
        "        fail('planted: the output must be exactly ' + OUTPUT)\n"
    )
    assert "def the_updated_model_is_printed(run):\n" in text
    checks.write_text(text.replace("def the_updated_model_is_printed(run):\n", strict, 1))
    step4 = project / "snippets" / "steps" / "step4" / "accepted"

    def prints_other_text(path: Path) -> bool:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            runner.execute(path.read_text(), "step4.py", {})
        return out.getvalue() != "{'version': 2, 'accuracy': 0.85}\n"

    first = next(path for path in sorted(step4.glob("*.py")) if prints_other_text(path))
    found = failure_at(project, "check_exercises.py::test_in_cpython")
    assert found == f"snippets/steps/step4/accepted/{first.name}:1"


def test_count_word(project):
    page = project / "docs" / "see-it-in-action.md"
    page.write_text(page.read_text().replace("In five steps", "In four steps", 1))
    where = failure_at(project, "check_counts.py", kind("check_counts.py"))
    assert where == f"docs/see-it-in-action.md:{line_of(page, 'In four steps')}"


SYNTAX_ERROR = "the program has a syntax error at that line: fix it (no expected output is written for one)"


def test_a_syntax_error_is_reported_at_its_line_not_at_the_first_output_line(project):
    snippet = project / "snippets" / "concepts" / "freshness.py"
    lines = snippet.read_text().splitlines(keepends=True)
    assert any(line.lstrip().startswith("#>") for line in lines)
    snippet.write_text("".join(lines) + "print((stream)\n")  # its own line, after every #> line
    where = failure_at(project, "check_snippets.py", SYNTAX_ERROR)
    assert where == f"snippets/concepts/freshness.py:{len(lines) + 1}"


def update_snippets(project: Path, name: str):
    """`make update-examples` for one program (the whole run would redo every snippet)."""
    return update_examples(project, ["check_snippets.py::test_snippet_output", "-k", name])


def test_update_mode_writes_no_syntax_error_in_as_expected_output(project):
    snippet = project / "snippets" / "index" / "metrics_text.py"
    golden = snippet.with_suffix(".output.txt")
    before = golden.read_text()
    lines = snippet.read_text().splitlines(keepends=True)
    lines.insert(1, "def broken(:\n")
    snippet.write_text("".join(lines))
    done = update_snippets(project, "metrics_text")
    assert done.returncode == 1, done.stdout[-3000:]
    assert (
        "snippets/index/metrics_text.py:2: SyntaxError: invalid syntax: make update-examples writes no" in done.stdout
    )
    assert golden.read_text() == before


def test_update_mode_writes_no_error_in_for_a_program_not_meant_to_fail(project):
    snippet = project / "snippets" / "concepts" / "new_example.py"
    snippet.write_text("model = {'version': 1}\nprint(model['versoin'])\n")
    done = update_snippets(project, "new_example")
    assert done.returncode == 1, done.stdout[-3000:]
    assert "snippets/concepts/new_example.py:2: KeyError: 'versoin': the program fails and has no .output.txt" in (
        done.stdout
    )
    assert not snippet.with_suffix(".output.txt").exists()
    snippet.with_suffix(".output.txt").write_text("")  # meant to fail: now its error is written in
    done = update_snippets(project, "new_example")
    assert done.returncode == 0, done.stdout[-3000:]
    assert snippet.with_suffix(".output.txt").read_text().endswith("KeyError: 'versoin'\n")
