// @ts-check
// The messages between the page (python.js) and the worker that owns Python (worker.mjs, and the run
// loop it shares with the build's harness, run_core.mjs). Types only: both sides import them with
// `@typedef {import("./protocol.js").X}`, so tsc (`make check`) holds the two sides to one protocol,
// and nothing of this file is bundled. Each message has a literal `type`: a switch on it narrows to
// the fields that message carries, and every field is always present (null where it has no value).
//
// The interrupt buffer belongs to the page: it clears it before posting a run. The worker never
// writes to it, so a Stop that lands before the run starts is never lost.

// ------------------------------------------------------------------ page -> worker

/**
 * A run's output cap: what the page shows (bytes of UTF-8: run_core.mjs's capOutput).
 * @typedef {{lines: number, bytes: number}} Limits
 */

/**
 * Boot Python. Sent once, first.
 * @typedef {object} InitMessage
 * @property {"init"} type
 * @property {SharedArrayBuffer | null} interrupt Stop's interrupt buffer (null where the page is not
 *   cross-origin isolated: Stop then ends the worker)
 * @property {WebAssembly.Module | null} wasmModule Pyodide's module, compiled by an earlier worker
 * @property {boolean} saveData the reader asked to save data: never download the build's snapshot
 * @property {string} namespace the site's (namespace.js): names the worker's snapshot cache
 * @property {string[]} packages import names of the course's own wheels (the plugin's `packages`)
 */

/**
 * Run a program like `python FILE`.
 * @typedef {object} RunMessage
 * @property {"run"} type
 * @property {number} id a new id for each run, increasing
 * @property {string} code
 * @property {string} filename
 * @property {string | null} after trusted Python run afterwards with ns/stdout/stderr/error; it assigns `result`
 * @property {string | null} session runs with the same session share one namespace (notebook cells)
 * @property {string | null} imports another program whose imports are loaded too (the program a tracer follows)
 * @property {Limits} limits
 */

/**
 * Stop run `id` before it starts (posted when Stop comes before "started"): the worker skips it.
 * @typedef {{type: "cancel", id: number}} CancelMessage
 */

/** @typedef {InitMessage | RunMessage | CancelMessage} PageToWorker */

// ------------------------------------------------------------------ worker -> page

/**
 * How Python booted: "cached" (this browser's snapshot, Cache Storage), "snapshot" (the build's),
 * "boot" (a normal start-up).
 * @typedef {"cached" | "snapshot" | "boot"} BootWay
 */

/**
 * Python is ready.
 * @typedef {object} ReadyMessage
 * @property {"ready"} type
 * @property {string} version Pyodide's
 * @property {number} bootMs from "init" to ready
 * @property {BootWay} how
 * @property {Record<string, number>} phases milliseconds since "init" at each step of the boot
 */

/**
 * Python could not start (nothing more comes from this worker).
 * @typedef {{type: "fatal", message: string}} FatalMessage
 */

/**
 * The module this worker compiled, for the next worker's "init".
 * @typedef {{type: "wasm", module: WebAssembly.Module}} WasmMessage
 */

/**
 * This boot's snapshot is in Cache Storage for the next boot, written `ms` long, `after` "ready"
 * or after a run.
 * @typedef {{type: "kept", after: "ready" | "run", ms: number}} KeptMessage
 */

/** @typedef {{type: "started", id: number}} StartedMessage the program itself starts now */

/** @typedef {"stdout" | "stderr"} Stream */

/** @typedef {{type: "output", id: number, stream: Stream, text: string}} OutputMessage */

/**
 * The output reached its cap: nothing more is shown (the program keeps running).
 * @typedef {{type: "truncated", id: number}} TruncatedMessage
 */

/**
 * Run `id` ended. Every field is always there.
 * @typedef {object} DoneMessage
 * @property {"done"} type
 * @property {number} id
 * @property {number | null} exitCode as `python FILE`'s; null for a run that never started
 * @property {string | null} error null, the Python exception's type name ("KeyboardInterrupt"
 *   for a stopped run), "internal" (the run loop failed) or "terminated" (the worker was ended)
 * @property {unknown} result what the `after` code assigned to `result`, as JSON-like data (null without one)
 * @property {boolean} truncated the output reached its cap
 * @property {boolean} started the program started ("started" was posted)
 */

/** @typedef {StartedMessage | OutputMessage | TruncatedMessage | DoneMessage} RunEvent what a run posts */

/** @typedef {ReadyMessage | FatalMessage | WasmMessage | KeptMessage | RunEvent} WorkerToPage */

export {};
