"""Trace a reader's program line by line with ``sys.settrace``: what the Trace it page shows.

The browser sends this file's text to the one Python worker as the program to run, followed by a
call that traces the reader's source (see ``src/kmf_site/web/trace.js``)::

    <this file>
    _kmf_trace = trace_json(SOURCE, "q3_get_new_data.py")

and reads ``_kmf_trace`` back with the run's ``after`` code. The reader's program itself runs
through the same runner as the Run button (``kmf_runner.execute``), so its output, its errors and
their tracebacks (file name, line, carets) are exactly what Run prints; the tests trace the same
programs in CPython and in Pyodide and compare with the golden ``<name>.trace.json`` beside each.

A trace is ``{"file", "steps": [...], "output": [[stream, text], ...], "limit": bool}``. Each
step is the moment *before* a line runs (``"line"``), a function returning (``"return"``, with
``"value"``), an exception raised (``"exception"``, with ``"error"``), or how the program ended
(``"end"``: finished, ``"error"`` or ``"limit"``). Every step has ``"line"`` (or None), the call
stack from the module down (``[{"name", "line", "vars": [[name, type, value], ...]}]``) and
``"out"``: how many characters of the output had been printed by then.
"""

import ast
import inspect
import io
import itertools
import json
import re
import reprlib
import sys
import types

try:  # the browser's worker (and Pyodide under Node) load the runner as a top-level module
    import kmf_runner as _runner
except ImportError:  # CPython: the tests import the site package
    from kmf_site import runner as _runner

MAX_STEPS = 1000
MAX_OUTPUT = 100_000  # characters of output kept, like the Run button's limit
ADDRESS = re.compile(r" at 0x[0-9A-Fa-f]+")


class _Repr(reprlib.Repr):
    """reprlib's short reprs, but a dict keeps its insertion order (reprlib sorts the keys)."""

    def repr_dict(self, x, level):
        if not x:
            return "{}"
        if level <= 0:
            return "{...}"
        pieces = [
            f"{self.repr1(key, level - 1)}: {self.repr1(x[key], level - 1)}"
            for key in itertools.islice(x, self.maxdict)
        ]
        if len(x) > self.maxdict:
            pieces.append(self.fillvalue)
        return "{" + ", ".join(pieces) + "}"


_repr = _Repr()
_repr.maxlevel = 3
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = _repr.maxdeque = 10
_repr.maxdict = 10
_repr.maxstring = 60
_repr.maxother = 60


class StepLimit(SystemExit):
    """Raised into the reader's program when the step cap is reached (the runner prints nothing)."""


def describe(value):
    """A value as the variables table shows it: short, and the same in every run (no addresses)."""
    if isinstance(value, types.FunctionType):
        try:
            signature = str(inspect.signature(value))
        except (TypeError, ValueError):
            signature = "(...)"
        return ADDRESS.sub("", f"{value.__name__}{signature}")
    if isinstance(value, type):
        return f"class {value.__name__}"
    if isinstance(value, types.ModuleType):
        return f"module {value.__name__}"
    try:
        text = _repr.repr(value)
    except Exception:  # a reader's __repr__ may raise anything
        text = f"<{type(value).__name__} object>"
    return ADDRESS.sub("", text)


def _variables(frame, module):
    names = frame.f_globals if module else frame.f_locals
    return [
        [name, type(value).__name__, describe(value)]
        for name, value in list(names.items())
        if not (name.startswith("__") and name.endswith("__"))
    ]


class _Output(io.TextIOBase):
    """sys.stdout / sys.stderr while tracing: keeps every write, in order, with its stream."""

    encoding = "utf-8"

    def __init__(self, chunks, stream):
        super().__init__()
        self.chunks = chunks
        self.stream = stream

    def write(self, text):
        size = sum(len(t) for _, t in self.chunks)
        text = text[: max(0, MAX_OUTPUT - size)]
        if text:
            if self.chunks and self.chunks[-1][0] == self.stream:
                self.chunks[-1][1] += text
            else:
                self.chunks.append([self.stream, text])
        return len(text)


