// @ts-check
// The page's handle on Python: one module worker (kept across Material's instant navigation),
// a serial queue of runs, Stop and the time limit. The page thread never runs Python. The messages
// to and from the worker are protocol.js's.

import { whenIdle } from "./dom.js";
import { site } from "./namespace.js";
// The output cap lives with the run loop, which the build's harness runs too.
import { LIMITS } from "./run_core.mjs";
export { LIMITS };

/** @typedef {import("./protocol.js").PageToWorker} PageToWorker */
/** @typedef {import("./protocol.js").WorkerToPage} WorkerToPage */
/** @typedef {import("./protocol.js").RunEvent} RunEvent */
/** @typedef {import("./protocol.js").DoneMessage} DoneMessage */
/** @typedef {import("./protocol.js").ReadyMessage} ReadyMessage */
/** @typedef {import("./protocol.js").RunMessage} RunMessage */
/** @typedef {import("./protocol.js").Stream} Stream */

/**
 * What a widget hears while its program runs: "loading" (Python is starting), "running" (the worker
 * has started the program), "restarting" (Python is being restarted after a Stop). Callers act on
 * the phase, never on the words that come with it.
 * @typedef {"loading" | "running" | "restarting"} RunPhase
 */

/**
 * runPython's options. All optional.
 * @typedef {object} RunOptions
 * @property {string} [filename] the program's file name in tracebacks (default main.py)
 * @property {number} [timeout] seconds it may run (default DEFAULT_TIMEOUT)
 * @property {(stream: Stream, text: string) => void} [onOutput]
 * @property {(text: string, phase: RunPhase) => void} [onStatus]
 * @property {string | null} [after] trusted Python run afterwards with ns/stdout/stderr/error; it assigns `result`
 * @property {AbortSignal | null} [signal] Stop for this run only, whether it is waiting, loading or running
 * @property {string | null} [session] runs with the same id share one namespace, like notebook cells
 *   (a worker restart forgets it)
 * @property {string | null} [imports] another program whose imports are loaded too (the program a
 *   tracer follows, as a string)
 */

/**
 * How a run ended. Every field is always there, whatever the status.
 * @typedef {object} RunOutcome
 * @property {"ok" | "error" | "stopped" | "timeout" | "failed"} status "ok": exit code 0; "error":
 *   another; "stopped" (Stop) or "timeout" (the time limit); "failed": Python could not be loaded
 * @property {"interrupted" | "restarted" | "not started" | null} how how a stopped or timed-out
 *   run ended (null otherwise)
 * @property {number | null} exitCode null when the program did not end by itself
 * @property {string | null} error protocol.js's DoneMessage `error` (null when no run ended)
 * @property {unknown} result what the `after` code assigned to `result` (null without one)
 * @property {boolean} truncated the output reached its cap
 * @property {number} elapsedMs from "started" to the end (0 if it never started)
 * @property {number | null} restartMs how long Python took to restart (null: no restart)
 * @property {string | null} message for "failed": what went wrong and what to do (null otherwise)
 */

const WORKER_URL = new URL("./worker.js", import.meta.url);
/**
 * What the build (the kmf plugin's options) tells every page: <meta name="kmf-...">.
 * @param {string} name
 */
const setting = (name) =>
  globalThis.document?.querySelector(`meta[name="kmf-${name}"]`)?.getAttribute("content") ?? "";
// seconds a program may run: the plugin's `time_limit` (its one default is in its config schema),
// named by every page the plugin writes, the theme's 404 too; a block's data-timeout overrides it
export const DEFAULT_TIMEOUT = Number(setting("time-limit"));
// the import names of the course's own wheels (the plugin's `packages`), which the worker loads
const PACKAGES = setting("packages").split(/\s+/).filter(Boolean);
const INTERRUPT_GRACE_MS = 1000; // how long an interrupt may take before we restart Python
const SETUP_STOP_MS = 5000; // a run stopped before it started that neither starts nor ends by then
const BOOT_LIMIT_MS = 120_000; // a start-up that takes longer than this has failed

const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
/** @type {WebAssembly.Module | null} Pyodide's compiled WebAssembly, from the first worker, for the next ones */
let wasmModule = null;

