// The one module Web Worker that owns Python. The page thread never runs Python.
//
// Page -> worker: {type: "init", interrupt?: SharedArrayBuffer, wasmModule?: WebAssembly.Module,
//                  saveData?: boolean, namespace?: string (the site's, namespace.js),
//                  packages?: [import name]} (the course's own wheels)
//                 {type: "run", id, code, filename, after?, session?, imports?, limits: {lines, bytes}}
//                 {type: "cancel", id}   (Stop before "started": the run is skipped)
// Worker -> page: {type: "ready", version, bootMs, how, phases} | {type: "fatal", message}
//                 {type: "wasm", module} (the compiled module, for the next worker)
//                 {type: "kept", after, ms} (this boot's snapshot is in Cache Storage for the next
//                 boot, written after "ready" or after a run)
//                 {type: "started", id} | {type: "output", id, stream, text}
//                 {type: "truncated", id} | {type: "done", id, exitCode, error, result, started}
//
// The interrupt buffer belongs to the page: it clears it before posting a run. The worker never
// writes to it, so a Stop that lands before the run starts is never lost.

import { decompress as unzstd } from "fzstd";
import { ENV, RUNNER_PATH, SYS_EXECUTABLE, WARM_UP, WARM_UP_PROGRAM, BEFORE_SNAPSHOT, afterRestore } from "./boot.mjs";
import { FORMAT, initialMemory, unpack } from "./snapshot_format.mjs";
import { createRunCore } from "./run_core.mjs"; // the run loop, shared with the build's harness
import { scoped } from "./namespace.js";

const here = new URL(".", import.meta.url);
const PYODIDE_DIR = new URL("../../pyodide/", here);
const PYODIDE_URL = new URL("pyodide.mjs", PYODIDE_DIR).href;
const EMSCRIPTEN_URL = new URL("pyodide.asm.mjs", PYODIDE_DIR).href; // loadPyodide imports it
// Never requested: the worker's fetch answers it with an empty file, read on demand (boot()).
const STDLIB_ON_FIRST_READ = new URL("kmf-stdlib-on-first-read.zip", PYODIDE_DIR).href;
const SNAPSHOT_INFO_URL = new URL("kmf-snapshot.json", PYODIDE_DIR).href; // written by the build
const RUNNER_URL = new URL("../kmf_runner.py", here).href;
// This browser's own copy of the snapshot it booted from (one entry, for the current build), in a
// cache of this site's own ("kmf-python-snapshot@<namespace>", set by "init"): another course on
// the same origin keeps its snapshot in its own, which this one never reads, replaces or deletes.
const CACHE_PREFIX = "kmf-python-snapshot@";
let cacheName = CACHE_PREFIX + scoped(new URL("../../", here).pathname); // the site's root path
// Before namespaces, every site on the origin kept its snapshot in this one cache, and each evicted
// the others'. A site removes its own entry from it (keyed under its own URL) and nothing else.
const LEGACY_CACHE = "kmf-python-snapshot";
// Keep downloading the build's snapshot while the rest of it is expected to take at most this much
// longer than the standard library a normal boot downloads instead: it saves about as much
// start-up (a normal boot spends 1.5-2.5 s starting Python on these machines, a restore 0.3 s).
// The link is judged over the snapshot's first SNAPSHOT_PROBE_MS. At 10 Mbit/s the 2.7 MB snapshot
// takes 0.85 s more than the 1.6 MB library: the snapshot; at 5 Mbit/s a normal boot.
const SNAPSHOT_BUDGET_MS = 1000;
const SNAPSHOT_PROBE_MS = 150;
// After a restore, the standard library is fetched this long after "ready" (unless read sooner).
const STDLIB_AFTER_MS = 2500;
// When the snapshot is written to Cache Storage: this long after "ready", or sooner, KEEP_QUIET_MS
// after a run if no other one has come by then. Never while a run is due (it would delay it), but
// before a standby (booted a moment into a later run) looks for it there.
const KEEP_AFTER_MS = 1500;
const KEEP_QUIET_MS = 50;

