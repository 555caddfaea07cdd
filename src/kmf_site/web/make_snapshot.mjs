// Make the memory snapshot the reader's worker boots from, under Node, from the very files the site
// serves: node make_snapshot.mjs PYODIDE_DIR RUNNER_PY OUT_FILE
// Writes OUT_FILE (gzip) and prints JSON {buildId, bytes, gzipBytes, ms} on stdout.
// The snapshot is valid only for this pyodide.asm.wasm + pyodide.asm.mjs (Pyodide checks its build
// id) and python_stdlib.zip: the hook makes a new one on every build and records their hashes.
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { BEFORE_SNAPSHOT, ENV, RUNNER_PATH, SYS_EXECUTABLE, WARM_UP } from "./boot.mjs";

const [pyodideDir, runnerPath, outFile] = process.argv.slice(2);
if (!outFile) throw new Error("usage: node make_snapshot.mjs PYODIDE_DIR RUNNER_PY OUT_FILE");
const started = performance.now();
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  env: { ...ENV },
  args: [],
  _sysExecutable: SYS_EXECUTABLE,
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (line) => process.stderr.write(`${line}\n`),
});
pyodide.FS.writeFile(RUNNER_PATH, readFileSync(runnerPath));
pyodide.runPython(WARM_UP);
pyodide.runPython(BEFORE_SNAPSHOT);
const snapshot = pyodide.makeMemorySnapshot();
// level 6: 0.6 % larger than level 9 (6.23 vs 6.19 MB) and 0.5 s instead of 2.3 s on every new build
const packed = gzipSync(snapshot, { level: 6 });
writeFileSync(outFile, packed);
process.stdout.write(
  JSON.stringify({
    bytes: snapshot.length,
    gzipBytes: packed.length,
    ms: Math.round(performance.now() - started),
  }),
);
