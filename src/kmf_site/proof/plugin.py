"""The proof as a pytest plugin (entry point ``kmf_site.proof``): ``--kmf-project`` names the project
to prove, its ``verify`` marker, and the order its checks run in.

``kmf_site.verification.verify`` runs it on a project: ``python -m pytest -p kmf_site.proof -c
<this folder>/pytest.ini --kmf-project ROOT <this folder>``. The checks are this folder's
``check_*.py``; nothing here reads the project's own tests or pytest settings.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kmf_site.proof import project

HERE = Path(__file__).resolve().parent
# Cheap checks first, so a run with -x (the build's) stops at a broken snippet, notebook or step
# message within seconds; those that run in Pyodide (one Node process boots it) last.
FIRST = ["check_counts.py", "check_snippets.py", "check_exercises.py", "check_notebook.py"]


def pytest_addoption(parser):
    group = parser.getgroup("kmf_site.proof", "the proof of a course's pages (kmf_site.proof)")
    group.addoption("--kmf-project", metavar="ROOT", help="the project to prove: the folder of its mkdocs.yml")
    group.addoption("--kmf-learner", metavar="PATH", help="its learner package's folder, relative to ROOT")


def pytest_configure(config):
    config.addinivalue_line("markers", "verify: proves what the pages show (the docs build runs these)")
    root = config.getoption("kmf_project", None)
    learner = config.getoption("kmf_learner", None)
    if root or learner:
        project.use(Path(root or config.invocation_params.dir), learner)
    elif not project._default:  # noqa: SLF001 (a project set by the caller stays)
        project.use(config.invocation_params.dir)


def pytest_sessionstart(session):
    """The learner package importable in this CPython, as the reader's Python has it (a course
    outside this repository need not install it), and named in a missing module's message as the
    browser's run loop names it (kmf_site.runner.PACKAGES)."""
    from kmf_site import runner

    try:
        proven = project.current()
    except project.ProjectError:
        return  # the checks report it
    if proven.learner is not None:
        if str(proven.learner.parent) not in sys.path:
            sys.path.insert(0, str(proven.learner.parent))
        runner.PACKAGES[:] = [proven.learner_name]


def _rank(item) -> tuple[int, int]:
    name = Path(str(item.path)).name
    if "pyodide" in item.nodeid.lower():
        return (2, 0)
    return (0, FIRST.index(name)) if name in FIRST else (1, 0)


def pytest_collection_modifyitems(items):
    if any(Path(str(item.path)).parent == HERE for item in items):
        ours = [item for item in items if Path(str(item.path)).parent == HERE]
        rest = [item for item in items if Path(str(item.path)).parent != HERE]
        items[:] = rest + sorted(ours, key=_rank)  # stable: each group keeps its files' order