let pyodide = null;
let core = null; // the run loop (run_core.mjs), once Python is ready
let keepNow = null; // keeps this boot's snapshot in Cache Storage; null once called or if none
let keepTimer = 0;

/** Keep the snapshot in `ms`; `after` ("ready" or "run") says which moment it followed. */
function keepIn(ms, after) {
  clearTimeout(keepTimer);
  if (keepNow) keepTimer = setTimeout(() => keepNow?.(after), ms);
}
let interrupt = null;

function post(message) {
  self.postMessage(message);
}

// --- start-up ---------------------------------------------------------------------------------
//
// Three ways to a ready interpreter, tried in this order:
//   1. "cached":   this browser's snapshot for this build, from Cache Storage (no download);
//   2. "snapshot": the build's snapshot (pyodide/kmf-snapshot-<id>.bin.zst: the pages that differ
//                  from the wasm's own initial memory, zstd), unless the reader asked to save data
//                  or its first part shows a link so slow that a normal boot is sooner;
//   3. "boot":     a normal start-up, which then takes its own snapshot for the next boot.
// Whatever booted, the snapshot ends up in Cache Storage, so a restart after Stop, another tab or
// a returning visitor takes way 1. A snapshot that fails to load falls back to the next way.
//
// Python's standard library (pyodide/kmf-stdlib-<id>.zip.zst, the snapshot's zip) is needed at
// once only by a normal boot. A restored interpreter has already imported what start-up and the
// warm-up need, so it gets the zip on first read: a program importing a module the snapshot does
// not hold, or a traceback quoting the library's source. That read unpacks it, downloading it
// first (synchronously, which a worker may do) unless it was fetched in the background a while
// after "ready" (only fetched: unpacking it then would hold the thread a reader's Run may want).

