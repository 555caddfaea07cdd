"""`make check` runs the browser-free tests a page or snippet can break (marker `content`) besides
the verified build, so a change that `make test` would reject fails in the quick loop already."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from project_copy import copy_project

ROOT = Path(__file__).resolve().parents[1]


def check_pytest_command() -> list[str]:
    """The pytest line of the Makefile's `check` recipe."""
    recipe = re.search(r"(?ms)^check:.*?\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text())[1]
    line = next(line for line in recipe.splitlines() if " pytest " in line)
    return [sys.executable, "-m", *shlex.split(line.split("$(UV) run ", 1)[1])]


def test_make_check_runs_the_content_tests_and_they_catch_a_broken_hub(tmp_path):
    command = check_pytest_command()
    assert command[command.index("-m", 3) + 1] == "content" and "--ignore=tests/e2e" in command
    project = copy_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]
    ran = int(re.search(r"(\d+) passed", done.stdout)[1])
    assert ran >= 10, done.stdout[-2000:]
    index = project / "docs" / "index.md"  # a card lost: the hub no longer matches the site
    index.write_text(index.read_text().replace("-   [Practice](practice.md)", "-   [Practice](cheat-sheet.md)"))
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "test_hub_cards.py" in done.stdout, done.stdout[-3000:]
