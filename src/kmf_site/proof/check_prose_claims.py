"""Numbers a page reads aloud from a run are the ones the run prints, under the same label.

Where (kmf_site/claims.py says how a number is anchored): the prose before and after each runnable
block (to the next heading, fence or block, indented or not), the text of every quiz question keyed
by a run, every exercise's instruction, hints and "Why it works" (against its start and solution
programs), and the notebook's markdown cells (against the code cells beside them and their stored
outputs, which check_notebook.py proves). A wrong number fails naming ``file:line``, the
program and the values it found.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from functools import cache
from pathlib import Path

import pytest

from kmf_site import claims, quiz
from kmf_site.exercise.verify import all_exercises
from kmf_site.includes import runnable_blocks
from kmf_site.proof.content import run_like_the_browser, trace_like_the_browser
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify

FENCE = re.compile(r"^[ \t]*(```|~~~)")
BOUNDARY = re.compile(r"^[ \t]*(?:```|~~~|#|///|<figure|<div|!!!|\?\?\?)")
OUTPUT_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(`{3,}|~{3,})[ \t]*(?:pytb|text)[^\n]*\n"
    r'[ \t]*-{1,}8<-{1,}[ \t]+"(?P<path>[^"\n]+)\.output\.txt"',
    re.M,
)
BLOCK = re.compile(r"^/// (?:quiz|exercise)", re.M)
FACT = re.compile(r"`(?P<a>\d+\.\d+) (?P<op>[-+]) (?P<b>\d+\.\d+)` (?:evaluates )?to `(?P<value>\d+\.\d+)`")


@cache
def library_constants() -> dict[str, float]:
    """The learner package's named numbers (``PSI_MAJOR = 0.25``), in it and its modules: what a
    program using it works with."""
    name = current().learner_name
    if name is None:
        return {}
    package = importlib.import_module(name)
    modules = [package] + [
        importlib.import_module(f"{name}.{info.name}")
        for info in pkgutil.iter_modules(getattr(package, "__path__", []))
    ]
    found = {}
    for module in modules:
        found |= {k: v for k, v in vars(module).items() if k.isupper() and isinstance(v, (int, float))}
    return found


def uses_library(source: str) -> bool:
    name = current().learner_name
    return name is not None and name in source


@cache
def known(path: Path) -> claims.Known:
    """The labelled numbers of a snippet's real run (as the browser's Run gives it) and source."""
    source = path.read_text()
    _, output, _ = run_like_the_browser(source, path.name)
    constants = library_constants() if uses_library(source) else {}
    snippets = current().snippets
    name = str(path.relative_to(snippets)) if path.is_relative_to(snippets) else path.name
    return claims.known_from(name, output, re.sub(r"(?<=\d)_(?=\d)", "", source), constants)


@cache
def traced(path: Path) -> claims.Known:
    """The values a program's variables take while it runs (Trace it's tracer), each labelled by
    its variable's name: what an explanation that walks through the program may quote."""
    trace = trace_like_the_browser(path.read_text(), path.name)
    held = {
        f"{name} = {value}" for step in trace["steps"] for frame in step["stack"] for name, _, value in frame["vars"]
    }
    return claims.known_from(f"{path.name} as it runs", "", "\n".join(sorted(held)))


def _prose(lines: list[str], first: int, step: int) -> list[tuple[int, str]]:
    """The paragraph beside a block: from index ``first`` going ``step`` (+1 after the block, -1
    before it), past blank lines, up to the next blank line or a heading, fence or block."""
    found, i = [], first
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    while 0 <= i < len(lines) and lines[i].strip() and not BOUNDARY.match(lines[i]):
        found.append((i + 1, lines[i]))
        i += step
    return sorted(found)


def page_claims(docs: Path, snippets: Path):
    """``(page, [(line, text), ...], program)`` for the prose before and after each block that runs a
    snippet (a runnable block, or the golden output of a program meant to fail)."""
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text()
        lines = text.split("\n")
        spans = [(b.start, b.end, b.path) for b in runnable_blocks(text)]
        for m in OUTPUT_FENCE.finditer(text):
            close = re.compile(rf"^{re.escape(m['indent'])}{re.escape(m[2])}[ \t]*$", re.M).search(text, m.end())
            spans.append((m.start(), close.end() if close else len(text), m["path"] + ".py"))
        blocks = [
            (m.start(), text.find("\n///\n", m.end())) for m in re.finditer(r"^/// (?:quiz|exercise)", text, re.M)
        ]
        for start, end, program in spans:
            if any(a < start < b for a, b in blocks):
                continue  # a quiz's or an exercise's: checked with its block
            head = text.count("\n", 0, start)
            tail = text.count("\n", 0, end)
            prose = _prose(lines, head - 1, -1) + _prose(lines, tail + 1 if text[end - 1 : end] != "\n" else tail, 1)
            yield page, prose, snippets / program


def stale_in_pages(docs: Path, snippets: Path) -> tuple[list[str], claims.Tally]:
    problems, tally = [], claims.Tally()
    for page, prose, program in page_claims(docs, snippets):
        found, counted = claims.check_text(str(page.relative_to(docs.parent)), prose, [known(program)])
        problems += found
        tally += counted
    return problems, tally


