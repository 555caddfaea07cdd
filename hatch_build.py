"""Hatch build hook: the kmf-site wheel ships its browser assets, as Material ships its own.

At ``uv build`` (or ``pip wheel``) of the plugin, puts into the wheel, under ``kmf_site/_assets/``:
``kmf/`` the front end bundled by esbuild (``src/kmf_site/web/build.mjs``: main.js, worker.js,
kmf.css and their chunks), ``pyodide/`` the pinned Pyodide's files from the npm package
(``package-lock.json``) and ``proof/run_jobs.mjs``, the proof's Pyodide harness bundled with what it
imports (``kmf_site.proof.pyodide_node`` runs it; the ``verify`` extra has the proof's Python side).
:mod:`kmf_site.runtime` copies them into a site; so a site that installs
the wheel needs neither npm packages nor this repository (Node only, to make Python's memory
snapshot). An editable install (``uv sync``) ships none: the runtime builds from the checkout.
Needs ``npm ci`` first (``make setup``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PYODIDE_FILES = [
    "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json", "package.json",
]  # fmt: skip


class AssetsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        modules = root / "node_modules"
        if not (modules / "esbuild").exists() or not (modules / "pyodide").exists():
            raise RuntimeError("node_modules/ is missing: run `npm ci` (make setup) before building the kmf-site wheel")
        self.out = Path(tempfile.mkdtemp(prefix="kmf-assets-"))
        subprocess.run(["node", str(root / "src/kmf_site/web/build.mjs"), str(self.out / "kmf")], cwd=root, check=True)
        force = build_data.setdefault("force_include", {})
        force[str(self.out / "kmf")] = "kmf_site/_assets/kmf"
        # the proof's Pyodide harness, one file with what it imports (the run core, fzstd)
        harness = self.out / "proof" / "run_jobs.mjs"
        esbuild = [str(modules / ".bin" / "esbuild"), str(root / "src/kmf_site/proof/run_jobs.mjs"), "--bundle",
                   "--platform=node", "--format=esm", "--log-level=warning", f"--outfile={harness}"]  # fmt: skip
        subprocess.run(esbuild, cwd=root, check=True)
        force[str(harness)] = "kmf_site/_assets/proof/run_jobs.mjs"
        for name in PYODIDE_FILES:
            force[str(modules / "pyodide" / name)] = f"kmf_site/_assets/pyodide/{name}"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "out", None):
            shutil.rmtree(self.out, ignore_errors=True)
