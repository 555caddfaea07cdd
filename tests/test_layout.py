"""The tree a newcomer sees: pages in docs/, the learner's library in retrain_lab, the site's
machinery in kmf_site, and tests that mirror src/."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tracked(*patterns: str) -> list[Path]:
    done = subprocess.run(["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:  # not a git checkout (an exported tree): what is on disk
        return sorted(p.relative_to(ROOT) for pattern in patterns for p in ROOT.glob(pattern))
    return [Path(line) for line in done.stdout.splitlines()]


def modules() -> list[Path]:
    """Every Python module under src/ (a package's __init__.py only re-exports or documents)."""
    return [p for p in tracked("src/**/*.py", "src/*.py") if p.name != "__init__.py"]


def test_file_for(module: Path) -> Path:
    """src/kmf_site/quiz/syntax.py -> tests/kmf_site/quiz/test_syntax.py."""
    return Path("tests", *module.parts[1:-1], f"test_{module.stem}.py")


test_file_for.__test__ = False  # a helper, not a test


@pytest.mark.content
def test_docs_holds_pages_not_programs():
    programs = [p for p in tracked("docs") if p.suffix in {".py", ".js", ".mjs"}]
    assert programs == []


def test_the_machinery_holds_no_course():
    """kmf_site is the plugin any course uses: it imports no course's package and holds no course's
    widgets (this course's lab and on-call game live in widgets/, loaded by the plugin's `widgets`
    option through the bundle's public API)."""
    sources = {
        p: (ROOT / p).read_text() for p in tracked("src/kmf_site/**") if p.suffix in {".py", ".js", ".mjs", ".css"}
    }
    assert len(sources) >= 40
    found = [
        str(p)
        for p, text in sources.items()
        if re.search(r"\bretrain_lab\.|(from|import) retrain_lab\b|kmf-lab|kmf-oncall", text)
    ]
    assert found == []
    assert sorted(p.name for p in tracked("widgets/*")) == ["lab.css", "lab.js", "oncall.css", "oncall.js"]


def test_retrain_lab_holds_no_grader():
    """The exercise engine (what judges a learner's program) lives in kmf_site.exercise: the library
    a learner imports neither defines a grader nor reaches into the site's machinery."""
    sources = {p.name: (ROOT / p).read_text() for p in tracked("src/retrain_lab/*.py")}
    assert len(sources) >= 5
    assert not [name for name, text in sources.items() if "def check(" in text or "def grade(" in text]
    assert not [name for name, text in sources.items() if "kmf_site" in text]


# Modules without a test file of their own, each with the reason; a module added without a test
# fails below until it has one (or a reason here).
UNTESTED: dict[str, str] = {}


def test_every_module_has_a_test_file_named_after_it():
    found = modules()
    assert len(found) >= 15
    missing = {str(m) for m in found if not (ROOT / test_file_for(m)).is_file()}
    unexplained = sorted(missing - set(UNTESTED))
    assert not unexplained, f"modules without a test file (add one, or a reason in UNTESTED): {unexplained}"
    stale = {name for name in UNTESTED if name not in missing}
    assert not stale, f"listed in UNTESTED but gone or tested now: {sorted(stale)}"


def test_the_site_uses_the_kmf_plugin_and_no_hooks():
    """The machinery is one MkDocs plugin, found by its entry point: mkdocs.yml names no file of it."""
    from importlib.metadata import entry_points

    config = (ROOT / "mkdocs.yml").read_text()
    assert "\nhooks:" not in config and "src/kmf_site" not in config
    assert "\n  - kmf:\n" in config
    (plugin,) = entry_points(group="mkdocs.plugins", name="kmf")
    assert plugin.value == "kmf_site.plugin:KmfPlugin"


def test_the_plugin_and_the_learner_package_are_two_distributions():
    import tomllib

    site = tomllib.loads((ROOT / "pyproject.toml").read_text())
    learner = tomllib.loads((ROOT / "learner" / "pyproject.toml").read_text())
    assert site["project"]["name"] == "kmf-site" and learner["project"]["name"] == "retrain-lab"
    assert site["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/kmf_site"]
    assert learner["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"] == {
        "../src/retrain_lab": "retrain_lab"
    }


def test_the_proof_lives_in_the_site_package_not_in_tests():
    """The build's checks are kmf_site.proof's (a pytest plugin the build runs on a project): no test
    here is one of them (marker verify), and the proof reads no tests/ folder of any project."""
    verify = re.compile(r"^(?:@pytest\.mark\.verify|pytestmark\s*=.*\bmark\.verify)", re.MULTILINE)
    marked = [p for p in tracked("tests/**/*.py", "tests/*.py") if verify.search((ROOT / p).read_text())]
    assert marked == [], f"content checks belong in src/kmf_site/proof/: {marked}"
    proof = tracked("src/kmf_site/proof/*")
    assert any(p.name.startswith("check_") for p in proof)
    reads_tests = [p for p in proof if re.search(r"""["'/]tests\b""", (ROOT / p).read_text())]
    assert reads_tests == [], f"the proof must not depend on a tests/ folder: {reads_tests}"
