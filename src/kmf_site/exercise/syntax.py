"""The ``/// exercise`` block: one exercise (a guided step, or a "Debug it" task) in a page.

Syntax (one block per exercise; paths are relative to ``snippets/``)::

    /// exercise | Step 1: Create initial model information
    id: step-1                        (optional: the heading's anchor and the saved-progress slot;
                                       default step-N, N counting the page's exercises)
    start: steps/start.py             the code the editor starts with
    solution: steps/step1.py          the reference solution (shown behind "Show solution")
    checks: steps/checks.py::step1    the check: a function of a checks file (default name: check)
    mistakes: steps/step1/            (optional) every .py file there is a known mistake
    accepted: steps/step1/accepted/   (optional) every .py file there is a correct program a
                                       learner may write: it must pass the check
    file: step1.py                    (optional) the program's file name in tracebacks; default:
                                       the solution's file name

    The instruction: Markdown, shown under the heading.

    ### Hints
    - a list, one hint revealed per press of Hint, the most general first

    ### Why it works
    Shown when the exercise passes.
    ///

A known mistake is a program followed by ``#>`` lines: the exact message the learner gets when
Check judges that program (then its second paragraph, if any). ``make update-examples`` rewrites
them; the verification (:mod:`kmf_site.exercise.verify`) proves them in CPython and Pyodide.

Malformed blocks raise :class:`~kmf_site.blocks.BlockError` (``docs/page.md:LINE: message``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from kmf_site.blocks import Block, BlockError, find_blocks, sections, settings

__all__ = ["Exercise", "ExerciseError", "MISTAKE_MARK", "parse_exercises", "parse_file", "split_mistake"]

ExerciseError = BlockError
SETTINGS = ("id", "start", "solution", "checks", "mistakes", "accepted", "file")
REQUIRED = ("start", "solution", "checks")
SECTIONS = {"hints": "Hints", "why it works": "Why it works"}
ID_RE = re.compile(r"^[A-Za-z][\w-]*$")
CHECK_RE = re.compile(r"^(?P<file>[^:\s]+\.py)(?:::(?P<name>[A-Za-z_]\w*))?$")
LIST_RE = re.compile(r"^(?:[-*+]|\d+\.)\s+\S")
MISTAKE_MARK = "#>"


@dataclass
class Exercise:
    path: str  # the page, as the build names it (docs/see-it-in-action.md)
    line: int  # the opening line in that file
    number: int  # 1-based among the page's exercises
    title: str
    id: str
    start: str
    solution: str
    checks: str
    check: str
    mistakes: str = ""
    accepted: str = ""
    file: str = ""
    body: str = ""
    hints: str = ""
    why: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # setting -> its line in the page
    block: Block | None = None

    def mistake_files(self, snippets: Path) -> list[Path]:
        """The known-mistake programs, in name order."""
        return sorted((Path(snippets) / self.mistakes).glob("*.py")) if self.mistakes else []

    def accepted_files(self, snippets: Path) -> list[Path]:
        """The programs that must pass (other correct ways to write the solution), in name order."""
        return sorted((Path(snippets) / self.accepted).glob("*.py")) if self.accepted else []

    def files(self, snippets: Path) -> list[Path]:
        """Every snippet file this exercise names: start, solution, checks, mistakes and accepted."""
        root = Path(snippets)
        return [
            root / self.start,
            root / self.solution,
            root / self.checks,
            *self.mistake_files(root),
            *self.accepted_files(root),
        ]


def split_mistake(text: str) -> tuple[str, list[str]]:
    """A known-mistake file's program and its expected message lines (the trailing ``#>`` lines)."""
    lines = text.splitlines(keepends=True)
    while lines and not lines[-1].strip():
        lines.pop()
    expected: list[str] = []
    while lines and lines[-1].startswith(MISTAKE_MARK):
        expected.insert(0, lines.pop().removeprefix(MISTAKE_MARK).removeprefix(" ").rstrip("\n"))
    return "".join(lines), expected


