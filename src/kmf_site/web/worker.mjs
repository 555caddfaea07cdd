// @ts-check
// The one module Web Worker that owns Python. The page thread never runs Python.
//
// The messages it takes and sends are protocol.js's (PageToWorker, WorkerToPage). This file handles
// them one after another: "init" boots Python (worker_boot.mjs: snapshot, standard library,
// WebAssembly), "run" runs a program through the run loop (run_core.mjs: output caps, local
// packages, sessions), "cancel" skips a run that has not started. Between runs it writes this
// boot's snapshot to Cache Storage for the next boot (worker_cache.mjs).
//
// The interrupt buffer belongs to the page: it clears it before posting a run. The worker never
// writes to it, so a Stop that lands before the run starts is never lost.

import { createRunCore } from "./run_core.mjs"; // the run loop, shared with the build's harness
import { bootPython } from "./worker_boot.mjs";
import { NOTHING_TO_KEEP, keeper, snapshotCache } from "./worker_cache.mjs";
import { WARM_UP_PROGRAM } from "./boot.mjs";

/** @typedef {import("./protocol.js").PageToWorker} PageToWorker */
/** @typedef {import("./protocol.js").WorkerToPage} WorkerToPage */
/** @typedef {import("./protocol.js").InitMessage} InitMessage */
/** @typedef {import("./protocol.js").RunMessage} RunMessage */
/** @typedef {import("./protocol.js").ReadyMessage} ReadyMessage */
/** @typedef {import("./run_core.mjs").RunCore} RunCore */
/** @typedef {import("./worker_cache.mjs").Keeper} Keeper */

// This file is bundled as assets/kmf/worker.js; the site's root is two folders up.
const here = new URL(".", import.meta.url);
const SITE_ROOT = new URL("../../", here);
const PATHS = { pyodide: new URL("pyodide/", SITE_ROOT), runner: new URL("../kmf_runner.py", here) };
// After a restore, the standard library is fetched this long after "ready" (unless read sooner).
const STDLIB_AFTER_MS = 2500;
// When the snapshot is written to Cache Storage: this long after "ready", or sooner, KEEP_QUIET_MS
// after a run if no other one has come by then. Never while a run is due (it would delay it), but
// before a standby (booted a moment into a later run) looks for it there.
const KEEP_AFTER_MS = 1500;
const KEEP_QUIET_MS = 50;

/**
 * Everything this worker holds, set by "init" and the runs.
 * @type {{
 *   core: RunCore | null,
 *   interrupt: Int32Array | null,
 *   keeper: Keeper,
 *   booted: boolean,
 *   queue: Promise<void>,
 *   cancelled: Set<number>,
 *   lastDone: number,
 * }}
 */
const state = {
  core: null, // the run loop, once Python is ready
  interrupt: null, // the page's interrupt buffer (cross-origin isolated pages only)
  keeper: NOTHING_TO_KEEP, // writes this boot's snapshot to Cache Storage, once
  booted: false, // Python is ready: later failures are runs', not the start-up's
  queue: Promise.resolve(), // "init" and the runs, one after another
  cancelled: new Set(), // ids of runs stopped before they started
  lastDone: 0, // a "cancel" crossing the run's "done" is ignored
};

/** @param {WorkerToPage} message */
function post(message) {
  self.postMessage(message);
}

/** @param {string} message */
const fatal = (message) => post({ type: "fatal", message });

/**
 * @param {InitMessage} init
 * @returns {Promise<ReadyMessage>}
 */
async function boot(init) {
  const cache = snapshotCache(init.namespace, PATHS.pyodide);
  const booted = await bootPython({ init, paths: PATHS, cache, fatal });
  const { pyodide, how, phases, started } = booted;
  state.core = createRunCore(pyodide, { post, beforeStart, stopped, localPackages: init.packages });
  state.core.warmUp(WARM_UP_PROGRAM);
  phases.warm = Math.round(performance.now() - started);
  if (init.interrupt) {
    state.interrupt = new Int32Array(init.interrupt);
    pyodide.setInterruptBuffer(state.interrupt);
  }
  if (booted.compiledHere) post({ type: "wasm", module: booted.compiledHere });
  if (booted.toKeep && booted.id) {
    state.keeper = keeper(cache, booted.id, booted.toKeep, (after, ms) => post({ type: "kept", after, ms }));
    state.keeper.keepIn(KEEP_AFTER_MS, "ready");
  }
  if (booted.prefetchStdlib) setTimeout(booted.prefetchStdlib, STDLIB_AFTER_MS);
  return { type: "ready", version: pyodide.version, bootMs: Math.round(performance.now() - started), how, phases };
}

// A task boundary: lets a "cancel" posted right after a "run" arrive before the program starts.
function yieldToMessages() {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve(undefined);
    };
    channel.port2.postMessage(null);
  });
}

// Before a program starts: without an interrupt buffer, let a "cancel" posted right after the
// "run" arrive; a Stop that came (buffer set, or "cancel") skips the run.
async function beforeStart() {
  if (!state.interrupt) await yieldToMessages(); // with a buffer, Stop is read from it
}

/** @param {number} id */
function stopped(id) {
  return state.cancelled.has(id) || (state.interrupt !== null && Atomics.load(state.interrupt, 0) !== 0);
}

/** @param {RunMessage} message */
async function run(message) {
  state.keeper.hold(); // not during a run (its set-up awaits)
  try {
    if (!state.core) throw new Error("a run before Python was ready"); // "init" failed: nothing runs
    await state.core.run(message);
  } finally {
    state.cancelled.delete(message.id);
    state.lastDone = Math.max(state.lastDone, message.id);
    state.keeper.keepIn(KEEP_QUIET_MS, "run");
  }
}

// A failed download inside Pyodide's start-up can surface as an unhandled rejection rather than
// as loadPyodide() rejecting; until Python is ready, report any such failure as fatal.
/** @param {PromiseRejectionEvent | ErrorEvent} event */
function bootFailure(event) {
  if (state.booted) return;
  event.preventDefault();
  const reason = "reason" in event ? event.reason : (event.error ?? event.message);
  fatal(String(reason?.message || reason || "start-up failed"));
}
self.addEventListener("unhandledrejection", bootFailure);
self.addEventListener("error", bootFailure);

self.onmessage = (event) => {
  /** @type {PageToWorker} */
  const message = event.data;
  if (message.type === "init") {
    state.queue = state.queue
      .then(() => boot(message))
      .then((ready) => {
        state.booted = true;
        post(ready);
      })
      .catch((failure) => fatal(String(failure?.message || failure)));
  } else if (message.type === "run") {
    state.queue = state.queue.then(() => run(message));
  } else if (message.type === "cancel") {
    if (message.id > state.lastDone) state.cancelled.add(message.id);
  }
};
