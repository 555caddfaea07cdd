"""`make test`'s `--dist loadgroup` keeps each `xdist_group` on one worker, and hands out the work
in the order tests/conftest.py sorts it (the slowest first).

The suite relies on it (test_offline builds and serves its own host once, the Pyodide parity
checks share one Pyodide, ...). A pytest upgrade once broke it silently: pytest 9.2's structured
node ids undo pytest-xdist 3.8's way of marking a group (pytest-xdist#1386), and the groups were
spread over both workers without a word. This runs a group the way the Makefile runs the suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

GROUPED = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(6))
def test_where(n):
    with open("workers.txt", "a") as out:
        out.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
"""


def make_test_options() -> list[str]:
    """The options `make test` gives pytest, from the Makefile's test recipe."""
    recipe = re.search(r"^test:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE).group(1)
    options = recipe.split("pytest", 1)[1].split()
    return [option for option in options if not option.startswith("$(")]  # -n $(TEST_WORKERS)


def test_an_xdist_group_runs_on_one_worker(tmp_path):
    assert "loadgroup" in make_test_options()
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_grouped.py").write_text(GROUPED)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 6
    assert len(set(workers)) == 1, f"the group was spread over workers {sorted(set(workers))}"


ORDERED = """
import pytest


def test_slow_and_alone():
    with open("order.txt", "a") as out:
        out.write("alone\\n")


@pytest.mark.xdist_group("big")
@pytest.mark.parametrize("n", range(3))
def test_quick_in_a_group(n):
    with open("order.txt", "a") as out:
        out.write("group\\n")
"""


def test_the_work_goes_out_in_the_order_the_suite_sorts_it(tmp_path):
    """A test sorted first runs first, even before a bigger xdist group (loadgroup's own order puts
    the biggest group first): the verified site build starts at once and the other worker never
    waits for it (tests/conftest.py's FIRST)."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_ordered.py").write_text(ORDERED)
    options = [option for option in make_test_options() if option != "-n"]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "1", *options, "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "order.txt").read_text().split() == ["alone", "group", "group", "group"]
