"""kmf_site/proof/plugin.py: the proof as a pytest plugin, run on a project it is given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kmf_site import verification
from kmf_site.proof import plugin


def other_layout(root: Path, shown: str) -> Path:
    """A course laid out otherwise than this repository: pages in pages/, programs in examples/
    (its snippets' base_path), no tests/ folder, no learner package."""
    (root / "pages").mkdir(parents=True)
    (root / "examples").mkdir()
    (root / "pages" / "index.md").write_text('# Home\n\n```python {.run}\n--8<-- "hello.py"\n```\n')
    (root / "examples" / "hello.py").write_text(f"print('hello')\n#> {shown}\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Other\ndocs_dir: pages\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [examples]\n"
    )
    return root


def test_the_proof_is_registered_by_its_entry_point():
    from importlib.metadata import entry_points

    (found,) = [ep for ep in entry_points(group="pytest11") if ep.name == "kmf_site.proof"]
    assert found.load() is plugin


def test_another_layout_is_proven_and_a_wrong_output_named_at_its_line(tmp_path):
    project = other_layout(tmp_path / "other", shown="hello, world")
    with pytest.raises(verification.VerificationFailed) as failed:
        verification.verify(project, "all", select=["check_snippets.py"])
    assert str(failed.value) == (
        "Verification failed at examples/hello.py:2: the program does not print what its #> lines say."
    )
    (project / "examples" / "hello.py").write_text("print('hello')\n#> hello\n")
    verification.verify(project, "all", select=["check_snippets.py"])  # true now: no error


def test_the_proof_orders_cheap_checks_first_and_pyodide_last(tmp_path):
    """Collected from the plugin's own folder, in the order the build's -x run meets them."""
    project = other_layout(tmp_path / "other", shown="hello")
    command = verification.proof_command(project, None, "-m", "verify", "--collect-only")
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    files = [Path(line.split("::")[0]).name for line in done.stdout.splitlines() if "::" in line]
    order = list(dict.fromkeys(files))
    assert order[: len(plugin.FIRST) - 2] == plugin.FIRST[:2]  # counts, then snippets (no exercise, no notebook)
    pyodide = [n for n, line in enumerate(done.stdout.splitlines()) if "pyodide" in line.lower()]
    others = [n for n, line in enumerate(done.stdout.splitlines()) if "::" in line and "pyodide" not in line.lower()]
    assert pyodide and max(others) < min(pyodide)


def test_pytest_without_the_option_proves_the_folder_it_starts_in(tmp_path):
    project = other_layout(tmp_path / "other", shown="hello")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "kmf_site.proof", "-c", str(verification.PROOF / "pytest.ini"),
         "--rootdir", str(verification.PROOF), "-q", str(verification.PROOF / "check_snippets.py")],
        cwd=project, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
    assert (
        "examples/hello.py"
        in subprocess.run(
            [*done.args[:-1], "--collect-only", done.args[-1]], cwd=project, capture_output=True, text=True
        ).stdout
    )
