// @ts-check
// Python's standard library for the worker that owns Python (pyodide/kmf-stdlib-<id>.zip.zst, the
// zip the snapshot was made with). A normal boot needs it at once; a restored interpreter has already
// imported what start-up and the warm-up need, so it gets the zip on first read: a program importing
// a module the snapshot does not hold, or a traceback quoting the library's source. That read
// unpacks it, downloading it first (synchronously, which a worker may do) unless it was fetched in
// the background a while after "ready" (only fetched: unpacking it then would hold the thread a
// reader's Run may want).

import { decompress as unzstd } from "fzstd";

/**
 * @typedef {object} StandardLibrary
 * @property {() => Promise<Uint8Array<ArrayBuffer>>} get the zip's bytes (downloaded and unpacked once)
 * @property {() => Promise<void>} prefetch download it (in the background: never unpacks, never fails)
 * @property {() => Uint8Array<ArrayBuffer> | null} getSync the bytes now (Python is reading them): a synchronous
 *   download, which a worker may make; null when it fails
 */

/** @typedef {import("pyodide").PyodideAPI["FS"]} FS */

/**
 * Python's standard library (a stored zip, zstd-compressed): fetched at most once (prefetch() only
 * downloads it, in the background), unpacked when it is read.
 * @param {string} url
 * @returns {StandardLibrary}
 */
export function standardLibrary(url) {
  /** @type {Uint8Array<ArrayBuffer> | null} */
  let bytes = null;
  /** @type {ArrayBuffer | null} the download, once it has come */
  let packed = null;
  /** @type {Promise<ArrayBuffer> | null} */
  let pending = null;
  const download = () =>
    (pending ??= fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.arrayBuffer();
      })
      .then((buffer) => (packed = buffer))
      .catch((failure) => {
        pending = null; // the next read tries again
        throw failure;
      }));
  /** @param {ArrayBuffer} buffer */
  const unpackZip = (buffer) => (bytes ??= ownBuffer(unzstd(new Uint8Array(buffer))));
  return {
    get: () => download().then(unpackZip),
    prefetch: () => download().then(() => {}, () => {}),
    getSync() {
      if (bytes) return bytes;
      if (packed) return unpackZip(packed);
      try {
        const request = new XMLHttpRequest();
        request.open("GET", url, false);
        request.responseType = "arraybuffer";
        request.send();
        if (request.status === 200) return unpackZip(request.response);
      } catch {
        // offline, or the host is gone: as below
      }
      return null;
    },
  };
}

/**
 * Pyodide wrote an empty file (its stdLibURL answered empty: serveWasm's `emptyURL`) at
 * /lib/pythonXY.zip: give it the standard library's size, and its bytes on first read. A download
 * that fails reads as zeros, which Python's zipimport reports as a bad zip (an ImportError), and
 * the next read tries again.
 * @param {FS} FS Pyodide's file system, from loadPyodide's `fsInit`
 * @param {string} sitePackages
 * @param {StandardLibrary} stdlib
 * @param {number} size the zip's size, unpacked
 */
export async function mountOnFirstRead(FS, sitePackages, stdlib, size) {
  const path = sitePackages.replace(/\/python(\d+)\.(\d+)\/site-packages$/, "/python$1$2.zip");
  while (!FS.analyzePath(path).exists) await new Promise((resolve) => setTimeout(resolve, 0));
  /** @type {{contents: Uint8Array | null, usedBytes: number}} an Emscripten MEMFS file */
  const node = FS.lookupPath(path).node;
  /** @type {Uint8Array | null} */
  let contents = null;
  Object.defineProperty(node, "contents", {
    configurable: true,
    get: () => (contents ??= stdlib.getSync()) ?? new Uint8Array(size),
    set: (value) => {
      contents = value;
    },
  });
  node.usedBytes = size;
}

/**
 * `bytes` as a Blob part: TypeScript's Blob takes views of an ArrayBuffer only (a SharedArrayBuffer's
 * may change under it), and the bytes passed here (fzstd's output, Pyodide's snapshot) always have one of their own.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function ownBuffer(bytes) {
  if (bytes.buffer instanceof ArrayBuffer) return /** @type {Uint8Array<ArrayBuffer>} */ (bytes);
  return new Uint8Array(bytes); // a copy (never the case here)
}
