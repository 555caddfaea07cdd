// Run programs in Pyodide under Node the way the reader's worker does: booted from the build's
// memory snapshot (kmf_site/runtime.py makes it from boot.mjs, as for the site), restored with
// boot.mjs's afterRestore, warmed up like the worker, and every program run by the worker's own
// run loop (src/kmf_site/web/run_core.mjs): same output cap, same local-package loading, same
// namespaces, same check code.
//
// argv: PYODIDE_DIR (the site's pyodide/ files: pyodide.asm.wasm, and kmf-snapshot.json naming the
// packed snapshot kmf-snapshot-<id>.bin.zst and its standard library kmf-stdlib-<id>.zip.zst, as
// kmf_site/runtime.py writes them), INDEX_DIR (our pyodide-lock.json and wheel), RUNNER
// (kmf_site/runner.py), PACKAGES (the learner wheels' import names, comma-separated). The snapshot is restored as the reader's worker does (fzstd, then
// snapshot_format.mjs's unpack over the wasm's initial memory; tests/kmf_site/restore_snapshot.mjs).
// Each stdin line is a JSON batch {jobs: [{code, filename, after?, imports?, session?, timeout?}]}; each stdout line
// answers one batch with [{stdout, stderr, output, status, result, truncated, ms}], `output` as
// the reader's Output area shows it (capped), `ms` the CPU time from "started" to "done"
// (`wallMs` the wall clock's).
//
// Each job runs as in a fresh tab: modules a program imported are forgotten before the next job
// (sys.modules back to what the snapshot holds) and our wheel is importable only for a program
// whose imports Pyodide's scanner sees, as in a tab that has not loaded it yet. Jobs of one batch
// with the same `session` share one namespace and state (notebook cells). A job's `timeout`
// (seconds) is a time limit like the browser's: past it, the program gets a KeyboardInterrupt
// through the interrupt buffer (as the page's Stop and time limit do), set by a timer thread.
import { createInterface } from "node:readline";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { decompress as unzstd } from "fzstd";
import { ENV, RUNNER_PATH, SYS_EXECUTABLE, WARM_UP_PROGRAM, afterRestore } from "../web/boot.mjs";
import { createRunCore, LIMITS } from "../web/run_core.mjs";
import { FORMAT, initialMemory, unpack } from "../web/snapshot_format.mjs";

const [pyodideDir, indexDir, runnerPath, packageList = ""] = process.argv.slice(2);
const localPackages = packageList.split(",").filter(Boolean); // the learner wheels' import names
const info = JSON.parse(readFileSync(`${pyodideDir}/kmf-snapshot.json`, "utf8"));
if (info.format !== FORMAT) throw new Error(`kmf-snapshot.json: format ${info.format}, not ${FORMAT}`);
const wasm = await WebAssembly.compile(readFileSync(`${pyodideDir}/pyodide.asm.wasm`));
const snapshot = unpack(unzstd(readFileSync(`${pyodideDir}/${info.file}`)), await initialMemory(wasm));
// The standard library the snapshot was made with (a stored zip), where loadPyodide reads it.
const stdlib = join(mkdtempSync(join(tmpdir(), "kmf-stdlib-")), "python_stdlib.zip");
writeFileSync(stdlib, unzstd(readFileSync(`${pyodideDir}/${info.stdlib.file}`)));
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlib,
  lockFileURL: `${indexDir}/pyodide-lock.json`,
  packageBaseUrl: `${indexDir}/`,
  env: { ...ENV },
  args: [],
  _sysExecutable: SYS_EXECUTABLE,
  _loadSnapshot: snapshot,
});
pyodide.FS.writeFile(RUNNER_PATH, readFileSync(runnerPath)); // for tracebacks' source lines
pyodide.runPython(afterRestore("C"));

