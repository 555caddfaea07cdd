// @ts-check
// How the worker that owns Python gets a ready interpreter. Three ways, tried in this order:
//   1. "cached":   this browser's snapshot for this build, from Cache Storage (no download;
//                  worker_cache.mjs);
//   2. "snapshot": the build's snapshot (pyodide/kmf-snapshot-<id>.bin.zst: the pages that differ
//                  from the wasm's own initial memory, zstd; snapshot_format.mjs), unless the reader
//                  asked to save data or its first part shows a link so slow that a normal boot is sooner;
//   3. "boot":     a normal start-up, which then takes its own snapshot for the next boot.
// Whatever booted, the snapshot ends up in Cache Storage (worker.mjs keeps it), so a restart after
// Stop, another tab or a returning visitor takes way 1. A snapshot that fails to load falls back to
// the next way. Python's standard library comes on first read after a restore (worker_stdlib.mjs);
// the WebAssembly from worker_wasm.mjs.

import { decompress as unzstd } from "fzstd";
import { ENV, RUNNER_PATH, SYS_EXECUTABLE, WARM_UP, BEFORE_SNAPSHOT, afterRestore } from "./boot.mjs";
import { FORMAT, initialMemory, unpack } from "./snapshot_format.mjs";
import { mountOnFirstRead, ownBuffer, standardLibrary } from "./worker_stdlib.mjs";
import { serveWasm } from "./worker_wasm.mjs";

/** @typedef {import("pyodide").PyodideAPI} PyodideAPI */
/** @typedef {import("pyodide").loadPyodide} LoadPyodide */
/** @typedef {Parameters<LoadPyodide>[0] & {}} PyodideConfig */
/** @typedef {import("./protocol.js").InitMessage} InitMessage */
/** @typedef {import("./protocol.js").BootWay} BootWay */
/** @typedef {import("./worker_cache.mjs").SnapshotCache} SnapshotCache */

/**
 * pyodide/kmf-snapshot.json, as kmf_site/runtime.py writes it (the fields read here).
 * @typedef {object} SnapshotInfo
 * @property {string} format snapshot_format.mjs's FORMAT (another build's format: a normal boot)
 * @property {string} id
 * @property {string} file the packed snapshot, in pyodide/
 * @property {number} packedBytes its size
 * @property {{file: string, bytes: number, size: number}} stdlib the standard library: packed
 *   file, its size, and its size unpacked
 * @property {{file: string} | undefined} wasmGzip the gzip copy of pyodide.asm.wasm
 */

/**
 * Where the worker finds the site's files.
 * @typedef {object} SitePaths
 * @property {URL} pyodide the site's pyodide/ folder
 * @property {URL} runner kmf_site/runner.py, as served (assets/kmf_runner.py)
 */

/**
 * @typedef {object} Booted
 * @property {PyodideAPI} pyodide
 * @property {BootWay} how
 * @property {Record<string, number>} phases milliseconds since the boot began, by step
 * @property {number} started performance.now() when it began
 * @property {string | null} id the build's snapshot id (null without kmf-snapshot.json)
 * @property {Uint8Array<ArrayBuffer> | null} toKeep a snapshot to keep in Cache Storage (null: booted from there, or none)
 * @property {(() => Promise<void>) | null} prefetchStdlib downloads the standard library (null when
 *   it is there already, or there is none of the build's)
 * @property {WebAssembly.Module | null} compiledHere the module this worker compiled (for the next one)
 */

// Keep downloading the build's snapshot while the rest of it is expected to take at most this much
// longer than the standard library a normal boot downloads instead: it saves at least as much
// start-up. Measured on two desktop cores at 10 Mbit/s (Chromium's emulation, as in make bench),
// "ready" came 1.7 s after a normal boot's last byte and 0.4 s after a restore's: 1.3 s saved, and
// a phone's slower CPU saves several times that. The link is judged over the snapshot's first
// SNAPSHOT_PROBE_MS, while the page still downloads its own modules, so the judged time runs high:
// the 2.7 MB snapshot's extra over the 1.6 MB library was judged 1.1-1.2 s at 10 Mbit/s (0.85 s at
// the full rate; the snapshot, 0.9x the bare runner's ready), 1.6 s at 7 Mbit/s and 3.1 s at
// 5 Mbit/s (normal boots).
const SNAPSHOT_BUDGET_MS = 1500;
const SNAPSHOT_PROBE_MS = 150;

