"""The content checks a build runs first: ``pytest -m verify`` on the project.

Every snippet's output in CPython and Pyodide, every include, every quiz key, every exercise's
solution and known-mistake message. The checks live in pytest, not in the build, so a later move
to another renderer keeps all of them. A failure is reported with the first ``file:line`` pytest
names, for example ``snippets/index/model_info.py:4``.

``KMF_VERIFY=all`` (default) always checks, ``changed`` only when a source changed since the
last green check (``make serve``), ``off`` never (the tests build the site this way, having
checked separately).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

__all__ = ["VerificationFailed", "closing_line", "first_location", "sources_digest", "verify"]

log = logging.getLogger("mkdocs.hooks.kmf")
SOURCES = ["snippets", "docs", "src", "tests"]
STAMP = Path(".cache") / "kmf-verified.json"


class VerificationFailed(RuntimeError):
    """A content check failed (the message names the first file:line and what kind of failure)."""


# What each kind of failure means, by the check that found it (the first ``FAILED tests/...`` pytest
# names): the line the build closes with. The first pattern that matches the test's id wins.
KINDS = [
    (
        r"test_snippets\.py::test_snippet_output.*\.output\.txt",
        "the Output a reader sees differs from the "
        "program's .output.txt (if the change is meant: `make update-examples`, then review the diff)",
    ),
    (r"test_snippets\.py::test_snippet_output", "the program does not print what its #> lines say"),
    (r"test_snippets\.py::test_every_include_resolves", "an --8<-- include names a file that is not in snippets/"),
    (
        r"test_snippets\.py::test_every_snippet_is_used",
        "no page includes this snippet: include it in a page, or delete it",
    ),
    (
        r"test_snippets\.py::test_no_python_is_written_inline",
        "a page has Python written inline: move it to snippets/ and include it",
    ),
    (r"test_pyodide_parity\.py", "Pyodide prints something else than CPython for this program"),
    (r"test_exercises\.py::test_in_pyodide", "in Pyodide, an exercise's check says something else than in CPython"),
    (
        r"test_exercises\.py",
        "an exercise's check does not say what is written under this program (or its "
        "solution fails, or its start passes)",
    ),
    (r"test_quiz_answers\.py", "the keyed option of a quiz question is not what its program really does"),
    (r"test_traces\.py", "the golden trace differs from what the tracer gives for this program"),
    (r"test_notebook\.py", "a notebook cell's stored output differs from what the cell prints"),
    (r"test_prose_claims\.py", "a number in the prose is not what the program gives"),
    (r"test_counts\.py", "a count word in the prose disagrees with the page's blocks"),
    (r"test_program_lines\.py", "an exercise's program has a line too long for the reader's editor"),
]
UNKNOWN = "a check of the pages failed (the report above says which)"


def closing_line(report: str, where: str | None = None) -> str:
    """What kind of failure a pytest report holds, in a few words (see ``KINDS``); ``where`` is the
    file:line it names."""
    failed = re.search(r"(?m)^(?:FAILED|ERROR) (\S+)", report)
    if not failed:
        return UNKNOWN
    test = f"{failed[1]} {where or ''}"
    syntax = re.search(r"(?m)^(?:E\s+)?(?:\S+: )?(?:SyntaxError|IndentationError|TabError)\b", report)
    if syntax and "test_snippet_output" in test:
        return "the program has a syntax error at that line: fix it (no expected output is written for one)"
    for pattern, line in KINDS:
        if re.search(pattern, test):
            return line
    return UNKNOWN


def sources_digest(root: Path) -> str:
    """A digest of every file the checks read."""
    digest = hashlib.sha256()
    for top in SOURCES:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def first_location(output: str) -> str | None:
    """The first ``snippets/...:N`` or ``docs/...:N`` a pytest report names."""
    match = re.search(r"(?m)^(?:E\s+)?((?:snippets|docs)/[^\s:]+:(?:cell )?\d+)", output)
    if match:
        return match[1]
    match = re.search(r"((?:snippets|docs)/[^\s:\"']+:(?:cell )?\d+)", output)
    return match[1] if match else None


def verify(root: Path, mode: str | None = None, select: list[str] | None = None) -> None:
    """Run the checks of the project at ``root`` (see the module's docstring for ``mode``);
    ``select`` narrows them to some test files (the tests do, to prove one kind of failure)."""
    mode = mode or os.environ.get("KMF_VERIFY", "all")
    if mode == "off":
        log.info("KMF_VERIFY=off: snippets and quiz answers are not verified in this build")
        return
    stamp = root / STAMP
    digest = sources_digest(root) if mode == "changed" else None
    if digest and stamp.exists() and json.loads(stamp.read_text()).get("digest") == digest:
        log.info("Snippets unchanged since the last green verification")
        return
    log.info("Verifying every snippet in CPython and Pyodide (pytest -m verify)")
    command = [sys.executable, "-m", "pytest", "-m", "verify", "-x", "-q", "--tb=short",
               "-p", "no:cacheprovider", "--no-header",
               "--ignore=tests/e2e",  # the browser tests hold no content checks: skip importing them
               *(select or [])]  # fmt: skip
    # update mode never leaks into a check: `make update-examples` rewrites, a build only checks
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("KMF_UPDATE")}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode == 5:
        raise VerificationFailed("Verification collected no tests: is tests/ missing?")
    if done.returncode != 0:
        report = (done.stdout + done.stderr).strip()
        where = first_location(report) or "see the report above"
        sys.stderr.write(report[-6000:] + "\n")
        raise VerificationFailed(f"Verification failed at {where}: {closing_line(report, where)}.")
    if digest:
        stamp.parent.mkdir(exist_ok=True)
        stamp.write_text(json.dumps({"digest": digest}))
