"""The second course (examples/minimal/) built as an author outside this repository builds it: the
kmf plugin's wheel, built here, installed into a fresh virtual environment (uv venv; its
dependencies from PyPI), then `mkdocs build --strict` on a copy of the course that has no
node_modules/, no src/ and no tests/ anywhere near it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "examples" / "minimal"
UV = shutil.which("uv") or "uv"


def run(command: list[str], cwd: Path, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
    return done


def build_wheel(out: Path) -> Path:
    """The kmf-site wheel, as `uv build` makes it (its build hook bundles the assets)."""
    run([UV, "build", "--wheel", "--quiet", "--out-dir", str(out), str(ROOT)], ROOT)
    (wheel,) = out.glob("kmf_site-*.whl")
    return wheel


def fresh_venv(where: Path, wheel: Path) -> Path:
    """A new virtual environment with only the wheel, with its ``verify`` extra (the proof's tools),
    and what they depend on; its bin/."""
    run([UV, "venv", "--quiet", "--python", sys.executable, str(where)], where.parent)
    python = where / "bin" / "python"
    run(
        [UV, "pip", "install", "--quiet", "--python", str(python), f"kmf-site[verify] @ {wheel.as_uri()}"], where.parent
    )
    return where / "bin"


def build_course(
    bin_dir: Path, work: Path, site_url: str, verify: str, check: bool = True, course: Path | None = None
) -> tuple[Path, subprocess.CompletedProcess]:
    """Copy the course to ``work`` (unless ``course`` is a copy already) and build it there with the
    venv's mkdocs; returns the site and what the build printed (``check``: it must succeed)."""
    if course is None:
        course = work / "course"
        shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("__pycache__", "site", ".cache"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS"} and not key.startswith("KMF_")
    }
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", NO_MKDOCS_2_WARNING="1", KMF_VERIFY=verify)
    (course / "mkdocs.yml").write_text((course / "mkdocs.yml").read_text().replace("http://127.0.0.1:8000/", site_url))
    site = work / "site"
    command = [str(bin_dir / "mkdocs"), "build", "--strict", "--site-dir", str(site)]
    if check:
        return site, run(command, course, env)
    return site, subprocess.run(command, cwd=course, env=env, capture_output=True, text=True, timeout=900)
