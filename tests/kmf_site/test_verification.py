"""kmf_site/verification.py: the build's content checks, reported with the first file:line."""

from __future__ import annotations

import json

import pytest

from kmf_site import verification

REPORT = """\
F
=================================== FAILURES ===================================
___ test_snippet_output[snippets/index/model_info.py] ___
tests/test_snippets.py:40: in test_snippet_output
    print_check(eval_example, example, rel(path))
E   Failed: snippets/index/model_info.py:4: the printed output differs from the page
"""


def test_first_location_prefers_the_failure_line():
    assert verification.first_location(REPORT) == "snippets/index/model_info.py:4"
    assert verification.first_location("AssertionError: 'docs/practice.md:12: keyed'") == "docs/practice.md:12"
    assert verification.first_location("nothing to see") is None


def project(tmp_path, passing: bool):
    (tmp_path / "tests").mkdir(exist_ok=True)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    verify: proves the pages\n")
    check = "assert True" if passing else "assert False, 'docs/page.md:7: the key is wrong'"
    (tmp_path / "tests" / "test_page.py").write_text(
        f"import pytest\n\npytestmark = pytest.mark.verify\n\n\ndef test_page():\n    {check}\n"
    )
    return tmp_path


def test_a_failing_check_is_reported_with_its_location(tmp_path):
    with pytest.raises(verification.VerificationFailed, match=r"Verification failed at docs/page\.md:7"):
        verification.verify(project(tmp_path, passing=False), "all")


def test_no_tests_is_an_error_not_a_pass(tmp_path):
    with pytest.raises(verification.VerificationFailed, match="collected no tests"):
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
        ("tests/test_snippets.py::test_every_snippet_is_used", "snippets/a/b.py:1", "no page includes this snippet"),
        ("tests/test_snippets.py::test_every_include_resolves", "docs/a.md:3", "an --8<-- include names a file"),
        ("tests/test_snippets.py::test_snippet_output[snippets/a/b.py]", "snippets/a/b.py:4", "its #> lines say"),
        ("tests/test_snippets.py::test_snippet_output[snippets/a/b.py]", "snippets/a/b.output.txt:2", ".output.txt"),
        ("tests/test_quiz_answers.py::test_keyed_option_is_what_cpython_does[q]", "docs/a.md:5", "keyed option"),
        ("tests/kmf_site/test_counts.py::test_every_count_word", "docs/a.md:5", "count word"),
        ("tests/test_something_new.py::test_x", "docs/a.md:5", "a check of the pages failed"),
    ],
)
def test_each_kind_of_failure_has_its_own_closing_line(failed, where, closing):
    assert closing in verification.closing_line(f"F\nE   {where}: boom\nFAILED {failed} - boom\n", where)
    assert "a page shows what its code does not do" not in verification.closing_line(f"FAILED {failed}\n", where)


def test_a_syntax_error_says_so():
    report = "E   snippets/a/b.py:3: SyntaxError: '(' was never closed\n"
    report += "FAILED tests/test_snippets.py::test_snippet_output[x]"
    assert "syntax error" in verification.closing_line(report, "snippets/a/b.py:3")


def test_plan_reverifies_only_what_an_edit_touched(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "snippets" / "a").mkdir(parents=True)
    (tmp_path / "docs" / "page.md").write_text('Text.\n\n```python {.run}\n--8<-- "a/b.py"\n```\n')
    (tmp_path / "snippets" / "a" / "b.py").write_text("print(1)\n#> 1\n")
    assert verification.plan(set(), tmp_path) == ("skip", [])
    assert verification.plan({"docs/page.md"}, tmp_path) == ("prose", [])
    assert verification.plan({"snippets/a/b.py"}, tmp_path) == ("snippets", ["a/b.py", "docs/page.md"])
    assert verification.plan({"snippets/a/b.output.txt", "docs/page.md"}, tmp_path)[1][0] == "a/b.py"
    assert verification.plan({"snippets/steps/checks.py"}, tmp_path) == ("snippets", ["steps/"])
    assert verification.plan({"src/kmf_site/runner.py"}, tmp_path) == ("all", [])
    assert verification.plan({"docs/notebook.ipynb"}, tmp_path) == ("all", [])


def test_changed_mode_checks_prose_without_running_pytest(tmp_path, monkeypatch):
    root = project(tmp_path, passing=True)
    (root / "docs").mkdir()
    (root / "snippets").mkdir()
    (root / "docs" / "page.md").write_text("Prose.\n")
    verification.verify(root, "changed")
    project(root, passing=False)  # would fail if pytest ran; a prose edit does not run it
    verification.mark_green(root)
    (root / "docs" / "page.md").write_text('Prose, edited.\n\n--8<-- "a/missing.py"\n')
    with pytest.raises(verification.VerificationFailed, match=r"failed at docs/page\.md:3: an --8<-- include"):
        verification.verify(root, "changed")
    (root / "docs" / "page.md").write_text("Prose, edited again.\n")
    verification.verify(root, "changed")
