"""Every program a page shows prints what the page says, in CPython (pytest-examples); every
include resolves, every snippet is used, no page writes Python inline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

from kmf_site import quiz
from kmf_site.proof.content import (
    auto_appended,
    error_at,
    exercise_files,
    golden,
    includes,
    is_syntax_error,
    mixed_expectations,
    programs,
    rel,
    run_like_the_browser,
    stdout_problem,
)
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify
HUNK = re.compile(r"^\s*@@ -(\d+)")


def print_check(eval_example: EvalExample, example: CodeExample, where: str) -> None:
    """pytest-examples' print check, failing with `file:line:` of the first output that differs."""
    try:
        eval_example.run_print_check(example)
    except BaseException as failure:  # pytest's Failed is a BaseException
        report = str(failure)
        line = max(example.start_line, 1)
        for number, text in enumerate(report.splitlines()):
            if match := HUNK.match(text):
                line = int(match[1]) + max(example.start_line - 1, 0)
                for body in report.splitlines()[number + 1 :]:
                    if body.lstrip().startswith("-") or body.lstrip().startswith("+"):
                        break
                    line += 1
                break
        pytest.fail(f"{where}:{line}: the printed output differs from the page\n{report}")


def update_refusal(where: str, has_golden: bool, status: int, output: str) -> str | None:
    """Why ``make update-examples`` must not write this run in as the expected output, or None: a
    syntax error (the program never ran), or an error from a program not meant to fail (it has no
    ``.output.txt``: an empty one, created on purpose, says it is meant to fail)."""
    if status == 0:
        return None
    line = error_at(output, where) or 1
    error = output.strip().splitlines()[-1]
    if is_syntax_error(output):
        return f"{where}:{line}: {error}: make update-examples writes no syntax error in as expected output; fix it"
    if not has_golden:
        return (
            f"{where}:{line}: {error}: the program fails and has no .output.txt, so it is not meant to fail: "
            f"fix it, or, to show this error on a page, create an empty {Path(where).stem}.output.txt first"
        )
    return None


@pytest.mark.parametrize("path", programs(), ids=rel)
def test_snippet_output(path, eval_example: EvalExample):
    """#> comments for programs that work; a golden .output.txt for programs meant to fail."""
    code = path.read_text()
    expected = golden(path)
    stdout, output, status = run_like_the_browser(code, path.name)
    problem = mixed_expectations(rel(path), code, expected.exists(), status, output)
    assert problem is None, problem
    if eval_example.update_examples:
        problem = update_refusal(rel(path), expected.exists(), status, output)
        assert problem is None, problem
    if expected.exists():
        if eval_example.update_examples:
            expected.write_text(output)
        promised = expected.read_text()
        if output != promised:
            now, then = output.splitlines(), promised.splitlines()
            line = next(
                (n for n, (a, b) in enumerate(zip(now, then, strict=False), 1) if a != b), min(len(now), len(then)) + 1
            )
            pytest.fail(
                f"{rel(expected)}:{line}: the Output a reader sees for {rel(path)} is now:\n{output}"
                "(run `make update-examples` if the change is intended)"
            )
        return
    example = CodeExample.create(code, path=path)
    eval_example.set_config(line_length=100, target_version="py312")
    if eval_example.update_examples:
        eval_example.run_print_update(example)
    else:
        eval_example.lint_ruff(example)
        print_check(eval_example, example, rel(path))
        assert status == 0, f"{rel(path)}:{error_at(output, rel(path)) or 1}: exits with status {status}:\n{output}"
        problem = stdout_problem(rel(path), path.read_text(), stdout)
        assert problem is None, problem


def inline_python(docs: Path) -> tuple[int, list[str]]:
    """How many Python fences the pages in ``docs`` have, and ``page:line`` of each written inline rather than
    included from snippets/ (pytb and pycon fences show output, not programs)."""
    fences, inline = 0, []
    for example in find_examples(str(docs)):
        if example.prefix.split()[0] in {"pytb", "pycon"}:
            continue
        fences += 1
        lines = [line.strip() for line in example.source.splitlines() if line.strip()]
        if not (lines and all(line.startswith("--8<--") for line in lines)):
            inline.append(f"{example.path.relative_to(docs.parent)}:{example.start_line}")
    return fences, inline


def test_no_python_is_written_inline_in_docs():
    """Pages hold prose; every program a page shows is included from snippets/, where it is run
    and checked (an inline fence would be shown unchecked)."""
    fences, inline = inline_python(current().docs)
    assert fences or not programs(), "no Python fence found in the pages, but snippets: is the finder broken?"
    assert not inline, "Python written inline (move it to snippets/ and include it):\n" + "\n".join(inline)


def test_every_include_resolves():
    missing = [
        f"{rel(page)}:{line}: includes {rel(path)}, which does not exist"
        for path, places in includes().items()
        for page, line in places
        if not path.is_file()
    ]
    assert not missing, "\n".join(missing)


def test_every_snippet_is_used():
    """A program nobody shows is unproven content: each file is included by a page (or appended to
    every page, such as the glossary), named by an exercise block (its checks and known mistakes,
    which check_exercises.py proves) or keys a quiz question (``verify:``/``decide:``, which
    check_quiz_answers.py proves)."""
    docs, snippets = current().docs, current().snippets
    quiz_programs = {snippets / quiz.program_of(q) for q in quiz.code_questions(docs)}
    used = set(includes()) | exercise_files() | auto_appended() | quiz_programs
    unused = []
    for path in sorted(p for p in snippets.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if path.name.endswith(".output.txt"):
            program = path.with_name(path.name.removesuffix(".output.txt") + ".py")
            if program.exists():
                continue  # a golden output goes with its program
        if path.name.endswith(".trace.json") and path.with_name(path.name.removesuffix(".trace.json") + ".py").exists():
            continue  # so does a golden trace (check_traces.py)
        if path not in used:
            unused.append(f"{rel(path)}:1: no page includes it and no exercise names it")
    assert not unused, "\n".join(unused)
