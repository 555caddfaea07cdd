"""The ``kmf`` plugin's options (``plugins: - kmf: ...`` in mkdocs.yml), each with its default.

Environment variables override an option, never the other way round; only these are read:

- ``KMF_VERIFY`` (``all``, ``changed`` or ``off``) overrides ``verify``.
- ``KMF_NAMESPACE`` overrides ``namespace``.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

__all__ = ["ENVIRONMENT", "VERIFY_MODES", "KmfConfig", "effective", "snippets_dir"]

VERIFY_MODES = ("all", "changed", "off")
# option -> the environment variable that overrides it
ENVIRONMENT = {"verify": "KMF_VERIFY", "namespace": "KMF_NAMESPACE"}


class _Verify(c.Choice):
    """``verify``: one of VERIFY_MODES. YAML reads a bare ``off`` as false (and ``on`` as true):
    taken as ``off`` (and ``all``), as an author means them."""

    def run_validation(self, value):
        if isinstance(value, bool):
            value = "all" if value else "off"
        return super().run_validation(value)


class KmfConfig(base.Config):
    # The folder of the programs pages include (``--8<--``) and exercises name; relative to
    # mkdocs.yml. Default: the first ``base_path`` of ``pymdownx.snippets``, else ``snippets``.
    snippets = c.Optional(c.Type(str))
    # The learner's packages, shipped into the browser's package index (``import`` loads them like
    # any Pyodide package) and installed by a downloaded notebook: each a project folder (with its
    # pyproject.toml; the build makes its wheel) or a built ``.whl``, relative to mkdocs.yml.
    packages = c.ListOfItems(c.Type(str), default=[])
    # When the build proves the pages (``pytest -m verify``): ``all`` every build, ``changed`` only
    # what an edit touched (and a failure becomes a banner on every page: for ``mkdocs serve``),
    # ``off`` never. Also decides whether quiz keys are run while rendering.
    verify = _Verify(VERIFY_MODES, default="all")
    # A service worker keeps the whole site for offline reading after one visit.
    offline = c.Type(bool, default=True)
    # The service worker serves pages with COOP/COEP, so Stop interrupts Python instead of
    # restarting it (needs ``offline``; GitHub Pages cannot send these headers itself).
    cross_origin_isolation = c.Type(bool, default=True)
    # The folder of the course's own front-end widgets, relative to mkdocs.yml: each ``*.js`` in it
    # (an ES module using the plugin's public API, ``../kmf/main.js``) and each ``*.css`` is served
    # under ``assets/course/`` and loaded on every page after the plugin's own. None: no widgets.
    widgets = c.Optional(c.Type(str))
    # Seconds a program may run before it is stopped; a block's ``data-timeout`` overrides it.
    time_limit = c.Type((int, float), default=10)
    # Where the browser keeps this site's progress and caches. Default (unset): the site's URL
    # path, so two courses on one origin keep apart. When set, every page carries it as
    # ``<meta name="kmf-namespace">``.
    namespace = c.Optional(c.Type(str))

    def validate(self):
        failed, warnings = super().validate()
        if not any(name == "time_limit" for name, _ in failed) and self.time_limit <= 0:
            failed.append(("time_limit", c.ValidationError("must be a number of seconds above 0")))
        return failed, warnings


def effective(config: KmfConfig, environ: dict[str, str] | None = None) -> dict[str, object]:
    """The options as the build uses them: ``config``, then what an environment variable overrides."""
    environ = os.environ if environ is None else environ
    values = dict(config.items())
    for option, name in ENVIRONMENT.items():
        if environ.get(name):
            values[option] = environ[name]
    if values["verify"] not in VERIFY_MODES:
        raise PluginError(f"KMF_VERIFY={values['verify']!r}: expected one of {', '.join(VERIFY_MODES)}")
    return values


def snippets_dir(option: str | None, mkdocs_config) -> Path:
    """The snippets folder, absolute: the option, else pymdownx.snippets' first ``base_path``."""
    root = Path(mkdocs_config["config_file_path"]).resolve().parent
    if option:
        return root / option
    settings = (mkdocs_config.get("mdx_configs") or {}).get("pymdownx.snippets") or {}
    base_path = settings.get("base_path") or ["snippets"]
    if isinstance(base_path, str):
        base_path = [base_path]
    return root / base_path[0]
