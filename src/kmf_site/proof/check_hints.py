"""Every exercise's hints and "Why it works" are true of its solution.

- Code a hint shows is a true step towards the solution: a statement (`new_data_available = True`,
  `model_info['version'] += 1`) is a statement of the solution; a block's header (`if x:`) is one
  of its headers; an expression (`challenger.score > champion.score`) is part of the solution, or
  of the program the reader starts from (a hint may point at the broken line).
- Every identifier a hint or "Why it works" names (in code, or a snake_case word in the text) is a
  name of the solution, or of the learner package, which it uses (a function of that package).

A failure names ``docs/page.md:LINE`` and the code.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import dataclasses
import keyword
import re
from functools import cache
from pathlib import Path

import pytest

from kmf_site.exercise.verify import all_exercises, cases, judge_in_cpython
from kmf_site.proof.project import current

pytestmark = pytest.mark.verify

CODE_SPAN = re.compile(r"(`+)(?P<code>[^`].*?)\1")
SNAKE = re.compile(r"(?<![\w`.])[a-z]+(?:_[a-z0-9]+)+(?![\w`])")
NAME = re.compile(r"[A-Za-z_]\w*")
STRING = re.compile(r"(['\"]).*?\1")
SECTION = re.compile(r"^###\s+(?P<name>Hints|Why it works)\s*$")


def library_files() -> list[Path]:
    """The learner package's modules (none when the project has no learner package)."""
    learner = current().learner
    return sorted(learner.glob("*.py")) if learner else []


@cache
def library_words() -> frozenset[str]:
    return frozenset(w for path in library_files() for w in NAME.findall(path.read_text()))


def dumps(tree: ast.AST, kind: type | tuple) -> set[str]:
    return {ast.dump(node) for node in ast.walk(tree) if isinstance(node, kind)}


def hint_lines(page: Path, start: int, end: int) -> list[tuple[int, str]]:
    """``(line, text)`` of an exercise block's Hints and Why it works sections."""
    lines = page.read_text().split("\n")
    found, inside = [], False
    for n in range(start, end):
        if SECTION.match(lines[n]):
            inside = True
            continue
        if lines[n].startswith("### "):
            inside = False
        if inside:
            found.append((n + 1, lines[n]))
    return found


def same(shown: ast.AST, real: ast.AST) -> bool:
    """Whether ``real`` is the code ``shown``, where ``...`` in ``shown`` stands for anything."""
    if isinstance(shown, ast.Constant) and shown.value is Ellipsis:
        return True
    if type(shown) is not type(real):
        return False
    for name in shown._fields:
        a, b = getattr(shown, name, None), getattr(real, name, None)
        if name == "ctx":
            continue
        if isinstance(a, list):
            if not isinstance(b, list) or len(a) != len(b) or not all(same(x, y) for x, y in zip(a, b, strict=True)):
                return False
        elif isinstance(a, ast.AST):
            if not isinstance(b, ast.AST) or not same(a, b):
                return False
        elif a != b:
            return False
    return True


@cache
def library_trees() -> tuple[ast.AST, ...]:
    return tuple(ast.parse(path.read_text()) for path in library_files())


def passes_in_place(statement: ast.stmt, exercise, snippets: Path) -> bool:
    """Put the hint's statement in place of the solution's statement that sets the same target,
    and run the exercise's check on the result: a different way to write it that passes is a
    true step too."""
    path = snippets / exercise.solution
    source = path.read_text()
    targets = ast.dump(statement.targets[0]) if isinstance(statement, ast.Assign) else None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and targets and ast.dump(node.targets[0]) == targets:
            lines = source.splitlines(keepends=True)
            indent = lines[node.lineno - 1][: node.col_offset]
            changed = "".join(lines[: node.lineno - 1]) + indent + ast.unparse(statement) + "\n"
            changed += "".join(lines[node.end_lineno :])
            case = next(c for c in cases(exercise, snippets) if c.expected is None and not c.start)
            case = dataclasses.replace(case, code=changed)
            return judge_in_cpython(case).get("passed") is True
    return False


def step_problem(code: str, solution: ast.AST, start: ast.AST, exercise, snippets: Path) -> str | None:
    """Why ``code`` (a code span) is not a step of the solution, or None; None for fragments."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        try:  # a block's header: `if new_data_available:`
            tree = ast.parse(code + "\n    pass")
        except SyntaxError:
            return None  # a fragment (`+= 1`, `0 0 * * *`): its names are still checked
        header = tree.body[0]
        kind = type(header)
        part = getattr(header, "test", None) or getattr(header, "iter", None)
        if part is None:
            return None
        heads = [
            getattr(n, "test", None) or getattr(n, "iter", None) for n in ast.walk(solution) if isinstance(n, kind)
        ]
        return None if any(h is not None and same(part, h) for h in heads) else f"the solution has no `{code}`"
    if len(tree.body) != 1:
        return None
    statement = tree.body[0]
    if isinstance(statement, ast.Expr):
        value = statement.value
        if isinstance(value, (ast.Constant, ast.Name, ast.BinOp)):
            return None  # a name or a formula (`correct / n`): its names are checked
        with contextlib.suppress(ValueError, SyntaxError):
            ast.literal_eval(value)
            return None  # a value the program holds or prints: `[1, 2]`
        places = (solution, start, *library_trees())
        if any(same(value, node) for tree in places for node in ast.walk(tree) if isinstance(node, ast.expr)):
            return None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):  # a signature
            params = [a.id for a in value.args if isinstance(a, ast.Name)]
            for tree in places:
                for node in ast.walk(tree):
                    if isinstance(node, ast.FunctionDef) and node.name == value.func.id:
                        if [a.arg for a in node.args.args] == params:
                            return None
        return f"`{code}` is in neither the solution nor the program the reader starts from"
    if any(same(statement, node) for node in ast.walk(solution) if isinstance(node, ast.stmt)):
        return None
    if passes_in_place(statement, exercise, snippets):
        return None
    return f"`{code}` is not a statement of the solution, and the solution with it fails the check"


def hint_problems(docs: Path, snippets: Path) -> tuple[list[str], int, int]:
    """Problems (``page:line: ...``), and how many code spans and names were checked."""
    problems, spans, names = [], 0, 0
    library = current().learner_name or "the learner package"
    for exercise in all_exercises(docs, snippets):
        solution_text = (snippets / exercise.solution).read_text()
        solution = ast.parse(solution_text)
        start = ast.parse((snippets / exercise.start).read_text())
        known = set(NAME.findall(solution_text)) | library_words() | set(dir(builtins)) | set(keyword.kwlist)
        block = exercise.block
        for n, line in hint_lines(docs.parent / exercise.path, block.start, block.end):
            where = f"{exercise.path}:{n}"
            shown = [m["code"] for m in CODE_SPAN.finditer(line)]
            prose = CODE_SPAN.sub(" ", line)
            for code in shown:
                spans += 1
                if problem := step_problem(code, solution, start, exercise, snippets):
                    problems.append(f"{where}: {problem} ({exercise.solution})")
            for name in [x for code in shown for x in NAME.findall(STRING.sub(" ", code))] + SNAKE.findall(prose):
                if name[0].isdigit():
                    continue
                names += 1
                if name not in known:
                    problems.append(f"{where}: names `{name}`, which {exercise.solution} and {library} never use")
    return problems, spans, names


def test_hints_show_true_steps_and_real_names(capsys):
    problems, spans, names = hint_problems(current().docs, current().snippets)
    assert not problems, "\n".join(problems)
    with capsys.disabled():
        print(f"\nhints and Why it works: {spans} code spans, {names} names checked")
