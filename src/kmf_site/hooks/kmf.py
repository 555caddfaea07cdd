"""MkDocs hook: the site's runtime and its proof.

- Names each ``python {.run}`` block after the snippet it includes (the file name tracebacks show).
- Before building, runs the content checks (``pytest -m verify``): every snippet's output in
  CPython and Pyodide, every include, every quiz key. A mismatch fails the build, naming file:line.
  ``KMF_VERIFY=all`` (default) always checks, ``changed`` only when a source changed since the last
  green check (``make serve``), ``off`` never (the tests build the site this way, having checked).
- After building, bundles the front-end with esbuild, copies the pinned Pyodide from node_modules
  and registers the ``retrain_lab`` wheel in the site's ``pyodide-lock.json``; then makes the
  memory snapshot Python starts from (``make_snapshot``) and a gzip copy of the wasm.

The checks live in pytest, not here, so a later move to another renderer keeps all of them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.kmf")
ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "src" / "kmf_site" / "web"
RUNNER = ROOT / "src" / "kmf_site" / "runner.py"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
SOURCES = ["snippets", "docs", "src", "tests"]
STAMP = ROOT / ".cache" / "kmf-verified.json"

RUN_FENCE = re.compile(
    r'^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*python[ \t]*\{(?P<attrs>[^}\n]*\.run\b[^}\n]*)\}[ \t]*\n'
    r'(?P=indent)--8<--[ \t]+"(?P<path>[^"\n]+)"[ \t]*\n',
    re.MULTILINE,
)


def _title_runnable_blocks(markdown: str) -> str:
    def add_title(match: re.Match) -> str:
        attrs = match["attrs"]
        if "title=" not in attrs:
            attrs = f'{attrs.rstrip()} title="{Path(match["path"]).name}"'
        return (
            f'{match["indent"]}{match["fence"]}python {{{attrs}}}\n'
            f'{match["indent"]}--8<-- "{match["path"]}"\n'
        )

    return RUN_FENCE.sub(add_title, markdown)


def on_page_markdown(markdown, page, config, files):
    return _title_runnable_blocks(markdown)


# --- verification -----------------------------------------------------------------------------

def _sources_digest() -> str:
    digest = hashlib.sha256()
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _first_location(output: str) -> str | None:
    match = re.search(r"(?m)^(?:E\s+)?((?:snippets|docs)/[^\s:]+:\d+)", output)
    if match:
        return match[1]
    match = re.search(r"((?:snippets|docs)/[^\s:\"']+:\d+)", output)
    return match[1] if match else None


def verify() -> None:
    mode = os.environ.get("KMF_VERIFY", "all")
    if mode == "off":
        log.info("KMF_VERIFY=off: snippets and quiz answers are not verified in this build")
        return
    digest = _sources_digest() if mode == "changed" else None
    if digest and STAMP.exists() and json.loads(STAMP.read_text()).get("digest") == digest:
        log.info("Snippets unchanged since the last green verification")
        return
    log.info("Verifying every snippet in CPython and Pyodide (pytest -m verify)")
    command = [sys.executable, "-m", "pytest", "-m", "verify", "-x", "-q", "--tb=short",
               "-p", "no:cacheprovider", "--no-header"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode == 5:
        raise PluginError("Verification collected no tests: is tests/ missing?")
    if done.returncode != 0:
        report = (done.stdout + done.stderr).strip()
        where = _first_location(report) or "see the report above"
        sys.stderr.write(report[-6000:] + "\n")
        raise PluginError(f"Verification failed at {where}: a page shows what its code does not do.")
    if digest:
        STAMP.parent.mkdir(exist_ok=True)
        STAMP.write_text(json.dumps({"digest": digest}))


def on_pre_build(config):
    verify()


# --- the runtime in site/ ---------------------------------------------------------------------

def _bundle_front_end(site_dir: Path) -> None:
    if not (ROOT / "node_modules" / "esbuild").exists():
        raise PluginError("node_modules/ is missing: run `npm ci` (make serve and make build do it)")
    out = site_dir / "assets" / "kmf"
    subprocess.run(["node", str(WEB / "build.mjs"), str(out)], check=True, cwd=ROOT)
    # the worker fetches the runner from ../kmf_runner.py, beside the bundle
    shutil.copy2(RUNNER, site_dir / "assets" / "kmf_runner.py")


def _copy_pyodide(site_dir: Path) -> Path:
    target = site_dir / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copy2(PYODIDE_NPM / name, target / name)
    return target


def build_wheel(out_dir: Path) -> Path:
    """Build the retrain_lab wheel into out_dir and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("retrain_lab-*.whl"):
        old.unlink()
    uv = shutil.which("uv")
    if uv:
        command = [uv, "build", "--wheel", "--quiet", "--out-dir", str(out_dir), str(ROOT)]
    else:
        command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out_dir), str(ROOT)]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
    (wheel,) = out_dir.glob("retrain_lab-*.whl")
    return wheel


