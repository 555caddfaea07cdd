"""Quiz questions keyed by a real run: ``verify: <snippet>`` makes the build run that program.

Each option of such a question states an outcome in its first code span (the program's whole
printed output, or the last line of its traceback); an option without a code span claims "prints
nothing and ends without an error". :func:`verify_code_answers` runs the snippets and reports
every question whose keyed option differs from what really happens (CPython by default; pass
``run_jobs`` to use another interpreter, for example Pyodide under Node).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kmf_site.quiz.render import LETTERS
from kmf_site.quiz.syntax import Question, parse_file

__all__ = [
    "check_code_answers",
    "code_questions",
    "option_claim",
    "outcome_of",
    "run_in_cpython",
    "verify_code_answers",
]

CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(?P<code>.+?)(?<!`)\1(?!`)")


def option_claim(text: str) -> str:
    """The outcome an option of a ``verify:`` question claims: its first code span, else ''."""
    match = CODE_SPAN_RE.search(text)
    return " ".join(match["code"].split()) if match else ""


def outcome_of(output: str, status: int) -> str:
    """What a program "does", in the form options state it.

    A program that ends with an error: the last line of its traceback. Otherwise: everything it
    printed, with runs of whitespace (newlines included) collapsed to one space.
    """
    if status:
        lines = [line for line in output.splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""
    return " ".join(output.split())


def check_code_answers(questions: list[Question], results: list[dict]) -> list[str]:
    """Compare each verified question's keyed options with a real run; return the problems.

    ``results[i]`` belongs to ``questions[i]`` and has ``output`` (stdout and stderr in order)
    and ``status``. Each problem is ``"path:line: message"``.
    """
    problems = []
    for q, result in zip(questions, results, strict=True):
        real = outcome_of(result["output"], result["status"])
        for n, option in enumerate(q.options):
            claim = option_claim(option.text)
            letter = LETTERS[n]
            if option.correct and claim != real:
                problems.append(
                    f"{q.path}:{option.line}: option {letter} of question {q.number} "
                    "is keyed correct "
                    f"but claims {claim!r}; running {q.verify} gives {real!r}"
                )
            elif not option.correct and claim == real:
                problems.append(
                    f"{q.path}:{option.line}: option {letter} of question {q.number} "
                    "is keyed wrong "
                    f"but is what running {q.verify} really gives: {real!r}"
                )
    return problems


def run_in_cpython(jobs: list[dict]) -> list[dict]:
    """Run each ``{"code", "filename"}`` job through kmf_site.runner, in this CPython."""
    from kmf_site import runner

    return [runner.capture(job["code"], job["filename"]) for job in jobs]


def code_questions(docs_dir: str | os.PathLike = "docs") -> list[Question]:
    """Every question with ``verify:`` in the Markdown pages under ``docs_dir``."""
    docs = Path(docs_dir)
    found = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs.parent) if docs.parent != Path("") else md
        found += [q for q in parse_file(md, str(rel)) if q.verify]
    return found


def verify_code_answers(
    docs_dir: str | os.PathLike = "docs",
    snippets_dir: str | os.PathLike = "snippets",
    run_jobs=None,
) -> list[str]:
    """Run every ``verify:`` snippet and check the keyed options; return problems (empty = good).

    ``run_jobs(jobs: list[dict]) -> list[dict]`` runs ``{"code", "filename"}`` jobs and returns
    ``{"output", "status", ...}`` results; the default runs them in CPython through
    ``kmf_site.runner``. Pass
    ``tests.pyodide_node.run_in_pyodide`` to check the same keys in Pyodide.
    """
    docs = Path(docs_dir)
    snippets = Path(snippets_dir)
    questions = code_questions(docs)
    problems, jobs, checked = [], [], []
    for q in questions:
        program = snippets / q.verify
        if not program.is_file():
            problems.append(f"{q.path}:{q.line}: verify: {q.verify} not found in {snippets}/")
            continue
        jobs.append({"code": program.read_text(encoding="utf-8"), "filename": program.name})
        checked.append(q)
    if jobs:
        if run_jobs is None:
            results = run_in_cpython(jobs)
        else:
            results = run_jobs(jobs)
        problems += check_code_answers(checked, results)
    return problems
