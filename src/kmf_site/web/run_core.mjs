// @ts-check
// The run loop of the worker that owns Python: one program at a time, its output streamed and
// capped, its local packages loaded, its namespace (fresh, or a notebook session's), a trusted
// check run after it. The reader's worker (worker.mjs) and the build's Pyodide harness
// (kmf_site/proof/run_jobs.mjs) both run programs through this module, so what the build proves
// is what the browser runs. It touches no page and no worker global: the caller passes `post`
// (where messages go) and the hooks that decide whether a run is stopped before it starts.
// What it posts is protocol.js's RunEvent: "started", "output", "truncated", then always "done".

/** @typedef {import("./protocol.js").Limits} Limits */
/** @typedef {import("./protocol.js").RunEvent} RunEvent */
/** @typedef {import("./protocol.js").Stream} Stream */
/** @typedef {import("pyodide").PyodideAPI} PyodideAPI */

/** @typedef {import("pyodide/ffi").PyDict} PyDict */
/**
 * The Python objects this loop handles, as much of them as it uses (Pyodide's types give a module
 * from pyimport() as `any`).
 * @typedef {{type: string, destroy(): void}} PyException an exception the program raised
 * @typedef {object} KmfRunner kmf_site/runner.py, imported as kmf_runner
 * @property {unknown} PACKAGES
 * @property {(code: string, filename: string, namespace: PyDict) => PyException | undefined} execute
 * @property {(raised: PyException | undefined) => number} exit_status
 */

/**
 * What a run needs: protocol.js's RunMessage, with defaults for the build's harness.
 * @typedef {object} RunRequest
 * @property {number} id
 * @property {string} code
 * @property {string} filename
 * @property {string | null} [after]
 * @property {Limits} [limits]
 * @property {string | null} [session]
 * @property {string | null} [imports]
 */

/**
 * @typedef {object} RunHooks
 * @property {(message: RunEvent) => void} post where the run's messages go
 * @property {(id: number) => Promise<void>} [beforeStart] awaited before a program starts (the worker lets a "cancel" arrive)
 * @property {(id: number) => boolean} [stopped] true: skip the run, it was stopped before it started
 * @property {string[]} [localPackages] the import names of the course's own wheels
 */

/**
 * The run in progress: what it has shown, and its output captured for the check code.
 * @typedef {object} CurrentRun
 * @property {number} id
 * @property {number} lines
 * @property {number} bytes
 * @property {Limits} limits
 * @property {boolean} truncated
 * @property {Record<Stream, string>} captured
 */

/** @type {Limits} a run's output: what the page shows (bytes of UTF-8: capOutput) */
export const LIMITS = { lines: 1000, bytes: 100_000 };
export const SESSIONS_KEPT = 4; // notebook sessions kept, newest first

/** @param {string} text @returns {number} how many newlines it holds */
export function countLines(text) {
  let count = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

const utf8 = new TextEncoder();

/**
 * How many bytes `text` takes in UTF-8 (what the output cap counts: "100 KB").
 * @param {string} text
 * @returns {number}
 */
export function utf8Length(text) {
  return utf8.encode(text).length;
}

/**
 * The part of `text` that may still be shown after `lines` complete lines and `bytes` bytes:
 * at most `limits.lines` lines in all (text after the last allowed newline would start one more)
 * and at most `limits.bytes` bytes of UTF-8, whole characters only (encodeInto stops before a
 * character that does not fit: a surrogate pair, an emoji, is never split).
 * @param {string} text
 * @param {number} lines complete lines shown so far
 * @param {number} bytes bytes shown so far
 * @param {Limits} limits
 * @returns {string}
 */
export function capOutput(text, lines, bytes, limits) {
  const room = Math.max(0, limits.bytes - bytes);
  const end = text.length * 3 <= room ? text.length : utf8.encodeInto(text, new Uint8Array(room)).read;
  let allowed = limits.lines - lines; // newlines that may still be shown
  if (allowed <= 0) return "";
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) {
    if (--allowed === 0) return text.slice(0, Math.min(end, i + 1));
  }
  return text.slice(0, end);
}