async function boot(message) {
  const started = performance.now();
  const runnerSource = fetch(RUNNER_URL).then((response) => response.text());
  const infoRequest = fetch(SNAPSHOT_INFO_URL)
    .then((response) => (response.ok ? response.json() : null))
    .then((info) => (info?.format === FORMAT ? info : null)) // another build's format: a normal boot
    .catch(() => null);
  const { loadPyodide } = await import(PYODIDE_URL);
  const info = await infoRequest;
  const phases = {};
  const mark = (name) => (phases[name] = Math.round(performance.now() - started));
  let how = null;
  let snapshotToKeep = null;

  const wasm = serveWasm(info?.wasmGzip ? new URL(info.wasmGzip.file, PYODIDE_DIR).href : null, message.wasmModule);
  const options = { env: { ...ENV }, _sysExecutable: SYS_EXECUTABLE };
  const stdlib = info ? standardLibrary(new URL(info.stdlib.file, PYODIDE_DIR).href) : null;
  const restoring = info && {
    ...options,
    stdLibURL: STDLIB_ON_FIRST_READ,
    fsInit: (FS, { sitePackages }) => mountOnFirstRead(FS, sitePackages, stdlib, info.stdlib.size),
  };
  const saveData = Boolean(message.saveData || self.navigator?.connection?.saveData);
  const cached = info ? await findCachedSnapshot(info.id) : null;
  mark("cache");
  if (cached) {
    // Nothing to download (so no link to measure): loadPyodide would import Pyodide's Emscripten
    // module (1.2 MB of JavaScript, about 100 ms to evaluate), then wait for the snapshot, then
    // compile the wasm, one after the other. Here the three go side by side (both imports get the
    // same module; a failure here is loadPyodide's to report).
    import(EMSCRIPTEN_URL).catch(() => {});
    wasm.compile();
    const bytes = cached.arrayBuffer();
    bytes.catch(() => {}); // a failed read is loadPyodide's failure (below), not an unhandled one
    pyodide = await loadPyodide({ ...restoring, _loadSnapshot: bytes }).catch(() => null);
    if (pyodide) how = "cached";
    else await forgetCachedSnapshots();
  }
  if (!pyodide && info && !saveData) {
    try {
      const packed = await fetchSnapshot(new URL(info.file, PYODIDE_DIR).href, info, phases);
      mark("snapshot-fetched");
      if (packed) {
        // The packed pages go over the memory a fresh instance of the wasm starts with.
        const bytes = wasm.compile().then(async (module) => {
          mark("wasm-compiled");
          const initial = await initialMemory(module);
          mark("initial-memory");
          const pages = unzstd(packed);
          mark("unzstd");
          const snapshot = unpack(pages, initial);
          mark("unpacked");
          return snapshot;
        });
        bytes.catch(() => {});
        pyodide = await loadPyodide({ ...restoring, _loadSnapshot: bytes });
        how = "snapshot";
        snapshotToKeep = await bytes;
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
  if (how === "boot") {
    pyodide.FS.writeFile(RUNNER_PATH, await runnerSource);
    pyodide.runPython(WARM_UP);
    if (info) {
      try {
        pyodide.runPython(BEFORE_SNAPSHOT);
        snapshotToKeep = pyodide.makeMemorySnapshot();
      } catch {
        snapshotToKeep = null; // this browser cannot: every boot stays a normal one
      } finally {
        pyodide.runPython("import sys\nsys.path.insert(0, '')\nsys.modules.pop('js', None)\ndel sys");
        // Booted to be snapshotted, Pyodide's `js` module wraps the globals in a recording proxy on
        // which getters fail (`from js import navigator`: "Illegal invocation"): use the real ones.
        pyodide.registerJsModule("js", self);
      }
      mark("snapshot-made");
    }
  } else {
    pyodide.FS.writeFile(RUNNER_PATH, await runnerSource); // for tracebacks' source lines
    pyodide.runPython(afterRestore(self.navigator?.language));
  }
  core = createRunCore(pyodide, { post, beforeStart, stopped, localPackages: message.packages ?? [] });
  core.warmUp(WARM_UP_PROGRAM);
  mark("warm");
  if (message.interrupt) {
    interrupt = new Int32Array(message.interrupt);
    pyodide.setInterruptBuffer(interrupt);
  }
  if (compiledModule) post({ type: "wasm", module: compiledModule });
  if (snapshotToKeep && how !== "cached") {
    const bytes = snapshotToKeep;
    keepNow = (after) => {
      keepNow = null;
      const begun = performance.now();
      keepSnapshot(info.id, bytes).then(() => post({ type: "kept", after, ms: Math.round(performance.now() - begun) }));
    };
    keepIn(KEEP_AFTER_MS, "ready");
    snapshotToKeep = null;
  }
  // Not before the reader's first run could use the thread, and never for a reader saving data.
  if (how !== "boot" && stdlib && !saveData) setTimeout(stdlib.prefetch, STDLIB_AFTER_MS);
  return { version: pyodide.version, bootMs: Math.round(performance.now() - started), how, phases };
}

/**
 * Pyodide fetches pyodide.asm.wasm and instantiates it; here it gets one module per worker,
 * compiled when Pyodide fetches it or sooner (boot() calls compile() when nothing is downloaded).
 * Two shortcuts:
 * - the page hands a worker that replaces another the module the first one compiled (a
 *   WebAssembly.Module is shared, not copied, between a page and its workers): nothing is fetched
 *   or compiled again, and the code the first worker had compiled stays compiled;
 * - otherwise fetch the build's gzip copy, unpacked as it streams in (compilation streams too). A
 *   host that compresses sends about the same bytes either way; one that does not (many static
 *   hosts) sends 3.6 MB instead of 9.6 MB. If the copy is missing, the original is fetched.
 * The module is then offered to the page ("wasm").
 */
function serveWasm(gzipURL, givenModule) {
  const wasmURL = new URL("pyodide.asm.wasm", PYODIDE_DIR).href;
  const fetchOriginal = self.fetch.bind(self);
  let compiling = null;
  const compile = () => {
    compiling ??= (async () => {
      if (givenModule) return givenModule;
      const packed = gzipURL ? await fetchOriginal(gzipURL).catch(() => null) : null;
      const body = packed?.ok ? await gunzipped(packed.body) : null;
      const response = body
        ? new Response(body, { headers: { "Content-Type": "application/wasm" } })
        : await fetchOriginal(wasmURL);
      return (compiledModule = await WebAssembly.compileStreaming(response));
    })();
    compiling.catch(() => {}); // reported when Pyodide instantiates it (below)
    return compiling;
  };
  const ours = new WeakSet(); // the responses handed to Pyodide for pyodide.asm.wasm
  self.fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url === STDLIB_ON_FIRST_READ) return new Response(new Uint8Array(0)); // see boot()
    if (url !== wasmURL) return fetchOriginal(input, init);
    compile();
    const response = new Response(new Uint8Array(0), { headers: { "Content-Type": "application/wasm" } });
    ours.add(response);
    return response;
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (!ours.has(response)) return instantiateStreaming(response, imports);
    try {
      const module = await compile();
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    } catch (failure) {
      // Pyodide only logs a failed WebAssembly download or compile, and then waits forever: say so.
      wasmFailed(failure);
      throw failure;
    }
  };
  return { compile };
}

function wasmFailed(failure) {
  post({ type: "fatal", message: `Python's WebAssembly could not be loaded (${failure?.message || failure})` });
}
let compiledModule = null; // compiled here (not given by the page): offered to the page after boot

/**
 * Download the build's packed snapshot; null once its first SNAPSHOT_PROBE_MS show a link on which
 * the rest would take more than SNAPSHOT_BUDGET_MS longer than the standard library (the download
 * is then cancelled: a normal boot is sooner). From the HTTP cache it comes at once.
 */
async function fetchSnapshot(url, info, phases) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const reader = response.body.getReader();
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

/**
 * Python's standard library (a stored zip, zstd-compressed): fetched at most once (prefetch() only
 * downloads it, in the background), unpacked when it is read.
 */
function standardLibrary(url) {
  let bytes = null;
  let packed = null; // the download, once it has come
  let pending = null;
  const download = () =>
    (pending ??= fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then((buffer) => (packed = buffer))
      .catch((failure) => {
        pending = null; // the next read tries again
        throw failure;
      }));
  const unpackZip = (buffer) => (bytes ??= unzstd(new Uint8Array(buffer)));
  return {
    get: () => download().then(unpackZip),
    prefetch: () => download().catch(() => {}),
    /** The bytes now (Python is reading them): a synchronous download, which a worker may make. */
    getSync() {
      if (bytes) return bytes;
      if (packed) return unpackZip(packed);
      try {
        const request = new XMLHttpRequest();
        request.open("GET", url, false);
        request.responseType = "arraybuffer";
        request.send();
        if (request.status === 200) return unpackZip(request.response);
      } catch {
        // offline, or the host is gone: as below
      }
      return null;
    },
  };
}

/**
 * Pyodide wrote an empty file for STDLIB_ON_FIRST_READ at /lib/pythonXY.zip: give it the standard
 * library's size, and its bytes on first read. A download that fails reads as zeros, which Python's
 * zipimport reports as a bad zip (an ImportError), and the next read tries again.
 */
async function mountOnFirstRead(FS, sitePackages, stdlib, size) {
  const path = sitePackages.replace(/\/python(\d+)\.(\d+)\/site-packages$/, "/python$1$2.zip");
  while (!FS.analyzePath(path).exists) await new Promise((resolve) => setTimeout(resolve, 0));
  const node = FS.lookupPath(path).node;
  let contents = null;
  Object.defineProperty(node, "contents", {
    configurable: true,
    get: () => (contents ??= stdlib.getSync()) ?? new Uint8Array(size),
    set: (value) => {
      contents = value;
    },
  });
  node.usedBytes = size;
}

/**
 * The bytes of a `.gz` file's body, unpacked. A host that sends such a file with
 * `Content-Encoding: gzip` has the browser unpack it already: then the body no longer starts with
 * gzip's magic number (1f 8b) and is passed on as it is.
 */
async function gunzipped(body) {
  const reader = body.getReader();
  const first = await reader.read();
  const head = first.value ?? new Uint8Array(0);
  const whole = new ReadableStream({
    start(controller) {
      if (head.length) controller.enqueue(head);
      if (first.done) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const packed = head[0] === 0x1f && head[1] === 0x8b;
  return packed ? whole.pipeThrough(new DecompressionStream("gzip")) : whole;
}

function cacheKey(id) {
  return new URL(`kmf-python-snapshot/${id}`, PYODIDE_DIR).href;
}

/** This browser's copy of snapshot `id` (a Response whose body is read while Pyodide sets up), or null. */
async function findCachedSnapshot(id) {
  try {
    const cache = await self.caches.open(cacheName);
    return (await cache.match(cacheKey(id))) ?? null;
  } catch {
    return null; // no Cache Storage here (an insecure origin, a private window)
  }
}

async function keepSnapshot(id, bytes) {
  try {
    const cache = await self.caches.open(cacheName);
    for (const request of await cache.keys()) if (request.url !== cacheKey(id)) await cache.delete(request);
    // A Blob: the browser takes its bytes without this thread's help, so a program started meanwhile
    // (which holds the thread) cannot stall the write, nor a standby's read queued behind it.
    const body = new Blob([bytes], { type: "application/octet-stream" });
    await cache.put(cacheKey(id), new Response(body, { headers: { "Content-Type": "application/octet-stream" } }));
  } catch {
    // full or unavailable: the next boot is a normal one
  }
  await forgetLegacySnapshot();
}

/** This site's entries in the cache every site shared before namespaces; the cache once it is empty. */
async function forgetLegacySnapshot() {
  try {
    if (!(await self.caches.has(LEGACY_CACHE))) return;
    const cache = await self.caches.open(LEGACY_CACHE);
    for (const request of await cache.keys()) if (request.url.startsWith(PYODIDE_DIR.href)) await cache.delete(request);
    if ((await cache.keys()).length === 0) await self.caches.delete(LEGACY_CACHE);
  } catch {
    // unavailable: nothing to forget
  }
}

async function forgetCachedSnapshots() {
  try {
    await self.caches.delete(cacheName);
  } catch {
    // nothing to forget
  }
}

// A task boundary: lets a "cancel" posted right after a "run" arrive before the program starts.
function yieldToMessages() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const cancelled = new Set(); // ids of runs stopped before they started
let lastDone = 0; // a "cancel" crossing the run's "done" is ignored

// Before a program starts: without an interrupt buffer, let a "cancel" posted right after the
// "run" arrive; a Stop that came (buffer set, or "cancel") skips the run.
async function beforeStart() {
  if (!interrupt) await yieldToMessages(); // with a buffer, Stop is read from it
}

function stopped(id) {
  return cancelled.has(id) || (interrupt !== null && Atomics.load(interrupt, 0) !== 0);
}

async function run(message) {
  clearTimeout(keepTimer); // not during a run (its set-up awaits)
  try {
    await core.run(message);
  } finally {
    cancelled.delete(message.id);
    lastDone = Math.max(lastDone, message.id);
    keepIn(KEEP_QUIET_MS, "run");
  }
}

// A failed download inside Pyodide's start-up can surface as an unhandled rejection rather than
// as loadPyodide() rejecting; until Python is ready, report any such failure as fatal.
let booted = false;
function bootFailure(event) {
  if (booted) return;
  event.preventDefault?.();
  const reason = event.reason ?? event.error ?? event.message;
  post({ type: "fatal", message: String(reason?.message || reason || "start-up failed") });
}
self.addEventListener("unhandledrejection", bootFailure);
self.addEventListener("error", bootFailure);

let chain = Promise.resolve();
self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    if (typeof message.namespace === "string") cacheName = CACHE_PREFIX + scoped(message.namespace);
    chain = chain
      .then(() => boot(message))
      .then((info) => {
        booted = true;
        post({ type: "ready", ...info });
      })
      .catch((failure) => post({ type: "fatal", message: String(failure?.message || failure) }));
  } else if (message.type === "run") {
    chain = chain.then(() => run(message));
  } else if (message.type === "cancel") {
    if (message.id > lastDone) cancelled.add(message.id);
  }
};
