"""The browser runtime in ``site/``: the front-end bundle, the runner, Pyodide and our wheel.

After MkDocs has written the pages, :func:`install` bundles ``kmf_site/web/`` with esbuild into
``site/assets/kmf/``, copies the runner beside it (``assets/kmf_runner.py``, which the worker
fetches), copies the pinned Pyodide from ``node_modules/`` into ``site/pyodide/`` and registers
the ``retrain_lab`` wheel in that copy's ``pyodide-lock.json`` (``pyodide lockfile add-wheels``).
Then :func:`make_snapshot` makes the memory snapshot of a warmed-up interpreter the reader's
worker boots from (under Node, from the very files the site serves), the standard library as the
worker fetches it, and a gzip copy of ``pyodide.asm.wasm``; ``pyodide/kmf-snapshot.json`` describes
them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import zstandard

__all__ = ["RuntimeMissing", "SnapshotFailed", "build_wheel", "install", "make_snapshot", "write_lockfile"]

log = logging.getLogger("mkdocs.hooks.kmf")

HERE = Path(__file__).resolve().parent
WEB = HERE / "web"
RUNNER = HERE / "runner.py"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]


class RuntimeMissing(RuntimeError):
    """node_modules/ (esbuild, Pyodide) is not installed."""


class SnapshotFailed(RuntimeError):
    """Node could not make the memory snapshot (its stderr is in the message)."""


def _bundle_front_end(root: Path, site_dir: Path) -> None:
    if not (root / "node_modules" / "esbuild").exists():
        raise RuntimeMissing("node_modules/ is missing: run `npm ci` (make serve and make build do it)")
    out = site_dir / "assets" / "kmf"
    subprocess.run(["node", str(WEB / "build.mjs"), str(out)], check=True, cwd=root)
    # the worker fetches the runner from ../kmf_runner.py, beside the bundle
    shutil.copy2(RUNNER, site_dir / "assets" / "kmf_runner.py")


def _copy_pyodide(root: Path, site_dir: Path) -> Path:
    target = site_dir / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(root / "node_modules" / "pyodide" / name, target / name)
    return target


def build_wheel(root: Path, out_dir: Path) -> Path:
    """Build the retrain_lab wheel of the project at ``root`` into ``out_dir``; return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("retrain_lab-*.whl"):
        old.unlink()
    uv = shutil.which("uv")
    if uv:
        command = [uv, "build", "--wheel", "--quiet", "--out-dir", str(out_dir), str(root)]
    else:
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out_dir), str(root)]
    subprocess.run(command, check=True, cwd=root, capture_output=True)
    (wheel,) = out_dir.glob("retrain_lab-*.whl")
    _drop_entry_points(wheel)
    return wheel


def _drop_entry_points(wheel: Path) -> None:
    """Rewrite ``wheel`` without its entry points: the project's metadata registers the site's
    proof as a pytest plugin (``kmf_site.proof``), which the learner's wheel does not hold, so
    pytest would fail to start wherever the wheel is installed. RECORD loses that file's line."""
    with zipfile.ZipFile(wheel) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    drop = {info.filename for info, _ in items if info.filename.endswith(".dist-info/entry_points.txt")}
    if not drop:
        return
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename in drop:
                continue
            if info.filename.endswith(".dist-info/RECORD"):
                lines = data.decode().splitlines(keepends=True)
                data = "".join(line for line in lines if line.rsplit(",", 2)[0] not in drop).encode()
            target.writestr(info, data)


def write_lockfile(root: Path, index_dir: Path, wheel: Path) -> None:
    """Copy the wheel into index_dir and register it in index_dir/pyodide-lock.json."""
    shutil.copy2(wheel, index_dir / wheel.name)
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    subprocess.run(
        [str(pyodide_cli), "lockfile", "add-wheels",
         "--input", str(root / "node_modules" / "pyodide" / "pyodide-lock.json"),
         "--output", str(index_dir / "pyodide-lock.json"),
         "--base-path", str(index_dir),
         str(index_dir / wheel.name)],
        check=True, cwd=index_dir, capture_output=True,
    )  # fmt: skip


_INDEX_MADE: dict[str, Path] = {}  # this process's wheel + lockfile, by their inputs' digest


