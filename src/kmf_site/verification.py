"""The content checks a build runs first: the proof (:mod:`kmf_site.proof`, a pytest plugin) on the project.

Every snippet's output in CPython and Pyodide, every include, every quiz key, every exercise's
solution and known-mistake message. The checks live in this package's proof, not in the build nor
in a repository's tests/, so another site can use them and a later move to another renderer keeps
all of them. :func:`verify` runs ``python -m pytest -p kmf_site.proof -c <proof>/pytest.ini
--kmf-project ROOT <proof>``; a failure is reported with the first ``file:line`` pytest names,
for example ``snippets/index/model_info.py:4``. :func:`update_examples` runs the same checks
rewriting every expected output from real runs (``make update-examples``).

``KMF_VERIFY=all`` (default) always checks, ``changed`` only what changed since the last green
check (``make serve``, see :func:`plan`), ``off`` never (the tests build the site this way, having
checked separately).

A green check of everything (``make check``, ``make build``) or of what changed keeps each source
file's digest (``.cache/kmf-verified.json``); ``changed`` looks at what an edit touched since:
prose only (``docs/*.md``): the page-level checks in this process, no program is run (includes
resolve, count words); snippets: pytest on the checks whose id names those snippets (their output
in CPython and Pyodide, only theirs: each check's Pyodide batch runs the selected ones, their
exercise cases, traces) and on the pages that include them, plus the checks of the whole project
that run no program (every snippet used, exercise lines fit the editor, hints) and the page-level
checks; anything else (``src/``, ``tests/``, the notebook) or no green check yet: everything.
``make check`` and ``make build`` always check everything. ``python -m kmf_site.verification
--update-examples --changed`` (or ``--only PATH``) rewrites only what the same plan selects. The
pages and snippets are where the project's mkdocs.yml puts them (``docs_dir``, pymdownx.snippets'
``base_path``: :class:`kmf_site.proof.project.Project`).
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

from kmf_site.proof.project import Project, ProjectError

__all__ = [
    "VerificationFailed",
    "closing_line",
    "file_digests",
    "first_location",
    "mark_green",
    "plan",
    "prose_problems",
    "sources_digest",
    "update_examples",
    "verify",
]

log = logging.getLogger("mkdocs.plugins.kmf")
PROOF = Path(__file__).resolve().parent / "proof"  # the checks: kmf_site/proof/check_*.py
OTHER_SOURCES = ["src", "tests"]  # besides the pages and snippets: a change here re-verifies everything
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


# What each kind of failure means, by the check that found it (the first ``FAILED check_...`` pytest
# names): the line the build closes with. The first pattern that matches the test's id wins.
KINDS = [
    (
        r"check_snippets\.py::test_snippet_output.*\.output\.txt",
        "the Output a reader sees differs from the "
        "program's .output.txt (if the change is meant: `make update-examples`, then review the diff)",
    ),
    (r"check_snippets\.py::test_snippet_output", "the program does not print what its #> lines say"),
    (r"check_snippets\.py::test_every_include_resolves", "an --8<-- include names a file that is not in snippets/"),
    (
        r"check_snippets\.py::test_every_snippet_is_used",
        "no page includes this snippet: include it in a page, or delete it",
    ),
    (
        r"check_snippets\.py::test_no_python_is_written_inline",
        "a page has Python written inline: move it to snippets/ and include it",
    ),
    (r"check_pyodide_parity\.py", "Pyodide prints something else than CPython for this program"),
    (r"check_exercises\.py::test_in_pyodide", "in Pyodide, an exercise's check says something else than in CPython"),
    (
        r"check_exercises\.py",
        "an exercise's check does not say what is written under this program (or its "
        "solution fails, or its start passes)",
    ),
    (r"check_quiz_answers\.py", "the keyed option of a quiz question is not what its program really does"),
    (r"check_traces\.py", "the golden trace differs from what the tracer gives for this program"),
    (r"check_notebook\.py", "a notebook cell's stored output differs from what the cell prints"),
    (r"check_prose_claims\.py", "a number in the prose is not what the program gives"),
    (r"check_counts\.py", "a count word in the prose disagrees with the page's blocks"),
    (r"check_program_lines\.py", "an exercise's program has a line too long for the reader's editor"),
    (r"check_hints\.py", "a hint or Why it works shows code or names that its solution does not have"),
    (r"check_cheat_sheet\.py", "a cron line or worked number on the page is not what it computes"),
    (r"check_expected_output\.py", "the browser's Expected panel reads a program's output lines differently"),
]
# the proof's files whose checks' ids name a snippet or a page (what `make serve` re-runs after a snippet
# edit), and the checks of the whole project among them that run no program (cheap: always re-run)
SNIPPET_CHECKS = [
    "check_snippets.py", "check_pyodide_parity.py", "check_exercises.py", "check_traces.py",
    "check_prose_claims.py", "check_quiz_answers.py", "check_program_lines.py", "check_hints.py",
]  # fmt: skip
ALWAYS = [
    "test_every_snippet_is_used", "test_every_line_a_reader_edits_fits_the_editor",
    "test_hints_show_true_steps_and_real_names",
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


def _sources(root: Path) -> list[str]:
    """The folders the checks read, relative to ``root``: the pages, the snippets, src/ and tests/."""
    try:
        project = Project.at(root)
        pages = [project.rel(project.docs), project.rel(project.snippets)]
    except ProjectError:
        pages = []
    return [*pages, *OTHER_SOURCES]


def _pages_and_snippets(root: Path) -> tuple[str, str]:
    project = Project.at(root)
    return project.rel(project.docs), project.rel(project.snippets)


def file_digests(root: Path) -> dict[str, str]:
    """``{path relative to root: sha256}`` of every file the checks read."""
    found = {}
    for top in _sources(root):
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
    docs, snippets = _pages_and_snippets(root)

    def page(path: str) -> bool:
        return fnmatch.fnmatch(path, f"{docs}/*.md") or fnmatch.fnmatch(path, f"{docs}/**/*.md")

    if all(page(path) for path in changed):
        return "prose", []
    words = set()
    for path in changed:
        if page(path):
            continue
        if not path.startswith(f"{snippets}/"):
            return "all", []
        name = path.removeprefix(f"{snippets}/")
        if name.endswith("checks.py"):  # an exercise's checks: every case of the exercises using it
            words |= _exercise_words(root, name) or {name.rsplit("/", 1)[0] + "/"}
            continue
        for suffix in (".output.txt", ".trace.json"):
            name = name.removesuffix(suffix) + (".py" if name.endswith(suffix) else "")
        words.add(name)
        for including, _ in _including_pages(root).get(name, []):  # its pages' prose numbers
            words.add(including)
    return "snippets", sorted(words)


def _exercise_words(root: Path, checks: str) -> set[str]:
    """The -k words of every case of the exercises whose ``checks:`` is ``checks``: their
    solution, accepted and mistake files, and their start (its case is named after the exercise)."""
    from kmf_site.exercise.syntax import ExerciseError
    from kmf_site.exercise.verify import all_exercises

    project = Project.at(root)
    try:
        exercises = all_exercises(project.docs, project.snippets)
    except ExerciseError:
        return set()  # a malformed block: the build names it, and the whole exercise set runs
    words = set()
    for exercise in exercises:
        if exercise.checks == checks:
            words |= {exercise.solution, exercise.id, *filter(None, [exercise.mistakes, exercise.accepted])}
    return words


def _including_pages(root: Path) -> dict[str, list[tuple[str, int]]]:
    from kmf_site.includes import includes

    project = Project.at(root)
    found = includes(project.docs, project.snippets)
    return {
        path.relative_to(project.snippets).as_posix(): [(project.rel(page), n) for page, n in pages]
        for path, pages in found.items()
    }


def prose_problems(root: Path) -> list[str]:
    """The page-level checks that run no program: every include names a file in snippets/, every
    count word agrees with its page's blocks. ``file:line: what`` for each problem."""
    from kmf_site.counts import count_claims

    project = Project.at(root)
    problems = [
        f'{page}:{line}: --8<-- "{snippet}" names no file in {project.rel(project.snippets)}/'
        for snippet, pages in _including_pages(root).items()
        if not (project.snippets / snippet).is_file()
        for page, line in pages
    ]
    return problems + [str(claim) for claim in count_claims(project.docs)]


