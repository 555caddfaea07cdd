// The one module Web Worker that owns Python. The page thread never runs Python.
//
// Page -> worker: {type: "init", interrupt?: SharedArrayBuffer}
//                 {type: "run", id, code, filename, after?, session?, limits: {lines, bytes}}
// Worker -> page: {type: "ready", version, bootMs} | {type: "fatal", message}
//                 {type: "started", id} | {type: "output", id, stream, text}
//                 {type: "truncated", id} | {type: "done", id, exitCode, error, result}

const here = new URL(".", import.meta.url);
const PYODIDE_URL = new URL("../../pyodide/pyodide.mjs", here).href;
const RUNNER_URL = new URL("../kmf_runner.py", here).href;
const LOCAL_PACKAGES = ["retrain_lab"]; // import names we ship in our pyodide-lock.json

let pyodide = null;
let runner = null;
let findImportsPy = null;

function findImports(source) {
  const names = findImportsPy(source);
  try {
    return names.toJs();
  } finally {
    names.destroy();
  }
}
// --- sessions (notebook cells): a run with `session: "<id>"` executes in that id's namespace,
// kept across runs; a new id starts an empty one. Only the newest few are kept (a worker that
// is restarted after Stop keeps none).
const SESSIONS_KEPT = 4;
const sessions = new Map(); // id -> namespace, oldest first
function sessionNamespace(id) {
  let namespace = sessions.get(id);
  if (namespace) sessions.delete(id); // re-inserted below as the newest
  else namespace = pyodide.globals.get("dict")();
  sessions.set(id, namespace);
  for (const [old, stale] of sessions) {
    if (sessions.size <= SESSIONS_KEPT) break;
    sessions.delete(old);
    stale.destroy();
  }
  return namespace;
}
// --- end of sessions

let interrupt = null;
let current = null; // the run in progress: {id, lines, bytes, limits, truncated, captured}

function post(message) {
  self.postMessage(message);
}

function makeWriter(stream) {
  const decoder = new TextDecoder();
  return {
    write(buffer) {
      const text = decoder.decode(buffer, { stream: true });
      if (current && text) emit(stream, text);
      return buffer.length;
    },
  };
}

function emit(stream, text) {
  const run = current;
  if (run.captured[stream].length < run.limits.bytes) run.captured[stream] += text;
  if (run.truncated) return;
  const newLines = text.split("\n").length - 1;
  if (run.lines + newLines > run.limits.lines || run.bytes + text.length > run.limits.bytes) {
    // Show what fits, then one notice; everything after is dropped (the program keeps running).
    let room = Math.max(0, run.limits.bytes - run.bytes);
    let cut = text.slice(0, room);
    const allowedLines = run.limits.lines - run.lines;
    let index = -1;
    for (let i = 0; i < allowedLines; i++) {
      index = cut.indexOf("\n", index + 1);
      if (index < 0) break;
    }
    if (index >= 0 && allowedLines >= 0) cut = cut.slice(0, index + 1);
    if (cut) post({ type: "output", id: run.id, stream, text: cut });
    run.truncated = true;
    post({ type: "truncated", id: run.id });
    return;
  }
  run.lines += newLines;
  run.bytes += text.length;
  post({ type: "output", id: run.id, stream, text });
}

async function boot(message) {
  const started = performance.now();
  const { loadPyodide } = await import(PYODIDE_URL);
  pyodide = await loadPyodide({ env: { PYTHON_COLORS: "0", HOME: "/home/pyodide" } });
  pyodide.setStdout(makeWriter("stdout"));
  pyodide.setStderr(makeWriter("stderr"));
  if (message.interrupt) {
    interrupt = new Int32Array(message.interrupt);
    pyodide.setInterruptBuffer(interrupt);
  }
  const source = await (await fetch(RUNNER_URL)).text();
  pyodide.FS.writeFile("/home/pyodide/kmf_runner.py", source);
  runner = pyodide.pyimport("kmf_runner");
  findImportsPy = pyodide.pyimport("pyodide.code").find_imports;
  return { version: pyodide.version, bootMs: Math.round(performance.now() - started) };
}

async function loadLocalPackages(...sources) {
  const wanted = new Set();
  for (const source of sources) {
    if (!source) continue;
    let names;
    try {
      names = findImports(source);
    } catch {
      continue; // a syntax error: the runner reports it like CPython
    }
    for (const name of names) if (LOCAL_PACKAGES.includes(name)) wanted.add(name.replace(/_/g, "-"));
  }
  if (wanted.size) await pyodide.loadPackage([...wanted], { messageCallback: () => {}, errorCallback: () => {} });
}

function toResult(proxy) {
  if (proxy === undefined || proxy === null) return null;
  if (typeof proxy !== "object") return proxy;
  try {
    return proxy.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  } finally {
    proxy.destroy?.();
  }
}

async function run({ id, code, filename, after, limits, session = null }) {
  current = {
    id,
    lines: 0,
    bytes: 0,
    limits,
    truncated: false,
    captured: { stdout: "", stderr: "" },
  };
  if (interrupt) interrupt[0] = 0;
  let exitCode = 0;
  let result = null;
  let error = null;
  try {
    await loadLocalPackages(code, after);
    post({ type: "started", id });
    const namespace = session ? sessionNamespace(session) : pyodide.globals.get("dict")();
    const raised = runner.execute(code, filename, namespace);
    exitCode = runner.exit_status(raised);
    if (raised) {
      error = raised.type === "KeyboardInterrupt" ? "KeyboardInterrupt" : raised.type;
    }
    if (after) {
      if (interrupt) interrupt[0] = 0;
      const scope = pyodide.globals.get("dict")();
      scope.set("ns", namespace);
      scope.set("stdout", current.captured.stdout);
      scope.set("stderr", current.captured.stderr);
      scope.set("error", raised ?? undefined);
      pyodide.runPython(after, { globals: scope, filename: "<check>" });
      result = toResult(scope.get("result"));
      scope.destroy();
    }
    raised?.destroy?.();
    if (!session) namespace.destroy();
  } catch (failure) {
    // Our own machinery failed (not the reader's program, whose errors the runner prints).
    exitCode = 1;
    error = "internal";
    post({ type: "output", id, stream: "stderr", text: `${failure.message || failure}\n` });
  } finally {
    const truncated = current.truncated;
    current = null;
    post({ type: "done", id, exitCode, error, result, truncated });
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
    chain = chain
      .then(() => boot(message))
      .then((info) => {
        booted = true;
        post({ type: "ready", ...info });
      })
      .catch((failure) => post({ type: "fatal", message: String(failure?.message || failure) }));
  } else if (message.type === "run") {
    chain = chain.then(() => run(message));
  }
};
