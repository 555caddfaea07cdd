"""The downloaded notebook runs where it is downloaded: a reader presses "Download
notebook", opens the file in a fresh Jupyter kernel that has never heard of retrain_lab, and every
cell runs and prints what the page shows. Its first cell installs retrain_lab from the site's own
wheel, by an absolute URL: here the local server of the test build, the only place pip may reach
(PIP_NO_INDEX: no package index at all).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
UV = shutil.which("uv")


def fresh_kernel(tmp_path: Path) -> str:
    """A Python kernel in a new virtual environment with ipykernel and pip only; its name."""
    venv = tmp_path / "venv"
    subprocess.run([UV, "venv", "--quiet", "--seed", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([UV, "pip", "install", "--quiet", "--python", str(python), "ipykernel"], check=True)
    missing = subprocess.run([str(python), "-c", "import retrain_lab"], capture_output=True, text=True)
    assert "No module named 'retrain_lab'" in missing.stderr, "the fresh kernel must not have retrain_lab"
    spec = tmp_path / "jupyter" / "kernels" / "kmf-fresh"
    spec.mkdir(parents=True)
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "fresh", "language": "python"}))
    return "kmf-fresh"


def test_the_downloaded_notebook_runs_in_a_fresh_kernel(page: Page, site_url: str, tmp_path, monkeypatch):
    # make test installs uv (the Makefile's setup): without it this is a broken set-up, not a pass
    assert UV is not None, "uv is not on PATH: it makes the reader's fresh environment (run make setup)"
    page.goto(site_url + "notebook/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download notebook").click()
    path = tmp_path / "notebook.ipynb"
    download.value.save_as(path)
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    first = code[0].source
    assert "pip install -e" not in json.dumps([cell.source for cell in notebook.cells])
    url = re.search(r"%pip install --quiet (\S+)", first)
    assert url, f"the first code cell does not install retrain_lab:\n{first}"
    assert url[1].startswith(site_url) and url[1].endswith(".whl"), url[1]

    kernel = fresh_kernel(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # pip reaches the site's wheel and nothing else
    monkeypatch.setenv("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.setenv("PYTHONPATH", "")
    NotebookClient(notebook, kernel_name=kernel, timeout=120, resources={"metadata": {"path": str(tmp_path)}}).execute()

    # every cell after the install prints what the page's stored outputs show
    stored = [cell for cell in nbformat.read(ROOT / "docs" / "notebook.ipynb", as_version=4).cells]
    stored_code = [cell for cell in stored if cell.cell_type == "code"]
    assert len(code) == len(stored_code) + 1
    for number, (ran, kept) in enumerate(zip(code[1:], stored_code, strict=True), 1):
        printed = "".join(o.get("text", "") for o in ran.outputs if o.output_type == "stream")
        expected = "".join(o.get("text", "") for o in kept.outputs if o.output_type == "stream")
        assert printed == expected, f"cell {number}"