class PythonWorker {
  constructor() {
    /** @type {SharedArrayBuffer | null} */
    this.interrupt = isolated ? new SharedArrayBuffer(4) : null;
    this.worker = new Worker(WORKER_URL, { type: "module", name: "python" });
    /** @type {Map<number, (message: RunEvent) => void>} each run's listener, by id */
    this.pending = new Map();
    this.nextId = 1;
    /** @type {ReadyMessage | null} */
    this.info = null;
    /** @type {(error: Error) => void} */
    this.failBoot = () => {};
    /** @type {Promise<ReadyMessage>} */
    this.ready = new Promise((resolve, reject) => {
      this.failBoot = reject;
      this.worker.onerror = (event) => reject(new Error(event.message || "the Python worker failed to start"));
      this.worker.onmessage = (event) => {
        /** @type {WorkerToPage} */
        const message = event.data;
        if (message.type === "ready") {
          this.info = message;
          performance.mark("kmf:python-ready", { detail: message });
          resolve(message);
        } else if (message.type === "wasm") {
          wasmModule = message.module; // a restart instantiates it: no download, no compile
        } else if (message.type === "kept") {
          performance.mark("kmf:snapshot-kept", { detail: message }); // in Cache Storage for the next boot
        } else if (message.type === "fatal") {
          reject(new Error(message.message));
        } else {
          this.pending.get(message.id)?.(message);
        }
      };
    });
    const limit = setTimeout(() => {
      this.worker.terminate();
      this.failBoot?.(new Error("Python took too long to start"));
    }, BOOT_LIMIT_MS);
    this.ready.then(() => clearTimeout(limit), () => {
      clearTimeout(limit);
      this.worker.terminate();
    });
    // Save-Data (a data saver on): the worker never downloads the build's snapshot
    // (`navigator.connection`, the Network Information API, is not in TypeScript's DOM types)
    const saveData = /** @type {Navigator & {connection?: {saveData?: boolean}}} */ (navigator).connection?.saveData === true;
    // The namespace names the worker's cache of Python's snapshot (namespace.js)
    const { namespace } = site();
    this.send({ type: "init", interrupt: this.interrupt, wasmModule, saveData, namespace, packages: PACKAGES });
  }

  newRunId() {
    return this.nextId++;
  }

  /**
   * Post run `id` (from newRunId); resolves with the worker's "done" message.
   * @param {number} id
   * @param {Omit<RunMessage, "type" | "id">} payload
   * @param {(message: Exclude<RunEvent, DoneMessage>) => void} listener the run's other messages
   * @returns {Promise<DoneMessage>}
   */
  run(id, payload, listener) {
    /** @type {Promise<DoneMessage>} */
    const done = new Promise((resolve) => {
      this.pending.set(id, (message) => {
        if (message.type === "done") {
          this.pending.delete(id);
          resolve(message);
        } else {
          listener(message);
        }
      });
    });
    // The page owns the interrupt buffer: a Stop left over from an earlier run is cleared here,
    // before the run is posted, never in the worker (which would swallow a Stop pressed now).
    if (this.interrupt) Atomics.store(new Int32Array(this.interrupt), 0, 0);
    this.send({ type: "run", id, ...payload });
    return done;
  }

  /** Stop a run that has not started yet: the worker skips it. @param {number} id */
  cancel(id) {
    this.send({ type: "cancel", id });
  }

  /** @param {PageToWorker} message */
  send(message) {
    this.worker.postMessage(message);
  }

  sendInterrupt() {
    if (!this.interrupt) return false;
    Atomics.store(new Int32Array(this.interrupt), 0, 2); // SIGINT -> KeyboardInterrupt
    return true;
  }

  /** End the worker; a run still pending ends as "terminated" (its caller has stopped waiting for it). */
  terminate() {
    this.worker.terminate();
    for (const [id, settle] of this.pending) {
      settle({ type: "done", id, exitCode: 1, error: "terminated", result: null, truncated: false, started: true });
    }
    this.pending.clear();
  }
}

