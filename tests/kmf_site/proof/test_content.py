"""kmf_site/proof/content.py: the programs a page shows, found where the project's mkdocs.yml puts
them (its helpers that judge output are shown failing in tests/test_proof.py)."""

from __future__ import annotations

from content import ROOT
from kmf_site.proof import project
from kmf_site.proof.content import auto_appended, exercise_files, golden, programs, rel

pytest_plugins = ("pytester",)


def test_programs_are_the_snippets_the_pages_show_not_the_exercises_checks():
    found = programs()
    assert ROOT / "snippets" / "index" / "model_info.py" in found
    assert ROOT / "snippets" / "steps" / "checks.py" not in found  # an exercise's checks
    assert not set(found) & exercise_files(only=True)
    assert rel(found[0]).startswith("snippets/")
    assert golden(ROOT / "snippets" / "a.py") == ROOT / "snippets" / "a.output.txt"


def test_another_layout_is_read_from_its_mkdocs_yml(tmp_path):
    """A project whose pages are in pages/ and whose programs are in examples/ (its snippets'
    base_path), with no tests/ folder: its programs and appended files are found there."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "index.md").write_text('# Home\n\n```python\n--8<-- "hello.py"\n```\n')
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "hello.py").write_text("print('hello')\n#> hello\n")
    (tmp_path / "examples" / "terms.md").write_text("*[MLOps]: machine learning operations\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Other\ndocs_dir: pages\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: [examples]\n      auto_append: [terms.md]\n"
    )
    try:
        project.use(tmp_path)
        assert programs() == [tmp_path / "examples" / "hello.py"]
        assert auto_appended() == {tmp_path / "examples" / "terms.md"}
        assert rel(programs()[0]) == "examples/hello.py"
    finally:
        project.use(ROOT)


def test_selected_is_what_a_k_selection_runs_so_one_batch_holds_only_that(pytester):
    """A check's one Pyodide batch (parity, exercises, traces) is made of the parameters the session
    runs: under `make serve`'s -k, the edited snippet's, not every program of the course."""
    pytester.makepyfile(
        test_batch="""
        import pytest
        from kmf_site.proof.content import selected

        @pytest.fixture(scope="module")
        def batch(request):
            return selected(request, "test_run", "name")

        @pytest.mark.parametrize("name", ["a.py", "b.py", "c.py"])
        def test_run(name, batch):
            print(f"batch={batch}")

        def test_other(batch):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-s", "-k", "b.py")
    result.assert_outcomes(passed=1, deselected=3)
    assert "batch=['b.py']" in result.stdout.str()
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=4)
    assert "batch=['a.py', 'b.py', 'c.py']" in result.stdout.str()
