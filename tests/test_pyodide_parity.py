"""The same snippets in Pyodide under Node (the runtime readers get) print exactly the same."""

from __future__ import annotations

import functools
import re

import pytest

from content import DOCS, golden, programs, rel, run_like_the_browser
from kmf_site.includes import runnable_blocks
from pyodide_node import TIME_LIMIT_S, run_in_pyodide, too_slow

pytestmark = [pytest.mark.verify, pytest.mark.xdist_group("parity")]  # one Pyodide boot for every snippet


@functools.cache
def pyodide_outputs() -> dict:
    paths = programs()
    jobs = [{"code": path.read_text(), "filename": path.name} for path in paths]
    return dict(zip(paths, run_in_pyodide(jobs), strict=True))


@functools.cache
def time_limits() -> dict[str, float]:
    """Each snippet's time limit on its page: a block's data-timeout, else the worker's default."""
    limits = {}
    for page in DOCS.rglob("*.md"):
        for block in runnable_blocks(page.read_text()):
            if found := re.search(r'data-timeout="(\d+(?:\.\d+)?)"', block.attrs):
                limits[block.path] = max(limits.get(block.path, 0), float(found[1]))
    return limits


def slow_problem(where: str, result: dict, limit_s: float) -> str | None:
    """A run that needs more than half its time limit here would hit the limit on a slower
    machine than the build's: the reader would see it stopped."""
    if too_slow(result, limit_s):
        return f"{where}: takes {result['ms'] / 1000:.1f} s in Pyodide, more than half its {limit_s:g} s time limit"
    return None


@pytest.mark.parametrize("path", programs(), ids=rel)
def test_same_output_in_pyodide(path):
    stdout, output, status = run_like_the_browser(path.read_text(), path.name)
    browser = pyodide_outputs()[path]
    assert browser["output"] == output, (
        f"{rel(path)}:1: Pyodide prints something else than CPython.\n"
        f"--- CPython\n{output}--- Pyodide\n{browser['output']}"
    )
    assert browser["status"] == status, f"{rel(path)}:1: exit status {browser['status']} != {status}"
    limit = time_limits().get(rel(path).removeprefix("snippets/"), TIME_LIMIT_S)
    assert (problem := slow_problem(f"{rel(path)}:1", browser, limit)) is None, problem
    if golden(path).exists():
        assert browser["output"] == golden(path).read_text(), f"{rel(golden(path))}:1: differs in Pyodide"


def test_the_harness_runs_each_program_as_in_a_fresh_tab():
    """Modules a program imported are gone for the next one, and our wheel is there only for a
    program whose import Pyodide's scanner sees: a hidden import fails as in a reader's new tab."""
    first, second, third = run_in_pyodide([
        {"code": "import retrain_lab, colorsys\ncolorsys.planted = 1\nprint(retrain_lab.__name__)\n",
         "filename": "a.py"},
        {"code": "import colorsys\nprint(hasattr(colorsys, 'planted'))\n", "filename": "b.py"},
        {"code": "m = __import__('retrain' + '_lab')\n", "filename": "c.py"},
    ])  # fmt: skip
    assert first["output"] == "retrain_lab\n"
    assert second["output"] == "False\n"
    assert third["status"] == 1 and "ModuleNotFoundError: No module named 'retrain_lab'" in third["output"]


def test_the_harness_caps_output_like_the_page():
    """The worker's cap (run_core.mjs: 1,000 lines, 100 KB), the same code in the build."""
    (lines,) = run_in_pyodide([{"code": "for i in range(1500):\n    print(i)\n", "filename": "many.py"}])
    assert lines["truncated"] is True and lines["output"].count("\n") == 1000
    (wide,) = run_in_pyodide([{"code": "print('x' * 150_000)\n", "filename": "wide.py"}])
    assert wide["truncated"] is True and len(wide["output"]) == 100_000


def test_a_snippet_slower_than_half_its_limit_fails():
    """Planted: a program that takes over 0.5 s, on a block whose limit would be 1 s."""
    (slow,) = run_in_pyodide([{"code": "import time\nt = time.time()\nwhile time.time() - t < 0.8:\n    pass\n",
                               "filename": "slow.py"}])  # fmt: skip
    assert slow["ms"] >= 800
    assert slow_problem("snippets/x/slow.py:1", slow, 1) == (
        f"snippets/x/slow.py:1: takes {slow['ms'] / 1000:.1f} s in Pyodide, more than half its 1 s time limit"
    )
    assert slow_problem("snippets/x/slow.py:1", slow, 10) is None
