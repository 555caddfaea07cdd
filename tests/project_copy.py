"""A throwaway copy of the project, and `mkdocs build` on it, for tests that change files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPIED = [
    "docs",
    "snippets",
    "src",
    "learner",
    "widgets",
    "tests",
    "mkdocs.yml",
    "pyproject.toml",
    "README.md",
    ".python-version",
]


def copy_project(target: Path, without: tuple[str, ...] = ()) -> Path:
    """Copy what a build reads into ``target`` (node_modules is linked, not copied), but not the
    top-level entries named in ``without`` (``("tests",)``: a project with no test folder)."""
    target.mkdir()
    for name in [name for name in COPIED if name not in without]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def mkdocs_build(
    project: Path, site: Path, verify: str = "all", site_url: str | None = None
) -> subprocess.CompletedProcess:
    """`make build` on ``project``: verify every snippet (``verify``), then a strict build into
    ``site``, for ``site_url`` when given (instant navigation needs the address it is served from)."""
    env = {**os.environ, "KMF_VERIFY": verify, "NO_MKDOCS_2_WARNING": "1"}
    if site_url:
        env["KMF_SITE_URL"] = site_url
    env.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def update_examples(project: Path, *options: str) -> subprocess.CompletedProcess:
    """`make update-examples` on ``project``: expected outputs rewritten from real runs
    (``options``: ``--changed``, as `make update-examples CHANGED=1` passes it, or ``--only PATH``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    return subprocess.run(
        [sys.executable, "-m", "kmf_site.verification", "--update-examples", *options, str(project)],
        cwd=project, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


class SiteVerifiedAsChanged:
    """A pytest plugin for a copy's own test run (``pytest.main(..., plugins=[this])`` in the copy):
    the site its browser tests share is built as `make serve` verifies, ``KMF_VERIFY=changed``
    (what changed since the copy's last green check: :func:`kmf_site.verification.mark_green`),
    and strict, instead of re-proving every unchanged snippet. It builds where tests/conftest.py's
    ``site_build`` looks for the run's build (``$KMF_TEST_SITE_DIR``: ``site/`` and ``build.log``;
    a failure in ``build.failed``, which fails every test that needs the site), for the address
    its server serves; were that to move, the conftest would build the site itself (verifying
    everything: slower, not wrong). ``keep``: a folder that gets a copy of the built site."""

    def __init__(self, keep: str | Path | None = None) -> None:
        self.keep = Path(keep) if keep else None

    @pytest.hookimpl(trylast=True)  # after the conftest's, which chooses the folder and address
    def pytest_configure(self, config) -> None:
        folder, url = Path(os.environ["KMF_TEST_SITE_DIR"]), os.environ["KMF_TEST_SITE_URL"]
        done = mkdocs_build(ROOT, folder / "site", "changed", url)
        said = done.stdout + done.stderr
        if done.returncode != 0:
            (folder / "build.failed").write_text(said[-6000:])
            return
        (folder / "build.log").write_text(said)
        if self.keep:
            shutil.copytree(folder / "site", self.keep, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # the site is big (Pyodide): a link costs nothing
    except OSError:
        shutil.copy2(source, target)


def small_project(root: Path, page: str = "# A page\n\nProse.\n", files: dict[str, str] | None = None) -> Path:
    """A course of one page (``docs/page.md``, ``page``) and the ``files`` it includes, under
    ``snippets/``, with no tests/ folder: the proof runs on it in seconds (no program: no Pyodide)."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "snippets").mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(
        "site_name: Small\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
    )
    (root / "docs" / "page.md").write_text(page)
    for name, text in (files or {}).items():
        (root / "snippets" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "snippets" / name).write_text(text)
    return root


def copy_practice(target: Path) -> Path:
    """A throwaway copy of what the quiz check reads: the Practice page and its snippets."""
    (target / "docs").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "practice.md", target / "docs" / "practice.md")
    shutil.copytree(ROOT / "snippets" / "practice", target / "snippets" / "practice")
    shutil.copytree(ROOT / "snippets" / "quiz", target / "snippets" / "quiz")
    return target
