"""The second course, examples/minimal/, builds with the kmf plugin installed from its wheel into a
fresh virtual environment, with no code change to the plugin: what a site author outside this
repository does (examples/README.md)."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from example_course import COURSE, build_course, build_wheel, fresh_venv, run

pytestmark = pytest.mark.xdist_group("example-course")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    work = tmp_path_factory.mktemp("example")
    wheel = build_wheel(work / "dist")
    bin_dir = fresh_venv(work / "venv", wheel)
    site, done = build_course(bin_dir, work, "http://127.0.0.1:8000/", verify="all")
    return wheel, bin_dir, site, done


def test_the_wheel_ships_the_bundle_and_pyodide_and_no_course(built):
    wheel, *_ = built
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ["kmf_site/_assets/kmf/main.js", "kmf_site/_assets/kmf/worker.js", "kmf_site/_assets/kmf/kmf.css",
                   "kmf_site/_assets/pyodide/pyodide.asm.wasm", "kmf_site/_assets/pyodide/pyodide-lock.json",
                   "kmf_site/_assets/proof/run_jobs.mjs",
                   "kmf_site/web/sw.js", "kmf_site/runner.py"]:  # fmt: skip
        assert needed in names, needed
    assert not [name for name in names if name.startswith(("retrain_lab/", "docs/", "snippets/", "tests/"))]
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[mkdocs.plugins]\nkmf = kmf_site.plugin:KmfPlugin" in entry_points


def test_the_plugin_runs_from_the_installed_wheel_not_this_checkout(built):
    _, bin_dir, *_ = built
    where = run([str(bin_dir / "python"), "-c", "import kmf_site; print(kmf_site.__file__)"], bin_dir).stdout
    assert str(bin_dir.parent) in where and "src/kmf_site" not in where
    # the proof's Pyodide half runs the harness the wheel ships, not this checkout's
    code = "from kmf_site.proof import pyodide_node; print(pyodide_node.SCRIPT)"
    harness = run([str(bin_dir / "python"), "-c", code], bin_dir).stdout.strip()
    assert harness.startswith(str(bin_dir.parent)) and harness.endswith("_assets/proof/run_jobs.mjs"), harness


def test_the_course_is_built_with_its_own_package_in_the_browsers_index(built):
    *_, site, _ = built
    index = site / "pyodide"
    (wheel,) = index.glob("tinylab-*.whl")
    lock = json.loads((index / "pyodide-lock.json").read_text())
    assert lock["packages"]["tinylab"]["file_name"] == wheel.name
    assert not list(index.glob("retrain_lab*"))
    page = (site / "index.html").read_text()
    assert "<h1" in page and "title: Averages" not in page  # the front matter is read, not shown
    assert '<meta name="kmf-packages" content="tinylab">' in page
    assert '<meta name="kmf-time-limit" content="10">' in page
    # the theme's own page loads the bundle too: it names the time limit as well
    assert '<meta name="kmf-time-limit" content="10">' in (site / "404.html").read_text()
    for piece in [
        '<span class="filename">mean.py</span>',
        'class="kmf-steps"',
        'class="kmf-q',
        "assets/kmf/kmf.css",
        "assets/kmf/main.js",
    ]:
        assert piece in page, piece
    for needed in ["assets/kmf/main.js", "assets/kmf/kmf.css", "assets/kmf_runner.py", "sw.js",
                   "assets/kmf/checks/index/fix-mean.py", "pyodide/kmf-snapshot.json"]:  # fmt: skip
        assert (site / needed).is_file(), needed


def test_the_course_holds_what_an_example_course_needs():
    """One page, one runnable example, one exercise with a known mistake, one verified question."""
    from kmf_site.exercise.syntax import parse_file as exercises_of
    from kmf_site.quiz.syntax import parse_file as questions_of

    pages = list((COURSE / "docs").glob("*.md"))
    assert len(pages) == 1
    (exercise,) = exercises_of(pages[0], "docs/index.md", COURSE / "snippets")
    assert exercise.mistake_files(COURSE / "snippets")
    (question,) = questions_of(pages[0])
    assert question.verify
    assert '```python {.run}\n--8<-- "mean.py"' in pages[0].read_text()


def test_the_authors_page_lists_every_option_with_its_default():
    """examples/README.md: a row per option of the plugin's schema, its default as the schema has it."""
    import re

    from kmf_site.plugin.config import ENVIRONMENT, KmfConfig

    text = (COURSE.parent / "README.md").read_text()
    rows = dict(re.findall(r"(?m)^\| `(\w+)` \| ([^|]+) \|", text))
    schema = dict(KmfConfig._schema)
    assert set(rows) == set(schema), "every option has one row, and nothing else does"
    for name, option in schema.items():
        default = option.default
        if default is None:  # an optional one: the row says what takes its place
            assert "`" not in rows[name] or "base_path" in rows[name], name
            continue
        shown = {True: "true", False: "false"}.get(default, default) if isinstance(default, bool) else default
        assert rows[name].strip() == f"`{shown}`", (name, rows[name])
    for name, variable in ENVIRONMENT.items():
        assert re.search(rf"(?m)^\| `{name}` \|.*\| `{variable}` \|$", text), name


def test_the_course_is_proven_by_its_own_verification(built, tmp_path):
    """The build from the wheel (with its ``verify`` extra) ran the proof (kmf_site.proof) on the
    course, its package tinylab included, in CPython and Pyodide; a wrong #> line stops the next
    build, naming the file and line."""
    _, bin_dir, _, done = built
    assert "Verifying every snippet" in done.stderr, done.stderr[-3000:]
    course = tmp_path / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("__pycache__", "site", ".cache"))
    program = course / "snippets" / "mean.py"
    line = program.read_text().splitlines().index("#> average score: 0.88") + 1
    program.write_text(program.read_text().replace("#> average score: 0.88", "#> average score: 0.90"))
    _, done = build_course(bin_dir, tmp_path, "http://127.0.0.1:8000/", verify="all", check=False, course=course)
    assert done.returncode != 0
    assert f"Verification failed at snippets/mean.py:{line}" in done.stderr, done.stderr[-3000:]
