"""kmf_site/runtime.py: the browser gets our bundle, the runner, Pyodide, the learner package's
wheel (retrain_lab only), and the memory snapshot Python boots from."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import zstandard

from kmf_site import runtime

ROOT = Path(__file__).resolve().parents[2]
LEARNER = ROOT / "learner"  # mkdocs.yml's kmf packages


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return runtime.wheel_of(LEARNER, tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="module")
def site(tmp_path_factory, wheel) -> Path:
    site = tmp_path_factory.mktemp("site")
    runtime.install(site, [wheel])
    return site


def test_a_wheel_is_taken_as_it_is_and_a_folder_must_be_a_project(wheel, tmp_path):
    assert runtime.wheel_of(wheel, tmp_path) == wheel
    assert runtime.import_names(wheel) == ["retrain_lab"]
    with pytest.raises(runtime.PackageFailed, match="a project folder with a pyproject.toml, or a .whl"):
        runtime.wheel_of(tmp_path, tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'broken\n")
    with pytest.raises(runtime.PackageFailed, match=r"Building the wheel of .* failed"):
        runtime.wheel_of(tmp_path, tmp_path / "out")


def test_the_wheel_holds_retrain_lab_and_nothing_else(site):
    (wheel,) = (site / "pyodide").glob("retrain_lab-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packages = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert packages == {"retrain_lab"}
    assert "retrain_lab/drift.py" in names
    assert not any("kmf_site" in name or name.endswith("steps.py") for name in names)


def test_the_wheel_declares_nothing_it_does_not_hold(tmp_path):
    """The site's metadata (kmf-site) registers its proof as a pytest plugin; the learner's wheel
    (the browser's, the notebook's `%pip install`) must not: pytest would fail to start wherever it
    is installed. Its RECORD still lists every file with its hash, as pip checks."""
    wheel = runtime.build_wheel(LEARNER, tmp_path)
    archive = zipfile.ZipFile(wheel)
    names = archive.namelist()
    declared = [archive.read(name).decode() for name in names if name.endswith(".dist-info/entry_points.txt")]
    assert not [text for text in declared if "kmf_site" in text], declared
    (record,) = [name for name in names if name.endswith(".dist-info/RECORD")]
    listed = {}
    for line in archive.read(record).decode().splitlines():
        name, digest, _ = line.rsplit(",", 2)
        listed[name] = digest
    assert set(listed) == set(names)
    for name in names:
        if name != record:
            raw = base64.urlsafe_b64encode(hashlib.sha256(archive.read(name)).digest()).rstrip(b"=").decode()
            assert listed[name] == f"sha256={raw}", name


def test_the_site_gets_the_bundle_the_runner_and_pyodide(site):
    for needed in ["assets/kmf/main.js", "assets/kmf/worker.js", "pyodide/pyodide.mjs", "pyodide/python_stdlib.zip"]:
        assert (site / needed).is_file(), needed
    assert (site / "assets" / "kmf_runner.py").read_text() == runtime.RUNNER.read_text()
    lock = json.loads((site / "pyodide" / "pyodide-lock.json").read_text())
    assert lock["packages"]["retrain-lab"]["file_name"].startswith("retrain_lab-")


def test_without_node_modules_it_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(runtime, "CHECKOUT", tmp_path)  # a checkout without `npm ci`, no wheel's assets
    monkeypatch.setattr(runtime, "ASSETS", tmp_path / "_assets")
    with pytest.raises(runtime.RuntimeMissing, match="run `npm ci`"):
        runtime.install(tmp_path / "site")


# --- the memory snapshot ------------------------------------------------------------------------


def test_the_snapshot_and_the_wasm_gzip_copy_are_described_with_their_inputs_hashes(site):
    index = site / "pyodide"
    info = json.loads((index / "kmf-snapshot.json").read_text())
    for name in runtime.SNAPSHOT_INPUTS:
        assert info["inputs"][name] == hashlib.sha256((index / name).read_bytes()).hexdigest(), name
    assert info["inputs"]["kmf_site/runner.py"] == hashlib.sha256(runtime.RUNNER.read_bytes()).hexdigest()
    assert info["id"] == runtime.snapshot_id_of(info["inputs"])
    assert info["inputs"]["format"] == info["format"] == runtime.SNAPSHOT_FORMAT
    assert info["file"] == f"kmf-snapshot-{info['id']}.bin.zst"
    assert [p.name for p in index.glob("kmf-snapshot-*")] == [info["file"]]  # one snapshot, this one
    packed = (index / info["file"]).read_bytes()
    assert len(packed) == info["packedBytes"] < 3_500_000  # 31.5 MB of memory
    unpacked = zstandard.ZstdDecompressor().decompress(packed)
    assert unpacked.startswith(b"KMFSNAP1")
    pages = info["pages"]
    count = pages["zero"] + pages["initial"] + pages["stored"]
    assert count * 4096 + 128 == info["bytes"] > 10_000_000  # Pyodide's 128-byte header, the memory
    assert len(unpacked) == 20 + count + 128 + pages["stored"] * 4096  # only the stored pages' bytes
    # the standard library: Pyodide's, member for member, stored (not deflated), then zstd
    stored = zstandard.ZstdDecompressor().decompress((index / info["stdlib"]["file"]).read_bytes())
    stdlib = zipfile.ZipFile(io.BytesIO(stored))
    assert len(stored) == info["stdlib"]["size"]
    original = zipfile.ZipFile(index / "python_stdlib.zip")
    assert [m.filename for m in stdlib.infolist()] == [m.filename for m in original.infolist()]
    assert {m.compress_type for m in stdlib.infolist()} == {zipfile.ZIP_STORED}
    assert stdlib.read("json/decoder.py") == original.read("json/decoder.py")
    assert info["stdlib"]["bytes"] == (index / info["stdlib"]["file"]).stat().st_size < 2_000_000
    wasm = gzip.decompress((index / "pyodide.asm.wasm.gz").read_bytes())
    assert wasm == (index / "pyodide.asm.wasm").read_bytes()
    assert info["wasmGzip"] == {"file": "pyodide.asm.wasm.gz", "bytes": (index / "pyodide.asm.wasm.gz").stat().st_size,
                                "sha256": info["inputs"]["pyodide.asm.wasm"]}  # fmt: skip


def test_any_changed_input_makes_another_snapshot(site, tmp_path):
    index = tmp_path / "pyodide"
    shutil.copytree(site / "pyodide", index)
    before = runtime.snapshot_inputs(index)
    with (index / "python_stdlib.zip").open("ab") as stdlib:
        stdlib.write(b"\0")
    after = runtime.snapshot_inputs(index)
    assert {name for name in before if before[name] != after[name]} == {"python_stdlib.zip"}
    assert runtime.snapshot_id_of(before) != runtime.snapshot_id_of(after)


def test_a_snapshot_made_from_the_same_inputs_is_reused(site, tmp_path, monkeypatch):
    index = tmp_path / "pyodide"
    shutil.copytree(site / "pyodide", index)
    entry = tmp_path / "cache" / runtime.snapshot_id_of(runtime.snapshot_inputs(index))
    entry.mkdir(parents=True)
    (entry / f"kmf-snapshot-{entry.name}.bin.zst").write_bytes(b"made before")
    (entry / f"kmf-stdlib-{entry.name}.zip.zst").write_bytes(b"stored before")
    (entry / "pyodide.asm.wasm.gz").write_bytes(b"packed before")
    (entry / "made.json").write_text(json.dumps({"bytes": 11, "pages": {}, "stdlibSize": 13}))
    monkeypatch.setattr(runtime, "_make", lambda *args: pytest.fail("Node ran although the inputs were the same"))
    info = runtime.make_snapshot(index, tmp_path / "cache")
    assert info["reused"]
    assert (index / info["file"]).read_bytes() == b"made before"
    assert (index / "pyodide.asm.wasm.gz").read_bytes() == b"packed before"
    assert (index / info["stdlib"]["file"]).read_bytes() == b"stored before"


def test_a_failing_snapshot_maker_says_why(site, tmp_path, monkeypatch):
    index = tmp_path / "pyodide"
    shutil.copytree(site / "pyodide", index)
    broken = tmp_path / "make_snapshot.mjs"
    broken.write_text("throw new Error('no snapshot today');\n")
    monkeypatch.setattr(runtime, "SNAPSHOT_MAKER", broken)
    with pytest.raises(runtime.SnapshotFailed, match="no snapshot today"):
        runtime.make_snapshot(index, tmp_path / "empty-cache")


def test_the_packed_snapshot_restores_under_node_and_reads_its_standard_library(site):
    """Unpacked as the worker unpacks it, the snapshot is an interpreter that has run the warm-up
    and imports what it had not imported yet (csv) from the standard library it was made with."""
    code = (
        "import sys, csv, io\n"
        "print('json' in sys.modules, 'csv' in sys.modules)\n"
        "print(next(csv.reader(io.StringIO('a,b'))))\n"
    )
    done = subprocess.run(
        ["node", str(Path(__file__).with_name("restore_snapshot.mjs")), str(site / "pyodide"), code],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == "True True\n['a', 'b']\n"


def test_a_second_install_in_one_process_reuses_the_lockfile(site, wheel, tmp_path, monkeypatch):
    """`make serve` rebuilds install the runtime each time: the same wheels register no second time."""
    monkeypatch.setattr(runtime, "write_lockfile", lambda *args: pytest.fail("the lockfile was made again"))
    runtime.install(tmp_path / "again", [wheel])
    first, again = site / "pyodide" / "pyodide-lock.json", tmp_path / "again" / "pyodide" / "pyodide-lock.json"
    assert again.read_bytes() == first.read_bytes()
    assert sorted(p.name for p in (tmp_path / "again" / "pyodide").glob("retrain_lab-*.whl"))


def test_a_rebuild_in_one_process_reuses_the_wheel_and_the_bundle_until_a_source_changes(tmp_path, monkeypatch):
    """`make serve` rebuilds after every edit: a learner package (with the sources its pyproject.toml
    names outside its folder) and the front end whose files did not change are not built again;
    one changed file of theirs is."""
    (tmp_path / "src" / "tiny").mkdir(parents=True)
    (tmp_path / "src" / "tiny" / "__init__.py").write_text("ANSWER = 1\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "pyproject.toml").write_text(
        '[project]\nname = "tiny"\nversion = "1"\n[build-system]\nrequires = ["hatchling"]\n'
        'build-backend = "hatchling.build"\n[tool.hatch.build.targets.wheel.force-include]\n"../src/tiny" = "tiny"\n'
    )
    built = []
    real_build = runtime.build_wheel
    monkeypatch.setattr(runtime, "build_wheel", lambda *args: built.append(args) or real_build(*args))
    first = runtime.wheel_of(tmp_path / "pkg", tmp_path / "one")
    again = runtime.wheel_of(tmp_path / "pkg", tmp_path / "two")
    assert len(built) == 1 and again.read_bytes() == first.read_bytes() and again.parent == tmp_path / "two"
    (tmp_path / "src" / "tiny" / "__init__.py").write_text("ANSWER = 2\n")  # outside pkg/: named by its pyproject
    changed = runtime.wheel_of(tmp_path / "pkg", tmp_path / "three")
    assert len(built) == 2 and zipfile.ZipFile(changed).read("tiny/__init__.py") == b"ANSWER = 2\n"

    bundled = []
    real_run = subprocess.run
    monkeypatch.setattr(runtime.subprocess, "run", lambda args, **kw: bundled.append(args) or real_run(args, **kw))
    runtime._bundle_front_end(tmp_path / "site1")
    made = len(bundled)  # esbuild ran, or not if this process bundled these sources already
    runtime._bundle_front_end(tmp_path / "site2")
    assert len(bundled) == made, "the same front end was bundled again"
    first, second = (tmp_path / f"site{n}" / "assets" / "kmf" / "main.js" for n in (1, 2))
    assert second.read_bytes() == first.read_bytes() and len(second.read_bytes()) > 1000