def index_inputs_digest(root: Path) -> str:
    """A digest of what the wheel and the lockfile are made from: retrain_lab's sources, the
    project's metadata and Pyodide's own lockfile."""
    digest = hashlib.sha256()
    sources = sorted((root / "src" / "retrain_lab").rglob("*.py"))
    for path in [*sources, root / "pyproject.toml", root / "node_modules" / "pyodide" / "pyodide-lock.json"]:
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _wheel_and_lockfile(root: Path, index_dir: Path) -> None:
    """Build the wheel and register it in the lockfile, or, when this process (``make serve``'s
    rebuilds) already did for the same inputs, copy those files (two subprocesses saved)."""
    key = index_inputs_digest(root)
    made = _INDEX_MADE.get(key)
    if made is not None and made.is_dir():
        for path in made.iterdir():
            shutil.copy2(path, index_dir / path.name)
        return
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(root, Path(tmp))
        write_lockfile(root, index_dir, wheel)
    keep = Path(tempfile.mkdtemp(prefix="kmf-index-"))
    for name in (wheel.name, "pyodide-lock.json"):
        shutil.copy2(index_dir / name, keep / name)
    _INDEX_MADE[key] = keep


def install(root: Path, site_dir: Path) -> None:
    """Put the whole runtime into ``site_dir`` for the project at ``root``."""
    _bundle_front_end(root, site_dir)
    index_dir = _copy_pyodide(root, site_dir)
    _wheel_and_lockfile(root, index_dir)
    make_snapshot(root, index_dir)


# --- the memory snapshot the reader's Python starts from ------------------------------------------

