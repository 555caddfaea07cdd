"""Run a reader's program the way ``python FILE`` would, and report errors the way CPython does.

The browser's worker and the tests use this one file, so the output a page promises is produced
by the same code path in CPython (tests) and in Pyodide (tests under Node, and the reader's tab).
"""

import builtins
import linecache
import sys
import traceback

__all__ = ["run"]

STDLIB_ONLY = (
    "This lesson's browser Python has the standard library and retrain_lab only; "
    "{name!r} is not available here."
)
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


def run(code, filename="main.py"):
    """Execute ``code`` as the program ``filename``; print any error to stderr like CPython.

    Returns the exit status a shell would see: 0 on success, 1 after an uncaught exception,
    or the value given to ``sys.exit``.
    """
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    names = dict(vars(builtins), input=_input)
    namespace = {"__name__": "__main__", "__file__": filename, "__builtins__": names}
    try:
        exec(compile(code, filename, "exec", dont_inherit=True), namespace)
    except SystemExit as stop:
        status = stop.code
        if status is None or isinstance(status, int):
            return status or 0
        sys.stdout.flush()
        print(status, file=sys.stderr)
        return 1
    except BaseException as error:  # the reader's program may raise anything
        if isinstance(error, ModuleNotFoundError) and error.name:
            top = error.name.partition(".")[0]
            error.add_note(STDLIB_ONLY.format(name=top))
        sys.stdout.flush()
        traceback.print_exception(type(error), error, _trim(error.__traceback__), file=sys.stderr)
        sys.stderr.flush()
        return 1
    finally:
        sys.stdout.flush()
    return 0
