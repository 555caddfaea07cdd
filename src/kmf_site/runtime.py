"""The browser runtime in ``site/``: the front-end bundle, the runner, Pyodide and our wheel.

After MkDocs has written the pages, :func:`install` puts the front-end bundle into
``site/assets/kmf/``, copies the runner beside it (``assets/kmf_runner.py``, which the worker
fetches), copies the pinned Pyodide into ``site/pyodide/`` and registers the learner packages'
wheels in that copy's ``pyodide-lock.json`` (``pyodide lockfile add-wheels``). The bundle and
Pyodide come from the installed package (``kmf_site/_assets/``, which the wheel's build hook,
``hatch_build.py``, fills), or, in a source checkout (an editable install), are built and taken
from its ``node_modules/``: nothing depends on the site's own folder.
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
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import zstandard

__all__ = [
    "PackageFailed",
    "RuntimeMissing",
    "SnapshotFailed",
    "build_wheel",
    "import_names",
    "install",
    "make_snapshot",
    "wheel_of",
    "write_lockfile",
]

log = logging.getLogger("mkdocs.plugins.kmf")

HERE = Path(__file__).resolve().parent
WEB = HERE / "web"
RUNNER = HERE / "runner.py"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
ASSETS = HERE / "_assets"  # in the built wheel only: kmf/ (the bundle) and pyodide/ (hatch_build.py)
CHECKOUT = HERE.parents[1]  # src/kmf_site -> the project, in a source checkout (node_modules/)


class RuntimeMissing(RuntimeError):
    """Neither the package's assets nor the checkout's node_modules/ (esbuild, Pyodide) are there."""


class PackageFailed(RuntimeError):
    """A learner package could not be made into a wheel (the message says which and why)."""


class SnapshotFailed(RuntimeError):
    """Node could not make the memory snapshot (its stderr is in the message)."""


# what this process (make serve's rebuilds) made already, by its inputs' digest: a copy of it
_MADE: dict[str, Path] = {}


def _tree_digest(*paths: Path) -> str:
    """A digest of the files under ``paths`` (folders, or files), their names and contents."""
    digest = hashlib.sha256()
    for top in paths:
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top] if top.exists() else []
        for path in files:
            if "__pycache__" not in path.parts:
                digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _bundle_front_end(site_dir: Path) -> None:
    out = site_dir / "assets" / "kmf"
    if (ASSETS / "kmf").is_dir():  # the installed wheel's, bundled when it was built
        shutil.copytree(ASSETS / "kmf", out, dirs_exist_ok=True)
    elif (CHECKOUT / "node_modules" / "esbuild").exists():
        key = "bundle:" + _tree_digest(WEB, CHECKOUT / "node_modules" / ".package-lock.json")  # npm's record
        if key in _MADE and _MADE[key].is_dir():  # a rebuild with the same sources: esbuild saved
            shutil.copytree(_MADE[key], out, dirs_exist_ok=True)
        else:
            subprocess.run(["node", str(WEB / "build.mjs"), str(out)], check=True, cwd=CHECKOUT)
            _MADE[key] = Path(tempfile.mkdtemp(prefix="kmf-bundle-")) / "kmf"
            shutil.copytree(out, _MADE[key])
    else:
        raise RuntimeMissing("node_modules/ is missing: run `npm ci` (make serve and make build do it)")
    # the worker fetches the runner from ../kmf_runner.py, beside the bundle
    shutil.copy2(RUNNER, site_dir / "assets" / "kmf_runner.py")


def pyodide_dir() -> Path:
    """The pinned Pyodide's files: the installed wheel's, else the checkout's npm package."""
    shipped = ASSETS / "pyodide"
    found = shipped if shipped.is_dir() else CHECKOUT / "node_modules" / "pyodide"
    if not (found / "pyodide-lock.json").is_file():
        raise RuntimeMissing("node_modules/ is missing: run `npm ci` (make serve and make build do it)")
    return found


def _copy_pyodide(site_dir: Path) -> Path:
    target = site_dir / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(pyodide_dir() / name, target / name)
    return target


