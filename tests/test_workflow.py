"""The GitHub Actions workflow is valid before anyone pushes it: GitHub's workflow schema (vendored
in check-jsonschema, so this runs offline), every action pinned to a commit, every `make` target
it calls present. Broken copies show that the schema check rejects what GitHub would reject."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", "--verbose", *map(str, paths)],
        capture_output=True,
        text=True,
    )


def test_there_is_a_workflow():
    assert [path.name for path in WORKFLOWS] == ["site.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_matches_githubs_schema(workflow):
    done = check(workflow)
    assert done.returncode == 0, done.stdout + done.stderr


BROKEN = {  # name: (what the workflow says, a mistake GitHub would refuse, what the check says)
    "misspelt-key": ("    runs-on: ubuntu-latest\n", "    run-on: ubuntu-latest\n", "'runs-on' is a required property"),
    "bad-permission": ("      pages: write", "      pages: publish", "'publish' is not one of"),
    "bad-boolean": (
        "      cancel-in-progress: false",
        "      cancel-in-progress: sometimes",
        "'sometimes' is not of type 'boolean'",
    ),
}


def test_the_schema_check_rejects_broken_copies_and_only_those(tmp_path):
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text()
    copies = [tmp_path / "unchanged.yml"]
    copies[0].write_text(text)
    for name, (original, broken, _) in BROKEN.items():
        assert original in text, name
        copies.append(tmp_path / f"{name}.yml")
        copies[-1].write_text(text.replace(original, broken, 1))
    done = check(*copies)  # one run: each file is checked on its own
    report = done.stdout + done.stderr
    assert done.returncode != 0, report
    for name, (_, _, message) in BROKEN.items():
        assert f"{name}.yml::$" in report, f"{name}: not rejected\n{report}"
        assert message in report, f"{name}: {message!r} not reported\n{report}"
    assert "unchanged.yml::" not in report, report


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_to_a_commit_and_make_targets_exist(workflow):
    text = workflow.read_text()
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{action}: pin a full commit SHA"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{action}: say which release it is (# vX.Y.Z)"
    makefile = (ROOT / "Makefile").read_text()
    for target in re.findall(r"run:\s*make ([\w-]+)", text):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"make {target}: no such target"
