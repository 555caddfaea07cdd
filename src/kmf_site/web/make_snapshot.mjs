// @ts-check
// Make the memory snapshot the reader's worker boots from, under Node, from the very files the site
// serves: node make_snapshot.mjs PYODIDE_DIR RUNNER_PY STDLIB_ZIP OUT_FILE
// STDLIB_ZIP is the standard library as the worker gets it (kmf_site/runtime.py stores it
// uncompressed, then zstd-compresses the whole file): the snapshot holds its zip index, so it is
// valid for that file only, and for this pyodide.asm.wasm + pyodide.asm.mjs (Pyodide checks its build id).
// Writes OUT_FILE, the snapshot packed page by page (snapshot_format.mjs; runtime.py compresses it),
// and prints JSON {bytes, packedBytes, pages: {zero, initial, stored}, ms} on stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { BEFORE_SNAPSHOT, ENV, RUNNER_PATH, SYS_EXECUTABLE, WARM_UP } from "./boot.mjs";
import { initialMemory, pack, unpack } from "./snapshot_format.mjs";

/**
 * What zeroFreeMemory uses of Pyodide's Emscripten module (dlmalloc's functions, its heap).
 * @typedef {object} EmscriptenMalloc
 * @property {() => number} _malloc_footprint
 * @property {() => number} _malloc_footprint_limit
 * @property {(limit: number) => void} _malloc_set_footprint_limit
 * @property {(size: number) => number} _malloc
 * @property {(block: number) => void} _free
 * @property {Uint8Array} HEAPU8
 */

const [pyodideDir, runnerPath, stdlibZip, outFile] = process.argv.slice(2);
if (!outFile) throw new Error("usage: node make_snapshot.mjs PYODIDE_DIR RUNNER_PY STDLIB_ZIP OUT_FILE");
const started = performance.now();
const { loadPyodide } = /** @type {{loadPyodide: typeof import("pyodide").loadPyodide}} */ (
  await import(pathToFileURL(`${pyodideDir}/pyodide.mjs`).href)
);
const pyodide = await loadPyodide({
  indexURL: `${pyodideDir}/`,
  stdLibURL: stdlibZip,
  env: { ...ENV },
  args: [],
  _sysExecutable: SYS_EXECUTABLE,
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (/** @type {string} */ line) => process.stderr.write(`${line}\n`),
});
pyodide.FS.writeFile(RUNNER_PATH, readFileSync(runnerPath));
pyodide.runPython(WARM_UP);
pyodide.runPython(BEFORE_SNAPSHOT);
// Pyodide's Emscripten module: not part of its typed API
zeroFreeMemory(/** @type {{_module: EmscriptenMalloc}} */ (/** @type {unknown} */ (pyodide))._module);
const snapshot = pyodide.makeMemorySnapshot();
const initial = await initialMemory(await WebAssembly.compile(readFileSync(`${pyodideDir}/pyodide.asm.wasm`)));
const packed = pack(snapshot, initial);
if (Buffer.compare(unpack(packed, initial), snapshot) !== 0) throw new Error("the packed snapshot does not unpack");
writeFileSync(outFile, packed);
const kinds = packed.subarray(20, 20 + new DataView(packed.buffer).getUint32(16, true));
/** @param {number} kind */
const count = (kind) => kinds.reduce((n, k) => n + Number(k === kind), 0);
process.stdout.write(
  JSON.stringify({
    bytes: snapshot.length,
    packedBytes: packed.length,
    pages: { zero: count(0), initial: count(1), stored: count(2) },
    ms: Math.round(performance.now() - started),
  }),
);

/**
 * Zero the bytes of every free malloc block: what freed objects left there is never read again, and
 * zeros pack away (2,858 stored pages become about 2,400). With the heap's footprint held where it
 * is, take every free block (largest first), clear it, and give it back: the allocator ends as it
 * began, with the same free blocks, only zeroed.
 * @param {EmscriptenMalloc} module Pyodide's Emscripten module (`pyodide._module`)
 */
function zeroFreeMemory(module) {
  const footprint = module._malloc_footprint();
  const limit = module._malloc_footprint_limit() >>> 0; // dlmalloc: 0 and 2**32-1 both mean none
  module._malloc_set_footprint_limit(footprint);
  const taken = [];
  try {
    for (let size = 1 << 24; size >= 8; ) {
      const block = module._malloc(size);
      if (!block) {
        size >>>= 1;
        continue;
      }
      module.HEAPU8.fill(0, block, block + size);
      taken.push(block);
    }
  } finally {
    for (const block of taken) module._free(block);
    module._malloc_set_footprint_limit(limit === 0 ? -1 : limit); // (setting 0 would mean 64 KB)
  }
  if (module._malloc_footprint() !== footprint) throw new Error("zeroing free memory grew the heap");
}
