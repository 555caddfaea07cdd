"""Where the programs shown on pages live, and how they are run exactly as the reader's Run does.

Paths are the proven project's (:func:`kmf_site.proof.project.current`): its pages, its snippets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from kmf_site import runner as kmf_runner  # the very file the browser's worker runs
from kmf_site import trace as kmf_trace
from kmf_site.exercise.verify import all_exercises
from kmf_site.includes import includes as _includes
from kmf_site.proof.project import current


def exercise_files(only: bool = False) -> set[Path]:
    """The files exercise blocks name (start, solution, checks, mistakes, accepted); with ``only``,
    just the checks, known mistakes and accepted programs, which no page shows as a program
    (check_exercises.py proves them)."""
    found, docs, snippets = set(), current().docs, current().snippets
    for exercise in all_exercises(docs, snippets):
        found |= {snippets / exercise.checks, *exercise.mistake_files(snippets), *exercise.accepted_files(snippets)}
        if not only:
            found |= {snippets / exercise.start, snippets / exercise.solution}
    return found


def auto_appended() -> set[Path]:
    """The files pymdownx.snippets appends to every page (mkdocs.yml ``auto_append``: the glossary)."""
    return set(current().auto_append)


def programs() -> list[Path]:
    """Every program a page shows (not the exercises' checks and known mistakes)."""
    skip = exercise_files(only=True)
    return sorted(path for path in current().snippets.rglob("*.py") if path not in skip)


def golden(path: Path) -> Path:
    """The exact Output a reader sees for a program that is meant to fail (or has no #> lines)."""
    return path.with_suffix(".output.txt")


def printed_lines(code: str) -> list[tuple[int, str]]:
    """The output a program shows in its source, in order: ``[(line number, text), ...]``.

    pytest-examples writes it after each print as ``#> text`` lines, or as a block between two
    ``'''`` lines (indented like the print) when it is long."""
    found, block = [], None
    for number, line in enumerate(code.splitlines(), 1):
        text = line.lstrip()
        if text == "'''":
            block = None if block is not None else len(line) - len(text)
        elif block is not None:
            found.append((number, line[block:]))
        elif text.startswith("#>"):
            found.append((number, text[3:] if text.startswith("#> ") else text[2:]))
    return found


def mixed_expectations(where: str, code: str, has_golden: bool, status: int, output: str) -> str | None:
    """Why a program's expected output is ill-kept, or None: a program shows ``#>`` output or has a
    golden ``.output.txt`` (meant to fail), never both, and one that shows output must not fail (so
    ``make update-examples`` never turns a broken example into one meant to fail)."""
    shown = printed_lines(code)
    if not shown:
        return None
    if has_golden:
        return (
            f"{where}:{shown[0][0]}: has #> lines and a golden .output.txt: keep one "
            "(#> lines for a program that works, the golden file for one meant to fail)"
        )
    line = error_at(output, where) or shown[0][0]
    if status != 0 and is_syntax_error(output):
        return f"{where}:{line}: {output.strip().splitlines()[-1]}: fix the program:\n{output}"
    if status != 0:
        return (
            f"{where}:{line}: shows #> output but now exits with status {status}; fix the program, "
            f"or delete its #> lines to make it one meant to fail (a golden .output.txt):\n{output}"
        )
    return None


def is_syntax_error(output: str) -> bool:
    """Whether the run stopped on a SyntaxError (IndentationError, TabError): the program never ran."""
    last = output.strip().splitlines()[-1:] or [""]
    return re.match(r"(SyntaxError|IndentationError|TabError)\b", last[0]) is not None


def error_at(output: str, where: str) -> int | None:
    """The line of the program ``where`` (``snippets/<page>/<name>.py``) that an error in its
    ``output`` names: a SyntaxError's own line, else the traceback's last frame in that file."""
    lines = re.findall(rf'^  File "{re.escape(Path(where).name)}", line (\d+)', output, re.MULTILINE)
    return int(lines[-1]) if lines else None


def stdout_problem(where: str, code: str, stdout: str) -> str | None:
    """Where the output a program shows in its source (joined) differs from its real stdout, or None.
    pytest-examples checks its own mocked print (no ``end=``/``file=``, no ``sys.stdout.write``,
    its own formatting of values); this compares with what the reader's Output area gets."""
    shown = printed_lines(code)
    real = stdout.splitlines()
    for index, (number, text) in enumerate(shown):
        if index >= len(real) or real[index] != text:
            really = repr(real[index]) if index < len(real) else "nothing more"
            return f"{where}:{number}: the page shows {text!r} here, the real stdout has {really}"
    last = shown[-1][0] if shown else 1
    if len(real) > len(shown):
        return f"{where}:{last}: the real stdout goes on after the output shown: {real[len(shown)]!r}"
    if stdout and not stdout.endswith("\n"):
        return f"{where}:{last}: the real stdout does not end with a newline: {real[-1]!r}"
    return None


def rel(path: Path) -> str:
    """``path`` as the project names it (``snippets/index/model_info.py``)."""
    return current().rel(path)


def selected(request, test: str, name: str) -> list:
    """The values of the parameter ``name`` that this session runs the test function ``test`` (of
    the requesting module) with: all of them, or a few under ``-k`` (``make serve`` re-verifying
    one snippet), so that a check's one Pyodide batch runs only what is selected."""
    return [
        item.callspec.params[name]
        for item in request.session.items
        if getattr(item, "originalname", None) == test and item.module is request.module
    ]


def run_like_the_browser(code: str, filename: str) -> tuple[str, str, int]:
    """Run through kmf_runner in this CPython; return (stdout, both streams interleaved, status)."""
    result = kmf_runner.capture(code, filename)
    return result["stdout"], result["output"], result["status"]


def includes() -> dict[Path, list[tuple[Path, int]]]:
    """Every `--8<--` include in the pages: {snippet file: [(page, line), ...]}."""
    return _includes(current().docs, current().snippets)


TRACER = Path(kmf_trace.__file__)  # Trace it's tracer, sent to the worker as text
TRACE_FENCE = re.compile(r'^```python \{[^}\n]*\.kmf-trace\b[^}\n]*\}\n--8<-- "(?P<path>[^"\n]+)"\n```', re.MULTILINE)


def tracer_program(source: str, filename: str) -> str:
    """What Trace it sends to the worker (src/kmf_site/web/trace.js's tracerProgram)."""
    return f"{TRACER.read_text()}\n_kmf_trace = trace_json({json.dumps(source)}, {json.dumps(filename)})\n"


TRACE_AFTER = "result = ns.get('_kmf_trace')"  # how trace.js reads the trace back


def trace_like_the_browser(source: str, filename: str) -> dict:
    """Trace a program in this CPython the way the browser's worker does (runner, then `after`)."""
    namespace: dict = {}
    kmf_runner.execute(tracer_program(source, filename), "kmf_trace.py", namespace)
    return json.loads(namespace["_kmf_trace"])


def traced_programs() -> list[Path]:
    """The programs Trace it shows: ```python {.kmf-trace} fences in the pages that include a snippet."""
    docs, snippets = current().docs, current().snippets
    return sorted({snippets / m["path"] for page in docs.rglob("*.md") for m in TRACE_FENCE.finditer(page.read_text())})


def golden_trace(path: Path) -> Path:
    return path.with_suffix(".trace.json")


def dump_trace(trace: dict) -> str:
    """A golden trace as text: one step per line, so a change reads as a diff of steps."""
    head = {key: value for key, value in trace.items() if key != "steps"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "steps": [']
    lines += [f"  {json.dumps(step, ensure_ascii=False)}," for step in trace["steps"]]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n]}\n"
