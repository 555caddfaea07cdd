"""The front end's types (src/kmf_site/web/, checked by tsc as `make check` does): the real tree
passes, each module opts in with `// @ts-check`, and a protocol broken on one side (a copy of the
tree with one planted change) fails, naming the file and line where the two sides disagree."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from content import ROOT

WEB = ROOT / "src" / "kmf_site" / "web"
TSC = ROOT / "node_modules" / ".bin" / "tsc"
CONFIGS = ["tsconfig.json", "tsconfig.sw.json", "tsconfig.node.json"]  # as `make check` runs them


def tsc(root: Path, config: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(TSC), "--noEmit", "--pretty", "false", "-p", config],
        cwd=root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def modules() -> list[str]:
    return sorted(p.relative_to(WEB).as_posix() for p in WEB.rglob("*") if p.suffix in {".js", ".mjs"})


def test_tsc_passes_on_the_front_end():
    for config in CONFIGS:
        done = tsc(ROOT, config)
        assert done.returncode == 0, f"{config}:\n{done.stdout}{done.stderr}"


def test_every_module_opts_in():
    checked = [name for name in modules() if (WEB / name).read_text(encoding="utf-8").startswith("// @ts-check\n")]
    unchecked = sorted(set(modules()) - set(checked))
    assert len(modules()) > 20
    assert not unchecked, f"add `// @ts-check` as the first line of: {unchecked}"


@pytest.fixture(scope="module")
def copy_of_tree(tmp_path_factory) -> Path:
    """The front end and its tsconfig files in a temporary folder, resolving the checkout's packages."""
    root = tmp_path_factory.mktemp("types")
    shutil.copytree(WEB, root / "src" / "kmf_site" / "web")
    for config in CONFIGS:
        shutil.copy(ROOT / config, root / config)
    (root / "node_modules").symlink_to(ROOT / "node_modules")  # types of pyodide, fzstd, node
    return root


def plant_in(copy: Path, module: str, old: str, new: str) -> None:
    """Replace `old`, which must be there once, in the copy's `module`."""
    path = copy / "src" / "kmf_site" / "web" / module
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{module}: {old!r} is not there exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors(done: subprocess.CompletedProcess) -> list[tuple[str, int]]:
    found = re.findall(r"^src/kmf_site/web/(\S+?)\((\d+),\d+\): error TS\d+", done.stdout, re.MULTILINE)
    return [(name, int(line)) for name, line in found]


def test_the_unplanted_copy_passes(copy_of_tree):
    done = tsc(copy_of_tree, "tsconfig.json")
    assert done.returncode == 0, done.stdout + done.stderr


# Each plant breaks the protocol on one side only; tsc must name where the other side disagrees:
# {what: ((module, old, new), (module tsc names, text on the line it names))}. They all go into one
# copy (one tsc run), so each touches a message no other one does: an expected error can come from
# its own plant only.
PLANTS = {
    # protocol.js says a run's "done" carries `truncated` as text: the run loop posts a boolean
    "a field's type in protocol.js": (
        ("protocol.js", "@property {boolean} truncated the output", "@property {string} truncated the output"),
        ("run_core.mjs", 'post({ type: "done", id, exitCode, error, result, truncated, started });'),
    ),
    # the page listens for a message the worker never sends
    "a message's type on the page's side": (
        ("python.js", 'if (message.type === "started") {', 'if (message.type === "begun") {'),
        ("python.js", 'if (message.type === "begun") {'),
    ),
    # the worker answers a message the page never sends
    "a message's type on the worker's side": (
        ("worker.mjs", '} else if (message.type === "cancel") {', '} else if (message.type === "halt") {'),
        ("worker.mjs", '} else if (message.type === "halt") {'),
    ),
    # protocol.js renames "truncated": the page still listens for the old one
    "a message's type in protocol.js": (
        ("protocol.js", '{{type: "truncated", id: number}}', '{{type: "cut", id: number}}'),
        ("python.js", '} else if (message.type === "truncated") {'),
    ),
}  # fmt: skip


def test_a_planted_protocol_error_fails_tsc(tmp_path, copy_of_tree):
    copy = tmp_path / "tree"
    shutil.copytree(copy_of_tree, copy, symlinks=True)
    for (module, old, new), _ in PLANTS.values():
        plant_in(copy, module, old, new)
    done = tsc(copy, "tsconfig.json")
    assert done.returncode != 0, "tsc passed with the protocol broken"
    reported = errors(done)
    for name, (_, (reported_in, needle)) in PLANTS.items():
        text = (copy / "src" / "kmf_site" / "web" / reported_in).read_text(encoding="utf-8")
        assert text.count(needle) == 1, f"{reported_in}: {needle!r} is not there exactly once"
        expected = (reported_in, text[: text.index(needle)].count("\n") + 1)
        assert expected in reported, f"{name}: expected an error at {expected}, got:\n{done.stdout}"
