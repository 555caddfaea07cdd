"""Quiz questions keyed by a real run.

``verify: <snippet>``: the question asks what a program does. Each option states an outcome in its
first code span (the program's whole printed output, or the last line of its traceback); an
option without a code span claims "prints nothing and ends without an error".

``decide: <snippet>``: the answer is something a program can compute (which cron line fires when,
whether the registry promotes, which batch the data gate stops, which policy wins). The program
computes it and prints the opening words of the option it picks; that option, and no other, must
be the keyed one.

:func:`verify_code_answers` runs the snippets and reports every question whose keyed option
differs from what really happens (CPython by default; pass ``run_jobs`` to use another
interpreter, for example Pyodide under Node). A ``verify:``/``decide:`` program keeps its output
in a golden ``.output.txt``, never in ``#>`` lines: the page may show the program, and ``#>``
lines would show the answer with it (:func:`shown_answers`).
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
    "picked_options",
    "program_of",
    "shown_answers",
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


def program_of(q: Question) -> str:
    """The snippet that keys ``q`` by a run (``verify:`` or ``decide:``), or ''."""
    return q.verify or q.decide


def picked_options(q: Question, output: str) -> list[int]:
    """The options of a ``decide:`` question whose text starts with what its program printed."""
    said = " ".join(output.split())
    if not said:
        return []
    return [n for n, option in enumerate(q.options) if " ".join(option.text.split()).startswith(said)]


EXPECTED_OUTPUT_RE = re.compile(r"^[ \t]*(?:#>|'{3}[ \t]*$)", re.M)


def shown_answers(source: str) -> list[int]:
    """Line numbers of expected output (``#>`` lines, a ``'''`` block) in a quiz's program."""
    return [source.count("\n", 0, m.start()) + 1 for m in EXPECTED_OUTPUT_RE.finditer(source)]


def _check_decision(q: Question, result: dict) -> list[str]:
    output = result["output"]
    where = f"{q.path}:{q.line}: question {q.number} ({q.qid})"
    if result["status"]:
        last = outcome_of(output, 1)
        return [f"{where}: running {q.decide} fails: {last!r}"]
    picked = picked_options(q, output)
    said = " ".join(output.split())
    if len(picked) != 1:
        which = ", ".join(LETTERS[n] for n in picked) or "none"
        return [f"{where}: running {q.decide} prints {said!r}, which starts {which} of the options: it must pick one"]
    if picked != q.correct:
        keyed = " and ".join(LETTERS[n] for n in q.correct)
        return [
            f"{q.path}:{q.options[picked[0]].line}: question {q.number} ({q.qid}) is keyed {keyed}, but "
            f"running {q.decide} picks option {LETTERS[picked[0]]}: {said!r}"
        ]
    return []


def check_code_answers(questions: list[Question], results: list[dict]) -> list[str]:
    """Compare each verified question's keyed options with a real run; return the problems.

    ``results[i]`` belongs to ``questions[i]`` and has ``output`` (stdout and stderr in order)
    and ``status``. Each problem is ``"path:line: message"``.
    """
    problems = []
    for q, result in zip(questions, results, strict=True):
        if q.decide:
            problems += _check_decision(q, result)
            continue
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
    """Every question keyed by a run (``verify:`` or ``decide:``) in the pages under ``docs_dir``."""
    docs = Path(docs_dir)
    found = []
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs.parent) if docs.parent != Path("") else md
        found += [q for q in parse_file(md, str(rel)) if program_of(q)]
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
    ``kmf_site.proof.pyodide_node.run_in_pyodide`` to check the same keys in Pyodide.
    """
    docs = Path(docs_dir)
    snippets = Path(snippets_dir)
    questions = code_questions(docs)
    problems, jobs, checked = [], [], []
    for q in questions:
        program = snippets / program_of(q)
        if not program.is_file():
            problems.append(f"{q.path}:{q.line}: {program_of(q)} not found in {snippets}/")
            continue
        if shown := shown_answers(program.read_text(encoding="utf-8")):
            problems.append(
                f"{program}:{shown[0]}: a quiz's program shows its output (#> or '''), and with it the "
                "answer: keep the output in a golden .output.txt"
            )
        jobs.append({"code": program.read_text(encoding="utf-8"), "filename": program.name})
        checked.append(q)
    if jobs:
        if run_jobs is None:
            results = run_in_cpython(jobs)
        else:
            results = run_jobs(jobs)
        problems += check_code_answers(checked, results)
    return problems