def stem_facts(q: quiz.Question) -> set[str]:
    """The float results a question's stem states ("`0.94 - 0.92` evaluates to `0.0199...`"), each
    recomputed here, and rounded to two places ("about 0.04")."""
    found = set()
    for fact in FACT.finditer(q.body):
        a, b = float(fact["a"]), float(fact["b"])
        value = a - b if fact["op"] == "-" else a + b
        assert repr(value) == fact["value"], f"{q.path}:{q.line}: {fact[0]} is false: it is {value!r}"
        found |= {repr(value), f"{value:.2f}"}
    return found


def block_lines(page: Path, start: int, end: int, skip=("id:", "difficulty:", "verify:", "decide:", "multiple:")):
    """The prose lines of a block (0-based ``start``..``end``), fences and settings left out."""
    lines = page.read_text().split("\n")
    found, inside = [], False
    for n in range(start, end):
        line = lines[n]
        if FENCE.match(line):
            inside = not inside
            continue
        if inside or line.lstrip().startswith(skip) or "--8<--" in line:
            continue
        found.append((n + 1, line.split("|", 1)[1] if line.startswith("///") and "|" in line else line))
    return found


def stale_in_quizzes(docs: Path, snippets: Path) -> tuple[list[str], claims.Tally]:
    """A keyed question's stem, options and explanations against its program's run."""
    problems, tally = [], claims.Tally()
    for q in quiz.code_questions(docs):
        program = known(snippets / quiz.program_of(q))
        program = claims.Known(program.name, program.occurrences, program.source_lines, stem_facts(q))
        lines = block_lines(docs.parent / q.path, q.start, q.end)
        if q.decide:  # the program decides between the options; the explanation argues from facts
            first_section = next((n for n, line in lines if line.startswith("### ")), q.end + 1)
            lines = [(n, line) for n, line in lines if n < first_section]
        found, counted = claims.check_text(q.path, lines, [program, traced(snippets / quiz.program_of(q))])
        problems += found
        tally += counted
    return problems, tally


def stale_in_exercises(docs: Path, snippets: Path) -> tuple[list[str], claims.Tally]:
    """An exercise's instruction, hints and "Why it works" against its start and solution programs."""
    problems, tally = [], claims.Tally()
    for exercise in all_exercises(docs, snippets):
        block = exercise.block
        lines = block_lines(docs.parent / exercise.path, block.start + 1, block.end, skip=tuple(
            f"{s}:" for s in ("id", "start", "solution", "checks", "mistakes", "file")))  # fmt: skip
        programs = [known(snippets / exercise.solution), known(snippets / exercise.start)]
        found, counted = claims.check_text(exercise.path, lines, programs)
        problems += found
        tally += counted
    return problems, tally


def stale_in_notebook(notebook: Path) -> tuple[list[str], claims.Tally]:
    """Each markdown cell against the code cells beside it (their source and stored output)."""
    cells = json.loads(notebook.read_text())["cells"]
    problems, tally = [], claims.Tally()

    def of(cell) -> claims.Known:
        output = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        number = [c for c in cells if c["cell_type"] == "code"].index(cell) + 1
        source = re.sub(r"(?<=\d)_(?=\d)", "", "".join(cell["source"]))
        return claims.known_from(f"code cell {number}", output, source, library_constants())

    for i, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        near = [c for c in cells[i + 1 : i + 2] + cells[max(i - 1, 0) : i] if c["cell_type"] == "code"]
        if not near:
            continue
        text = "".join(cell["source"]).split("\n")
        where = f"{notebook.relative_to(notebook.parents[1])}:cell {i + 1} (markdown)"
        found, counted = claims.check_text(where, [(n + 1, line) for n, line in enumerate(text)
                                                   if not line.startswith("#")], [of(c) for c in near])  # fmt: skip
        problems += [p.replace(f"{where}:", f"{where}, line ") for p in found]
        tally += counted
    return problems, tally


CHECKS = {"pages": stale_in_pages, "quizzes": stale_in_quizzes, "exercises": stale_in_exercises}


def notebooks() -> list[Path]:
    return sorted(current().docs.rglob("*.ipynb"))


def run_check(where: str) -> tuple[list[str], claims.Tally]:
    """One check over the whole project: ``pages``, ``quizzes``, ``exercises`` or ``notebooks``."""
    if where == "notebooks":
        problems, tally = [], claims.Tally()
        for notebook in notebooks():
            found, counted = stale_in_notebook(notebook)
            problems += found
            tally += counted
        return problems, tally
    return CHECKS[where](current().docs, current().snippets)


@pytest.mark.parametrize("where", [*CHECKS, "notebooks"])
def test_numbers_stand_where_the_run_prints_them(where, capsys):
    problems, tally = run_check(where)
    assert not problems, "numbers the run does not print there:\n" + "\n".join(problems)
    with capsys.disabled():
        print(f"\nprose numbers in the {where}: {tally.anchored} anchored to a label, {tally.present} found "
              f"only, {tally.lines} line references")  # fmt: skip