def statements(source):
    """{line: (first line, last line)} of the statement each line belongs to.

    Python reports a line event for every line of a statement that spans several (a list written
    over four lines reports four); a reader thinks in statements. A compound statement (``if``,
    ``for``, ``def``...) counts for its header only.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    spans = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        last = body[0].lineno - 1 if isinstance(body, list) and body else node.end_lineno
        last = max(node.lineno, last)
        for line in range(node.lineno, last + 1):
            spans.setdefault(line, (node.lineno, last))
    return spans


class Tracer:
    def __init__(self, filename, max_steps, spans=None):
        self.filename = filename
        self.max_steps = max_steps
        self.spans = spans or {}
        self.where = {}  # id(frame) -> (statement, line) of its last line event
        self.steps = []
        self.output = []
        self.last_error = None
        self.limit = False

    def printed(self):
        return sum(len(text) for _, text in self.output)

    def stack(self, frame):
        frames = []
        while frame is not None:
            if frame.f_code.co_filename == self.filename:
                frames.append(frame)
            frame = frame.f_back
        frames.reverse()
        return [
            {
                "name": f.f_code.co_name,
                "line": self.spans.get(f.f_lineno, (f.f_lineno,))[0],
                "vars": _variables(f, module=f.f_code.co_name == "<module>"),
            }
            for f in frames
        ]

    def record(self, frame, event, **extra):
        if len(self.steps) >= self.max_steps:
            self.limit = True
            raise StepLimit()
        self.steps.append(
            {"event": event, "line": frame.f_lineno, "stack": self.stack(frame), "out": self.printed(), **extra}
        )  # extra may set "line" (a statement)

    def start(self, frame, event, arg):
        """The global trace function: follow only frames of the reader's file."""
        if frame.f_code.co_filename != self.filename:
            return None
        return self.local

    def local(self, frame, event, arg):
        if event == "line":
            line = frame.f_lineno
            first, last = self.spans.get(line, (line, line))
            before = self.where.get(id(frame))
            self.where[id(frame)] = (first, line)
            # Another line of the statement already shown is not a new step, but a loop that
            # comes back to a one-line statement is.
            if before is None or before[0] != first or (line == first and before[1] == first):
                self.record(frame, "line", **({"line": first, "to": last} if last > first else {"line": first}))
        elif event == "exception":
            error = arg[1]
            if error is not self.last_error and not isinstance(error, StepLimit):
                self.last_error = error
                self.record(frame, "exception", error=_message(error))
        elif event == "return" and frame.f_code.co_name != "<module>":
            self.where.pop(id(frame), None)
            unwinding = self.steps and self.steps[-1]["event"] == "exception" and self.last_error is not None
            if not unwinding:  # a frame left because of an error does not return a value
                self.record(frame, "return", value=describe(arg), type=type(arg).__name__)
        return self.local


def _message(error):
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return text


def trace(source, filename="main.py", max_steps=MAX_STEPS):
    """Run ``source`` as the program ``filename`` and return its trace (see the module docstring)."""
    tracer = Tracer(filename, max_steps, statements(source))
    namespace = {}
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Output(tracer.output, "stdout"), _Output(tracer.output, "stderr")
    sys.settrace(tracer.start)
    try:
        raised = _runner.execute(source, filename, namespace)
    finally:
        sys.settrace(None)
        sys.stdout, sys.stderr = saved
    end = {"event": "end", "line": None, "out": tracer.printed()}
    module = [
        {
            "name": "<module>",
            "line": None,
            "vars": [
                [name, type(value).__name__, describe(value)]
                for name, value in namespace.items()
                if not (name.startswith("__") and name.endswith("__"))
            ],
        }
    ]
    last = tracer.steps[-1] if tracer.steps else None
    if isinstance(raised, StepLimit) or tracer.limit:
        end.update(how="limit", line=last and last["line"], stack=last["stack"] if last else module)
    elif raised is None:
        end.update(how="finished", stack=module)
    elif last is not None and last["event"] == "exception" and tracer.last_error is raised:
        # What ended the program (an error or sys.exit) is the last step, with the whole output.
        tracer.steps.pop()
        how = "exit" if isinstance(raised, SystemExit) else "error"
        end.update(how=how, line=last["line"], stack=last["stack"], error=last["error"])
    elif isinstance(raised, SystemExit):
        end.update(how="exit", stack=module)
    else:  # raised before any line ran (a SyntaxError) or outside the traced frames
        line = getattr(raised, "lineno", None) if isinstance(raised, SyntaxError) else None
        tb = raised.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                line = tb.tb_lineno
            tb = tb.tb_next
        end.update(how="error", line=line, stack=module, error=_message(raised))
    tracer.steps.append(end)
    tracer.last_error = None
    return {"file": filename, "steps": tracer.steps, "output": tracer.output, "limit": tracer.limit}


def trace_json(source, filename="main.py", max_steps=MAX_STEPS):
    """The trace as JSON text (what the browser reads back from the worker)."""
    return json.dumps(trace(source, filename, max_steps), ensure_ascii=False)
