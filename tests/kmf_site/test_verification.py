"""kmf_site/verification.py: the build's content checks, reported with the first file:line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kmf_site import verification
from project_copy import small_project

REPORT = """\
F
=================================== FAILURES ===================================
___ test_snippet_output[snippets/index/model_info.py] ___
check_snippets.py:40: in test_snippet_output
    print_check(eval_example, example, rel(path))
E   Failed: snippets/index/model_info.py:4: the printed output differs from the page
"""


def test_first_location_prefers_the_failure_line():
    assert verification.first_location(REPORT) == "snippets/index/model_info.py:4"
    assert verification.first_location("AssertionError: 'docs/practice.md:12: keyed'") == "docs/practice.md:12"
    assert verification.first_location("nothing to see") is None
    assert verification.first_location("E   pages/a.md:3: no", ("examples", "pages")) == "pages/a.md:3"
    report = "site-packages/pytest_examples/run_code.py:209: in check\nFailed: examples/a.py:2: differs"
    assert verification.first_location(report, ("examples", "pages")) == "examples/a.py:2"
    report = "_ test_key[docs/a.md:10:q] _\nE   AssertionError: docs/a.md:12: keyed B, the run gives A"
    assert verification.first_location(report) == "docs/a.md:12"  # the check's words, not the test's id


def project(tmp_path, passing: bool):
    """A course of one page, no tests/ folder: the proof passes it, or finds its line 8 includes a
    file that does not exist."""
    page = "# A page\n\nProse.\n" + ("" if passing else '\n\n\n```python\n--8<-- "a/missing.py"\n```\n')
    return small_project(tmp_path, page)


def test_a_failing_check_is_reported_with_its_location(tmp_path):
    with pytest.raises(verification.VerificationFailed, match=r"Verification failed at docs/page\.md:8: an --8<--"):
        verification.verify(project(tmp_path, passing=False), "all")


def test_the_proof_runs_the_packaged_checks_on_the_project_not_its_tests(tmp_path):
    command = verification.proof_command(tmp_path, ["check_snippets.py", "-k", "x"])
    assert command[command.index("--kmf-project") + 1] == str(tmp_path)
    assert str(verification.PROOF / "check_snippets.py") in command and "tests" not in " ".join(command)
    assert command[command.index("-c") + 1] == str(verification.PROOF / "pytest.ini")
    # a -k expression that opens with a snippet named like a check is left as it is
    command = verification.proof_command(tmp_path, ["check_snippets.py", "-k", "check_x.py or y"])
    assert command[-3:] == [str(verification.PROOF / "check_snippets.py"), "-k", "check_x.py or y"]


def test_no_project_is_an_error_not_a_pass(tmp_path):
    with pytest.raises(verification.VerificationFailed, match="no project to prove: .*no mkdocs.yml"):
        verification.verify(tmp_path, "all")


def test_changed_mode_skips_only_when_nothing_changed_since_a_green_run(tmp_path):
    root = project(tmp_path, passing=True)
    verification.verify(root, "changed")
    stamp = root / verification.STAMP
    assert json.loads(stamp.read_text())["files"] == verification.file_digests(root)
    project(root, passing=False)  # a source changed: the checks run again, and fail
    with pytest.raises(verification.VerificationFailed):
        verification.verify(root, "changed")
    verification.verify(root, "off")  # never checks


@pytest.mark.parametrize(
    ("failed", "where", "closing"),
    [
        ("check_snippets.py::test_every_snippet_is_used", "snippets/a/b.py:1", "no page includes this snippet"),
        ("check_snippets.py::test_every_include_resolves", "docs/a.md:3", "an --8<-- include names a file"),
        ("check_snippets.py::test_snippet_output[snippets/a/b.py]", "snippets/a/b.py:4", "its #> lines say"),
        ("check_snippets.py::test_snippet_output[snippets/a/b.py]", "snippets/a/b.output.txt:2", ".output.txt"),
        ("check_quiz_answers.py::test_keyed_option_is_what_cpython_does[q]", "docs/a.md:5", "keyed option"),
        ("check_counts.py::test_every_count_word", "docs/a.md:5", "count word"),
        ("check_something_new.py::test_x", "docs/a.md:5", "a check of the pages failed"),
    ],
)
def test_each_kind_of_failure_has_its_own_closing_line(failed, where, closing):
    assert closing in verification.closing_line(f"F\nE   {where}: boom\nFAILED {failed} - boom\n", where)
    assert "a page shows what its code does not do" not in verification.closing_line(f"FAILED {failed}\n", where)


def test_a_syntax_error_says_so():
    report = "E   snippets/a/b.py:3: SyntaxError: '(' was never closed\n"
    report += "FAILED check_snippets.py::test_snippet_output[x]"
    assert "syntax error" in verification.closing_line(report, "snippets/a/b.py:3")


def test_plan_reverifies_only_what_an_edit_touched(tmp_path):
    small_project(tmp_path, 'Text.\n\n```python {.run}\n--8<-- "a/b.py"\n```\n', {"a/b.py": "print(1)\n#> 1\n"})
    assert verification.plan(set(), tmp_path) == ("skip", [])
    assert verification.plan({"docs/page.md"}, tmp_path) == ("prose", [])
    assert verification.plan({"snippets/a/b.py"}, tmp_path) == ("snippets", ["a/b.py", "docs/page.md"])
    assert verification.plan({"snippets/a/b.output.txt", "docs/page.md"}, tmp_path)[1][0] == "a/b.py"
    assert verification.plan({"snippets/steps/checks.py"}, tmp_path) == ("snippets", ["steps/"])
    assert verification.plan({"src/kmf_site/runner.py"}, tmp_path) == ("all", [])
    assert verification.plan({"docs/notebook.ipynb"}, tmp_path) == ("all", [])


def test_plan_reads_where_mkdocs_yml_puts_the_pages_and_snippets(tmp_path):
    small_project(tmp_path, 'Text.\n\n```python {.run}\n--8<-- "a/b.py"\n```\n')
    (tmp_path / "docs").rename(tmp_path / "pages")
    (tmp_path / "snippets").rename(tmp_path / "examples")
    (tmp_path / "examples" / "a").mkdir()
    (tmp_path / "examples" / "a" / "b.py").write_text("print(1)\n#> 1\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\ndocs_dir: pages\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: examples\n"
    )
    assert verification.plan({"pages/page.md"}, tmp_path) == ("prose", [])
    assert verification.plan({"examples/a/b.py"}, tmp_path) == ("snippets", ["a/b.py", "pages/page.md"])
    assert verification.plan({"docs/page.md"}, tmp_path) == ("all", [])  # not a page of this project
    assert "examples/a/b.py" in verification.file_digests(tmp_path)


def test_changed_mode_checks_prose_without_running_pytest(tmp_path, monkeypatch):
    root = project(tmp_path, passing=True)
    verification.verify(root, "changed")
    (root / "snippets" / "x.py").write_text("print(1)\n#> 2\n")  # would fail if the proof ran
    verification.mark_green(root)
    (root / "docs" / "page.md").write_text('Prose, edited.\n\n--8<-- "a/missing.py"\n')
    with pytest.raises(verification.VerificationFailed, match=r"failed at docs/page\.md:3: an --8<-- include"):
        verification.verify(root, "changed")
    (root / "docs" / "page.md").write_text("Prose, edited again.\n")
    verification.verify(root, "changed")


def test_update_examples_changed_or_only_rewrites_what_those_files_reach(tmp_path):
    """`make update-examples CHANGED=1` (``--changed``) and ``ONLY=...`` (``--only``): the same plan
    as `make serve`'s, so a contributor's loop rewrites the program they wrote, not every output."""
    page = "".join(f'Text.\n\n```python {{.run}}\n--8<-- "a/{name}.py"\n```\n\n' for name in "bc")
    root = small_project(tmp_path, page, {"a/b.py": "print(1)\n", "a/c.py": "print(2)\n"})

    def update(*options: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "kmf_site.verification", "--update-examples", *options, str(root)]
        return subprocess.run(command, capture_output=True, text=True, timeout=600)

    done = update("--only", "snippets/a/b.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "snippets/a/b.py").read_text() == "print(1)\n#> 1\n"
    assert (root / "snippets/a/c.py").read_text() == "print(2)\n"  # not named: not rewritten
    (root / "snippets/a/b.py").write_text("print(1)\n#> 7\n")  # in the green state: left alone
    verification.mark_green(root)  # as after a green `make check`
    (root / "snippets/a/c.py").write_text("print(4)\n")
    done = update("--changed")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "snippets/a/c.py").read_text() == "print(4)\n#> 4\n"
    assert (root / "snippets/a/b.py").read_text() == "print(1)\n#> 7\n"
    assert "deselected" in done.stdout
    (root / "docs/page.md").write_text(page + "More prose.\n")
    verification.mark_green(root)
    (root / "docs/page.md").write_text(page + "Other prose.\n")
    assert update("--changed").stdout == "update-examples: pages only changed: no program's output to rewrite\n"
