"""kmf_site/proof/check_pyodide_parity.py: a snippet too slow for its time limit is named."""

from __future__ import annotations

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site.proof.check_pyodide_parity import slow_problem
from kmf_site.proof.pyodide_node import run_in_pyodide

SLOW = """\
import js
def cpu():
    used = js.process.cpuUsage()
    return (used.user + used.system) / 1e6
start = cpu()
while cpu() - start < 0.8:
    pass
"""


def test_a_snippet_slower_than_half_its_limit_fails():
    """Planted: a program that takes over 0.5 s, on a block whose limit would be 1 s. It computes
    until the process's CPU clock (the one the proof reads) has moved 0.8 s: a loop on the wall
    clock got as little as 0.3 s of CPU on a busy machine."""
    (slow,) = run_in_pyodide([{"code": SLOW, "filename": "slow.py"}])
    assert slow["ms"] >= 800 and slow["wallMs"] >= 500, slow
    assert slow_problem("snippets/x/slow.py:1", slow, 1) == (
        f"snippets/x/slow.py:1: takes {slow['ms'] / 1000:.1f} s in Pyodide, more than half its 1 s time limit"
    )
    assert slow_problem("snippets/x/slow.py:1", slow, 10) is None