/**
 * Boot Python the quickest way this browser can, with kmf_runner written and the warm-up run.
 * @param {object} options
 * @param {InitMessage} options.init
 * @param {SitePaths} options.paths
 * @param {SnapshotCache} options.cache
 * @param {(message: string) => void} options.fatal says that Python cannot start
 * @returns {Promise<Booted>}
 */
export async function bootPython({ init, paths, cache, fatal }) {
  const started = performance.now();
  const pyodideDir = paths.pyodide;
  const runnerSource = fetch(paths.runner).then((response) => response.text());
  /** @type {Promise<SnapshotInfo | null>} */
  const infoRequest = fetch(new URL("kmf-snapshot.json", pyodideDir))
    .then((response) => (response.ok ? response.json() : null))
    .then((info) => (info?.format === FORMAT ? info : null)) // another build's format: a normal boot
    .catch(() => null);
  const pyodideURL = new URL("pyodide.mjs", pyodideDir).href;
  const { loadPyodide } = /** @type {{loadPyodide: LoadPyodide}} */ (await import(pyodideURL));
  const info = await infoRequest;
  /** @type {Record<string, number>} */
  const phases = {};
  /** @param {string} name */
  const mark = (name) => (phases[name] = Math.round(performance.now() - started));
  /** @type {PyodideAPI | null} */
  let pyodide = null;
  /** @type {BootWay} */
  let how = "boot";
  /** @type {Uint8Array<ArrayBuffer> | null} */
  let toKeep = null;

  // Never requested: the worker's fetch answers it with an empty file, read on demand (worker_stdlib.mjs).
  const stdlibOnFirstRead = new URL("kmf-stdlib-on-first-read.zip", pyodideDir).href;
  const wasm = serveWasm({
    pyodideDir,
    gzipURL: info?.wasmGzip ? new URL(info.wasmGzip.file, pyodideDir).href : null,
    givenModule: init.wasmModule,
    emptyURL: stdlibOnFirstRead,
    fatal,
  });
  /** @type {PyodideConfig} */
  const options = { env: { ...ENV }, _sysExecutable: SYS_EXECUTABLE };
  const stdlib = info ? standardLibrary(new URL(info.stdlib.file, pyodideDir).href) : null;
  /** @type {PyodideConfig | null} */
  const restoring =
    info && stdlib
      ? {
          ...options,
          stdLibURL: stdlibOnFirstRead,
          fsInit: (FS, { sitePackages }) => mountOnFirstRead(FS, sitePackages, stdlib, info.stdlib.size),
        }
      : null;
  const saveData = init.saveData || saveDataAsked();
  const cached = info ? await cache.find(info.id) : null;
  mark("cache");
  if (cached) {
    // Nothing to download (so no link to measure): loadPyodide would import Pyodide's Emscripten
    // module (1.2 MB of JavaScript, about 100 ms to evaluate), then wait for the snapshot, then
    // compile the wasm, one after the other. Here the three go side by side (both imports get the
    // same module; a failure here is loadPyodide's to report).
    import(new URL("pyodide.asm.mjs", pyodideDir).href).catch(() => {});
    wasm.compile();
    const bytes = cached.arrayBuffer();
    bytes.catch(() => {}); // a failed read is loadPyodide's failure (below), not an unhandled one
    pyodide = await loadPyodide({ ...restoring, _loadSnapshot: bytes }).catch(() => null);
    if (pyodide) how = "cached";
    else await cache.forget();
  }
  if (!pyodide && info && !saveData) {
    try {
      const packed = await fetchSnapshot(new URL(info.file, pyodideDir).href, info, phases);
      mark("snapshot-fetched");
      if (packed) {
        // The packed pages go over the memory a fresh instance of the wasm starts with.
        /** @type {Uint8Array | null} */
        let pages = null;
        const bytes = wasm.compile().then(async (module) => {
          mark("wasm-compiled");
          const initial = await initialMemory(module);
          mark("initial-memory");
          if (!pages) {
            pages = unzstd(packed);
            mark("unzstd");
          }
          const snapshot = unpack(pages, initial);
          mark("unpacked");
          return snapshot;
        });
        bytes.catch(() => {});
        const loading = loadPyodide({ ...restoring, _loadSnapshot: bytes });
        if (phases.snapshotExtraMs !== undefined) {
          // A link slow enough for the probe to judge it: the WebAssembly's download (3.5 MB)
          // has just begun and takes seconds, so the pages are unpacked now, while it comes, not
          // after it (about 100 ms less between its last byte and "ready"). On a fast link the
          // worker's thread is left to feed the wasm's streaming compile instead.
          pages = unzstd(packed);
          mark("unzstd-early");
        }
        pyodide = await loading;
        how = "snapshot";
        toKeep = await bytes;
      }
    } catch {
      pyodide = null; // a missing, damaged or stale snapshot: boot normally
    }
  }
  if (!pyodide) {
    // Without the build's description (or with another format's), Pyodide's own python_stdlib.zip.
    const stdLibURL = stdlib ? URL.createObjectURL(new Blob([await stdlib.get()])) : undefined;
    mark("stdlib");
    pyodide = await loadPyodide({ ...options, ...(stdLibURL && { stdLibURL }), _makeSnapshot: Boolean(info) });
    how = "boot";
    if (stdLibURL) URL.revokeObjectURL(stdLibURL);
  }
  mark("loaded");
  pyodide.FS.writeFile(RUNNER_PATH, await runnerSource); // a restore has it too: for tracebacks' source lines
  if (how === "boot") {
    pyodide.runPython(WARM_UP);
    if (info) {
      try {
        pyodide.runPython(BEFORE_SNAPSHOT);
        toKeep = ownBuffer(pyodide.makeMemorySnapshot());
      } catch {
        toKeep = null; // this browser cannot: every boot stays a normal one
      } finally {
        pyodide.runPython("import sys\nsys.path.insert(0, '')\nsys.modules.pop('js', None)\ndel sys");
        // Booted to be snapshotted, Pyodide's `js` module wraps the globals in a recording proxy on
        // which getters fail (`from js import navigator`: "Illegal invocation"): use the real ones.
        pyodide.registerJsModule("js", self);
      }
      mark("snapshot-made");
    }
  } else {
    pyodide.runPython(afterRestore(self.navigator?.language));
  }
  return {
    pyodide,
    how,
    phases,
    started,
    id: info?.id ?? null,
    toKeep: how === "cached" ? null : toKeep,
    // Not before the reader's first run could use the thread, and never for a reader saving data.
    prefetchStdlib: how !== "boot" && stdlib && !saveData ? stdlib.prefetch : null,
    compiledHere: wasm.compiledHere(),
  };
}

