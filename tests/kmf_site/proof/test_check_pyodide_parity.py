"""kmf_site/proof/check_pyodide_parity.py: a snippet too slow for its time limit is named."""

from __future__ import annotations

import content  # noqa: F401 (binds the proof to this repository before its checks are imported)
from kmf_site.proof.check_pyodide_parity import slow_problem
from kmf_site.proof.pyodide_node import run_in_pyodide


def test_a_snippet_slower_than_half_its_limit_fails():
    """Planted: a program that takes over 0.5 s, on a block whose limit would be 1 s."""
    (slow,) = run_in_pyodide([{"code": "import time\nt = time.time()\nwhile time.time() - t < 0.8:\n    pass\n",
                               "filename": "slow.py"}])  # fmt: skip
    assert slow["wallMs"] >= 800 and slow["ms"] > 500  # CPU time: the loop computes all along
    assert slow_problem("snippets/x/slow.py:1", slow, 1) == (
        f"snippets/x/slow.py:1: takes {slow['ms'] / 1000:.1f} s in Pyodide, more than half its 1 s time limit"
    )
    assert slow_problem("snippets/x/slow.py:1", slow, 10) is None