// The time limit, in CPU time: what a program costs, whatever else the build's machine is doing
// (a wall clock made a 2 s program "too slow" on a machine running two builds and a browser
// suite). A program that waits instead of computing (time.sleep) is stopped by the wall clock at
// WAIT_FACTOR times its limit. This thread is busy running Python, so a timer thread sets the
// interrupt buffer. control[0] holds the running timer's number (0: none); the timer claims it
// by turning it negative before it interrupts, then acknowledges in control[1], so a limit that
// fires just as the program ends is never left pending for the next job (stopTimer waits for it).
// process.cpuUsage() is the whole process's (every thread's) CPU time, Python's thread above all.
const WAIT_FACTOR = 4;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const interrupt = new Int32Array(new SharedArrayBuffer(4));
const control = new Int32Array(new SharedArrayBuffer(8));
pyodide.setInterruptBuffer(interrupt);
const timer = new Worker(
  `const { parentPort } = require("node:worker_threads");
   const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
   parentPort.on("message", ({ interrupt, control, n, ms, cpuFrom, waitFactor }) => {
     const flag = new Int32Array(interrupt), state = new Int32Array(control);
     const wallUntil = performance.now() + ms * waitFactor;
     for (;;) {
       const left = Math.min(ms - (cpuMs() - cpuFrom), wallUntil - performance.now());
       if (left <= 0) break;
       // the CPU clock can run faster than the wall's (several threads): look again within 50 ms
       if (Atomics.wait(state, 0, n, Math.min(left, 50)) !== "timed-out") return; // stopped
     }
     if (Atomics.compareExchange(state, 0, n, -n) === n) {
       Atomics.store(flag, 0, 2); // SIGINT: a KeyboardInterrupt in the running program
       Atomics.store(state, 1, n);
     }
   });`,
  { eval: true },
);
timer.unref();
let timers = 0;
const startTimer = (seconds, cpuFrom) => {
  timers += 1;
  Atomics.store(control, 0, timers);
  timer.postMessage({ interrupt: interrupt.buffer, control: control.buffer, n: timers, ms: seconds * 1000, cpuFrom, waitFactor: WAIT_FACTOR });
};
const stopTimer = () => {
  const was = Atomics.exchange(control, 0, 0);
  Atomics.notify(control, 0);
  if (was < 0) {
    // the timer fired: wait (briefly) until its interrupt is written, then clear it
    const until = performance.now() + 1000;
    while (Atomics.load(control, 1) !== -was && performance.now() < until);
  }
  Atomics.store(interrupt, 0, 0);
};

let messages = []; // this job's, each stamped with when it was posted
let timeout = null; // this job's time limit (seconds), counted from "started" as the page does
const core = createRunCore(pyodide, {
  localPackages,
  post(message) {
    const stamped = { ...message, at: performance.now(), cpu: cpuMs() };
    messages.push(stamped);
    if (message.type === "started" && timeout) startTimer(timeout, stamped.cpu);
  },
});
core.warmUp(WARM_UP_PROGRAM);

// A fresh tab per job: the modules the snapshot holds, and our wheel hidden until wanted.
pyodide.runPython(`
def _kmf_fresh(wanted, forget=True, _baseline=frozenset(__import__("sys").modules),
               _site=__import__("sysconfig").get_paths()["purelib"]):
    import importlib, os, sys
    for name in [n for n in sys.modules if n not in _baseline and forget]:
        del sys.modules[name]
    moved = False
    for package in ${JSON.stringify(localPackages)}:
        shown, hidden = os.path.join(_site, package), os.path.join(_site, "." + package)
        if package in wanted and os.path.isdir(hidden):
            os.rename(hidden, shown)
            moved = True
        elif package not in wanted and os.path.isdir(shown):
            os.rename(shown, hidden)
            moved = True
    if moved:  # the import system's cached directory listings no longer hold (not otherwise: 40 ms)
        importlib.invalidate_caches()
`);
const fresh = pyodide.globals.get("_kmf_fresh");

let batches = 0;

async function runBatch(jobs) {
  const results = [];
  const batch = ++batches; // a session is a batch's: the next batch starts it again
  let session = null;
  let wanted = new Set(); // our packages this tab (or notebook session) has loaded
  for (const [index, job] of jobs.entries()) {
    const continues = Boolean(job.session) && job.session === session;
    if (!continues) wanted = new Set();
    for (const name of core.wantedPackages(job.code, job.after, job.imports)) wanted.add(name.replace(/-/g, "_"));
    const names = pyodide.toPy([...wanted]);
    fresh.callKwargs(names, { forget: !continues });
    names.destroy();
    session = job.session;
    messages = [];
    const inSession = job.session ? `${batch}:${job.session}` : null;
    timeout = job.timeout ?? null;
    try {
      await core.run({ id: index + 1, code: job.code, filename: job.filename, after: job.after, imports: job.imports, session: inSession, limits: LIMITS });
    } finally {
      stopTimer();
      timeout = null;
    }
    const started = messages.findIndex((m) => m.type === "started");
    const done = messages.find((m) => m.type === "done");
    const outputs = messages.filter((m) => m.type === "output");
    const join = (stream) => outputs.filter((m) => !stream || m.stream === stream).map((m) => m.text).join("");
    results.push({
      stdout: join("stdout"),
      stderr: join("stderr"),
      output: join(),
      status: done.exitCode,
      result: done.result,
      truncated: done.truncated,
      error: done.error,
      ms: started >= 0 ? Math.round(done.cpu - messages[started].cpu) : null, // CPU time
      wallMs: started >= 0 ? Math.round(done.at - messages[started].at) : null,
    });
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
