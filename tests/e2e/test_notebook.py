"""The notebook page (/notebook/) in Chromium: Run all runs every cell in order in one namespace
and prints the stored outputs; a cell run out of order fails like in Jupyter; the download is
the notebook itself, valid nbformat 4."""

from __future__ import annotations

import re

import nbformat
import pytest
from playwright.sync_api import Page, expect

from content import DOCS
from runnable import PYTHON_READY_MS, SAVED, STORE, axe_in_both_schemes, click_into, editor, output, run

NOTEBOOK = DOCS / "notebook.ipynb"


def code_cells():
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def stored_output(cell) -> str:
    return "".join(out.text for out in cell.outputs if out.output_type == "stream")


def widget(page: Page, number: int):
    return page.locator(".kmf-nb-cell").filter(has=page.get_by_role("textbox", name=f"Python code: cell {number}"))


@pytest.fixture
def notebook(page, site_url):
    page.goto(site_url + "notebook/")
    return page


def test_run_all_runs_every_cell_in_order_with_the_stored_outputs(notebook):
    cells = code_cells()
    assert len(cells) >= 5
    notebook.get_by_role("button", name="Run all").click()
    expect(notebook.get_by_role("status").filter(has_text="Ran all")).to_have_text(
        re.compile(rf"^Ran all {len(cells)} cells in order without an error"), timeout=4 * PYTHON_READY_MS
    )
    for number, cell in enumerate(cells, 1):
        expect(editor(widget(notebook, number))).to_have_text(cell.source.replace("\n", ""))
        expect(output(widget(notebook, number))).to_have_text(stored_output(cell))
    saved = notebook.evaluate(SAVED, STORE + "progress:notebook")
    assert saved == {"done": True, "count": len(cells), "text": f"{len(cells)} of {len(cells)} cells run"}


def test_cells_share_one_namespace_and_run_all_starts_a_fresh_one(notebook):
    second = widget(notebook, 2)
    run(second)  # uses `train` imported by cell 1, which has not run yet: as in Jupyter
    expect(output(second)).to_contain_text("NameError: name 'train' is not defined")
    expect(output(second)).to_contain_text('File "cell 2", line 1')
    run(widget(notebook, 1))
    run(second)
    expect(output(second)).to_have_text(stored_output(code_cells()[1]))
    # Run all begins from an empty namespace, so a name defined by hand earlier is gone
    first = widget(notebook, 1)
    click_into(editor(first))
    notebook.keyboard.press("Control+End")
    notebook.keyboard.insert_text("\nleftover = 1")
    run(first)
    notebook.get_by_role("button", name="Run all").click()
    expect(notebook.get_by_role("status").filter(has_text="Ran all")).to_be_visible(timeout=4 * PYTHON_READY_MS)
    check = widget(notebook, 3)
    click_into(editor(check))
    notebook.keyboard.press("Control+a")
    notebook.keyboard.insert_text("print('leftover' in globals(), 'stream' in globals())")
    run(check)
    expect(output(check)).to_have_text("True True\n")  # Run all ran the edited cell 1 again


def test_download_is_the_notebook_valid_nbformat_4(notebook):
    link = notebook.get_by_role("link", name="Download notebook")
    with notebook.expect_download() as info:
        link.click()
    path = info.value.path()
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert len([c for c in nb.cells if c.cell_type == "code"]) >= 5
    # the committed notebook, plus one first code cell that installs retrain_lab from this site
    # (src/kmf_site/plugin/notebook.py; tests/e2e/test_notebook_download.py runs it)
    committed = nbformat.read(NOTEBOOK, as_version=4)
    assert [c for c in nb.cells if c.get("id") != "install-retrain-lab"] == committed.cells
    assert next(c for c in nb.cells if c.cell_type == "code").id == "install-retrain-lab"
    assert info.value.suggested_filename == "notebook.ipynb"


def test_no_accessibility_violations_after_run_all(page, site_url):
    """axe-core on the notebook with every cell's live output shown, light then dark
    (test_site covers it before)."""
    page.emulate_media(color_scheme="light")
    page.goto(site_url + "notebook/")
    page.get_by_role("button", name="Run all").click()
    expect(page.get_by_role("status").filter(has_text="Ran all")).to_be_visible(timeout=4 * PYTHON_READY_MS)
    axe_in_both_schemes(page, "notebook")
