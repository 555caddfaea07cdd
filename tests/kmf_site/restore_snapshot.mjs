// Restore the build's packed snapshot under Node the way the reader's worker does (fzstd, then
// snapshot_format.mjs's unpack over the wasm's initial memory), then run Python code on it:
// node restore_snapshot.mjs PYODIDE_DIR CODE   (prints what the code prints; used by test_runtime.py)
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { decompress } from "fzstd";
import { ENV, SYS_EXECUTABLE } from "../../src/kmf_site/web/boot.mjs";
import { initialMemory, unpack } from "../../src/kmf_site/web/snapshot_format.mjs";

const [pyodideDir, code] = process.argv.slice(2);
const info = JSON.parse(readFileSync(`${pyodideDir}/kmf-snapshot.json`, "utf8"));
const packed = decompress(readFileSync(`${pyodideDir}/${info.file}`));
const module = await WebAssembly.compile(readFileSync(`${pyodideDir}/pyodide.asm.wasm`));
const snapshot = unpack(packed, await initialMemory(module));
const stdlib = join(mkdtempSync(join(tmpdir(), "kmf-stdlib-")), "python_stdlib.zip");
writeFileSync(stdlib, decompress(readFileSync(`${pyodideDir}/${info.stdlib.file}`)));
const { loadPyodide } = await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href);
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlib,
  env: { ...ENV },
  _sysExecutable: SYS_EXECUTABLE,
  _loadSnapshot: snapshot,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
pyodide.runPython(code);