// One interpreter per tab while the page loads: nothing boots beside it. A second one (the standby)
// is prepared only while a program runs long enough that Stop may end the worker: without cross-
// origin isolation after STANDBY_AFTER_MS of running, with it STANDBY_AFTER_MS after an interrupt
// that has not landed by then. It boots from the memory snapshot the first worker left in Cache Storage and from its
// compiled WebAssembly (no download); a restart without a standby boots the same way.
const STANDBY_AFTER_MS = 100;
/** @type {PythonWorker | null} the worker that runs the next program */
let active = null;
/** @type {PythonWorker | null} a worker booted to replace it after a Stop */
let standby = null;

/**
 * Start Python (idempotent); resolves when it is ready.
 * @returns {Promise<ReadyMessage>}
 */
export function startPython() {
  if (!active) {
    active = new PythonWorker();
    active.ready.catch(() => {
      active = null; // a failed download: the next Run tries again
    });
  }
  return active.ready.catch((error) => {
    active = null;
    throw error;
  });
}

/** @type {Promise<void> | null} a start asked for once the browser is idle (settles once it has begun) */
let startWhenIdle = null;

/**
 * Start Python once the browser is idle (text first): a Python widget is in view.
 * @param {number} [fallbackMs] without requestIdleCallback, start this long after
 * @param {number} [timeout] start by then, idle or not
 */
export function startPythonWhenIdle(fallbackMs, timeout) {
  if (active || startWhenIdle) return;
  startWhenIdle = new Promise((resolve) => whenIdle(() => resolve(undefined), fallbackMs, timeout)).then(() => {
    startWhenIdle = null;
    startPython().catch(() => {});
  });
}

/** Settles once no Python start-up is asked for or under way (at once when none is). */
export async function startUpSettled() {
  await startWhenIdle;
  while (active && !active.info) await active.ready.catch(() => {});
}

function prepareStandby() {
  if (standby || !active?.info) return;
  const warm = new PythonWorker();
  standby = warm;
  warm.ready.catch(() => {
    if (standby === warm) standby = null;
  });
}

function replaceActive() {
  active?.terminate();
  active = standby;
  standby = null;
  return startPython();
}

/** @type {Promise<unknown>} runs are serial: one interpreter */
let queue = Promise.resolve();

/** "busy" when a run is asked for while none is waiting or running, "quiet" when the last one ends. */
export const activity = new EventTarget();
let runsInFlight = 0;

export function isBusy() {
  return runsInFlight > 0;
}

/**
 * Run a reader's program like `python FILE`, after the runs asked for before it.
 * @param {string} code
 * @param {RunOptions} [options]
 * @returns {Promise<RunOutcome>}
 */
export function runPython(code, options = {}) {
  if (runsInFlight++ === 0) activity.dispatchEvent(new Event("busy"));
  const turn = queue; // the runs before this one
  const { signal } = options;
  /** @type {Promise<"aborted">} */
  const abort = new Promise((resolve) => signal?.addEventListener("abort", () => resolve("aborted"), { once: true }));
  const job = Promise.race([turn.then(() => "turn"), abort]).then((why) =>
    why === "aborted" ? { ...NOT_STARTED } : execute(code, options),
  );
  queue = Promise.allSettled([turn, job]); // the next run still waits for the ones before
  job.finally(() => {
    if (--runsInFlight === 0) activity.dispatchEvent(new Event("quiet"));
  });
  return job;
}

/** @type {RunOutcome} a run stopped before it started */
const NOT_STARTED = {
  status: "stopped",
  how: "not started",
  exitCode: null,
  error: null,
  result: null,
  truncated: false,
  elapsedMs: 0,
  restartMs: null,
  message: null,
};

/**
 * @param {string} code
 * @param {RunOptions} options
 * @returns {Promise<RunOutcome>}
 */
