"""The content checks a build runs first: ``pytest -m verify`` on the project.

Every snippet's output in CPython and Pyodide, every include, every quiz key, every exercise's
solution and known-mistake message. The checks live in pytest, not in the build, so a later move
to another renderer keeps all of them. A failure is reported with the first ``file:line`` pytest
names, for example ``snippets/index/model_info.py:4``.

``KMF_VERIFY=all`` (default) always checks, ``changed`` only what changed since the last green
check (``make serve``, see :func:`plan`), ``off`` never (the tests build the site this way, having
checked separately).

``changed`` keeps each source file's digest after a green check and looks at what an edit touched:
prose only (``docs/*.md``): the page-level checks in this process, no program is run (includes
resolve, count words); snippets: pytest on the checks whose id names those snippets (their output
in CPython and Pyodide, their exercise cases, traces) and on the pages that include them (prose
numbers), plus the page-level checks; anything else (``src/``, ``tests/``, the notebook) or no
green check yet: everything. ``make check`` and ``make build`` always check everything.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

__all__ = [
    "VerificationFailed",
    "closing_line",
    "file_digests",
    "first_location",
    "mark_green",
    "plan",
    "prose_problems",
    "sources_digest",
    "verify",
]

log = logging.getLogger("mkdocs.hooks.kmf")
SOURCES = ["snippets", "docs", "src", "tests"]
STAMP = Path(".cache") / "kmf-verified.json"


class VerificationFailed(RuntimeError):
    """A content check failed (the message names the first file:line and what kind of failure;
    ``details``: what the check said, for a page's banner under ``make serve``)."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def details_of(report: str, limit: int = 20) -> str:
    """The lines of a pytest report that say what failed (its ``E`` lines, else its last lines)."""
    said = [line[4:] if line.startswith("E   ") else line for line in report.splitlines() if line.startswith("E ")]
    return "\n".join((said or report.splitlines()[-limit:])[:limit])


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
# the test files whose checks' ids name a snippet or a page (what `make serve` re-runs after a snippet edit)
SNIPPET_CHECKS = [
    "test_snippets.py", "test_pyodide_parity.py", "test_exercises.py", "test_traces.py",
    "test_prose_claims.py", "test_quiz_answers.py",
]  # fmt: skip
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


def file_digests(root: Path) -> dict[str, str]:
    """``{path relative to root: sha256}`` of every file the checks read."""
    found = {}
    for top in SOURCES:
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def plan(changed: set[str], root: Path) -> tuple[str, list[str]]:
    """What to check after an edit of the files ``changed`` (paths relative to ``root``):
    ``("skip", [])``, ``("prose", [])`` (page-level checks only), ``("snippets", [pytest -k
    words])`` or ``("all", [])``."""
    if not changed:
        return "skip", []
    if all(fnmatch.fnmatch(path, "docs/*.md") or fnmatch.fnmatch(path, "docs/**/*.md") for path in changed):
        return "prose", []
    words = set()
    for path in changed:
        if fnmatch.fnmatch(path, "docs/*.md") or fnmatch.fnmatch(path, "docs/**/*.md"):
            continue
        if not path.startswith("snippets/"):
            return "all", []
        name = path.removeprefix("snippets/")
        if name.endswith("checks.py"):  # an exercise's checks: every case of its exercise
            words.add(name.rsplit("/", 1)[0] + "/")
            continue
        for suffix in (".output.txt", ".trace.json"):
            name = name.removesuffix(suffix) + (".py" if name.endswith(suffix) else "")
        words.add(name)
        for page, _ in _including_pages(root).get(name, []):  # its pages' prose numbers
            words.add(page)
    return "snippets", sorted(words)


def _including_pages(root: Path) -> dict[str, list[tuple[str, int]]]:
    from kmf_site.includes import includes

    found = includes(root / "docs", root / "snippets")
    return {
        path.relative_to(root / "snippets").as_posix(): [(page.relative_to(root).as_posix(), n) for page, n in pages]
        for path, pages in found.items()
    }


def prose_problems(root: Path) -> list[str]:
    """The page-level checks that run no program: every include names a file in snippets/, every
    count word agrees with its page's blocks. ``file:line: what`` for each problem."""
    from kmf_site.counts import count_claims

    problems = [
        f'{page}:{line}: --8<-- "{snippet}" names no file in snippets/'
        for snippet, pages in _including_pages(root).items()
        if not (root / "snippets" / snippet).is_file()
        for page, line in pages
    ]
    return problems + [str(claim) for claim in count_claims(root / "docs")]


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
    files = file_digests(root) if mode == "changed" else None
    kind, words = "all", []
    if files is not None:
        before = json.loads(stamp.read_text()).get("files") if stamp.exists() else None
        if before is not None:
            changed = {path for path in files.keys() | before.keys() if files.get(path) != before.get(path)}
            kind, words = plan(changed, root)
        if kind == "skip":
            log.info("Snippets unchanged since the last green verification")
            return
        if kind in ("prose", "snippets"):
            problems = prose_problems(root)
            if problems:
                sys.stderr.write("\n".join(problems) + "\n")
                where = problems[0].split(": ", 1)[0]
                kind_line = "a count word in the prose disagrees with the page's blocks"
                if "--8<--" in problems[0]:
                    kind_line = "an --8<-- include names a file that is not in snippets/"
                raise VerificationFailed(f"Verification failed at {where}: {kind_line}.", "\n".join(problems))
        if kind == "prose":
            log.info("Prose only changed: includes and count words checked, no program re-run")
            _stamp(stamp, files)
            return
        if kind == "snippets":
            log.info("Verifying what the edit touched: %s", ", ".join(words))
            # only the files whose checks are named after snippets or pages: collecting the rest costs time
            checks = [f"tests/{name}" for name in SNIPPET_CHECKS if (root / "tests" / name).is_file()]
            select = [*(select or checks), "-k", " or ".join([*words, "test_every_snippet_is_used"])]
    if kind == "all":
        log.info("Verifying every snippet in CPython and Pyodide (pytest -m verify)")
    command = [sys.executable, "-m", "pytest", "-m", "verify", "-x", "-q", "--tb=short",
               "-p", "no:cacheprovider", "--no-header",
               "--ignore=tests/e2e",  # the browser tests hold no content checks: skip importing them
               *(select or [])]  # fmt: skip
    # update mode never leaks into a check: `make update-examples` rewrites, a build only checks
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("KMF_UPDATE")}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode == 5 and kind == "snippets":  # no check names these files (a new, unused one)
        done.returncode = 0
    if done.returncode == 5:
        raise VerificationFailed("Verification collected no tests: is tests/ missing?")
    if done.returncode != 0:
        report = (done.stdout + done.stderr).strip()
        where = first_location(report) or "see the report above"
        sys.stderr.write(report[-6000:] + "\n")
        raise VerificationFailed(f"Verification failed at {where}: {closing_line(report, where)}.", details_of(report))
    if files is not None:
        _stamp(stamp, files)


def mark_green(root: Path) -> None:
    """Record the sources of ``root`` as checked (what a green check does; the tests use it on a
    copy of sources the run has already checked)."""
    _stamp(root / STAMP, file_digests(root))


def _stamp(stamp: Path, files: dict[str, str]) -> None:
    """Remember the sources of a green check (``changed`` mode compares the next edit with them)."""
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(json.dumps({"files": files}))