def sources_digest(root: Path) -> str:
    """A digest of every file the checks read."""
    digest = hashlib.sha256()
    for top in _sources(root):
        for path in sorted((root / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def first_location(output: str, folders: tuple[str, ...] = ("snippets", "docs")) -> str | None:
    """The first ``snippets/...:N`` or ``docs/...:N`` a pytest report names (``folders``: the
    project's snippets and pages, as mkdocs.yml names them)."""
    within = "|".join(re.escape(folder) for folder in folders)
    match = re.search(rf"(?m)^(?:E\s+)?((?:{within})/[^\s:]+:(?:cell )?\d+)", output)
    if match:
        return match[1]
    # not inside another path (pytest_examples/run_code.py is no examples/ file)
    anywhere = rf"(?<![\w/.-])((?:{within})/[^\s:\"']+:(?:cell )?\d+)"
    said = re.search(rf"(?m)^E .*?{anywhere}", output)  # what the check said, before a test's id
    match = said or re.search(anywhere, output)
    return match[1] if match else None


def proof_command(root: Path, select: list[str] | None = None, *options: str) -> list[str]:
    """The pytest command line that runs the proof on the project at ``root``: the package's checks
    (``select``: some of them, by file name ``check_snippets.py[::test]``, and pytest arguments such
    as ``-k``), with the proof's own pytest settings, never the project's tests/ or conftest.py."""
    chosen = [str(PROOF / item) if (PROOF / item.split("::")[0]).is_file() else item for item in select or []]
    if not any(item.startswith(str(PROOF)) for item in chosen):
        chosen.append(str(PROOF))
    return [sys.executable, "-m", "pytest", "-p", "kmf_site.proof", "-c", str(PROOF / "pytest.ini"),
            "--rootdir", str(PROOF), "--kmf-project", str(root), "-q", "--no-header", *options,
            *chosen]  # fmt: skip


def narrowed(words: list[str], select: list[str] | None = None) -> list[str]:
    """The proof's files and ``-k`` expression that check what an edit touched (``words``, from
    :func:`plan`), and the project-wide checks that run no program."""
    return [*(select or SNIPPET_CHECKS), "-k", " or ".join([*words, *ALWAYS])]


def _green_files(root: Path) -> dict[str, str] | None:
    stamp = Path(root) / STAMP
    return json.loads(stamp.read_text()).get("files") if stamp.exists() else None


def _differences(files: dict[str, str], before: dict[str, str]) -> set[str]:
    return {path for path in files.keys() | before.keys() if files.get(path) != before.get(path)}


def changed_since_green(root: Path) -> set[str] | None:
    """The sources changed since the last green check of the whole project (``make check``, ``make
    build``, ``make serve``), relative to ``root``; None when there was none."""
    before = _green_files(root)
    return None if before is None else _differences(file_digests(Path(root)), before)


def _run_proof(root: Path, command: list[str]) -> subprocess.CompletedProcess:
    # update mode never leaks into a check: `make update-examples` rewrites, a build only checks
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS" and not k.startswith("KMF_UPDATE")}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def verify(
    root: Path, mode: str | None = None, select: list[str] | None = None, changed: set[str] | None = None
) -> None:
    """Run the proof on the project at ``root`` (the folder of its mkdocs.yml; see the module's
    docstring for ``mode``); ``select`` narrows it to some of the proof's files, by name
    (``["check_snippets.py"]``; the tests do, to prove one kind of failure); ``changed`` (paths
    relative to ``root``) checks only what those files reach, as :func:`plan` decides (``--only``).
    A green run of everything, or of what changed since the last green run, is remembered
    (``.cache/kmf-verified.json``: ``changed`` mode and ``--changed`` start from it). Raises
    :class:`VerificationFailed` naming the first ``file:line`` and what kind of failure it is."""
    root = Path(root).resolve()
    mode = mode or os.environ.get("KMF_VERIFY", "all")
    if mode == "off":
        log.info("KMF_VERIFY=off: snippets and quiz answers are not verified in this build")
        return
    try:
        project = Project.at(root)
    except ProjectError as error:
        raise VerificationFailed(f"Verification found no project to prove: {error}") from None
    stamp = root / STAMP
    # the sources as this run sees them, remembered if it is green and checks the whole project
    files = file_digests(root) if select is None and changed is None else None
    kind, words = "all", []
    if changed is not None:
        kind, words = plan(changed, root)
    elif mode == "changed":
        before = _green_files(root)
        if before is not None:
            kind, words = plan(_differences(files, before), root)
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
                kind_line = f"an --8<-- include names a file that is not in {project.rel(project.snippets)}/"
            raise VerificationFailed(f"Verification failed at {where}: {kind_line}.", "\n".join(problems))
    if kind == "prose":
        log.info("Prose only changed: includes and count words checked, no program re-run")
        if files is not None:
            _stamp(stamp, files)
        return
    if kind == "snippets":
        log.info("Verifying what the edit touched: %s", ", ".join(words))
        # only the files whose checks are named after snippets or pages: collecting the rest costs time
        select = narrowed(words, select)
    if kind == "all":
        log.info("Verifying every snippet in CPython and Pyodide (kmf_site.proof)")
    done = _run_proof(root, proof_command(root, select, "-m", "verify", "-x", "--tb=short"))
    if done.returncode == 5 and kind == "snippets":  # no check names these files (a new, unused one)
        done.returncode = 0
    if done.returncode == 5:
        raise VerificationFailed("Verification collected no checks: is kmf_site.proof installed?")
    if done.returncode != 0:
        report = (done.stdout + done.stderr).strip()
        where = first_location(report, (project.rel(project.snippets), project.rel(project.docs)))
        where = where or "see the report above"
        sys.stderr.write(report[-6000:] + "\n")
        raise VerificationFailed(f"Verification failed at {where}: {closing_line(report, where)}.", details_of(report))
    if files is not None:
        _stamp(stamp, files)


def update_examples(
    root: Path, select: list[str] | None = None, changed: set[str] | None = None
) -> subprocess.CompletedProcess:
    """``make update-examples``: the proof on the project at ``root`` with ``--update-examples``,
    which rewrites every expected output (``#>`` lines, ``.output.txt``, golden traces, the
    notebook's outputs, known mistakes' messages) from real runs. It still fails, naming the
    program, where it must not write a run in (a syntax error, a program not meant to fail).

    ``changed`` (paths relative to ``root``): rewrite only what those files reach, as
    :func:`plan` decides for ``make serve`` (a snippet: its outputs, its exercises' messages, its
    trace; pages only: nothing to rewrite; ``src/``, ``tests/``, the notebook: everything)."""
    root = Path(root).resolve()
    if changed is not None:
        kind, words = plan(changed, root)
        if kind in ("skip", "prose"):
            said = "nothing changed" if kind == "skip" else "pages only changed: no program's output to rewrite"
            return subprocess.CompletedProcess([], 0, f"update-examples: {said}\n", "")
        if kind == "snippets":
            select = narrowed(words, select)
    return _run_proof(root, proof_command(root, select, "-m", "verify", "--update-examples"))


def main(argv: list[str] | None = None) -> int:
    """``python -m kmf_site.verification [--update-examples] [--changed | --only PATH ...] [ROOT]``:
    verify (or update) a project; see ``--help``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m kmf_site.verification", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", default=".", help="the project: the folder of its mkdocs.yml")
    parser.add_argument("--update-examples", action="store_true", help="rewrite expected outputs from real runs")
    narrow = parser.add_mutually_exclusive_group()
    narrow.add_argument(
        "--changed",
        action="store_true",
        help="only what changed since the last green check of the whole project (make check, make build)",
    )
    narrow.add_argument(
        "--only",
        action="append",
        metavar="PATH",
        help="only what these files reach (a snippet, its folder, a page), relative to ROOT; repeatable",
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    root = Path(args.root).resolve()
    changed = None
    if args.only:
        changed = set()
        for path in args.only:
            found = (root / path).resolve()
            if not found.exists():
                parser.error(f"--only {path}: no such file or folder in {root}")
            files = sorted(p for p in found.rglob("*") if p.is_file()) if found.is_dir() else [found]
            changed |= {p.relative_to(root).as_posix() for p in files if "__pycache__" not in p.parts}
    elif args.changed:
        changed = changed_since_green(root)
        if changed is None:
            sys.stderr.write("No green check of the whole project yet: everything is run\n")
    if args.update_examples:
        done = update_examples(root, changed=changed)
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        return done.returncode
    try:
        if args.only:
            verify(root, "changed", changed=changed)
        else:
            verify(root, "changed" if args.changed else os.environ.get("KMF_VERIFY", "all"))
    except VerificationFailed as failure:
        sys.stderr.write(f"{failure}\n")
        return 1
    return 0


def mark_green(root: Path) -> None:
    """Record the sources of ``root`` as checked (what a green check does; the tests use it on a
    copy of sources the run has already checked)."""
    _stamp(root / STAMP, file_digests(root))


def _stamp(stamp: Path, files: dict[str, str]) -> None:
    """Remember the sources of a green check (``changed`` mode compares the next edit with them)."""
    stamp.parent.mkdir(exist_ok=True)
    stamp.write_text(json.dumps({"files": files}))


if __name__ == "__main__":
    sys.exit(main())
