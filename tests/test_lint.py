"""The project's Python passes ruff: lint and format for src/, tests/, tools/ and bench/; lint for
the snippets too, with the rules pyproject.toml gives teaching programs (E, W, F, I, B, UP; long
#> output lines allowed; F821 only for programs meant to fail; known mistakes not linted)."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["ruff"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean(command):
    """What pre-commit's ruff hooks and CI ask: `uv run ruff format .` fixes a format failure."""
    paths = ["src", "tests", "tools", "bench"] + (["snippets"] if command == ["check"] else [])
    done = subprocess.run([sys.executable, "-m", "ruff", *command, *paths], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_f821_is_ignored_only_for_programs_meant_to_fail():
    ignored = [path for path, rules in RUFF["lint"]["per-file-ignores"].items() if "F821" in rules]
    assert ignored
    for path in ignored:
        assert "*" not in path, f"{path}: name each program meant to fail, not a pattern"
        assert (ROOT / path).with_suffix(".output.txt").is_file(), f"{path} has no .output.txt: it is not meant to fail"


def test_a_snippet_is_linted_naming_its_file_and_line(tmp_path):
    """An unused import and an undefined name in a program that works are reported (make check)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "snippets", project / "snippets")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / "snippets" / "concepts" / "planted.py").write_text("import os\n\nprint(versoin)\n")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "snippets"],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    found = set(re.findall(r"(snippets/\S+?:\d+):\d+: (\w+)", done.stdout))
    assert found == {("snippets/concepts/planted.py:1", "F401"), ("snippets/concepts/planted.py:3", "F821")}, (
        done.stdout
    )