async function execute(code, { filename = "main.py", timeout = DEFAULT_TIMEOUT, onOutput = () => {}, onStatus = () => {}, after = null, signal = null, session = null, imports = null } = {}) {
  if (signal?.aborted) return { ...NOT_STARTED };
  let worker;
  try {
    if (!active?.info) onStatus("Loading Python…", "loading");
    await startPython();
    worker = /** @type {PythonWorker} */ (active); // startPython() resolved: it is set
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    const message = `Python could not be loaded (${why}). Check your connection, then press Run to try again.`;
    return { ...NOT_STARTED, status: "failed", how: null, message };
  }
  if (signal?.aborted) return { ...NOT_STARTED }; // stopped while Python was loading
  /** @type {"stopped" | "timeout" | null} */
  let stopReason = null;
  let started = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let grace;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let standbyTimer;
  /** @type {(reason: "stopped" | "timeout") => void} settles `stopped`: the worker is to be restarted */
  let resolveStop = () => {};
  /** @type {Promise<"stopped" | "timeout">} */
  const stopped = new Promise((resolve) => (resolveStop = resolve));
  const id = worker.newRunId();
  let truncated = false;
  // The program is running: interrupt it (and restart Python if that does not land in time), or,
  // without a SharedArrayBuffer, end the worker at once.
  /** @param {"stopped" | "timeout"} reason */
  const halt = (reason) => {
    if (worker.sendInterrupt()) {
      // In case the interrupt does not land (a sleep, a long C call): a standby, once it has had
      // STANDBY_AFTER_MS to land. Most land within milliseconds, and a standby booting beside the
      // reader's next run slowed that run and cost a second interpreter for every Stop.
      clearTimeout(standbyTimer);
      standbyTimer = setTimeout(prepareStandby, STANDBY_AFTER_MS);
      grace = setTimeout(() => resolveStop(reason), INTERRUPT_GRACE_MS);
    } else {
      resolveStop(reason);
    }
  };
  /** @param {"stopped" | "timeout"} reason */
  const cancel = (reason) => {
    if (stopReason) return;
    stopReason = reason;
    clearTimeout(timer);
    if (started) {
      halt(reason);
    } else {
      // Still setting up (loading a package): the worker skips the run when it gets there (it
      // reads the interrupt buffer, or gets "cancel" without one). The grace period starts only
      // if the run starts anyway (Stop and "started" crossed).
      worker.sendInterrupt();
      worker.cancel(id);
      grace = setTimeout(() => resolveStop(reason), SETUP_STOP_MS);
    }
  };
  const onAbort = () => cancel("stopped");
  signal?.addEventListener("abort", onAbort, { once: true });
  const finished = worker.run(id, { code, filename, after, session, imports, limits: LIMITS }, (message) => {
    if (message.type === "started") {
      started = performance.now();
      if (stopReason) {
        clearTimeout(grace);
        halt(stopReason);
        return;
      }
      onStatus("Running…", "running");
      timer = setTimeout(() => cancel("timeout"), timeout * 1000);
      if (!isolated) standbyTimer = setTimeout(prepareStandby, STANDBY_AFTER_MS);
    } else if (message.type === "output") {
      onOutput(message.stream, message.text);
    } else if (message.type === "truncated") {
      truncated = true;
    }
  });
  const outcome = await Promise.race([finished, stopped]);
  signal?.removeEventListener("abort", onAbort);
  clearTimeout(timer);
  clearTimeout(grace);
  clearTimeout(standbyTimer);
  const elapsedMs = started ? Math.round(performance.now() - started) : 0;
  if (typeof outcome === "string") {
    // Stop or the time limit did not end the program in time: Python restarts
    const begun = performance.now();
    onStatus("Restarting Python…", "restarting");
    await replaceActive().catch(() => {});
    const restartMs = Math.round(performance.now() - begun);
    return { status: outcome, how: "restarted", exitCode: null, error: null, result: null, truncated, elapsedMs, restartMs, message: null };
  }
  if (stopReason && !outcome.started) return { ...NOT_STARTED, status: stopReason };
  const { exitCode, error, result } = outcome;
  if (stopReason && error === "KeyboardInterrupt") {
    return { status: stopReason, how: "interrupted", exitCode, error, result, truncated: outcome.truncated, elapsedMs, restartMs: null, message: null };
  }
  const status = exitCode === 0 ? "ok" : "error";
  return { status, how: null, exitCode, error, result, truncated: outcome.truncated, elapsedMs, restartMs: null, message: null };
}
