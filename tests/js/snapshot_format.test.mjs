// Unit tests of src/kmf_site/web/snapshot_format.mjs (node --test; tests/test_js_units.py runs them):
// the packed snapshot unpacks to the very bytes it was packed from, page by page.
import assert from "node:assert/strict";
import { test } from "node:test";
import { initialMemory, pack, unpack } from "../../src/kmf_site/web/snapshot_format.mjs";

const PAGE = 4096;

/** A Pyodide-like snapshot: a header (u32 magic, u32 header length, ...) then the memory. */
function snapshotOf(memory, headerLength = 16) {
  const snapshot = new Uint8Array(headerLength + memory.length);
  const view = new DataView(snapshot.buffer);
  view.setUint32(0, 0x12345678, true);
  view.setUint32(4, headerLength, true);
  for (let i = 8; i < headerLength; i++) snapshot[i] = i;
  snapshot.set(memory, headerLength);
  return snapshot;
}

/** Memory of `pages` pages (the last `tail` bytes long): zero, as in `initial`, and changed ones. */
function memories(pages, tail = PAGE) {
  const length = (pages - 1) * PAGE + tail;
  const initial = new Uint8Array(pages * PAGE);
  for (let i = 0; i < initial.length; i++) initial[i] = (i * 7) % 251;
  const memory = new Uint8Array(length);
  for (let page = 0; page < pages; page++) {
    const start = page * PAGE;
    const end = Math.min(start + PAGE, length);
    if (page % 3 === 1) memory.set(initial.subarray(start, end), start); // as the wasm starts
    else if (page % 3 === 2) for (let i = start; i < end; i++) memory[i] = (i * 13) % 256 || 1; // changed
  } // page % 3 === 0: zero
  return { memory, initial };
}

test("a snapshot packs and unpacks to the same bytes, zero and initial pages left out", () => {
  const { memory, initial } = memories(9);
  const snapshot = snapshotOf(memory);
  const packed = pack(snapshot, initial);
  assert.deepEqual(unpack(packed, initial), snapshot);
  const kinds = [...packed.subarray(20, 20 + 9)];
  assert.deepEqual(kinds, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
  // the header, the page kinds, the header again and only the three stored pages
  assert.equal(packed.length, 20 + 9 + 16 + 3 * PAGE);
  assert.equal(new TextDecoder().decode(packed.subarray(0, 8)), "KMFSNAP1");
});

test("a short last page is stored short, and a zero page stays zero", () => {
  const { memory, initial } = memories(3, 100); // pages: zero, initial, changed (100 bytes)
  const snapshot = snapshotOf(memory);
  const packed = pack(snapshot, initial);
  assert.equal(packed.length, 20 + 3 + 16 + 100);
  assert.deepEqual(unpack(packed, initial), snapshot);
});

test("a page that only starts like the initial memory is stored", () => {
  const { memory, initial } = memories(2);
  memory[PAGE + PAGE - 1] ^= 0xff; // page 1 was "initial": its last byte differs now
  const packed = pack(snapshotOf(memory), initial);
  assert.deepEqual([...packed.subarray(20, 22)], [0, 2]);
  assert.deepEqual(unpack(packed, initial), snapshotOf(memory));
});

test("what is not a packed snapshot, or is cut short, is refused", () => {
  const { memory, initial } = memories(3);
  const packed = pack(snapshotOf(memory), initial);
  const other = packed.slice();
  other[0] = "X".charCodeAt(0);
  assert.throws(() => unpack(other, initial), /not a packed snapshot/);
  assert.throws(() => unpack(packed.subarray(0, packed.length - 1), initial), /wrong length/);
  const longer = new Uint8Array(packed.length + 1);
  longer.set(packed);
  assert.throws(() => unpack(longer, initial), /wrong length/);
});

/** A WebAssembly module: imports a function and a global, exports a memory with "kmf" at 8. */
function tinyModule() {
  const section = (id, ...bytes) => [id, bytes.length, ...bytes];
  const name = (text) => [text.length, ...new TextEncoder().encode(text)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, 1, 0x60, 0, 0), // one type: () -> ()
    ...section(2, 2, ...name("env"), ...name("f"), 0x00, 0, ...name("env"), ...name("g"), 0x03, 0x7f, 1),
    ...section(5, 1, 0x00, 1), // one memory, one page
    ...section(7, 1, ...name("memory"), 0x02, 0),
    ...section(11, 1, 0x00, 0x41, 8, 0x0b, ...name("kmf")), // data at 8: "kmf"
  ]);
}

test("initialMemory is the memory a fresh instance starts with, its imports stood in for", async () => {
  const module = await WebAssembly.compile(tinyModule());
  const memory = await initialMemory(module);
  assert.equal(memory.length, 65536);
  assert.equal(new TextDecoder().decode(memory.subarray(8, 11)), "kmf");
  assert.ok(memory.subarray(0, 8).every((byte) => byte === 0));
});