SNAPSHOT_MAKER = WEB / "make_snapshot.mjs"
# Everything the snapshot depends on: Pyodide checks only the wasm + asm.mjs build id, but the
# snapshot also holds the standard library's zip index, and our runner and warm-up, imported.
SNAPSHOT_INPUTS = ["pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "pyodide.mjs"]
SNAPSHOT_SOURCES = [RUNNER, WEB / "boot.mjs", SNAPSHOT_MAKER, WEB / "snapshot_format.mjs"]
# The files' format (snapshot_format.mjs's FORMAT, and how they are compressed): part of the id.
SNAPSHOT_FORMAT = "kmf-pages-1"
# zstd level 19 with a 128 MiB window: the packed snapshot (10 MB) and the standard library (9.7 MB)
# each fit in one window. fzstd (3.9 KB of decoder in the worker) unpacks either in tens of ms.
ZSTD_LEVEL = 19
SNAPSHOT_CACHE_KEPT = 4  # input sets kept in the cache (worktrees and branches build side by side)


def snapshot_cache_dir() -> Path:
    """Where made snapshots are kept for reuse, by the hash of their inputs: ``$KMF_CACHE_DIR``,
    else the user's cache directory (so a copy of the project, as the tests make, reuses it too)."""
    base = os.environ.get("KMF_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kmf-site" / "snapshot"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_inputs(index_dir: Path) -> dict[str, str]:
    """{input: sha256} for the Pyodide files in ``index_dir`` and our sources the snapshot holds."""
    inputs = {name: _sha256(index_dir / name) for name in SNAPSHOT_INPUTS}
    inputs["format"] = SNAPSHOT_FORMAT
    for path in SNAPSHOT_SOURCES:
        inputs[f"kmf_site/{path.relative_to(HERE).as_posix()}"] = _sha256(path)
    return inputs


def snapshot_id_of(inputs: dict[str, str]) -> str:
    """The snapshot's id: the hash of its inputs' hashes (its file name and its cache key)."""
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]


def _gzip(source: Path, target: Path) -> None:
    # level 6: within 1 % of level 9 for these files, in a third of the time
    with source.open("rb") as raw, gzip.GzipFile(target, "wb", compresslevel=6, mtime=0) as packed:
        shutil.copyfileobj(raw, packed, 1 << 20)


def _zstd(data: bytes, target: Path) -> None:
    target.write_bytes(zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(data))


def stored_stdlib(source: Path, target: Path) -> None:
    """Python's standard library zip with its members stored, not deflated (same names, dates and
    order): 9.7 MB instead of 2.5, but 1.6 MB once the whole file is zstd-compressed, where each
    deflated member compresses on its own (the shipped zip barely compresses further)."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
        for member in original.infolist():
            out.writestr(member, original.read(member), compress_type=zipfile.ZIP_STORED)


def _make(index_dir: Path, out: Path, stdlib_out: Path, wasm_gz: Path) -> dict:
    """Run the snapshot maker under Node; write the packed snapshot and the standard library (both
    zstd) and the wasm's gzip copy."""
    with tempfile.TemporaryDirectory() as tmp:
        stdlib, packed = Path(tmp) / "python_stdlib.zip", Path(tmp) / "snapshot.bin"
        stored_stdlib(index_dir / "python_stdlib.zip", stdlib)
        done = subprocess.run(
            ["node", str(SNAPSHOT_MAKER), str(index_dir), str(RUNNER), str(stdlib), str(packed)],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise SnapshotFailed(f"Making Python's memory snapshot failed:\n{done.stderr[-3000:]}")
        _zstd(packed.read_bytes(), out)
        _zstd(stdlib.read_bytes(), stdlib_out)
        made = json.loads(done.stdout)
        made["stdlibSize"] = stdlib.stat().st_size
    _gzip(index_dir / "pyodide.asm.wasm", wasm_gz)
    return made


def make_snapshot(root: Path, index_dir: Path, cache_dir: Path | None = None) -> dict:
    """Make ``kmf-snapshot-<id>.bin.zst``, ``kmf-stdlib-<id>.zip.zst`` and ``pyodide.asm.wasm.gz``
    in ``index_dir`` (the Pyodide the site serves) and describe them in ``kmf-snapshot.json``, with
    the hashes of the snapshot's inputs; ``<id>`` is the hash of those. A snapshot is valid only for
    the exact files it was made from, so it is made on every build, or copied from ``cache_dir`` when
    one was made from inputs with the very same hashes. The worker (kmf_site/web/worker.mjs) boots
    from it where the link is fast and falls back to a normal boot when it is missing or does not
    load; either way its standard library is that zip (the snapshot holds its index)."""
    started = time.monotonic()
    cache_dir = cache_dir or snapshot_cache_dir()
    inputs = snapshot_inputs(index_dir)
    snapshot_id = snapshot_id_of(inputs)
    for old in [*index_dir.glob("kmf-snapshot*"), *index_dir.glob("kmf-stdlib-*"), index_dir / "pyodide.asm.wasm.gz"]:
        old.unlink(missing_ok=True)
    out = index_dir / f"kmf-snapshot-{snapshot_id}.bin.zst"
    stdlib = index_dir / f"kmf-stdlib-{snapshot_id}.zip.zst"
    wasm_gz = index_dir / "pyodide.asm.wasm.gz"
    made_files = [out, stdlib, wasm_gz]
    entry = cache_dir / snapshot_id
    if (entry / "made.json").exists():
        made = json.loads((entry / "made.json").read_text())
        for made_file in made_files:
            shutil.copy2(entry / made_file.name, made_file)
        os.utime(entry)  # recently used: pruned last
        reused = True
    else:
        made = _make(index_dir, out, stdlib, wasm_gz)
        reused = False
        # Written to a temporary directory, then renamed: a build beside this one sees all or none.
        cache_dir.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(dir=cache_dir, prefix=".partial-"))
        for made_file in made_files:
            shutil.copy2(made_file, partial / made_file.name)
        (partial / "made.json").write_text(json.dumps(made))
        try:
            partial.rename(entry)
        except OSError:  # made by another build meanwhile: theirs is the same
            shutil.rmtree(partial, ignore_errors=True)
        entries = sorted(
            (p for p in cache_dir.iterdir() if not p.name.startswith(".")), key=lambda p: p.stat().st_mtime
        )
        for stale in entries[:-SNAPSHOT_CACHE_KEPT]:
            shutil.rmtree(stale, ignore_errors=True)
    info = {
        "id": snapshot_id,
        "file": out.name,
        "format": SNAPSHOT_FORMAT,
        "bytes": made["bytes"],
        "packedBytes": out.stat().st_size,
        "pages": made["pages"],
        "stdlib": {"file": stdlib.name, "bytes": stdlib.stat().st_size, "size": made["stdlibSize"]},
        "pyodide": json.loads((root / "node_modules" / "pyodide" / "package.json").read_text())["version"],
        "inputs": inputs,
        "wasmGzip": {"file": wasm_gz.name, "bytes": wasm_gz.stat().st_size, "sha256": inputs["pyodide.asm.wasm"]},
    }
    (index_dir / "kmf-snapshot.json").write_text(json.dumps(info, indent=1) + "\n")
    log.info(
        "Python snapshot %s: %s (%.1f MB, %.2f MB packed; standard library %.2f MB) in %.1f s",
        "reused" if reused else "made", out.name, made["bytes"] / 1e6, info["packedBytes"] / 1e6,
        info["stdlib"]["bytes"] / 1e6,
        time.monotonic() - started,
    )  # fmt: skip
    return {**info, "reused": reused, "seconds": time.monotonic() - started}
