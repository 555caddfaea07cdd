"""The same snippets in Pyodide under Node (the runtime readers get) print exactly the same."""

from __future__ import annotations

import functools
import re

import pytest

from kmf_site.includes import runnable_blocks
from kmf_site.proof.content import golden, programs, rel, run_like_the_browser, selected
from kmf_site.proof.project import current
from kmf_site.proof.pyodide_node import run_in_pyodide, too_slow

pytestmark = [pytest.mark.verify, pytest.mark.xdist_group("parity")]  # one Pyodide boot for every snippet


@pytest.fixture(scope="module")
def pyodide_outputs(request) -> dict:
    """Every selected program run in one Pyodide batch (one boot of Node and Pyodide)."""
    paths = selected(request, "test_same_output_in_pyodide", "path")
    jobs = [{"code": path.read_text(), "filename": path.name} for path in paths]
    return dict(zip(paths, run_in_pyodide(jobs), strict=True))


@functools.cache
def time_limits() -> dict[str, float]:
    """Each snippet's time limit on its page where a block's data-timeout sets one (else the
    kmf plugin's ``time_limit``, ``current().time_limit``)."""
    limits = {}
    for page in current().docs.rglob("*.md"):
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
def test_same_output_in_pyodide(path, pyodide_outputs):
    stdout, output, status = run_like_the_browser(path.read_text(), path.name)
    browser = pyodide_outputs[path]
    assert browser["output"] == output, (
        f"{rel(path)}:1: Pyodide prints something else than CPython.\n"
        f"--- CPython\n{output}--- Pyodide\n{browser['output']}"
    )
    assert browser["status"] == status, f"{rel(path)}:1: exit status {browser['status']} != {status}"
    limit = time_limits().get(path.relative_to(current().snippets).as_posix(), current().time_limit)
    assert (problem := slow_problem(f"{rel(path)}:1", browser, limit)) is None, problem
    if golden(path).exists():
        assert browser["output"] == golden(path).read_text(), f"{rel(golden(path))}:1: differs in Pyodide"
