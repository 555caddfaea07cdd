"""The checks that prove the pages can fail: each is shown catching what it exists to catch."""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample

from kmf_site.proof.content import mixed_expectations, printed_lines, stdout_problem
from kmf_site.verification import VerificationFailed, update_examples, verify
from project_copy import copy_project

WRITE_THEN_PRINT = 'import sys\n\nsys.stdout.write("a")\nprint("b")\n#> b\n'


def test_the_output_shown_is_the_real_stdout(eval_example: EvalExample):
    """pytest-examples checks its own mocked print, so it passes a program whose real stdout is "ab";
    the stdout check does not."""
    eval_example.set_config(line_length=100, target_version="py312")
    eval_example.run_print_check(CodeExample.create(WRITE_THEN_PRINT))  # the hole: passes
    assert (
        stdout_problem("x.py", WRITE_THEN_PRINT, "ab\n") == "x.py:5: the page shows 'b' here, the real stdout has 'ab'"
    )
    assert stdout_problem("x.py", 'print("a", end="")\n#> a\n', "a") == (
        "x.py:2: the real stdout does not end with a newline: 'a'"
    )
    assert stdout_problem("x.py", "print(1)\n#> 1\n", "1\n2\n") == (
        "x.py:2: the real stdout goes on after the output shown: '2'"
    )
    long = "print(x)\n'''\nfirst\nsecond\n'''\nprint(2)\n#> 2\n"
    assert printed_lines(long) == [(3, "first"), (4, "second"), (7, "2")]
    assert stdout_problem("x.py", long, "first\nsecond\n2\n") is None


def test_a_program_has_output_lines_or_a_golden_file_never_both():
    assert mixed_expectations("x.py", "print(1)\n#> 1\n", True, 0, "1\n").startswith(
        "x.py:2: has #> lines and a golden"
    )
    assert mixed_expectations("x.py", "print(1)\n#> 1\n1/0\n", False, 1, "...").startswith(
        "x.py:2: shows #> output but now exits with status 1"
    )
    assert mixed_expectations("x.py", "1/0\n", True, 1, "...") is None  # meant to fail
    assert mixed_expectations("x.py", "print(1)\n#> 1\n", False, 0, "1\n") is None


def test_update_examples_refuses_to_make_a_broken_example_one_meant_to_fail(tmp_path):
    """`make update-examples` on a program with #> lines that starts raising: it fails, naming the
    program, and writes no golden file (which would silence the #> lines the page still shows)."""
    project = copy_project(tmp_path / "project")
    snippet = project / "snippets" / "index" / "model_info.py"
    snippet.write_text(snippet.read_text() + "model_info['loss']\n")
    done = update_examples(project, ["check_snippets.py", "-k", "model_info"])
    assert done.returncode == 1, done.stdout[-3000:]
    line = len(snippet.read_text().splitlines())  # the line that raises, not the first #> line
    assert f"snippets/index/model_info.py:{line}: shows #> output but now exits with status 1" in done.stdout
    assert not snippet.with_suffix(".output.txt").exists()


def test_the_proof_needs_no_tests_folder(tmp_path):
    """The proof is the package's, not this repository's tests/: a project with no tests/ folder at
    all is still proven, and a planted wrong output stops its build naming the file and line."""
    project = copy_project(tmp_path / "project", without=("tests",))
    assert not (project / "tests").exists()
    snippet = project / "snippets" / "index" / "model_info.py"
    lines = snippet.read_text().splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("#> {'version': 2,"))
    lines[number - 1] = lines[number - 1].replace("#> {'version': 2,", "#> {'version': 9,")
    snippet.write_text("".join(lines))
    with pytest.raises(VerificationFailed) as failed:
        verify(project, "all")
    where = f"snippets/index/model_info.py:{number}"
    assert str(failed.value) == f"Verification failed at {where}: the program does not print what its #> lines say."
