"""What Trace it shows for each of its programs is true, in CPython and in Pyodide.

Every ```python {.kmf-trace} program on a page has a golden trace beside it
(``<name>.trace.json``, written by ``make update-examples``): the steps, variables and output
the reader steps through. The tracer (kmf_site/trace.py) is run the way the browser runs it,
through the runner with the same `after` code, and must give exactly that trace in both runtimes.
"""

from __future__ import annotations

import json
from itertools import pairwise

import pytest

from kmf_site.proof.content import (
    TRACE_AFTER,
    dump_trace,
    golden_trace,
    rel,
    run_like_the_browser,
    selected,
    trace_like_the_browser,
    traced_programs,
    tracer_program,
)
from kmf_site.proof.pyodide_node import run_in_pyodide

pytestmark = pytest.mark.verify
PROGRAMS = traced_programs()


@pytest.mark.parametrize("path", PROGRAMS, ids=rel)
def test_golden_trace_in_cpython(path, request):
    trace = trace_like_the_browser(path.read_text(), path.name)
    golden = golden_trace(path)
    if request.config.getoption("update_examples", False):
        golden.write_text(dump_trace(trace))
    assert golden.is_file(), f"{rel(golden)}:1: missing (run `make update-examples`)"
    assert trace == json.loads(golden.read_text()), (
        f"{rel(golden)}:1: the trace of {rel(path)} has changed (run `make update-examples` if intended)"
    )


@pytest.fixture(scope="module")
def pyodide_traces(request) -> dict:
    """Every selected program traced in one Pyodide batch (one boot of Node and Pyodide)."""
    paths = selected(request, "test_golden_trace_in_pyodide", "path")
    jobs = [
        {
            "code": tracer_program(path.read_text(), path.name),
            "filename": "kmf_trace.py",
            "after": TRACE_AFTER,
            "imports": path.read_text(),  # as trace.js sends it: the traced program's imports are loaded
        }
        for path in paths
    ]
    return dict(zip(paths, run_in_pyodide(jobs), strict=True))


@pytest.mark.parametrize("path", PROGRAMS, ids=rel)
def test_golden_trace_in_pyodide(path, pyodide_traces):
    result = pyodide_traces[path]
    assert result["status"] == 0 and result["output"] == "", result["output"]  # the tracer itself never fails
    assert json.loads(result["result"]) == json.loads(golden_trace(path).read_text()), (
        f"{rel(golden_trace(path))}:1: Pyodide traces {rel(path)} differently"
    )


@pytest.mark.parametrize("path", PROGRAMS, ids=rel)
def test_the_trace_prints_what_run_prints(path):
    """Output, errors and tracebacks (file name, line, carets) are the Run button's, step by step."""
    _, output, _ = run_like_the_browser(path.read_text(), path.name)
    trace = json.loads(golden_trace(path).read_text())
    printed = "".join(text for _, text in trace["output"])
    assert printed == output
    assert trace["steps"][-1]["out"] == len(output)
    assert all(a["out"] <= b["out"] for a, b in pairwise(trace["steps"]))
