"""The project's own Python (not the snippets, which pytest-examples lints) passes ruff: lint and format."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean(command):
    """What pre-commit's ruff hooks and CI ask: `uv run ruff format .` fixes a format failure."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "src", "tests", "tools", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
