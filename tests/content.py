"""Where the programs shown on pages live, and how they are run exactly as the reader's Run does."""

from __future__ import annotations

from pathlib import Path

from kmf_site import runner as kmf_runner  # the very file the browser's worker runs
from kmf_site.exercise.verify import all_exercises
from kmf_site.includes import includes as _includes

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"


def exercise_files(only: bool = False) -> set[Path]:
    """The files exercise blocks name (start, solution, checks, mistakes); with ``only``, just the
    checks and known mistakes, which no page shows as a program (tests/test_exercises.py proves them)."""
    found = set()
    for exercise in all_exercises(DOCS, SNIPPETS):
        found |= {SNIPPETS / exercise.checks, *exercise.mistake_files(SNIPPETS)}
        if not only:
            found |= {SNIPPETS / exercise.start, SNIPPETS / exercise.solution}
    return found


def programs() -> list[Path]:
    """Every program a page shows (not the exercises' checks and known mistakes)."""
    skip = exercise_files(only=True)
    return sorted(path for path in SNIPPETS.rglob("*.py") if path not in skip)


def golden(path: Path) -> Path:
    """The exact Output a reader sees for a program that is meant to fail (or has no #> lines)."""
    return path.with_suffix(".output.txt")


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def run_like_the_browser(code: str, filename: str) -> tuple[str, str, int]:
    """Run through kmf_runner in this CPython; return (stdout, both streams interleaved, status)."""
    result = kmf_runner.capture(code, filename)
    return result["stdout"], result["output"], result["status"]


def includes() -> dict[Path, list[tuple[Path, int]]]:
    """Every `--8<--` include in docs/: {snippet file: [(page, line), ...]}."""
    return _includes(DOCS, SNIPPETS)
