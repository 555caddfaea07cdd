"""Each notebook in the pages (docs/notebook.ipynb) is a valid nbformat-4 notebook whose stored
outputs are what its cells really print: in Jupyter (nbclient + ipykernel, as a reader who
downloads it runs it) and in the browser's Python (Pyodide under Node, every cell in one
namespace, as the page's Run all does).

A stored output that differs fails with ``docs/notebook.ipynb:cell N``, N counting code cells
(the ``In [N]`` Jupyter shows after a run from the top); ``make update-examples`` re-executes the
notebook in Jupyter and rewrites its outputs.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kmf_site.proof.project import current
from kmf_site.proof.pyodide_node import run_in_pyodide

pytestmark = pytest.mark.verify
NOTEBOOKS = sorted(current().docs.rglob("*.ipynb"))


@pytest.fixture(params=NOTEBOOKS, ids=lambda path: current().rel(path))
def notebook(request) -> Path:
    return request.param


def read(notebook: Path) -> nbformat.NotebookNode:
    return nbformat.read(notebook, as_version=4)


def where(notebook: Path) -> str:
    """How a failure names the notebook (``docs/notebook.ipynb``)."""
    return current().rel(notebook)


def code_cells(nb) -> list:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def printed(outputs) -> str:
    """What a cell shows: its stream outputs, in order (the only kind this notebook may have)."""
    return "".join(out.text for out in outputs if out.output_type == "stream")


def browser_filename(number: int) -> str:
    """The file name tracebacks show for code cell `number` on the page (src/kmf_site/web/notebook.js)."""
    return f"cell {number}"


@functools.cache
def executed_in_jupyter(notebook: Path) -> nbformat.NotebookNode:
    nb = copy.deepcopy(read(notebook))
    client = NotebookClient(
        nb, kernel_name="python3", timeout=300, record_timing=False,
        resources={"metadata": {"path": str(current().root)}},
    )  # fmt: skip
    client.execute()
    return nb


def coalesced(outputs) -> list:
    """Consecutive stream outputs of one stream merged, as nbconvert's coalesce_streams does."""
    merged = []
    for out in outputs:
        last = merged[-1] if merged else None
        if last and out.output_type == last.output_type == "stream" and last.name == out.name:
            last.text += out.text
        else:
            merged.append(copy.deepcopy(out))
    return merged


def test_notebook_is_valid_nbformat_4(notebook):
    nb, at = read(notebook), where(notebook)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.kernelspec.name == "python3"
    assert "widgets" not in nb.metadata  # no third-party widget scripts on the page
    cells = code_cells(nb)
    assert cells, f"{at}:cell 1: a notebook without code cells"
    for number, cell in enumerate(cells, 1):
        assert cell.execution_count == number, f"{at}:cell {number}: run the notebook from the top"
        for out in cell.outputs:
            assert out.output_type == "stream" and out.name == "stdout", (
                f"{at}:cell {number}: only printed output (print) can be checked in the browser; "
                f"found {out.output_type} {out.get('name', '')}"
            )


def test_stored_outputs_are_what_jupyter_prints(notebook, request):
    update = request.config.getoption("update_examples", default=False)
    nb, ran, at = read(notebook), executed_in_jupyter(notebook), where(notebook)
    if update:
        for number, (cell, fresh) in enumerate(zip(code_cells(nb), code_cells(ran), strict=True), 1):
            cell.outputs = coalesced(fresh.outputs)
            cell.execution_count = number
            for out in cell.outputs:
                out.pop("execution_count", None) if out.output_type == "stream" else None
        nbformat.write(nb, notebook)
        nb = read(notebook)
    for number, (cell, fresh) in enumerate(zip(code_cells(nb), code_cells(ran), strict=True), 1):
        errors = [out for out in fresh.outputs if out.output_type == "error"]
        assert not errors, f"{at}:cell {number}: raises {errors[0].ename}: {errors[0].evalue}"
        assert printed(cell.outputs) == printed(fresh.outputs), (
            f"{at}:cell {number}: the stored output differs from what Jupyter prints "
            f"(run `make update-examples` if the change is intended)\n"
            f"--- stored\n{printed(cell.outputs)}--- Jupyter\n{printed(fresh.outputs)}"
        )


def test_stored_outputs_are_what_the_browser_prints_in_one_namespace(notebook):
    cells, at = code_cells(read(notebook)), where(notebook)
    jobs = [
        {"code": cell.source, "filename": browser_filename(number), "session": "notebook"}
        for number, cell in enumerate(cells, 1)
    ]
    for number, (cell, got) in enumerate(zip(cells, run_in_pyodide(jobs), strict=True), 1):
        assert got["status"] == 0, f"{at}:cell {number}: fails in Pyodide:\n{got['output']}"
        assert got["output"] == printed(cell.outputs), (
            f"{at}:cell {number}: Pyodide prints something else than the stored output\n"
            f"--- stored\n{printed(cell.outputs)}--- Pyodide\n{got['output']}"
        )
