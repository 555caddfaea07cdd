"""An exercise's check program: the one piece of Python that judges a learner's run.

Check runs the learner's program through the runner, then this program in the same interpreter
with the run's ``ns`` (globals), ``stdout``, ``stderr`` and ``error``; it assigns ``result``. The
build writes it to ``site/assets/kmf/checks/<page>/<id>.py`` for the browser's worker, and the
verification runs the very same text in CPython and in Pyodide: it is assembled here, once.

It carries the engine's source (:mod:`kmf_site.exercise.checks`), because the browser has no
``kmf_site`` package, and the exercise's checks file, loaded as a module (so it can
``from kmf_site.exercise.checks import ...``); both are loaded once per interpreter.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kmf_site.exercise.syntax import Exercise

__all__ = ["ENGINE", "check_program"]

ENGINE = Path(__file__).with_name("checks.py")

TEMPLATE = """\
# The check of exercise {id!r} on {page}, run after the learner's program (kmf_site.exercise.program).
import sys as _sys
import types as _types


def _kmf_load(name, source, filename):
    module = _types.ModuleType(name)
    module.__file__ = filename
    _sys.modules[name] = module
    exec(compile(source, filename, "exec"), module.__dict__)
    return module


_kmf_engine = _sys.modules.get("kmf_site.exercise.checks")
if _kmf_engine is None:
    try:
        import importlib as _importlib

        _kmf_engine = _importlib.import_module("kmf_site.exercise.checks")
    except ImportError:  # in the browser: no kmf_site package, so the engine comes from its source
        for _kmf_name in ("kmf_site", "kmf_site.exercise"):
            _sys.modules.setdefault(_kmf_name, _types.ModuleType(_kmf_name)).__path__ = []
        _kmf_engine = _kmf_load("kmf_site.exercise.checks", {engine!r}, "kmf_site/exercise/checks.py")
_kmf_checks = _sys.modules.get({module!r}) or _kmf_load({module!r}, {checks!r}, {checks_name!r})
result = _kmf_engine.grade(_kmf_checks, {function!r}, ns, stdout, error, {file!r})
"""


def check_program(exercise: Exercise, snippets: Path) -> str:
    """The check program of ``exercise``, whose files are under ``snippets``."""
    checks = (Path(snippets) / exercise.checks).read_text(encoding="utf-8")
    digest = hashlib.sha256(checks.encode()).hexdigest()[:16]
    return TEMPLATE.format(
        id=exercise.id,
        page=exercise.path,
        engine=ENGINE.read_text(encoding="utf-8"),
        module=f"kmf_checks_{digest}",
        checks=checks,
        checks_name=exercise.checks,
        function=exercise.check,
        file=exercise.file,
    )
