"""The same snippets in Pyodide under Node (the runtime readers get) print exactly the same."""

from __future__ import annotations

import functools

import pytest

from content import golden, programs, rel, run_like_the_browser
from pyodide_node import run_in_pyodide

pytestmark = [pytest.mark.verify, pytest.mark.xdist_group("parity")]  # one Pyodide boot for every snippet


@functools.cache
def pyodide_outputs() -> dict:
    paths = programs()
    jobs = [{"code": path.read_text(), "filename": path.name} for path in paths]
    return dict(zip(paths, run_in_pyodide(jobs), strict=True))


@pytest.mark.parametrize("path", programs(), ids=rel)
def test_same_output_in_pyodide(path):
    stdout, output, status = run_like_the_browser(path.read_text(), path.name)
    browser = pyodide_outputs()[path]
    assert browser["output"] == output, (
        f"{rel(path)}:1: Pyodide prints something else than CPython.\n"
        f"--- CPython\n{output}--- Pyodide\n{browser['output']}"
    )
    assert browser["status"] == status, f"{rel(path)}:1: exit status {browser['status']} != {status}"
    if golden(path).exists():
        assert browser["output"] == golden(path).read_text(), f"{rel(golden(path))}:1: differs in Pyodide"
