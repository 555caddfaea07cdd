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
import sys

__all__ = [
    "Failure",
    "Run",
    "Situation",
    "cut",
    "defined",
    "error_line",
    "explain_error",
    "fail",
    "grade",
    "in_learner_code",
    "is_item",
    "mentions",
    "name_of",
    "near",
    "not_yet",
    "printed",
    "printed_values",
    "rerun",
    "said",
    "same",
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
    """The value of ``name``; fails when the program did not create it (naming a near miss).

    A program that keeps its work inside a function (``main()``) has no such global: then the
    value is the one ``name`` had when that function returned, in a re-run of the whole program."""
    if name in run.ns:
        return run.ns[name]
    if run.error is None and run.source:
        plain = run.__dict__.get("plain")
        if plain is None:
            plain = run.__dict__["plain"] = rerun(run)
        if plain.error is None and name in plain.values:
            return plain.values[name]
    miss = near(name, user_names(run))
    if miss:
        fail(f"You created '{miss}', but the check looks for '{name}': names must match exactly.")
    fail(missing or f"No variable called {name} was created. Write: {name} = ...")


def printed(run: Run) -> str:
    """Everything the program printed to stdout."""
    return run.stdout


# ---------------------------------------------------------------- the whole program, other inputs


class TooLong(Exception):
    """Raised inside a re-run that goes past its step budget (a loop that never ends)."""


class Situation:
    """One re-run of the learner's whole program: what it printed, the error it stopped with
    (None when it ran to the end) and the last value each name held (see :func:`rerun`)."""

    def __init__(self, stdout: str, error: BaseException | None, values: dict, replaced: set):
        self.stdout = stdout
        self.error = error
        self.values = values
        self.replaced = replaced  # the input names whose value was really replaced

    def value(self, name: str, default=None):
        return self.values.get(name, default)


_MISSING = object()


def rerun(run: Run, inputs: dict | None = None, limit: int = 100_000) -> Situation:
    """Run the learner's whole program again, unchanged, with other inputs.

    ``inputs`` maps a name to ``replace(value)``: the first time the program gives that name a
    value (a global, or a local of one of its functions), the check calls ``replace`` with it and,
    unless it returns None, the program goes on with what it returned, as if its own line had
    written that. A dict is changed in place, key by key, so the program keeps its own dict (and
    its key order); a variable that holds the very float object a replaced value was (the dict
    was made from it) gets the new value too. Nothing in the source changes: the same lines run
    on other values.

    The re-run stops after ``limit`` lines (``error`` is then a ``TooLong``). ``values`` holds the
    last value each name had in the program: its global at the end, else the value it had when
    the function that held it returned (a program that keeps everything inside ``main()``).
    """
    inputs = dict(inputs or {})
    pending = dict(inputs)
    replaced: set = set()
    seen: dict = {}
    steps = [0]
    filename = run.filename

    def replace_in(frame) -> None:
        if not pending:
            return
        scope = frame.f_locals
        for name in list(pending):
            value = scope.get(name, _MISSING) if hasattr(scope, "get") else _MISSING
            if value is _MISSING:
                continue
            new = pending[name](value)
            if new is None:
                continue
            del pending[name]
            replaced.add(name)
            if isinstance(value, dict) and isinstance(new, dict):
                for key in list(value):
                    if key in new:
                        was = value[key]
                        value[key] = new[key]
                        # a float the dict was made from (accuracy = 0.75, then {'accuracy':
                        # accuracy}) is the same object: that variable gets the new value too
                        if isinstance(was, float):
                            for other in [n for n in scope.keys() if n != name and scope[n] is was]:
                                scope[other] = new[key]
            else:
                scope[name] = new

    def remember(frame) -> None:
        scope = frame.f_locals
        for name in list(scope.keys()) if hasattr(scope, "keys") else []:
            if isinstance(name, str) and not name.startswith("__"):
                seen[name] = scope[name]

    def local(frame, event, arg):
        if event == "line":
            steps[0] += 1
            if steps[0] > limit:
                raise TooLong(f"stopped after {limit} lines")
            replace_in(frame)
        elif event == "return":
            replace_in(frame)
            remember(frame)
        return local

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != filename:
            return None
        return local(frame, event, arg)

    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": builtins}
    out = io.StringIO()
    error = None
    before = sys.gettrace()
    try:
        code = compile(run.source, filename, "exec", dont_inherit=True)
        with contextlib.redirect_stdout(out):
            sys.settrace(tracer)
            try:
                exec(code, namespace)
            finally:
                sys.settrace(before)
    except Exception as raised:  # the learner's program may raise anything on other inputs
        error = raised
    values = dict(seen)
    values.update({k: v for k, v in namespace.items() if isinstance(k, str) and not k.startswith("__")})
    return Situation(out.getvalue(), error, values, replaced)


def printed_values(text: str) -> list:
    """Each printed line as a Python value (``ast.literal_eval``), or the line itself as text."""
    found = []
    for line in text.splitlines():
        try:
            found.append(ast.literal_eval(line.strip()))
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            found.append(line)
    return found


def same(a, b, places: int = 2) -> bool:
    """Whether ``a`` and ``b`` are the same value, numbers compared as the page shows them
    (rounded to ``places`` decimals); dicts by their keys (in any order), lists item by item."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return round(a, places) == round(b, places)
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(same(a[k], b[k], places) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, places) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except Exception:
        return False


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


def in_learner_code(run: Run, error: BaseException | None = None) -> int | None:
    """The line of the learner's program where ``error`` (default: the run's error) was raised:
    the deepest frame of the traceback that is in the program's file (None when there is none)."""
    line, tb = None, getattr(error if error is not None else run.error, "__traceback__", None)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == run.filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def unquoted_keys(run: Run, name: str) -> list[int]:
    """The lines where ``name`` is written as a dict key without quotes: ``{version: 1}``."""
    return sorted(
        {
            key.lineno
            for node in ast.walk(run.tree)
            if isinstance(node, ast.Dict)
            for key in node.keys
            if isinstance(key, ast.Name) and key.id == name
        }
    )


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
    if isinstance(error, KeyboardInterrupt):
        line = in_learner_code(run)
        loops = [
            node.lineno
            for node in ast.walk(run.tree)
            if isinstance(node, (ast.While, ast.For)) and line and node.lineno <= line <= (node.end_lineno or 0)
        ]
        where_ = f"in the loop of line {max(loops)}" if loops else f"at line {line}" if line else ""
        fail(
            f"Your program did not finish: it was still running {where_} when it was stopped (it "
            "reached the time limit, or Stop was pressed), so there is nothing to check yet. A loop "
            "whose condition never becomes false runs forever: make sure every loop ends."
            if where_
            else "Your program did not finish: it was stopped (it reached the time limit, or Stop was "
            "pressed), so there is nothing to check yet. A loop whose condition never becomes false "
            "runs forever: make sure every loop ends."
        )
    if isinstance(error, NameError):
        name = name_of(error)
        lines = unquoted_keys(run, name)
        if lines:
            fail(
                f"Line {lines[0]}: the key {name} has no quotes, so Python reads it as a variable "
                f"called {name}, and there is none. Put the keys of a dict in quotes: '{name}'."
            )
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