/**
 * Whether `failure` (a Python error, or an Error whose message holds a traceback) is a KeyboardInterrupt.
 * @param {unknown} failure
 * @returns {boolean}
 */
export function isKeyboardInterrupt(failure) {
  if (typeof failure !== "object" || failure === null) return false;
  const { type, message } = /** @type {{type?: unknown, message?: unknown}} */ (failure);
  return type === "KeyboardInterrupt" || /KeyboardInterrupt/.test(String(message ?? ""));
}

/**
 * Wire a booted interpreter (kmf_runner already importable) to the run loop.
 * hooks: post(message); beforeStart(id) (awaited before a program starts: the worker lets a
 * "cancel" arrive); stopped(id) (true: skip the run, it was stopped before it started).
 * localPackages: the import names of the course's own wheels in the site's pyodide-lock.json (the
 * plugin's `packages`), loaded before a program that imports them runs.
 * @param {PyodideAPI} pyodide
 * @param {RunHooks} hooks
 */
export function createRunCore(pyodide, { post, beforeStart = async () => {}, stopped = () => false, localPackages = [] }) {
  /** @type {KmfRunner} */
  const runner = pyodide.pyimport("kmf_runner");
  runner.PACKAGES = pyodide.toPy(localPackages); // named in the message for a module we do not ship
  /** @type {(source: string) => {toJs(): string[], destroy(): void}} */
  const findImportsPy = pyodide.pyimport("pyodide.code").find_imports;
  /** @type {() => PyDict} */
  const newDict = () => pyodide.globals.get("dict")();
  /** @type {Map<string, PyDict>} session id -> namespace, oldest first */
  const sessions = new Map();
  /** @type {CurrentRun | null} */
  let current = null;

  /** @param {string} source @returns {string[]} the modules it imports, as Pyodide's scanner sees them */
  function findImports(source) {
    const names = findImportsPy(source);
    try {
      return names.toJs();
    } finally {
      names.destroy();
    }
  }

  // A run with `session: "<id>"` executes in that id's namespace, kept across runs; a new id
  // starts an empty one. Only the newest few are kept.
  /** @param {string} id */
  function sessionNamespace(id) {
    let namespace = sessions.get(id);
    if (namespace) sessions.delete(id); // re-inserted below as the newest
    else namespace = newDict();
    sessions.set(id, namespace);
    for (const [old, stale] of sessions) {
      if (sessions.size <= SESSIONS_KEPT) break;
      sessions.delete(old);
      stale.destroy();
    }
    return namespace;
  }

  /** @param {CurrentRun} run @param {Stream} stream @param {string} text */
  function emit(run, stream, text) {
    if (run.captured[stream].length < run.limits.bytes) run.captured[stream] += text;
    if (run.truncated || !text) return;
    const shown = capOutput(text, run.lines, run.bytes, run.limits);
    if (shown.length === text.length) {
      run.lines += countLines(text);
      run.bytes += utf8Length(text);
      post({ type: "output", id: run.id, stream, text });
      return;
    }
    // Show what fits, then one notice; everything after is dropped (the program keeps running).
    if (shown) post({ type: "output", id: run.id, stream, text: shown });
    run.truncated = true;
    post({ type: "truncated", id: run.id });
  }

  /** @param {Stream} stream */
  function makeWriter(stream) {
    const decoder = new TextDecoder();
    return {
      /** @param {Uint8Array} buffer */
      write(buffer) {
        const text = decoder.decode(buffer, { stream: true });
        if (current && text) emit(current, stream, text);
        return buffer.length;
      },
    };
  }
  pyodide.setStdout(makeWriter("stdout"));
  pyodide.setStderr(makeWriter("stderr"));

  /** Run a lesson-like program once, output dropped (no run is current), in a namespace of its own. @param {string} program */
  function warmUp(program) {
    findImports(program);
    const namespace = newDict();
    runner.execute(program, "warm-up.py", namespace)?.destroy();
    namespace.destroy();
  }

  /**
   * The local packages (our wheel) that `sources` import, as Pyodide's scanner sees them.
   * @param {(string | null | undefined)[]} sources
   * @returns {string[]} their distribution names
   */
  function wantedPackages(...sources) {
    const wanted = new Set();
    for (const source of sources) {
      if (!source) continue;
      let names;
      try {
        names = findImports(source);
      } catch (failure) {
        if (isKeyboardInterrupt(failure)) throw failure; // Stop landed here: not a syntax error
        continue; // a syntax error: the runner reports it like CPython
      }
      for (const name of names) if (localPackages.includes(name)) wanted.add(name.replace(/_/g, "-"));
    }
    return [...wanted];
  }

  /** @param {(string | null | undefined)[]} sources */
  async function loadLocalPackages(...sources) {
    const wanted = wantedPackages(...sources);
    if (!wanted.length) return;
    /** @type {Error | null} */
    let interrupted = null;
    /** @param {string} text */
    const errorCallback = (text) => {
      if (/KeyboardInterrupt/.test(text)) interrupted = new Error(text); // loadPackage only reports it
    };
    await pyodide.loadPackage(wanted, { messageCallback: () => {}, errorCallback });
    if (interrupted) throw interrupted;
  }

  /**
   * The check code's `result` as plain data (a dict becomes an object; no proxy is kept).
   * @param {unknown} value
   * @returns {unknown}
   */
  function toResult(value) {
    if (value === undefined || value === null) return null;
    if (typeof value !== "object") return value; // a number, a string, a boolean: already plain
    const proxy = /** @type {{toJs(options: object): unknown, destroy?: () => void}} */ (value); // a PyProxy
    try {
      return proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
    } finally {
      proxy.destroy?.();
    }
  }

  /**
   * Run one program; resolves once "done" is posted (which it always is).
   * imports: another program whose imports are loaded too (the program Trace follows, a string in the tracer's)
   * @param {RunRequest} request
   * @returns {Promise<void>}
   */
  async function run({ id, code, filename, after = null, limits = LIMITS, session = null, imports = null }) {
    /** @type {CurrentRun} */
    const run = { id, lines: 0, bytes: 0, limits, truncated: false, captured: { stdout: "", stderr: "" } };
    current = run;
    /** @type {number | null} */
    let exitCode = 0;
    /** @type {unknown} */
    let result = null;
    /** @type {string | null} */
    let error = null;
    let started = false;
    let truncated = false;
    try {
      // Set-up: a Stop pressed now skips the run; a KeyboardInterrupt raised here ends it as stopped too.
      let skip = false;
      try {
        await loadLocalPackages(code, after, imports);
        await beforeStart(id);
      } catch (failure) {
        if (!isKeyboardInterrupt(failure)) throw failure;
        skip = true;
      }
      if (skip || stopped(id)) {
        exitCode = null;
        error = "KeyboardInterrupt";
        return;
      }
      started = true;
      post({ type: "started", id });
      const namespace = session ? sessionNamespace(session) : newDict();
      const raised = runner.execute(code, filename, namespace);
      exitCode = runner.exit_status(raised);
      if (raised) error = raised.type === "KeyboardInterrupt" ? "KeyboardInterrupt" : raised.type;
      if (after) {
        const scope = newDict();
        scope.set("ns", namespace);
        scope.set("stdout", run.captured.stdout);
        scope.set("stderr", run.captured.stderr);
        scope.set("error", raised ?? undefined);
        pyodide.runPython(after, { globals: scope, filename: "<check>" });
        result = toResult(scope.get("result"));
        scope.destroy();
      }
      raised?.destroy();
      if (!session) namespace.destroy();
    } catch (failure) {
      if (isKeyboardInterrupt(failure)) {
        // Stop landed outside the reader's program (in the check code): the run was stopped.
        exitCode = 1;
        error = "KeyboardInterrupt";
      } else {
        // Our own machinery failed (not the reader's program, whose errors the runner prints).
        exitCode = 1;
        error = "internal";
        const text = failure instanceof Error ? failure.message : String(failure);
        post({ type: "output", id, stream: "stderr", text: `${text || failure}\n` });
      }
    } finally {
      truncated = run.truncated;
      current = null;
      post({ type: "done", id, exitCode, error, result, truncated, started });
    }
  }

  return { run, warmUp, findImports, wantedPackages };
}

/** @typedef {ReturnType<typeof createRunCore>} RunCore */
