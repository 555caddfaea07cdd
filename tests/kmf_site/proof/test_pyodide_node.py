"""kmf_site/proof/pyodide_node.py: the harness runs each job as the reader's worker does."""

from __future__ import annotations

import os
import subprocess
import sys

import content  # noqa: F401 (binds the proof to this repository: its Pyodide and learner package)
from kmf_site.proof.pyodide_node import run_in_pyodide, too_slow


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


def test_too_slow_is_more_than_half_the_limit():
    assert too_slow({"ms": 10 * 500 + 1}, 10) and not too_slow({"ms": 10 * 500}, 10)
    assert not too_slow({"ms": None}, 10)


def test_the_pyodide_session_really_shares_one_namespace():
    """The check above would pass by luck if every cell were self-contained: prove the sharing."""
    jobs = [
        {"code": "x = 41", "filename": "cell 1", "session": "a"},
        {"code": "print(x + 1)", "filename": "cell 2", "session": "a"},
        {"code": "print('x' in globals())", "filename": "cell 1", "session": "b"},
        {"code": "print('x' in globals())", "filename": "main.py"},
    ]
    outputs = [got["output"] for got in run_in_pyodide(jobs)]
    assert outputs == ["", "42\n", "False\n", "False\n"]


def test_the_time_limit_counts_cpu_time_not_the_busy_machines_wall_clock():
    """A job's time and its limit are CPU time, the program's cost whatever else the build's
    machine does: with a busy loop on every core beside it, a loop that never ends stops after 1 s
    of CPU, or, if it got under a quarter of a core, by the wall-clock backstop at 4x the limit."""
    # Busy loops on every core: the machine is busy, as a build machine running a browser suite is.
    # (Pinning the harness and the loops to one core hung a CI run: not done.)
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range((os.cpu_count() or 1) + 1)]
    try:
        work, busy = run_in_pyodide([
            {"code": "n = 0\nfor i in range(3_000_000):\n    n += i\nprint(n)\n", "filename": "work.py"},
            {"code": "while True:\n    pass\n", "filename": "busy.py", "timeout": 1},
        ])  # fmt: skip
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert work["output"] == f"{sum(range(3_000_000))}\n"
    assert "KeyboardInterrupt" in busy["output"], busy
    if busy["wallMs"] < 0.9 * 4 * 1000:  # stopped by its CPU time, the limit
        assert 1000 <= busy["ms"] < 1500, busy
    else:  # a machine so busy the program got under a quarter of a core: the 4x wall backstop first
        assert busy["ms"] < 1000 and busy["wallMs"] < 4 * 1000 + 1500, busy