def _defines(checks: Path, name: str) -> bool:
    try:
        tree = ast.parse(checks.read_text(encoding="utf-8"))
    except SyntaxError:
        return False
    return any(isinstance(node, ast.FunctionDef) and node.name == name for node in tree.body)


def _parse(block: Block, snippets: Path | None) -> Exercise:
    if not block.title:
        raise block.error(block.start, "an exercise needs its title on the opening line: `/// exercise | Step 1: ...`")
    found, i = settings(block, SETTINGS)
    for key in REQUIRED:
        if key not in found:
            raise block.error(block.start, f"missing `{key}:` (the exercise names its {key} file in snippets/)")
    value = {key: text for key, (text, _) in found.items()}
    where = {key: index for key, (_, index) in found.items()}
    check = CHECK_RE.match(value["checks"])
    if not check:
        raise block.error(
            where["checks"], f"checks: expected `file.py` or `file.py::function`, got {value['checks']!r}"
        )
    exercise = Exercise(
        path=block.path,
        line=block.line,
        number=block.number,
        title=block.title,
        id=value.get("id") or f"step-{block.number}",
        start=value["start"],
        solution=value["solution"],
        checks=check["file"],
        check=check["name"] or "check",
        mistakes=value.get("mistakes", "").rstrip("/"),
        accepted=value.get("accepted", "").rstrip("/"),
        file=value.get("file") or Path(value["solution"]).name,
        lines={key: index + 1 + block.offset for key, index in where.items()},
        block=block,
    )
    if not ID_RE.match(exercise.id):
        raise block.error(
            where.get("id", block.start),
            f"exercise id {exercise.id!r} must be a letter, then letters, digits, '-' or '_'",
        )
    head, parts = sections(block, i, SECTIONS)
    exercise.body = "\n".join(head).strip("\n")
    exercise.hints, hints_at = parts.get("hints", ("", block.start))
    exercise.why = parts.get("why it works", ("", 0))[0]
    if not exercise.body.strip():
        raise block.error(block.start, "an exercise needs an instruction: the text under its settings")
    if not exercise.hints or not all(
        LIST_RE.match(line) or line[:1] in " \t" or not line.strip() for line in exercise.hints.splitlines()
    ):
        raise block.error(hints_at, "`### Hints` must be a list (`- first hint`), one item per hint")
    if snippets is not None:
        _check_files(exercise, block, where, Path(snippets))
    return exercise


def _check_files(exercise: Exercise, block: Block, where: dict[str, int], snippets: Path) -> None:
    for key in ("start", "solution", "checks"):
        if not (snippets / getattr(exercise, key)).is_file():
            raise block.error(where[key], f"{key}: {getattr(exercise, key)} not found in snippets/")
    if not _defines(snippets / exercise.checks, exercise.check):
        raise block.error(where["checks"], f"checks: {exercise.checks} defines no function {exercise.check}(run)")
    if exercise.mistakes and not (snippets / exercise.mistakes).is_dir():
        raise block.error(where["mistakes"], f"mistakes: {exercise.mistakes}/ not found in snippets/")
    if exercise.accepted and not (snippets / exercise.accepted).is_dir():
        raise block.error(where["accepted"], f"accepted: {exercise.accepted}/ not found in snippets/")


def parse_exercises(text: str, path: str = "<string>", offset: int = 0, snippets: Path | None = None) -> list[Exercise]:
    """Every ``/// exercise`` block of a page, validated (and its files, when ``snippets`` is given)."""
    exercises: list[Exercise] = []
    for block in find_blocks(text, "exercise", path, offset):
        exercise = _parse(block, snippets)
        for other in exercises:
            if other.id == exercise.id:
                raise block.error(block.start, f"duplicate exercise id {exercise.id!r} (also at line {other.line})")
        exercises.append(exercise)
    return exercises


def parse_file(page: Path, name: str | None = None, snippets: Path | None = None) -> list[Exercise]:
    """The exercises of a Markdown file (line numbers count its front matter)."""
    return parse_exercises(Path(page).read_text(encoding="utf-8"), name or str(page), 0, snippets)
