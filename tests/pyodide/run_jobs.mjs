// Run programs in Pyodide under Node, through the same runner and wheel the browser uses.
// One process serves a whole pytest process (tests/pyodide_node.py): argv[2] is the index dir
// holding our pyodide-lock.json and the retrain_lab wheel, argv[3] the runner. Each stdin line is a
// JSON batch {jobs: [{code, filename, after?, session?}]}; each stdout line answers one batch with
// a JSON list [{stdout, stderr, output, status, result}]. Jobs of one batch with the same `session`
// share one namespace, as in the browser's worker (notebook cells); every other job gets a fresh one.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { loadPyodide } from "pyodide";

const [indexDir, runnerPath] = process.argv.slice(2);
const pyodide = await loadPyodide({
  lockFileURL: `${indexDir}/pyodide-lock.json`,
  packageBaseUrl: `${indexDir}/`,
  env: { PYTHON_COLORS: "0", HOME: "/home/pyodide" },
});
let chunks = [];
const writer = (stream) => {
  const decoder = new TextDecoder();
  return { write: (buffer) => (chunks.push([stream, decoder.decode(buffer, { stream: true })]), buffer.length) };
};
pyodide.setStdout(writer("stdout"));
pyodide.setStderr(writer("stderr"));
pyodide.FS.writeFile("/home/pyodide/kmf_runner.py", readFileSync(runnerPath));
const runner = pyodide.pyimport("kmf_runner");
// A job's `timeout` (seconds) is a time limit like the browser's: past it, the program gets a
// KeyboardInterrupt through the interrupt buffer, set by a timer thread (this thread is busy
// running Python). alarm[0] is the interrupt, alarm[1] the current timer's number.
const alarm = new Int32Array(new SharedArrayBuffer(8));
pyodide.setInterruptBuffer(alarm);
const timer = new Worker(
  `const { parentPort } = require("node:worker_threads");
   parentPort.on("message", ({ buffer, n, ms }) => {
     const alarm = new Int32Array(buffer);
     if (Atomics.wait(alarm, 1, n, ms) === "timed-out" && Atomics.load(alarm, 1) === n) Atomics.store(alarm, 0, 2);
   });`,
  { eval: true },
);
timer.unref();
let timers = 0;
const startTimer = (seconds) => {
  timers += 1;
  Atomics.store(alarm, 1, timers);
  timer.postMessage({ buffer: alarm.buffer, n: timers, ms: seconds * 1000 });
};
const stopTimer = () => {
  Atomics.store(alarm, 1, 0);
  Atomics.notify(alarm, 1);
  Atomics.store(alarm, 0, 0);
};
const findImportsPy = pyodide.pyimport("pyodide.code").find_imports;
const findImports = (source) => { const names = findImportsPy(source); try { return names.toJs(); } finally { names.destroy(); } };
async function runBatch(jobs) {
  const results = [];
  const sessions = new Map();
  for (const job of jobs) {
    chunks = [];
    const wanted = new Set();
    for (const source of [job.code, job.after]) {
      if (!source) continue;
      try {
        for (const name of findImports(source)) if (name === "retrain_lab") wanted.add("retrain-lab");
      } catch {}
    }
    if (wanted.size) await pyodide.loadPackage([...wanted], { messageCallback: () => {}, errorCallback: (m) => process.stderr.write(m + "\n") });
    let namespace = job.session ? sessions.get(job.session) : null;
    if (!namespace) {
      namespace = pyodide.globals.get("dict")();
      if (job.session) sessions.set(job.session, namespace);
    }
    if (job.timeout) startTimer(job.timeout);
    let raised;
    try {
      raised = runner.execute(job.code, job.filename, namespace);
    } finally {
      if (job.timeout) stopTimer();
    }
    const status = runner.exit_status(raised);
    const join = (stream) => chunks.filter(([s]) => !stream || s === stream).map(([, t]) => t).join("");
    let result = null;
    if (job.after) {
      const scope = pyodide.globals.get("dict")();
      scope.set("ns", namespace);
      scope.set("stdout", join("stdout"));
      scope.set("stderr", join("stderr"));
      scope.set("error", raised ?? undefined);
      pyodide.runPython(job.after, { globals: scope, filename: "<check>" });
      const value = scope.get("result");
      result = value?.toJs ? value.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false }) : value ?? null;
    }
    results.push({ stdout: join("stdout"), stderr: join("stderr"), output: join(), status, result });
  }
  return results;
}

// One batch at a time, in order; a batch that throws answers {error} and the process goes on.
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await runBatch(JSON.parse(line).jobs);
  } catch (error) {
    answer = { error: String(error?.stack ?? error) };
  }
  process.stdout.write(JSON.stringify(answer, (key, value) => (value === undefined ? null : value)) + "\n");
}
