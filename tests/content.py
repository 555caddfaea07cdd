"""Where the programs shown on pages live, and how they are run exactly as the reader's Run does."""

from __future__ import annotations

import re
from pathlib import Path

from kmf_site import runner as kmf_runner  # the very file the browser's worker runs

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
DOCS = ROOT / "docs"

INCLUDE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"(?P<path>[^"\n]+)"', re.MULTILINE)


def programs() -> list[Path]:
    return sorted(SNIPPETS.rglob("*.py"))


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
    found: dict[Path, list[tuple[Path, int]]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text()
        for match in INCLUDE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(SNIPPETS / match["path"], []).append((page, line))
    return found