def build_wheel(project: Path, out_dir: Path) -> Path:
    """Build the wheel of the project folder ``project`` (its pyproject.toml) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        uv = shutil.which("uv")
        if uv:
            command = [uv, "build", "--wheel", "--quiet", "--out-dir", tmp, str(project)]
        else:
            command = [sys.executable, "-m", "build", "--wheel", "--outdir", tmp, str(project)]
        done = subprocess.run(command, cwd=project, capture_output=True, text=True)
        if done.returncode != 0:
            raise PackageFailed(f"Building the wheel of {project} failed:\n{(done.stdout + done.stderr)[-3000:]}")
        (wheel,) = Path(tmp).glob("*.whl")
        target = out_dir / wheel.name
        target.unlink(missing_ok=True)
        shutil.move(wheel, target)
    return target


def wheel_of(package: Path, out_dir: Path) -> Path:
    """The wheel of a learner package: ``package`` itself when it is a ``.whl``, else the wheel
    built from that project folder."""
    if package.suffix == ".whl":
        if not package.is_file():
            raise PackageFailed(f"{package}: no such wheel")
        return package
    if not (package / "pyproject.toml").is_file():
        raise PackageFailed(f"{package}: a learner package is a project folder with a pyproject.toml, or a .whl")
    key = "wheel:" + _tree_digest(package, *_named_sources(package))
    made = _MADE.get(key)
    if made is not None and made.is_file():  # a rebuild with the same sources: the build saved
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(made, out_dir / made.name))
    wheel = build_wheel(package, out_dir)
    _MADE[key] = Path(tempfile.mkdtemp(prefix="kmf-wheel-")) / wheel.name
    shutil.copy2(wheel, _MADE[key])
    return wheel


def _named_sources(package: Path) -> list[Path]:
    """Files and folders outside ``package`` that its pyproject.toml names (a quoted relative path,
    such as hatch's force-include of ``../src/retrain_lab``): the wheel is built from them too."""
    found = []
    for name in re.findall(r'"([^"\n]*\.\.[^"\n]*)"', (package / "pyproject.toml").read_text()):
        path = (package / name).resolve()
        if path.exists() and not path.is_relative_to(package.resolve()):
            found.append(path)
    return found


def import_names(wheel: Path) -> list[str]:
    """The top-level names a wheel installs (what ``import`` names), from its file list."""
    names = set()
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            top = member.split("/", 1)[0]
            if top.endswith((".dist-info", ".data")) or top.endswith(".pth"):
                continue
            names.add(top.removesuffix(".py") if "/" not in member else top)
    return sorted(names)


def write_lockfile(index_dir: Path, wheels: Path | list[Path]) -> None:
    """Copy the wheels into index_dir and register them in index_dir/pyodide-lock.json."""
    wheels = [wheels] if isinstance(wheels, Path) else list(wheels)
    source = pyodide_dir() / "pyodide-lock.json"
    if not wheels:
        shutil.copy2(source, index_dir / "pyodide-lock.json")
        return
    for wheel in wheels:
        shutil.copy2(wheel, index_dir / wheel.name)
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    subprocess.run(
        [str(pyodide_cli), "lockfile", "add-wheels",
         "--input", str(source),
         "--output", str(index_dir / "pyodide-lock.json"),
         "--base-path", str(index_dir),
         *(str(index_dir / wheel.name) for wheel in wheels)],
        check=True, cwd=index_dir, capture_output=True,
    )  # fmt: skip


_INDEX_MADE: dict[str, Path] = {}  # this process's lockfile, by its inputs' digest


def index_inputs_digest(wheels: list[Path]) -> str:
    """A digest of what the lockfile is made from: the wheels and Pyodide's own lockfile."""
    digest = hashlib.sha256()
    for path in [*wheels, pyodide_dir() / "pyodide-lock.json"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _wheels_and_lockfile(index_dir: Path, wheels: list[Path]) -> None:
    """Register the learner packages' wheels in the lockfile, or, when this process (``make
    serve``'s rebuilds) already did for the same wheels, copy that lockfile (a subprocess saved)."""
    key = index_inputs_digest(wheels)
    made = _INDEX_MADE.get(key)
    if made is not None and made.is_file():
        for wheel in wheels:
            shutil.copy2(wheel, index_dir / wheel.name)
        shutil.copy2(made, index_dir / "pyodide-lock.json")
        return
    write_lockfile(index_dir, wheels)
    keep = Path(tempfile.mkdtemp(prefix="kmf-index-")) / "pyodide-lock.json"
    shutil.copy2(index_dir / "pyodide-lock.json", keep)
    _INDEX_MADE[key] = keep


def install(site_dir: Path, wheels: list[Path] = ()) -> None:
    """Put the whole runtime into ``site_dir``, with the learner packages' ``wheels`` (see
    :func:`wheel_of`) in the browser's package index."""
    _bundle_front_end(site_dir)
    index_dir = _copy_pyodide(site_dir)
    _wheels_and_lockfile(index_dir, list(wheels))
    make_snapshot(index_dir)


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


def make_snapshot(index_dir: Path, cache_dir: Path | None = None) -> dict:
    """Make ``kmf-snapshot-<id>.bin.zst``, ``kmf-stdlib-<id>.zip.zst`` and ``pyodide.asm.wasm.gz``
    in ``index_dir`` (the Pyodide the site serves) and describe them in ``kmf-snapshot.json``, with
    the hashes of the snapshot's inputs; ``<id>`` is the hash of those. A snapshot is valid only for
    the exact files it was made from, so it is made on every build, or copied from ``cache_dir`` when
    one was made from inputs with the very same hashes. The worker (kmf_site/web/worker_boot.mjs) boots
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
        "pyodide": json.loads((pyodide_dir() / "package.json").read_text())["version"],
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
