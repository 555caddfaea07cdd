"""The proof that a course's pages are true, as a pytest plugin (entry point ``kmf_site.proof``).

Every program a page shows prints what the page says, in CPython and in Pyodide under Node (booted
from the build's memory snapshot, each program run by the browser worker's own run core); every
include resolves and every snippet is used; quiz keys, exercise messages, hints, traces, the
notebook's outputs, count words and numbers in prose agree with real runs. The checks are the
``check_*.py`` modules here, run on the project :mod:`kmf_site.proof.project` reads (its
mkdocs.yml), never on a repository's own tests: :func:`kmf_site.verification.verify` runs them.

``-p kmf_site.proof`` without the installed entry point registers this module: it re-exports the
plugin's hooks.
"""

from kmf_site.proof.plugin import pytest_addoption, pytest_collection_modifyitems, pytest_configure

__all__ = ["pytest_addoption", "pytest_collection_modifyitems", "pytest_configure"]
