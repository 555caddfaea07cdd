"""Run a reader's program the way ``python FILE`` would, and report errors the way CPython does.

The browser's worker and the tests use this one file, so the output a page promises is produced
by the same code path in CPython (tests) and in Pyodide (tests under Node, and the reader's tab).
"""

import builtins
import contextlib
import io
import linecache
import sys
import traceback

__all__ = ["PACKAGES", "capture", "execute", "exit_status", "run"]

# The import names of the course's own packages (the kmf plugin's `packages`): the run loop that
# owns Python sets them (web/run_core.mjs); they are named when a program imports something else.
PACKAGES: list[str] = []
STDLIB_ONLY = "This lesson's browser Python has the standard library{also} only; {name!r} is not available here."
NOT_IN_BROWSER = "{name!r} is part of Python's standard library, but it cannot run in a browser."
NO_KEYBOARD = (
    "input() cannot read from the keyboard in this lesson's Python: "
    "put the value in the code instead, for example  answer = 'yes'"
)


def _input(prompt=""):
    raise EOFError(NO_KEYBOARD)


def _trim(tb):
    """Drop this module's own frames from both ends of a traceback."""
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    head = tb
    while tb is not None:
        nxt = tb.tb_next
        if nxt is not None and nxt.tb_frame.f_code.co_filename == __file__:
            tb.tb_next = None
            break
        tb = nxt
    return head


def execute(code, filename="main.py", namespace=None):
    """Execute ``code`` as the program ``filename`` in ``namespace`` (a fresh ``__main__`` if None).

    Prints an uncaught error to stderr exactly as CPython would, without this module's frames,
    and returns it (``None`` when the program ran to the end). ``SystemExit`` is returned too.
    """
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    if namespace is None:
        namespace = {}
    namespace.update(__name__="__main__", __file__=filename)
    namespace["__builtins__"] = dict(vars(builtins), input=_input)
    try:
        exec(compile(code, filename, "exec", dont_inherit=True), namespace)
    except SystemExit as stop:
        sys.stdout.flush()
        if stop.code is not None and not isinstance(stop.code, int):
            print(stop.code, file=sys.stderr)
        return stop
    except BaseException as error:  # the reader's program may raise anything
        if isinstance(error, ModuleNotFoundError) and error.name:
            top = error.name.partition(".")[0]
            note = NOT_IN_BROWSER if top in sys.stdlib_module_names else STDLIB_ONLY
            error.add_note(note.format(name=top, also="".join(f" and {p}" for p in PACKAGES)))
        sys.stdout.flush()
        traceback.print_exception(type(error), error, _trim(error.__traceback__), file=sys.stderr)
        sys.stderr.flush()
        return error
    sys.stdout.flush()
    return None


def exit_status(error):
    """The status a shell would see after ``execute`` returned ``error``."""
    if error is None:
        return 0
    if isinstance(error, SystemExit):
        code = error.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    return 1


def run(code, filename="main.py"):
    """Run ``code`` like ``python filename`` and return the exit status."""
    return exit_status(execute(code, filename))


class _Tee(io.TextIOBase):
    def __init__(self, *sinks):
        self.sinks = sinks

    def write(self, text):
        for sink in self.sinks:
            sink.write(text)
        return len(text)


def capture(code, filename="main.py"):
    """Run like ``run`` and return what the reader's Output area would hold.

    ``{"stdout", "stderr", "output" (both interleaved in order), "status"}``: the shape
    kmf_site/proof/pyodide_node.py returns for Pyodide, so CPython and the browser compare directly.
    """
    out, err, both = io.StringIO(), io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(_Tee(out, both)), contextlib.redirect_stderr(_Tee(err, both)):
        status = run(code, filename)
    return {"stdout": out.getvalue(), "stderr": err.getvalue(), "output": both.getvalue(), "status": status}