/**
 * The reader's data saver (Save-Data), as the worker sees it. `navigator.connection` (the Network
 * Information API, Chromium only) is not in TypeScript's DOM types.
 * @returns {boolean}
 */
function saveDataAsked() {
  const navigator = /** @type {Navigator & {connection?: {saveData?: boolean}}} */ (self.navigator);
  return Boolean(navigator?.connection?.saveData);
}

/**
 * Download the build's packed snapshot; null once its first SNAPSHOT_PROBE_MS show a link on which
 * the rest would take more than SNAPSHOT_BUDGET_MS longer than the standard library (the download
 * is then cancelled: a normal boot is sooner). From the HTTP cache it comes at once.
 * @param {string} url
 * @param {SnapshotInfo} info
 * @param {Record<string, number>} phases gets snapshotExtraMs, the judged extra time
 * @returns {Promise<Uint8Array | null>}
 */
async function fetchSnapshot(url, info, phases) {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  const reader = response.body.getReader();
  /** @type {Uint8Array[]} */
  const chunks = [];
  let received = 0;
  let since = 0; // when the first bytes came: the latency before them says nothing of the rate
  let base = 0;
  let judged = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    const now = performance.now();
    if (!since) {
      since = now;
      base = received;
    } else if (!judged && now - since >= SNAPSHOT_PROBE_MS) {
      judged = true;
      const perMs = (received - base) / (now - since);
      const extraMs = Math.round((info.packedBytes - received - info.stdlib.bytes) / perMs);
      phases.snapshotExtraMs = extraMs;
      if (extraMs > SNAPSHOT_BUDGET_MS) {
        reader.cancel().catch(() => {});
        return null;
      }
    }
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
