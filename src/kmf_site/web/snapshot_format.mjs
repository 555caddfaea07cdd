// @ts-check
// The build's memory snapshot as it travels: only the 4 KB pages that differ from what the wasm
// itself starts with. Shared by the snapshot maker (make_snapshot.mjs, under Node) and the reader's
// worker (worker.mjs), which must agree byte for byte.
//
// A Pyodide snapshot is a header (its first u32s: magic, header length, ...) and then the wasm
// memory, whole: 30 MiB, of which a build's holds about 4,500 zero pages and 800 pages identical to
// the memory a fresh instance of pyodide.asm.wasm starts with (its data segments). The packed form:
//   "KMFSNAP1", u32 snapshot length, u32 header length, u32 page count   (little-endian)
//   one byte per page: 0 zero, 1 as in the wasm's initial memory, 2 stored here
//   the header, then every stored page (4096 bytes; the last one may be short)
// The build compresses it with zstd (kmf_site/runtime.py); the worker unpacks it with fzstd.

export const FORMAT = "kmf-pages-1"; // in kmf-snapshot.json: the worker reads only this format
const MAGIC = "KMFSNAP1";
const PAGE = 4096;
const ZERO = 0;
const INITIAL = 1;
const STORED = 2;

/**
 * The memory a fresh instance of `module` starts with (its data segments, before any code runs):
 * instantiated with stand-ins for every import, none of which is called.
 * @param {WebAssembly.Module} module
 * @returns {Promise<Uint8Array>}
 */
export async function initialMemory(module) {
  /** @type {Record<string, Record<string, WebAssembly.ImportValue>>} */
  const imports = {};
  for (const { module: space, name, kind } of WebAssembly.Module.imports(module)) {
    imports[space] ??= {};
    if (kind === "function") imports[space][name] = () => 0;
    else if (kind === "global") imports[space][name] = new WebAssembly.Global({ value: "i32", mutable: true }, 0);
    else throw new Error(`initialMemory: an import of kind ${kind} (${space}.${name})`);
  }
  const instance = await WebAssembly.instantiate(module, imports);
  const memory = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Memory);
  if (!memory) throw new Error("initialMemory: the module exports no memory");
  return new Uint8Array(memory.buffer);
}

/**
 * @param {Uint8Array} page
 * @param {Uint8Array} initialPage the same page of the wasm's initial memory
 * @returns {number} ZERO, INITIAL or STORED
 */
function pageKind(page, initialPage) {
  let zero = true;
  for (let i = 0; i < page.length; i++) {
    if (page[i] !== 0) {
      zero = false;
      break;
    }
  }
  if (zero) return ZERO;
  if (initialPage.length === page.length) {
    let same = true;
    for (let i = 0; i < page.length; i++) {
      if (page[i] !== initialPage[i]) {
        same = false;
        break;
      }
    }
    if (same) return INITIAL;
  }
  return STORED;
}

/**
 * Pack a Pyodide snapshot against the wasm's initial memory.
 * @param {Uint8Array} snapshot
 * @param {Uint8Array} initial initialMemory()
 * @returns {Uint8Array}
 */
export function pack(snapshot, initial) {
  const view = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
  const headerLength = view.getUint32(4, true);
  const heap = snapshot.subarray(headerLength);
  const count = Math.ceil(heap.length / PAGE);
  const kinds = new Uint8Array(count);
  let stored = 0;
  for (let i = 0; i < count; i++) {
    const page = heap.subarray(i * PAGE, (i + 1) * PAGE);
    kinds[i] = pageKind(page, initial.subarray(i * PAGE, (i + 1) * PAGE));
    if (kinds[i] === STORED) stored += page.length;
  }
  const out = new Uint8Array(20 + count + headerLength + stored);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  outView.setUint32(8, snapshot.length, true);
  outView.setUint32(12, headerLength, true);
  outView.setUint32(16, count, true);
  out.set(kinds, 20);
  let at = 20 + count;
  out.set(snapshot.subarray(0, headerLength), at);
  at += headerLength;
  for (let i = 0; i < count; i++) {
    if (kinds[i] !== STORED) continue;
    const page = heap.subarray(i * PAGE, (i + 1) * PAGE);
    out.set(page, at);
    at += page.length;
  }
  return out;
}

/**
 * The Pyodide snapshot `packed` (from pack()) holds, given the same initial memory.
 * @param {Uint8Array} packed
 * @param {Uint8Array} initial initialMemory()
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function unpack(packed, initial) {
  for (let i = 0; i < MAGIC.length; i++) {
    if (packed[i] !== MAGIC.charCodeAt(i)) throw new Error("not a packed snapshot");
  }
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const length = view.getUint32(8, true);
  const headerLength = view.getUint32(12, true);
  const count = view.getUint32(16, true);
  const kinds = packed.subarray(20, 20 + count);
  const snapshot = new Uint8Array(length);
  let at = 20 + count;
  snapshot.set(packed.subarray(at, at + headerLength));
  at += headerLength;
  for (let i = 0; i < count; i++) {
    const start = headerLength + i * PAGE;
    const size = Math.min(PAGE, length - start);
    if (kinds[i] === STORED) {
      snapshot.set(packed.subarray(at, at + size), start);
      at += size;
    } else if (kinds[i] === INITIAL) {
      snapshot.set(initial.subarray(i * PAGE, i * PAGE + size), start);
    }
  }
  if (at !== packed.length) throw new Error("a packed snapshot of the wrong length");
  return snapshot;
}