def write_lockfile(index_dir: Path, wheel: Path) -> None:
    """Copy the wheel into index_dir and register it in index_dir/pyodide-lock.json."""
    shutil.copy2(wheel, index_dir / wheel.name)
    pyodide_cli = Path(sys.executable).with_name("pyodide")
    subprocess.run(
        [str(pyodide_cli), "lockfile", "add-wheels",
         "--input", str(PYODIDE_NPM / "pyodide-lock.json"),
         "--output", str(index_dir / "pyodide-lock.json"),
         "--base-path", str(index_dir),
         str(index_dir / wheel.name)],
        check=True, cwd=index_dir, capture_output=True,
    )


def on_post_build(config):
    site_dir = Path(config["site_dir"])
    _bundle_front_end(site_dir)
    index_dir = _copy_pyodide(site_dir)
    with tempfile.TemporaryDirectory() as tmp:
        write_lockfile(index_dir, build_wheel(Path(tmp)))
    make_snapshot(index_dir)


# --- the memory snapshot the reader's Python starts from ------------------------------------------

SNAPSHOT_MAKER = WEB / "make_snapshot.mjs"
# Everything the snapshot depends on: Pyodide checks only the wasm + asm.mjs build id, but the
# snapshot also holds the standard library's zip index and our runner and warm-up, imported.
SNAPSHOT_INPUTS = ["pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "pyodide.mjs"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _precompress(path: Path) -> dict:
    """Write ``path.gz`` beside ``path``: the worker fetches it and unpacks it as it streams in,
    so a host that does not compress WebAssembly still sends 3.6 MB, not 9.6 MB (one that does
    sends the same bytes either way)."""
    import gzip  # noqa: PLC0415 - only the build needs it

    packed = path.with_name(path.name + ".gz")
    packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
    return {"file": packed.name, "bytes": packed.stat().st_size, "sha256": _sha256(path)}


def make_snapshot(index_dir: Path) -> dict:
    """Make ``kmf-snapshot-<id>.bin.gz`` from the Pyodide in ``index_dir`` (the files the site
    serves), under Node, on every build (reusing .cache/'s copy only when every input hash is the
    same); describe it in ``kmf-snapshot.json`` with the hashes of its inputs. The worker
    (src/kmf_site/web/worker.mjs) boots from it where the connection is fast and falls back to a
    normal boot when it is missing or does not load."""
    inputs = {name: _sha256(index_dir / name) for name in SNAPSHOT_INPUTS}
    for path in (RUNNER, WEB / "boot.mjs", SNAPSHOT_MAKER):
        inputs[str(path.relative_to(ROOT))] = _sha256(path)
    snapshot_id = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]
    for old in index_dir.glob("kmf-snapshot*"):
        old.unlink()
    out = index_dir / f"kmf-snapshot-{snapshot_id}.bin.gz"
    # Made from exactly these inputs before (`make serve` rebuilds often): the same snapshot.
    cache = ROOT / ".cache" / "kmf-snapshot"
    cached, cached_info = cache / out.name, cache / f"{snapshot_id}.json"
    if cached.exists() and cached_info.exists():
        shutil.copy2(cached, out)
        made = json.loads(cached_info.read_text())
    else:
        done = subprocess.run(
            ["node", str(SNAPSHOT_MAKER), str(index_dir), str(RUNNER), str(out)],
            cwd=ROOT, capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise PluginError(f"Making Python's memory snapshot failed:\n{done.stderr[-3000:]}")
        made = json.loads(done.stdout)
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.iterdir():  # keep one entry: the inputs of this build
            stale.unlink(missing_ok=True)
        partial = cache / f".{out.name}.{os.getpid()}"
        shutil.copy2(out, partial)
        cached_info.write_text(json.dumps(made))
        os.replace(partial, cached)  # a build running beside this one sees all of it or none
    info = {"id": snapshot_id, "file": out.name, "bytes": made["bytes"], "gzipBytes": made["gzipBytes"],
            "pyodide": json.loads((PYODIDE_NPM / "package.json").read_text())["version"],
            "inputs": inputs}
    info["wasmGzip"] = _precompress(index_dir / "pyodide.asm.wasm")
    (index_dir / "kmf-snapshot.json").write_text(json.dumps(info, indent=1) + "\n")
    log.info("Python snapshot: %s (%.1f MB, %.1f MB gzip) in %.1f s", out.name, made["bytes"] / 1e6,
             made["gzipBytes"] / 1e6, made["ms"] / 1000)
    return info
