// The page's handle on Python: one module worker (kept across Material's instant navigation),
// a serial queue of runs, Stop and the time limit. The page thread never runs Python.

const WORKER_URL = new URL("./worker.js", import.meta.url);
export const LIMITS = { lines: 1000, bytes: 100_000 };
export const DEFAULT_TIMEOUT = 10; // seconds
const INTERRUPT_GRACE_MS = 1000; // how long an interrupt may take before we restart Python
const BOOT_LIMIT_MS = 120_000; // a start-up that takes longer than this has failed

const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";

class PythonWorker {
  constructor() {
    this.interrupt = isolated ? new SharedArrayBuffer(4) : null;
    this.worker = new Worker(WORKER_URL, { type: "module", name: "python" });
    this.pending = new Map();
    this.nextId = 1;
    this.info = null;
    this.ready = new Promise((resolve, reject) => {
      this.failBoot = reject;
      this.worker.onerror = (event) => reject(new Error(event.message || "the Python worker failed to start"));
      this.worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "ready") {
          this.info = message;
          performance.mark("kmf:python-ready", { detail: message });
          resolve(message);
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
    this.worker.postMessage({ type: "init", interrupt: this.interrupt });
  }

  run(payload, listener) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (message) => {
        if (message.type === "done") {
          this.pending.delete(id);
          resolve(message);
        } else {
          listener(message);
        }
      });
      this.worker.postMessage({ type: "run", id, ...payload });
    });
  }

  sendInterrupt() {
    if (!this.interrupt) return false;
    Atomics.store(new Int32Array(this.interrupt), 0, 2); // SIGINT -> KeyboardInterrupt
    return true;
  }

  terminate() {
    this.worker.terminate();
    for (const [id, settle] of this.pending) settle({ type: "done", id, exitCode: 1, error: "terminated", result: null });
    this.pending.clear();
  }
}

let active = null;
let standby = null;

function idle(callback) {
  (globalThis.requestIdleCallback || ((fn) => setTimeout(fn, 200)))(callback, { timeout: 3000 });
}

function prepareStandby() {
  // Without cross-origin isolation every Stop ends the worker; with it, a program that ignores
  // the interrupt (time.sleep, a long C loop) still does. Keep a warm one ready either way.
  if (standby) return;
  idle(() => {
    if (standby) return;
    const warm = new PythonWorker();
    standby = warm;
    warm.ready.catch(() => {
      if (standby === warm) standby = null; // a failed download: make another when next needed
    });
  });
}

/** Start Python (idempotent); resolves when it is ready. */
export function startPython() {
  if (!active) {
    active = new PythonWorker();
    active.ready.then(prepareStandby, () => {
      active = null; // a failed download: the next Run tries again
    });
  }
  return active.ready.catch((error) => {
    active = null;
    throw error;
  });
}

function replaceActive() {
  active?.terminate();
  active = standby ?? new PythonWorker();
  standby = null;
  active.ready.then(prepareStandby, () => {});
  return active.ready;
}

let queue = Promise.resolve(); // runs are serial: one interpreter
let current = null; // {cancel(reason)}

/**
 * Run a reader's program like `python FILE`.
 * options: filename, timeout (s), onOutput(stream, text), onStatus(text), after (trusted Python
 * run afterwards with ns/stdout/stderr/error; it assigns `result`), signal (an AbortSignal: Stop
 * for this run only, whether it is waiting, loading or running), session (an id: runs with the
 * same id share one namespace, like notebook cells; a worker restart forgets it).
 * Resolves {status: "ok"|"error"|"stopped"|"timeout"|"failed", how, exitCode, result, truncated,
 * elapsedMs, message}.
 */
export function runPython(code, options = {}) {
  const turn = queue; // the runs before this one
  const { signal } = options;
  const abort = new Promise((resolve) => signal?.addEventListener("abort", () => resolve("aborted"), { once: true }));
  const job = Promise.race([turn.then(() => "turn"), abort]).then((why) =>
    why === "aborted" ? { ...NOT_STARTED } : execute(code, options),
  );
  queue = Promise.allSettled([turn, job]); // the next run still waits for the ones before
  return job;
}

const NOT_STARTED = { status: "stopped", how: "not started", exitCode: null, result: null, truncated: false, elapsedMs: 0 };

async function execute(code, { filename = "main.py", timeout = DEFAULT_TIMEOUT, onOutput = () => {}, onStatus = () => {}, after = null, signal = null, session = null } = {}) {
  if (signal?.aborted) return { ...NOT_STARTED };
  let worker;
  try {
    if (!active?.info) onStatus("Loading Python…");
    await startPython();
    worker = active;
  } catch (error) {
    return { status: "failed", message: `Python could not be loaded (${error.message}). Check your connection, then press Run to try again.` };
  }
  if (signal?.aborted) return { ...NOT_STARTED }; // stopped while Python was loading
  let stopReason = null;
  let how = null;
  let started = 0;
  let timer = null;
  let truncated = false;
  const stopped = new Promise((resolve) => {
    current = {
      cancel(reason) {
        if (stopReason) return;
        stopReason = reason;
        clearTimeout(timer);
        if (worker.sendInterrupt()) {
          how = "interrupted";
          setTimeout(() => resolve("restart"), INTERRUPT_GRACE_MS);
        } else {
          resolve("restart");
        }
      },
    };
  });
  const run = current;
  const onAbort = () => run.cancel("stopped");
  signal?.addEventListener("abort", onAbort, { once: true });
  const finished = worker.run({ code, filename, after, session, limits: LIMITS }, (message) => {
    if (message.type === "started") {
      started = performance.now();
      onStatus("Running…");
      timer = setTimeout(() => run.cancel("timeout"), timeout * 1000);
    } else if (message.type === "output") {
      onOutput(message.stream, message.text);
    } else if (message.type === "truncated") {
      truncated = true;
    }
  });
  const outcome = await Promise.race([finished, stopped]);
  signal?.removeEventListener("abort", onAbort);
  clearTimeout(timer);
  current = null;
  const elapsedMs = started ? Math.round(performance.now() - started) : 0;
  if (outcome === "restart") {
    how = "restarted";
    const begun = performance.now();
    onStatus("Restarting Python…");
    await replaceActive().catch(() => {});
    return { status: stopReason, how, exitCode: null, result: null, truncated, elapsedMs, restartMs: Math.round(performance.now() - begun) };
  }
  if (stopReason && outcome.error === "KeyboardInterrupt") {
    return { status: stopReason, how: "interrupted", exitCode: outcome.exitCode, result: outcome.result, truncated: outcome.truncated, elapsedMs };
  }
  return {
    status: outcome.exitCode === 0 ? "ok" : "error",
    how: null,
    exitCode: outcome.exitCode,
    error: outcome.error,
    result: outcome.result,
    truncated: outcome.truncated,
    elapsedMs,
  };
}
