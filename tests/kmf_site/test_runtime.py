"""kmf_site/runtime.py: the browser gets our bundle, the runner, Pyodide and a wheel of retrain_lab only."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from kmf_site import runtime

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    runtime.install(ROOT, site)
    return site


def test_the_wheel_holds_retrain_lab_and_nothing_else(site):
    (wheel,) = (site / "pyodide").glob("retrain_lab-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert packages == {"retrain_lab"}
    assert "retrain_lab/drift.py" in names
    assert not any("kmf_site" in name or name.endswith("steps.py") for name in names)


def test_the_site_gets_the_bundle_the_runner_and_pyodide(site):
    for needed in ["assets/kmf/main.js", "assets/kmf/worker.js", "pyodide/pyodide.mjs", "pyodide/python_stdlib.zip"]:
        assert (site / needed).is_file(), needed
    assert (site / "assets" / "kmf_runner.py").read_text() == runtime.RUNNER.read_text()
    lock = json.loads((site / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"]["retrain-lab"]["file_name"].startswith("retrain_lab-")


def test_without_node_modules_it_says_what_to_run(tmp_path):
    with pytest.raises(runtime.RuntimeMissing, match="run `npm ci`"):
        runtime.install(tmp_path, tmp_path / "site")
