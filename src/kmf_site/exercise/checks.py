"""The vocabulary an exercise's checks are written in, and :func:`grade`, which runs them.

An exercise's checks file (``snippets/<page>/checks.py``, named by its ``/// exercise`` block) is
short Python built from these helpers::

    from kmf_site.exercise.checks import defined, fail, not_yet, printed

    def check(run):
        total = defined(run, "total")               # must define total (a near miss is named)
        if total != 42:
            not_yet("total to be 42", short(total)) # "Not yet. Expected ..., but found ..."
        if printed(run) != "42\\n":
            fail("Print the total: print(total)")   # the exact message the learner reads

A check that returns without failing passes the exercise. It only runs when the learner's program
ran to the end: for a program that raised, the module's optional ``errors(run)`` gives targeted
messages and :func:`explain_error` the generic ones (a NameError close to one of the module's
``NAMES`` is named as a misspelling).

This module runs in the reader's browser too (Pyodide): the build ships its source inside each
exercise's check program (:mod:`kmf_site.exercise.program`), so it uses the standard library only.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import difflib
import io
import linecache
import re

__all__ = [
    "Failure",
    "Run",
    "cut",
    "defined",
    "error_line",
    "explain_error",
    "fail",
    "grade",
    "is_item",
    "mentions",
    "name_of",
    "near",
    "not_yet",
    "printed",
    "said",
    "short",
    "statements",
    "trial",
    "user_names",
    "where",
]


class Failure(Exception):
    """Raised by :func:`fail`: the check stops and the learner reads ``message`` (then ``why``)."""

    def __init__(self, message: str, why: str = ""):
        super().__init__(message)
        self.message = message
        self.why = why


class Run:
    """What the learner's run left behind: its globals, what it printed, the error it raised."""

    def __init__(self, ns: dict, stdout: str, error: BaseException | None, source: str, filename: str = "main.py"):
        self.ns = ns if isinstance(ns, dict) else {}
        self.stdout = stdout if isinstance(stdout, str) else ""
        self.error = error
        self.source = source if isinstance(source, str) else ""
        self.filename = filename
        self._tree: ast.Module | None = None

    @property
    def tree(self) -> ast.Module:
        """The program's syntax tree (an empty module when it does not parse)."""
        if self._tree is None:
            try:
                self._tree = ast.parse(self.source)
            except SyntaxError:
                self._tree = ast.Module(body=[], type_ignores=[])
        return self._tree


# ---------------------------------------------------------------- verdicts


def fail(message: str, why: str = "") -> None:
    """Stop the check: the exercise is not passed and the learner reads ``message``, then ``why``."""
    raise Failure(message, why)


def not_yet(expected: str, found: str) -> None:
    """The message for a mistake nobody anticipated: ``Not yet. Expected <expected>, but found <found>.``"""
    fail(f"Not yet. Expected {expected}, but found {found}.")


# ---------------------------------------------------------------- text


def cut(text: str, limit: int = 80) -> str:
    """``text`` on one line, at most ``limit`` characters (``...`` marks a cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short(value) -> str:
    """A short, safe repr of a learner's value (a broken ``__repr__`` cannot crash the check)."""
    try:
        return cut(repr(value))
    except Exception:
        return f"<{type(value).__name__} object>"


def said(items) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------- names and values


def user_names(run: Run) -> list[str]:
    """The names the learner's program created (not the dunder ones the runner sets)."""
    return [key for key in run.ns if isinstance(key, str) and not key.startswith("__")]


def near(name: str, candidates) -> str | None:
    """The candidate ``name`` was probably meant to be (a typo or another case), or None."""
    candidates = list(candidates)
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    if not matches:
        return {c.lower(): c for c in candidates}.get(name.lower())
    return matches[0]


def defined(run: Run, name: str, missing: str = "") -> object:
    """The value of ``name``; fails when the program did not create it (naming a near miss)."""
    if name in run.ns:
        return run.ns[name]
    miss = near(name, user_names(run))
    if miss:
        fail(f"You created '{miss}', but the check looks for '{name}': names must match exactly.")
    fail(missing or f"No variable called {name} was created. Write: {name} = ...")


def printed(run: Run) -> str:
    """Everything the program printed to stdout."""
    return run.stdout


# ---------------------------------------------------------------- the code's shape


def statements(run: Run, kind: type[ast.AST]) -> list:
    """Every node of type ``kind`` in the program, in source order (``statements(run, ast.If)``)."""
    return [node for node in ast.walk(run.tree) if isinstance(node, kind)]


def mentions(node: ast.AST, name: str) -> bool:
    """Whether the name ``name`` is used anywhere in ``node``."""
    return any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(node))


