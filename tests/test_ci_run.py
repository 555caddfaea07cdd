""".ci/run runs `make test`, fails when it fails, fails when the tests changed snippets/, and
builds from nothing: the project's own caches live in folders the run owns, emptied first."""

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


FRESH = (
    '@for d in "$$KMF_CACHE_DIR" "$$TMPDIR"; do '
    'case "$$d" in "$$PWD"/*) ;; *) echo "$$d: not the run\'s"; exit 1;; esac; '
    '[ -d "$$d" ] && [ -z "$$(ls -A "$$d")" ] || { echo "$$d: not empty"; exit 1; }; done; '
    "python3 -c \"import tempfile, os; assert tempfile.gettempdir() == os.environ['TMPDIR']\"; "
    'touch "$$KMF_CACHE_DIR/left-by-the-last-run"'
)


@pytest.mark.parametrize(
    ("recipe", "passes"),
    [
        ("@echo tests pass", True),
        ("@exit 1", False),  # a failing suite fails CI
        ("@echo '#> 2' >> snippets/a.py", False),  # the tests rewrote an expected output
        ("@echo 'x' > snippets/a.output.txt", False),  # ... or created a golden file
        # the snapshot cache ($KMF_CACHE_DIR) and the temporary folder (the tests' Pyodide package
        # index) are the run's own, inside the clone, and empty when the suite starts
        pytest.param(FRESH, True, id="fresh-caches"),
    ],
)
def test_ci_run(tmp_path, recipe, passes):
    done = ci_run(tmp_path, recipe)
    assert (done.returncode == 0) == passes, done.stdout + done.stderr


def test_a_second_ci_run_starts_from_empty_caches_again(tmp_path):
    first = ci_run(tmp_path, FRESH)
    assert first.returncode == 0, first.stdout + first.stderr
    again = subprocess.run([str(tmp_path / "repo" / ".ci" / "run")], capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stdout + again.stderr  # what the first run left was emptied
