""".ci/run runs `make test`, fails when it fails, and fails when the tests changed snippets/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def ci_run(tmp_path: Path, test_recipe: str) -> subprocess.CompletedProcess:
    """.ci/run in a fresh git repository whose `make test` runs ``test_recipe``."""
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", repo / ".ci" / "run")
    (repo / "snippets").mkdir()
    (repo / "snippets" / "a.py").write_text("print(1)\n#> 1\n")
    (repo / "Makefile").write_text(f"test:\n\t{test_recipe}\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "init.defaultBranch=main"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "start"]):
        subprocess.run([*git, *command], cwd=repo, check=True, capture_output=True)
    return subprocess.run([str(repo / ".ci" / "run")], cwd=repo, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("recipe", "passes"),
    [
        ("@echo tests pass", True),
        ("@exit 1", False),  # a failing suite fails CI
        ("@echo '#> 2' >> snippets/a.py", False),  # the tests rewrote an expected output
        ("@echo 'x' > snippets/a.output.txt", False),  # ... or created a golden file
    ],
)
def test_ci_run(tmp_path, recipe, passes):
    done = ci_run(tmp_path, recipe)
    assert (done.returncode == 0) == passes, done.stdout + done.stderr