def is_item(node: ast.AST, variable: str, key) -> bool:
    """Whether ``node`` is ``variable[key]`` with a literal key, e.g. ``model_info['version']``."""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == variable
        and isinstance(node.slice, ast.Constant)
        and node.slice.value == key
    )


def trial(node: ast.stmt, **names) -> dict | None:
    """Run the single statement ``node`` with ``names`` as its globals (print output is dropped).

    Returns the globals afterwards, or None when it raised: this is how a check asks "what does
    your ``if`` do to a model at version 7?" without trusting the learner's own values.
    """
    code = compile(ast.Module(body=[node], type_ignores=[]), "<check>", "exec")
    scope = {"__builtins__": builtins, **names}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, scope)
    except Exception:
        return None
    return scope


# ---------------------------------------------------------------- errors


def error_line(run: Run) -> str:
    """The source line a SyntaxError points at, stripped ('' when there is none)."""
    lineno = getattr(run.error, "lineno", None)
    lines = run.source.splitlines()
    return lines[lineno - 1].strip() if lineno and 0 < lineno <= len(lines) else ""


def where(run: Run) -> str:
    """``Line N`` for an error with a line number, else ``Your code``."""
    lineno = getattr(run.error, "lineno", None)
    return f"Line {lineno}" if lineno else "Your code"


def name_of(error: NameError) -> str:
    """The name a NameError is about."""
    name = getattr(error, "name", None)
    if not name:
        match = re.search(r"name '([^']+)' is not defined", str(error))
        name = match.group(1) if match else ""
    return name


def explain_error(run: Run, names=()) -> None:
    """Fail with a plain message for the error the program raised (nothing when it raised none).

    ``names`` are the names the exercise's program uses: a NameError close to one of them is
    reported as a misspelling. Checks call this last, after their own targeted messages.
    """
    error = run.error
    if error is None:
        return
    at = where(run)
    if isinstance(error, IndentationError):
        if "expected an indented block" in (error.msg or ""):
            fail(
                f"{at}: Python expected an indented block. The lines that belong to an if "
                "(or any line ending in a colon) must be indented, for example by 4 spaces."
            )
        fail(
            f"{at} is indented but nothing above it opens a block. Only the lines inside the if "
            "are indented; every other line starts at the left edge, and the lines of one block "
            "line up exactly."
        )
    if isinstance(error, SyntaxError):
        msg = error.msg or ""
        if "was never closed" in msg:
            fail(f"{at}: {msg}. Every opening bracket needs its closing one, like {{ with }} and ( with ).")
        fail(
            f"{at}: Python could not read this line ({msg}). Expected a program Python can run; "
            f"found a syntax error in: {error_line(run) or '(empty line)'}"
        )
    if isinstance(error, NameError):
        name = name_of(error)
        if name in ("true", "TRUE", "false", "FALSE"):
            fail(
                f"Python does not know '{name}'. The boolean values are written with a capital letter: True and False."
            )
        if name in ("Print", "PRINT"):
            fail("Python names are case-sensitive: the function is print, all lowercase.")
        meant = near(name, names)
        if meant:
            fail(
                f"Python does not know '{name}'. Did you mean '{meant}'? "
                "Names must be spelled exactly the same everywhere."
            )
        expected = f" Expected only the names {said(names)}; found a NameError." if names else ""
        fail(f"Python does not know the name '{name}'.{expected}")
    fail(
        f"Your program stopped with {type(error).__name__}: {cut(str(error))}. "
        "Read the last line of the output, fix that line and run again."
    )


# ---------------------------------------------------------------- the entry point


def grade(checks, name: str, ns: dict, stdout: str, error: BaseException | None, filename: str) -> dict:
    """Judge the learner's run of the program ``filename`` with the check ``checks.<name>``.

    ``checks`` is the exercise's checks module. When the program ran to the end, its function
    ``name(run)`` decides; when it raised, the module's optional ``errors(run)`` gives targeted
    messages first and :func:`explain_error` (with the module's optional ``NAMES``) the rest.
    The program's source is read back from ``linecache``, where the runner
    (:func:`kmf_site.runner.execute`) registers every program it runs.

    Returns a JSON-able ``{"passed": bool, "message": str, "why": str}``; messages are plain text.
    """
    source = "".join(linecache.getlines(filename)) if isinstance(filename, str) else ""
    run = Run(ns, stdout, error, source, filename)
    try:
        if run.error is None:
            getattr(checks, name)(run)
        else:
            errors = getattr(checks, "errors", None)
            if errors is not None:
                errors(run)
            explain_error(run, getattr(checks, "NAMES", ()))
    except Failure as failure:
        return {"passed": False, "message": str(failure.message), "why": str(failure.why)}
    except Exception as bug:  # never let a strange value crash the check
        return {"passed": False, "message": f"The check could not read your result ({type(bug).__name__}).", "why": ""}
    return {"passed": True, "message": "Passed.", "why": ""}
